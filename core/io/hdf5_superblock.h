#pragma once

// Internal to core/io: the HDF5 superblock read from the raw file, before H5Fopen. Opening a
// file makes libhdf5 1.10 load the root group's object header (and a version 2 or 3
// superblock's extension, a version 0 or 1 superblock's driver information block),
// allocating each chunk's claimed size before it reads it: a 44 KB file whose root header
// continues in a "7 EB" chunk stopped the program inside H5Fopen, before any check of ours.
// Layouts: the HDF5 file format specification, superblock versions 0 to 3.

#include <cstdint>
#include <istream>
#include <string>

namespace sl::h5 {

constexpr std::uint64_t kUndefinedAddress = ~std::uint64_t{0};

struct Superblock {
    std::uint64_t at = 0;  // where the signature starts; every address counts from here
    int version = -1;
    int offsetBytes = 0;  // size of an address, then of a length, in the file
    int lengthBytes = 0;
    std::uint64_t endOfFile = 0;                   // the file's size stored, user block included
    std::uint64_t rootHeader = 0;                  // the root group's object header address
    std::uint64_t extension = kUndefinedAddress;   // versions 2 and 3: an object header
    std::uint64_t driverInfo = kUndefinedAddress;  // versions 0 and 1: a driver info block
    std::string problem;                           // why it cannot be read, or ""
};

// The superblock of the `size` bytes of `in`: its signature is looked for at byte 0, 512,
// 1024, 2048, ... as libhdf5 does.
Superblock readSuperblock(std::istream& in, std::uint64_t size);

// What is wrong with what libhdf5 loads to open the file (the superblock, the root group's
// object header, the superblock extension or driver info block), as a sentence to follow the
// file's name, or "". A file cut short is called truncated, as libhdf5 would. SparseLab reads
// only files with 8-byte addresses and lengths (what HDF5 and h5py write): others are
// refused here, as every later check reads them so.
std::string openingProblem(std::istream& in, std::uint64_t size);

}  // namespace sl::h5
