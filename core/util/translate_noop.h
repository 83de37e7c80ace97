#pragma once

// Marks a user-visible string in the Qt-free core (field-table help and labels, method display
// names) for translation without translating it: the macro expands to the string itself, so
// the core keeps one English source of truth and still never includes Qt.
//
// The UI's lupdate run reads core sources with
//   -tr-function-alias QT_TRANSLATE_NOOP+=SL_TRANSLATE_NOOP
// so every marked string lands in resources/translations/*.ts under its context; the UI then
// shows QCoreApplication::translate(context, text) with the same context and the English text.
//
// Contexts in use (keep them few, the UI must know them):
//   "sl::RunConfig"       config keys: labels, groups, help texts
//   "sl::MethodRegistry"  sparsity methods: display names, help texts
// Both arguments must be string literals, or lupdate cannot see them.
#define SL_TRANSLATE_NOOP(context, sourceText) sourceText
