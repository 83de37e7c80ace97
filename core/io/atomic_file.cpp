#include "io/atomic_file.h"

#include "util/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace sl {

void writeFileAtomically(const std::string& path, const std::string& contents) {
    const std::string temp = path + ".part-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(path + ": cannot write (" + std::strerror(errno) + ")");
        out << contents;
        out.flush();
        if (!out) {
            std::remove(temp.c_str());
            throw Error(path + ": writing failed (" + std::strerror(errno) + ")");
        }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temp.c_str());
        throw Error(path + ": cannot replace the file (" + reason + ")");
    }
}

}  // namespace sl
