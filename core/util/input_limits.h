#pragma once

// Bounds for input read from files: message clipping and checked size arithmetic. Apart from
// error.h so that the many files including that one need not be rebuilt for these.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sl {

// Input echoed in a message is cut to its first `keep` bytes plus its size, so a 50 MB key or
// value in a file cannot flood a terminal. The cut never splits a UTF-8 sequence.
inline std::string clipped(std::string_view text, std::size_t keep = 80) {
    if (text.size() <= keep) return std::string(text);
    std::size_t end = keep;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "… (" + std::to_string(text.size()) + " bytes)";
}

// Products and sums of sizes read from files: nullopt when the exact result does not fit, so
// a header claiming 65536 x 65536 x 65536 is refused instead of wrapping to a small number.
inline std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
    return r;
}
inline std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
    return r;
}

} // namespace sl
