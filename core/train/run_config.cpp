#include "train/run_config.h"
#include "train/model_builder.h"

#include "io/json_text.h"
#include "sparsity/distribution.h"
#include "sparsity/method.h"
#include "sparsity/method_descriptor.h"
#include "sparsity/schedule.h"
#include "util/error.h"
#include "util/input_limits.h"
#include "util/translate_noop.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

namespace sl {
namespace {

using nlohmann::json;

const std::vector<std::string> kDataNames{
    "fashion-mnist",    "mnist", "idx",   "spirals",    "moons",
    "circles",          "xor",   "blobs", "tang-poems", "chinese-fortunes",
    "english-fortunes", "text"};

template <class T>
ConfigField field(const char* key, T* value, FieldLimits limits, const char* help) {
    ConfigField f{key, help, std::move(limits)};
    if constexpr (std::is_same_v<T, std::string>) f.text = value;
    else if constexpr (std::is_same_v<T, int>) f.integer = value;
    else if constexpr (std::is_same_v<T, long long>) f.bigInteger = value;
    else if constexpr (std::is_same_v<T, std::uint64_t>) f.unsignedInteger = value;
    else if constexpr (std::is_same_v<T, float>) f.real = value;
    else if constexpr (std::is_same_v<T, bool>) f.flag = value;
    else f.integerList = value;
    return f;
}

FieldLimits range(double lo, double hi) { return FieldLimits{lo, hi, {}}; }
FieldLimits oneOf(std::vector<std::string> choices) {
    FieldLimits l;
    l.choices = std::move(choices);
    return l;
}
FieldLimits any() { return FieldLimits{}; }

std::vector<std::string> splitKey(const std::string& key) {
    std::vector<std::string> parts;
    std::stringstream ss(key);
    for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
    return parts;
}

const json* lookup(const json& root, const std::string& key) {
    const json* node = &root;
    for (const auto& part : splitKey(key)) {
        if (!node->is_object()) return nullptr;
        auto it = node->find(part);
        if (it == node->end()) return nullptr;
        node = &*it;
    }
    return node;
}

json& lookupOrCreate(json& root, const std::string& key) {
    json* node = &root;
    for (const auto& part : splitKey(key)) node = &(*node)[part];
    return *node;
}

// The dotted keys of every leaf of a JSON object, to find the keys the table does not know.
void leafKeys(const json& node, const std::string& prefix, std::vector<std::string>& out) {
    if (!node.is_object() || node.empty()) {
        out.push_back(prefix);
        return;
    }
    for (auto it = node.begin(); it != node.end(); ++it)
        leafKeys(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
}

std::string joined(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& item : items) s += (s.empty() ? "" : ", ") + item;
    return s;
}

// A limit as people write it: whole numbers in full (1000000, not the stream's 1e+06).
std::string limitNumber(double v) {
    if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    std::ostringstream os;
    os << v;
    return os.str();
}

std::string limitsText(const ConfigField& f) {
    if (!f.limits.choices.empty()) return "one of " + joined(f.limits.choices);
    std::ostringstream os;
    const bool lo = std::isfinite(f.limits.min), hi = std::isfinite(f.limits.max);
    const char* what = f.real ? "a number" : (f.flag ? "true or false" : "an integer");
    if (f.text) return "text";
    if (f.integerList) what = "a list of integers";
    os << what;
    if (f.integerList) os << ", each";
    if (lo && hi)
        os << " from " << limitNumber(f.limits.min) << " to " << limitNumber(f.limits.max);
    else if (lo) os << " >= " << limitNumber(f.limits.min);
    else if (hi) os << " <= " << limitNumber(f.limits.max);
    return os.str();
}

bool inRange(const ConfigField& f, double v) { return v >= f.limits.min && v <= f.limits.max; }

}  // namespace

// Reads one field from JSON into the config; returns an error message or "".
std::string readField(const ConfigField& f, const json& v) {
    const std::string expected = "expected " + limitsText(f);
    // replace: a string from --set may hold bytes that are not UTF-8 (dump() would throw).
    const std::string got =
        "got " + clipped(v.dump(-1, ' ', false, json::error_handler_t::replace));
    auto bad = [&] { return std::string(f.key) + ": " + got + " — " + expected; };
    if (f.text) {
        if (!v.is_string()) return bad();
        const auto s = v.get<std::string>();
        if (!f.limits.choices.empty() && std::find(f.limits.choices.begin(), f.limits.choices.end(),
                                                   s) == f.limits.choices.end())
            return bad();
        *f.text = s;
    } else if (f.flag) {
        if (!v.is_boolean()) return bad();
        *f.flag = v.get<bool>();
    } else if (f.real) {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || !inRange(f, v.get<double>()))
            return bad();
        *f.real = v.get<float>();
    } else if (f.integerList) {
        if (!v.is_array() || v.empty()) return bad();
        std::vector<int> list;
        for (const auto& item : v) {
            if (!item.is_number_integer() || !inRange(f, item.get<double>())) return bad();
            list.push_back(item.get<int>());
        }
        *f.integerList = list;
    } else {
        if (!v.is_number_integer() || !inRange(f, v.get<double>())) return bad();
        if (f.integer) *f.integer = v.get<int>();
        else if (f.bigInteger) *f.bigInteger = v.get<long long>();
        else {
            // Positive JSON integers are stored unsigned; only signed ones can be negative.
            if (!v.is_number_unsigned() && v.get<long long>() < 0) return bad();
            *f.unsignedInteger = v.get<std::uint64_t>();
        }
    }
    return {};
}

