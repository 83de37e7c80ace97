#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace sl::ui::language {
namespace {

constexpr const char* kSettingsKey = "language";

QString& currentCode() {
    static QString code = QString::fromLatin1(kEnglish);
    return code;
}

// Owned by the application, so they outlive every widget that shows their texts.
QTranslator* translator(const char* name) {
    auto* t = QCoreApplication::instance()->findChild<QTranslator*>(QString::fromLatin1(name));
    if (!t) {
        t = new QTranslator(QCoreApplication::instance());
        t->setObjectName(QString::fromLatin1(name));
    }
    return t;
}

}  // namespace

QStringList available() { return {QString::fromLatin1(kEnglish), QString::fromLatin1(kChinese)}; }

QString nativeName(const QString& code) {
    if (code == QLatin1String(kChinese)) return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString preferred() {
    const QString saved = QSettings().value(kSettingsKey).toString();
    if (available().contains(saved)) return saved;
    // Any Chinese locale gets the simplified characters, the only Chinese we have.
    if (QLocale::system().language() == QLocale::Chinese) return QString::fromLatin1(kChinese);
    return QString::fromLatin1(kEnglish);
}

QString current() { return currentCode(); }

bool apply(const QString& code) {
    QTranslator* app = translator("sparselabTranslator");
    QTranslator* qt = translator("qtTranslator");
    QCoreApplication::removeTranslator(app);
    QCoreApplication::removeTranslator(qt);
    currentCode() = QString::fromLatin1(kEnglish);
    // Numbers in the system's conventions while the system speaks the chosen language.
    const QLocale system = QLocale::system();
    const bool systemEnglish =
        system.language() == QLocale::English || system.language() == QLocale::C;
    const QLocale english = systemEnglish ? system : QLocale(QLocale::English);
    if (code == QLatin1String(kEnglish)) {
        QLocale::setDefault(english);
        return true;
    }
    if (!available().contains(code) ||
        !app->load(QStringLiteral(":/i18n/sparselab_%1.qm").arg(code))) {
        QLocale::setDefault(english);
        return false;
    }
    const QLocale locale(code);
    QLocale::setDefault(system.language() == locale.language() ? system : locale);
    // Qt's own texts (Cancel, Open, …); a missing qtbase file only leaves those in English.
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    QCoreApplication::installTranslator(app);
    currentCode() = code;
    return true;
}

void save(const QString& code) { QSettings().setValue(kSettingsKey, code); }

}  // namespace sl::ui::language
