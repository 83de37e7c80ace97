#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "optim/gradient_settings.h"
#include "sparsity/sparsity_settings.h"

// The declarations only: run_config.h is included by about 100 files, and with the full
// json.hpp a file that includes just this header preprocesses to 133k lines instead of 62k.
// Files that read or build JSON include json.hpp themselves.
#include <nlohmann/json_fwd.hpp>

namespace sl {

// Everything that defines a run. The defaults are the default lesson. Every field is listed
// once, with its dotted key, limits, help, label and where it applies, in configFields():
// reading, writing, validation, `--set`, `config --explain`, live changes and the window's
// config panel all come from there.
struct RunConfig {
    struct Data {
        std::string name = "fashion-mnist";  // fashion-mnist, mnist, idx, or a synthetic set
        std::string path;                    // IDX folder; empty = the Debian package's
        int trainSubset = 0;                 // use only the first n training examples (0 = all)
        int testSubset = 0;
        bool standardize = false;
        int samples = 2000;  // synthetic: training points (test: half as many)
        float noise = 0.1f;  // synthetic: Gaussian noise on each coordinate
        int classes = 2;     // synthetic: spiral arms or blobs
        // Fraction of the training set held out for validation. 0 by default so that a plain
        // run trains on the whole set as before; `sweep` holds out 0.1 unless told otherwise.
        float validation = 0.0f;
    } data;
    struct Model {
        std::string kind = "mlp";  // mlp, cnn, moe, gpt
        std::vector<int> hidden{300, 100};
        std::string activation = "relu";
        std::string init = "auto";  // auto (He for relu, Glorot otherwise), he, glorot
        // cnn: conv (kernel, stride, padding) -> activation -> max-pool, per entry of
        // convChannels, then the hidden Dense layers.
        std::vector<int> convChannels{16, 32};
        int kernelSize = 3;
        int stride = 1;
        int padding = 1;
        int pool = 2;  // max-pool window and stride after each conv (1 = none)
        // moe: the hidden Dense layers, then a mixture of `experts` expert MLPs (hidden ->
        // expertHidden -> hidden) with a learned top-k gate, then the output layer.
        int experts = 4;
        int expertHidden = 64;
        int topK = 1;
        float balanceLoss = 0.01f;  // weight of the load-balancing loss
        // gpt: a character-level decoder-only transformer of `layers` pre-LayerNorm blocks
        // of width dModel with `heads` attention heads, reading `context` characters.
        int layers = 2;
        int dModel = 64;
        int heads = 4;
        int context = 64;
        // Storage of prunable Dense layers: dense (weight ⊙ mask), sparse (CSR, per active
        // weight) or auto (sparse where the layer is sparser than the measured break-even).
        std::string backend = "auto";
    } model;
    struct Optimizer {
        std::string name = "sgd";  // sgd, adam, adamw
        float lr = 0.05f;
        float momentum = 0.9f;
        bool nesterov = false;
        float weightDecay = 0.0f;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
    } optimizer;
    struct LrSchedule {
        std::string name = "cosine";  // constant, step, cosine
        int stepEpochs = 5;           // step: multiply by gamma every this many epochs
        float gamma = 0.1f;
        float minLr = 0.0f;  // cosine: the rate at the last step
        int warmupSteps = 0;
    } lrSchedule;
    struct Train {
        int epochs = 10;
        int batchSize = 128;
        int evalEvery = 0;       // steps between test evaluations; 0 = at epoch ends only
        int logEvery = 50;       // steps averaged into one point of the train loss curve
        long long maxSteps = 0;  // stop early after this many steps (0 = run all epochs)
    } train;
    SparsitySettings sparsity;
    // Fake int8 quantization of the active weights in the forward pass (straight-through).
    struct Quant {
        std::string mode = "none";  // none, per-layer, per-channel
        bool floatEnds = false;     // mixed precision: first and last prunable layer stay float
    } quant;
    GradientSettings gradient;
    std::uint64_t seed = 42;
    int threads = 2;  // BLAS threads; 0 = one per core
};

// The limits a field accepts, used for validation and shown by `config --explain`.
struct FieldLimits {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    std::vector<std::string> choices;  // for strings: the allowed values (empty = any)
};

// One field of the table: the key, what it holds and everything the window, the CLI and the
// trainer need to know about it. Exactly one of the pointers is set. Rows give the metadata
// with chained setters, so a row without any (`field(key, ptr, limits, help)`) still works:
// it is labelled by its key, grouped by its section, applies everywhere and is fixed in a run.
struct ConfigField {
    const char* key;
    const char* help;
    FieldLimits limits;
    std::string* text = nullptr;
    int* integer = nullptr;
    long long* bigInteger = nullptr;
    std::uint64_t* unsignedInteger = nullptr;
    float* real = nullptr;
    bool* flag = nullptr;
    std::vector<int>* integerList = nullptr;

