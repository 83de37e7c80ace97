#include "io/hdf5_superblock.h"

#include "io/hdf5_object_header.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace sl::h5 {
namespace {

constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
// The longest superblock read here: version 1 with 8-byte addresses is 100 bytes.
constexpr std::uint64_t kMaxSuperblockBytes = 128;
// A driver info block: version, 3 reserved bytes, the info's size (4), the driver's name (8).
constexpr std::uint64_t kDriverInfoHeaderBytes = 16;

std::uint64_t little(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::vector<unsigned char> readAt(std::istream& in, std::uint64_t offset, std::uint64_t count) {
    std::vector<unsigned char> out(static_cast<std::size_t>(count), 0);
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(count));
    out.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return out;
}

}  // namespace

Superblock readSuperblock(std::istream& in, std::uint64_t size) {
    Superblock s;
    bool found = false;
    for (std::uint64_t at = 0; at <= size && size - at >= sizeof kSignature;
         at = at == 0 ? 512 : at * 2) {
        const auto head = readAt(in, at, sizeof kSignature);
        if (head.size() == sizeof kSignature &&
            std::memcmp(head.data(), kSignature, sizeof kSignature) == 0) {
            s.at = at;
            found = true;
            break;
        }
        if (at > size / 2) break;  // the next power of two is past the end
    }
    if (!found) {
        s.problem = "no HDF5 signature at byte 0, 512, 1024 or any later power of two";
        return s;
    }
    const auto b = readAt(in, s.at, std::min(kMaxSuperblockBytes, size - s.at));
    const std::string where = "its superblock at byte " + std::to_string(s.at);
    if (b.size() < 12) {
        s.problem = where + " is cut short by the end of the file";
        return s;
    }
    s.version = b[8];
    if (s.version > 3) {
        s.problem = where + " has version " + std::to_string(s.version) +
                    " (HDF5 1.10 writes versions 0 to 3)";
        return s;
    }
    const bool old = s.version < 2;
    s.offsetBytes = old ? b[13] : b[9];
    s.lengthBytes = old ? b[14] : b[10];
    if (s.offsetBytes != 8 || s.lengthBytes != 8) {
        s.problem = where + " gives " + std::to_string(s.offsetBytes) + "-byte addresses and " +
                    std::to_string(s.lengthBytes) +
                    "-byte lengths; SparseLab reads only the usual 8 and 8";
        return s;
    }
    // Where the addresses start: after the fixed fields (version 1 adds the indexed storage
    // K and 2 reserved bytes to version 0's 24 bytes).
    const std::uint64_t first = s.version == 0 ? 24 : s.version == 1 ? 28 : 12;
    const std::uint64_t bytes = old ? first + 4 * 8 + 40 : first + 4 * 8 + 4;
    if (b.size() < bytes) {
        s.problem = where + " is cut short by the end of the file (" + std::to_string(bytes) +
                    " bytes expected)";
        return s;
    }
    const auto address = [&](int i) { return little(b.data() + first + 8 * i, 8); };
    // Versions 0 and 1: base, free-space info, end of file, driver info, then the root
    // group's symbol table entry (its name's offset, then its object header's address).
    // Versions 2 and 3: base, superblock extension, end of file, root group object header.
    if (old) {
        s.endOfFile = address(2);
        s.driverInfo = address(3);
        s.rootHeader = address(5);
    } else {
        s.extension = address(1);
        s.endOfFile = address(2);
        s.rootHeader = address(3);
    }
    return s;
}

std::string openingProblem(std::istream& in, std::uint64_t size) {
    const Superblock s = readSuperblock(in, size);
    const std::string damaged = " — the file is damaged";
    const bool unusualSizes = s.offsetBytes != 0 && (s.offsetBytes != 8 || s.lengthBytes != 8);
    if (!s.problem.empty()) return unusualSizes ? s.problem : s.problem + damaged;
    // First, as libhdf5 does: a cut file has every later address past its end.
    if (s.endOfFile > size)
        return "the file is truncated: it has " + std::to_string(size) +
               " bytes, its HDF5 superblock says " + std::to_string(s.endOfFile) +
               " (an interrupted copy or download?)";
    if (s.rootHeader == kUndefinedAddress) return "its superblock names no root group" + damaged;
    if (std::string p = objectHeaderProblem(in, size, s.rootHeader, s.at); !p.empty())
        return "the root group: " + p + damaged;
    if (s.extension != kUndefinedAddress) {
        if (std::string p = objectHeaderProblem(in, size, s.extension, s.at); !p.empty())
            return "the superblock extension: " + p + damaged;
    }
    if (s.driverInfo != kUndefinedAddress) {
        // libhdf5 allocates the block's claimed size (up to 4 GiB) before reading it.
        const std::string where =
            "its driver information block at address " + std::to_string(s.driverInfo);
        if (s.driverInfo > size - s.at || size - s.at - s.driverInfo < kDriverInfoHeaderBytes)
            return where + " lies past the end of the file (" + std::to_string(size) + " bytes)" +
                   damaged;
        const std::uint64_t at = s.at + s.driverInfo;
        const auto head = readAt(in, at, kDriverInfoHeaderBytes);
        const std::uint64_t infoBytes = little(head.data() + 4, 4);
        if (infoBytes > size - at - kDriverInfoHeaderBytes)
            return where + " claims " + std::to_string(infoBytes) +
                   " bytes, past the end of the file (" + std::to_string(size) + " bytes)" +
                   damaged;
    }
    return "";
}

}  // namespace sl::h5