json fieldValue(const ConfigField& f) {
    if (f.text) return *f.text;
    if (f.flag) return *f.flag;
    if (f.real) {
        // The shortest decimal that reads back as the same float: 0.1f prints as 0.1, not as
        // the double 0.10000000149011612.
        char text[32];
        std::snprintf(text, sizeof text, "%.9g", *f.real);
        for (int digits = 1; digits <= 9; ++digits) {
            std::snprintf(text, sizeof text, "%.*g", digits, *f.real);
            if (std::strtof(text, nullptr) == *f.real) break;
        }
        return std::strtod(text, nullptr);
    }
    if (f.integerList) return *f.integerList;
    if (f.integer) return *f.integer;
    if (f.bigInteger) return *f.bigInteger;
    return *f.unsignedInteger;
}

namespace {

// Keys written with dots inside one JSON object ({"train.epochs": 0}): the table would not
// find them and the default would be used without a word. They are refused, not read as the
// nested key, so that one spelling of a file has one meaning.
void dottedKeys(const json& node, const std::string& prefix, std::vector<std::string>& out) {
    if (!node.is_object()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it.key().find('.') != std::string::npos) out.push_back(key);
        else dottedKeys(it.value(), key, out);
    }
}

// Checks that involve more than one field, or the file system.
void crossCheck(const RunConfig& c, std::vector<std::string>& errors) {
    const bool idx = c.data.name == "mnist" || c.data.name == "idx";
    if (idx && c.data.path.empty())
        errors.push_back("data.path: empty — data.name '" + c.data.name +
                         "' needs the folder that holds its IDX files");
    if (c.optimizer.name == "sgd" && c.optimizer.nesterov && c.optimizer.momentum <= 0.0f)
        errors.push_back("optimizer.nesterov: true with optimizer.momentum 0 — Nesterov needs "
                         "a momentum > 0");
    const auto& s = c.sparsity;
    const bool gradual = s.schedule == "linear" || s.schedule == "cubic";
    if (gradual && s.initial > s.target)
        errors.push_back("sparsity.initial: got " + std::to_string(s.initial) +
                         " — expected at most sparsity.target (" + std::to_string(s.target) + ")");
    if (gradual && s.endStep > 0 && s.endStep <= s.startStep)
        errors.push_back("sparsity.end_step: got " + std::to_string(s.endStep) +
                         " — expected 0 (auto) or more than sparsity.start_step (" +
                         std::to_string(s.startStep) + ")");
    if (s.nmN >= s.nmM)
        errors.push_back("sparsity.n: got " + std::to_string(s.nmN) +
                         " — expected fewer than sparsity.m (" + std::to_string(s.nmM) + ")");
    if (const std::string why = sparseBackendRefusal(c);
        c.model.backend == "sparse" && !why.empty())
        errors.push_back(why);
    if (c.model.kind == "moe" && c.model.topK > c.model.experts)
        errors.push_back("model.top_k: got " + std::to_string(c.model.topK) +
                         " — expected at most model.experts (" + std::to_string(c.model.experts) +
                         ")");
    if (c.model.kind == "gpt" && c.model.dModel % c.model.heads != 0)
        errors.push_back("model.d_model: got " + std::to_string(c.model.dModel) +
                         " — expected a multiple of model.heads (" + std::to_string(c.model.heads) +
                         ")");
    if (c.model.kind == "cnn" && c.model.convChannels.empty())
        errors.push_back("model.conv_channels: empty — a cnn needs at least one convolution");
    if (c.lrSchedule.name == "cosine" && c.lrSchedule.minLr > c.optimizer.lr)
        errors.push_back("lr_schedule.min_lr: got " + std::to_string(c.lrSchedule.minLr) +
                         " — expected at most optimizer.lr (" + std::to_string(c.optimizer.lr) +
                         ")");
}

