#include "sparsity/method.h"
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

#include <functional>

namespace sl {
namespace {

using Factory = std::function<std::unique_ptr<SparsityMethod>(const SparsitySettings&)>;

template <class Method>
std::pair<const char*, Factory> entry(const char* name) {
    return {name, [](const SparsitySettings& s) { return std::make_unique<Method>(s); }};
}

// Every method, by its config name. A new method is one file and one line here; no static
// self-registration, which a static library would silently drop.
const std::vector<std::pair<const char*, Factory>>& registry() {
    static const std::vector<std::pair<const char*, Factory>> methods{
        entry<DenseMethod>("dense"),
        entry<StaticMask>("static"),
        entry<MagnitudePruning>("magnitude"),
        entry<MovementPruning>("movement"),
        entry<MovementScorePruning>("movement-score"),
        entry<RigL>("rigl"),
        entry<Set>("set"),
        entry<StructuredPruning>("structured"),
        entry<NmPruning>("nm"),
        entry<L1Regularization>("l1"),
        entry<L0HardConcrete>("l0"),
    };
    return methods;
}

} // namespace

std::unique_ptr<SparsityMethod> makeSparsityMethod(const SparsitySettings& settings) {
    for (const auto& [name, factory] : registry())
        if (settings.method == name) return factory(settings);
    std::string names;
    for (const auto& n : sparsityMethodNames()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("sparsity.method: got '" + settings.method + "' — expected one of " + names);
}

std::vector<std::string> sparsityMethodNames() {
    std::vector<std::string> names;
    for (const auto& entry : registry()) names.emplace_back(entry.first);
    return names;
}

} // namespace sl
