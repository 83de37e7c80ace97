#pragma once

#include <string>

namespace sl {

// What is wrong with giving `path` where a file to read is expected, or "" for a regular
// file: "is a FIFO (named pipe)", "is a character device", "is a folder", "does not exist".
// Opening a FIFO blocks until a writer comes, and a device may never end: both are refused
// before any open that could hang.
std::string notARegularFile(const std::string& path);

// The whole contents of a regular file, checked on the open descriptor itself (no window
// between the check and the read). Throws E "<path>: <problem>" otherwise.
struct FileContents {
    std::string bytes;
    std::string problem;  // empty when the file was read
};
FileContents readRegularFile(const std::string& path);

template <class E>
std::string readRegularFileOr(const std::string& path, const std::string& expected) {
    FileContents c = readRegularFile(path);
    if (!c.problem.empty()) throw E(path + ": " + c.problem + " — expected " + expected);
    return std::move(c.bytes);
}

}  // namespace sl
