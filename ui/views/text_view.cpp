#include "views/text_view.h"

#include "views/attention_map.h"
#include "views/palette.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QSpinBox>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace sl::ui {
namespace {

// A newline is shown as a visible mark so that its loss has a place to be coloured.
QString visible(const QString& ch) { return ch == QLatin1String("\n") ? QStringLiteral("↵") : ch; }

}  // namespace

QColor TextView::lossColor(double bits) {
    if (!std::isfinite(bits)) return {};
    const QColor hot(palette::kPruned);
    const double t = std::clamp(bits / kHotBits, 0.0, 1.0);
    return QColor::fromRgbF(float(1.0 + t * (hot.redF() - 1.0)),
                            float(1.0 + t * (hot.greenF() - 1.0)),
                            float(1.0 + t * (hot.blueF() - 1.0)));
}

TextView::TextView(QWidget* parent) : QWidget(parent) {
    // Scrolls rather than holding the window tall: the dock shares the bottom row, which on
    // 1366 × 768 at 150 % (911 × 512) has little height to give.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* inner = new QWidget(scroll);
    // Below this the passage and attention map would be squeezed to a line: scroll instead.
    inner->setMinimumHeight(300);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    auto* layout = new QVBoxLayout(inner);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* controls = new QHBoxLayout;
    m_promptLabel = new QLabel(this);
    m_prompt = new QLineEdit(this);
    m_prompt->setObjectName(QStringLiteral("textPrompt"));
    m_temperatureLabel = new QLabel(this);
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(0.0, 3.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(TextRequest{}.temperature);
    m_lengthLabel = new QLabel(this);
    m_length = new QSpinBox(this);
    m_length->setRange(1, 1000);
    m_length->setValue(TextRequest{}.length);
    controls->addWidget(m_promptLabel);
    controls->addWidget(m_prompt, 1);
    controls->addWidget(m_temperatureLabel);
    controls->addWidget(m_temperature);
    controls->addWidget(m_lengthLabel);
    controls->addWidget(m_length);
    layout->addLayout(controls);

    m_continuation = new QTextEdit(this);
    m_continuation->setReadOnly(true);
    // Small minimums: the dock shares the bottom row of a 911 × 512 screen (1366 × 768 at 150 %).
    // Heights follow the stretch factors, not QTextEdit's tall size hint: the continuation
    // must not push the passage and the attention map out of a short dock.
    m_continuation->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    m_continuation->setMinimumHeight(60);
    layout->addWidget(m_continuation, 3);

    auto* lower = new QGridLayout;
    m_passageLabel = new QLabel(this);
    m_passage = new QTextEdit(this);
    m_passage->setReadOnly(true);
    m_passage->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    m_passage->setMinimumHeight(60);
    m_passageLabel->setWordWrap(true);
    lower->addWidget(m_passageLabel, 0, 0);
    lower->addWidget(m_passage, 1, 0, 2, 1);
    auto* pick = new QHBoxLayout;
    m_attentionLabel = new QLabel(this);
    m_layerLabel = new QLabel(this);
    m_layer = new QSpinBox(this);
    m_layer->setRange(1, 1);
    m_headLabel = new QLabel(this);
    m_head = new QSpinBox(this);
    m_head->setRange(1, 1);
    pick->addWidget(m_attentionLabel);
    pick->addStretch(1);
    pick->addWidget(m_layerLabel);
    pick->addWidget(m_layer);
    pick->addWidget(m_headLabel);
    pick->addWidget(m_head);
    lower->addLayout(pick, 0, 1);
    m_attention = new AttentionMap(this);
    lower->addWidget(m_attention, 1, 1, 2, 1);
    lower->setColumnStretch(0, 3);
    lower->setColumnStretch(1, 2);
    layout->addLayout(lower, 4);

    const auto ask = [this] { emit requestChanged(request()); };
    connect(m_prompt, &QLineEdit::editingFinished, this, ask);
    connect(m_temperature, &QDoubleSpinBox::editingFinished, this, ask);
    connect(m_length, &QSpinBox::editingFinished, this, ask);
    connect(m_layer, &QSpinBox::valueChanged, this, ask);
    connect(m_head, &QSpinBox::valueChanged, this, ask);
    retranslate();
    setSnapshot(nullptr);
}

TextRequest TextView::request() const {
    TextRequest r;
    r.prompt = m_prompt->text();
    r.temperature = m_temperature->value();
    r.length = m_length->value();
    r.layer = m_layer->value() - 1;
    r.head = m_head->value() - 1;
    return r;
}

void TextView::retranslate() {
    m_promptLabel->setText(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Characters to continue (empty: start a new line)"));
    m_prompt->setToolTip(tr("The model continues this text. Characters it never saw in training "
                            "are skipped. Press Enter to generate again now."));
    m_temperatureLabel->setText(tr("Temperature"));
    m_temperature->setToolTip(tr("0 always takes the most probable character; higher values "
                                 "sample more adventurously."));
    m_lengthLabel->setText(tr("Characters"));
    m_continuation->setToolTip(tr("The prompt (grey) and what the model writes after it, "
                                  "generated again at each evaluation."));
    m_passageLabel->setText(tr("Held-out passage, shaded by the model's loss on each character "
                               "(white 0 bits, red %1 bits or more)")
                                .arg(kHotBits));
    m_attentionLabel->setText(tr("Attention over the prompt"));
    m_attention->setToolTip(tr("Row: the character attending; column: the character it reads. "
                               "A character never reads a later one, so the upper triangle "
                               "stays white."));
    m_layerLabel->setText(tr("Block"));
    m_headLabel->setText(tr("Head"));
    setSnapshot(m_snapshot);
}

void TextView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void TextView::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
    const bool text = snapshot && snapshot->text.valid;
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_prompt, m_temperature, m_length, m_layer, m_head})
        w->setEnabled(text);
    if (!text) {
        m_status->setText(tr("The Text view shows a language model (model.kind gpt): this run "
                             "is not one."));
        m_shownStep = -2;
        return;
    }
    showText(snapshot->text);
}

