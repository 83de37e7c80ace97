#pragma once

#include "controller/snapshot.h"

#include <QString>
#include <QWidget>
#include <optional>

class QLabel;
class QStackedWidget;

namespace sl::ui {

class ExplanationHistogram;
class LayerCombo;

// Why the last mask update of a layer did what it did. Left: |w| of the active weights, the
// dropped ones in the pruned colour below the "drop below" line. Right: the grow criterion of
// the inactive weights, the grown ones in the grown colour above the "grow above" line. A
// title and one plain sentence say what happened; before the first update, when it comes.
class WhyUpdateView : public QWidget {
    Q_OBJECT
public:
    explicit WhyUpdateView(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);
    int currentLayer() const;

    // "Step 4600: dropped 412, grew 412", or empty before the first update.
    QString titleText() const;
    QString sentenceText() const;
    // The centred message shown instead of the histograms (empty when they are shown).
    QString messageText() const;
    const ExplanationHistogram* dropHistogram() const { return m_drop; }
    const ExplanationHistogram* growHistogram() const { return m_grow; }

    QSize sizeHint() const override { return {700, 450}; }

public slots:
    // Follows another view's choice (the heatmap's); ignored for an index out of range.
    void setCurrentLayer(int layer);

signals:
    void layerChanged(int layer);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refresh();
    void setSentence(const QString& sentence);
    void showExplanation(const LayerSnapshot& layer);

    SnapshotPtr m_snapshot;
    LayerCombo* m_layerCombo = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_sentence = nullptr;
    QString m_sentenceText;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_message = nullptr;
    ExplanationHistogram* m_drop = nullptr;
    ExplanationHistogram* m_grow = nullptr;
    QLabel* m_layerLabel = nullptr;
    // What the histograms were last binned from: between two mask updates every snapshot
    // shares the same explanation (up to 300,000 scores a side on a big layer), so it is not
    // binned again on the GUI thread 30 times a second. Holding the explanation keeps its
    // address from being reused by a new one. Cleared by a language change.
    struct Shown {
        SharedValue<UpdateExplanation> explanation;
        int layer = -1;
        int dropped = -1;  // the legends' counts, from the layer's own figures
        int grown = -1;
        bool operator==(const Shown& o) const {
            return explanation.sameAs(o.explanation) && layer == o.layer && dropped == o.dropped &&
                   grown == o.grown;
        }
    };
    std::optional<Shown> m_shown;
};

}  // namespace sl::ui
