#include "data/utf8.h"

#include "util/error.h"

namespace sl {

std::u32string decodeUtf8(const std::string& bytes, const std::string& source) {
    std::u32string out;
    out.reserve(bytes.size());
    const std::size_t n = bytes.size();
    for (std::size_t i = 0; i < n;) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        int extra = 0;
        char32_t cp = 0;
        char32_t minimum = 0;  // below this the sequence is overlong
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1, cp = lead & 0x1F, minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2, cp = lead & 0x0F, minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3, cp = lead & 0x07, minimum = 0x10000;
        } else {
            throw DataError(source + ": invalid UTF-8 at byte offset " + std::to_string(i) +
                            " (byte 0x" + "0123456789abcdef"[lead >> 4] +
                            "0123456789abcdef"[lead & 15] +
                            " cannot start a character) — "
                            "expected a UTF-8 text file");
        }
        if (i + static_cast<std::size_t>(extra) >= n)
            throw DataError(source + ": invalid UTF-8 at byte offset " + std::to_string(i) +
                            " (the file ends inside a character) — expected a UTF-8 text file");
        for (int k = 1; k <= extra; ++k) {
            const auto c = static_cast<unsigned char>(bytes[i + static_cast<std::size_t>(k)]);
            if ((c & 0xC0) != 0x80)
                throw DataError(source + ": invalid UTF-8 at byte offset " + std::to_string(i) +
                                " (a " + std::to_string(extra + 1) +
                                "-byte character is cut "
                                "short) — expected a UTF-8 text file");
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            throw DataError(source + ": invalid UTF-8 at byte offset " + std::to_string(i) +
                            " (an overlong form, a surrogate or a value past U+10FFFF) — "
                            "expected a UTF-8 text file");
        out.push_back(cp);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

std::string encodeUtf8(char32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

std::string encodeUtf8(const std::u32string& text) {
    std::string s;
    s.reserve(text.size());
    for (char32_t c : text) s += encodeUtf8(c);
    return s;
}

}  // namespace sl
