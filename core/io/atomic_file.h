#pragma once

#include <string>

namespace sl {

// Writes a file beside the target and renames it over the target, so that a crash midway
// leaves the previous file whole. Throws Error naming the path when writing fails.
void writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace sl
