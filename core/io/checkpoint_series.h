#pragma once

#include "train/trainer.h"

#include <optional>
#include <string>
#include <vector>

namespace sl {

// Periodic checkpoints of a run in one folder, named by step so that they sort
// (step-00000469.h5), keeping the newest few. Each save is atomic (see writeCheckpoint).
class CheckpointSeries {
public:
    // Creates the folder if needed. keep >= 1 (ConfigError otherwise).
    CheckpointSeries(std::string folder, int keep);

    // Writes the trainer's state as fileName(step) in the folder, then deletes the series'
    // older files beyond the newest `keep`. Files of later steps (left by a longer run that
    // this one resumed from an earlier point) are never deleted: this run overwrites them as
    // it gets there. Returns the path written.
    std::string save(Trainer& trainer);

    // The series' files in the folder, oldest step first.
    std::vector<std::string> files() const;
    const std::string& folder() const { return m_folder; }

    static std::string fileName(long long step);
    // The step of a series file name, or nothing for any other name.
    static std::optional<long long> stepOf(const std::string& fileName);

private:
    void prune(long long newestStep) const;

    std::string m_folder;
    int m_keep;
};

}  // namespace sl
