#include "sparsity/methods/l0.h"

#include "sparsity/emergent_mask.h"
#include "sparsity/hard_concrete.h"
#include "util/error.h"

#include <cmath>
#include <limits>

namespace sl {
namespace {

// Adam's usual constants (Kingma & Ba 2015); the paper trains log alpha with Adam too.
constexpr float kBeta1 = 0.9f, kBeta2 = 0.999f, kEps = 1e-8f;

}  // namespace

std::vector<MaskUpdateEvent> L0HardConcrete::begin(SparsityContext& context) {
    const auto& s = m_settings;
    if (!(s.l0Lambda >= 0.0f) || !std::isfinite(s.l0Lambda))
        throw ConfigError("sparsity.l0_lambda: got " + std::to_string(s.l0Lambda) +
                          " — expected a finite number >= 0");
    if (!(s.gateLr > 0.0f) || !std::isfinite(s.gateLr))
        throw ConfigError("sparsity.gate_lr: got " + std::to_string(s.gateLr) +
                          " — expected a finite number > 0");
    if (s.gateGranularity != "weight" && s.gateGranularity != "neuron")
        throw ConfigError("sparsity.gate_granularity: got '" + s.gateGranularity +
                          "' — expected weight or neuron");
    if (!context.rng) throw ConfigError("sparsity.method l0: needs the run's random generator");
    m_totalSteps = std::max(1LL, context.totalSteps);
    const float mean = std::log(1.0f - hard_concrete::kInitialDropRate) -
                       std::log(hard_concrete::kInitialDropRate);
    m_logAlpha.clear();
    m_fanIn.clear();
    for (PrunableLayer* d : context.layers) {
        m_fanIn.push_back(d->fanIn());
        // A closed gate may open again: the weight under it is kept and updated.
        d->setWeightMode(WeightMode::Plain);
        Tensor a(d->units(), perNeuron() ? 1 : d->fanIn());
        for (Eigen::Index i = 0; i < a.size(); ++i)
            a.data()[i] = mean + hard_concrete::kInitialStd * context.rng->normal();
        m_logAlpha.push_back(std::move(a));
    }
    m_z.clear();
    m_dz.clear();
    m_adamM.clear();
    m_adamV.clear();
    for (const Tensor& a : m_logAlpha) {
        m_z.push_back(Tensor::Ones(a.rows(), a.cols()));
        m_dz.push_back(Tensor::Zero(a.rows(), a.cols()));
        m_adamM.push_back(Tensor::Zero(a.rows(), a.cols()));
        m_adamV.push_back(Tensor::Zero(a.rows(), a.cols()));
    }
    m_adamSteps.setZero();
    return refreshMasks(context, 0);
}

void L0HardConcrete::setForwardWeight(PrunableLayer& layer, const Tensor& z) const {
    Tensor& gated = layer.transformWeight(WeightTransform::Method);
    if (perNeuron()) gated = z.col(0).asDiagonal() * layer.weight;
    else gated = layer.weight.cwiseProduct(z);
}

void L0HardConcrete::applyNoise(PrunableLayer& layer, std::size_t l, const Tensor& noise) {
    const Tensor& a = m_logAlpha[l];
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        const auto g = hard_concrete::sample(a.data()[i], noise.data()[i]);
        m_z[l].data()[i] = g.z;
        m_dz[l].data()[i] = g.dzdLogAlpha;
    }
    setForwardWeight(layer, m_z[l]);
}

void L0HardConcrete::beforeForward(SparsityContext& context, long long) {
    // One draw per gate from the run's generator, so a resumed run draws the same noise.
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        Tensor noise(m_logAlpha[l].rows(), m_logAlpha[l].cols());
        for (Eigen::Index i = 0; i < noise.size(); ++i) noise.data()[i] = context.rng->uniform();
        applyNoise(*context.layers[l], l, noise);
    }
}

void L0HardConcrete::beforeEvaluation(SparsityContext& context) {
    for (std::size_t l = 0; l < context.layers.size(); ++l)
        setForwardWeight(*context.layers[l], m_logAlpha[l].unaryExpr([](float a) {
            return hard_concrete::deterministic(a);
        }));
}

