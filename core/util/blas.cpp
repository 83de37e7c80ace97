#include "util/blas.h"

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <thread>

extern "C" {
// OpenBLAS's own entry points; declared here so that no flavour-specific cblas.h is needed.
void openblas_set_num_threads(int);
int openblas_get_num_threads();
char* openblas_get_config();
char* openblas_get_corename();
void sgemm_(const char*, const char*, const int*, const int*, const int*, const float*,
            const float*, const int*, const float*, const int*, const float*, float*, const int*);
}

namespace sl {

// From nn/sparse_kernels.h, declared here: that header brings Eigen, whose BLAS prototypes
// clash with the OpenBLAS ones above.
void setSparseThreads(int threads);

void setBlasThreads(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    openblas_set_num_threads(threads);
    // The sparse backend's kernels follow the same `threads` key: one knob for the products.
    setSparseThreads(threads);
}

int blasThreads() { return openblas_get_num_threads(); }

std::string blasLibraryPath() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&sgemm_), &info) == 0 || info.dli_fname == nullptr)
        return "unknown";
    char resolved[4096];
    if (realpath(info.dli_fname, resolved) != nullptr) return resolved;
    return info.dli_fname;
}

std::string blasConfig() {
    const char* config = openblas_get_config();
    return config ? config : "unknown";
}

std::string blasCoreName() {
    const char* core = openblas_get_corename();
    return core ? core : "unknown";
}

}  // namespace sl
