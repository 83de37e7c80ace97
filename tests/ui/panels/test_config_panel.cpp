#include "panels/config_panel.h"
#include "support/test_main.h"

#include "sparsity/method.h"
#include "sparsity/method_descriptor.h"
#include "train/run_config.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextDocument>
#include <nlohmann/json.hpp>

using sl::ui::ConfigPanel;

namespace {

// A config far from the defaults in every section, with values the form can hold exactly.
sl::RunConfig unusualConfig() {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.trainSubset = 1500;
    c.data.testSubset = 300;
    c.data.standardize = true;
    c.data.samples = 4000;
    c.data.noise = 0.25f;
    c.data.classes = 3;
    c.model.hidden = {512, 256, 64};
    c.model.activation = "tanh";
    c.model.init = "glorot";
    c.optimizer.name = "adamw";
    c.optimizer.lr = 3e-4f;
    c.optimizer.momentum = 0.8f;
    c.optimizer.nesterov = true;
    c.optimizer.weightDecay = 5e-5f;
    c.optimizer.beta1 = 0.85f;
    c.optimizer.beta2 = 0.995f;
    c.optimizer.eps = 1e-7f;
    c.lrSchedule.name = "step";
    c.lrSchedule.stepEpochs = 3;
    c.lrSchedule.gamma = 0.5f;
    c.lrSchedule.minLr = 1e-5f;
    c.lrSchedule.warmupSteps = 200;
    c.train.epochs = 7;
    c.train.batchSize = 64;
    c.train.evalEvery = 500;
    c.train.logEvery = 25;
    c.train.maxSteps = 12345678901LL;
    c.sparsity.method = "rigl";
    c.sparsity.target = 0.95f;
    c.sparsity.distribution = "erk";
    c.sparsity.denseFirstLayer = true;
    c.sparsity.schedule = "cubic";
    c.sparsity.initial = 0.5f;
    c.sparsity.startStep = 100;
    c.sparsity.endStep = 3000;
    c.sparsity.deltaT = 250;
    c.sparsity.dropFraction = 0.25f;
    c.sparsity.dropSchedule = "constant";
    c.sparsity.tEnd = 4000;
    c.seed = 1234567890123456789ULL;
    c.threads = 4;
    return c;
}

QLabel* errorLabel(const ConfigPanel& panel, const QString& key) {
    return panel.findChild<QLabel*>(key + QStringLiteral(".error"));
}

QPushButton* applyButton(const ConfigPanel& panel) {
    return panel.findChild<QPushButton*>(QStringLiteral("apply"));
}

void typeInto(QLineEdit* edit, const QString& text) {
    edit->clear();
    QTest::keyClicks(edit, text);
}

}  // namespace

class TestConfigPanel : public QObject {
    Q_OBJECT
private slots:
    void everyFieldHasAnEditorWithItsHelp() {
        ConfigPanel panel;
        sl::RunConfig config;
        const auto fields = sl::configFields(config);
        QCOMPARE(panel.keys().size(), static_cast<qsizetype>(fields.size()));
        for (const auto& field : fields) {
            const QString key = QString::fromLatin1(field.key);
            const auto named = panel.findChildren<QWidget*>(key);
            QCOMPARE(named.size(), 1);
            QCOMPARE(panel.editorFor(key), named.front());
            // The tooltip is rich text (so that it wraps); compare what it shows.
            QTextDocument shown;
            shown.setHtml(named.front()->toolTip());
            const QString tip = shown.toPlainText();
            QVERIFY2(tip.contains(QString::fromUtf8(field.help)), qPrintable(key));
            QVERIFY2(tip.contains("Config key: " + key), qPrintable(key));
        }
    }

