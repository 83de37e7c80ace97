// libFuzzer harness: the checkpoint reader on arbitrary bytes (seeded with real checkpoints,
// so mutations reach past the HDF5 signature into objects, attributes and the stored config).
// A CheckpointError is the expected answer; a crash, a sanitizer report, an allocation the
// file cannot justify (libFuzzer's -rss_limit_mb / -malloc_limit_mb) or any other exception
// is a finding.
#include "fuzz_input_file.h"
#include "io/checkpoint.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = sl::fuzz::inputFile(".h5", data, size);
    try {
        sl::readCheckpoint(path);
    } catch (const sl::CheckpointError&) {
    }
    return 0;
}
