#include "language_menu.h"

#include "language.h"

#include <QActionGroup>
#include <QEvent>

namespace sl::ui {

LanguageMenu::LanguageMenu(QWidget* parent) : QMenu(parent) {
    setObjectName("languageMenu");
    auto* group = new QActionGroup(this);
    for (const QString& code : language::available()) {
        QAction* a = addAction(language::nativeName(code), this, [this, code] { choose(code); });
        a->setObjectName("language_" + code);
        a->setData(code);
        a->setCheckable(true);
        group->addAction(a);
    }
    //: The View menu's submenu; its entries are each language's own name.
    setTitle(tr("Language"));
    syncChecks();
}

QAction* LanguageMenu::actionFor(const QString& code) const {
    for (QAction* a : actions())
        if (a->data().toString() == code) return a;
    return nullptr;
}

void LanguageMenu::changeEvent(QEvent* event) {
    QMenu::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    setTitle(tr("Language"));
    syncChecks();  // also when the language was applied elsewhere
}

void LanguageMenu::choose(const QString& code) {
    language::apply(code);
    language::save(code);
    syncChecks();
}

void LanguageMenu::syncChecks() {
    for (QAction* a : actions()) a->setChecked(a->data().toString() == language::current());
}

}  // namespace sl::ui
