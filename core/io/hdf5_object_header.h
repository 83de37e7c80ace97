#pragma once

// Internal to core/io: finds an attribute's stored bytes in an HDF5 object header, read from
// the raw file. libhdf5 gives no way to an attribute's raw data: reading a variable-length
// string attribute through it follows the heap reference stored there before anyone can
// check it (hdf5_heap_check.h). The object header layouts are those of the HDF5 file format
// specification, version 1 (what HDF5 and h5py write by default) and version 2 ("OHDR").

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace sl::h5 {

struct RawAttribute {
    std::vector<unsigned char> data;  // the attribute's value as stored
    std::string problem;              // why it was not found, or ""
};

// The stored value of attribute `name` of the object whose header is at byte `address` of
// the `size` bytes of `in`. Follows continuation chunks (at most a bounded number, each
// inside the file); an attribute kept outside the header (dense or shared storage, which
// SparseLab never writes) is reported as a problem, never guessed at.
RawAttribute rawAttribute(std::istream& in, std::uint64_t size, std::uint64_t address,
                          std::uint64_t base, const std::string& name);

// What is wrong with the object header at byte `address` (after `base`), or "": every chunk
// it continues in must lie inside the file, as libhdf5 allocates a chunk's claimed size
// (up to 2^64 bytes) before reading it; and every attribute message must hold what its
// datatype and dataspace claim, as libhdf5 copies that many bytes out of the message; and a
// group's local heap (its member names) must lie inside the file.
std::string objectHeaderProblem(std::istream& in, std::uint64_t size, std::uint64_t address,
                                std::uint64_t base);

}  // namespace sl::h5
