#pragma once

#include "train/run_config.h"
#include "util/rng.h"

#include <cstdint>
#include <string>

namespace sl::test {

// Words drawn at random from a small list: about log2(6) bits per word of ~4 characters is
// all there is to learn beyond spelling.
inline std::string wordText(int words, std::uint64_t seed) {
    const char* list[] = {"the ", "cat ", "sat ", "on ", "a ", "mat.\n"};
    Rng rng(seed);
    std::string text;
    for (int i = 0; i < words; ++i) text += list[rng.below(6)];
    return text;
}

// A character-level language model small enough to train in a test: one block, d_model 16,
// 2 heads, 12 characters of context, Adam at 0.01, batch 16, 2 epochs, seed 5, no pruning
// (the default method is RigL at 90 %). Tests change what they need on the copy.
inline RunConfig tinyGptConfig(const std::string& textPath) {
    RunConfig c;
    c.data.name = "text";
    c.data.path = textPath;
    c.model.kind = "gpt";
    c.model.layers = 1;
    c.model.dModel = 16;
    c.model.heads = 2;
    c.model.context = 12;
    c.optimizer.name = "adam";
    c.optimizer.lr = 0.01f;
    c.train.batchSize = 16;
    c.train.epochs = 2;
    c.seed = 5;
    c.sparsity.method = "dense";
    return c;
}

}  // namespace sl::test
