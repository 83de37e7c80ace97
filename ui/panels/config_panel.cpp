#include "panels/config_panel.h"

#include "panels/config_field_editor.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>

namespace sl::ui {
namespace {

// Labels, group titles and help texts are English in the core's field table, marked there
// for lupdate under this context.
QString fromTable(const char* text) { return QCoreApplication::translate("sl::RunConfig", text); }

}  // namespace

ConfigPanel::ConfigPanel(QWidget* parent) : QWidget(parent) {
    buildForm();
    setConfig(sl::RunConfig{});
}

void ConfigPanel::buildForm() {
    auto* content = new QWidget;
    auto* groups = new QVBoxLayout(content);
    std::map<QString, QFormLayout*> forms;
    sl::RunConfig defaults;
    for (const auto& field : sl::configFields(defaults)) {
        const QString key = QString::fromLatin1(field.key);
        const QString title = fromTable(field.group);
        QFormLayout*& form = forms[title];
        if (!form) {
            auto* box = new QGroupBox(title, content);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            form->setRowWrapPolicy(QFormLayout::DontWrapRows);
            groups->addWidget(box);
            m_forms.push_back(form);
        }
        auto* editor = new ConfigFieldEditor(field, field.label ? fromTable(field.label) : key,
                                             form->parentWidget());
        form->addRow(editor->label(), editor->cell());
        connect(editor, &ConfigFieldEditor::changed, this, &ConfigPanel::validate);
        connect(editor, &ConfigFieldEditor::committed, this,
                [this, editor] { onCommitted(editor); });
        m_editors.push_back(editor);
        m_byKey[key] = editor;
    }
    groups->addStretch(1);
    // One label width for every group, so the editors line up down the whole form.
    for (const auto* editor : m_editors)
        m_labelWidth = std::max(m_labelWidth, editor->label()->sizeHint().width());
    for (auto* editor : m_editors) editor->label()->setMinimumWidth(m_labelWidth);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_generalError = new QLabel(this);
    m_generalError->setObjectName(QStringLiteral("generalError"));
    m_generalError->setWordWrap(true);
    m_generalError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_generalError->hide();

    m_defaults = new QPushButton(tr("Defaults"), this);
    m_defaults->setToolTip(tr("Fill the form with the default lesson (nothing changes until "
                              "you press Apply)."));
    connect(m_defaults, &QPushButton::clicked, this, [this] { setConfig(sl::RunConfig{}); });
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setObjectName(QStringLiteral("apply"));
    m_apply->setDefault(true);
    connect(m_apply, &QPushButton::clicked, this, &ConfigPanel::apply);
    for (auto keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)})
        connect(new QShortcut(keys, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut),
                &QShortcut::activated, this, &ConfigPanel::apply);

    m_showAllBox = new QCheckBox(tr("Show all"), this);
    m_showAllBox->setObjectName(QStringLiteral("showAll"));
    m_showAllBox->setToolTip(tr("Also show the fields that do not apply to the chosen model and "
                                "method (they keep their values and are not used)."));
    connect(m_showAllBox, &QCheckBox::toggled, this, &ConfigPanel::setShowAll);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_defaults);
    buttons->addWidget(m_showAllBox);
    buttons->addStretch(1);
    buttons->addWidget(m_apply);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    auto* footer = new QVBoxLayout;
    footer->setContentsMargins(8, 4, 8, 8);
    footer->addWidget(m_generalError);
    footer->addLayout(buttons);
    layout->addLayout(footer);
    // Wide enough for "ΔT (mask-update interval)" beside a usable editor, and narrow enough that
    // the form, the heatmap and one chart fit side by side on a 1024-pixel projector (#17).
    content->setMinimumWidth(280);
    setMinimumWidth(290);
}

void ConfigPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Beside its label an editor needs room for a value such as "fashion-mnist"; in a dock too
    // narrow for that (a projector at 1024 px, a long translated label) each label goes above
    // its editor instead, so no value is cut to a few letters.
    const int editorRoom = fontMetrics().horizontalAdvance(QLatin1Char('0')) * 18;
    const bool wrap = width() < m_labelWidth + editorRoom + 60;  // 60: group frames, scroll bar
    if (wrap == m_wrapped) return;
    m_wrapped = wrap;
    for (auto* editor : m_editors) editor->label()->setMinimumWidth(wrap ? 0 : m_labelWidth);
    for (auto* form : m_forms)
        form->setRowWrapPolicy(wrap ? QFormLayout::WrapAllRows : QFormLayout::DontWrapRows);
}

void ConfigPanel::setConfig(const sl::RunConfig& config) {
    m_loading = true;
    sl::RunConfig copy = config;
    const auto fields = sl::configFields(copy);
    for (std::size_t i = 0; i < fields.size(); ++i) m_editors[i]->load(fields[i]);
    m_loading = false;
    validate();
}

