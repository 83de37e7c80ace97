#include "panels/config_field_editor.h"

#include "sparsity/method_descriptor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sl::ui {
namespace {

// The shortest decimal that reads back as the same float, as the core writes it to JSON, so
// that 0.05f shows as "0.05" and a config survives the form unchanged.
QString shortestFloat(float value) {
    char text[32];
    for (int digits = 1; digits <= 9; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
        if (std::strtof(text, nullptr) == value) break;
    }
    return QString::fromLatin1(text);
}

// Enough decimals to show the limit exactly (0.9999 needs 4, 0.999999 needs 6), at least 3.
int decimalsFor(double max) {
    int decimals = 3;
    while (decimals < 8 && std::isfinite(max) &&
           std::abs(max * std::pow(10.0, decimals) - std::round(max * std::pow(10.0, decimals))) >
               1e-6)
        ++decimals;
    return decimals;
}

int clampToInt(double v) {
    return static_cast<int>(
        std::clamp(v, static_cast<double>(INT_MIN), static_cast<double>(INT_MAX)));
}

// What the user typed, as JSON: a number when it reads as one, the raw text otherwise, so that
// fromJson() reports "got \"abc\" — expected a number ..." in the core's words.
nlohmann::json numberOrText(const QString& text, bool integer, bool isUnsigned) {
    const QString t = text.trimmed();
    bool ok = false;
    if (isUnsigned) {
        const qulonglong v = t.toULongLong(&ok);
        if (ok) return static_cast<std::uint64_t>(v);
    } else if (integer) {
        const qlonglong v = t.toLongLong(&ok);
        if (ok) return static_cast<long long>(v);
    } else {
        // "-1" goes out as -1, not -1.0, so the message quotes what was typed.
        const qlonglong whole = t.toLongLong(&ok);
        if (ok) return static_cast<long long>(whole);
        const double v = QLocale::c().toDouble(t, &ok);
        if (ok) return v;
    }
    return t.toStdString();
}

// A choice list that is exactly the registered sparsity methods: each choice then has a
// descriptor to explain it. Recognised by its values, so the editor compares no key name.
bool choicesAreMethods(const std::vector<std::string>& choices) {
    const auto& methods = sl::sparsityMethodDescriptors();
    if (choices.empty() || choices.size() != methods.size()) return false;
    return std::all_of(choices.begin(), choices.end(),
                       [](const std::string& c) { return sl::findSparsityMethod(c) != nullptr; });
}

// "RigL: drops the smallest … (Evci et al. 2020)", in the window's language.
QString methodHelp(const QString& name) {
    const sl::MethodDescriptor* d = sl::findSparsityMethod(name.toStdString());
    if (!d) return {};
    return ConfigFieldEditor::tr("%1: %2").arg(
        QCoreApplication::translate("sl::MethodRegistry", d->displayName),
        QCoreApplication::translate("sl::MethodRegistry", d->help));
}

}  // namespace