// Conditions under which a field means something, for ConfigField::when().
const std::vector<std::string> kSyntheticNames{"spirals", "moons", "circles", "xor", "blobs"};
bool isSynthetic(const RunConfig& c) {
    return std::find(kSyntheticNames.begin(), kSyntheticNames.end(), c.data.name) !=
           kSyntheticNames.end();
}
bool isFileData(const RunConfig& c) { return !isSynthetic(c); }
bool hasClassCount(const RunConfig& c) {
    return c.data.name == "spirals" || c.data.name == "blobs";
}
bool isSgd(const RunConfig& c) { return c.optimizer.name == "sgd"; }
bool isAdam(const RunConfig& c) { return c.optimizer.name != "sgd"; }
bool isStepLr(const RunConfig& c) { return c.lrSchedule.name == "step"; }
bool isCosineLr(const RunConfig& c) { return c.lrSchedule.name == "cosine"; }
bool isUniform(const RunConfig& c) { return c.sparsity.distribution == "uniform"; }
bool isGradual(const RunConfig& c) {
    return c.sparsity.schedule == "linear" || c.sparsity.schedule == "cubic";
}
bool isGradualOrOneShot(const RunConfig& c) {
    return isGradual(c) || c.sparsity.schedule == "one-shot";
}
bool compresses(const RunConfig& c) { return c.gradient.compression != "none"; }
bool isTopK(const RunConfig& c) { return c.gradient.compression == "topk"; }

// The panel's group of a key that names none: its section.
const char* sectionGroup(const std::string& key) {
    const std::string section = key.substr(0, key.find('.'));
    if (section == "data") return SL_TRANSLATE_NOOP("sl::RunConfig", "Data");
    if (section == "model") return SL_TRANSLATE_NOOP("sl::RunConfig", "Model");
    if (section == "optimizer") return SL_TRANSLATE_NOOP("sl::RunConfig", "Optimizer");
    if (section == "lr_schedule") return SL_TRANSLATE_NOOP("sl::RunConfig", "Learning rate");
    if (section == "train") return SL_TRANSLATE_NOOP("sl::RunConfig", "Training");
    if (section == "sparsity") return SL_TRANSLATE_NOOP("sl::RunConfig", "Sparsity");
    if (section == "quant") return SL_TRANSLATE_NOOP("sl::RunConfig", "Quantization");
    if (section == "gradient") return SL_TRANSLATE_NOOP("sl::RunConfig", "Gradient");
    return SL_TRANSLATE_NOOP("sl::RunConfig", "Run");
}

// Fills what rows leave implicit: the group from the section, and for sparsity keys the
// methods whose descriptors list them (a key no method lists, such as sparsity.method itself,
// applies to all).
void completeMetadata(std::vector<ConfigField>& fields) {
    for (auto& f : fields) {
        if (!f.group) f.group = sectionGroup(f.key);
        if (!f.methods.empty()) continue;
        for (const auto& method : sparsityMethodDescriptors())
            if (method.uses(f.key)) f.methods.emplace_back(method.name);
    }
}

}  // namespace

