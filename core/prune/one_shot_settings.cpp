#include "prune/one_shot_settings.h"

#include "util/error.h"

#include <cstdio>

namespace sl {

std::string oneShotMethodName(OneShotMethod method) {
    switch (method) {
    case OneShotMethod::Magnitude: return "magnitude";
    case OneShotMethod::Wanda: return "wanda";
    case OneShotMethod::SparseGpt: return "sparsegpt";
    }
    return "?";
}

OneShotMethod oneShotMethodFromName(const std::string& name) {
    if (name == "magnitude") return OneShotMethod::Magnitude;
    if (name == "wanda") return OneShotMethod::Wanda;
    if (name == "sparsegpt") return OneShotMethod::SparseGpt;
    throw ConfigError("prune method '" + name + "' — expected magnitude, wanda or sparsegpt");
}

void parseNm(const std::string& text, int& n, int& m) {
    int a = 0, b = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%d:%d%c", &a, &b, &tail) != 2 || a <= 0 || b <= a || b > 64)
        throw ConfigError("N:M pattern '" + text +
                          "' — expected two integers n:m with 0 < n < m <= 64, e.g. 2:4");
    n = a;
    m = b;
}

void validate(const OneShotSettings& s) {
    std::string problems;
    if (!s.nm() && !(s.sparsity > 0.0 && s.sparsity < 1.0))
        problems += "sparsity " + std::to_string(s.sparsity) + " — expected a value in (0, 1)\n";
    if (s.nm() && !(s.nmN > 0 && s.nmN < s.nmM))
        problems += "N:M " + std::to_string(s.nmN) + ":" + std::to_string(s.nmM) +
                    " — expected 0 < n < m\n";
    if (s.calibration <= 0)
        problems += "calibration " + std::to_string(s.calibration) +
                    " — expected a positive number of examples\n";
    if (!(s.dampening > 0.0))
        problems += "dampening " + std::to_string(s.dampening) + " — expected > 0\n";
    if (s.blockSize <= 0)
        problems += "block size " + std::to_string(s.blockSize) + " — expected > 0\n";
    if (!problems.empty()) {
        problems.pop_back();
        throw ConfigError(problems);
    }
}

}  // namespace sl
