#include "io/regular_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sl {
namespace {

std::string kindOf(mode_t mode) {
    if (S_ISREG(mode)) return "";
    if (S_ISDIR(mode)) return "is a folder, not a file";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode)) return "is a character device, not a regular file";
    if (S_ISBLK(mode)) return "is a block device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

}  // namespace

std::string notARegularFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return errno == ENOENT ? "does not exist"
                               : std::string("cannot be read (") + std::strerror(errno) + ")";
    return kindOf(st.st_mode);
}

FileContents readRegularFile(const std::string& path) {
    FileContents out;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        out.problem = errno == ENOENT
                          ? "does not exist"
                          : std::string("cannot be opened (") + std::strerror(errno) + ")";
        return out;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        out.problem = std::string("cannot be read (") + std::strerror(errno) + ")";
    else out.problem = kindOf(st.st_mode);
    if (out.problem.empty()) {
        out.bytes.reserve(static_cast<std::size_t>(st.st_size));
        char buffer[1 << 16];
        for (;;) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                out.problem = std::string("reading failed (") + std::strerror(errno) + ")";
                break;
            }
            if (n == 0) break;
            out.bytes.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    if (!out.problem.empty()) out.bytes.clear();
    return out;
}

}  // namespace sl
