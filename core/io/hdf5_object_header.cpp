#include "io/hdf5_object_header.h"

#include <algorithm>
#include <cstring>
#include <deque>

namespace sl::h5 {
namespace {

constexpr std::uint16_t kAttributeMessage = 0x000C;
constexpr std::uint16_t kContinuationMessage = 0x0010;
constexpr std::uint16_t kSymbolTableMessage = 0x0011;  // a group's B-tree and local heap
constexpr std::uint8_t kSharedMessage = 0x02;          // the message is a reference to another
// A header split into more chunks than this is not one HDF5 wrote for a few attributes;
// the bound also stops continuation messages that point at each other.
constexpr int kMaxChunks = 64;

std::uint64_t little(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::uint64_t padded8(std::uint64_t n) { return (n + 7) / 8 * 8; }

// An address read from the file, plus the base: past 2^64 it stays past the end of any file
// instead of wrapping round to a small offset.
std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) {
    return a > ~std::uint64_t{0} - b ? ~std::uint64_t{0} : a + b;
}

// `count` bytes at `offset`; the caller has checked that they lie inside the file.
std::vector<unsigned char> readAt(std::istream& in, std::uint64_t offset, std::uint64_t count) {
    std::vector<unsigned char> out(static_cast<std::size_t>(count), 0);
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(count));
    return out;
}

struct Chunk {
    std::uint64_t at = 0;      // first message
    std::uint64_t length = 0;  // bytes of messages (and gap)
};

// The value of the attribute message `m` when it is the one named `name`.
bool attributeValue(const unsigned char* m, std::uint64_t length, const std::string& name,
                    RawAttribute& out) {
    if (length < 8) return false;
    const unsigned version = m[0];
    const std::uint64_t nameBytes = little(m + 2, 2);
    const std::uint64_t typeBytes = little(m + 4, 2);
    const std::uint64_t spaceBytes = little(m + 6, 2);
    std::uint64_t pos = version == 3 ? 9 : 8;
    const auto field = [&](std::uint64_t n) { return version == 1 ? padded8(n) : n; };
    if (version < 1 || version > 3 || pos + field(nameBytes) > length) return false;
    // The stored name ends with its NUL; compare up to it.
    const auto* text = reinterpret_cast<const char*>(m + pos);
    if (nameBytes != name.size() + 1 || std::memcmp(text, name.data(), name.size()) != 0)
        return false;
    pos += field(nameBytes);
    if (field(typeBytes) > length - pos) {
        out.problem = "its header's message for it is cut short";
        return true;
    }
    pos += field(typeBytes);
    if (field(spaceBytes) > length - pos) {
        out.problem = "its header's message for it is cut short";
        return true;
    }
    pos += field(spaceBytes);
    out.data.assign(m + pos, m + length);
    return true;
}

// What is wrong with a datatype description of `length` bytes at `t` that an attribute
// holds, or "". libhdf5 1.10 decodes a datatype's properties without checking them against
// the message, so only the classes SparseLab and h5py write for attributes are let through,
// each with the bytes its properties take (HDF5 file format, section IV.A.2.d).
std::string attributeTypeProblem(const unsigned char* t, std::uint64_t length, int depth = 0) {
    if (length < 8) return "its datatype takes " + std::to_string(length) + " bytes, fewer than 8";
    const unsigned typeClass = t[0] & 0x0f;
    std::uint64_t needed = 8;
    switch (typeClass) {
    case 0: needed = 12; break;  // integer: bit offset, precision
    case 1: needed = 20; break;  // floating point: offsets, sizes and exponent bias
    case 3: break;               // fixed-length string: no properties
    case 9:                      // variable-length string or sequence: its base type follows
        if (depth > 0) return "its datatype nests variable-length types";
        if (std::string p = attributeTypeProblem(t + 8, length - 8, depth + 1); !p.empty())
            return p;
        return "";
    default:
        return "its datatype has class " + std::to_string(typeClass) +
               ", not an integer, number or string";
    }
    if (needed > length)
        return "its datatype takes " + std::to_string(length) + " bytes, fewer than the " +
               std::to_string(needed) + " its class needs";
    return "";
}

// The number of elements a dataspace description of `length` bytes at `s` holds, or the
// problem (HDF5 file format, section IV.A.2.b; lengths are 8 bytes, as in every file here).
struct SpaceCount {
    std::uint64_t elements = 0;
    std::string problem;
};
SpaceCount attributeSpaceCount(const unsigned char* s, std::uint64_t length) {
    constexpr unsigned kMaxRank = 32;  // H5S_MAX_RANK
    if (length < 4) return {0, "its dataspace takes " + std::to_string(length) + " bytes"};
    const unsigned version = s[0];
    const unsigned rank = s[1];
    if (version != 1 && version != 2)
        return {0, "its dataspace has version " + std::to_string(version)};
    if (version == 1 && length < 8)
        return {0, "its dataspace takes " + std::to_string(length) + " bytes"};
    if (rank > kMaxRank) return {0, "its dataspace has " + std::to_string(rank) + " dimensions"};
    const std::uint64_t start = version == 1 ? 8 : 4;
    const std::uint64_t lists = (s[2] & 0x01) ? 2 : 1;  // sizes, then maximum sizes
    if (start + lists * 8 * rank > length)
        return {0, "its dataspace of " + std::to_string(rank) + " dimensions is cut short"};
    if (version == 2 && s[3] == 2) return {0, ""};  // the null dataspace: no elements
    std::uint64_t elements = 1;
    for (unsigned d = 0; d < rank; ++d) {
        const std::uint64_t n = little(s + start + 8 * d, 8);
        if (n != 0 && elements > ~std::uint64_t{0} / n)
            return {0, "its dataspace holds more than 2^64 elements"};
        elements *= n;
    }
    return {elements, ""};
}

// What is wrong with the local heap (a group's member names) that the symbol table message
// `m` points at, or "": libhdf5 allocates the data segment's claimed size when it first
// looks a name up (4 GB for a fuzzed size, under H5Lexists). HDF5 file format, section III.D:
// "HEAP", version, 3 reserved bytes, data segment size, free list offset, data address.
std::string localHeapProblem(std::istream& in, std::uint64_t size, std::uint64_t base,
                             const unsigned char* m, std::uint64_t length) {
    if (length < 16) return "a symbol table message of " + std::to_string(length) + " bytes";
    const std::uint64_t at = saturatingAdd(base, little(m + 8, 8));
    const std::string heap = "a symbol table whose local heap at byte " + std::to_string(at);
    if (at >= size || size - at < 32)
        return heap + " lies past the end of the file (" + std::to_string(size) + " bytes)";
    const auto h = readAt(in, at, 32);
    if (std::memcmp(h.data(), "HEAP", 4) != 0 || h[4] != 0)
        return heap + " is not a local heap HDF5 writes";
    const std::uint64_t dataBytes = little(h.data() + 8, 8);
    const std::uint64_t data = saturatingAdd(base, little(h.data() + 24, 8));
    if (data >= size || dataBytes > size - data)
        return heap + " claims " + std::to_string(dataBytes) + " bytes of names at byte " +
               std::to_string(data) + ", past the end of the file (" + std::to_string(size) +
               " bytes)";
    return "";
}

// What is wrong with the attribute message `m` of `length` bytes, or "": libhdf5 decodes it,
// then copies elements × element size bytes of value from the message without checking
// that they are there (a heap overflow under ASan for a fuzzed dimension).
std::string attributeMessageProblem(const unsigned char* m, std::uint64_t length) {
    if (length < 8) return "an attribute message of " + std::to_string(length) + " bytes";
    const unsigned version = m[0];
    if (version < 1 || version > 3)
        return "an attribute message of version " + std::to_string(version);
    // Version 2 and 3 flags: the datatype or dataspace kept as a shared message elsewhere.
    if (version > 1 && (m[1] & 0x03) != 0)
        return "an attribute with a shared datatype or dataspace, which SparseLab does not read";
    const std::uint64_t nameBytes = little(m + 2, 2);
    const std::uint64_t typeBytes = little(m + 4, 2);
    const std::uint64_t spaceBytes = little(m + 6, 2);
    const auto field = [&](std::uint64_t n) { return version == 1 ? padded8(n) : n; };
    std::uint64_t pos = version == 3 ? 9 : 8;
    if (field(nameBytes) > length - std::min(pos, length) || nameBytes == 0)
        return "an attribute message whose name does not fit in it";
    pos += field(nameBytes);
    if (field(typeBytes) > length - pos) return "an attribute message cut short in its datatype";
    const unsigned char* type = m + pos;
    if (std::string p = attributeTypeProblem(type, typeBytes); !p.empty())
        return "an attribute message: " + p;
    pos += field(typeBytes);
    if (field(spaceBytes) > length - pos) return "an attribute message cut short in its dataspace";
    const SpaceCount space = attributeSpaceCount(m + pos, spaceBytes);
    if (!space.problem.empty()) return "an attribute message: " + space.problem;
    pos += field(spaceBytes);
    const std::uint64_t elementBytes = little(type + 4, 4);
    const std::uint64_t stored = length - pos;
    if (elementBytes != 0 && space.elements > stored / elementBytes)
        return "an attribute message whose " + std::to_string(space.elements) + " value(s) of " +
               std::to_string(elementBytes) + " bytes do not fit in the " + std::to_string(stored) +
               " bytes it stores";
    return "";
}

}  // namespace

