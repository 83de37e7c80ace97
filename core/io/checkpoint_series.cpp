#include "io/checkpoint_series.h"

#include "io/checkpoint.h"
#include "util/error.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <utility>

namespace sl {
namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "step-";
constexpr const char* kSuffix = ".h5";

bool digitsOnly(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A writer's temporary "step-00000469.h5.part-<pid>" whose process is gone: a save that a
// crash or kill interrupted. Nothing can finish it, so it is only clutter.
bool abandonedTemporary(const std::string& name) {
    const auto at = name.rfind(".part-");
    if (at == std::string::npos || !CheckpointSeries::stepOf(name.substr(0, at))) return false;
    const std::string pid = name.substr(at + 6);
    if (!digitsOnly(pid) || pid.size() > 9) return false;
    return ::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH;
}

}  // namespace

CheckpointSeries::CheckpointSeries(std::string folder, int keep)
    : m_folder(std::move(folder)), m_keep(keep) {
    if (keep < 1)
        throw ConfigError("checkpoint keep: got " + std::to_string(keep) +
                          " — expected at least 1 file");
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec || !fs::is_directory(m_folder))
        throw CheckpointError(m_folder + ": cannot create the checkpoint folder (" +
                              (ec ? ec.message() : "a file of that name exists") + ")");
}

std::string CheckpointSeries::fileName(long long step) {
    char name[48];
    std::snprintf(name, sizeof name, "%s%08lld%s", kPrefix, step, kSuffix);
    return name;
}

std::optional<long long> CheckpointSeries::stepOf(const std::string& fileName) {
    const std::string prefix = kPrefix, suffix = kSuffix;
    if (fileName.size() < prefix.size() + suffix.size() + 8 || !fileName.starts_with(prefix) ||
        !fileName.ends_with(suffix))
        return std::nullopt;
    const std::string digits =
        fileName.substr(prefix.size(), fileName.size() - prefix.size() - suffix.size());
    if (!digitsOnly(digits) || digits.size() > 18) return std::nullopt;
    return std::stoll(digits);
}

std::vector<std::string> CheckpointSeries::files() const {
    std::vector<std::pair<long long, std::string>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (const auto step = stepOf(name); step && entry.is_regular_file())
            found.emplace_back(*step, entry.path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> paths;
    for (auto& [step, path] : found) paths.push_back(std::move(path));
    return paths;
}

std::string CheckpointSeries::save(Trainer& trainer) {
    const std::string path = (fs::path(m_folder) / fileName(trainer.step())).string();
    saveCheckpoint(trainer, path);
    prune(trainer.step());
    return path;
}

void CheckpointSeries::prune(long long newestStep) const {
    std::vector<std::string> older;
    for (const auto& path : files())
        if (*stepOf(fs::path(path).filename().string()) <= newestStep) older.push_back(path);
    std::error_code ec;
    for (std::size_t i = 0; i + static_cast<std::size_t>(m_keep) < older.size(); ++i)
        fs::remove(older[i], ec);  // a file someone else removed first is fine
    for (const auto& entry : fs::directory_iterator(m_folder, ec))
        if (abandonedTemporary(entry.path().filename().string())) fs::remove(entry.path(), ec);
}

}  // namespace sl
