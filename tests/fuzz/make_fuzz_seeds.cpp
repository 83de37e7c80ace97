// Writes the seed corpus of the fuzz harnesses into <folder>/{idx,json,checkpoint}: small
// valid inputs of each loader, made here by the code itself (no binary files in the
// repository), so mutations start from files the readers accept.
#include "data/idx_reader.h"
#include "io/checkpoint.h"
#include "io/json_config.h"
#include "train/run_setup.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

Bytes idx(const std::vector<std::uint32_t>& dims, std::size_t values) {
    Bytes b{0, 0, 8, static_cast<std::uint8_t>(dims.size())};
    for (std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            b.push_back(static_cast<std::uint8_t>(d >> shift));
    for (std::size_t i = 0; i < values; ++i) b.push_back(static_cast<std::uint8_t>(i * 37));
    return b;
}

void writeFile(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

void writeBytes(const fs::path& path, const Bytes& bytes, bool gzip) {
    if (!gzip) {
        writeFile(path, std::string(bytes.begin(), bytes.end()));
        return;
    }
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_fuzz_seeds <folder>\n");
        return 2;
    }
    const fs::path root = argv[1];
    for (const char* sub : {"idx", "json", "checkpoint"}) fs::create_directories(root / sub);

    writeBytes(root / "idx/labels", idx({6}, 6), false);
    writeBytes(root / "idx/labels.gz", idx({6}, 6), true);
    writeBytes(root / "idx/images", idx({2, 3, 3}, 18), false);
    writeBytes(root / "idx/images.gz", idx({2, 3, 3}, 18), true);
    writeBytes(root / "idx/four-dims", idx({1, 2, 2, 2}, 8), false);

    sl::RunConfig config;
    writeFile(root / "json/defaults.json", sl::toJson(config).dump(2));
    writeFile(root / "json/small.json",
              R"({"data": {"name": "spirals", "samples": 300}, "model": {"hidden": [16, 8]},)"
              R"( "sparsity": {"method": "rigl", "target": 0.9}, "train": {"epochs": 2}})");
    writeFile(root / "json/cnn.json",
              R"({"model": {"kind": "cnn", "conv_channels": [4], "hidden": [16]}, "seed": 7})");
    writeFile(root / "json/value.json", "[300, 100]");

    // Two real checkpoints, as small as a run can be: an mlp under SET with SGD, and one under
    // movement with Adam (a method that keeps state of its own).
    const char* methods[][2] = {{"set", "sgd"}, {"movement", "adam"}};
    for (const auto& [method, optimizer] : methods) {
        sl::RunConfig c;
        c.data.name = "spirals";
        c.data.samples = 40;
        c.model.hidden = {4};
        c.train.batchSize = 8;
        c.train.epochs = 1;
        c.sparsity.method = method;
        c.sparsity.target = 0.5f;
        c.sparsity.deltaT = 2;
        c.optimizer.name = optimizer;
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(3);
        sl::saveCheckpoint(t, (root / "checkpoint" / (std::string(method) + ".h5")).string());
    }
    std::printf("seed corpus written to %s\n", root.c_str());
    return 0;
}
