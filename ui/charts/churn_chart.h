#pragma once

#include "charts/chart_widget.h"

#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

class QComboBox;
class QLabel;

namespace sl::ui {

// Weights grown (stems up) and pruned (stems down) at each mask update, for all layers or one
// chosen in a combo, with the cumulative ITOP rate (history.itop, right axis): how much of the
// network has been explored so far. One run: grown green, pruned vermillion; several runs:
// each run in its colour, named once in the legend.
class ChurnChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ChurnChart(QWidget* parent = nullptr);

    void setRuns(const RunList& runs);
    // -1 sums all layers; otherwise the layer's index in the snapshot.
    void setLayer(int layer);
    int layer() const { return m_layer; }

    // Weights pruned and grown at each mask update, by step, in one layer (-1: summed).
    struct Stem {
        long long step = 0;
        long long pruned = 0;
        long long grown = 0;
    };
    static std::vector<Stem> stemsFor(const RunSnapshot& snapshot, int layer);

    const std::vector<QLineSeries*>& grownSeries() const { return m_grown; }
    const std::vector<QLineSeries*>& prunedSeries() const { return m_pruned; }
    const std::vector<QLineSeries*>& itopSeries() const { return m_itop; }

protected:
    void redraw() override;
    void retranslate() override;

private:
    QLabel* m_label = nullptr;
    void refillLayerCombo();

    RunList m_runs;
    int m_layer = -1;
    QComboBox* m_combo = nullptr;
    QStringList m_layerNames;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_count = nullptr;
    QValueAxis* m_itopAxis = nullptr;
    std::vector<QLineSeries*> m_grown;
    std::vector<QLineSeries*> m_pruned;
    std::vector<QLineSeries*> m_itop;
};

}  // namespace sl::ui
