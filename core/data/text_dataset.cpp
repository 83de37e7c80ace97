#include "data/text_dataset.h"

#include "data/utf8.h"
#include "io/regular_file.h"
#include "util/error.h"

#include <algorithm>
#include <filesystem>

namespace sl {
namespace {

// A text is at most this many bytes: 64 MB is 25 times the largest Debian set (2.5 MB).
constexpr std::size_t kMaxTextBytes = std::size_t{64} << 20;
// The output layer is (vocabulary, d_model): a text of more distinct characters is refused.
constexpr std::size_t kMaxVocabulary = 65536;

struct FortuneSet {
    const char* name;
    const char* package;
    std::vector<const char*> files;
};

const std::vector<FortuneSet>& fortuneSets() {
    static const std::vector<FortuneSet> sets{
        {"tang-poems", "fortunes-zh", {"tang300", "song100"}},
        {"chinese-fortunes", "fortunes-zh", {"chinese"}},
        // The English files of Debian's `fortunes` package, in its own order; `fortunes`
        // itself comes from fortunes-min, which that package depends on.
        {"english-fortunes",
         "fortunes",
         {"art",           "ascii-art",  "computers", "cookie",       "debian",   "definitions",
          "disclaimer",    "drugs",      "education", "ethnic",       "food",     "fortunes",
          "goedel",        "humorists",  "kids",      "knghtbrd",     "law",      "linux",
          "linuxcookie",   "literature", "love",      "magic",        "medicine", "men-women",
          "miscellaneous", "news",       "paradoxum", "people",       "perl",     "pets",
          "platitudes",    "politics",   "pratchett", "riddles",      "science",  "songs-poems",
          "sports",        "startrek",   "tao",       "translate-me", "wisdom",   "work",
          "zippy"}},
    };
    return sets;
}

std::string readText(const std::string& path, const std::string& expected) {
    std::string bytes = readRegularFileOr<DataError>(path, expected);
    if (bytes.size() > kMaxTextBytes)
        throw DataError(path + ": " + std::to_string(bytes.size()) + " bytes — expected at most " +
                        std::to_string(kMaxTextBytes) + " for a character-level text set");
    return bytes;
}

}  // namespace

bool isTextDataName(const std::string& name) {
    return name == "tang-poems" || name == "chinese-fortunes" || name == "english-fortunes" ||
           name == "text";
}

std::string stripFortuneMarkup(const std::string& bytes) {
    std::string out;
    out.reserve(bytes.size());
    const std::size_t n = bytes.size();
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < n;) {
        if (bytes[i] == '\x1b') {
            // ESC [ parameters... final byte in 0x40..0x7E (ECMA-48 control sequence); a lone
            // ESC or another escape is dropped with the byte after it.
            std::size_t j = i + 1;
            if (j < n && bytes[j] == '[') {
                ++j;
                while (j < n && !(bytes[j] >= 0x40 && bytes[j] <= 0x7E)) ++j;
            }
            i = std::min(n, j + 1);
            continue;
        }
        if (bytes[i] == '\n') {
            // A line that is exactly "%" (after colour codes went) separates two fortunes.
            if (out.size() == lineStart + 1 && out[lineStart] == '%') out.resize(lineStart);
            out += '\n';
            lineStart = out.size();
            ++i;
            continue;
        }
        out += bytes[i++];
    }
    if (out.size() == lineStart + 1 && out[lineStart] == '%') out.resize(lineStart);
    return out;
}

std::u32string loadNamedText(const std::string& name, const std::string& path) {
    if (name == "text") {
        if (path.empty())
            throw DataError("data.path: empty — data.name text expects the path of a UTF-8 "
                            "text file");
        return decodeUtf8(readText(path, "a UTF-8 text file (data.path)"), path);
    }
    for (const FortuneSet& set : fortuneSets()) {
        if (name != set.name) continue;
        const std::string dir = path.empty() ? std::string(kFortuneDir) : path;
        std::u32string text;
        for (const char* file : set.files) {
            const std::string full = dir + "/" + file;
            if (!std::filesystem::exists(full))
                throw DataError("data.name " + name + ": " + full +
                                " does not exist — install "
                                "the Debian package " +
                                set.package + " (apt-get install " + set.package +
                                "; scripts/setup.sh installs it)");
            text += decodeUtf8(stripFortuneMarkup(readText(full, "a fortune file")), full);
        }
        return text;
    }
    throw DataError("data.name: got '" + name +
                    "' — expected tang-poems, chinese-fortunes, "
                    "english-fortunes or text");
}

int characterId(const std::vector<std::string>& vocabulary, char32_t character) {
    const std::string s = encodeUtf8(character);
    for (std::size_t i = 0; i < vocabulary.size(); ++i)
        if (vocabulary[i] == s) return static_cast<int>(i);
    return -1;
}

TrainTestSplit splitText(const std::u32string& text, int context, const std::string& name) {
    if (context < 1)
        throw ConfigError("model.context: got " + std::to_string(context) + " — expected >= 1");
    std::u32string chars = text;
    std::sort(chars.begin(), chars.end());
    chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    if (chars.size() > kMaxVocabulary)
        throw DataError(name + ": " + std::to_string(chars.size()) +
                        " distinct characters — "
                        "expected at most " +
                        std::to_string(kMaxVocabulary));
    std::vector<std::string> vocabulary;
    for (char32_t c : chars) vocabulary.push_back(encodeUtf8(c));

    const auto ctx = static_cast<std::size_t>(context);
    const std::size_t cut =
        text.size() - static_cast<std::size_t>(static_cast<double>(text.size()) * kTextHeldOut);
    auto windows = [&](std::size_t begin, std::size_t end, const char* part) {
        // Windows of ctx + 1 characters starting every ctx characters inside [begin, end).
        const std::size_t length = end - begin;
        if (length < ctx + 1)
            throw DataError(name + ": the " + std::string(part) + " part has " +
                            std::to_string(length) + " characters — expected at least " +
                            std::to_string(ctx + 1) +
                            " (model.context + 1); use a longer "
                            "text or a shorter model.context");
        const std::size_t count = (length - 1) / ctx;
        Dataset d;
        d.name = name;
        d.x.resize(context, static_cast<Eigen::Index>(count));
        d.labels.resize(count);
        for (std::size_t w = 0; w < count; ++w) {
            const std::size_t start = begin + w * ctx;
            for (std::size_t t = 0; t <= ctx; ++t) {
                const auto it = std::lower_bound(chars.begin(), chars.end(), text[start + t]);
                const auto id = static_cast<std::int32_t>(it - chars.begin());
                if (t < ctx)
                    d.x(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(w)) =
                        static_cast<float>(id);
                else d.labels[w] = id;
            }
        }
        d.numClasses = static_cast<int>(chars.size());
        d.classNames = vocabulary;
        return d;
    };
    TrainTestSplit split;
    split.train = windows(0, cut, "training");
    split.test = windows(cut, text.size(), "held-out");
    return split;
}

TrainTestSplit loadTextData(const std::string& name, const std::string& path, int context) {
    return splitText(loadNamedText(name, path), context, name);
}

}  // namespace sl
