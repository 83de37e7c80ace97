#include "data/idx_reader.h"

#include "io/regular_file.h"
#include "util/error.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <memory>
#include <zlib.h>

namespace sl {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr int kMaxDims = 4;
// Past 2 GiB a header is far more likely corrupt than a real data set, and a bad size would
// otherwise make us try to allocate whatever the garbage says.
constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 31;
// gzread takes an unsigned length and returns an int, so larger reads go in pieces.
constexpr std::size_t kMaxChunk = std::size_t{1} << 30;
// The body is read in pieces of this size, the buffer growing with what really arrives, so
// a header's claim is never allocated up front.
constexpr std::size_t kBodyChunk = std::size_t{16} << 20;
// deflate expands at most ~1032:1; a gzip file cannot hold more than this many bytes per
// compressed byte, so larger claims are refused before decompressing anything.
constexpr std::uint64_t kMaxDeflateRatio = 1032;
// Past the announced data only this much is read to report trailing bytes: a file with
// gigabytes after its data is refused just as well without reading them.
constexpr std::size_t kMaxTrailingScan = std::size_t{1} << 16;

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
    throw DataError(path + ": " + problem);
}

std::string hex(const unsigned char* bytes, std::size_t n) {
    static const char* digits = "0123456789ABCDEF";
    std::string s = "0x";
    for (std::size_t i = 0; i < n; ++i) s += {digits[bytes[i] >> 4], digits[bytes[i] & 0xF]};
    return s;
}

std::string elementTypeName(std::uint8_t type) {
    switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "32-bit float";
    case 0x0E: return "64-bit float";
    default: return "not an IDX type";
    }
}

GzHandle openFile(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) fail(path, "file does not exist");
    if (std::filesystem::is_directory(status)) fail(path, "is a folder, expected an IDX file");
    // gzopen on a FIFO waits for a writer forever; a device may never end.
    if (const std::string problem = notARegularFile(path); !problem.empty())
        fail(path, problem + ", expected an IDX file");
    errno = 0;
    GzHandle f(gzopen(path.c_str(), "rb"));
    if (!f) {
        const int err = errno;
        fail(path, std::string("cannot open the file: ") +
                       (err != 0 ? std::strerror(err) : "out of memory"));
    }
    // The default 8 KiB buffer makes the 26 MB training images take many small reads.
    gzbuffer(f.get(), 1u << 18);
    return f;
}

// Reads up to n bytes and returns how many there were before the end of the file. A damaged
// gzip stream throws here, so the caller's "truncated" messages are only given for files whose
// content really is short.
std::size_t readUpTo(gzFile f, void* out, std::size_t n, const std::string& path) {
    auto* dst = static_cast<unsigned char*>(out);
    std::size_t got = 0;
    while (got < n) {
        const auto want = static_cast<unsigned>(std::min(n - got, kMaxChunk));
        const int r = gzread(f, dst + got, want);
        int errnum = Z_OK;
        const char* message = gzerror(f, &errnum);
        // A short read is the end of the file only when zlib reports no error: a gzip stream
        // cut off mid-way shows up as Z_BUF_ERROR with 0 bytes, not as -1.
        if (r < 0 || errnum != Z_OK) {
            if (errnum == Z_ERRNO) fail(path, std::string("read error: ") + message);
            if (errnum == Z_BUF_ERROR)
                fail(path, std::string("gzip stream ends early (truncated .gz file): ") + message);
            fail(path, std::string("corrupt gzip stream: ") + message);
        }
        got += static_cast<std::size_t>(r);
        if (r < static_cast<int>(want)) break;
    }
    return got;
}

std::uint32_t bigEndian32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

std::string describeDims(const std::vector<std::int32_t>& dims) {
    std::string s;
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
    return s;
}

IdxArray readWithRank(const std::string& path, std::size_t rank, const char* what) {
    IdxArray a = readIdx(path);
    if (a.dims.size() != rank)
        fail(path, "expected " + std::string(what) + " with " + std::to_string(rank) +
                       (rank == 1 ? " dimension" : " dimensions") + ", found " +
                       std::to_string(a.dims.size()) + " (" + describeDims(a.dims) + ")");
    return a;
}

}  // namespace

