#include "views/why_update_view.h"

#include "views/explanation_histogram.h"
#include "views/layer_combo.h"
#include "views/palette.h"
#include "views/why_update_text.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <cmath>

namespace sl::ui {
namespace {

const QColor kCandidate(150, 150, 150);  // inactive weights the update passed over

// Line breaking may split "|gradient|" after its first bar; word joiners glue the bars to
// the word they enclose.
QString keepBarsWithWords(QString text) {
    const QString joiner(QChar(0x2060));
    return text.replace(QStringLiteral("|"), joiner + QStringLiteral("|") + joiner);
}

}  // namespace

WhyUpdateView::WhyUpdateView(QWidget* parent) : QWidget(parent) {
    m_layerCombo = new LayerCombo(this);
    auto* bar = new QHBoxLayout;
    m_layerLabel = new QLabel(this);
    m_layerLabel->setBuddy(m_layerCombo);
    bar->addWidget(m_layerLabel);
    bar->addWidget(m_layerCombo);
    bar->addStretch(1);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_sentence = new QLabel(this);
    m_sentence->setWordWrap(true);
    // Long sentences wrap instead of widening the dock.
    m_sentence->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_sentence->setMinimumHeight(2 * m_sentence->fontMetrics().lineSpacing());

    m_drop = new ExplanationHistogram(this);
    m_grow = new ExplanationHistogram(this);
    auto* charts = new QWidget(this);
    auto* chartsLayout = new QHBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->addWidget(m_drop);
    chartsLayout->addWidget(m_grow);

    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(charts);
    m_pages->addWidget(m_message);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(bar);
    layout->addWidget(m_title);
    layout->addWidget(m_sentence);
    layout->addWidget(m_pages, 1);
    setMinimumSize(300, 220);

    connect(m_layerCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        refresh();
        emit layerChanged(index);
    });
    retranslate();
    refresh();
}

void WhyUpdateView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    m_shown.reset();  // the histograms' labels are in the old language
    retranslate();
    refresh();
}

void WhyUpdateView::retranslate() {
    m_layerLabel->setText(tr("Layer:"));
    m_drop->setTitle(tr("Drop: |w| of active weights"));
    m_drop->setAxisTitle(tr("|w|"));
    m_drop->setToolTip(tr("Every active weight's magnitude just after the update (a sample when "
                          "the layer is large), with the dropped ones in vermillion. The method "
                          "dropped everything left of the dashed line."));
    m_grow->setToolTip(tr("The score the method grows by, for the inactive weights (a sample "
                          "when the layer is large), with the grown ones in green. It grew "
                          "everything right of the dashed line."));
}

void WhyUpdateView::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
    m_layerCombo->setLayers(snapshot ? snapshot->layers : std::vector<LayerSnapshot>{});
    refresh();
}

int WhyUpdateView::currentLayer() const { return m_layerCombo->currentIndex(); }

void WhyUpdateView::setCurrentLayer(int layer) {
    if (layer >= 0 && layer < m_layerCombo->count()) m_layerCombo->setCurrentIndex(layer);
}

QString WhyUpdateView::titleText() const { return m_title->text(); }
QString WhyUpdateView::sentenceText() const { return m_sentenceText; }

QString WhyUpdateView::messageText() const {
    return m_pages->currentWidget() == m_message ? m_message->text() : QString();
}

void WhyUpdateView::setSentence(const QString& sentence) {
    m_sentenceText = sentence;
    m_sentence->setText(keepBarsWithWords(sentence));
}

void WhyUpdateView::refresh() {
    const int index = currentLayer();
    if (!m_snapshot || index < 0 || index >= static_cast<int>(m_snapshot->layers.size())) {
        m_title->clear();
        setSentence({});
        m_message->setText(tr("Start a run to see why its masks change."));
        m_pages->setCurrentWidget(m_message);
        return;
    }
    const LayerSnapshot& layer = m_snapshot->layers[static_cast<std::size_t>(index)];
    if (layer.explanation->step < 0 && layer.lastUpdateStep >= 0) {
        // A run opened from a checkpoint: the heatmap names its last update, whose counts the
        // file has but not the scores behind them (#17).
        LayerSnapshot last = layer;
        last.explanation.edit().step = layer.lastUpdateStep;
        m_title->setText(updateTitle(last));
        const QString why = dropCountSentence(*m_snapshot, last);
        setSentence(updateSentence(m_snapshot->method, last) +
                    (why.isEmpty() ? QString() : QStringLiteral(" ") + why));
        m_message->setText(
            tr("This run was opened from a checkpoint, which keeps which weights changed but "
               "not the scores they were ranked by. The histograms return at the next mask "
               "update."));
        m_pages->setCurrentWidget(m_message);
        return;
    }
    if (layer.explanation->step < 0) {
        m_title->setText(tr("%1: no mask update yet").arg(layer.name));
        setSentence({});
        m_message->setText(noUpdateMessage(*m_snapshot, layer));
        m_pages->setCurrentWidget(m_message);
        return;
    }
    m_title->setText(updateTitle(layer));
    QString sentence = updateSentence(m_snapshot->method, layer);
    for (const QString& more : {dropCountSentence(*m_snapshot, layer),
                                lossSpikeSentence(*m_snapshot, layer.explanation->step)})
        if (!more.isEmpty()) sentence += QStringLiteral(" ") + more;
    setSentence(sentence);
    showExplanation(layer);
    m_pages->setCurrentWidget(m_pages->widget(0));
}

void WhyUpdateView::showExplanation(const LayerSnapshot& layer) {
    const Shown now{layer.explanation, currentLayer(), droppedCount(layer), grownCount(layer)};
    if (m_shown == now) return;
    m_shown = now;
    const UpdateExplanation& e = *layer.explanation;
    m_drop->setData(
        {tr("kept"), QColor(palette::kAccent), e.keptMagnitudes, e.keptTotal},
        // A layer without a dense view lists 65,536 of those it dropped, evenly spaced: the
        // legend then says how many the listed ones stand for.
        {tr("dropped"), QColor(palette::kPruned), e.droppedMagnitudes, droppedCount(layer)},
        e.dropCutoff, tr("drop below"), ExplanationHistogram::LabelSide::Left);

    const QString criterion = e.growCriterion.isEmpty() ? tr("score") : e.growCriterion;
    m_grow->setTitle(tr("Grow: %1 of inactive weights").arg(criterion));
    m_grow->setAxisTitle(criterion);
    if (isRandomGrowth(e)) {
        m_grow->setTitle(tr("Grow: at random"));
        const int grown = grownCount(layer);
        m_grow->setMessage(
            grown == 1 ? tr("Growth is random: the 1 new weight was drawn uniformly from the "
                            "inactive ones, so there is no score to rank them by and no "
                            "cut-off.")
                       : tr("Growth is random: the %1 new weights were drawn uniformly from the "
                            "inactive ones, so there is no score to rank them by and no "
                            "cut-off.")
                             .arg(QLocale().toString(grown)));
    } else if (e.growCriterion.isEmpty() && grownCount(layer) == 0) {
        m_grow->setTitle(tr("Grow"));
        m_grow->setMessage(tr("%1 does not grow weights: a pruned weight stays pruned.")
                               .arg(methodDisplayName(m_snapshot->method)));
    } else {
        m_grow->setData({tr("not grown"), kCandidate, e.candidateScores, e.candidateTotal},
                        {tr("grown"), QColor(palette::kGrown), e.grownScores, grownCount(layer)},
                        e.growCutoff, tr("grow above"), ExplanationHistogram::LabelSide::Right);
    }
}

}  // namespace sl::ui
