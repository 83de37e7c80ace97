#pragma once

#include <QString>
#include <QStringList>

namespace sl::ui {

// The window's language: "en" (the source texts) or "zh_CN" (简体中文, from the embedded
// :/i18n/sparselab_zh_CN.qm). The first start follows the system locale; a choice made in
// View ▸ Language is kept in QSettings ("language") and wins from then on.
//
// applyLanguage() installs the translators for SparseLab's texts and Qt's own (the buttons of
// standard dialogs) and sets the default QLocale, so numbers follow the language too.
// Installing a translator makes Qt send QEvent::LanguageChange to every widget; each widget
// sets its texts again in changeEvent(). The command line (sparselab-cli) never calls this:
// it stays English.
namespace language {

inline constexpr const char* kEnglish = "en";
inline constexpr const char* kChinese = "zh_CN";

// The codes the window offers, English first.
QStringList available();
// The name of a language in that language ("English", "简体中文"): what the menu shows, so
// anyone can find their own language whatever the window is in.
QString nativeName(const QString& code);
// The saved choice if any, else the system locale's language if available, else English.
QString preferred();
// The language applied last ("en" before any call).
QString current();
// Installs the translators for code; returns false (and applies English) for a code that is
// not available or whose .qm file is missing.
bool apply(const QString& code);
// Remembers code as the user's choice.
void save(const QString& code);

}  // namespace language
}  // namespace sl::ui
