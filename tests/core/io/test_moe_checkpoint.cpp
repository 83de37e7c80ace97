#include "data/synthetic.h"
#include "io/checkpoint.h"
#include "nn/moe.h"
#include "support/error_message.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>
#include <hdf5.h>

// A mixture of experts keeps its gate and experts outside the prunable layers: the checkpoint
// stores them in /params, named as their optimizer state, and a resume puts them back.
class TestMoeCheckpoint : public QObject {
    Q_OBJECT

    static sl::RunConfig config() {
        sl::RunConfig c =
            sl::test::TinyRun().data("blobs", 300, 3).hidden({16}).batch(128).epochs(1).seed(42);
        c.model.kind = "moe";
        c.model.experts = 3;
        c.model.expertHidden = 8;
        return c;
    }

    static sl::MixtureOfExperts& moeOf(sl::Trainer& t) {
        for (const auto& layer : t.model().layers())
            if (auto* moe = dynamic_cast<sl::MixtureOfExperts*>(layer.get())) return *moe;
        throw std::logic_error("no moe layer");
    }

private slots:
    void gateAndExpertsRoundTrip() {
        sl::Trainer trainer(config(), sl::loadRunData(config()));
        trainer.run(3);
        QTemporaryDir dir;
        const std::string path = dir.filePath("moe.h5").toStdString();
        sl::saveCheckpoint(trainer, path);

        const sl::Checkpoint c = sl::readCheckpoint(path);
        QCOMPARE(c.otherParams.size(), std::size_t(2 + 4 * 3));
        QCOMPARE(c.otherParams[0].name, std::string("moe1/gate_weight"));
        QCOMPARE(c.otherParams[13].name, std::string("expert3_out_bias").insert(0, "moe1/"));
        QVERIFY(sl::test::sameBits(c.otherParams[0].value, moeOf(trainer).gate().weight));
        QVERIFY(sl::test::sameBits(c.otherParams[4].value, moeOf(trainer).expertOutput(0).weight));

        auto resumed = sl::loadCheckpoint(path);
        QVERIFY(sl::test::sameBits(moeOf(*resumed).gate().weight, moeOf(trainer).gate().weight));
        QVERIFY(sl::test::sameBits(moeOf(*resumed).expertInput(2).bias,
                                   moeOf(trainer).expertInput(2).bias));

        // A file without one of them is refused, naming it.
        const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        QVERIFY(f >= 0 && H5Ldelete(f, "/params/moe1/gate_weight", H5P_DEFAULT) >= 0);
        H5Fclose(f);
        sl::test::expectError<sl::CheckpointError>([&] { sl::readCheckpoint(path); },
                                                   {path + ": /params/moe1/gate_weight: missing"});
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestMoeCheckpoint)
#include "test_moe_checkpoint.moc"
