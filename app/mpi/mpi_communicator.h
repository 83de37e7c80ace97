#pragma once

#include "distributed/communicator.h"

#include <memory>

namespace sl::mpi {

// The Communicator over MPI_COMM_WORLD (OpenMPI). Owns MPI's lifetime: the constructor calls
// MPI_Init, the destructor MPI_Finalize. Bytes counted per call are the payload this rank
// passes to MPI (an allreduce's buffer, an allgather's own part, a broadcast's bytes on the
// root); how MPI moves them (ring, tree, shared memory) is its business.
class MpiCommunicator final : public Communicator {
public:
    MpiCommunicator(int& argc, char**& argv);
    ~MpiCommunicator() override;
    MpiCommunicator(const MpiCommunicator&) = delete;
    MpiCommunicator& operator=(const MpiCommunicator&) = delete;

    int rank() const override { return m_rank; }
    int size() const override { return m_size; }
    void allreduceSum(float* data, std::size_t count) override;
    void allreduceSum(double* data, std::size_t count) override;
    void allgatherPairs(const std::vector<IndexValue>& mine, std::vector<IndexValue>& all,
                        std::vector<int>& counts) override;
    void broadcast(std::vector<char>& bytes, int root) override;
    void barrier() override;
    [[noreturn]] void abort(int exitCode) override;

private:
    int m_rank = 0;
    int m_size = 1;
};

// Whether this process was started by mpirun / mpiexec (OpenMPI's or a PMIx launcher's
// environment), so a plain start never initialises MPI and stays the same program as before.
bool launchedByMpi();

// An MpiCommunicator when launchedByMpi(), else null.
std::unique_ptr<Communicator> startIfLaunched(int& argc, char**& argv);

}  // namespace sl::mpi
