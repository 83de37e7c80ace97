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

// A variable-length string as a dataset or attribute stores it (16 bytes with 8-byte
// offsets): its length, then the address of a collection and the index of the object in it
// that holds its bytes. libhdf5 allocates `length` bytes and copies the object into them
// trusting the index: index 0 (the free space, whose size counts its header) copies past the
// collection, an unused index follows a null pointer, a longer object overflows the buffer.
struct HeapReference {
    std::uint64_t length = 0;
    std::uint64_t collection = 0;  // 0: a null string, never looked up
    std::uint32_t index = 0;
};
constexpr std::size_t kHeapReferenceBytes = 16;
HeapReference heapReference(const unsigned char* bytes);

// What is wrong with following `ref` (its collection at byte `base + ref.collection`) in the
// `size` bytes of `in`, or "" when libhdf5 can copy exactly `ref.length` bytes from a whole
// object of a whole collection.
std::string heapReferenceProblem(std::istream& in, std::uint64_t size, const HeapReference& ref,
                                 std::uint64_t base = 0);

}  // namespace sl::h5