    void editorKindsFollowTheFieldTypes() {
        ConfigPanel panel;
        QVERIFY(qobject_cast<QComboBox*>(panel.editorFor("sparsity.method")));
        QVERIFY(qobject_cast<QLineEdit*>(panel.editorFor("data.path")));
        QVERIFY(qobject_cast<QSpinBox*>(panel.editorFor("train.batch_size")));
        QVERIFY(qobject_cast<QDoubleSpinBox*>(panel.editorFor("sparsity.target")));
        QVERIFY(qobject_cast<QLineEdit*>(panel.editorFor("optimizer.lr")));
        QVERIFY(qobject_cast<QCheckBox*>(panel.editorFor("optimizer.nesterov")));
        QVERIFY(qobject_cast<QLineEdit*>(panel.editorFor("model.hidden")));
        auto* batch = qobject_cast<QSpinBox*>(panel.editorFor("train.batch_size"));
        QCOMPARE(batch->minimum(), 1);
        QCOMPARE(batch->maximum(), 65536);
        QCOMPARE(qobject_cast<QDoubleSpinBox*>(panel.editorFor("optimizer.beta2"))->decimals(), 6);
    }

    void setConfigRoundTripsEveryField() {
        ConfigPanel panel;
        for (const sl::RunConfig& config : {sl::RunConfig{}, unusualConfig()}) {
            panel.setConfig(config);
            QVERIFY2(panel.isValid(), qPrintable(panel.errorText()));
            QCOMPARE(QString::fromStdString(sl::toJson(panel.config()).dump(2)),
                     QString::fromStdString(sl::toJson(config).dump(2)));
        }
        QCOMPARE(panel.config().seed, 1234567890123456789ULL);
        QCOMPARE(panel.config().train.maxSteps, 12345678901LL);
        QCOMPARE(qobject_cast<QLineEdit*>(panel.editorFor("model.hidden"))->text(),
                 QStringLiteral("512, 256, 64"));
        QCOMPARE(qobject_cast<QLineEdit*>(panel.editorFor("optimizer.lr"))->text(),
                 QStringLiteral("0.0003"));
    }

    void invalidHiddenListIsRefusedInPlace() {
        ConfigPanel panel;
        auto* hidden = qobject_cast<QLineEdit*>(panel.editorFor("model.hidden"));
        QLabel* error = errorLabel(panel, "model.hidden");
        QVERIFY(error);
        QVERIFY(error->isHidden());
        QVERIFY(applyButton(panel)->isEnabled());

        typeInto(hidden, "300, 0");
        QVERIFY(!panel.isValid());
        QVERIFY(!error->isHidden());
        QCOMPARE(
            error->text(),
            QStringLiteral("got [300,0] — expected a list of integers, each from 1 to 1000000"));
        QVERIFY(panel.errorText().contains("model.hidden: " + error->text()));
        QVERIFY(hidden->styleSheet().contains("border"));
        QVERIFY(!applyButton(panel)->isEnabled());

        typeInto(hidden, "300, 100, 50");
        QVERIFY(panel.isValid());
        QVERIFY(error->isHidden());
        QVERIFY(hidden->styleSheet().isEmpty());
        QVERIFY(applyButton(panel)->isEnabled());
        QCOMPARE(panel.config().model.hidden, (std::vector<int>{300, 100, 50}));
    }

    void negativeLearningRateIsRefusedInPlace() {
        ConfigPanel panel;
        auto* lr = qobject_cast<QLineEdit*>(panel.editorFor("optimizer.lr"));
        typeInto(lr, "-1");
        QVERIFY(!panel.isValid());
        QLabel* error = errorLabel(panel, "optimizer.lr");
        QVERIFY(!error->isHidden());
        QCOMPARE(error->text(), QStringLiteral("got -1 — expected a number from 1e-07 to 10"));
        QVERIFY(!applyButton(panel)->isEnabled());
        // Only the field at fault is marked.
        QVERIFY(errorLabel(panel, "model.hidden")->isHidden());

        typeInto(lr, "1e-4");
        QVERIFY(panel.isValid());
        QVERIFY(error->isHidden());
        QCOMPARE(panel.config().optimizer.lr, 1e-4f);
        QVERIFY(applyButton(panel)->isEnabled());
    }

