#pragma once

#include "distributed/communicator.h"

namespace sl::cli {

// The job this process belongs to: mpirun's world when the CLI was built with MPI and started
// by mpirun, else the single process (rank 0 of 1).
Communicator& world();
bool isRootRank();

// Called once at the top of main(). Under mpirun every rank but 0 sends its standard output to
// /dev/null: rank 0 alone prints (errors still reach stderr from every rank).
void startWorld(int& argc, char**& argv);
// Ends MPI (if started); after it world() is the single process again.
void stopWorld();

// For --help: how this build runs on several processes, or how to get a build that does.
const char* distributedHelp();

}  // namespace sl::cli