QWidget* ConfigPanel::editorFor(const QString& key) const {
    const auto it = m_byKey.find(key);
    return it == m_byKey.end() ? nullptr : it->second->editor();
}

QStringList ConfigPanel::keys() const {
    QStringList out;
    for (const auto* editor : m_editors) out << editor->key();
    return out;
}

bool ConfigPanel::isLiveKey(const QString& key) {
    sl::RunConfig probe;
    const auto fields = sl::configFields(probe);
    const sl::ConfigField* field = sl::findConfigField(fields, key.toStdString());
    return field && field->live;
}

void ConfigPanel::setShowAll(bool all) {
    if (m_showAll == all) return;
    m_showAll = all;
    const QSignalBlocker block(m_showAllBox);
    m_showAllBox->setChecked(all);
    updateVisibility();
}

void ConfigPanel::updateVisibility() {
    // The form's choices as far as they read: fields that do not read keep their defaults,
    // which is enough to decide what applies (the errors are validate()'s business).
    sl::RunConfig probe;
    const auto fields = sl::configFields(probe);
    for (std::size_t i = 0; i < fields.size(); ++i) sl::readField(fields[i], m_editors[i]->value());
    for (std::size_t i = 0; i < fields.size(); ++i) {
        ConfigFieldEditor* editor = m_editors[i];
        const bool on = sl::fieldApplies(fields[i], probe);
        auto* form = static_cast<QFormLayout*>(editor->cell()->parentWidget()->layout());
        form->setRowVisible(editor->cell(), on || m_showAll);
        editor->cell()->setProperty("applies", on);
    }
}

void ConfigPanel::validate() {
    if (m_loading) return;
    updateVisibility();
    nlohmann::json json = nlohmann::json::object();
    for (const auto* editor : m_editors) {
        nlohmann::json* node = &json;
        for (const QString& part : editor->key().split(QLatin1Char('.')))
            node = &(*node)[part.toStdString()];
        *node = editor->value();
    }
    std::map<QString, QStringList> reasons;
    QStringList unplaced;
    try {
        m_config = sl::fromJson(json);
        m_valid = true;
        m_errorText.clear();
    } catch (const sl::ConfigError& error) {
        m_valid = false;
        m_errorText = QString::fromUtf8(error.what());
        // The first line counts the problems; each further line is "key: what is wrong".
        const QStringList lines = m_errorText.split(QLatin1Char('\n'));
        for (int i = 1; i < lines.size(); ++i) {
            const QString line = lines[i].trimmed();
            const QString key = line.section(QStringLiteral(": "), 0, 0);
            const auto it = m_byKey.find(key);
            if (it != m_byKey.end() && it->second->cell()->property("applies").toBool())
                reasons[key] << line.section(QStringLiteral(": "), 1);
            else unplaced << line;
        }
    }
    for (auto* editor : m_editors) {
        const auto it = reasons.find(editor->key());
        editor->setError(it == reasons.end() ? QString() : it->second.join(QLatin1Char('\n')));
    }
    m_generalError->setText(unplaced.join(QLatin1Char('\n')));
    m_generalError->setVisible(!unplaced.isEmpty());
    updateApply();
}

void ConfigPanel::updateApply() {
    m_apply->setEnabled(m_valid && !m_running);
    m_defaults->setEnabled(!m_running);
    if (m_running)
        m_apply->setToolTip(tr("The run is training: pause and reset to change this. ΔT, α and "
                               "the learning rate apply live."));
    else if (!m_valid) m_apply->setToolTip(tr("Fix the fields marked in red first."));
    else
        m_apply->setToolTip(tr("Use this configuration: the run is rebuilt from step 0 "
                               "(Ctrl+Return)."));
}

void ConfigPanel::setRunning(bool running) {
    m_running = running;
    m_lastLive.clear();
    for (auto* editor : m_editors)
        if (editor->isLive() && editor->value().is_number())
            m_lastLive[editor->key()] = editor->value().get<double>();
    for (auto* editor : m_editors) editor->setLocked(running && !editor->isLive());
    updateApply();
}

void ConfigPanel::apply() {
    // A spin box that is still being typed in has not committed its text yet.
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(QApplication::focusWidget()))
        spin->interpretText();
    if (!m_valid || m_running) return;
    emit configApplied(m_config);
}

void ConfigPanel::onCommitted(ConfigFieldEditor* editor) {
    if (m_loading || !m_running || !m_valid || !editor->isLive()) return;
    const nlohmann::json value = editor->value();
    if (!value.is_number()) return;
    const auto last = m_lastLive.find(editor->key());
    if (last != m_lastLive.end() && last->second == value.get<double>()) return;
    m_lastLive[editor->key()] = value.get<double>();
    emit liveParameterChanged(editor->key(), value.get<double>());
}

}  // namespace sl::ui
