#include "panels/config_panel.h"

#include "panels/config_field_editor.h"
#include "util/error.h"

#include <QAbstractSpinBox>
#include <QApplication>
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

// Labels a student reads; the dotted key stays in every tooltip for the CLI and JSON files.
QString humanLabel(const QString& key) {
    static const std::map<QString, QString> labels{
        {"data.name", "Data set"},
        {"data.path", "Folder"},
        {"data.train_subset", "Training examples used"},
        {"data.test_subset", "Test examples used"},
        {"data.standardize", "Standardize inputs"},
        {"data.samples", "Points"},
        {"data.noise", "Noise"},
        {"data.classes", "Classes"},
        {"model.kind", "Network"},
        {"model.hidden", "Hidden layers"},
        {"model.activation", "Activation"},
        {"model.init", "Initialization"},
        {"model.conv_channels", "Conv channels"},
        {"model.kernel_size", "Kernel size"},
        {"model.stride", "Stride"},
        {"model.padding", "Padding"},
        {"model.pool", "Max-pool window"},
        {"model.experts", "Experts"},
        {"model.expert_hidden", "Expert hidden units"},
        {"model.top_k", "Experts per input (k)"},
        {"model.balance_loss", "Load-balancing weight"},
        {"optimizer.name", "Optimizer"},
        {"optimizer.lr", "Learning rate"},
        {"optimizer.momentum", "Momentum"},
        {"optimizer.nesterov", "Nesterov momentum"},
        {"optimizer.weight_decay", "Weight decay"},
        {"optimizer.beta1", "β₁ (gradient memory)"},
        {"optimizer.beta2", "β₂ (squared-gradient memory)"},
        {"optimizer.eps", "ε"},
        {"lr_schedule.name", "Schedule"},
        {"lr_schedule.step_epochs", "Epochs between cuts"},
        {"lr_schedule.gamma", "γ (cut factor)"},
        {"lr_schedule.min_lr", "Final learning rate"},
        {"lr_schedule.warmup_steps", "Warm-up steps"},
        {"train.epochs", "Epochs"},
        {"train.batch_size", "Batch size"},
        {"train.eval_every", "Evaluate every (steps)"},
        {"train.log_every", "Log every (steps)"},
        {"train.max_steps", "Stop after (steps)"},
        {"sparsity.method", "Method"},
        {"sparsity.target", "Target sparsity"},
        {"sparsity.distribution", "Spread over layers"},
        {"sparsity.dense_first_layer", "Dense first layer"},
        {"sparsity.schedule", "Sparsity schedule"},
        {"sparsity.initial", "Initial sparsity"},
        {"sparsity.start_step", "Start step"},
        {"sparsity.end_step", "End step"},
        {"sparsity.delta_t", "ΔT (mask-update interval)"},
        {"sparsity.drop_fraction", "α (drop fraction)"},
        {"sparsity.drop_schedule", "α decay"},
        {"sparsity.t_end", "Last update (t_end)"},
        {"sparsity.structure_norm", "Unit ranking norm"},
        {"sparsity.n", "N (kept per group)"},
        {"sparsity.m", "M (group size)"},
        {"sparsity.nm_constraint", "Keep an N:M pattern"},
        {"sparsity.l1_lambda", "L1 strength λ"},
        {"sparsity.proximal", "Proximal step (exact zeros)"},
        {"sparsity.l0_lambda", "L0 strength λ"},
        {"sparsity.gate_granularity", "Gate per"},
        {"sparsity.gate_lr", "Gate learning rate"},
        {"quant.mode", "Int8 fake quantization"},
        {"quant.float_ends", "First/last layer in float"},
        {"gradient.clip_norm", "Clip global norm"},
        {"gradient.clip_value", "Clip each value"},
        {"gradient.compression", "Gradient compression"},
        {"gradient.density", "Gradient density"},
        {"gradient.error_feedback", "Error feedback"},
        {"gradient.momentum_correction", "Momentum correction"},
        {"seed", "Random seed"},
        {"threads", "Threads"},
    };
    const auto it = labels.find(key);
    return it == labels.end() ? key : it->second;
}

QString groupTitle(const QString& key) {
    const QString section = key.section(QLatin1Char('.'), 0, 0);
    if (section == "data") return QObject::tr("Data");
    if (section == "model") return QObject::tr("Model");
    if (section == "optimizer") return QObject::tr("Optimizer");
    if (section == "lr_schedule") return QObject::tr("Learning rate");
    if (section == "train") return QObject::tr("Training");
    if (section == "sparsity") return QObject::tr("Sparsity");
    if (section == "quant") return QObject::tr("Quantization");
    if (section == "gradient") return QObject::tr("Gradient");
    return QObject::tr("Run");
}

