// libFuzzer harness: a run config as the CLI reads it — the bytes as a config file, and the
// same bytes as the value of a --set. A ConfigError is the expected answer to bad input; a
// crash, a stack overflow, a sanitizer report or any other exception (nlohmann's own) is a
// finding.
#include "fuzz_input_file.h"
#include "io/json_config.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = sl::fuzz::inputFile(".json", data, size);
    try {
        const sl::RunConfig config = sl::loadRunConfig(path, {});
        // A config that reads must write back to JSON that reads to the same config.
        const auto again = sl::fromJson(sl::toJson(config));
        if (sl::toJson(again) != sl::toJson(config)) __builtin_trap();
    } catch (const sl::ConfigError&) {
    }
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (const char* key : {"model.hidden", "data.name", "optimizer.lr"}) {
        try {
            sl::loadRunConfig("", {std::string(key) + "=" + text});
        } catch (const sl::ConfigError&) {
        }
    }
    return 0;
}
