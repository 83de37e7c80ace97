#include "data/synthetic.h"
#include "support/test_main.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

using sl::SyntheticKind;
using sl::test::expectError;

namespace {

constexpr float kTol = 1e-5f;
constexpr float kTwoPi = 2.0f * std::numbers::pi_v<float>;

sl::SyntheticSpec spec(SyntheticKind kind, float noise = 0.0f, int classes = 2,
                       std::uint64_t seed = 1, int train = 2000, int test = 1000) {
    sl::SyntheticSpec s;
    s.kind = kind;
    s.noise = noise;
    s.classes = classes;
    s.seed = seed;
    s.trainCount = train;
    s.testCount = test;
    return s;
}

Eigen::Vector2f point(const sl::Dataset& d, int i) { return d.x.col(i); }
int label(const sl::Dataset& d, int i) { return d.labels[std::size_t(i)]; }

void addKindRows() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("expectedClasses");
    QTest::newRow("spirals-3") << int(SyntheticKind::Spirals) << 3 << 3;
    QTest::newRow("moons") << int(SyntheticKind::Moons) << 5 << 2;  // classes is ignored
    QTest::newRow("circles") << int(SyntheticKind::Circles) << 2 << 2;
    QTest::newRow("xor") << int(SyntheticKind::Xor) << 2 << 2;
    QTest::newRow("blobs-4") << int(SyntheticKind::Blobs) << 4 << 4;
    QTest::newRow("blobs-7") << int(SyntheticKind::Blobs) << 7 << 7;
}

}  // namespace

class TestSynthetic : public QObject {
    Q_OBJECT
private slots:
    void countsAndBalance_data() { addKindRows(); }
    void countsAndBalance() {
        QFETCH(int, kind);
        QFETCH(int, classes);
        QFETCH(int, expectedClasses);
        const auto k = SyntheticKind(kind);
        // Counts that do not divide by the class count: balanced means within one.
        const sl::TrainTestSplit s = sl::makeSynthetic(spec(k, 0.1f, classes, 3, 301, 150));
        for (const sl::Dataset* d : {&s.train, &s.test}) {
            QCOMPARE(d->name, sl::syntheticKindName(k));
            QCOMPARE(d->numClasses, expectedClasses);
            QCOMPARE(d->features(), 2);
            QCOMPARE(d->labels.size(), std::size_t(d->count()));
            QCOMPARE(d->imageRows, 0);
            std::vector<int> histogram(std::size_t(expectedClasses), 0);
            for (const int l : d->labels) {
                QVERIFY(l >= 0 && l < expectedClasses);
                ++histogram[std::size_t(l)];
            }
            const int n = d->count();
            for (int c = 0; c < expectedClasses; ++c)
                QCOMPARE(histogram[std::size_t(c)],
                         n / expectedClasses + (c < n % expectedClasses ? 1 : 0));
        }
        QCOMPARE(s.train.count(), 301);
        QCOMPARE(s.test.count(), 150);
    }

    void deterministic_data() { addKindRows(); }
    void deterministic() {
        QFETCH(int, kind);
        QFETCH(int, classes);
        const auto k = SyntheticKind(kind);
        const sl::TrainTestSplit a = sl::makeSynthetic(spec(k, 0.1f, classes, 42));
        const sl::TrainTestSplit b = sl::makeSynthetic(spec(k, 0.1f, classes, 42));
        const sl::TrainTestSplit c = sl::makeSynthetic(spec(k, 0.1f, classes, 43));
        QVERIFY(a.train.x == b.train.x);
        QVERIFY(a.test.x == b.test.x);
        QCOMPARE(a.train.labels, b.train.labels);
        QVERIFY(a.train.x != c.train.x);
        QVERIFY(a.test.x != c.test.x);
        // Train and test are different draws, and the test points do not depend on the
        // number of training points.
        QVERIFY(a.train.x.leftCols(1000) != a.test.x);
        const sl::TrainTestSplit d = sl::makeSynthetic(spec(k, 0.1f, classes, 42, 500));
        QVERIFY(d.test.x == a.test.x);
        QVERIFY(d.train.x == a.train.x.leftCols(500));
    }