std::vector<ConfigField> configFields(RunConfig& c) {
    std::vector<ConfigField> fields{
        field(
            "data.name", &c.data.name, oneOf(kDataNames),
            SL_TRANSLATE_NOOP(
                "sl::RunConfig",
                "The data set: Fashion-MNIST (clothing images), MNIST or any IDX folder, or a "
                "small 2-D set generated in code (spirals, moons, circles, xor, blobs), or text for "
                "model.kind gpt (tang-poems, chinese-fortunes, english-fortunes, text)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Data set")),
        field("data.path", &c.data.path, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Folder with the IDX files. Empty: /usr/share/datasets/fashion-mnist for "
                  "fashion-mnist. For data.name text: the UTF-8 text file."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Folder"))
            .when(isFileData)
            .folderEditor(),
        field("data.train_subset", &c.data.trainSubset, range(0, 1e9),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Train on only the first n examples (0 = all): quicker runs for a class."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Training examples used")),
        field("data.test_subset", &c.data.testSubset, range(0, 1e9),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Evaluate on only the first n test examples (0 = all)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Test examples used")),
        field("data.standardize", &c.data.standardize, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Shift and scale every input feature to mean 0 and standard deviation 1, "
                  "measured on the training set."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Standardize inputs"))
            .forModels({"mlp", "cnn", "moe"}),
        field("data.samples", &c.data.samples, range(10, 1e7),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Synthetic sets: how many training points (the test set gets half as many)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Points"))
            .when(isSynthetic),
        field("data.noise", &c.data.noise, range(0, 10),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Synthetic sets: how much random jitter each point gets; more noise makes the "
                  "classes overlap."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Noise"))
            .when(isSynthetic),
        field(
            "data.classes", &c.data.classes, range(2, 100),
            SL_TRANSLATE_NOOP("sl::RunConfig",
                              "Synthetic spirals and blobs: how many classes (arms or clusters)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Classes"))
            .when(hasClassCount),
        field("data.validation", &c.data.validation, range(0, 0.9),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Fraction of the training set held out as a validation set (0 = none): the same "
                  "examples for a given seed. Sweeps and searches choose on it, never on the test "
                  "set."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Validation fraction")),
        field(
            "model.kind", &c.model.kind, oneOf({"mlp", "cnn", "moe", "gpt"}),
            SL_TRANSLATE_NOOP(
                "sl::RunConfig",
                "The network: mlp (fully connected layers), cnn (convolutions and max-pooling, "
                "then fully connected layers; image data only), or moe (a mixture of experts "
                "between the hidden layers and the output), or gpt (a character-level transformer "
                "for the text sets)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Network")),
        field("model.hidden", &c.model.hidden, range(1, 1000000),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Sizes of the hidden layers, e.g. [300, 100]. Input and output sizes come from "
                  "the data."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Hidden layers"))
            .forModels({"mlp", "cnn", "moe"}),
        field("model.activation", &c.model.activation, oneOf({"relu", "tanh", "sigmoid"}),
              SL_TRANSLATE_NOOP("sl::RunConfig", "The nonlinearity after every hidden layer."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Activation"))
            .forModels({"mlp", "cnn", "moe"}),
        field("model.init", &c.model.init, oneOf({"auto", "he", "glorot"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "How initial weights are drawn: He suits relu, Glorot suits tanh and sigmoid; "
                  "auto picks by the activation."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Initialization"))
            .forModels({"mlp", "cnn", "moe"}),
        field("model.conv_channels", &c.model.convChannels, range(1, 4096),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "cnn: output channels of each convolution, e.g. [16, 32]."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Conv channels"))
            .forModels({"cnn"}),
        field(
            "model.kernel_size", &c.model.kernelSize, range(1, 15),
            SL_TRANSLATE_NOOP("sl::RunConfig", "cnn: the side of every square convolution kernel."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Kernel size"))
            .forModels({"cnn"}),
        field("model.stride", &c.model.stride, range(1, 8),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "cnn: how far each convolution moves between outputs."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Stride"))
            .forModels({"cnn"}),
        field("model.padding", &c.model.padding, range(0, 7),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "cnn: zeros added around each input image of a convolution."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Padding"))
            .forModels({"cnn"}),
        field("model.pool", &c.model.pool, range(1, 8),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "cnn: max-pooling window (and stride) after each convolution; 1 = no pooling."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Max-pool window"))
            .forModels({"cnn"}),
        field("model.experts", &c.model.experts, range(2, 64),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "moe: how many expert networks the gate chooses among."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Experts"))
            .forModels({"moe"}),
        field("model.expert_hidden", &c.model.expertHidden, range(1, 65536),
              SL_TRANSLATE_NOOP("sl::RunConfig", "moe: hidden units inside each expert."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Expert hidden units"))
            .forModels({"moe"}),
        field("model.top_k", &c.model.topK, range(1, 2),
              SL_TRANSLATE_NOOP("sl::RunConfig", "moe: experts each input is routed to (1 or 2)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Experts per input (k)"))
            .forModels({"moe"}),
        field("model.balance_loss", &c.model.balanceLoss, range(0, 10),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "moe: weight of the load-balancing loss that keeps the experts evenly used."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Load-balancing weight"))
            .forModels({"moe"}),
        field("model.backend", &c.model.backend, oneOf({"auto", "dense", "sparse"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "How Dense layers store their weights: dense multiplies the full matrix by the "
                  "mask; sparse keeps only the active weights (CSR) and costs time in proportion "
                  "to them; auto uses sparse for a layer at or above 60% sparsity, when the method "
                  "allows it (static, rigl, set, nm, magnitude; nm and magnitude start dense and "
                  "move a layer once it passes 60%). Measured break-even of the reference MLP "
                  "(sparselab-cli bench --compare-backends --sparsity 0.5,0.6,0.7,0.8, RigL, "
                  "batch 128, process CPU time of each backend in the same run): 53%, 57% and at "
                  "most 50% in three runs on two threads (median 53%), 59% on one thread, on a "
                  "2-core machine shared with other work (load 8-9); 60% is above all four."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Weight storage")),
        field("optimizer.name", &c.optimizer.name, oneOf({"sgd", "adam", "adamw"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "The update rule: SGD with momentum, Adam, or AdamW (Adam with decoupled "
                  "weight decay)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Optimizer")),
        field("optimizer.lr", &c.optimizer.lr, range(1e-7, 10),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Learning rate: how big a step each update takes. Too high diverges, too low "
                  "crawls."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Learning rate"))
            .liveInRun()
            .withSymbol("lr")
            .logScaleEditor(),
        field("optimizer.momentum", &c.optimizer.momentum, range(0, 0.9999),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "SGD: how much of the previous update carries into the next (0.9 is usual)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Momentum"))
            .when(isSgd),
        field("optimizer.nesterov", &c.optimizer.nesterov, any(),
              SL_TRANSLATE_NOOP("sl::RunConfig", "SGD: use Nesterov's look-ahead momentum."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Nesterov momentum"))
            .when(isSgd),
        field("optimizer.weight_decay", &c.optimizer.weightDecay, range(0, 1),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Pulls every weight a little towards zero each step (L2; decoupled for adamw)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Weight decay"))
            .logScaleEditor(),
        field("optimizer.beta1", &c.optimizer.beta1, range(0, 0.9999),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Adam: how slowly the running mean of the gradient forgets (0.9 is usual)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "β₁ (gradient memory)"))
            .when(isAdam),
        field("optimizer.beta2", &c.optimizer.beta2, range(0, 0.999999),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Adam: how slowly the running mean of the squared gradient forgets (0.999)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "β₂ (squared-gradient memory)"))
            .when(isAdam),
        field("optimizer.eps", &c.optimizer.eps, range(1e-12, 1),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Adam: a small number that keeps the step finite where gradients are tiny."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "ε"))
            .logScaleEditor()
            .when(isAdam),
        field("lr_schedule.name", &c.lrSchedule.name, oneOf({"constant", "step", "cosine"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "How the learning rate changes over the run: constant, cut by gamma every few "
                  "epochs (step), or a smooth cosine decay to min_lr."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Schedule")),
        field("lr_schedule.step_epochs", &c.lrSchedule.stepEpochs, range(1, 1e6),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Step schedule: epochs between cuts of the learning rate."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Epochs between cuts"))
            .when(isStepLr),
        field("lr_schedule.gamma", &c.lrSchedule.gamma, range(0, 1),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Step schedule: the factor the learning rate is multiplied by at each cut."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "γ (cut factor)"))
            .when(isStepLr),
        field("lr_schedule.min_lr", &c.lrSchedule.minLr, range(0, 10),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Cosine schedule: the learning rate reached at the last step."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Final learning rate"))
            .logScaleEditor()
            .when(isCosineLr),
        field("lr_schedule.warmup_steps", &c.lrSchedule.warmupSteps, range(0, 1e9),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Ramp the learning rate up from 0 over the first steps."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Warm-up steps")),
        field("train.epochs", &c.train.epochs, range(1, 100000),
              SL_TRANSLATE_NOOP("sl::RunConfig", "Passes over the training set."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Epochs")),
        field(
            "train.batch_size", &c.train.batchSize, range(1, 65536),
            SL_TRANSLATE_NOOP("sl::RunConfig",
                              "Examples per step: larger batches give smoother but fewer updates."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Batch size")),
        field("train.eval_every", &c.train.evalEvery, range(0, 1e9),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Steps between test-set evaluations (0 = at the end of each epoch only)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Evaluate every (steps)")),
        field("train.log_every", &c.train.logEvery, range(1, 1e9),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Steps averaged into one point of the training loss curve."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Log every (steps)")),
        field("train.max_steps", &c.train.maxSteps, range(0, 1e15),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Stop after this many steps even if epochs remain (0 = no limit)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Stop after (steps)")),
        field("sparsity.method", &c.sparsity.method, oneOf(sparsityMethodNames()),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "How weights are pruned; each method's own description follows its name."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Method")),
        field(
            "sparsity.target", &c.sparsity.target, range(0, 0.9999),
            SL_TRANSLATE_NOOP(
                "sl::RunConfig",
                "Fraction of the weights that are zero at the end, e.g. 0.9 keeps one in ten. "
                "structured: the fraction of neurons or filters removed; nm, l1 and l0 ignore it."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Target sparsity")),
        field("sparsity.distribution", &c.sparsity.distribution, oneOf(distributionNames()),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "How the target is split across layers: uniform (the same everywhere), erk "
                  "(bigger layers sparser), or global (one ranking of all weights)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Spread over layers")),
        field("sparsity.dense_first_layer", &c.sparsity.denseFirstLayer, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Uniform distribution: keep the first layer dense (it sees the raw pixels)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Dense first layer"))
            .when(isUniform),
        field("sparsity.schedule", &c.sparsity.schedule, oneOf(sparsityScheduleNames()),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "How sparsity grows over the run: constant (from the start), one-shot (all at "
                  "start_step), linear, or cubic (fast at first, gently at the end: Zhu & Gupta)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Sparsity schedule")),
        field("sparsity.initial", &c.sparsity.initial, range(0, 0.9999),
              SL_TRANSLATE_NOOP("sl::RunConfig", "Gradual schedules: the sparsity at start_step."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Initial sparsity"))
            .when(isGradual),
        field("sparsity.start_step", &c.sparsity.startStep, range(0, 1e15),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Gradual schedules: where sparsity starts rising; one-shot: the pruning step."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Start step"))
            .when(isGradualOrOneShot),
        field("sparsity.end_step", &c.sparsity.endStep, range(0, 1e15),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Gradual schedules: where the target is reached (0 = at 75% of the run)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "End step"))
            .when(isGradual),
        field("sparsity.delta_t", &c.sparsity.deltaT, range(1, 1e9),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Steps between mask updates (ΔT). Small: masks change often; large: weights get "
                  "time to prove themselves."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "ΔT (mask-update interval)"))
            .liveInRun()
            .withSymbol("ΔT"),
        field("sparsity.drop_fraction", &c.sparsity.dropFraction, range(0, 1),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "rigl and set: the fraction α of active weights dropped (and regrown) at each "
                  "mask update."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "α (drop fraction)"))
            .liveInRun()
            .withSymbol("α"),
        field("sparsity.drop_schedule", &c.sparsity.dropSchedule, oneOf(dropScheduleNames()),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "rigl and set: how α decays: cosine to 0 at t_end, or constant."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "α decay")),
        field("sparsity.t_end", &c.sparsity.tEnd, range(0, 1e15),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "rigl and set: no more mask updates from this step on (0 = at 75% of the run)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Last update (t_end)")),
        field("sparsity.structure_norm", &c.sparsity.structureNorm, oneOf({"l2", "l1"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "structured: the norm that ranks whole neurons and filters; the weakest go."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Unit ranking norm")),
        field("sparsity.n", &c.sparsity.nmN, range(1, 64),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "nm: weights kept in every group of m consecutive inputs (2 of 4 by default)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "N (kept per group)")),
        field("sparsity.m", &c.sparsity.nmM, range(2, 64),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "nm: the group size; n:m sparsity keeps n of every m."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "M (group size)")),
        field("sparsity.nm_constraint", &c.sparsity.nmConstraint, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "magnitude: keep the mask inside an n:m pattern (what sparse tensor cores run)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Keep an N:M pattern")),
        field("sparsity.l1_lambda", &c.sparsity.l1Lambda, range(0, 10),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "l1: strength of the penalty lambda * sum |w| that pulls weights to zero."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "L1 strength λ"))
            .logScaleEditor(),
        field("sparsity.proximal", &c.sparsity.proximal, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "l1: after each step shrink every weight towards zero by lr * lambda and set "
                  "those that cross it to exactly zero (soft-thresholding). Without it the "
                  "subgradient lambda * sign(w) is added and |w| < 1e-3 counts as zero."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Proximal step (exact zeros)")),
        field("sparsity.l0_lambda", &c.sparsity.l0Lambda, range(0, 10),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "l0: strength of the expected-L0 penalty on the hard-concrete gates."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "L0 strength λ"))
            .logScaleEditor(),
        field("sparsity.gate_granularity", &c.sparsity.gateGranularity, oneOf({"weight", "neuron"}),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "l0: one gate per weight, or one per neuron (a whole row)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Gate per")),
        field("sparsity.gate_lr", &c.sparsity.gateLr, range(1e-6, 100),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "l0: the (constant) Adam learning rate of the gates' log alpha."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Gate learning rate"))
            .logScaleEditor(),
        field("sparsity.movement_entry", &c.sparsity.movementEntry,
              oneOf({"latent", "zero", "clip"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "movement: what a weight entering the mask starts with: its latent value (the "
                  "seed's algorithm; thousands of drifted weights enter at once and can wreck the "
                  "loss), zero (as rigl grows), or its latent value clipped to the kept weights' "
                  "mean magnitude."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Entering weights start at")),
        field("sparsity.movement_reset_state", &c.sparsity.movementResetState, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "movement: zero the optimizer state (momentum) of an entering weight, so that "
                  "momentum gathered while it was masked does not push it on."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Reset state of entering weights")),
        field(
            "sparsity.movement_decay", &c.sparsity.movementDecay, range(0, 10),
            SL_TRANSLATE_NOOP(
                "sl::RunConfig",
                "movement: SR-STE's lambda_W: masked latent weights are pulled towards zero by "
                "lambda_W * w in their gradient, so they cannot drift far while masked (0 = off)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Decay of masked weights")),
        field("sparsity.movement_gradual", &c.sparsity.movementGradual, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "movement: with a constant schedule, ramp the sparsity up along the cubic "
                  "schedule (from sparsity.initial at start_step to the target at end_step) "
                  "instead of pruning everything before the first step."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Ramp up gradually")),
        field("sparsity.movement_delta_t", &c.sparsity.movementDeltaT, range(0, 1e9),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "movement: steps between re-rankings of the latent weights (Dynamic Pruning with "
                  "Feedback re-ranks every 16); 0 uses sparsity.delta_t. The live ΔT control "
                  "changes it."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Re-ranking interval")),
        field("quant.mode", &c.quant.mode, oneOf({"none", "per-layer", "per-channel"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Fake int8 quantization of the active weights in the forward pass: one scale "
                  "per layer or one per output channel (gradients pass straight through)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Int8 fake quantization")),
        field(
            "quant.float_ends", &c.quant.floatEnds, any(),
            SL_TRANSLATE_NOOP("sl::RunConfig",
                              "Mixed precision: keep the first and last prunable layer in float."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "First/last layer in float")),
        field("gradient.clip_norm", &c.gradient.clipNorm, range(0, 1e6),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Scale the whole gradient down when its L2 norm exceeds this (0 = off)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Clip global norm")),
        field("gradient.clip_value", &c.gradient.clipValue, range(0, 1e6),
              SL_TRANSLATE_NOOP("sl::RunConfig",
                                "Clip every gradient entry to plus or minus this (0 = off)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Clip each value")),
        field("gradient.compression", &c.gradient.compression,
              oneOf({"none", "topk", "sparse-updates"}),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "none; topk: send only the largest gradient entries (what a data-parallel worker "
                  "would transmit); sparse-updates: apply only the largest updates."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Gradient compression")),
        field("gradient.density", &c.gradient.density, range(1e-6, 1),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "topk and sparse-updates: the fraction of entries kept per tensor (0.01 = 1%)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Gradient density"))
            .logScaleEditor()
            .when(compresses),
        field("gradient.error_feedback", &c.gradient.errorFeedback, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "topk: keep what was not sent and add it to the next step's gradient."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Error feedback"))
            .when(isTopK),
        field("gradient.momentum_correction", &c.gradient.momentumCorrection, any(),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "topk: accumulate momentum before selecting (Deep Gradient Compression), so "
                  "delayed entries keep their momentum."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Momentum correction"))
            .when(isTopK),
        field("seed", &c.seed, range(0, 1.8e19),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "Seed of every random choice: the same config and seed give the same run."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Random seed")),
        field("threads", &c.threads, range(0, 256),
              SL_TRANSLATE_NOOP("sl::RunConfig", "Threads for matrix products (0 = one per core)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Threads")),
        field("model.layers", &c.model.layers, range(1, 48),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "gpt: how many transformer blocks (attention, then an MLP) are stacked."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Transformer blocks"))
            .forModels({"gpt"}),
        field("model.d_model", &c.model.dModel, range(4, 4096),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "gpt: the width of every character's vector inside the model; a multiple of "
                  "model.heads."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Model width"))
            .forModels({"gpt"}),
        field("model.heads", &c.model.heads, range(1, 64),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "gpt: attention heads per block; each looks at the earlier characters in its "
                  "own way."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Attention heads"))
            .forModels({"gpt"}),
        field("model.context", &c.model.context, range(2, 1024),
              SL_TRANSLATE_NOOP(
                  "sl::RunConfig",
                  "gpt: how many characters the model reads at once (text data is cut into "
                  "windows of this length)."))
            .withLabel(SL_TRANSLATE_NOOP("sl::RunConfig", "Context length"))
            .forModels({"gpt"}),
    };
    completeMetadata(fields);
    return fields;
}

const ConfigField* findConfigField(const std::vector<ConfigField>& fields, const std::string& key) {
    for (const auto& f : fields)
        if (key == f.key) return &f;
    return nullptr;
}

const char* ConfigField::typeName() const {
    if (text) return "text";
    if (flag) return "true or false";
    if (real) return "number";
    if (integerList) return "list of integers";
    return "integer";
}

bool fieldApplies(const ConfigField& f, const RunConfig& config) {
    const auto has = [](const std::vector<std::string>& list, const std::string& value) {
        return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
    };
    return has(f.modelKinds, config.model.kind) && has(f.methods, config.sparsity.method) &&
           (!f.appliesIf || f.appliesIf(config));
}

std::string appliesText(const ConfigField& f) {
    std::string out;
    if (!f.modelKinds.empty()) out = "model.kind " + joined(f.modelKinds);
    if (!f.methods.empty())
        out += (out.empty() ? "" : "; ") + ("sparsity.method " + joined(f.methods));
    if (f.appliesIf) out += (out.empty() ? "" : "; ") + std::string("depending on other fields");
    return out;
}

nlohmann::json toJson(const RunConfig& config) {
    RunConfig copy = config;
    json out = json::object();
    for (const auto& f : configFields(copy)) lookupOrCreate(out, f.key) = fieldValue(f);
    return out;
}

RunConfig fromJson(const nlohmann::json& input) {
    std::vector<std::string> errors;
    RunConfig config;
    if (!input.is_object())
        throw ConfigError("config: expected a JSON object, got " + describeJson(input));
    auto fields = configFields(config);

    std::set<std::string> known;
    for (const auto& f : fields) known.insert(f.key);
    std::vector<std::string> dotted;
    dottedKeys(input, "", dotted);
    for (const auto& key : dotted)
        errors.push_back(clipped(key) + ": a dotted key inside a JSON object — nest it instead, "
                                        "e.g. {\"train\": {\"epochs\": 5}} for train.epochs");
    std::vector<std::string> given;
    leafKeys(input, "", given);
    for (const auto& key : given) {
        if (key.empty() || known.count(key)) continue;
        const bool inDotted = std::any_of(dotted.begin(), dotted.end(), [&](const std::string& d) {
            return key.rfind(d, 0) == 0;
        });
        if (inDotted) continue;
        // {"data": 5}: a section given as a value, not as an object of its keys.
        if (const json* v = lookup(input, key);
            v && !v->is_object() &&
            std::any_of(known.begin(), known.end(),
                        [&](const std::string& k) { return k.rfind(key + ".", 0) == 0; })) {
            errors.push_back(clipped(key) + ": got " + describeJson(*v) +
                             " — expected an object of settings, e.g. {\"" + key + "\": {...}}");
            continue;
        }
        const auto section = splitKey(key).front();
        std::vector<std::string> siblings;
        for (const auto& k : known)
            if (k.rfind(section + ".", 0) == 0) siblings.push_back(k);
        errors.push_back(clipped(key) + ": unknown key" +
                         (siblings.empty()
                              ? " — known sections: data, model, optimizer, "
                                "lr_schedule, train, sparsity, quant, gradient, seed, threads"
                              : " — known keys here: " + joined(siblings)));
    }
    for (const auto& f : fields)
        if (const json* v = lookup(input, f.key); v && !v->is_object())
            if (auto error = readField(f, *v); !error.empty()) errors.push_back(error);
    if (errors.empty()) crossCheck(config, errors);

    if (!errors.empty()) {
        std::string message = "invalid config (" + std::to_string(errors.size()) +
                              (errors.size() == 1 ? " problem):" : " problems):");
        for (const auto& e : errors) message += "\n  " + e;
        throw ConfigError(message);
    }
    return config;
}

void applySet(nlohmann::json& config, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw ConfigError("--set " + assignment + ": expected key=value, e.g. optimizer.lr=0.1");
    const std::string key = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    RunConfig probe;
    bool known = false;
    for (const auto& f : configFields(probe)) known |= key == f.key;
    if (!known)
        throw ConfigError("--set " + clipped(key) +
                          ": unknown key (see `sparselab-cli config --explain`)");
    // A JSON config holds UTF-8 only: a value that is not would fail every later dump().
    if (!isValidUtf8(text))
        throw ConfigError("--set " + clipped(key) + ": the value is not valid UTF-8 text");
    // A value that is not JSON is taken as text; one that starts as a list or an object but
    // does not parse (or nests too deep) was meant as one, and its error is the useful one.
    json value = text;
    const auto first = text.find_first_not_of(" \t\r\n");
    try {
        value = parseJsonText(text, "--set " + key);
    } catch (const ConfigError&) {
        if (first != std::string::npos && (text[first] == '[' || text[first] == '{')) throw;
    }
    // lookupOrCreate would throw nlohmann's type_error on {"data": 5}: name the key instead.
    if (!config.is_object())
        throw ConfigError("--set " + key + ": the config is " + describeJson(config) +
                          " — expected a JSON object");
    const json* node = &config;
    std::string prefix;
    for (const auto& part : splitKey(key)) {
        if (!node->is_object())
            throw ConfigError("--set " + key + ": " + prefix + " is " + describeJson(*node) +
                              " in the config — expected an object of settings");
        auto it = node->find(part);
        if (it == node->end()) break;
        prefix += (prefix.empty() ? "" : ".") + part;
        node = &*it;
    }
    lookupOrCreate(config, key) = value;
}

std::string explainConfig() {
    RunConfig defaults;
    std::ostringstream os;
    for (const auto& f : configFields(defaults)) {
        os << f.key << " = " << fieldValue(f).dump() << "  (" << limitsText(f) << ")\n";
        os << "    " << (f.label ? f.label : f.key) << " [" << f.group;
        if (f.live) os << "; changes live during a run";
        if (const auto where = appliesText(f); !where.empty()) os << "; applies to " << where;
        os << "]\n    " << f.help << "\n";
        if (f.key == std::string("sparsity.method"))
            for (const auto& m : sparsityMethodDescriptors())
                os << "      " << m.name << ": " << m.displayName << ". " << m.help << "\n";
    }
    return os.str();
}

long long totalStepsFor(const RunConfig& config, int trainCount) {
    const long long perEpoch = (trainCount + config.train.batchSize - 1) / config.train.batchSize;
    const long long all = perEpoch * config.train.epochs;
    return config.train.maxSteps > 0 ? std::min(all, config.train.maxSteps) : all;
}

}  // namespace sl
