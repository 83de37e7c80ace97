#include "io/checkpoint.h"
#include "io/hdf5_heap_check.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <sstream>

// The global heap check that runs before libhdf5 opens a checkpoint: hand-built collections
// with the byte positions worked out by hand, a real checkpoint damaged the way the fuzzer
// damaged one, and the fuzzer's own inputs (one hung libhdf5 1.10.8 in H5HG_read, one made
// it allocate 1.6 GB for one string).
namespace {

void put(std::string& bytes, std::size_t at, std::uint64_t value, int width) {
    if (bytes.size() < at + static_cast<std::size_t>(width)) bytes.resize(at + width, '\0');
    for (int i = 0; i < width; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

// A collection at `at` claiming `size` bytes, its header only.
void collection(std::string& bytes, std::size_t at, std::uint64_t size) {
    if (bytes.size() < at + 16) bytes.resize(at + 16, '\0');
    std::memcpy(bytes.data() + at, "GCOL\x01\0\0\0", 8);
    put(bytes, at + 8, size, 8);
}

void object(std::string& bytes, std::size_t at, unsigned index, std::uint64_t dataBytes) {
    put(bytes, at, index, 2);
    put(bytes, at + 2, 1, 2);
    put(bytes, at + 8, dataBytes, 8);
}

std::string problem(const std::string& bytes) {
    std::istringstream in(bytes);
    return sl::h5::globalHeapProblem(in, bytes.size());
}

const std::string kWhere0 =
    "its global heap collection at byte 0 (where HDF5 keeps variable-length strings)";

QByteArray heapFileContents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestHdf5HeapCheck : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    // Object 1 holds 5 bytes (16 + 8 padded = 24), so the free space starts at 16 + 24 = 40
    // and fills the remaining 4096 - 40 = 4056 bytes.
    void wellFormedCollectionPasses() {
        std::string bytes;
        collection(bytes, 0, 4096);
        object(bytes, 16, 1, 5);
        object(bytes, 40, 0, 4056);
        bytes.resize(4096, '\0');
        QCOMPARE(problem(bytes), std::string());
    }

    void freeSpaceClaimingZeroBytes() {
        std::string bytes;
        collection(bytes, 0, 4096);
        object(bytes, 16, 1, 5);
        object(bytes, 40, 0, 0);
        bytes.resize(4096, '\0');
        QCOMPARE(problem(bytes), kWhere0 +
                                     ": object 0 (its free space) at byte 40 claims 0 "
                                     "bytes, which would make HDF5 read the collection forever");
    }

    void objectLongerThanItsCollection() {
        std::string bytes;
        collection(bytes, 0, 4096);
        object(bytes, 16, 3, 5000);
        bytes.resize(4096, '\0');
        QCOMPARE(problem(bytes), kWhere0 + ": object 3 at byte 16 claims 5000 bytes, more than "
                                           "the 4080 left in the collection");
        // 4064 data bytes fit the 4080 left, but with the 16-byte object header they do not.
        object(bytes, 16, 3, 4065);
        QCOMPARE(problem(bytes), kWhere0 + ": object 3 at byte 16 needs 4088 bytes, more than "
                                           "the 4080 left in the collection");
    }

    void collectionSmallerThanHdf5Writes() {
        std::string bytes;
        collection(bytes, 0, 100);
        bytes.resize(200, '\0');
        QCOMPARE(problem(bytes), kWhere0 + " claims 100 bytes, fewer than the 4096 of the "
                                           "smallest collection HDF5 writes");
    }

    // Past the end of the file libhdf5 reads zeros: the first object there claims 0 bytes.
    void collectionRunningPastTheFile() {
        std::string bytes;
        collection(bytes, 0, 4096);
        object(bytes, 16, 1, 5);
        bytes.resize(40);
        QCOMPARE(problem(bytes), kWhere0 +
                                     ": object 0 (its free space) at byte 40 claims 0 "
                                     "bytes, which would make HDF5 read the collection forever");
    }

    // The scan reads 1 MiB blocks: a signature across two blocks, and a second collection
    // after a good one, are both found; a "GCOL" inside a good collection's data is data.
    void signatureAcrossBlocksAndInsideData() {
        const std::size_t at = (1u << 20) - 2;
        std::string bytes(at, 'x');
        collection(bytes, at, 4096);
        object(bytes, at + 16, 1, 0);
        bytes.resize(at + 4096, '\0');
        QCOMPARE(problem(bytes),
                 "its global heap collection at byte " + std::to_string(at) +
                     " (where HDF5 keeps variable-length strings): object 0 "
                     "(its free space) at byte " +
                     std::to_string(at + 32) +
                     " claims 0 bytes, which would make HDF5 read the collection forever");

        std::string good;
        collection(good, 0, 4096);
        object(good, 16, 1, 24);  // its data is a bogus collection header: 16 + 24 = 40 bytes
        collection(good, 32, 1);
        object(good, 56, 0, 4040);
        good.resize(4096, '\0');
        QCOMPARE(problem(good), std::string());
        collection(good, 4096, 50);
        QCOMPARE(problem(good), "its global heap collection at byte 4096 (where HDF5 keeps "
                                "variable-length strings) claims 50 bytes, fewer than the 4096 "
                                "of the smallest collection HDF5 writes");
    }

    // A real checkpoint, whose strings live in a global heap, loads; with the free-space
    // object's size zeroed (the fuzzer's damage) it is refused before libhdf5 opens it.
    void damagedCheckpointIsRefused() {
        const sl::RunConfig c = sl::test::TinyRun()
                                    .data("spirals", 200)
                                    .hidden({8})
                                    .batch(32)
                                    .epochs(2)
                                    .sparse("set", 0.5f, 100)
                                    .seed(42);
        const QString path = m_dir.filePath("good.h5");
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(3);
        sl::saveCheckpoint(t, path.toStdString());
        QByteArray bytes = heapFileContents(path);
        QCOMPARE(problem(bytes.toStdString()), std::string());
        QCOMPARE(sl::readCheckpoint(path.toStdString()).state.step, 3LL);

        const auto heap = static_cast<std::size_t>(bytes.indexOf("GCOL\x01"));
        QVERIFY(heap != static_cast<std::size_t>(-1));
        std::size_t pos = heap + 16;
        auto u = [&](std::size_t at, int width) {
            std::uint64_t v = 0;
            for (int i = width - 1; i >= 0; --i)
                v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
            return v;
        };
        while (u(pos, 2) != 0) pos += 16 + (u(pos + 8, 8) + 7) / 8 * 8;
        QVERIFY(u(pos + 8, 8) > 0);
        for (int i = 0; i < 8; ++i) bytes[static_cast<qsizetype>(pos + 8 + i)] = '\0';
        const QString damaged = m_dir.filePath("damaged.h5");
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(damaged.toStdString()); },
            {damaged.toStdString() + ": its global heap collection at byte " +
             std::to_string(heap) +
             " (where HDF5 keeps variable-length strings): object 0 (its free space) at byte " +
             std::to_string(pos) +
             " claims 0 bytes, which would make HDF5 read the collection "
             "forever — the file is damaged"});
    }

