#pragma once

#include "train/run_config.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sl::test {

// The small run most window and engine tests train, built in one expression:
//   sl::RunConfig c = TinyRun().sparse("rigl", 0.8f, 10).epochs(200).seed(9);
// Unless a setter says otherwise: the synthetic spirals set (1,000 points, no data file
// needed), a 32-32 MLP, batch 50 (20 steps an epoch), 10 epochs, dense, seed 1.
class TinyRun {
public:
    TinyRun() {
        m_c.data.name = "spirals";
        m_c.data.samples = 1000;
        m_c.model.hidden = {32, 32};
        m_c.train.batchSize = 50;
        m_c.train.epochs = 10;
        m_c.sparsity.method = "dense";
        m_c.seed = 1;
    }
    // A synthetic set (spirals, moons, blobs, xor, ...); classes counts spiral arms or blobs.
    TinyRun& data(const char* synthetic, int samples = 1000, int classes = 2) {
        m_c.data.name = synthetic;
        m_c.data.samples = samples;
        m_c.data.classes = classes;
        return *this;
    }
    TinyRun& hidden(std::vector<int> sizes) {
        m_c.model.hidden = std::move(sizes);
        return *this;
    }
    TinyRun& batch(int examples) {
        m_c.train.batchSize = examples;
        return *this;
    }
    TinyRun& epochs(int n) {
        m_c.train.epochs = n;
        return *this;
    }
    // A sparsity method at `target`, its mask updated every deltaT steps.
    TinyRun& sparse(const std::string& method, float target, int deltaT) {
        m_c.sparsity.method = method;
        m_c.sparsity.target = target;
        m_c.sparsity.deltaT = deltaT;
        return *this;
    }
    TinyRun& seed(std::uint64_t s) {
        m_c.seed = s;
        return *this;
    }
    operator RunConfig() const { return m_c; }  // NOLINT: reads as a RunConfig on purpose

private:
    RunConfig m_c;
};

}  // namespace sl::test
