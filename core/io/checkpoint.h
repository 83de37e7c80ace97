#pragma once

#include "data/dataset.h"
#include "train/run_config.h"
#include "train/trainer.h"
#include "train/trainer_state.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sl {

// HDF5 checkpoints: a whole run — config, model, masks, optimizer, trainer and generator
// state, metric history and mask-update events — in a layout h5py and HDFView read with no
// SparseLab code. datasets/checkpoint-format.md documents every object.
inline constexpr const char* kCheckpointFormat = "sparselab-checkpoint";
// 2: sparse-backend layers also as CSR groups (checkpoint_csr.h); version 1 files still load.
// 3: born-sparse layers (no dense view) as CSR only, with optimizer state per active weight,
// and mask events' counts and 64-bit positions for them; older readers could not resume those.
inline constexpr int kCheckpointVersion = 3;

// What the run trained on. A resumed run must get the same data back from its config; the
// labels' checksum catches a data folder that changed in between.
struct CheckpointData {
    std::string name;
    int trainExamples = 0;
    int testExamples = 0;
    int features = 0;
    int classes = 0;
    std::uint32_t trainLabelsCrc32 = 0;  // zlib CRC-32 of the labels as little-endian int32
    // The image shape a cnn's layers follow; 0 for non-image data and in files written
    // before convolutions existed (only mlp runs, which do not need it).
    int imageRows = 0;
    int imageCols = 0;
    // zlib CRC-32 of the rest of what the run sees, as float32 / int32 little-endian: the
    // training and test inputs (after standardization) and the test labels. 0 in files
    // written before they were stored: such files are checked on the fields above only.
    std::uint32_t trainImagesCrc32 = 0;
    std::uint32_t testImagesCrc32 = 0;
    std::uint32_t testLabelsCrc32 = 0;

    bool operator==(const CheckpointData&) const = default;
};

CheckpointData describeData(const TrainTestSplit& data);

struct Checkpoint {
    std::string source;  // the file it was read from (empty for a captured one)
    int formatVersion = kCheckpointVersion;
    std::string writer;  // "SparseLab 0.1.0"
    RunConfig config;
    CheckpointData data;
    long long totalSteps = 0;
    // Where the schedules stand, for readers of the file; a resumed run computes them again
    // from the step and the config.
    double learningRate = 0.0;
    double targetSparsity = 0.0;
    double dropFraction = 0.0;
    TrainerState state;
    // Per prunable layer, "dense" or "sparse": the storage backend it trained on.
    std::vector<std::string> backends;
    // Kept beside TrainerState so that a resume is bit for bit for every kind of run:
    // - the params of layers that are not prunable (a mixture of experts' gate and experts),
    //   named as the optimizer state is ("moe1/gate/weight");
    // - the gradient filter's error-feedback residuals and DGC velocities (GradientFilter::
    //   state() names; empty before the first step and for modes that keep none);
    // - per prunable layer, whether the optimizer masks it (a lottery round's masks are
    //   imposed by the driver on a "dense" config: without the flag it resumes dense).
    std::vector<TrainerState::NamedTensor> otherParams;
    std::vector<TrainerState::NamedTensor> gradientState;
    std::vector<std::uint8_t> masked;
    // Data parallelism: what rank 0 measured so far (/exchange; zeros in older files and in
    // one-process runs), so a resumed distributed run's totals continue.
    GradientExchange::Totals exchange;
};

// Copies a trainer's whole state; cheap next to writing it (a few MB for the reference MLP).
// Call it between run() chunks, on the thread that runs the trainer; the copy can then be
// written from any thread (HDF5 calls are serialized inside).
Checkpoint captureCheckpoint(Trainer& trainer);

// Writes atomically: to "<path>.part-<pid>" beside the target, closed and fsync'ed, then
// renamed over it, so a crash or kill at any moment leaves either the previous file or the
// new one, whole. Throws CheckpointError naming the path.
void writeCheckpoint(const Checkpoint& checkpoint, const std::string& path);
inline void saveCheckpoint(Trainer& trainer, const std::string& path) {
    writeCheckpoint(captureCheckpoint(trainer), path);
}

// Reads and validates a whole file without loading the data: the format and version, every
// object's presence, type and shape against the stored config. Throws CheckpointError
// "<file>: <object>: <what was wrong>" for the first problem found; never changes the file.
Checkpoint readCheckpoint(const std::string& path);

// A Trainer that continues the checkpoint's run: built from `config` and `data` as any run is,
// then given every piece of the saved state. `config` must equal the checkpoint's except for
// train.epochs and train.max_steps (ConfigError otherwise); `data` must be the data the run
// trained on (CheckpointError otherwise).
std::unique_ptr<Trainer> resumeTrainer(const Checkpoint& checkpoint, const RunConfig& config,
                                       TrainTestSplit data);
// readCheckpoint, then loadRunData for its stored config, then resumeTrainer.
std::unique_ptr<Trainer> loadCheckpoint(const std::string& path);

// The config keys a resumed run may change.
bool resumeMayChange(const std::string& key);

}  // namespace sl
