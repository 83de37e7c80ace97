#pragma once

#include "controller/snapshot.h"

#include <QWidget>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTextEdit;

namespace sl::ui {

class AttentionMap;

// What a language model (model.kind gpt) makes of text, from RunSnapshot::text: a prompt box,
// the sampling temperature and a continuation the engine generates again at each evaluation;
// the first held-out passage with each character's background shaded by the model's loss on
// it (bits); the attention of a chosen block and head over the prompt. The view never runs
// the model: changing the prompt or a setting emits requestChanged(), which the window passes
// to the controller, and the answer arrives in a later snapshot.
class TextView : public QWidget {
    Q_OBJECT
public:
    explicit TextView(QWidget* parent = nullptr);
    // Modest, like the other bottom docks: the scroll area inside would ask for its whole
    // content's height and take it from the charts beside (1024 × 768, test_screen_fit).
    QSize sizeHint() const override { return {480, 200}; }

    void setSnapshot(const SnapshotPtr& snapshot);
    TextRequest request() const;

    // The background of a character's loss: white at 0 bits, vermillion from kHotBits up.
    static constexpr double kHotBits = 8.0;
    static QColor lossColor(double bits);

    // For tests and the lesson: the widgets and what they show.
    QLineEdit* promptBox() const { return m_prompt; }
    QDoubleSpinBox* temperatureBox() const { return m_temperature; }
    QSpinBox* lengthBox() const { return m_length; }
    QSpinBox* layerBox() const { return m_layer; }
    QSpinBox* headBox() const { return m_head; }
    AttentionMap* attentionMap() const { return m_attention; }
    QString continuation() const { return m_shownContinuation; }
    int passageLength() const { return int(m_passageStarts.size()); }
    // The background the passage shows behind character i (invalid for the context-only one).
    QColor passageBackground(int i) const;

signals:
    void requestChanged(const sl::ui::TextRequest& request);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showText(const TextSnapshot& text);
    void showPassage(const TextSnapshot& text);

    QLabel* m_status = nullptr;
    QLabel* m_promptLabel = nullptr;
    QLineEdit* m_prompt = nullptr;
    QLabel* m_temperatureLabel = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QLabel* m_lengthLabel = nullptr;
    QSpinBox* m_length = nullptr;
    QTextEdit* m_continuation = nullptr;
    QLabel* m_passageLabel = nullptr;
    QTextEdit* m_passage = nullptr;
    QLabel* m_attentionLabel = nullptr;
    QLabel* m_layerLabel = nullptr;
    QSpinBox* m_layer = nullptr;
    QLabel* m_headLabel = nullptr;
    QSpinBox* m_head = nullptr;
    AttentionMap* m_attention = nullptr;

    SnapshotPtr m_snapshot;
    long long m_shownStep = -2;
    QString m_shownContinuation;
    std::vector<int> m_passageStarts;  // document position of each passage character
};

}  // namespace sl::ui
