#include "data/idx_dataset.h"
#include "data/idx_reader.h"
#include "support/test_main.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <vector>
#include <zlib.h>

using sl::test::expectError;

namespace {

using Bytes = std::vector<std::uint8_t>;

// An IDX file byte by byte: magic 00 00 type rank, big-endian dimensions, then the data.
Bytes idx(const std::vector<std::uint32_t>& dims, const Bytes& data, std::uint8_t type = 0x08) {
    Bytes b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (const std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            b.push_back(static_cast<std::uint8_t>(d >> shift));
    b.insert(b.end(), data.begin(), data.end());
    return b;
}

Bytes iota(std::size_t n, int start = 0) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>((start + int(i)) % 256);
    return b;
}

void writePlain(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    QVERIFY(out.good());
}

void writeGzip(const std::string& path, const Bytes& bytes) {
    gzFile f = gzopen(path.c_str(), "wb");
    QVERIFY(f != nullptr);
    if (!bytes.empty())
        QCOMPARE(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
    QCOMPARE(gzclose(f), Z_OK);
}

Bytes readRaw(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class TestIdxReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

    // A folder of four valid files (3 training and 2 test images of 2x2), for loadIdxFolder.
    void makeFolder(const std::string& name, std::string& f) {
        QVERIFY(QDir(m_dir.path()).mkpath(QString::fromStdString(name)));
        f = path(name) + "/";
        writePlain(f + "train-images-idx3-ubyte", idx({3, 2, 2}, iota(12)));
        writeGzip(f + "train-labels-idx1-ubyte.gz", idx({3}, {0, 1, 2}));
        writeGzip(f + "t10k-images-idx3-ubyte.gz", idx({2, 2, 2}, iota(8, 100)));
        writePlain(f + "t10k-labels-idx1-ubyte", idx({2}, {2, 0}));
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsPlainImagesExactly() {
        const Bytes data = iota(12, 250);  // crosses 255 -> 0, so every byte value is unsigned
        writePlain(path("plain-images"), idx({3, 2, 2}, data));
        const sl::IdxArray a = sl::readIdxImages(path("plain-images"));
        QCOMPARE(a.dims, (std::vector<std::int32_t>{3, 2, 2}));
        QCOMPARE(a.data, data);
        QCOMPARE(int(a.data[5]), 255);
        QCOMPARE(int(a.data[6]), 0);
    }

    void readsGzipLabelsExactly() {
        // 300 = 0x012C tests the byte order of the dimension.
        const Bytes data = iota(300, 7);
        writeGzip(path("labels.gz"), idx({300}, data));
        QVERIFY(readRaw(path("labels.gz")).at(0) == 0x1F);  // really gzip on disk
        const sl::IdxArray a = sl::readIdxLabels(path("labels.gz"));
        QCOMPARE(a.dims, (std::vector<std::int32_t>{300}));
        QCOMPARE(a.data, data);
    }

    void readsFourDimensions() {
        writeGzip(path("four.gz"), idx({2, 1, 3, 2}, iota(12)));
        const sl::IdxArray a = sl::readIdx(path("four.gz"));
        QCOMPARE(a.dims, (std::vector<std::int32_t>{2, 1, 3, 2}));
        QCOMPARE(a.data, iota(12));
    }

    void wrongMagic() {
        Bytes b = idx({2}, {1, 2});
        b[0] = 0x08;
        b[1] = 0x03;
        writePlain(path("magic"), b);
        expectError<sl::DataError>([&] { sl::readIdx(path("magic")); },
                                   {path("magic"), "bad magic number 0x08030801"});
    }

    void wrongElementType() {
        writePlain(path("floats"), idx({2}, Bytes(8, 0), 0x0D));
        expectError<sl::DataError>(
            [&] { sl::readIdx(path("floats")); },
            {path("floats"), "element type 0x0D (32-bit float)", "expected 0x08 (unsigned byte)"});
    }

    void dimensionCountOutOfRange() {
        writePlain(path("rank0"), Bytes{0, 0, 8, 0});
        expectError<sl::DataError>([&] { sl::readIdx(path("rank0")); },
                                   {path("rank0"), "dimension count is 0, expected 1 to 4"});
        writePlain(path("rank5"), idx({1, 1, 1, 1, 1}, {9}));
        expectError<sl::DataError>([&] { sl::readIdx(path("rank5")); },
                                   {path("rank5"), "dimension count is 5"});
    }

    void zeroOrHugeDimension() {
        writePlain(path("zero"), idx({3, 0, 2}, {}));
        expectError<sl::DataError>([&] { sl::readIdx(path("zero")); },
                                   {path("zero"), "dimension 2 is 0"});
        // 65536^2 = 2^32 bytes: the header alone must be refused, before any allocation.
        writePlain(path("huge"), idx({65536, 65536}, {1, 2, 3}));
        expectError<sl::DataError>([&] { sl::readIdx(path("huge")); }, {path("huge"), "2 GiB"});
        writePlain(path("negative"), idx({0x80000000u}, {1}));
        expectError<sl::DataError>([&] { sl::readIdx(path("negative")); },
                                   {path("negative"), "dimension 1 is 2147483648"});
    }

    void truncatedHeader() {
        writePlain(path("empty"), {});
        expectError<sl::DataError>([&] { sl::readIdx(path("empty")); },
                                   {path("empty"), "file is empty"});
        writePlain(path("short-magic"), {0, 0, 8});
        expectError<sl::DataError>([&] { sl::readIdx(path("short-magic")); },
                                   {path("short-magic"), "truncated header", "found 3"});
        // Magic says 3 dimensions (16 header bytes) but the file stops after 10.
        Bytes b = idx({60000, 28, 28}, {});
        b.resize(10);
        writeGzip(path("short-dims.gz"), b);
        expectError<sl::DataError>(
            [&] { sl::readIdx(path("short-dims.gz")); },
            {path("short-dims.gz"), "truncated header: expected 16 bytes", "found 10"});
    }

    void truncatedBody() {
        Bytes b = idx({2, 5}, iota(10));
        b.resize(b.size() - 3);
        writePlain(path("short-body"), b);
        expectError<sl::DataError>([&] { sl::readIdx(path("short-body")); },
                                   {path("short-body"),
                                    "expected 10 bytes of data after the header, found 7 "
                                    "(dimensions 2 x 5)"});
        writeGzip(path("short-body.gz"), b);
        expectError<sl::DataError>(
            [&] { sl::readIdx(path("short-body.gz")); },
            {path("short-body.gz"), "expected 10 bytes of data after the header", "found 7"});
    }

    void trailingBytes() {
        Bytes b = idx({4}, {1, 2, 3, 4});
        b.insert(b.end(), {5, 6, 7});
        writeGzip(path("trailing.gz"), b);
        expectError<sl::DataError>([&] { sl::readIdx(path("trailing.gz")); },
                                   {path("trailing.gz"), "3 trailing bytes", "4 bytes of data"});
    }

    void missingFileAndFolder() {
        expectError<sl::DataError>([&] { sl::readIdx(path("nope")); },
                                   {path("nope"), "does not exist"});
        expectError<sl::DataError>([&] { sl::readIdx(m_dir.path().toStdString()); },
                                   {m_dir.path().toStdString(), "is a folder"});
    }

    void textFile() {
        const std::string text = "label,pixel1,pixel2\n9,0,0\n";
        writePlain(path("data.csv"), Bytes(text.begin(), text.end()));
        expectError<sl::DataError>(
            [&] { sl::readIdx(path("data.csv")); },
            {path("data.csv"), "bad magic number 0x6C616265", "is this an IDX file?"});
    }

    void corruptGzip() {
        writeGzip(path("good.gz"), idx({2000}, iota(2000)));
        Bytes z = readRaw(path("good.gz"));
        QVERIFY(z.size() > 30);
        // Flipping bits in the deflate data breaks the stream or its CRC-32 check.
        for (std::size_t i = 12; i < z.size() - 8; i += 3) z[i] ^= 0x5A;
        writePlain(path("corrupt.gz"), z);
        expectError<sl::DataError>([&] { sl::readIdx(path("corrupt.gz")); },
                                   {path("corrupt.gz"), "corrupt gzip stream"});

        Bytes cut = readRaw(path("good.gz"));
        cut.resize(cut.size() / 2);
        writePlain(path("cut.gz"), cut);
        expectError<sl::DataError>([&] { sl::readIdx(path("cut.gz")); },
                                   {path("cut.gz"), "gzip stream ends early"});
    }

    void wrongRank() {
        writePlain(path("rank1"), idx({4}, {1, 2, 3, 4}));
        expectError<sl::DataError>([&] { sl::readIdxImages(path("rank1")); },
                                   {path("rank1"), "expected an images file (count, rows, cols) "
                                                   "with 3 dimensions, found 1 (4)"});
        writePlain(path("rank3"), idx({1, 2, 2}, {1, 2, 3, 4}));
        expectError<sl::DataError>([&] { sl::readIdxLabels(path("rank3")); },
                                   {path("rank3"), "with 1 dimension, found 3 (1 x 2 x 2)"});
    }

    void imageAndLabelCountsMustMatch() {
        std::string f;
        makeFolder("count-mismatch", f);
        // 3 training images, but only 2 training labels.
        QVERIFY(QFile::remove(QString::fromStdString(f + "train-labels-idx1-ubyte.gz")));
        writePlain(f + "train-labels-idx1-ubyte", idx({2}, {0, 1}));
        expectError<sl::DataError>([&] { sl::loadIdxFolder(f, "tiny"); },
                                   {f + "train-images-idx3-ubyte", f + "train-labels-idx1-ubyte",
                                    "holds 3 images", "holds 2 labels"});
    }

    void malformedFileInFolderIsNamed() {
        std::string f;
        makeFolder("bad-test-labels", f);
        writePlain(f + "t10k-labels-idx1-ubyte", idx({2}, {1}));  // one byte short
        expectError<sl::DataError>([&] { sl::loadIdxFolder(f, "tiny"); },
                                   {f + "t10k-labels-idx1-ubyte", "truncated data"});
    }

    // A gzip file can unpack to at most ~1032 times its size: a small file claiming more is
    // refused from its header, before anything is allocated or decompressed.
    void gzipClaimBeyondWhatItCanHold() {
        writeGzip(path("claim.gz"), idx({60000, 200, 150}, iota(100)));
        const auto size = std::filesystem::file_size(path("claim.gz"));
        const std::string m =
            expectError<sl::DataError>([&] { sl::readIdx(path("claim.gz")); }, {});
        QCOMPARE(m, path("claim.gz") +
                        ": truncated data: the header announces 1800000000 bytes "
                        "of data (dimensions 60000 x 200 x 150) but a gzip file of " +
                        std::to_string(size) + " bytes unpacks to at most " +
                        std::to_string(size * 1032));
    }

    // A claim within the bound but beyond the content: the buffer grows with what arrives, so
    // the message comes after reading what is there, not after allocating the claim.
    void gzipClaimWithinTheBoundButShort() {
        Bytes noise(50000);  // does not compress, so the ratio bound lets the claim through
        std::uint32_t x = 1;
        for (auto& v : noise) v = static_cast<std::uint8_t>((x = x * 1664525u + 1013904223u) >> 24);
        writeGzip(path("short.gz"), idx({1000, 1000}, noise));
        expectError<sl::DataError>([&] { sl::readIdx(path("short.gz")); },
                                   {path("short.gz") + ": truncated data: expected 1000000 bytes "
                                                       "of data after the header, found 50000"});
    }

    // Past the announced data only 64 KiB are read to report trailing bytes.
    void manyTrailingBytesAreNotAllRead() {
        Bytes b = idx({4}, {1, 2, 3, 4});
        b.resize(b.size() + (1u << 20), 7);
        writeGzip(path("long-tail.gz"), b);
        expectError<sl::DataError>([&] { sl::readIdx(path("long-tail.gz")); },
                                   {path("long-tail.gz") + ": at least 65536 trailing bytes after "
                                                           "the 4 bytes of data"});
    }

    void fifoAndDeviceAreRefused() {
        QCOMPARE(::mkfifo(path("pipe-idx").c_str(), 0600), 0);
        const std::string m =
            expectError<sl::DataError>([&] { sl::readIdx(path("pipe-idx")); }, {});
        QCOMPARE(m, path("pipe-idx") + ": is a FIFO (named pipe), not a regular file, expected an "
                                       "IDX file");
        expectError<sl::DataError>([&] { sl::readIdx("/dev/zero"); },
                                   {"/dev/zero: is a character device, not a regular file"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