    void bounded_data() { addKindRows(); }
    void bounded() {
        QFETCH(int, kind);
        QFETCH(int, classes);
        const auto k = SyntheticKind(kind);
        const sl::TrainTestSplit clean = sl::makeSynthetic(spec(k, 0.0f, classes, 5));
        QVERIFY(clean.train.x.cwiseAbs().maxCoeff() <= 1.5f);
        QVERIFY(clean.test.x.cwiseAbs().maxCoeff() <= 1.5f);
        QVERIFY(clean.train.x.allFinite());
        // With noise 0.1, a few points may leave the square, but not by many deviations.
        const sl::TrainTestSplit noisy = sl::makeSynthetic(spec(k, 0.1f, classes, 5));
        QVERIFY(noisy.train.x.cwiseAbs().maxCoeff() < 2.0f);
        const auto outside = (noisy.train.x.cwiseAbs().array() > 1.5f).count();
        QVERIFY2(outside < 40, qPrintable(QString::number(outside)));
    }

    void noiseIsGaussianWithTheGivenStd_data() { addKindRows(); }
    void noiseIsGaussianWithTheGivenStd() {
        QFETCH(int, kind);
        QFETCH(int, classes);
        const auto k = SyntheticKind(kind);
        // The same seed draws the same clean points, so the difference is the noise alone.
        const sl::TrainTestSplit clean = sl::makeSynthetic(spec(k, 0.0f, classes, 9, 4000));
        const sl::TrainTestSplit noisy = sl::makeSynthetic(spec(k, 0.2f, classes, 9, 4000));
        const Eigen::MatrixXf diff = noisy.train.x - clean.train.x;
        double sum = 0, sumSq = 0;
        for (Eigen::Index i = 0; i < diff.size(); ++i) {
            sum += diff.data()[i];
            sumSq += double(diff.data()[i]) * diff.data()[i];
        }
        const double n = double(diff.size());
        const double mean = sum / n;
        const double sd = std::sqrt(sumSq / n - mean * mean);
        QVERIFY2(std::abs(mean) < 0.01, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(sd - 0.2) < 0.006, qPrintable(QString::number(sd)));
    }

    void spiralsLieOnTheirArms() {
        const int arms = 3;
        const sl::Dataset d = sl::makeSynthetic(spec(SyntheticKind::Spirals, 0.0f, arms)).train;
        for (int i = 0; i < d.count(); ++i) {
            const Eigen::Vector2f p = point(d, i);
            const float r = p.norm();
            QVERIFY(r < 1.0f + kTol);
            // Arm k starts at angle 2 pi k / K and makes one full turn as r goes from 0 to 1.
            const float angle = kTwoPi * float(label(d, i)) / arms + kTwoPi * r;
            QVERIFY((p - r * Eigen::Vector2f(std::cos(angle), std::sin(angle))).norm() < 1e-4f);
        }
    }

    void moonsLieOnTheirHalfCircles() {
        const sl::Dataset d = sl::makeSynthetic(spec(SyntheticKind::Moons)).train;
        const Eigen::Vector2f upperCentre(-0.4f, -0.2f), lowerCentre(0.4f, 0.2f);
        for (int i = 0; i < d.count(); ++i) {
            const Eigen::Vector2f p = point(d, i);
            if (label(d, i) == 0) {
                QVERIFY(std::abs((p - upperCentre).norm() - 0.8f) < kTol);
                QVERIFY(p.y() >= upperCentre.y() - kTol);
            } else {
                QVERIFY(std::abs((p - lowerCentre).norm() - 0.8f) < kTol);
                QVERIFY(p.y() <= lowerCentre.y() + kTol);
            }
        }
        // The moons interleave: each tip reaches under (or over) the other moon's centre.
        float upperMaxX = -10, lowerMinX = 10;
        for (int i = 0; i < d.count(); ++i) {
            if (label(d, i) == 0) upperMaxX = std::max(upperMaxX, point(d, i).x());
            else lowerMinX = std::min(lowerMinX, point(d, i).x());
        }
        QVERIFY(upperMaxX > 0.39f && upperMaxX <= 0.4f + kTol);
        QVERIFY(lowerMinX < -0.39f && lowerMinX >= -0.4f - kTol);
    }

    void circlesSeparateByRadius() {
        const sl::Dataset d = sl::makeSynthetic(spec(SyntheticKind::Circles)).train;
        for (int i = 0; i < d.count(); ++i)
            QVERIFY(std::abs(point(d, i).norm() - (label(d, i) == 0 ? 1.0f : 0.5f)) < kTol);
        // Angles cover the whole circle: all four quadrants are used by each class.
        for (int c = 0; c < 2; ++c) {
            int quadrants[4] = {0, 0, 0, 0};
            for (int i = 0; i < d.count(); ++i)
                if (label(d, i) == c)
                    ++quadrants[(point(d, i).x() > 0 ? 1 : 0) + (point(d, i).y() > 0 ? 2 : 0)];
            for (const int q : quadrants) QVERIFY(q > 200);
        }
    }

