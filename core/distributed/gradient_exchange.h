#pragma once

#include "distributed/communicator.h"
#include "nn/tensor.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace sl {

// How data-parallel ranks turn their shards' gradients into the gradient of the global batch.
// Every rank computes its shard's contribution to the global mean (the loss gradient scaled by
// shard / batch), so the plain sum over ranks is the mean over the global batch that one
// process computes — only the order of the additions differs.
//   sumDense:    every gradient entry, one MPI_Allreduce of one packed buffer.
//   sumSelected: the non-zero entries each rank's top-k left (its own error feedback), as
//                (index, value) pairs by MPI_Allgatherv, added in rank order. When the pairs
//                all ranks would gather take more bytes than one dense vector (8 P > 4 E, i.e.
//                a gathered density above 1/2) the ranks allreduce the (mostly zero) dense
//                gradient instead: a dense allreduce moves ~4 E per rank whatever the density,
//                an allgather 8 P per rank, and P grows with the rank count (SparCML's switch).
class GradientExchange {
public:
    // One step's traffic, measured on this rank.
    struct Step {
        long long bytesSent = 0;      // payload this rank handed to the transport
        long long bytesReceived = 0;  // payload the transport handed back (communicator.h)
        double seconds = 0.0;         // inside the communicator
        long long pairsSent = 0;      // sumSelected: pairs this rank sent
        long long pairsReceived = 0;
        bool sparse = false;  // sumSelected went by allgather
    };
    // Over the run so far, as rank 0 measured it. Checkpoints keep them (/exchange), so a
    // resumed run's totals continue from the saved ones, on any rank count.
    struct Totals {
        long long steps = 0;
        long long bytesSent = 0;
        long long bytesReceived = 0;
        double seconds = 0.0;
        long long sparseSteps = 0;  // exchanges that went by allgather
        long long denseSteps = 0;   // by allreduce
        int ranks = 1;              // the rank count of the last job that added to them
    };

    void setCommunicator(Communicator* communicator);
    Communicator* communicator() const { return m_comm; }
    int ranks() const { return m_comm ? m_comm->size() : 1; }
    int rank() const { return m_comm ? m_comm->rank() : 0; }
    bool distributed() const { return ranks() > 1; }

    // The columns [first, last) of a global batch of `batch` examples that `rank` of `ranks`
    // trains on: contiguous, sizes differing by at most one, the same on every rank.
    static std::pair<int, int> shard(int batch, int rank, int ranks);

    // Starts a step's accounting; the sums below add to it.
    void beginStep();
    void sumDense(std::vector<Param>& params);
    void sumSelected(std::vector<Param>& params);
    // A block of a dense gradient (RigL's growth criterion on the sparse backend), summed.
    void sumBlock(Tensor& block);
    // Loss (summed over examples) and correct count of the shards: summed over ranks.
    void sumMetrics(double& lossSum, double& correct);
    // Statistics of the global batch a layer needs besides the gradients (the mixture of
    // experts' routing counts for its balancing loss), summed over ranks.
    void sumValues(std::vector<double>& values);
    // Closes the step: folds it into the totals.
    void endStep();

    const Step& lastStep() const { return m_step; }
    const Totals& totals() const { return m_totals; }
    void restoreTotals(const Totals& totals) { m_totals = totals; }

private:
    template <typename Fn> void timed(Fn&& fn);

    Communicator* m_comm = nullptr;
    Step m_step;
    Totals m_totals;
    std::vector<float> m_dense;  // packed gradients, reused
    std::vector<IndexValue> m_mine, m_all;
    std::vector<int> m_counts;
};

}  // namespace sl
