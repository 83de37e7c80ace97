#include "io/checkpoint.h"
#include "io/hdf5_file.h"
#include "io/hdf5_superblock.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <fstream>
#include <sstream>

// The superblock read before H5Fopen, which itself loads the root group's object header (and
// allocated a "7 EB" chunk of it for a 44 KB fuzzer input). Superblocks and headers are built
// by hand here with their byte positions worked out from the HDF5 format specification; real
// files come from SparseLab and from h5py (a user block, the newest superblock version).
namespace {

void putValue(std::string& bytes, std::size_t at, std::uint64_t value, int width) {
    if (bytes.size() < at + static_cast<std::size_t>(width)) bytes.resize(at + width, '\0');
    for (int i = 0; i < width; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

constexpr std::uint64_t kUndefined = ~std::uint64_t{0};
const std::string kSignature("\x89HDF\r\n\x1a\n", 8);

// A version 0 superblock at `at` (96 bytes): addresses start at +24, the root group's symbol
// table entry at +56 with its object header address at +64.
void superblock0(std::string& b, std::size_t at, std::uint64_t eof, std::uint64_t root,
                 std::uint64_t driverInfo = kUndefined) {
    if (b.size() < at + 96) b.resize(at + 96, '\0');
    b.replace(at, 8, kSignature);
    b[at + 13] = 8;
    b[at + 14] = 8;
    putValue(b, at + 24, 0, 8);
    putValue(b, at + 32, kUndefined, 8);
    putValue(b, at + 40, eof, 8);
    putValue(b, at + 48, driverInfo, 8);
    putValue(b, at + 56, 0, 8);
    putValue(b, at + 64, root, 8);
}

// A version 2 superblock at `at` (48 bytes): base, extension, end of file, root header.
void superblock2(std::string& b, std::size_t at, std::uint64_t eof, std::uint64_t root,
                 std::uint64_t extension) {
    if (b.size() < at + 48) b.resize(at + 48, '\0');
    b.replace(at, 8, kSignature);
    b[at + 8] = 2;
    b[at + 9] = 8;
    b[at + 10] = 8;
    putValue(b, at + 12, 0, 8);
    putValue(b, at + 20, extension, 8);
    putValue(b, at + 28, eof, 8);
    putValue(b, at + 36, root, 8);
}

// A version 1 object header at `at`: 16-byte prefix, then one continuation message (8-byte
// message header, address and length) pointing at `next`, `nextBytes` long.
void header1(std::string& b, std::size_t at, std::uint64_t next, std::uint64_t nextBytes) {
    b[at] = 1;
    putValue(b, at + 2, 1, 2);   // one message
    putValue(b, at + 4, 1, 4);   // reference count
    putValue(b, at + 8, 24, 4);  // the chunk's bytes
    putValue(b, at + 16, 0x10, 2);
    putValue(b, at + 18, 16, 2);
    putValue(b, at + 24, next, 8);
    putValue(b, at + 32, nextBytes, 8);
}

std::string superblockProblem(const std::string& bytes) {
    std::istringstream in(bytes);
    return sl::h5::openingProblem(in, bytes.size());
}

// A 400-byte file: superblock version 0 at 0, root header at 96 continuing at 200 for 64
// bytes (zeros: no messages), all inside the file.
std::string goodFile() {
    std::string b(400, '\0');
    superblock0(b, 0, 400, 96);
    header1(b, 96, 200, 64);
    return b;
}

QString runH5pyScript(const QString& script, const QString& path) {
    QProcess python;
    python.start(SPARSELAB_PYTHON, {"-c", "import sys, h5py, numpy as np\n" + script, path});
    if (!python.waitForFinished(60000)) return "python did not finish";
    if (python.exitCode() != 0)
        return "h5py failed (scripts/setup.sh installs python3-h5py): " +
               QString::fromUtf8(python.readAllStandardError());
    return {};
}

}  // namespace

class TestHdf5Superblock : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void handBuiltVersion0() {
        const std::string b = goodFile();
        std::istringstream in(b);
        const sl::h5::Superblock s = sl::h5::readSuperblock(in, b.size());
        QCOMPARE(s.problem, std::string());
        QCOMPARE(s.at, std::uint64_t{0});
        QCOMPARE(s.version, 0);
        QCOMPARE(s.endOfFile, std::uint64_t{400});
        QCOMPARE(s.rootHeader, std::uint64_t{96});
        QCOMPARE(s.driverInfo, kUndefined);
        QCOMPARE(s.extension, kUndefined);
        QCOMPARE(superblockProblem(b), std::string());
    }

    // After a 512-byte user block every address counts from the signature.
    void userBlockMovesTheBase() {
        std::string b(512, 'u');
        b.resize(912, '\0');
        superblock0(b, 512, 912, 96);
        header1(b, 512 + 96, 200, 64);
        std::istringstream in(b);
        const sl::h5::Superblock s = sl::h5::readSuperblock(in, b.size());
        QCOMPARE(s.at, std::uint64_t{512});
        QCOMPARE(s.rootHeader, std::uint64_t{96});
        QCOMPARE(superblockProblem(b), std::string());
        // Address 400 is byte 912 after the user block: past the end, though 400 + 64 would
        // fit were addresses counted from byte 0.
        header1(b, 512 + 96, 400, 64);
        QCOMPARE(superblockProblem(b),
                 std::string("the root group: its object header at byte 608 has a chunk "
                             "of 64 bytes at byte 912, past the end of the file (912 "
                             "bytes) — the file is damaged"));
        // An address that would wrap round past 2^64 to byte 411 stays past the end.
        header1(b, 512 + 96, kUndefined - 100, 8);
        QCOMPARE(superblockProblem(b),
                 std::string("the root group: its object header at byte 608 has a chunk "
                             "of 8 bytes at byte 18446744073709551615, past the end of "
                             "the file (912 bytes) — the file is damaged"));
    }

    void rootHeaderChunkPastTheFile() {
        std::string b = goodFile();
        header1(b, 96, 200, 0x66000000000000e8ULL);
        QCOMPARE(superblockProblem(b),
                 std::string("the root group: its object header at byte 96 has a chunk of "
                             "7349874591868649704 bytes at byte 200, past the end of the file "
                             "(400 bytes) — the file is damaged"));
    }

    void rootHeaderPastTheFile() {
        std::string b = goodFile();
        putValue(b, 64, 390, 8);
        QCOMPARE(superblockProblem(b),
                 std::string("the root group: its object header at byte 390 lies past "
                             "the end of the file (400 bytes) — the file is damaged"));
        putValue(b, 64, kUndefined, 8);
        QCOMPARE(superblockProblem(b),
                 std::string("its superblock names no root group — the file is damaged"));
    }

    void truncated() {
        std::string b = goodFile();
        putValue(b, 40, 4000, 8);
        QCOMPARE(superblockProblem(b),
                 std::string("the file is truncated: it has 400 bytes, its HDF5 "
                             "superblock says 4000 (an interrupted copy or download?)"));
        const std::string cut = goodFile().substr(0, 60);
        QCOMPARE(superblockProblem(cut),
                 std::string("its superblock at byte 0 is cut short by the end of the "
                             "file (96 bytes expected) — the file is damaged"));
    }

    void versionsAndSizesNotRead() {
        std::string b = goodFile();
        b[8] = 4;
        QCOMPARE(superblockProblem(b),
                 std::string("its superblock at byte 0 has version 4 (HDF5 1.10 writes "
                             "versions 0 to 3) — the file is damaged"));
        b = goodFile();
        b[13] = 4;
        QCOMPARE(superblockProblem(b),
                 std::string("its superblock at byte 0 gives 4-byte addresses and 8-byte "
                             "lengths; SparseLab reads only the usual 8 and 8"));
        b = std::string(2000, '\0');
        QCOMPARE(superblockProblem(b),
                 std::string("no HDF5 signature at byte 0, 512, 1024 or any later power "
                             "of two — the file is damaged"));
    }

    void version2Extension() {
        std::string b(400, '\0');
        superblock2(b, 0, 400, 96, 300);
        header1(b, 96, 200, 64);
        b[300] = 1;
        putValue(b, 308, 16, 4);  // the extension's header: one 16-byte chunk
        std::istringstream in(b);
        const sl::h5::Superblock s = sl::h5::readSuperblock(in, b.size());
        QCOMPARE(s.version, 2);
        QCOMPARE(s.rootHeader, std::uint64_t{96});
        QCOMPARE(s.extension, std::uint64_t{300});
        QCOMPARE(superblockProblem(b), std::string());
        putValue(b, 308, 5000, 4);
        QCOMPARE(superblockProblem(b),
                 std::string("the superblock extension: its object header at byte 300 "
                             "has a chunk of 5000 bytes at byte 316, past the end of "
                             "the file (400 bytes) — the file is damaged"));
    }

    // libhdf5 allocates a version 0 superblock's driver info block as its size field claims.
    void driverInfoBlock() {
        std::string b = goodFile();
        superblock0(b, 0, 400, 96, 300);
        putValue(b, 304, 64, 4);
        QCOMPARE(superblockProblem(b), std::string());
        putValue(b, 304, 0xfffffff0u, 4);
        QCOMPARE(superblockProblem(b),
                 std::string("its driver information block at address 300 claims "
                             "4294967280 bytes, past the end of the file (400 bytes) — "
                             "the file is damaged"));
        superblock0(b, 0, 400, 96, 390);
        QCOMPARE(superblockProblem(b),
                 std::string("its driver information block at address 390 lies past the "
                             "end of the file (400 bytes) — the file is damaged"));
    }

    // The fuzzer's input that stopped the program inside H5Fopen (ASan: allocation-size-too-big
    // in H5C_protect): the root group's header continues in a chunk of 0x66000000000000e8 bytes.
    void fuzzerInputRefusedBeforeOpening() {
        const std::string path =
            SPARSELAB_FUZZ_DIR "/regressions/checkpoint/root-header-chunk-7-exabytes.h5";
        const std::string m =
            sl::test::expectError<sl::CheckpointError>([&] { sl::readCheckpoint(path); }, {});
        QCOMPARE(m, path + ": the root group: its object header at byte 96 has a chunk of "
                           "7349874591868649704 bytes at byte 800, past the end of the file "
                           "(44136 bytes) — the file is damaged");
    }

    // Real files open: SparseLab's own (version 0) and h5py's with a user block and the newest
    // superblock (version 3 at byte 512).
    void realFilesOpen() {
        const sl::RunConfig c = sl::test::TinyRun()
                                    .data("spirals", 100)
                                    .hidden({4})
                                    .epochs(1)
                                    .batch(128)
                                    .sparse("rigl", 0.9f, 100)
                                    .seed(42);
        const std::string ours = m_dir.filePath("ours.h5").toStdString();
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(1);
        sl::saveCheckpoint(t, ours);
        {
            std::ifstream in(ours, std::ios::binary);
            const auto s =
                sl::h5::readSuperblock(in, QFileInfo(QString::fromStdString(ours)).size());
            QCOMPARE(s.version, 0);
            QCOMPARE(s.at, std::uint64_t{0});
        }
        QCOMPARE(sl::readCheckpoint(ours).state.step, 1LL);

        const QString theirs = m_dir.filePath("theirs.h5");
        const QString error = runH5pyScript(R"(
f = h5py.File(sys.argv[1], 'w', libver='latest', userblock_size=512)
f.attrs['name'] = 'adam'
)",
                                            theirs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        std::ifstream in(theirs.toStdString(), std::ios::binary);
        const auto s = sl::h5::readSuperblock(in, QFileInfo(theirs).size());
        QCOMPARE(s.problem, std::string());
        QCOMPARE(s.at, std::uint64_t{512});
        QCOMPARE(s.version, 3);
        QCOMPARE(s.endOfFile, std::uint64_t(QFileInfo(theirs).size()));  // user block included
        std::lock_guard lock(sl::h5::libraryMutex());
        sl::h5::FileReader r(theirs.toStdString());
        QCOMPARE(r.textAttribute("/", "name"), std::string("adam"));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestHdf5Superblock)
#include "test_hdf5_superblock.moc"
