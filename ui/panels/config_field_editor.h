#pragma once

#include "train/run_config.h"

#include <QObject>
#include <QString>

#include <nlohmann/json.hpp>  // value() returns JSON by value

class QLabel;
class QWidget;

namespace sl::ui {

// The editor of one RunConfig field, built from its row of sl::configFields(): a combo box for
// choices, a spin box for bounded numbers, a line edit where a spin box would get in the way
// (values spanning decades such as 1e-4, 64-bit steps, the hidden-layer list). It writes what
// the user typed into JSON *unchecked*, so the core's fromJson() is the one judge of validity
// and its messages are the ones shown.
class ConfigFieldEditor : public QObject {
    Q_OBJECT
public:
    ConfigFieldEditor(const ConfigField& field, const QString& label, QWidget* parent);

    const QString& key() const { return m_key; }
    bool isLive() const { return m_live; }        // the table marks it live: editable during a run
    QWidget* editor() const { return m_editor; }  // the input itself; objectName() == key
    QWidget* cell() const { return m_cell; }      // editor, folder button and error line
    QLabel* label() const { return m_label; }

    // Shows the field's value (the pointer of a row of configFields() over some config).
    void load(const ConfigField& field);
    // What the editor holds now, as JSON (may be out of range or of the wrong type).
    nlohmann::json value() const;
    // The current text of a choice field ("" for others): the panel shows and hides rows by it.
    QString choice() const;

    // Marks the field invalid with the reason, or clears the mark when reason is empty.
    void setError(const QString& reason);
    // Disables the editor during a run, saying why in its tooltip.
    void setLocked(bool locked);

signals:
    void changed();    // on every edit: revalidate
    void committed();  // the user finished an edit (Enter, focus out, arrow step, pick)

private:
    enum class Kind {
        Choice,
        Path,
        Text,
        Integer,
        BigInteger,
        Unsigned,
        Real,
        Scientific,
        Flag,
        List
    };
    void build(const ConfigField& field);
    void applyTooltip();

    QString m_key;
    QString m_tooltip;
    Kind m_kind = Kind::Text;
    QWidget* m_editor = nullptr;
    QWidget* m_cell = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_error = nullptr;
    bool m_locked = false;
    bool m_live = false;
};

}  // namespace sl::ui
