#include "sparsity/method.h"
#include "sparsity/method_descriptor.h"
#include "sparsity/methods/dense_method.h"
#include "sparsity/methods/l0.h"
#include "sparsity/methods/l1.h"
#include "sparsity/methods/magnitude.h"
#include "sparsity/methods/movement.h"
#include "sparsity/methods/movement_score.h"
#include "sparsity/methods/nm.h"
#include "sparsity/methods/rigl.h"
#include "sparsity/methods/set.h"
#include "sparsity/methods/static_mask.h"
#include "sparsity/methods/structured.h"
#include "util/error.h"
#include "util/translate_noop.h"

#include <algorithm>
#include <functional>

namespace sl {
namespace {

using Factory = std::function<std::unique_ptr<SparsityMethod>(const SparsitySettings&)>;

struct Entry {
    MethodDescriptor descriptor;
    Factory factory;
};

// Groups of settings that several methods share, so an entry reads as what it is made of.
// Functions, not globals: the registry may be asked for during another file's static
// initialization.
std::vector<std::string> keys(std::initializer_list<std::vector<std::string>> groups) {
    std::vector<std::string> out;
    for (const auto& group : groups) out.insert(out.end(), group.begin(), group.end());
    return out;
}
std::vector<std::string> targetKeys() {
    return {"sparsity.target", "sparsity.distribution", "sparsity.dense_first_layer"};
}
std::vector<std::string> scheduleKeys() {
    return {"sparsity.schedule", "sparsity.initial", "sparsity.start_step", "sparsity.end_step",
            "sparsity.delta_t"};
}
std::vector<std::string> dropAndGrowKeys() {
    return {"sparsity.delta_t", "sparsity.drop_fraction", "sparsity.drop_schedule",
            "sparsity.t_end"};
}

template <class Method> Entry entry(MethodDescriptor descriptor) {
    return {std::move(descriptor),
            [](const SparsitySettings& s) { return std::make_unique<Method>(s); }};
}

// A method registered by name only: it shows its config name and every target and schedule
// setting. The contract test (tests/core/sparsity/test_method_contract.cpp) fails until it
// gets a real description.
template <class Method> Entry entry(const char* name) {
    MethodDescriptor d;
    d.name = d.displayName = name;
    d.settings = keys({targetKeys(), scheduleKeys()});
    return entry<Method>(std::move(d));
}

// Every method, by its config name, with its description. A new method is one file and one
// entry here; no static self-registration, which a static library would silently drop.
const std::vector<Entry>& registry() {
    static const auto kTarget = targetKeys();
    static const auto kSchedule = scheduleKeys();
    static const auto kDropAndGrow = dropAndGrowKeys();
    static const std::vector<Entry> methods{
        entry<DenseMethod>({
            .name = "dense",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "Dense training"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "No pruning at all: the reference every sparse method is "
                                      "compared with."),
            .headline = MethodHeadline::None,
        }),
        entry<StaticMask>({
            .name = "static",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "The static mask"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "A random mask at the target sparsity, drawn once and never "
                                      "changed: the baseline dynamic methods must beat."),
            .settings = kTarget,
        }),
        entry<MagnitudePruning>({
            .name = "magnitude",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "Magnitude pruning"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Prunes the smallest |w|, at once or gradually on a "
                                      "schedule (Zhu & Gupta 2017); pruned weights never return."),
            .settings =
                keys({kTarget, kSchedule, {"sparsity.nm_constraint", "sparsity.n", "sparsity.m"}}),
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the smallest |w|"),
        }),
        entry<MovementPruning>({
            .name = "movement",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "Movement pruning"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Every gradient updates a dense latent weight, masked "
                                      "entries too; every ΔT steps the largest latent |w| become "
                                      "the mask."),
            .settings = keys({kTarget,
                              kSchedule,
                              {"sparsity.movement_entry", "sparsity.movement_reset_state",
                               "sparsity.movement_decay"}}),
            .latentWeight = true,
            .regrows = true,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the smallest latent |w|"),
            .growRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the largest latent |w|"),
            .latentGrowth = true,
        }),
        entry<MovementScorePruning>({
            .name = "movement-score",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "Movement-score pruning"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Keeps the weights moving away from zero, by an "
                                      "accumulated score -W·∂L/∂W (Sanh, Wolf & Rush 2020)."),
            .settings = keys({kTarget, kSchedule}),
            .latentWeight = true,
            .regrows = true,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the lowest movement score"),
            .growRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the highest movement score"),
        }),
        entry<RigL>({
            .name = "rigl",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "RigL"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Every ΔT steps drops the smallest |w| and grows where the "
                                      "gradient is largest (Evci et al. 2020)."),
            .settings = keys({kTarget, kDropAndGrow}),
            .regrows = true,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the smallest |w|"),
            .growRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the largest |gradient|"),
            .gradientGrowth = true,
        }),
        entry<Set>({
            .name = "set",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "SET"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Every ΔT steps drops the smallest |w| and grows as many "
                                      "at random (Mocanu et al. 2018)."),
            .settings = keys({kTarget, kDropAndGrow}),
            .regrows = true,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "with the smallest |w|"),
            .growRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "chosen at random"),
            .randomGrowth = true,
        }),
        entry<StructuredPruning>({
            .name = "structured",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "Structured pruning"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Removes whole neurons and filters with the smallest row "
                                      "norm (Li et al. 2017)."),
            .settings = keys({{"sparsity.target"}, kSchedule, {"sparsity.structure_norm"}}),
            .headline = MethodHeadline::UnitsRemoved,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                          "in the whole units with the smallest row norm"),
        }),
        entry<NmPruning>({
            .name = "nm",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "N:M pruning"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Keeps the n largest |w| of every m consecutive inputs, "
                                      "the pattern sparse tensor cores run (Mishra et al. 2021)."),
            .settings = keys({kSchedule, {"sparsity.n", "sparsity.m"}}),
            .headline = MethodHeadline::NmPattern,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                          "with the smallest |w| of their group of m"),
        }),
        entry<L1Regularization>({
            .name = "l1",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "L1 regularization"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Adds λ·Σ|w| to the loss; soft-thresholding makes exact "
                                      "zeros and sparsity emerges."),
            .settings = {"sparsity.l1_lambda", "sparsity.proximal", "sparsity.delta_t"},
            .emergent = true,
            .headline = MethodHeadline::L1Lambda,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "that the penalty pulled to zero"),
            .growRule =
                SL_TRANSLATE_NOOP("sl::MethodRegistry", "that the gradient pushed away from zero"),
        }),
        entry<L0HardConcrete>({
            .name = "l0",
            .displayName = SL_TRANSLATE_NOOP("sl::MethodRegistry", "L0 regularization"),
            .help = SL_TRANSLATE_NOOP("sl::MethodRegistry",
                                      "Learns a hard-concrete gate per weight or neuron under an "
                                      "expected-L0 penalty (Louizos et al. 2018)."),
            .settings = {"sparsity.l0_lambda", "sparsity.gate_granularity", "sparsity.gate_lr",
                         "sparsity.delta_t"},
            .latentWeight = true,
            .emergent = true,
            .headline = MethodHeadline::L0Lambda,
            .dropRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "whose gates closed"),
            .growRule = SL_TRANSLATE_NOOP("sl::MethodRegistry", "whose gates opened"),
        }),
    };
    return methods;
}

