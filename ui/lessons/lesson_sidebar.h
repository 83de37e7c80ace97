#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace sl::ui {

class LessonRunner;

// The lesson dock: the lesson's title, "Step 2 of 5", the step's text in the window's
// language, what the run is doing (playing to the pause, paused at step N), and Back / Next.
class LessonSidebar : public QWidget {
    Q_OBJECT
public:
    explicit LessonSidebar(LessonRunner& runner, QWidget* parent = nullptr);

    QPushButton* backButton() const { return m_back; }
    QPushButton* nextButton() const { return m_next; }
    QString stepText() const;
    QString statusText() const;

signals:
    void chooseRequested();  // "Lessons…": the picker

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void applyFonts();

    LessonRunner& m_runner;
    QLabel* m_title = nullptr;
    QLabel* m_progress = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_choose = nullptr;
};

}  // namespace sl::ui
