#include "distributed.h"

#include <cstdio>
#include <memory>

#ifdef SPARSELAB_HAVE_MPI
#include "mpi_communicator.h"
#endif

namespace sl::cli {
namespace {

LocalCommunicator g_local;
std::unique_ptr<Communicator> g_world;

}  // namespace

Communicator& world() { return g_world ? *g_world : g_local; }
bool isRootRank() { return world().rank() == 0; }

void startWorld([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef SPARSELAB_HAVE_MPI
    g_world = mpi::startIfLaunched(argc, argv);
#endif
    if (world().rank() != 0 && !std::freopen("/dev/null", "w", stdout))
        std::fprintf(stderr, "rank %d: cannot silence standard output\n", world().rank());
}

void stopWorld() { g_world.reset(); }

const char* distributedHelp() {
#ifdef SPARSELAB_HAVE_MPI
    return "Several processes: mpirun -np N sparselab-cli train ... splits every batch over N "
           "ranks (data parallel); mpirun -np N sparselab-cli sweep ... spreads the runs. As root "
           "add --allow-run-as-root, with more ranks than cores --oversubscribe; on a cluster "
           "mpirun -np 8 --hostfile hosts sparselab-cli train ...";
#else
    return "This build has no MPI: install openmpi-bin and libopenmpi-dev (Debian) and rebuild "
           "(cmake -DSPARSELAB_MPI=ON) to train and sweep on several processes with mpirun.";
#endif
}

}  // namespace sl::cli