ConfigFieldEditor::ConfigFieldEditor(const ConfigField& field, const QString& label,
                                     QWidget* parent)
    : QObject(parent), m_key(QString::fromLatin1(field.key)), m_live(field.live) {
    const QString help = QCoreApplication::translate("sl::RunConfig", field.help);
    m_tooltip = tr("<p>%1</p><p>Config key: <code>%2</code></p>").arg(help.toHtmlEscaped(), m_key);
    m_cell = new QWidget(parent);
    auto* column = new QVBoxLayout(m_cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    column->addLayout(row);
    build(field);
    m_editor->setObjectName(m_key);
    row->addWidget(m_editor, 1);
    if (m_kind == Kind::Path) {
        auto* browse = new QToolButton(m_cell);
        browse->setText(QStringLiteral("…"));
        browse->setToolTip(tr("Choose the folder that holds the IDX files"));
        row->addWidget(browse);
        connect(browse, &QToolButton::clicked, this, [this] {
            auto* edit = static_cast<QLineEdit*>(m_editor);
            const QString dir = QFileDialog::getExistingDirectory(
                m_cell, tr("Folder with the IDX files"), edit->text());
            if (dir.isEmpty()) return;
            edit->setText(dir);
            emit changed();
            emit committed();
        });
    }
    if (m_kind == Kind::Choice && choicesAreMethods(field.limits.choices)) {
        // The method list explains each method (movement vs movement-score, #17): in the
        // drop-down's tooltips and, for the chosen one, in a line under it.
        auto* combo = static_cast<QComboBox*>(m_editor);
        for (int i = 0; i < combo->count(); ++i)
            combo->setItemData(i, methodHelp(combo->itemText(i)), Qt::ToolTipRole);
        auto* methodLine = new QLabel(m_cell);
        methodLine->setObjectName(m_key + QStringLiteral(".help"));
        methodLine->setWordWrap(true);
        methodLine->setStyleSheet(QStringLiteral("color: #555;"));
        methodLine->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        column->addWidget(methodLine);
        const auto show = [combo, methodLine] {
            methodLine->setText(methodHelp(combo->currentText()));
        };
        connect(combo, &QComboBox::currentIndexChanged, methodLine, show);
        show();
    }
    m_error = new QLabel(m_cell);
    m_error->setObjectName(m_key + QStringLiteral(".error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    column->addWidget(m_error);

    m_label = new QLabel(label, parent);
    m_label->setBuddy(m_editor);
    applyTooltip();
    load(field);
}

void ConfigFieldEditor::build(const ConfigField& f) {
    QWidget* parent = m_cell;
    if (f.text && !f.limits.choices.empty()) {
        m_kind = Kind::Choice;
        auto* combo = new QComboBox(parent);
        for (const auto& choice : f.limits.choices) combo->addItem(QString::fromStdString(choice));
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            emit changed();
            emit committed();
        });
        m_editor = combo;
        return;
    }
    if (f.flag) {
        m_kind = Kind::Flag;
        auto* box = new QCheckBox(parent);
        connect(box, &QCheckBox::toggled, this, [this] {
            emit changed();
            emit committed();
        });
        m_editor = box;
        return;
    }
    // Spin boxes report only finished edits (Enter, focus out, arrows): typing "250" must not
    // send ΔT = 2 and 25 to a running engine on the way.
    if (f.integer) {
        m_kind = Kind::Integer;
        auto* spin = new QSpinBox(parent);
        spin->setRange(clampToInt(f.limits.min), clampToInt(f.limits.max));
        spin->setKeyboardTracking(false);
        spin->setAccelerated(true);
        connect(spin, &QSpinBox::valueChanged, this, [this] {
            emit changed();
            emit committed();
        });
        m_editor = spin;
        return;
    }
    // Rates and tolerances span decades (1e-8 .. 1): a spin box with fixed decimals would
    // round 1e-4 to 0.0001 at best and 1e-8 to 0, so the table's log-scale fields get a line
    // edit that accepts 1e-4 notation.
    if (f.real && !f.logScale) {
        m_kind = Kind::Real;
        auto* spin = new QDoubleSpinBox(parent);
        spin->setDecimals(decimalsFor(f.limits.max));
        spin->setRange(f.limits.min, f.limits.max);
        spin->setSingleStep(f.limits.max <= 1.0 ? 0.05 : 0.1);
        spin->setKeyboardTracking(false);
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this] {
            emit changed();
            emit committed();
        });
        m_editor = spin;
        return;
    }
    auto* edit = new QLineEdit(parent);
    if (f.real) {
        m_kind = Kind::Scientific;
        // No range here on purpose: an out-of-range number is accepted by the validator so
        // that the core can say what the range is, instead of keys silently doing nothing.
        auto* validator = new QDoubleValidator(edit);
        validator->setNotation(QDoubleValidator::ScientificNotation);
        validator->setLocale(QLocale::c());
        edit->setValidator(validator);
        edit->setPlaceholderText(tr("e.g. 1e-4"));
    } else if (f.bigInteger || f.unsignedInteger) {
        m_kind = f.bigInteger ? Kind::BigInteger : Kind::Unsigned;
        edit->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("[0-9]{0,20}")), edit));
    } else if (f.integerList) {
        m_kind = Kind::List;
        edit->setPlaceholderText(tr("e.g. 300, 100"));
    } else {
        m_kind = f.folder ? Kind::Path : Kind::Text;
        if (m_kind == Kind::Path) edit->setPlaceholderText(tr("default folder"));
    }
    connect(edit, &QLineEdit::textEdited, this, &ConfigFieldEditor::changed);
    connect(edit, &QLineEdit::editingFinished, this, &ConfigFieldEditor::committed);
    m_editor = edit;
}

