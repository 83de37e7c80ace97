#include "lessons/lesson_picker.h"

#include "lessons/lesson_library.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace sl::ui {

LessonPicker::LessonPicker(const QList<Lesson>& lessons, QWidget* parent)
    : QDialog(parent), m_lessons(lessons) {
    setWindowTitle(tr("Lessons"));
    auto* intro = new QLabel(tr("Choose a lesson. It loads its run and guides you step by step; "
                                "the lesson panel has Next and Back."));
    intro->setWordWrap(true);
    m_list = new QListWidget;
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    for (const Lesson& lesson : m_lessons) {
        auto* item = new QListWidgetItem(lessonText(lesson.title) + QLatin1Char('\n') +
                                         lessonText(lesson.description));
        // The other language in the tooltip: a bilingual class can read both.
        QStringList both;
        for (const auto& [code, text] : lesson.title.byLanguage)
            both << QString::fromStdString(text + " — " + lesson.description.in(code));
        item->setToolTip(both.join(QLatin1Char('\n')));
        m_list->addItem(item);
    }
    if (m_list->count() > 0) m_list->setCurrentRow(0);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
    QPushButton* file = buttons->addButton(tr("Open file…"), QDialogButtonBox::ActionRole);
    connect(file, &QPushButton::clicked, this, &LessonPicker::openFile);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0 || row >= m_lessons.size()) return;
        m_chosen = m_lessons[row];
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemDoubleClicked, buttons, &QDialogButtonBox::accepted);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(560, 460);
}

void LessonPicker::openFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open lesson"), QDir::homePath(),
                                                      tr("Lessons (*.json)"));
    if (path.isEmpty()) return;
    try {
        m_chosen = readLesson(path);
        accept();
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot open the lesson"), QString::fromUtf8(e.what()));
    }
}

}  // namespace sl::ui
