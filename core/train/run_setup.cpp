#include "train/run_setup.h"

#include "data/idx_dataset.h"
#include "data/synthetic.h"
#include "data/text_dataset.h"
#include "data/validation_split.h"
#include "util/rng.h"

#include <algorithm>

namespace sl {

TrainTestSplit loadRunData(const RunConfig& config) {
    const auto& d = config.data;
    TrainTestSplit split;
    if (isTextDataName(d.name)) {
        split = loadTextData(d.name, d.path, config.model.context);
    } else if (d.name == "fashion-mnist" || d.name == "mnist" || d.name == "idx") {
        split = loadIdxFolder(d.path.empty() ? std::string(kFashionMnistDir) : d.path, d.name);
    } else {
        SyntheticSpec spec;
        spec.kind = syntheticKindFromName(d.name);
        spec.trainCount = d.samples;
        spec.testCount = std::max(1, d.samples / 2);
        spec.noise = d.noise;
        spec.classes = d.classes;
        // Its own stream, so that the data does not shift the run's init and batch order.
        spec.seed = Rng::derived(config.seed, 1).next();
        split = makeSynthetic(spec);
    }
    // firstExamples copies, so only call it when a subset is asked for (the full set is 188 MB).
    if (d.trainSubset > 0) split.train = firstExamples(split.train, d.trainSubset);
    if (d.testSubset > 0) split.test = firstExamples(split.test, d.testSubset);
    // Held out after the subset (a quick run's validation set comes from its own examples)
    // and before standardizing, whose statistics must come from the examples trained on.
    // Stream 2 of the seed: the held-out examples do not move with init or batch order.
    holdOutValidation(split, d.validation, Rng::derived(config.seed, 2).next());
    // Text examples are character ids, which scaling would turn into other characters.
    if (d.standardize && !isTextDataName(d.name)) standardize(split);
    return split;
}

}  // namespace sl