namespace {

// Walks every message of the object header at `at`, chunk by chunk, as libhdf5 would load
// it; `visit(type, flags, data, length)` returns true to stop. "" or what is wrong.
template <class Visit>
std::string walkHeader(std::istream& in, std::uint64_t size, std::uint64_t at, std::uint64_t base,
                       Visit visit) {
    const std::string header = "its object header at byte " + std::to_string(at);
    if (at >= size || size - at < 16)
        return header + " lies past the end of the file (" + std::to_string(size) + " bytes)";
    const auto prefix = readAt(in, at, std::min<std::uint64_t>(size - at, 40));
    int version = 0;
    bool creationOrder = false;
    std::deque<Chunk> chunks;
    if (prefix[0] == 1) {
        version = 1;
        chunks.push_back({at + 16, little(prefix.data() + 8, 4)});
    } else if (prefix.size() >= 7 && std::memcmp(prefix.data(), "OHDR", 4) == 0 && prefix[4] == 2) {
        version = 2;
        const unsigned flags = prefix[5];
        creationOrder = (flags & 0x04) != 0;
        std::uint64_t pos = 6 + ((flags & 0x20) ? 16 : 0) + ((flags & 0x10) ? 4 : 0);
        const int width = 1 << (flags & 0x03);
        if (pos + static_cast<std::uint64_t>(width) > prefix.size())
            return header + " is cut short";
        chunks.push_back(
            {at + pos + static_cast<std::uint64_t>(width), little(prefix.data() + pos, width)});
    } else {
        return header + " is not one HDF5 writes (version " + std::to_string(prefix[0]) + ")";
    }
    const std::uint64_t messageHeader = version == 1 ? 8 : (creationOrder ? 6 : 4);
    for (int visited = 0; !chunks.empty(); ++visited) {
        const Chunk chunk = chunks.front();
        chunks.pop_front();
        if (visited == kMaxChunks)
            return header + " continues in more than " + std::to_string(kMaxChunks) + " chunks";
        // libhdf5 allocates a chunk's claimed size before reading it.
        if (chunk.at >= size || chunk.length > size - chunk.at)
            return header + " has a chunk of " + std::to_string(chunk.length) + " bytes at byte " +
                   std::to_string(chunk.at) + ", past the end of the file (" +
                   std::to_string(size) + " bytes)";
        const auto bytes = readAt(in, chunk.at, chunk.length);
        for (std::uint64_t pos = 0; pos + messageHeader <= bytes.size();) {
            const unsigned char* m = bytes.data() + pos;
            const auto type = static_cast<std::uint16_t>(version == 1 ? little(m, 2) : m[0]);
            const std::uint64_t length = version == 1 ? little(m + 2, 2) : little(m + 1, 2);
            const unsigned flags = version == 1 ? m[4] : m[3];
            pos += messageHeader;
            if (length > bytes.size() - pos) break;  // the rest of the chunk is no message
            if (type == kContinuationMessage && length >= 16) {
                const std::uint64_t next = saturatingAdd(base, little(bytes.data() + pos, 8));
                const std::uint64_t nextLength = little(bytes.data() + pos + 8, 8);
                // A version 2 chunk is framed by "OCHK" and a 4-byte checksum.
                if (version == 1) chunks.push_back({next, nextLength});
                else
                    chunks.push_back(
                        {saturatingAdd(next, 4), nextLength >= 8 ? nextLength - 8 : 0});
            } else if (visit(type, flags, bytes.data() + pos, length)) {
                return "";
            }
            pos += length;
        }
    }
    return "";
}

}  // namespace

