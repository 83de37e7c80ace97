#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sl {

// Where a prunable layer keeps its weights: a dense matrix under a mask, or CSR rows.
enum class StorageBackend { Dense, Sparse };

// What characterises a run of the method in a one-line name ("rigl 90%", "nm 2:4", "l1 λ=0.002").
enum class MethodHeadline { None, Target, UnitsRemoved, NmPattern, L1Lambda, L0Lambda };

// Everything the window and the CLI need to know about a sparsity method, written once in its
// registry entry (core/sparsity/registry.cpp), so that no other place compares method names.
// Texts are English and marked for translation with SL_TRANSLATE_NOOP("sl::MethodRegistry", …).
struct MethodDescriptor {
    const char* name = "";         // the value of sparsity.method
    const char* displayName = "";  // "RigL", "Magnitude pruning", …
    const char* help = "";         // one sentence: what it does and whose paper
    // The sparsity.* config keys it reads; the others do not apply to it (the panel hides them).
    std::vector<std::string> settings;
    bool latentWeight = false;  // keeps a dense weight under the mask (histograms show latent |w|)
    bool emergent = false;      // a regularizer: sparsity emerges, there is no target
    bool regrows = false;       // its ΔT updates move weights both ways (drop and grow)
    MethodHeadline headline = MethodHeadline::Target;
    // "Why this update": which weights a mask update drops and grows, as the end of "dropped
    // the 412 active weights …". Empty drop: it never drops at an update; empty grow: it never
    // grows weights back. randomGrowth: grown weights are drawn at random (no cut-off).
    const char* dropRule = "";
    const char* growRule = "";
    bool randomGrowth = false;
    // What it ranks the inactive weights by when it grows, for the candidate side of "why
    // this update": |gradient| (on the sparse backend sampled from gradient rows), or the
    // latent |w| itself (SparsityMethod::growCriterion() then has no tensor to offer).
    bool gradientGrowth = false;
    bool latentGrowth = false;
    std::vector<StorageBackend> backends{StorageBackend::Dense};

    bool uses(std::string_view key) const;
    bool supports(StorageBackend backend) const;
};

// Every registered method, in registry order.
const std::vector<MethodDescriptor>& sparsityMethodDescriptors();
// The descriptor of a config name; ConfigError naming sparsity.method and the known names.
const MethodDescriptor& sparsityMethodDescriptor(std::string_view name);
// Nullptr for an unknown name (views showing an old checkpoint's method).
const MethodDescriptor* findSparsityMethod(std::string_view name);
// The headline of a method by name; Target for an unknown name.
MethodHeadline methodHeadline(std::string_view name);

}  // namespace sl
