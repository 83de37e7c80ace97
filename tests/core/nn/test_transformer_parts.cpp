#include "nn/causal_attention.h"
#include "nn/embedding.h"
#include "nn/gelu.h"
#include "nn/layer_norm.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>

#include <cmath>

// Finite-difference checks of the transformer's parts, each on L = Σ W ⊙ output with a fixed
// random W (so dL/d(output) = W), and hand-computed values where they are easy.
namespace {

using sl::Activations;
using sl::test::gradientError;
using sl::test::randomMatrix;

double weighted(const Activations& y, const Activations& w) {
    return static_cast<double>((y.array() * w.array()).sum());
}

}  // namespace

class TestTransformerParts : public QObject {
    Q_OBJECT

private slots:
    void geluValuesByHand() {
        Activations x(3, 1), y;
        x << 0.0f, 1.0f, -1.0f;
        sl::geluForward(x, y);
        // Φ(1) = 0.8413447: GELU(1) = 0.8413447, GELU(-1) = -(1 - Φ(1)) = -0.1586553.
        QCOMPARE(y(0), 0.0f);
        QVERIFY(std::abs(y(1) - 0.8413447f) < 1e-6f);
        QVERIFY(std::abs(y(2) + 0.1586553f) < 1e-6f);
    }

    void geluGradient() {
        sl::Rng rng(1);
        Activations x = 3.0f * randomMatrix(5, 4, rng);
        const Activations w = randomMatrix(5, 4, rng);
        Activations y, dx;
        sl::geluBackward(x, w, dx);
        const double err = gradientError(
            x, dx,
            [&] {
                sl::geluForward(x, y);
                return weighted(y, w);
            },
            1e-3f, 1e-2);
        QVERIFY2(err < 1e-2, qPrintable(QString::number(err)));
    }

    void layerNormNormalizesEachColumn() {
        sl::LayerNorm ln(4);
        Activations x(4, 2), y;
        x << 1, 10, 2, 10, 3, 10, 4, 11;
        ln.forward(x, y);
        // Column 0: mean 2.5, variance 1.25.
        const float s = 1.0f / std::sqrt(1.25f + 1e-5f);
        QVERIFY(std::abs(y(0, 0) + 1.5f * s) < 1e-5f);
        QVERIFY(std::abs(y(3, 0) - 1.5f * s) < 1e-5f);
        QVERIFY(std::abs(y.col(1).sum()) < 1e-4f);
        QVERIFY(std::abs(y.col(1).squaredNorm() / 4.0f - 1.0f) < 1e-3f);
    }

    void layerNormGradients() {
        sl::Rng rng(2);
        sl::LayerNorm ln(6);
        for (Eigen::Index i = 0; i < ln.gain.size(); ++i) {
            ln.gain(i) = 1.0f + rng.uniform(-0.5f, 0.5f);
            ln.bias(i) = rng.uniform(-0.5f, 0.5f);
        }
        Activations x = 2.0f * randomMatrix(6, 3, rng);
        const Activations w = randomMatrix(6, 3, rng);
        Activations y, dx;
        ln.forward(x, y);
        ln.backward(w, dx);
        const sl::Tensor gainGrad = ln.gainGrad, biasGrad = ln.biasGrad;
        auto loss = [&] {
            Activations out;
            ln.forward(x, out);
            return weighted(out, w);
        };
        const double ex = gradientError(x, dx, loss, 1e-3f, 1e-2);
        const double eg = gradientError(ln.gain, gainGrad, loss, 1e-3f, 1e-2);
        const double eb = gradientError(ln.bias, biasGrad, loss, 1e-3f, 1e-2);
        QVERIFY2(ex < 2e-2, qPrintable(QString::number(ex)));
        QVERIFY2(eg < 2e-2, qPrintable(QString::number(eg)));
        QVERIFY2(eb < 2e-2, qPrintable(QString::number(eb)));
    }

    void embeddingLooksUpAndSumsGradients() {
        sl::Embedding e(4, 3);
        sl::Rng rng(3);
        e.initialize(1.0f, rng);
        const std::vector<int> ids{2, 0, 2};
        Activations out;
        e.forward(ids, out, false);
        QCOMPARE(out.col(0), Activations(e.table.row(2).transpose()));
        QCOMPARE(out.col(1), Activations(e.table.row(0).transpose()));
        const Activations w = randomMatrix(3, 3, rng);
        e.backward(ids, w);
        // Row 2 was used twice: its gradient is the sum of both columns.
        QVERIFY((e.grad.row(2).transpose() - (w.col(0) + w.col(2))).norm() < 1e-6f);
        QCOMPARE(e.grad.row(1).norm(), 0.0f);
        const sl::Tensor grad = e.grad;
        const double err = gradientError(
            e.table, grad,
            [&] {
                Activations o;
                e.forward(ids, o, false);
                return weighted(o, w);
            },
            1e-2f, 1e-2);
        QVERIFY2(err < 1e-3, qPrintable(QString::number(err)));
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, e.forward({4}, out, false));
    }

    void attentionOfOnePositionCopiesItsValue() {
        // At position 0 a query sees only key 0: the output is V's first column, whatever Q, K.
        sl::Rng rng(4);
        sl::CausalSelfAttention attention(2);
        const Activations q = randomMatrix(4, 6, rng), k = randomMatrix(4, 6, rng),
                          v = randomMatrix(4, 6, rng);
        Activations out;
        attention.forward(q, k, v, 3, out);
        QVERIFY((out.col(0) - v.col(0)).norm() < 1e-6f);
        QVERIFY((out.col(3) - v.col(3)).norm() < 1e-6f);  // first position of sequence 2
        const Eigen::MatrixXf& p = attention.probabilities(1, 1);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(std::abs(p.row(i).sum() - 1.0f) < 1e-6f);
            for (int j = i + 1; j < 3; ++j) QCOMPARE(p(i, j), 0.0f);
        }
    }

    void attentionGradients() {
        sl::Rng rng(5);
        sl::CausalSelfAttention attention(2);
        const int T = 4;
        Activations q = 2.0f * randomMatrix(6, 2 * T, rng), k = 2.0f * randomMatrix(6, 2 * T, rng),
                    v = randomMatrix(6, 2 * T, rng);
        const Activations w = randomMatrix(6, 2 * T, rng);
        Activations out, dq, dk, dv;
        attention.forward(q, k, v, T, out);
        attention.backward(q, k, v, w, dq, dk, dv);
        auto loss = [&] {
            Activations o;
            sl::CausalSelfAttention again(2);
            again.forward(q, k, v, T, o);
            return weighted(o, w);
        };
        const double eq = gradientError(q, dq, loss, 1e-2f, 1e-2);
        const double ek = gradientError(k, dk, loss, 1e-2f, 1e-2);
        const double ev = gradientError(v, dv, loss, 1e-2f, 1e-2);
        QVERIFY2(eq < 2e-2, qPrintable(QString::number(eq)));
        QVERIFY2(ek < 2e-2, qPrintable(QString::number(ek)));
        QVERIFY2(ev < 2e-2, qPrintable(QString::number(ev)));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestTransformerParts)
#include "test_transformer_parts.moc"
