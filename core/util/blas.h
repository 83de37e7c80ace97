#pragma once

#include <string>

namespace sl {

// OpenBLAS thread control and identification. Debian can silently route BLAS calls to the
// reference implementation, so the CLI's bench prints which library really answered.
void setBlasThreads(int threads);  // 0 = one per core
int blasThreads();
std::string blasLibraryPath();  // the shared object that provides sgemm_ in this process
std::string blasConfig();       // OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 ..."
std::string blasCoreName();     // the kernel family OpenBLAS picked for this CPU

}  // namespace sl
