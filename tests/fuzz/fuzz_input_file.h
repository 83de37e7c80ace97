#pragma once

// The loaders take paths, as the CLI gives them: each input is written to one file per
// process (in /dev/shm when there is one, so the disk is not worn by millions of runs).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace sl::fuzz {

inline std::string inputFile(const char* suffix, const std::uint8_t* data, std::size_t size) {
    const char* folder = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    const std::string path =
        std::string(folder) + "/sparselab-fuzz-" + std::to_string(::getpid()) + suffix;
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        if (size > 0) std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
    return path;
}

}  // namespace sl::fuzz