    void crossFieldProblemIsShownAtItsField() {
        ConfigPanel panel;
        auto* name = qobject_cast<QComboBox*>(panel.editorFor("data.name"));
        name->setCurrentText("mnist");
        QVERIFY(!panel.isValid());
        QVERIFY(
            errorLabel(panel, "data.path")->text().startsWith("empty — data.name 'mnist' needs"));
        typeInto(qobject_cast<QLineEdit*>(panel.editorFor("data.path")), "/tmp/mnist");
        QVERIFY(panel.isValid());
        QCOMPARE(panel.config().data.path, std::string("/tmp/mnist"));
    }

    // In a narrow dock each label goes above its editor, so a value such as "fashion-mnist"
    // is not cut to a few letters; in a wide one they sit side by side again. Never overlapping.
    void aNarrowDockPutsLabelsAboveTheirEditors() {
        ConfigPanel panel;
        panel.resize(300, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QWidget* combo = panel.editorFor("data.name");
        QWidget* cell = combo->parentWidget();  // the editor with its error line
        auto* form = qobject_cast<QFormLayout*>(cell->parentWidget()->layout());
        QVERIFY(form);
        QWidget* label = form->labelForField(cell);
        QVERIFY(label);
        auto rectIn = [&](QWidget* w) { return QRect(w->mapTo(&panel, QPoint(0, 0)), w->size()); };
        QApplication::processEvents();
        const int room = panel.fontMetrics().horizontalAdvance(QLatin1Char('0')) * 18;
        QVERIFY2(combo->width() >= room, qPrintable(QString::number(combo->width())));
        QVERIFY(rectIn(label).bottom() < rectIn(combo).top());
        QVERIFY(!rectIn(label).intersects(rectIn(combo)));

        panel.resize(900, 700);
        QApplication::processEvents();
        QVERIFY(rectIn(label).right() < rectIn(combo).left());
        QVERIFY(rectIn(label).bottom() > rectIn(combo).top());  // the same row
        QVERIFY(combo->width() >= room);
    }

    void fieldsThatDoNotApplyAreHidden() {
        ConfigPanel panel;
        panel.show();
        auto visible = [&](const char* key) { return panel.editorFor(key)->isVisibleTo(&panel); };
        QVERIFY(visible("optimizer.momentum"));
        QVERIFY(!visible("optimizer.beta1"));
        qobject_cast<QComboBox*>(panel.editorFor("optimizer.name"))->setCurrentText("adam");
        QVERIFY(!visible("optimizer.momentum"));
        QVERIFY(!visible("optimizer.nesterov"));
        QVERIFY(visible("optimizer.beta1"));
        QVERIFY(visible("optimizer.eps"));

        auto* method = qobject_cast<QComboBox*>(panel.editorFor("sparsity.method"));
        method->setCurrentText("dense");
        QVERIFY(!visible("sparsity.drop_fraction"));
        QVERIFY(!visible("sparsity.target"));
        method->setCurrentText("rigl");
        QVERIFY(visible("sparsity.drop_fraction"));
        QVERIFY(visible("sparsity.delta_t"));
        QVERIFY(visible("sparsity.target"));
        QVERIFY(!visible("sparsity.initial"));
        method->setCurrentText("magnitude");
        QVERIFY(!visible("sparsity.drop_fraction"));
        qobject_cast<QComboBox*>(panel.editorFor("sparsity.schedule"))->setCurrentText("cubic");
        QVERIFY(visible("sparsity.initial"));
        QVERIFY(visible("sparsity.end_step"));

        QVERIFY(visible("data.path"));
        QVERIFY(!visible("data.noise"));
        qobject_cast<QComboBox*>(panel.editorFor("data.name"))->setCurrentText("moons");
        QVERIFY(!visible("data.path"));
        QVERIFY(visible("data.noise"));
        QVERIFY(!visible("data.classes"));

        // A gpt builds its own blocks: the MLP's shape fields do not apply; its own do.
        auto* kind = qobject_cast<QComboBox*>(panel.editorFor("model.kind"));
        QVERIFY(visible("model.hidden"));
        QVERIFY(!visible("model.layers"));
        kind->setCurrentText("gpt");
        for (const char* key :
             {"model.hidden", "model.activation", "model.init", "data.standardize"})
            QVERIFY2(!visible(key), key);
        QVERIFY(visible("model.layers"));
        kind->setCurrentText("cnn");
        QVERIFY(visible("model.hidden"));
        QVERIFY(visible("model.activation"));
    }

    // An MLP trained with RigL shows no convolution or mixture-of-experts field (the field
    // table says where each applies); "Show all" shows them, and hides them again.
    void showAllRevealsFieldsThatDoNotApply() {
        ConfigPanel panel;
        sl::RunConfig c;
        c.model.kind = "mlp";
        c.sparsity.method = "rigl";
        panel.setConfig(c);
        panel.show();
        auto visible = [&](const char* key) { return panel.editorFor(key)->isVisibleTo(&panel); };
        const char* other[] = {"model.conv_channels", "model.kernel_size", "model.stride",
                               "model.padding",       "model.pool",        "model.experts",
                               "model.expert_hidden", "model.top_k",       "model.balance_loss"};
        for (const char* key : other) QVERIFY2(!visible(key), key);
        QVERIFY(visible("model.hidden"));
        QVERIFY(visible("sparsity.delta_t"));
        QVERIFY(!visible("sparsity.l1_lambda"));
        QVERIFY(panel.showAllBox());
        panel.showAllBox()->click();
        QVERIFY(panel.showsAll());
        for (const char* key : other) QVERIFY2(visible(key), key);
        QVERIFY(visible("sparsity.l1_lambda"));
        // What applies is unchanged: the config is still valid and still an MLP.
        QVERIFY(panel.isValid());
        QCOMPARE(panel.config().model.kind, std::string("mlp"));
        panel.showAllBox()->click();
        for (const char* key : other) QVERIFY2(!visible(key), key);
    }

    // Every method in the list carries its descriptor's help; movement and movement-score are
    // told apart, and the chosen method's help stands under the list.
    void methodListExplainsEachMethod() {
        ConfigPanel panel;
        panel.show();
        auto* method = qobject_cast<QComboBox*>(panel.editorFor("sparsity.method"));
        QVERIFY(method);
        for (int i = 0; i < method->count(); ++i) {
            const auto& d = sl::sparsityMethodDescriptor(method->itemText(i).toStdString());
            const QString tip = method->itemData(i, Qt::ToolTipRole).toString();
            QVERIFY2(tip.contains(QString::fromUtf8(d.help)), qPrintable(method->itemText(i)));
            QVERIFY(tip.startsWith(QString::fromUtf8(d.displayName)));
        }
        const int movement = method->findText("movement");
        const int score = method->findText("movement-score");
        QVERIFY(movement >= 0 && score >= 0);
        QVERIFY(method->itemData(movement, Qt::ToolTipRole) !=
                method->itemData(score, Qt::ToolTipRole));
        auto* line = panel.findChild<QLabel*>("sparsity.method.help");
        QVERIFY(line);
        method->setCurrentIndex(score);
        QCOMPARE(line->text(), method->itemData(score, Qt::ToolTipRole).toString());
        method->setCurrentIndex(movement);
        QCOMPARE(line->text(), method->itemData(movement, Qt::ToolTipRole).toString());
    }

    // Labels, rows shown and live keys all come from the field table: walk it, for every
    // registered method, so a new key or method is covered without editing this test.
    void theTableDrivesLabelsVisibilityAndLiveKeys() {
        ConfigPanel panel;
        panel.show();
        sl::RunConfig config;
        const auto fields = sl::configFields(config);
        for (const auto& field : fields) {
            const QString key = QString::fromLatin1(field.key);
            auto* label = qobject_cast<QLabel*>(
                static_cast<QFormLayout*>(
                    panel.editorFor(key)->parentWidget()->parentWidget()->layout())
                    ->labelForField(panel.editorFor(key)->parentWidget()));
            QVERIFY2(label, qPrintable(key));
            QCOMPARE(label->text(), QString::fromUtf8(field.label));
            QCOMPARE(ConfigPanel::isLiveKey(key), field.live);
        }
        auto* method = qobject_cast<QComboBox*>(panel.editorFor("sparsity.method"));
        for (const auto& name : sl::sparsityMethodNames()) {
            method->setCurrentText(QString::fromStdString(name));
            QVERIFY(panel.isValid());
            const sl::RunConfig shown = panel.config();
            QCOMPARE(shown.sparsity.method, name);
            for (const auto& field : fields)
                QVERIFY2(panel.editorFor(field.key)->isVisibleTo(&panel) ==
                             sl::fieldApplies(field, shown),
                         qPrintable(QString::fromStdString(name) + ": " + field.key));
        }
        panel.setRunning(true);
        for (const auto& field : fields)
            QCOMPARE(panel.editorFor(field.key)->isEnabled(), field.live);
    }

    void liveParametersApplyDuringARun() {
        ConfigPanel panel;
        sl::RunConfig config;
        config.sparsity.method = "rigl";
        panel.setConfig(config);
        QSignalSpy live(&panel, &ConfigPanel::liveParameterChanged);
        auto* deltaT = qobject_cast<QSpinBox*>(panel.editorFor("sparsity.delta_t"));
        deltaT->setValue(150);  // not running: part of the next Apply, not live
        QCOMPARE(live.count(), 0);

        panel.setRunning(true);
        deltaT->setValue(250);
        QCOMPARE(live.count(), 1);
        QCOMPARE(live.at(0).at(0).toString(), QStringLiteral("sparsity.delta_t"));
        QCOMPARE(live.at(0).at(1).toDouble(), 250.0);

        qobject_cast<QDoubleSpinBox*>(panel.editorFor("sparsity.drop_fraction"))->setValue(0.5);
        QCOMPARE(live.count(), 2);
        QCOMPARE(live.at(1).at(0).toString(), QStringLiteral("sparsity.drop_fraction"));
        QCOMPARE(live.at(1).at(1).toDouble(), 0.5);

        auto* lr = qobject_cast<QLineEdit*>(panel.editorFor("optimizer.lr"));
        typeInto(lr, "-1");
        QTest::keyClick(lr, Qt::Key_Return);
        QCOMPARE(live.count(), 2);  // invalid: nothing goes to the engine
        typeInto(lr, "0.02");
        QTest::keyClick(lr, Qt::Key_Return);
        QCOMPARE(live.count(), 3);
        QCOMPARE(live.at(2).at(0).toString(), QStringLiteral("optimizer.lr"));
        QCOMPARE(live.at(2).at(1).toDouble(), 0.02);
        emit lr->editingFinished();  // focus out without a change sends nothing
        QCOMPARE(live.count(), 3);

        QVERIFY(deltaT->isEnabled());
        QVERIFY(lr->isEnabled());
        for (const char* key : {"train.batch_size", "sparsity.method", "model.hidden", "seed"}) {
            QWidget* editor = panel.editorFor(key);
            QVERIFY2(!editor->isEnabled(), key);
            QVERIFY2(editor->toolTip().contains("pause and reset to change this"), key);
        }
        QVERIFY(!applyButton(panel)->isEnabled());

        panel.setRunning(false);
        QVERIFY(panel.editorFor("train.batch_size")->isEnabled());
        QVERIFY(!panel.editorFor("train.batch_size")->toolTip().contains("pause and reset"));
        QVERIFY(applyButton(panel)->isEnabled());
    }

    void applyEmitsTheConfig() {
        ConfigPanel panel;
        QSignalSpy applied(&panel, &ConfigPanel::configApplied);
        qobject_cast<QSpinBox*>(panel.editorFor("train.batch_size"))->setValue(32);
        applyButton(panel)->click();
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).value<sl::RunConfig>().train.batchSize, 32);

        typeInto(qobject_cast<QLineEdit*>(panel.editorFor("model.hidden")), "0");
        applyButton(panel)->click();  // disabled: no signal
        QCOMPARE(applied.count(), 1);
    }
};

SPARSELAB_TEST_MAIN(TestConfigPanel)
#include "test_config_panel.moc"
