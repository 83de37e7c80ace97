#include "views/layer_combo.h"

#include <QEvent>
#include <QSignalBlocker>

namespace sl::ui {

LayerCombo::LayerCombo(QWidget* parent) : QComboBox(parent) {
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setToolTip(tr("Which layer to show: its name, then outputs × inputs."));
}

void LayerCombo::changeEvent(QEvent* event) {
    QComboBox::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    setToolTip(tr("Which layer to show: its name, then outputs × inputs."));
    m_labels.clear();  // the next setLayers() writes the items in the new language
}

QString LayerCombo::layerLabel(const LayerSnapshot& layer) {
    return tr("%1 — %2 × %3").arg(layer.name).arg(layer.rows).arg(layer.cols);
}

void LayerCombo::setLayers(const std::vector<LayerSnapshot>& layers) {
    QStringList labels;
    for (const LayerSnapshot& layer : layers) labels << layerLabel(layer);
    if (labels == m_labels) return;
    m_labels = labels;
    const int previous = currentIndex();
    // Rebuilding the list is not a choice of the user: no signals until the index is restored.
    {
        const QSignalBlocker blocker(this);
        clear();
        addItems(labels);
        setCurrentIndex(previous >= 0 && previous < labels.size() ? previous : 0);
    }
    if (currentIndex() != previous) emit currentIndexChanged(currentIndex());
}

}  // namespace sl::ui