    void xorLabelIsTheQuadrantParity() {
        const sl::Dataset d = sl::makeSynthetic(spec(SyntheticKind::Xor)).train;
        int quadrants[4] = {0, 0, 0, 0};
        for (int i = 0; i < d.count(); ++i) {
            const Eigen::Vector2f p = point(d, i);
            QVERIFY(std::abs(p.x()) >= 0.1f && std::abs(p.x()) <= 1.0f);
            QVERIFY(std::abs(p.y()) >= 0.1f && std::abs(p.y()) <= 1.0f);
            // sign(x) * sign(y) = +1 is class 0, -1 is class 1.
            QCOMPARE(label(d, i), p.x() * p.y() > 0 ? 0 : 1);
            ++quadrants[(p.x() > 0 ? 1 : 0) + (p.y() > 0 ? 2 : 0)];
        }
        for (const int q : quadrants) QVERIFY(q > 400);
    }

    void blobsGatherAroundTheirCentres() {
        const int k = 4;
        const sl::Dataset d = sl::makeSynthetic(spec(SyntheticKind::Blobs, 0.0f, k)).train;
        // Centres at angles 0, 90, 180, 270 degrees on the circle of radius 0.9.
        const Eigen::Vector2f centres[k] = {
            {0.9f, 0.0f}, {0.0f, 0.9f}, {-0.9f, 0.0f}, {0.0f, -0.9f}};
        Eigen::Vector2f sums[k] = {Eigen::Vector2f::Zero(), Eigen::Vector2f::Zero(),
                                   Eigen::Vector2f::Zero(), Eigen::Vector2f::Zero()};
        for (int i = 0; i < d.count(); ++i) {
            const Eigen::Vector2f p = point(d, i);
            int nearest = 0;
            for (int c = 1; c < k; ++c)
                if ((p - centres[c]).norm() < (p - centres[nearest]).norm()) nearest = c;
            QCOMPARE(nearest, label(d, i));
            sums[label(d, i)] += p;
        }
        for (int c = 0; c < k; ++c)
            QVERIFY(((sums[c] / (d.count() / k)) - centres[c]).norm() < 0.03f);
    }

    void badSpecsNameTheField() {
        using sl::ConfigError;
        expectError<ConfigError>([] { sl::makeSynthetic(spec(SyntheticKind::Moons, 0, 2, 1, 0)); },
                                 {"data.samples", "training set", "got 0"});
        expectError<ConfigError>(
            [] { sl::makeSynthetic(spec(SyntheticKind::Moons, 0, 2, 1, 100, 0)); },
            {"data.samples", "test set", "got 0"});
        expectError<ConfigError>([] { sl::makeSynthetic(spec(SyntheticKind::Spirals, 0.1f, 1)); },
                                 {"data.classes", "spirals need at least 2", "got 1"});
        expectError<ConfigError>([] { sl::makeSynthetic(spec(SyntheticKind::Blobs, 0.1f, 0)); },
                                 {"data.classes", "blobs"});
        expectError<ConfigError>([] { sl::makeSynthetic(spec(SyntheticKind::Circles, -0.1f)); },
                                 {"data.noise", ">= 0"});
        const float nan = std::numeric_limits<float>::quiet_NaN();
        expectError<ConfigError>([&] { sl::makeSynthetic(spec(SyntheticKind::Xor, nan)); },
                                 {"data.noise"});
        // Every problem is reported, one per line.
        const std::string all = expectError<ConfigError>(
            [] { sl::makeSynthetic(spec(SyntheticKind::Blobs, -1.0f, 1, 1, -5)); },
            {"data.classes", "data.samples", "data.noise"});
        QCOMPARE(std::count(all.begin(), all.end(), '\n'), 2L);
        // Classes only matter for spirals and blobs.
        QCOMPARE(sl::makeSynthetic(spec(SyntheticKind::Moons, 0.1f, 1)).train.numClasses, 2);
    }

    void kindNames() {
        QCOMPARE(sl::syntheticKindNames(),
                 (std::vector<std::string>{"spirals", "moons", "circles", "xor", "blobs"}));
        for (const auto& name : sl::syntheticKindNames())
            QCOMPARE(sl::syntheticKindName(sl::syntheticKindFromName(name)), name);
        QVERIFY(sl::syntheticKindFromName("xor") == SyntheticKind::Xor);
        expectError<sl::ConfigError>([] { sl::syntheticKindFromName("swirl"); },
                                     {"'swirl'", "spirals, moons, circles, xor, blobs"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSynthetic)
#include "test_synthetic.moc"