void TextView::showText(const TextSnapshot& text) {
    m_status->setText(tr("Step %1: generated at temperature %2")
                          .arg(text.step)
                          .arg(QLocale().toString(text.request.temperature, 'f', 2)));
    {
        const QSignalBlocker a(m_layer), b(m_head);
        m_layer->setRange(1, std::max(1, text.blocks));
        m_head->setRange(1, std::max(1, text.heads));
    }
    const QString prompt = text.request.prompt;
    m_attentionLabel->setText(prompt.isEmpty() ? tr("Attention over the held-out passage")
                                               : tr("Attention over the prompt"));
    if (text.continuation == m_shownContinuation && text.step == m_shownStep &&
        m_continuation->property("prompt").toString() == prompt)
        return;  // the same figures again: keep the selection and scroll position
    m_shownStep = text.step;
    m_shownContinuation = text.continuation;
    m_continuation->setProperty("prompt", prompt);
    const auto html = [](const QString& s) { return s.toHtmlEscaped().replace('\n', "<br>"); };
    m_continuation->setHtml(QStringLiteral("<span style=\"color:#808080\">%1</span>%2")
                                .arg(html(prompt), html(text.continuation)));
    m_attention->setMap(text.promptCharacters, text.attention);
    showPassage(text);
}

void TextView::showPassage(const TextSnapshot& text) {
    m_passage->clear();
    m_passageStarts.clear();
    QTextCursor cursor(m_passage->document());
    for (int i = 0; i < text.passage.size(); ++i) {
        QTextCharFormat format;
        const double bits = i < int(text.passageBits.size())
                                ? text.passageBits[std::size_t(i)]
                                : std::numeric_limits<double>::quiet_NaN();
        if (std::isfinite(bits)) {
            format.setBackground(lossColor(bits));
            format.setForeground(QColor(Qt::black));
            format.setToolTip(tr("%1 bits").arg(QLocale().toString(bits, 'f', 2)));
        }
        m_passageStarts.push_back(cursor.position());
        cursor.insertText(visible(text.passage[i]), format);
    }
}

QColor TextView::passageBackground(int i) const {
    if (i < 0 || i >= passageLength()) return {};
    QTextCursor cursor(m_passage->document());
    cursor.setPosition(m_passageStarts[std::size_t(i)] + 1);  // the format of the char before
    const QBrush brush = cursor.charFormat().background();
    return brush.style() == Qt::NoBrush ? QColor() : brush.color();
}

}  // namespace sl::ui
