#include "data/synthetic.h"
#include "io/checkpoint.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

// A mixture of experts keeps its gate and experts outside the prunable layers, which are all
// the checkpoint layout stores: saving must refuse, clearly, and write nothing.
class TestMoeCheckpoint : public QObject {
    Q_OBJECT
private slots:
    void savingAMoeRunIsRefusedAndWritesNothing() {
        sl::RunConfig c;
        c.data.name = "blobs";
        c.data.classes = 3;
        c.data.samples = 300;
        c.model.kind = "moe";
        c.model.hidden = {16};
        c.model.experts = 3;
        c.model.expertHidden = 8;
        c.sparsity.method = "dense";
        c.train.epochs = 1;
        sl::Trainer trainer(c, sl::loadRunData(c));
        trainer.run(3);
        QTemporaryDir dir;
        const std::string path = dir.filePath("moe.h5").toStdString();
        try {
            sl::saveCheckpoint(trainer, path);
            QFAIL("expected a CheckpointError");
        } catch (const sl::CheckpointError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("model.kind moe") != std::string::npos, e.what());
            QVERIFY2(what.find("nothing was written") != std::string::npos, e.what());
        }
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMoeCheckpoint)
#include "test_moe_checkpoint.moc"