std::string knownNames() {
    std::string names;
    for (const auto& n : sparsityMethodNames()) names += (names.empty() ? "" : ", ") + n;
    return names;
}

}  // namespace

bool MethodDescriptor::uses(std::string_view key) const {
    return std::find(settings.begin(), settings.end(), key) != settings.end();
}

bool MethodDescriptor::supports(StorageBackend backend) const {
    return std::find(backends.begin(), backends.end(), backend) != backends.end();
}

const std::vector<MethodDescriptor>& sparsityMethodDescriptors() {
    static const std::vector<MethodDescriptor> descriptors = [] {
        std::vector<MethodDescriptor> out;
        for (const auto& e : registry()) out.push_back(e.descriptor);
        return out;
    }();
    return descriptors;
}

const MethodDescriptor* findSparsityMethod(std::string_view name) {
    for (const auto& d : sparsityMethodDescriptors())
        if (name == d.name) return &d;
    return nullptr;
}

MethodHeadline methodHeadline(std::string_view name) {
    const auto* d = findSparsityMethod(name);
    return d ? d->headline : MethodHeadline::Target;
}

const MethodDescriptor& sparsityMethodDescriptor(std::string_view name) {
    if (const auto* d = findSparsityMethod(name)) return *d;
    throw ConfigError("sparsity.method: got '" + std::string(name) + "' — expected one of " +
                      knownNames());
}

std::unique_ptr<SparsityMethod> makeSparsityMethod(const SparsitySettings& settings) {
    for (const auto& e : registry())
        if (settings.method == e.descriptor.name) return e.factory(settings);
    throw ConfigError("sparsity.method: got '" + settings.method + "' — expected one of " +
                      knownNames());
}

std::vector<std::string> sparsityMethodNames() {
    std::vector<std::string> names;
    for (const auto& e : registry()) names.emplace_back(e.descriptor.name);
    return names;
}

}  // namespace sl
