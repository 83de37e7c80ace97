#include "sparsity/method.h"
#include "support/test_main.h"
#include "train/run_config.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

// The window reads the method descriptors and the field table; it never compares a method
// name, a config key or a model kind itself (a new method or key would otherwise need every such
// place found by hand). This reads every source under ui/ and fails on a comparison with one of
// those names: `== "rigl"`, `!= QLatin1String("sparsity.delta_t")`, `"nm" ==`, ….
class TestUiSources : public QObject {
    Q_OBJECT

    static QStringList names() {
        QStringList out;
        for (const auto& name : sl::sparsityMethodNames()) {
            out << QString::fromStdString(name);
            // What the method grows by ("|gradient|", "latent |w|", …) is shown, never tested:
            // the descriptor says it (gradientGrowth, latentGrowth, randomGrowth).
            sl::RunConfig config;
            config.sparsity.method = name;
            const std::string criterion =
                sl::makeSparsityMethod(config.sparsity)->growCriterionName();
            if (!criterion.empty()) out << QString::fromStdString(criterion);
        }
        sl::RunConfig probe;
        for (const auto& f : sl::configFields(probe)) {
            out << QString::fromLatin1(f.key);
            // The model kinds too: a view asks what a kind implies (train/model_kind.h:
            // isLanguageModel, routesToExperts), not its name.
            if (std::string(f.key) == "model.kind")
                for (const auto& kind : f.limits.choices) out << QString::fromStdString(kind);
        }
        return out;
    }

    // A comparison with one of the names, whatever wraps the literal.
    static QRegularExpression comparisonPattern() {
        QStringList quoted;
        for (const auto& name : names()) quoted << QRegularExpression::escape(name);
        const QString literal =
            QString::fromLatin1(
                R"re((?:QLatin1String|QStringLiteral|QString|std::string|u)?\(?\s*"(%1)"\s*\)?)re")
                .arg(quoted.join(QLatin1Char('|')));
        // The same names through a method's constants (GradientGrowth::kCriterion, ::kName).
        const QString constant = QString::fromLatin1(R"re(\b\w+::k(?:Name|Criterion)\b)re");
        return QRegularExpression(
            QString::fromLatin1(R"re((?:==|!=)\s*%1|%1\s*(?:==|!=)|\.compare\(\s*%1|)re"
                                R"re((?:==|!=)\s*%2|%2\s*(?:==|!=))re")
                .arg(literal, constant));
    }
    // A window file that includes a method's own header is about to ask it by name or type.
    static bool includesAMethod(const QString& line) {
        return line.startsWith(QLatin1String("#include")) &&
               line.contains(QLatin1String("sparsity/methods/"));
    }

    static QStringList offences(const QString& text, const QString& file) {
        QStringList out;
        static const QRegularExpression pattern = comparisonPattern();
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            const QString& line = lines[i];
            // Most lines compare nothing with a literal: skip them before the long pattern.
            const bool candidate =
                (line.contains(QLatin1Char('"')) || line.contains(QLatin1String("::k"))) &&
                (line.contains(QLatin1String("==")) || line.contains(QLatin1String("!=")) ||
                 line.contains(QLatin1String(".compare(")));
            if ((candidate && pattern.match(line).hasMatch()) || includesAMethod(line))
                out << QStringLiteral("%1:%2: %3").arg(file).arg(i + 1).arg(line.trimmed());
        }
        return out;
    }

private slots:
    // The pattern itself must be able to fail.
    void patternFindsComparisons() {
        QCOMPARE(offences(R"x(if (method == QLatin1String("rigl")) return;)x", "a").size(), 1);
        QCOMPARE(offences(R"x(if (key == "sparsity.delta_t") x();)x", "a").size(), 1);
        QCOMPARE(offences(R"x(const bool d = sparsity.method != "dense";)x", "a").size(), 1);
        QCOMPARE(offences(R"x(if ("nm" == name) {})x", "a").size(), 1);
        QCOMPARE(offences(R"x(setLive(QStringLiteral("optimizer.lr"), lr);)x", "a").size(), 0);
        QCOMPARE(offences(R"x(if (kind == "conv2d") {})x", "a").size(), 0);
        QCOMPARE(offences(R"x(const bool text = config.model.kind == "gpt";)x", "a").size(), 1);
        // Grow criteria, literally or through the method's constants, and a method's header.
        QCOMPARE(offences(R"x(const bool g = x.growCriterion == GradientGrowth::kCriterion;)x", "a")
                     .size(),
                 1);
        QCOMPARE(offences(R"x(if (RigL::kName != name) {})x", "a").size(), 1);
        QCOMPARE(offences(R"x(const bool latent = x.growCriterion == "latent |w|";)x", "a").size(),
                 1);
        QCOMPARE(offences(R"x(if (criterion != QStringLiteral("|gradient|")) {})x", "a").size(), 1);
        QCOMPARE(offences(R"x(#include "sparsity/methods/rigl.h")x", "a").size(), 1);
        QCOMPARE(offences(R"x(label->setText(tr("latent |w|"));)x", "a").size(), 0);
    }

    void noUiFileComparesMethodOrKeyNames() {
        QStringList found;
        int files = 0;
        QDirIterator it(QStringLiteral(SPARSELAB_UI_SOURCES), {"*.cpp", "*.h"}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            found << offences(QString::fromUtf8(file.readAll()), path);
            ++files;
        }
        QVERIFY2(files > 50, "ui/ sources not found");
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestUiSources)
#include "test_ui_sources.moc"
