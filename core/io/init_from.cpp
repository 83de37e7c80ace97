#include "io/init_from.h"

#include "io/checkpoint.h"
#include "io/checkpoint_layout.h"
#include "util/error.h"

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
    Checkpoint checkpoint = readCheckpoint(checkpointPath);
    InitialWeights initial;
    initial.source = checkpointPath;
    initial.layers = std::move(checkpoint.state.layers);
    auto trainer = std::make_unique<Trainer>(config, std::move(data), initial);
    // The parameters outside prunable layers (a gpt's embeddings and LayerNorms) belong to
    // the trained model too: without them its linear maps would read random embeddings.
    const auto into = checkpoint_layout::nonPrunableParams(trainer->model());
    const auto& stored = checkpoint.otherParams;
    if (stored.empty()) return trainer;  // an MLP's file: nothing outside its prunable layers
    if (stored.size() != into.size())
        throw ShapeError(checkpointPath + ": " + std::to_string(stored.size()) +
                         " parameters outside prunable layers — this config builds " +
                         std::to_string(into.size()));
    for (std::size_t i = 0; i < into.size(); ++i) {
        const auto& [name, tensor] = into[i];
        if (stored[i].name != name || stored[i].value.rows() != tensor->rows() ||
            stored[i].value.cols() != tensor->cols())
            throw ShapeError(checkpointPath + ": parameter '" + stored[i].name + "' " +
                             std::to_string(stored[i].value.rows()) + "x" +
                             std::to_string(stored[i].value.cols()) + " — this config builds '" +
                             name + "' " + std::to_string(tensor->rows()) + "x" +
                             std::to_string(tensor->cols()));
    }
    for (std::size_t i = 0; i < into.size(); ++i) *into[i].second = stored[i].value;
    return trainer;
}

}  // namespace sl