const QStringList kSynthetic{"spirals", "moons", "circles", "xor", "blobs"};

} // namespace

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
        const QString title = groupTitle(key);
        QFormLayout*& form = forms[title];
        if (!form) {
            auto* box = new QGroupBox(title, content);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            form->setRowWrapPolicy(QFormLayout::DontWrapRows);
            groups->addWidget(box);
        }
        auto* editor = new ConfigFieldEditor(field, humanLabel(key), form->parentWidget());
        form->addRow(editor->label(), editor->cell());
        connect(editor, &ConfigFieldEditor::changed, this, &ConfigPanel::validate);
        connect(editor, &ConfigFieldEditor::committed, this, [this, editor] { onCommitted(editor); });
        m_editors.push_back(editor);
        m_byKey[key] = editor;
    }
    groups->addStretch(1);
    // One label width for every group, so the editors line up down the whole form.
    int labelWidth = 0;
    for (const auto* editor : m_editors)
        labelWidth = std::max(labelWidth, editor->label()->sizeHint().width());
    for (auto* editor : m_editors) editor->label()->setMinimumWidth(labelWidth);

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
    for (auto keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)})
        connect(new QShortcut(keys, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut),
                &QShortcut::activated, this, &ConfigPanel::apply);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_defaults);
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
    // Wide enough for "ΔT (mask-update interval)" beside a usable editor.
    content->setMinimumWidth(340);
    setMinimumWidth(360);
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
    return key == "sparsity.delta_t" || key == "sparsity.drop_fraction" || key == "optimizer.lr";
}

QString ConfigPanel::choice(const char* key) const {
    return m_byKey.at(QString::fromLatin1(key))->choice();
}

void ConfigPanel::updateVisibility() {
    const QString dataSet = choice("data.name");
    const QString optimizer = choice("optimizer.name");
    const QString lrSchedule = choice("lr_schedule.name");
    const QString method = choice("sparsity.method");
    const QString schedule = choice("sparsity.schedule");
    const bool synthetic = kSynthetic.contains(dataSet);
    const bool sparse = method != "dense";
    const bool dropAndGrow = method == "rigl" || method == "set";
    // rigl, set and static hold the target from step 0; the others prune on a schedule.
    const bool scheduled = sparse && !dropAndGrow && method != "static";
    const bool gradual = scheduled && (schedule == "linear" || schedule == "cubic");
    const std::map<QString, bool> applies{
        {"data.path", !synthetic},
        {"data.samples", synthetic},
        {"data.noise", synthetic},
        {"data.classes", dataSet == "spirals" || dataSet == "blobs"},
        {"optimizer.momentum", optimizer == "sgd"},
        {"optimizer.nesterov", optimizer == "sgd"},
        {"optimizer.beta1", optimizer != "sgd"},
        {"optimizer.beta2", optimizer != "sgd"},
        {"optimizer.eps", optimizer != "sgd"},
        {"lr_schedule.step_epochs", lrSchedule == "step"},
        {"lr_schedule.gamma", lrSchedule == "step"},
        {"lr_schedule.min_lr", lrSchedule == "cosine"},
        {"sparsity.target", sparse},
        {"sparsity.distribution", sparse},
        {"sparsity.dense_first_layer", sparse && choice("sparsity.distribution") == "uniform"},
        {"sparsity.schedule", scheduled},
        {"sparsity.initial", gradual},
        {"sparsity.start_step", gradual || (scheduled && schedule == "one-shot")},
        {"sparsity.end_step", gradual},
        {"sparsity.delta_t", sparse && method != "static"},
        {"sparsity.drop_fraction", dropAndGrow},
        {"sparsity.drop_schedule", dropAndGrow},
        {"sparsity.t_end", dropAndGrow},
    };
    for (auto* editor : m_editors) {
        const auto it = applies.find(editor->key());
        const bool on = it == applies.end() || it->second;
        auto* form = static_cast<QFormLayout*>(editor->cell()->parentWidget()->layout());
        form->setRowVisible(editor->cell(), on);
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
            else
                unplaced << line;
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
    else if (!m_valid)
        m_apply->setToolTip(tr("Fix the fields marked in red first."));
    else
        m_apply->setToolTip(tr("Use this configuration: the run is rebuilt from step 0 "
                               "(Ctrl+Return)."));
}

void ConfigPanel::setRunning(bool running) {
    m_running = running;
    m_lastLive.clear();
    for (auto* editor : m_editors)
        if (isLiveKey(editor->key()) && editor->value().is_number())
            m_lastLive[editor->key()] = editor->value().get<double>();
    for (auto* editor : m_editors) editor->setLocked(running && !isLiveKey(editor->key()));
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
    if (m_loading || !m_running || !m_valid || !isLiveKey(editor->key())) return;
    const nlohmann::json value = editor->value();
    if (!value.is_number()) return;
    const auto last = m_lastLive.find(editor->key());
    if (last != m_lastLive.end() && last->second == value.get<double>()) return;
    m_lastLive[editor->key()] = value.get<double>();
    emit liveParameterChanged(editor->key(), value.get<double>());
}

} // namespace sl::ui