IdxArray readIdx(const std::string& path) {
    GzHandle file = openFile(path);
    gzFile f = file.get();

    unsigned char magic[4];
    const std::size_t magicRead = readUpTo(f, magic, 4, path);
    if (magicRead == 0) fail(path, "file is empty, expected an IDX header");
    if (magicRead < 4)
        fail(path, "truncated header: expected 4 bytes of magic number, found " +
                       std::to_string(magicRead));
    if (magic[0] != 0 || magic[1] != 0)
        fail(path, "bad magic number " + hex(magic, 4) +
                       ": an IDX file starts with two zero bytes (is this an IDX file?)");
    if (magic[2] != kUnsignedByte)
        fail(path, "element type " + hex(magic + 2, 1) + " (" + elementTypeName(magic[2]) +
                       ") is not supported, expected 0x08 (unsigned byte)");
    const int rank = magic[3];
    if (rank < 1 || rank > kMaxDims)
        fail(path, "dimension count is " + std::to_string(rank) + ", expected 1 to " +
                       std::to_string(kMaxDims));

    unsigned char dimBytes[4 * kMaxDims];
    const std::size_t dimBytesWanted = 4 * static_cast<std::size_t>(rank);
    const std::size_t dimRead = readUpTo(f, dimBytes, dimBytesWanted, path);
    if (dimRead < dimBytesWanted)
        fail(path, "truncated header: expected " + std::to_string(4 + dimBytesWanted) +
                       " bytes (magic number and " + std::to_string(rank) + " dimensions), found " +
                       std::to_string(4 + dimRead));

    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    const bool compressed = gzdirect(f) == 0;

    IdxArray a;
    std::uint64_t total = 1;
    for (int i = 0; i < rank; ++i) {
        const std::uint32_t d = bigEndian32(dimBytes + 4 * i);
        if (d == 0 || d > static_cast<std::uint32_t>(INT32_MAX))
            fail(path, "dimension " + std::to_string(i + 1) + " is " + std::to_string(d) +
                           ", expected 1 to " + std::to_string(INT32_MAX));
        a.dims.push_back(static_cast<std::int32_t>(d));
        total *= d;  // each factor < 2^31 and we stop past 2^31, so this cannot overflow
        if (total >= kMaxBytes)
            fail(path, "dimensions " + describeDims(a.dims) + "... hold " + std::to_string(total) +
                           " or more bytes, over the 2 GiB limit");
    }

    // A plain file is read as it is: the buffer grows only with bytes that are there.
    const std::uint64_t room = fileSize * kMaxDeflateRatio;
    if (!ec && compressed && total > room)
        fail(path, "truncated data: the header announces " + std::to_string(total) +
                       " bytes of data (dimensions " + describeDims(a.dims) +
                       ") but a gzip file of " + std::to_string(fileSize) +
                       " bytes unpacks to at most " + std::to_string(room));

    std::size_t bodyRead = 0;
    while (bodyRead < total) {
        const std::size_t want = std::min<std::size_t>(kBodyChunk, total - bodyRead);
        a.data.resize(bodyRead + want);
        const std::size_t got = readUpTo(f, a.data.data() + bodyRead, want, path);
        bodyRead += got;
        if (got < want) break;
    }
    if (bodyRead < total)
        fail(path, "truncated data: expected " + std::to_string(total) +
                       " bytes of data after the header, found " + std::to_string(bodyRead) +
                       " (dimensions " + describeDims(a.dims) + ")");

    std::size_t trailing = 0;
    unsigned char scratch[4096];
    for (std::size_t r;
         trailing < kMaxTrailingScan && (r = readUpTo(f, scratch, sizeof scratch, path)) > 0;)
        trailing += r;
    if (trailing > 0)
        fail(path, (trailing >= kMaxTrailingScan ? "at least " : "") + std::to_string(trailing) +
                       " trailing bytes after the " + std::to_string(total) +
                       " bytes of data the header announces (dimensions " + describeDims(a.dims) +
                       ")");
    return a;
}

IdxArray readIdxImages(const std::string& path) {
    return readWithRank(path, 3, "an images file (count, rows, cols)");
}

IdxArray readIdxLabels(const std::string& path) {
    return readWithRank(path, 1, "a labels file (count)");
}

}  // namespace sl