RawAttribute rawAttribute(std::istream& in, std::uint64_t size, std::uint64_t address,
                          std::uint64_t base, const std::string& name) {
    RawAttribute out;
    const std::uint64_t at = saturatingAdd(base, address);
    bool found = false;
    const std::string problem = walkHeader(
        in, size, at, base,
        [&](std::uint16_t type, unsigned flags, const unsigned char* m, std::uint64_t length) {
            found = type == kAttributeMessage && !(flags & kSharedMessage) &&
                    attributeValue(m, length, name, out);
            return found;
        });
    if (!problem.empty()) out.problem = problem;
    else if (found && !out.problem.empty())
        out.problem = "attribute '" + name + "': " + out.problem;
    else if (!found)
        out.problem = "its object header at byte " + std::to_string(at) + " holds no attribute '" +
                      name +
                      "' (HDF5 keeps it elsewhere, in dense or shared storage SparseLab "
                      "does not read)";
    return out;
}

std::string objectHeaderProblem(std::istream& in, std::uint64_t size, std::uint64_t address,
                                std::uint64_t base) {
    const std::uint64_t at = saturatingAdd(base, address);
    std::string messageProblem;
    const std::string problem = walkHeader(
        in, size, at, base,
        [&](std::uint16_t type, unsigned flags, const unsigned char* m, std::uint64_t length) {
            if (type == kSymbolTableMessage) {
                messageProblem = localHeapProblem(in, size, base, m, length);
                return !messageProblem.empty();
            }
            if (type != kAttributeMessage) return false;
            if (flags & kSharedMessage)
                messageProblem = "an attribute kept as a shared message, which SparseLab "
                                 "does not read";
            else messageProblem = attributeMessageProblem(m, length);
            return !messageProblem.empty();
        });
    if (!problem.empty()) return problem;
    if (!messageProblem.empty())
        return "its object header at byte " + std::to_string(at) + " holds " + messageProblem;
    return "";
}

}  // namespace sl::h5
