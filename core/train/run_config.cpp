#include "train/run_config.h"

#include "sparsity/distribution.h"
#include "sparsity/method.h"
#include "sparsity/schedule.h"
#include "io/json_text.h"
#include "util/error.h"
#include "util/input_limits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

namespace sl {
namespace {

using nlohmann::json;

const std::vector<std::string> kDataNames{"fashion-mnist", "mnist", "idx",    "spirals",
                                          "moons",         "circles", "xor", "blobs"};

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

std::string limitsText(const ConfigField& f) {
    if (!f.limits.choices.empty()) return "one of " + joined(f.limits.choices);
    std::ostringstream os;
    const bool lo = std::isfinite(f.limits.min), hi = std::isfinite(f.limits.max);
    const char* what = f.real ? "a number" : (f.flag ? "true or false" : "an integer");
    if (f.text) return "text";
    if (f.integerList) what = "a list of integers";
    os << what;
    if (f.integerList) os << ", each";
    if (lo && hi) os << " from " << f.limits.min << " to " << f.limits.max;
    else if (lo) os << " >= " << f.limits.min;
    else if (hi) os << " <= " << f.limits.max;
    return os.str();
}

bool inRange(const ConfigField& f, double v) { return v >= f.limits.min && v <= f.limits.max; }

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
        if (!f.limits.choices.empty() &&
            std::find(f.limits.choices.begin(), f.limits.choices.end(), s) ==
                f.limits.choices.end())
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
    if (c.model.kind == "moe" && c.model.topK > c.model.experts)
        errors.push_back("model.top_k: got " + std::to_string(c.model.topK) +
                         " — expected at most model.experts (" +
                         std::to_string(c.model.experts) + ")");
    if (c.model.kind == "cnn" && c.model.convChannels.empty())
        errors.push_back("model.conv_channels: empty — a cnn needs at least one convolution");
    if (c.lrSchedule.name == "cosine" && c.lrSchedule.minLr > c.optimizer.lr)
        errors.push_back("lr_schedule.min_lr: got " + std::to_string(c.lrSchedule.minLr) +
                         " — expected at most optimizer.lr (" + std::to_string(c.optimizer.lr) +
                         ")");
}

} // namespace

