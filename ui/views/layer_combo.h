#pragma once

#include "controller/snapshot.h"

#include <QComboBox>
#include <QStringList>
#include <vector>

namespace sl::ui {

// Picks one of a snapshot's layers, listed by name and shape ("dense1 — 300 × 784"). Live
// snapshots arrive many times a second; the list is rebuilt only when the layers change, so
// an open drop-down and the current choice survive.
class LayerCombo : public QComboBox {
    Q_OBJECT
public:
    explicit LayerCombo(QWidget* parent = nullptr);

    void setLayers(const std::vector<LayerSnapshot>& layers);

    static QString layerLabel(const LayerSnapshot& layer);

protected:
    void changeEvent(QEvent* event) override;

private:
    QStringList m_labels;
};

}  // namespace sl::ui
