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

// Whether text is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF): JSON strings must be, and nlohmann's dump() throws on one that is not.
inline bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= text.size()) return false;
            const auto d = static_cast<unsigned char>(text[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        const std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
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

}  // namespace sl