    const char* label = nullptr;   // for the window; null = the key
    const char* group = nullptr;   // the panel's group title; null = from the key's section
    const char* symbol = nullptr;  // short name on chart markers ("ΔT"); null = the last key part
    bool live = false;             // may change during a run (Trainer::setLive)
    bool logScale = false;         // values span decades: the editor takes 1e-4 notation
    bool folder = false;           // a folder path: the editor offers a folder chooser
    std::vector<std::string> modelKinds;  // model.kind values it applies to; empty = all
    // sparsity.method values it applies to, from the methods' descriptors (the settings they
    // list); empty = all.
    std::vector<std::string> methods;
    bool (*appliesIf)(const RunConfig&) = nullptr;  // a further condition on other fields

    ConfigField& withLabel(const char* words) {
        label = words;
        return *this;
    }
    ConfigField& inGroup(const char* title) {
        group = title;
        return *this;
    }
    ConfigField& withSymbol(const char* shortName) {
        symbol = shortName;
        return *this;
    }
    ConfigField& liveInRun() {
        live = true;
        return *this;
    }
    ConfigField& logScaleEditor() {
        logScale = true;
        return *this;
    }
    ConfigField& folderEditor() {
        folder = true;
        return *this;
    }
    ConfigField& forModels(std::vector<std::string> kinds) {
        modelKinds = std::move(kinds);
        return *this;
    }
    ConfigField& when(bool (*condition)(const RunConfig&)) {
        appliesIf = condition;
        return *this;
    }

    // "text", "integer", "number", "true or false", "list of integers".
    const char* typeName() const;
};

// The field table over a given config (the pointers point into it).
std::vector<ConfigField> configFields(RunConfig& config);
// The row of one key in a table; nullptr when the key is unknown.
const ConfigField* findConfigField(const std::vector<ConfigField>& fields, const std::string& key);

// Whether a field means anything for this config (model kind, method, its condition): the
// panel hides the others, `config --explain` says where each applies.
bool fieldApplies(const ConfigField& field, const RunConfig& config);
// "cnn only; methods magnitude, movement" or "" when it applies everywhere.
std::string appliesText(const ConfigField& field);

// The field's current value as JSON, and reading one into it: returns "" or the message
// "key: got … — expected …" (limits and choices checked; cross-field checks are fromJson's).
nlohmann::json fieldValue(const ConfigField& field);
std::string readField(const ConfigField& field, const nlohmann::json& value);

nlohmann::json toJson(const RunConfig& config);

// Reads a config from JSON, starting from the defaults for keys it does not give. Collects
// every problem — unknown keys, wrong types, values out of range, fields that disagree — and
// throws one ConfigError listing them all, one per line, each naming its key.
RunConfig fromJson(const nlohmann::json& json);

// Applies "key=value" to a JSON config. The value is parsed as JSON when it parses (numbers,
// true, [300,100]) and taken as a string otherwise. Throws ConfigError for a malformed
// assignment or an unknown key.
void applySet(nlohmann::json& json, const std::string& assignment);

// "data.name: which data set ..." lines for `config --explain`.
std::string explainConfig();

// Total optimizer steps of a run on n training examples (maxSteps applied).
long long totalStepsFor(const RunConfig& config, int trainCount);

}  // namespace sl
