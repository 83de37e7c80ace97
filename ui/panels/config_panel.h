#pragma once

#include "train/run_config.h"

#include <QString>
#include <QWidget>

#include <map>
#include <vector>

class QCheckBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace sl::ui {

class ConfigFieldEditor;

// The run-config editor. The form is built from the field table sl::configFields(), so a new
// config field appears here with its help text as tooltip without touching this class. Every
// edit is checked by the core's own sl::fromJson(); its messages are shown under the fields
// they name, and Apply stays disabled until the form is valid.
//
// Labels, groups, which rows apply (model kind, method, other fields), editor hints and which
// keys are live all come from the field table; the panel compares no key or method name.
// During a run (setRunning(true)) only the fields the table marks live stay editable, and
// their edits go out as liveParameterChanged().
class ConfigPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConfigPanel(QWidget* parent = nullptr);

    void setConfig(const sl::RunConfig& config);
    // The last valid state of the form; equals the form only while isValid().
    sl::RunConfig config() const { return m_config; }
    bool isValid() const { return m_valid; }
    // The full message of the last ConfigError, empty while valid.
    QString errorText() const { return m_errorText; }

    // The form shows the fields that apply to the chosen model kind and method (the field
    // table says which); "Show all" shows the others too (#17).
    void setShowAll(bool all);
    bool showsAll() const { return m_showAll; }
    QCheckBox* showAllBox() const { return m_showAllBox; }

    void setRunning(bool running);
    bool isRunning() const { return m_running; }

    // The editor of one config key (objectName() == key), or nullptr: for tests and for a
    // window that wants to focus the field an error names.
    QWidget* editorFor(const QString& key) const;
    QStringList keys() const;

    // Keys the field table marks live: editable during a run, applied at once.
    static bool isLiveKey(const QString& key);

signals:
    void configApplied(const sl::RunConfig& config);
    void liveParameterChanged(const QString& key, double value);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildForm();
    void validate();
    void updateVisibility();
    void updateApply();
    void apply();
    void onCommitted(ConfigFieldEditor* editor);

    std::vector<ConfigFieldEditor*> m_editors;  // in configFields() order
    std::vector<QFormLayout*> m_forms;          // one per group
    int m_labelWidth = 0;                       // the widest label: every group aligns on it
    bool m_wrapped = false;                     // labels above their editors (a narrow dock)
    std::map<QString, ConfigFieldEditor*> m_byKey;
    std::map<QString, double> m_lastLive;  // what the engine has, so a bare focus-out sends nothing
    QLabel* m_generalError = nullptr;      // problems that name no visible field
    QPushButton* m_apply = nullptr;
    QPushButton* m_defaults = nullptr;
    sl::RunConfig m_config;
    QString m_errorText;
    bool m_valid = true;
    bool m_running = false;
    bool m_loading = false;
    bool m_showAll = false;
    QCheckBox* m_showAllBox = nullptr;
};

}  // namespace sl::ui
