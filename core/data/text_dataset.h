#pragma once

#include "data/dataset.h"

#include <string>
#include <vector>

namespace sl {

// Character-level text for the gpt model. A text becomes a vocabulary (its distinct UTF-8
// code points, sorted) and windows of context + 1 characters: an example's x holds the ids of
// `context` characters (as floats, exact below 2^24) and its label is the character after
// them; the model reads its other targets off x itself (the character after each position).
// Windows start every `context` characters, so each character is a target once.
// The last kTextHeldOut of the text (a fixed, contiguous tail) is the test set: the held-out
// part that validation bits per character are measured on. No window crosses the cut.
constexpr double kTextHeldOut = 0.1;
constexpr const char* kFortuneDir = "/usr/share/games/fortunes";

// data.name tang-poems, chinese-fortunes, english-fortunes or text.
bool isTextDataName(const std::string& name);

// The character set of a fortune file in plain text: terminal colour codes (ESC [ ... m and
// any other CSI sequence) removed, each "%" separator line replaced by an empty line.
std::string stripFortuneMarkup(const std::string& bytes);

// The text of a named set (fortune files, stripped) or of `path` for data.name text. A missing
// fortune file names the Debian package to install; bad UTF-8 names the file and byte offset.
std::u32string loadNamedText(const std::string& name, const std::string& path);

// Train windows, held-out windows and the vocabulary (classNames holds each character in
// UTF-8) of one text. Throws DataError when either part is shorter than one window.
TrainTestSplit splitText(const std::u32string& text, int context, const std::string& name);

// loadNamedText then splitText.
TrainTestSplit loadTextData(const std::string& name, const std::string& path, int context);

// A character's id in a vocabulary given as classNames, or -1.
int characterId(const std::vector<std::string>& vocabulary, char32_t character);

}  // namespace sl