    // A string's heap reference is followed only to a whole object of its own length: the
    // collection above holds object 1 (5 bytes) and its free space (object 0, 4056 bytes).
    void heapReferences() {
        std::string bytes(64, 'x');
        collection(bytes, 64, 4096);
        object(bytes, 80, 1, 5);
        object(bytes, 104, 0, 4056);
        bytes.resize(64 + 4096, '\0');
        const auto check = [&](std::uint64_t length, std::uint64_t at, std::uint32_t index) {
            std::istringstream in(bytes);
            return sl::h5::heapReferenceProblem(in, bytes.size(), {length, at, index});
        };
        const std::string names = "names object ";
        QCOMPARE(check(5, 64, 1), std::string());
        QCOMPARE(check(0, 0, 0), std::string());  // a null string is never looked up
        QCOMPARE(check(5, 64, 0), names + "0 of a global heap collection at byte 64: object 0 "
                                          "is the collection's free space, not a string");
        QCOMPARE(check(5, 64, 2), names + "2 of a global heap collection at byte 64, which "
                                          "holds no such object");
        QCOMPARE(check(4, 64, 1),
                 "claims 4 bytes but " + names +
                     "1 of a global heap collection at byte 64, which holds 5 bytes");
        QCOMPARE(check(5, 8, 1), names + "1 of a global heap collection at byte 8, but no "
                                         "collection (\"GCOL\", version 1) starts there");
        QCOMPARE(check(5, 4200, 1), names + "1 of a global heap collection at byte 4200, past "
                                            "the end of the file (4160 bytes)");
        QCOMPARE(check(5000, 64, 1), std::string("claims 5000 bytes, more than the whole file "
                                                 "(4160 bytes)"));
        // With a 32-byte user block, addresses count from byte 32.
        std::istringstream in(bytes);
        QCOMPARE(sl::h5::heapReferenceProblem(in, bytes.size(), {5, 32, 1}, 32), std::string());
        // Decoded as stored: 4-byte length, 8-byte address, 4-byte index, little-endian.
        const unsigned char raw[16] = {5, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
        const sl::h5::HeapReference ref = sl::h5::heapReference(raw);
        QCOMPARE(ref.length, 5u);
        QCOMPARE(ref.collection, 64u);
        QCOMPARE(ref.index, 1u);
    }

    void fuzzerInputThatHungLibhdf5() {
        const std::string path = SPARSELAB_FUZZ_REGRESSIONS "/checkpoint/heap-free-space-zero.h5";
        const std::string m =
            sl::test::expectError<sl::CheckpointError>([&] { sl::readCheckpoint(path); }, {});
        QCOMPARE(m, path + ": its global heap collection at byte 2048 (where HDF5 keeps "
                           "variable-length strings): object 0 (its free space) at byte 3856 "
                           "claims 0 bytes, which would make HDF5 read the collection forever "
                           "— the file is damaged");
    }

    // A string's stored length (1684300144 bytes in a 43 KB file) is allocated by libhdf5
    // before it looks in the heap: refused from the dataset's raw data first.
    void fuzzerInputClaimingAHugeString() {
        const std::string path =
            SPARSELAB_FUZZ_REGRESSIONS "/checkpoint/string-length-1684300144.h5";
        const std::string m =
            sl::test::expectError<sl::CheckpointError>([&] { sl::readCheckpoint(path); }, {});
        QCOMPARE(QString::fromStdString(m),
                 QString::fromStdString(path) +
                     ": /config: string 0 claims 1684300144 bytes, more than the whole "
                     "file (44136 bytes) — the file is damaged");
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestHdf5HeapCheck)
#include "test_hdf5_heap_check.moc"
