#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sl {

// One entry of a sparse gradient on the wire: a flat index over all parameters and its value.
struct IndexValue {
    std::int32_t index = 0;
    float value = 0.0f;
};
static_assert(sizeof(IndexValue) == 8, "pairs travel as 8 raw bytes");

// The collective operations data-parallel training and distributed sweeps need, and nothing
// more. core stays free of MPI: the MPI implementation lives in app/mpi, linked into the CLI;
// LocalCommunicator below is the one process every other program is.
// Every rank must call the same operations in the same order (MPI's collective rule).
// Each call adds the bytes this rank handed to the transport, the bytes the transport handed
// back from the other ranks (an allreduce's result, the others' pairs of an allgather, a
// broadcast's payload on the other ranks) and the seconds it spent inside it to bytesSent(),
// bytesReceived() and seconds(): the traffic figures are measured, not estimated.
class Communicator {
public:
    virtual ~Communicator() = default;

    virtual int rank() const = 0;
    virtual int size() const = 0;

    // data[i] becomes the sum of data[i] over all ranks.
    virtual void allreduceSum(float* data, std::size_t count) = 0;
    virtual void allreduceSum(double* data, std::size_t count) = 0;
    // all = every rank's pairs, concatenated in rank order; counts = how many came from each.
    virtual void allgatherPairs(const std::vector<IndexValue>& mine, std::vector<IndexValue>& all,
                                std::vector<int>& counts) = 0;
    // bytes on `root` are copied to every rank (resized there).
    virtual void broadcast(std::vector<char>& bytes, int root) = 0;
    virtual void barrier() = 0;
    // Ends every rank of the job (an error on one rank would leave the others waiting in a
    // collective forever). Does not return.
    [[noreturn]] virtual void abort(int exitCode) = 0;

    long long bytesSent() const { return m_bytesSent; }
    long long bytesReceived() const { return m_bytesReceived; }
    double seconds() const { return m_seconds; }

protected:
    long long m_bytesSent = 0;
    long long m_bytesReceived = 0;
    double m_seconds = 0.0;
};

// A single process: rank 0 of 1. Every operation is the identity and sends nothing.
class LocalCommunicator final : public Communicator {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void allreduceSum(float*, std::size_t) override {}
    void allreduceSum(double*, std::size_t) override {}
    void allgatherPairs(const std::vector<IndexValue>& mine, std::vector<IndexValue>& all,
                        std::vector<int>& counts) override;
    void broadcast(std::vector<char>&, int) override {}
    void barrier() override {}
    [[noreturn]] void abort(int exitCode) override;
};

}  // namespace sl
