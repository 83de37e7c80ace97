#pragma once

// Internal to core/io: a check of an HDF5 file's global heap collections (where HDF5 keeps
// variable-length strings) made on the raw bytes, before libhdf5 opens the file. libhdf5
// 1.10 walks a collection's objects by their stored sizes and trusts them: a free-space
// object claiming 0 bytes makes it loop forever, and an object claiming more bytes than its
// collection holds makes it read past the collection. Such a file is refused here instead.

#include <cstdint>
#include <istream>
#include <string>

namespace sl::h5 {

// What is wrong with the global heap collections in the `size` bytes of `in`, or "" when
// every collection can be walked to its end. Reads the stream once, in blocks, plus each
// collection found (never more bytes than the stream holds).
std::string globalHeapProblem(std::istream& in, std::uint64_t size);

} // namespace sl::h5
