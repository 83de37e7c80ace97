#include "data/idx_dataset.h"

#include "data/idx_reader.h"
#include "util/error.h"

#include <algorithm>
#include <filesystem>

namespace sl {
namespace {

namespace fs = std::filesystem;

bool isDefaultFolder(const std::string& folder) {
    std::string normal = fs::path(folder).lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    return normal == kFashionMnistDir;
}

std::string installHint(const std::string& folder) {
    return isDefaultFolder(folder)
               ? " (install Fashion-MNIST with `apt-get install dataset-fashion-mnist`)"
               : "";
}

// The four files come as published (gzip) or already unpacked; the .gz is tried first because
// that is how the Debian package and the original download ship them.
std::string findFile(const std::string& folder, const std::string& base) {
    for (const std::string& candidate : {base + ".gz", base}) {
        const fs::path p = fs::path(folder) / candidate;
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    throw DataError("dataset folder '" + folder + "' has no " + base + " or " + base + ".gz" +
                    installHint(folder));
}

struct ImagesAndLabels {
    IdxArray images;
    IdxArray labels;
    std::string imagesPath;
    std::string labelsPath;
};

ImagesAndLabels loadPair(const std::string& folder, const std::string& prefix) {
    ImagesAndLabels p;
    p.imagesPath = findFile(folder, prefix + "-images-idx3-ubyte");
    p.labelsPath = findFile(folder, prefix + "-labels-idx1-ubyte");
    p.images = readIdxImages(p.imagesPath);
    p.labels = readIdxLabels(p.labelsPath);
    if (p.images.dims[0] != p.labels.dims[0])
        throw DataError("'" + p.imagesPath + "' holds " + std::to_string(p.images.dims[0]) +
                        " images but '" + p.labelsPath + "' holds " +
                        std::to_string(p.labels.dims[0]) + " labels; the counts must match");
    return p;
}

Dataset toDataset(const ImagesAndLabels& p, const std::string& name) {
    const int count = p.images.dims[0];
    const int rows = p.images.dims[1];
    const int cols = p.images.dims[2];
    Dataset d;
    d.name = name;
    d.imageRows = rows;
    d.imageCols = cols;
    // The file is row-major (count, rows, cols), so each image is rows*cols contiguous bytes:
    // exactly one column of the column-major (rows*cols, count) matrix, and the whole
    // conversion is one flat loop that the compiler vectorizes.
    d.x.resize(static_cast<Eigen::Index>(rows) * cols, count);
    const std::uint8_t* src = p.images.data.data();
    float* dst = d.x.data();
    const std::size_t n = p.images.data.size();
    for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<float>(src[i]) / 255.0f;
    d.labels.assign(p.labels.data.begin(), p.labels.data.end());
    return d;
}

}  // namespace

TrainTestSplit loadIdxFolder(const std::string& folder, const std::string& name) {
    std::error_code ec;
    if (!fs::exists(folder, ec))
        throw DataError("dataset folder '" + folder + "' does not exist" + installHint(folder));
    if (!fs::is_directory(folder, ec))
        throw DataError("dataset folder '" + folder + "' is not a folder" + installHint(folder));

    const ImagesAndLabels train = loadPair(folder, "train");
    const ImagesAndLabels test = loadPair(folder, "t10k");
    if (train.images.dims[1] != test.images.dims[1] || train.images.dims[2] != test.images.dims[2])
        throw DataError("training images in '" + train.imagesPath + "' are " +
                        std::to_string(train.images.dims[1]) + "x" +
                        std::to_string(train.images.dims[2]) + " but test images in '" +
                        test.imagesPath + "' are " + std::to_string(test.images.dims[1]) + "x" +
                        std::to_string(test.images.dims[2]) + "; the sizes must agree");

    TrainTestSplit split{toDataset(train, name), toDataset(test, name), {}};
    // Counted over both sets so that a class seen only in the test set still has an output.
    const auto maxOf = [](const std::vector<std::uint8_t>& v) {
        return static_cast<int>(*std::max_element(v.begin(), v.end()));
    };
    const int numClasses = std::max(maxOf(train.labels.data), maxOf(test.labels.data)) + 1;
    split.train.numClasses = split.test.numClasses = numClasses;

    if (name == "fashion-mnist") {
        const auto names = fashionMnistClassNames();
        if (numClasses > static_cast<int>(names.size()))
            throw DataError("dataset folder '" + folder + "' has labels up to " +
                            std::to_string(numClasses - 1) + ", but Fashion-MNIST has " +
                            std::to_string(names.size()) + " classes (0 to " +
                            std::to_string(names.size() - 1) + ")");
        split.train.numClasses = split.test.numClasses = static_cast<int>(names.size());
        split.train.classNames = split.test.classNames = names;
    }
    return split;
}

std::vector<std::string> fashionMnistClassNames() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

}  // namespace sl