std::vector<ConfigField> configFields(RunConfig& c) {
    return {
        field("data.name", &c.data.name, oneOf(kDataNames),
              "The data set: Fashion-MNIST (clothing images), MNIST or any IDX folder, or a "
              "small 2-D set generated in code (spirals, moons, circles, xor, blobs)."),
        field("data.path", &c.data.path, any(),
              "Folder with the IDX files. Empty: /usr/share/datasets/fashion-mnist for "
              "fashion-mnist."),
        field("data.train_subset", &c.data.trainSubset, range(0, 1e9),
              "Train on only the first n examples (0 = all): quicker runs for a class."),
        field("data.test_subset", &c.data.testSubset, range(0, 1e9),
              "Evaluate on only the first n test examples (0 = all)."),
        field("data.standardize", &c.data.standardize, any(),
              "Shift and scale every input feature to mean 0 and standard deviation 1, "
              "measured on the training set."),
        field("data.samples", &c.data.samples, range(10, 1e7),
              "Synthetic sets: how many training points (the test set gets half as many)."),
        field("data.noise", &c.data.noise, range(0, 10),
              "Synthetic sets: how much random jitter each point gets; more noise makes the "
              "classes overlap."),
        field("data.classes", &c.data.classes, range(2, 100),
              "Synthetic spirals and blobs: how many classes (arms or clusters)."),
        field("model.kind", &c.model.kind, oneOf({"mlp", "cnn", "moe"}),
              "The network: mlp (fully connected layers), cnn (convolutions and max-pooling, "
              "then fully connected layers; image data only), or moe (a mixture of experts "
              "between the hidden layers and the output)."),
        field("model.hidden", &c.model.hidden, range(1, 65536),
              "Sizes of the hidden layers, e.g. [300, 100]. Input and output sizes come from "
              "the data."),
        field("model.activation", &c.model.activation, oneOf({"relu", "tanh", "sigmoid"}),
              "The nonlinearity after every hidden layer."),
        field("model.init", &c.model.init, oneOf({"auto", "he", "glorot"}),
              "How initial weights are drawn: He suits relu, Glorot suits tanh and sigmoid; "
              "auto picks by the activation."),
        field("model.conv_channels", &c.model.convChannels, range(1, 4096),
              "cnn: output channels of each convolution, e.g. [16, 32]."),
        field("model.kernel_size", &c.model.kernelSize, range(1, 15),
              "cnn: the side of every square convolution kernel."),
        field("model.stride", &c.model.stride, range(1, 8),
              "cnn: how far each convolution moves between outputs."),
        field("model.padding", &c.model.padding, range(0, 7),
              "cnn: zeros added around each input image of a convolution."),
        field("model.pool", &c.model.pool, range(1, 8),
              "cnn: max-pooling window (and stride) after each convolution; 1 = no pooling."),
        field("model.experts", &c.model.experts, range(2, 64),
              "moe: how many expert networks the gate chooses among."),
        field("model.expert_hidden", &c.model.expertHidden, range(1, 65536),
              "moe: hidden units inside each expert."),
        field("model.top_k", &c.model.topK, range(1, 2),
              "moe: experts each input is routed to (1 or 2)."),
        field("model.balance_loss", &c.model.balanceLoss, range(0, 10),
              "moe: weight of the load-balancing loss that keeps the experts evenly used."),
        field("optimizer.name", &c.optimizer.name, oneOf({"sgd", "adam", "adamw"}),
              "The update rule: SGD with momentum, Adam, or AdamW (Adam with decoupled "
              "weight decay)."),
        field("optimizer.lr", &c.optimizer.lr, range(1e-7, 10),
              "Learning rate: how big a step each update takes. Too high diverges, too low "
              "crawls."),
        field("optimizer.momentum", &c.optimizer.momentum, range(0, 0.9999),
              "SGD: how much of the previous update carries into the next (0.9 is usual)."),
        field("optimizer.nesterov", &c.optimizer.nesterov, any(),
              "SGD: use Nesterov's look-ahead momentum."),
        field("optimizer.weight_decay", &c.optimizer.weightDecay, range(0, 1),
              "Pulls every weight a little towards zero each step (L2; decoupled for adamw)."),
        field("optimizer.beta1", &c.optimizer.beta1, range(0, 0.9999),
              "Adam: how slowly the running mean of the gradient forgets (0.9 is usual)."),
        field("optimizer.beta2", &c.optimizer.beta2, range(0, 0.999999),
              "Adam: how slowly the running mean of the squared gradient forgets (0.999)."),
        field("optimizer.eps", &c.optimizer.eps, range(1e-12, 1),
              "Adam: a small number that keeps the step finite where gradients are tiny."),
        field("lr_schedule.name", &c.lrSchedule.name, oneOf({"constant", "step", "cosine"}),
              "How the learning rate changes over the run: constant, cut by gamma every few "
              "epochs (step), or a smooth cosine decay to min_lr."),
        field("lr_schedule.step_epochs", &c.lrSchedule.stepEpochs, range(1, 1e6),
              "Step schedule: epochs between cuts of the learning rate."),
        field("lr_schedule.gamma", &c.lrSchedule.gamma, range(0, 1),
              "Step schedule: the factor the learning rate is multiplied by at each cut."),
        field("lr_schedule.min_lr", &c.lrSchedule.minLr, range(0, 10),
              "Cosine schedule: the learning rate reached at the last step."),
        field("lr_schedule.warmup_steps", &c.lrSchedule.warmupSteps, range(0, 1e9),
              "Ramp the learning rate up from 0 over the first steps."),
        field("train.epochs", &c.train.epochs, range(1, 100000),
              "Passes over the training set."),
        field("train.batch_size", &c.train.batchSize, range(1, 65536),
              "Examples per step: larger batches give smoother but fewer updates."),
        field("train.eval_every", &c.train.evalEvery, range(0, 1e9),
              "Steps between test-set evaluations (0 = at the end of each epoch only)."),
        field("train.log_every", &c.train.logEvery, range(1, 1e9),
              "Steps averaged into one point of the training loss curve."),
        field("train.max_steps", &c.train.maxSteps, range(0, 1e15),
              "Stop after this many steps even if epochs remain (0 = no limit)."),
        field("sparsity.method", &c.sparsity.method, oneOf(sparsityMethodNames()),
              "How weights are pruned: dense (none), static (a fixed random mask), magnitude "
              "(prune the smallest weights), movement (re-rank latent weights every delta_t "
              "steps), movement-score (Sanh et al.), rigl (drop small, grow by gradient), set "
              "(drop small, grow at random), structured (remove whole neurons or filters), nm "
              "(keep n of every m weights), l1 and l0 (regularizers: sparsity emerges)."),
        field("sparsity.target", &c.sparsity.target, range(0, 0.9999),
              "Fraction of the weights that are zero at the end, e.g. 0.9 keeps one in ten. "
              "structured: the fraction of neurons or filters removed; nm, l1 and l0 ignore it."),
        field("sparsity.distribution", &c.sparsity.distribution, oneOf(distributionNames()),
              "How the target is split across layers: uniform (the same everywhere), erk "
              "(bigger layers sparser), or global (one ranking of all weights)."),
        field("sparsity.dense_first_layer", &c.sparsity.denseFirstLayer, any(),
              "Uniform distribution: keep the first layer dense (it sees the raw pixels)."),
        field("sparsity.schedule", &c.sparsity.schedule, oneOf(sparsityScheduleNames()),
              "How sparsity grows over the run: constant (from the start), one-shot (all at "
              "start_step), linear, or cubic (fast at first, gently at the end: Zhu & Gupta)."),
        field("sparsity.initial", &c.sparsity.initial, range(0, 0.9999),
              "Gradual schedules: the sparsity at start_step."),
        field("sparsity.start_step", &c.sparsity.startStep, range(0, 1e15),
              "Gradual schedules: where sparsity starts rising; one-shot: the pruning step."),
        field("sparsity.end_step", &c.sparsity.endStep, range(0, 1e15),
              "Gradual schedules: where the target is reached (0 = at 75% of the run)."),
        field("sparsity.delta_t", &c.sparsity.deltaT, range(1, 1e9),
              "Steps between mask updates (ΔT). Small: masks change often; large: weights get "
              "time to prove themselves."),
        field("sparsity.drop_fraction", &c.sparsity.dropFraction, range(0, 1),
              "rigl and set: the fraction α of active weights dropped (and regrown) at each "
              "mask update."),
        field("sparsity.drop_schedule", &c.sparsity.dropSchedule, oneOf(dropScheduleNames()),
              "rigl and set: how α decays: cosine to 0 at t_end, or constant."),
        field("sparsity.t_end", &c.sparsity.tEnd, range(0, 1e15),
              "rigl and set: no more mask updates from this step on (0 = at 75% of the run)."),
        field("sparsity.structure_norm", &c.sparsity.structureNorm, oneOf({"l2", "l1"}),
              "structured: the norm that ranks whole neurons and filters; the weakest go."),
        field("sparsity.n", &c.sparsity.nmN, range(1, 64),
              "nm: weights kept in every group of m consecutive inputs (2 of 4 by default)."),
        field("sparsity.m", &c.sparsity.nmM, range(2, 64),
              "nm: the group size; n:m sparsity keeps n of every m."),
        field("sparsity.nm_constraint", &c.sparsity.nmConstraint, any(),
              "magnitude: keep the mask inside an n:m pattern (what sparse tensor cores run)."),
        field("sparsity.l1_lambda", &c.sparsity.l1Lambda, range(0, 10),
              "l1: strength of the penalty lambda * sum |w| that pulls weights to zero."),
        field("sparsity.proximal", &c.sparsity.proximal, any(),
              "l1: after each step shrink every weight towards zero by lr * lambda and set "
              "those that cross it to exactly zero (soft-thresholding). Without it the "
              "subgradient lambda * sign(w) is added and |w| < 1e-3 counts as zero."),
        field("sparsity.l0_lambda", &c.sparsity.l0Lambda, range(0, 10),
              "l0: strength of the expected-L0 penalty on the hard-concrete gates."),
        field("sparsity.gate_granularity", &c.sparsity.gateGranularity,
              oneOf({"weight", "neuron"}),
              "l0: one gate per weight, or one per neuron (a whole row)."),
        field("sparsity.gate_lr", &c.sparsity.gateLr, range(1e-6, 100),
              "l0: the (constant) Adam learning rate of the gates' log alpha."),
        field("quant.mode", &c.quant.mode, oneOf({"none", "per-layer", "per-channel"}),
              "Fake int8 quantization of the active weights in the forward pass: one scale "
              "per layer or one per output channel (gradients pass straight through)."),
        field("quant.float_ends", &c.quant.floatEnds, any(),
              "Mixed precision: keep the first and last prunable layer in float."),
        field("gradient.clip_norm", &c.gradient.clipNorm, range(0, 1e6),
              "Scale the whole gradient down when its L2 norm exceeds this (0 = off)."),
        field("gradient.clip_value", &c.gradient.clipValue, range(0, 1e6),
              "Clip every gradient entry to plus or minus this (0 = off)."),
        field("gradient.compression", &c.gradient.compression,
              oneOf({"none", "topk", "sparse-updates"}),
              "none; topk: send only the largest gradient entries (what a data-parallel worker "
              "would transmit); sparse-updates: apply only the largest updates."),
        field("gradient.density", &c.gradient.density, range(1e-6, 1),
              "topk and sparse-updates: the fraction of entries kept per tensor (0.01 = 1%)."),
        field("gradient.error_feedback", &c.gradient.errorFeedback, any(),
              "topk: keep what was not sent and add it to the next step's gradient."),
        field("gradient.momentum_correction", &c.gradient.momentumCorrection, any(),
              "topk: accumulate momentum before selecting (Deep Gradient Compression), so "
              "delayed entries keep their momentum."),
        field("seed", &c.seed, range(0, 1.8e19),
              "Seed of every random choice: the same config and seed give the same run."),
        field("threads", &c.threads, range(0, 256),
              "Threads for matrix products (0 = one per core)."),
    };
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
                         (siblings.empty() ? " — known sections: data, model, optimizer, "
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
        os << f.key << " = " << fieldValue(f).dump() << "  (" << limitsText(f) << ")\n    "
           << f.help << "\n";
    }
    return os.str();
}

long long totalStepsFor(const RunConfig& config, int trainCount) {
    const long long perEpoch = (trainCount + config.train.batchSize - 1) / config.train.batchSize;
    const long long all = perEpoch * config.train.epochs;
    return config.train.maxSteps > 0 ? std::min(all, config.train.maxSteps) : all;
}

} // namespace sl
