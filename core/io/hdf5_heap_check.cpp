#include "io/hdf5_heap_check.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace sl::h5 {
namespace {

// The global heap layout of the HDF5 file format specification (version 1 collections, the
// only ones HDF5 writes), with 8-byte lengths as HDF5 1.10 writes them by default:
//   collection: "GCOL", version 1, 3 reserved bytes, 8-byte collection size (header included)
//   object:     2-byte index, 2-byte reference count, 4 reserved, 8-byte data size, data
//               padded to a multiple of 8 — except object 0, the free space, whose size
//               already includes its header and is not padded.
constexpr char kSignature[4] = {'G', 'C', 'O', 'L'};
constexpr std::uint64_t kHeaderBytes = 16;
constexpr std::uint64_t kObjectHeaderBytes = 16;
// HDF5 never makes a smaller collection; a smaller claim makes libhdf5 decode a header
// longer than the bytes it copied.
constexpr std::uint64_t kMinCollectionBytes = 4096;
constexpr std::size_t kBlock = 1 << 20;

std::uint64_t little(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

// Reads up to `count` bytes at `offset`; bytes past the end of the stream read as zero, as
// libhdf5's POSIX driver fills them.
std::vector<unsigned char> bytesAt(std::istream& in, std::uint64_t offset, std::uint64_t count,
                                   std::uint64_t size) {
    std::vector<unsigned char> out(static_cast<std::size_t>(count), 0);
    const std::uint64_t stored = offset < size ? std::min(count, size - offset) : 0;
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(stored));
    return out;
}

// Walks one collection as libhdf5 does; "" when the walk ends exactly at its end.
std::string collectionProblem(std::istream& in, std::uint64_t at, std::uint64_t size) {
    const auto header = bytesAt(in, at, kHeaderBytes, size);
    if (header[4] != 1) return "";  // libhdf5 refuses other versions itself, with a message
    const std::uint64_t claimed = little(header.data() + 8, 8);
    const std::string where = "its global heap collection at byte " + std::to_string(at) +
                              " (where HDF5 keeps variable-length strings)";
    if (claimed < kMinCollectionBytes)
        return where + " claims " + std::to_string(claimed) + " bytes, fewer than the " +
               std::to_string(kMinCollectionBytes) + " of the smallest collection HDF5 writes";
    // Past the end of the file the collection reads as zeros: read only what is stored and
    // let the walk meet the zeros (an object claiming 0 bytes) there.
    const std::uint64_t stored = at < size ? std::min(claimed, size - at) : 0;
    const auto bytes = bytesAt(in, at, stored, size);
    std::array<unsigned char, kObjectHeaderBytes> object{};
    for (std::uint64_t pos = kHeaderBytes; pos < claimed;) {
        if (claimed - pos < kObjectHeaderBytes) break;  // a tail too small for an object: free
        object.fill(0);
        if (pos < bytes.size())
            std::memcpy(object.data(), bytes.data() + pos,
                        std::min<std::size_t>(object.size(), bytes.size() - pos));
        const auto index = little(object.data(), 2);
        const std::uint64_t data = little(object.data() + 8, 8);
        const std::uint64_t left = claimed - pos;
        if (data > left)
            return where + ": object " + std::to_string(index) + " at byte " +
                   std::to_string(at + pos) + " claims " + std::to_string(data) +
                   " bytes, more than the " + std::to_string(left) + " left in the collection";
        const std::uint64_t need = index == 0 ? data : kObjectHeaderBytes + ((data + 7) / 8) * 8;
        if (need == 0)
            return where + ": object 0 (its free space) at byte " + std::to_string(at + pos) +
                   " claims 0 bytes, which would make HDF5 read the collection forever";
        if (need > left)
            return where + ": object " + std::to_string(index) + " at byte " +
                   std::to_string(at + pos) + " needs " + std::to_string(need) +
                   " bytes, more than the " + std::to_string(left) + " left in the collection";
        pos += need;
    }
    return "";
}

// Where libhdf5's walk of a checked collection leaves object `index` (the last object
// with that index wins, as in libhdf5): its data's offset in the collection and its size.
struct Found {
    bool found = false;
    std::uint64_t offset = 0;
    std::uint64_t bytes = 0;
};

Found findObject(const std::vector<unsigned char>& collection, std::uint32_t index) {
    Found out;
    const std::uint64_t claimed = collection.size();
    for (std::uint64_t pos = kHeaderBytes; pos + kObjectHeaderBytes <= claimed;) {
        const unsigned char* object = collection.data() + pos;
        const auto at = little(object, 2);
        const std::uint64_t data = little(object + 8, 8);
        if (at == index) out = {true, pos + kObjectHeaderBytes, data};
        pos += at == 0 ? data : kObjectHeaderBytes + ((data + 7) / 8) * 8;
    }
    return out;
}

}  // namespace

