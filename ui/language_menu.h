#pragma once

#include <QMenu>

namespace sl::ui {

// View ▸ Language: one checkable entry per available language, each under its own name
// ("English", "简体中文") so it can be found whatever the window speaks. Picking one applies
// it at once (every widget follows through QEvent::LanguageChange) and keeps it for the next
// start.
class LanguageMenu : public QMenu {
    Q_OBJECT
public:
    explicit LanguageMenu(QWidget* parent = nullptr);

    // The entry of a language code, for tests ("zh_CN"); nullptr if unknown.
    QAction* actionFor(const QString& code) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void choose(const QString& code);
    void syncChecks();
};

}  // namespace sl::ui
