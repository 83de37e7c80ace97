#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sl {

// An IDX file (LeCun's MNIST format) of unsigned bytes: magic 0x0000 08 NN, NN big-endian
// dimensions, then the data. Fashion-MNIST and MNIST both use it.
struct IdxArray {
    std::vector<std::int32_t> dims;
    std::vector<std::uint8_t> data;  // product(dims) values, row-major
};

// Reads a gzip-compressed or plain IDX file (zlib reads both). Throws DataError naming the
// file and the problem: missing or unreadable, bad magic, an element type other than unsigned
// byte, a dimension count or size out of range, a truncated body, or trailing bytes.
IdxArray readIdx(const std::string& path);

// An images file must have 3 dimensions (count, rows, cols); a labels file 1 (count).
IdxArray readIdxImages(const std::string& path);
IdxArray readIdxLabels(const std::string& path);

}  // namespace sl
