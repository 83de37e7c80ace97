#include "train/successive_halving.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sl {

int halvingRounds(int points, int eta) {
    int rounds = 1;
    for (long long n = points; n >= eta; n /= eta) ++rounds;
    return rounds;
}

long long halvingBudget(long long fullBudget, int eta, int rounds, int round) {
    long long budget = fullBudget;
    for (int r = round; r < rounds - 1; ++r) budget /= eta;
    return std::max(1LL, budget);
}

std::vector<int> keepBest(const std::vector<int>& points, const std::vector<double>& scores,
                          int keep) {
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), 0);
    auto rank = [&](std::size_t i) { return std::isnan(scores[i]) ? -INFINITY : scores[i]; };
    // Stable: equal scores keep the order the points were given in.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank(a) > rank(b); });
    std::vector<int> out;
    for (std::size_t i = 0; i < order.size() && static_cast<int>(out.size()) < keep; ++i)
        out.push_back(points[order[i]]);
    return out;
}

std::vector<HalvingRound>
successiveHalving(int points, int eta, long long fullBudget,
                  const std::function<double(int point, long long budget, int round)>& score) {
    return successiveHalvingByRound(
        points, eta, fullBudget, [&](const std::vector<int>& alive, long long budget, int round) {
            std::vector<double> scores;
            for (int p : alive) scores.push_back(score(p, budget, round));
            return scores;
        });
}

std::vector<HalvingRound> successiveHalvingByRound(
    int points, int eta, long long fullBudget,
    const std::function<std::vector<double>(const std::vector<int>& points, long long budget,
                                            int round)>& scoreRound) {
    if (points < 1) throw ConfigError("--search halving: no points to search");
    if (eta < 2) throw ConfigError("--eta: got " + std::to_string(eta) + " — expected at least 2");
    const int rounds = halvingRounds(points, eta);
    std::vector<int> alive(static_cast<std::size_t>(points));
    std::iota(alive.begin(), alive.end(), 0);
    std::vector<HalvingRound> out;
    for (int r = 0; r < rounds; ++r) {
        HalvingRound round;
        round.budget = halvingBudget(fullBudget, eta, rounds, r);
        round.points = alive;
        round.scores = scoreRound(alive, round.budget, r);
        if (round.scores.size() != alive.size())
            throw ShapeError("successive halving: " + std::to_string(round.scores.size()) +
                             " scores for " + std::to_string(alive.size()) + " points");
        const bool last = r == rounds - 1;
        const int keep = last ? 1 : std::max(1, static_cast<int>(alive.size()) / eta);
        round.kept = keepBest(round.points, round.scores, keep);
        alive = round.kept;
        out.push_back(std::move(round));
    }
    return out;
}

}  // namespace sl
