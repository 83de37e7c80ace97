#pragma once

#include "data/dataset.h"
#include "nn/tensor.h"
#include "train/metrics.h"
#include "train/run_config.h"
#include "train/trainer.h"
#include "train/trainer_state.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sl {

// Lottery tickets by iterative magnitude pruning (IMP). Round 0 trains the config dense and
// keeps its state at step k. After each round the surviving weights with the smallest |w| at
// the end of the round are pruned, and round r+1 starts again from the step-k state under the
// new masks and trains to the end (the learning-rate schedule rewinds to k too).
// k = 0 is the original ticket (Frankle & Carbin, "The Lottery Ticket Hypothesis", ICLR 2019);
// k > 0 is rewinding (Frankle et al., "Stabilizing the Lottery Ticket Hypothesis", 2019).
// The reinit control trains the same masks from a fresh random initialisation.

enum class LotteryScope { Global, PerLayer };
enum class LotteryControl { None, Reinit };

struct LotterySettings {
    int rounds = 5;              // pruning rounds after the dense round 0
    double pruneFraction = 0.2;  // p: the share of the remaining weights pruned per round
    LotteryScope scope = LotteryScope::Global;
    long long rewindStep = 0;  // k
    LotteryControl control = LotteryControl::None;
    bool keepStates = false;  // keep each round's final TrainerState in its result
};

// Throws ConfigError naming the setting when one is out of range for a run of totalSteps.
void validateLottery(const LotterySettings& settings, long long totalSteps);

// "global"/"layer", "none"/"reinit"; parse* throw ConfigError naming the accepted words.
LotteryScope parseLotteryScope(const std::string& word);
LotteryControl parseLotteryControl(const std::string& word);
const char* toString(LotteryScope scope);
const char* toString(LotteryControl control);

// The weights a round r keeps out of n: n·(1−p)^r rounded to the nearest integer once, from
// n itself and not from the previous round's count, so rounding errors never pile up and the
// sparsity after round r is 1 − round(n·(1−p)^r)/n whatever happened before.
long long lotteryKeepCount(long long n, double pruneFraction, int round);

// The masks of the next round: among the weights active in `masks`, keeps the largest |w| of
// `weights` so that exactly lotteryKeepCount(...) stay, over all layers at once (global) or
// per layer. Ties are broken by position (layer, then row-major index), so the result is
// deterministic. Weights and masks are one tensor per prunable layer.
std::vector<Tensor> lotteryMasks(const std::vector<Tensor>& weights,
                                 const std::vector<Tensor>& masks, LotteryScope scope,
                                 double pruneFraction, int round);

struct LotteryRound {
    int round = 0;                   // 0 is the dense run
    bool control = false;            // the reinit control of this round
    long long active = 0;            // prunable weights kept
    long long total = 0;             // prunable weights
    double sparsity = 0.0;           // 1 − active/total
    double testAccuracy = kNoValue;  // at the end of the round
    MetricHistory history;
    std::optional<TrainerState> finalState;  // with LotterySettings::keepStates
};

// Where the driver is, for progress bars.
struct LotteryProgress {
    int round = 0;
    bool control = false;
    long long step = 0;
    long long totalSteps = 0;
    int runsDone = 0;   // rounds (and controls) finished so far
    int runsTotal = 0;  // all of them
};

class LotteryDriver {
public:
    // The config's sparsity method is replaced by "dense": the driver chooses the masks.
    // Throws ConfigError for bad settings.
    LotteryDriver(const RunConfig& config, TrainTestSplit data, LotterySettings settings);

    // Called after every round (and control) while its Trainer still exists, so a caller can
    // save a checkpoint or build a picture of it; on the calling thread of run().
    std::function<void(const LotteryRound&, Trainer&)> onRoundFinished;
    // Called when a round's Trainer is ready, rewound and masked, before its first step.
    std::function<void(int round, bool control, Trainer&)> onRoundStarting;
    // Called at every metric point of every run.
    std::function<void(const LotteryProgress&)> onProgress;

    // Runs all rounds and returns their results in order (round 0, round 1, control 1, …).
    // Returns early, with the rounds finished so far, when requestStop() was called.
    std::vector<LotteryRound> run();
    // Safe from any thread: the current run stops after its step and no round follows.
    void requestStop() { m_stop.store(true, std::memory_order_relaxed); }
    bool stopped() const { return m_stop.load(std::memory_order_relaxed); }

    const RunConfig& config() const { return m_config; }
    const LotterySettings& settings() const { return m_settings; }
    // The seed of round r's reinit control: another initialisation for every round.
    std::uint64_t controlSeed(int round) const;
    // The dense round, the pruning rounds and their controls.
    int runsTotal() const;

    // For tests: the step-k state every round rewinds to (empty before run()).
    const std::optional<TrainerState>& rewindState() const { return m_rewind; }

private:
    // Trains to the end; false when stopped.
    bool train(Trainer& trainer, int round, bool control);
    LotteryRound finish(Trainer& trainer, int round, bool control);

    RunConfig m_config;
    TrainTestSplit m_data;
    LotterySettings m_settings;
    std::optional<TrainerState> m_rewind;
    std::atomic<bool> m_stop{false};
    int m_runsDone = 0;
};

}  // namespace sl
