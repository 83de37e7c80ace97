#include "io/init_from.h"

#include "io/checkpoint.h"

namespace sl {

InitialWeights initialWeightsFrom(const std::string& checkpointPath) {
    Checkpoint checkpoint = readCheckpoint(checkpointPath);
    InitialWeights initial;
    initial.source = checkpointPath;
    initial.layers = std::move(checkpoint.state.layers);
    return initial;
}

std::unique_ptr<Trainer> trainerFromCheckpoint(const std::string& checkpointPath,
                                               const RunConfig& config, TrainTestSplit data) {
    const InitialWeights initial = initialWeightsFrom(checkpointPath);
    return std::make_unique<Trainer>(config, std::move(data), initial);
}

} // namespace sl