HeapReference heapReference(const unsigned char* bytes) {
    return {little(bytes, 4), little(bytes + 4, 8),
            static_cast<std::uint32_t>(little(bytes + 12, 4))};
}

std::string heapReferenceProblem(std::istream& in, std::uint64_t size, const HeapReference& ref,
                                 std::uint64_t base) {
    if (ref.collection == 0) return "";
    const std::string claim = "claims " + std::to_string(ref.length) + " bytes";
    if (ref.length > size)
        return claim + ", more than the whole file (" + std::to_string(size) + " bytes)";
    const std::uint64_t at = base + ref.collection;
    const std::string names = "names object " + std::to_string(ref.index) +
                              " of a global heap collection at byte " + std::to_string(at);
    if (at < base || at >= size || size - at < kHeaderBytes)
        return names + ", past the end of the file (" + std::to_string(size) + " bytes)";
    const auto header = bytesAt(in, at, kHeaderBytes, size);
    if (std::memcmp(header.data(), kSignature, sizeof kSignature) != 0 || header[4] != 1)
        return names + ", but no collection (\"GCOL\", version 1) starts there";
    if (std::string problem = collectionProblem(in, at, size); !problem.empty())
        return names + ", which cannot be walked: " + problem;
    const std::uint64_t claimed = little(header.data() + 8, 8);
    if (claimed > size - at)
        return names + ", which claims " + std::to_string(claimed) +
               " bytes, past the end of "
               "the file (" +
               std::to_string(size) + " bytes)";
    if (ref.index == 0) return names + ": object 0 is the collection's free space, not a string";
    const Found object = findObject(bytesAt(in, at, claimed, size), ref.index);
    if (!object.found) return names + ", which holds no such object";
    if (object.bytes != ref.length)
        return claim + " but " + names + ", which holds " + std::to_string(object.bytes) + " bytes";
    return "";
}

std::string globalHeapProblem(std::istream& in, std::uint64_t size) {
    std::vector<char> block(kBlock + sizeof kSignature);
    std::uint64_t coveredUntil = 0;  // a signature inside a checked collection is its data
    std::size_t carried = 0;
    for (std::uint64_t start = 0; start < size;) {
        in.clear();
        in.seekg(static_cast<std::streamoff>(start));
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, size - start));
        in.read(block.data() + carried, static_cast<std::streamsize>(want));
        const std::size_t got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        const std::size_t n = carried + got;
        const std::uint64_t base = start - carried;
        for (const char* p = block.data(); p + sizeof kSignature <= block.data() + n; ++p) {
            p = static_cast<const char*>(std::memchr(p, 'G', block.data() + n - p));
            if (!p || p + sizeof kSignature > block.data() + n) break;
            if (std::memcmp(p, kSignature, sizeof kSignature) != 0) continue;
            const std::uint64_t at = base + static_cast<std::uint64_t>(p - block.data());
            if (at < coveredUntil) continue;
            if (std::string problem = collectionProblem(in, at, size); !problem.empty())
                return problem;
            const auto header = bytesAt(in, at, kHeaderBytes, size);
            if (header[4] == 1) coveredUntil = at + little(header.data() + 8, 8);
        }
        // Keep the last bytes: a signature may straddle two blocks.
        carried = std::min<std::size_t>(n, sizeof kSignature - 1);
        std::memmove(block.data(), block.data() + n - carried, carried);
        start += got;
    }
    return "";
}

}  // namespace sl::h5
