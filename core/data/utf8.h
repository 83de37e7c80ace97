#pragma once

#include <string>

namespace sl {

// UTF-8 to code points and back. A code point is a character of the language models: a
// Chinese character (three bytes) is one token, never three.

// Decodes `bytes`; throws DataError naming `source` and the byte offset of the first invalid
// sequence (a stray continuation byte, a truncated or overlong sequence, a surrogate, or a
// value past U+10FFFF).
std::u32string decodeUtf8(const std::string& bytes, const std::string& source);

std::string encodeUtf8(char32_t codePoint);
std::string encodeUtf8(const std::u32string& text);

}  // namespace sl
