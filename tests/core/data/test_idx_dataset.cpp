#include "data/dataset.h"
#include "data/idx_dataset.h"
#include "data/idx_reader.h"
#include "support/test_main.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

using sl::test::expectError;

namespace {

using Bytes = std::vector<std::uint8_t>;

void writeIdx(const std::string& path, const std::vector<std::uint32_t>& dims, const Bytes& data) {
    Bytes b{0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
    for (const std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            b.push_back(static_cast<std::uint8_t>(d >> shift));
    b.insert(b.end(), data.begin(), data.end());
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

std::string fashionFile(const char* base) {
    return std::string(sl::kFashionMnistDir) + "/" + base + ".gz";
}

// Train: 4 examples, features (a, b, c); test: 2 examples.
sl::TrainTestSplit handBuiltSplit() {
    sl::TrainTestSplit s;
    s.train.name = s.test.name = "hand";
    s.train.x.resize(3, 4);
    s.train.x << 1, 2, 3, 4,  // mean 2.5, std sqrt(1.25)
        5, 5, 5, 5,           // constant: only centred
        0, 0, 0, 8;           // mean 2, std sqrt(12)
    s.train.labels = {0, 1, 0, 1};
    s.test.x.resize(3, 2);
    s.test.x << 3, 0, 7, 5, 2, 14;
    s.test.labels = {1, 0};
    s.train.numClasses = s.test.numClasses = 2;
    return s;
}

}  // namespace

class TestIdxDataset : public QObject {
    Q_OBJECT

    sl::TrainTestSplit m_fashion;
    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QElapsedTimer timer;
        timer.start();
        m_fashion = sl::loadIdxFolder(sl::kFashionMnistDir, "fashion-mnist");
        qInfo("full Fashion-MNIST loaded in %lld ms", static_cast<long long>(timer.elapsed()));
    }

    void fashionMnistShape() {
        const sl::Dataset& train = m_fashion.train;
        const sl::Dataset& test = m_fashion.test;
        QCOMPARE(train.count(), 60000);
        QCOMPARE(test.count(), 10000);
        QCOMPARE(train.features(), 784);
        QCOMPARE(test.features(), 784);
        QCOMPARE(train.labels.size(), std::size_t(60000));
        QCOMPARE(test.labels.size(), std::size_t(10000));
        QCOMPARE(train.numClasses, 10);
        QCOMPARE(test.numClasses, 10);
        QCOMPARE(train.imageRows, 28);
        QCOMPARE(train.imageCols, 28);
        QCOMPARE(test.imageRows, 28);
        QCOMPARE(train.name, std::string("fashion-mnist"));
        QCOMPARE(train.classNames, sl::fashionMnistClassNames());
        QCOMPARE(train.classNames.size(), std::size_t(10));
        QCOMPARE(train.classNames[0], std::string("T-shirt/top"));
        QCOMPARE(train.classNames[9], std::string("Ankle boot"));
    }

    void fashionMnistPixelsInUnitRange() {
        for (const sl::Dataset* d : {&m_fashion.train, &m_fashion.test}) {
            QCOMPARE(d->x.minCoeff(), 0.0f);
            QCOMPARE(d->x.maxCoeff(), 1.0f);  // 255 occurs in both sets
        }
    }

    void fashionMnistIsBalanced() {
        std::array<int, 10> train{}, test{};
        for (const int label : m_fashion.train.labels) ++train.at(std::size_t(label));
        for (const int label : m_fashion.test.labels) ++test.at(std::size_t(label));
        for (int c = 0; c < 10; ++c) {
            QCOMPARE(train[std::size_t(c)], 6000);
            QCOMPARE(test[std::size_t(c)], 1000);
        }
    }

    void fashionMnistMatchesRawBytes() {
        const sl::Dataset& train = m_fashion.train;
        // Values read off the files with Python's gzip module: image 0 is an ankle boot.
        QCOMPARE(train.labels[0], 9);
        QCOMPARE(train.labels[3], 3);
        QCOMPARE(m_fashion.test.labels[1], 2);
        QCOMPARE(train.x(14 * 28 + 14, 0), 217.0f / 255.0f);  // row 14, column 14
        QCOMPARE(train.x(3 * 28 + 16, 0), 73.0f / 255.0f);
        QCOMPARE(train.x(10 * 28 + 10, 1), 252.0f / 255.0f);
        QCOMPARE(train.x(0, 0), 0.0f);

        // And every value of the training set against an independent read of the bytes.
        const sl::IdxArray images = sl::readIdxImages(fashionFile("train-images-idx3-ubyte"));
        const sl::IdxArray labels = sl::readIdxLabels(fashionFile("train-labels-idx1-ubyte"));
        QCOMPARE(images.dims, (std::vector<std::int32_t>{60000, 28, 28}));
        std::size_t mismatches = 0;
        for (int i = 0; i < 60000; ++i) {
            mismatches += train.labels[std::size_t(i)] != labels.data[std::size_t(i)];
            for (int p = 0; p < 784; ++p)
                mismatches +=
                    train.x(p, i) != images.data[std::size_t(i) * 784 + std::size_t(p)] / 255.0f;
        }
        QCOMPARE(mismatches, std::size_t(0));
    }

    void firstExamplesKeepsPrefixAndMetadata() {
        const sl::Dataset head = sl::firstExamples(m_fashion.train, 3);
        QCOMPARE(head.count(), 3);
        QCOMPARE(head.labels, (std::vector<std::int32_t>{9, 0, 0}));
        QVERIFY(head.x == m_fashion.train.x.leftCols(3));
        QCOMPARE(head.numClasses, 10);
        QCOMPARE(head.imageRows, 28);
        QCOMPARE(head.imageCols, 28);
        QCOMPARE(head.classNames.size(), std::size_t(10));
        QCOMPARE(head.name, std::string("fashion-mnist"));

        const sl::TrainTestSplit s = handBuiltSplit();
        QCOMPARE(sl::firstExamples(s.train, 0).count(), 4);  // 0 keeps all
        QCOMPARE(sl::firstExamples(s.train, -1).count(), 4);
        QCOMPARE(sl::firstExamples(s.train, 9).count(), 4);  // more than there are
        QVERIFY(sl::firstExamples(s.train, 4).x == s.train.x);
        const sl::Dataset two = sl::firstExamples(s.train, 2);
        QCOMPARE(two.labels, (std::vector<std::int32_t>{0, 1}));
        QCOMPARE(two.x(0, 1), 2.0f);
        QCOMPARE(two.x(2, 1), 0.0f);
    }

    void standardizeHandBuilt() {
        sl::TrainTestSplit s = handBuiltSplit();
        sl::standardize(s);
        const float sdA = std::sqrt(1.25f), sdC = std::sqrt(12.0f);
        const float trainA[4] = {-1.5f / sdA, -0.5f / sdA, 0.5f / sdA, 1.5f / sdA};
        const float trainC[4] = {-2 / sdC, -2 / sdC, -2 / sdC, 6 / sdC};
        for (int j = 0; j < 4; ++j) {
            QCOMPARE(s.train.x(0, j), trainA[j]);
            QCOMPARE(s.train.x(1, j), 0.0f);
            QCOMPARE(s.train.x(2, j), trainC[j]);
        }
        // The test set moves by the training statistics, not its own.
        QCOMPARE(s.test.x(0, 0), 0.5f / sdA);
        QCOMPARE(s.test.x(0, 1), -2.5f / sdA);
        QCOMPARE(s.test.x(1, 0), 2.0f);  // constant feature: centred, not scaled
        QCOMPARE(s.test.x(1, 1), 0.0f);
        QCOMPARE(s.test.x(2, 0), 0.0f);
        QCOMPARE(s.test.x(2, 1), 12 / sdC);
        QCOMPARE(s.train.labels, (std::vector<std::int32_t>{0, 1, 0, 1}));
    }

    void standardizeFashionMnist() {
        sl::TrainTestSplit s{sl::firstExamples(m_fashion.train, 20000), m_fashion.test};
        // The expected test value of one pixel, from training statistics computed here in double.
        const int pixel = 14 * 28 + 14;
        double sum = 0, sumSq = 0;
        for (int j = 0; j < s.train.count(); ++j) sum += s.train.x(pixel, j);
        const double mean = sum / s.train.count();
        for (int j = 0; j < s.train.count(); ++j) sumSq += std::pow(s.train.x(pixel, j) - mean, 2);
        const double sd = std::sqrt(sumSq / s.train.count());
        const double expectedTest = (s.test.x(pixel, 7) - mean) / sd;

        sl::standardize(s);
        QVERIFY(std::abs(s.test.x(pixel, 7) - expectedTest) < 1e-5);
        int scaled = 0;
        for (int i = 0; i < s.train.features(); ++i) {
            double rowSum = 0, rowSumSq = 0;
            for (int j = 0; j < s.train.count(); ++j) rowSum += s.train.x(i, j);
            const double m = rowSum / s.train.count();
            for (int j = 0; j < s.train.count(); ++j) rowSumSq += std::pow(s.train.x(i, j) - m, 2);
            const double v = rowSumSq / s.train.count();
            QVERIFY2(std::abs(m) < 1e-5, qPrintable(QString("feature %1 mean %2").arg(i).arg(m)));
            // Constant pixels stay 0; every other pixel has unit variance.
            if (v > 0.0) {
                QVERIFY2(std::abs(v - 1.0) < 1e-4,
                         qPrintable(QString("feature %1 var %2").arg(i).arg(v)));
                ++scaled;
            }
        }
        QVERIFY(scaled > 700);
        // The test set is not standardized by its own statistics, so its mean is not exactly 0.
        QVERIFY(std::abs(s.test.x.row(pixel).mean()) > 1e-4);
    }

    void standardizeRejectsBadShapes() {
        sl::TrainTestSplit s = handBuiltSplit();
        s.test.x.resize(2, 2);
        expectError<sl::ShapeError>([&] { sl::standardize(s); },
                                    {"'hand'", "3 features", "test set has 2"});
        sl::TrainTestSplit empty = handBuiltSplit();
        empty.train.x.resize(3, 0);
        expectError<sl::DataError>([&] { sl::standardize(empty); }, {"training set is empty"});
    }

    void smallFolderLayoutAndScaling() {
        const std::string f = m_dir.path().toStdString() + "/small/";
        QVERIFY(QDir().mkpath(QString::fromStdString(f)));
        // 2 training images of 2 rows x 3 columns; labels 1 and 4, test labels 0 and 6.
        writeIdx(f + "train-images-idx3-ubyte", {2, 2, 3},
                 {0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6});
        writeIdx(f + "train-labels-idx1-ubyte", {2}, {1, 4});
        writeIdx(f + "t10k-images-idx3-ubyte", {2, 2, 3}, Bytes(12, 255));
        writeIdx(f + "t10k-labels-idx1-ubyte", {2}, {0, 6});
        const sl::TrainTestSplit s = sl::loadIdxFolder(f, "small");
        QCOMPARE(s.train.features(), 6);
        QCOMPARE(s.train.count(), 2);
        QCOMPARE(s.train.imageRows, 2);
        QCOMPARE(s.train.imageCols, 3);
        // Pixel (r, c) of image i is row r * cols + c of column i.
        QCOMPARE(s.train.x(0, 0), 0.0f);
        QCOMPARE(s.train.x(1, 0), 0.2f);
        QCOMPARE(s.train.x(3, 0), 0.6f);  // row 1, column 0: 153
        QCOMPARE(s.train.x(5, 0), 1.0f);
        QCOMPARE(s.train.x(2, 1), 3.0f / 255.0f);
        QCOMPARE(s.train.labels, (std::vector<std::int32_t>{1, 4}));
        QCOMPARE(s.test.labels, (std::vector<std::int32_t>{0, 6}));
        QCOMPARE(s.train.numClasses, 7);  // largest label of either set + 1
        QCOMPARE(s.test.numClasses, 7);
        QVERIFY(s.train.classNames.empty());
        QCOMPARE(s.test.name, std::string("small"));

        // Labels up to 6 fit Fashion-MNIST's ten names; a label of 12 does not.
        QCOMPARE(sl::loadIdxFolder(f, "fashion-mnist").train.classNames.size(), std::size_t(10));
        writeIdx(f + "t10k-labels-idx1-ubyte", {2}, {0, 12});
        expectError<sl::DataError>([&] { sl::loadIdxFolder(f, "fashion-mnist"); },
                                   {f, "labels up to 12", "Fashion-MNIST has 10 classes"});
    }

    void folderProblemsAreNamed() {
        const std::string missing = m_dir.path().toStdString() + "/absent";
        const std::string message = expectError<sl::DataError>(
            [&] { sl::loadIdxFolder(missing, "x"); }, {"'" + missing + "'", "does not exist"});
        // The apt-get hint is for the Debian package's folder only.
        QVERIFY(message.find("apt-get") == std::string::npos);

        const std::string f = m_dir.path().toStdString() + "/partial";
        QVERIFY(QDir().mkpath(QString::fromStdString(f)));
        writeIdx(f + "/train-images-idx3-ubyte", {1, 2, 2}, Bytes(4, 0));
        writeIdx(f + "/train-labels-idx1-ubyte", {1}, {0});
        expectError<sl::DataError>([&] { sl::loadIdxFolder(f, "x"); },
                                   {"'" + f + "'", "has no t10k-images-idx3-ubyte or "
                                                   "t10k-images-idx3-ubyte.gz"});

        // Train 2x2 images, test 2x3.
        writeIdx(f + "/t10k-images-idx3-ubyte", {1, 2, 3}, Bytes(6, 0));
        writeIdx(f + "/t10k-labels-idx1-ubyte", {1}, {0});
        expectError<sl::DataError>([&] { sl::loadIdxFolder(f, "x"); },
                                   {f + "/train-images-idx3-ubyte' are 2x2",
                                    f + "/t10k-images-idx3-ubyte' are 2x3", "sizes must agree"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestIdxDataset)
#include "test_idx_dataset.moc"
