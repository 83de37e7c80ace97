// libFuzzer harness: the IDX reader on arbitrary bytes, plain and (when the bytes start with
// gzip's magic) compressed. A DataError is the expected answer to a bad file; anything else
// (a crash, a sanitizer report, another exception, a hang) is a finding.
#include "data/idx_reader.h"
#include "fuzz_input_file.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = sl::fuzz::inputFile(".idx", data, size);
    try {
        const sl::IdxArray a = sl::readIdx(path);
        // What was returned must be what the header announced.
        std::size_t total = 1;
        for (std::int32_t d : a.dims) total *= static_cast<std::size_t>(d);
        if (total != a.data.size()) __builtin_trap();
    } catch (const sl::DataError&) {
    }
    return 0;
}