void ConfigFieldEditor::load(const ConfigField& f) {
    const QSignalBlocker block(m_editor);
    switch (m_kind) {
    case Kind::Choice:
        static_cast<QComboBox*>(m_editor)->setCurrentText(QString::fromStdString(*f.text));
        break;
    case Kind::Flag: static_cast<QCheckBox*>(m_editor)->setChecked(*f.flag); break;
    case Kind::Integer: static_cast<QSpinBox*>(m_editor)->setValue(*f.integer); break;
    case Kind::Real: static_cast<QDoubleSpinBox*>(m_editor)->setValue(*f.real); break;
    case Kind::Scientific:
        static_cast<QLineEdit*>(m_editor)->setText(shortestFloat(*f.real));
        break;
    case Kind::BigInteger:
        static_cast<QLineEdit*>(m_editor)->setText(QString::number(*f.bigInteger));
        break;
    case Kind::Unsigned:
        static_cast<QLineEdit*>(m_editor)->setText(QString::number(*f.unsignedInteger));
        break;
    case Kind::List: {
        QStringList parts;
        for (int size : *f.integerList) parts << QString::number(size);
        static_cast<QLineEdit*>(m_editor)->setText(parts.join(QStringLiteral(", ")));
        break;
    }
    case Kind::Path:
    case Kind::Text:
        static_cast<QLineEdit*>(m_editor)->setText(QString::fromStdString(*f.text));
        break;
    }
}

nlohmann::json ConfigFieldEditor::value() const {
    switch (m_kind) {
    case Kind::Choice: return static_cast<QComboBox*>(m_editor)->currentText().toStdString();
    case Kind::Flag: return static_cast<QCheckBox*>(m_editor)->isChecked();
    case Kind::Integer: return static_cast<QSpinBox*>(m_editor)->value();
    case Kind::Real: return static_cast<QDoubleSpinBox*>(m_editor)->value();
    case Kind::Scientific:
        return numberOrText(static_cast<QLineEdit*>(m_editor)->text(), false, false);
    case Kind::BigInteger:
        return numberOrText(static_cast<QLineEdit*>(m_editor)->text(), true, false);
    case Kind::Unsigned: return numberOrText(static_cast<QLineEdit*>(m_editor)->text(), true, true);
    case Kind::List: {
        // "300, 100", "[300,100]" and "300 100" all mean the same list.
        QString text = static_cast<QLineEdit*>(m_editor)->text();
        text.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
        nlohmann::json list = nlohmann::json::array();
        const auto parts =
            text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (const QString& part : parts) list.push_back(numberOrText(part, true, false));
        return list;
    }
    case Kind::Path:
    case Kind::Text: return static_cast<QLineEdit*>(m_editor)->text().trimmed().toStdString();
    }
    return nullptr;
}

QString ConfigFieldEditor::choice() const {
    return m_kind == Kind::Choice ? static_cast<QComboBox*>(m_editor)->currentText() : QString();
}

void ConfigFieldEditor::setError(const QString& reason) {
    m_error->setText(reason);
    m_error->setVisible(!reason.isEmpty());
    if (reason.isEmpty()) {
        m_editor->setStyleSheet(QString());
        return;
    }
    const char* type = m_editor->metaObject()->className();
    m_editor->setStyleSheet(QStringLiteral("%1 { border: 2px solid #c62828; border-radius: 3px; }")
                                .arg(QLatin1String(type)));
}

void ConfigFieldEditor::setLocked(bool locked) {
    m_locked = locked;
    m_editor->setEnabled(!locked);
    m_label->setEnabled(!locked);
    for (auto* child : m_cell->findChildren<QToolButton*>()) child->setEnabled(!locked);
    applyTooltip();
}

void ConfigFieldEditor::applyTooltip() {
    const QString tip =
        m_locked
            ? tr("<p><b>Fixed during a run: pause and reset to change this.</b></p>") + m_tooltip
            : m_tooltip;
    m_editor->setToolTip(tip);
    m_label->setToolTip(tip);
}

}  // namespace sl::ui
