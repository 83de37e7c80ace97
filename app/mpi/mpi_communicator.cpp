#include "mpi_communicator.h"

#include "util/error.h"

#include <mpi.h>

#include <chrono>
#include <climits>
#include <cstdlib>

namespace sl::mpi {
namespace {

void check(int code, const char* what) {
    if (code == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw Error(std::string("MPI: ") + what + " failed: " + std::string(text, std::size_t(length)));
}

// MPI counts are int: a message past 2^31 elements must be refused, not truncated.
int mpiCount(std::size_t count, const char* what) {
    if (count > static_cast<std::size_t>(INT_MAX))
        throw Error(std::string("MPI: ") + what + " of " + std::to_string(count) +
                    " elements exceeds MPI's int count");
    return static_cast<int>(count);
}

class Timer {
public:
    explicit Timer(double& total) : m_total(total), m_start(std::chrono::steady_clock::now()) {}
    ~Timer() {
        m_total +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

private:
    double& m_total;
    std::chrono::steady_clock::time_point m_start;
};

}  // namespace

MpiCommunicator::MpiCommunicator(int& argc, char**& argv) {
    check(MPI_Init(&argc, &argv), "MPI_Init");
    // Errors come back as codes and become sl::Error, instead of MPI aborting silently.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    check(MPI_Comm_rank(MPI_COMM_WORLD, &m_rank), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &m_size), "MPI_Comm_size");
}

MpiCommunicator::~MpiCommunicator() { MPI_Finalize(); }

void MpiCommunicator::allreduceSum(float* data, std::size_t count) {
    Timer timer(m_seconds);
    check(MPI_Allreduce(MPI_IN_PLACE, data, mpiCount(count, "allreduce"), MPI_FLOAT, MPI_SUM,
                        MPI_COMM_WORLD),
          "MPI_Allreduce");
    m_bytesSent += static_cast<long long>(count * sizeof(float));
    m_bytesReceived += static_cast<long long>(count * sizeof(float));  // the sums
}

void MpiCommunicator::allreduceSum(double* data, std::size_t count) {
    Timer timer(m_seconds);
    check(MPI_Allreduce(MPI_IN_PLACE, data, mpiCount(count, "allreduce"), MPI_DOUBLE, MPI_SUM,
                        MPI_COMM_WORLD),
          "MPI_Allreduce");
    m_bytesSent += static_cast<long long>(count * sizeof(double));
    m_bytesReceived += static_cast<long long>(count * sizeof(double));
}

void MpiCommunicator::allgatherPairs(const std::vector<IndexValue>& mine,
                                     std::vector<IndexValue>& all, std::vector<int>& counts) {
    Timer timer(m_seconds);
    // Pairs travel as raw bytes: the ranks of one job run the same binary on one architecture.
    const int myBytes = mpiCount(mine.size() * sizeof(IndexValue), "allgatherv");
    std::vector<int> bytes(static_cast<std::size_t>(m_size));
    check(MPI_Allgather(&myBytes, 1, MPI_INT, bytes.data(), 1, MPI_INT, MPI_COMM_WORLD),
          "MPI_Allgather");
    std::vector<int> displacements(static_cast<std::size_t>(m_size));
    long long total = 0;
    for (int r = 0; r < m_size; ++r) {
        displacements[std::size_t(r)] = static_cast<int>(total);
        total += bytes[std::size_t(r)];
        if (total > INT_MAX) throw Error("MPI: the gathered pairs exceed MPI's int count");
    }
    all.resize(static_cast<std::size_t>(total) / sizeof(IndexValue));
    check(MPI_Allgatherv(mine.data(), myBytes, MPI_BYTE, all.data(), bytes.data(),
                         displacements.data(), MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Allgatherv");
    counts.resize(std::size_t(m_size));
    for (int r = 0; r < m_size; ++r)
        counts[std::size_t(r)] = bytes[std::size_t(r)] / static_cast<int>(sizeof(IndexValue));
    m_bytesSent += static_cast<long long>(sizeof(int)) + myBytes;
    // The others' byte counts and pairs; this rank's own never left it.
    m_bytesReceived += static_cast<long long>(sizeof(int)) * (m_size - 1) + (total - myBytes);
}

void MpiCommunicator::broadcast(std::vector<char>& bytes, int root) {
    Timer timer(m_seconds);
    long long size = static_cast<long long>(bytes.size());
    check(MPI_Bcast(&size, 1, MPI_LONG_LONG, root, MPI_COMM_WORLD), "MPI_Bcast");
    bytes.resize(static_cast<std::size_t>(size));
    check(MPI_Bcast(bytes.data(), mpiCount(bytes.size(), "broadcast"), MPI_BYTE, root,
                    MPI_COMM_WORLD),
          "MPI_Bcast");
    if (m_rank == root) m_bytesSent += static_cast<long long>(sizeof size) + size;
    else m_bytesReceived += static_cast<long long>(sizeof size) + size;
}

void MpiCommunicator::barrier() {
    Timer timer(m_seconds);
    check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

void MpiCommunicator::abort(int exitCode) {
    MPI_Abort(MPI_COMM_WORLD, exitCode);
    std::_Exit(exitCode);  // MPI_Abort does not return; this satisfies [[noreturn]]
}

bool launchedByMpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
        if (std::getenv(name)) return true;
    return false;
}

std::unique_ptr<Communicator> startIfLaunched(int& argc, char**& argv) {
    if (!launchedByMpi()) return nullptr;
    return std::make_unique<MpiCommunicator>(argc, argv);
}

}  // namespace sl::mpi
