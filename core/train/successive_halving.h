#pragma once

#include <functional>
#include <vector>

namespace sl {

// Successive halving (Jamieson & Talwalkar 2016; the inner loop of Hyperband, Li et al. 2018):
// every point runs on a small budget, the best 1/eta of them by validation go on to a budget
// eta times larger, until the last round runs the survivors on the full budget.
//
// With n points and R = halvingRounds(n, eta) rounds, round r (from 0) runs
// keptCount(n, eta, r) points, each on fullBudget / eta^(R-1-r) steps (at least 1); after
// each round but the last, floor(count / eta) (at least 1) are kept, ties going to the
// point listed first and NaN scores (no validation figure) counting as the worst.

struct HalvingRound {
    long long budget = 0;        // steps each point of this round trains for
    std::vector<int> points;     // the points run in this round, in the order given
    std::vector<double> scores;  // the score of each, same order
    std::vector<int> kept;       // the points that go on (the best of the last round: one)
};

// Rounds until one point would be left: floor(log_eta(n)) + 1, at least 1.
int halvingRounds(int points, int eta);

// The budget of round r of `rounds`.
long long halvingBudget(long long fullBudget, int eta, int rounds, int round);

// The `keep` best of `points` by score (higher is better), in descending score.
std::vector<int> keepBest(const std::vector<int>& points, const std::vector<double>& scores,
                          int keep);

// Runs the whole schedule; `score(point, budget, round)` trains (or looks up) one point and
// returns its validation score. Throws ConfigError for points < 1 or eta < 2.
std::vector<HalvingRound>
successiveHalving(int points, int eta, long long fullBudget,
                  const std::function<double(int point, long long budget, int round)>& score);

// The same schedule, scoring a whole round at once: `scoreRound(points, budget, round)` returns
// one score per point, in the order given (a distributed sweep trains them on several ranks).
std::vector<HalvingRound> successiveHalvingByRound(
    int points, int eta, long long fullBudget,
    const std::function<std::vector<double>(const std::vector<int>& points, long long budget,
                                            int round)>& scoreRound);

}  // namespace sl
