#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

namespace sl::ui {

// One attention head's probabilities over a prompt as a small heatmap: row i is the query at
// character i, column j the key at character j, white at 0 and blue at 1. Causal attention
// leaves the upper triangle white. Characters label the rows and columns when the cells are
// large enough to read them.
class AttentionMap : public QWidget {
    Q_OBJECT
public:
    explicit AttentionMap(QWidget* parent = nullptr);

    // weights: n x n row-major, n = characters.size(); an empty list clears the map.
    void setMap(const QStringList& characters, std::vector<float> weights);
    int count() const { return int(m_characters.size()); }
    float value(int row, int col) const { return m_weights[std::size_t(row * count() + col)]; }
    // The cell of (row, col) at the current widget size.
    QRect cellRect(int row, int col) const;

    QSize sizeHint() const override { return {260, 260}; }
    QSize minimumSizeHint() const override { return {80, 80}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int labelWidth() const;
    int cellSize() const;

    QStringList m_characters;
    std::vector<float> m_weights;
};

}  // namespace sl::ui