double L0HardConcrete::penalty() const {
    double sum = 0.0;
    for (std::size_t l = 0; l < m_logAlpha.size(); ++l) {
        const Tensor& a = m_logAlpha[l];
        double layer = 0.0;
        for (Eigen::Index i = 0; i < a.size(); ++i)
            layer += hard_concrete::openProbability(a.data()[i]);
        sum += weightsPerGate(l) * layer;
    }
    return m_settings.l0Lambda * sum;
}

Tensor L0HardConcrete::logAlphaGradient(const PrunableLayer& layer, std::size_t l) const {
    const Tensor& a = m_logAlpha[l];
    // dL/dz: per weight G ⊙ W; per neuron the row sums of it (z scales the whole row).
    Tensor dLdz = layer.weightGrad.cwiseProduct(layer.weight);
    if (perNeuron()) dLdz = dLdz.rowwise().sum().eval();
    const auto count = static_cast<float>(weightsPerGate(l));
    Tensor grad(a.rows(), a.cols());
    for (Eigen::Index i = 0; i < a.size(); ++i)
        grad.data()[i] =
            dLdz.data()[i] * m_dz[l].data()[i] +
            m_settings.l0Lambda * count * hard_concrete::openProbabilityGrad(a.data()[i]);
    return grad;
}

void L0HardConcrete::afterBackward(SparsityContext& context, long long) {
    m_adamSteps(0, 0) += 1.0f;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        PrunableLayer& d = *context.layers[l];
        const Tensor grad = logAlphaGradient(d, l);
        // weightGrad is dL/d(W ⊙ z); the chain rule to W multiplies by z.
        if (perNeuron()) d.weightGrad = m_z[l].col(0).asDiagonal() * d.weightGrad;
        else d.weightGrad.array() *= m_z[l].array();
        adamStep(l, grad);
    }
}

void L0HardConcrete::adamStep(std::size_t l, const Tensor& grad) {
    const float t = m_adamSteps(0, 0);
    const float lr =
        m_settings.gateLr * std::sqrt(1.0f - std::pow(kBeta2, t)) / (1.0f - std::pow(kBeta1, t));
    m_adamM[l] = kBeta1 * m_adamM[l] + (1.0f - kBeta1) * grad;
    m_adamV[l] = kBeta2 * m_adamV[l] + (1.0f - kBeta2) * grad.cwiseAbs2();
    m_logAlpha[l].array() -= lr * m_adamM[l].array() / (m_adamV[l].array().sqrt() + kEps);
}

std::vector<MaskUpdateEvent> L0HardConcrete::afterOptimizerStep(SparsityContext& context,
                                                                long long step) {
    if (!isMaskUpdateStep(step)) return {};
    return refreshMasks(context, step);
}

double L0HardConcrete::targetSparsityAt(long long) const {
    return std::numeric_limits<double>::quiet_NaN();
}

bool L0HardConcrete::isMaskUpdateStep(long long step) const {
    return step > 0 && (step % std::max(1, m_settings.deltaT) == 0 || step == m_totalSteps);
}

std::vector<MaskUpdateEvent> L0HardConcrete::refreshMasks(SparsityContext& context,
                                                          long long step) {
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        PrunableLayer& d = *context.layers[l];
        const Tensor open = m_logAlpha[l].unaryExpr(
            [](float a) { return hard_concrete::deterministic(a) > 0.0f ? 1.0f : 0.0f; });
        const Tensor next = perNeuron() ? Tensor(open.col(0).replicate(1, d.fanIn())) : open;
        auto event = replaceMask(d.mask, next, step, static_cast<int>(l));
        if (event.pruned() + event.grown() > 0) events.push_back(std::move(event));
    }
    return events;
}

std::vector<std::pair<std::string, Tensor*>> L0HardConcrete::state() {
    std::vector<std::pair<std::string, Tensor*>> out;
    for (std::size_t l = 0; l < m_logAlpha.size(); ++l) {
        const std::string n = std::to_string(l + 1);
        out.push_back({"log_alpha" + n, &m_logAlpha[l]});
        out.push_back({"log_alpha_adam_m" + n, &m_adamM[l]});
        out.push_back({"log_alpha_adam_v" + n, &m_adamV[l]});
    }
    out.push_back({"log_alpha_adam_steps", &m_adamSteps});
    return out;
}

}  // namespace sl
