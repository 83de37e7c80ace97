#include "io/checkpoint.h"
#include "io/hdf5_file.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// Every string SparseLab reads from an HDF5 file (datasets and attributes) is checked before
// libhdf5 reads it: a variable-length string's heap reference must name a whole object of
// its own length in a whole collection, or libhdf5 1.10.8 copies past its buffers (the
// checkpoint fuzzer's open finding). Damaged references are made by editing a real
// checkpoint's bytes; other shapes of file are made with h5py, as a user's tool would.
namespace {

QByteArray stringsFileContents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray little(std::uint64_t v, int width) {
    QByteArray out;
    for (int i = 0; i < width; ++i) out.append(static_cast<char>((v >> (8 * i)) & 0xff));
    return out;
}

// A heap reference as stored: 4-byte length, 8-byte collection address, 4-byte index.
QByteArray reference(std::uint64_t length, std::uint64_t collection, std::uint32_t index) {
    return little(length, 4) + little(collection, 8) + little(index, 4);
}

// Runs an h5py script with the output path as its argument; "" or the error.
QString runH5py(const QString& script, const QString& path) {
    QProcess python;
    python.start(SPARSELAB_PYTHON, {"-c", "import sys, h5py, numpy as np\n" + script, path});
    if (!python.waitForFinished(60000)) return "python did not finish";
    if (python.exitCode() != 0)
        return "h5py failed (scripts/setup.sh installs python3-h5py): " +
               QString::fromUtf8(python.readAllStandardError());
    return {};
}

std::vector<QString> fuzzInputs(const QString& folder) {
    std::vector<QString> out;
    for (const QFileInfo& f : QDir(folder).entryInfoList({"*.h5"}, QDir::Files, QDir::Name))
        out.push_back(f.filePath());
    return out;
}

}  // namespace

class TestHdf5Strings : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_good;
    QByteArray m_bytes;
    std::uint64_t m_heap = 0;

    // The checkpoint with its root attribute 'format' ("sparselab-checkpoint", 20 bytes,
    // object 1 of the first collection) pointing elsewhere.
    std::string damagedFormat(const QByteArray& replacement) {
        const QByteArray original = reference(20, m_heap, 1);
        QByteArray bytes = m_bytes;
        const qsizetype at = bytes.indexOf(original);
        [&] {
            QVERIFY(at >= 0);
            QCOMPARE(bytes.indexOf(original, at + 1), qsizetype(-1));
        }();
        bytes.replace(at, original.size(), replacement);
        const QString path = m_dir.filePath("damaged.h5");
        [&] { QVERIFY(write(path, bytes)); }();
        return path.toStdString();
    }

private slots:
    void initTestCase() {
        const sl::RunConfig c = sl::test::TinyRun()
                                    .data("spirals", 200)
                                    .hidden({8})
                                    .batch(32)
                                    .epochs(1)
                                    .sparse("set", 0.5f, 100)
                                    .seed(42);
        m_good = m_dir.filePath("good.h5");
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(2);
        sl::saveCheckpoint(t, m_good.toStdString());
        m_bytes = stringsFileContents(m_good);
        m_heap = static_cast<std::uint64_t>(m_bytes.indexOf("GCOL\x01"));
        QVERIFY(m_heap > 0);
    }

    // Every fuzzer input kept in the repository, fixed or still open, is refused with a
    // message that names the file (none crashes, none is read as a checkpoint).
    void everyFuzzInputGivesACleanError() {
        std::vector<QString> inputs = fuzzInputs(SPARSELAB_FUZZ_DIR "/open");
        for (const QString& p : fuzzInputs(SPARSELAB_FUZZ_DIR "/regressions/checkpoint"))
            inputs.push_back(p);
        QVERIFY(inputs.size() >= 3);
        for (const QString& path : inputs) {
            const std::string m = sl::test::expectError<sl::CheckpointError>(
                [&] { sl::readCheckpoint(path.toStdString()); }, {path.toStdString() + ": "});
            QVERIFY2(m.find("the file is damaged") != std::string::npos, m.c_str());
        }
    }

    // The input that overflowed inside libhdf5's H5HG_read under ASan: /config's reference
    // names object 0, the collection's free space, whose size counts its own 16-byte header,
    // so libhdf5 copied 16 bytes past the collection (and 2016 into a 1898-byte string).
    void freeSpaceNamedAsAString() {
        const std::string path =
            SPARSELAB_FUZZ_DIR "/regressions/checkpoint/config-names-heap-free-space.h5";
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + ": /config: string 0 names object 0 of a global heap collection at byte "
                    "2048: object 0 is the collection's free space, not a string — the file is "
                    "damaged"});
    }

    // libhdf5 converts a variable-length string through a buffer of its length × its
    // character size: this file's root attribute 'writer' claims 587202561-byte characters,
    // and libhdf5 asked for 8.8 GB (libFuzzer's malloc limit).
    void characterSizeFromTheFile() {
        const std::string path =
            SPARSELAB_FUZZ_DIR "/regressions/checkpoint/string-character-587202561-bytes.h5";
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + ": /: attribute 'writer' holds variable-length strings of 587202561-byte "
                    "characters — expected 1-byte characters; the file is damaged"});
    }

    // The root group's local heap (its member names) claims 4 GB, which libhdf5 allocated
    // on the first name lookup (H5Lexists, libFuzzer's malloc limit).
    void localHeapPastTheFile() {
        const std::string path =
            SPARSELAB_FUZZ_DIR "/regressions/checkpoint/local-heap-4-gigabytes.h5";
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + ": the root group: its object header at byte 96 holds a symbol table whose "
                    "local heap at byte 680 claims 4294836400 bytes of names at byte 29952, past "
                    "the end of the file (47848 bytes) — the file is damaged"});
    }

    // The fuzzer's next finding: /data's object header continues in a chunk claiming
    // 7.2 EB, which libhdf5 allocates when it first loads the header (H5Aexists_by_name).
    void objectHeaderChunkPastTheFile() {
        const std::string path =
            SPARSELAB_FUZZ_DIR "/regressions/checkpoint/header-chunk-7-exabytes.h5";
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + ": /data: its object header at byte ",
             " has a chunk of 7233188263240925744 bytes at byte ",
             ", past the end of the file (44136 bytes) — the file is damaged"});
    }

    void goodCheckpointStillLoads() {
        const auto c = sl::readCheckpoint(m_good.toStdString());
        QCOMPARE(c.state.step, 2LL);
        QCOMPARE(c.writer.substr(0, 10), std::string("SparseLab "));
    }

    // The same damage in an attribute, found in the root object's header by hand.
    void damagedAttributeReferences() {
        const std::string where = ": /: attribute 'format' ";
        const std::string heap = "of a global heap collection at byte " + std::to_string(m_heap);
        std::string path = damagedFormat(reference(20, m_heap, 0));
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + where + "names object 0 " + heap +
             ": object 0 is the collection's free space, not a string — the file is damaged"});
        path = damagedFormat(reference(20, m_heap, 99));
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + where + "names object 99 " + heap + ", which holds no such object"});
        path = damagedFormat(reference(2000, m_heap, 1));
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + where + "claims 2000 bytes but names object 1 " + heap +
             ", which holds 20 bytes — the file is damaged"});
        path = damagedFormat(reference(5000, m_heap, 1));
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + where + "is a 5000-byte string — expected at most 4096"});
        path = damagedFormat(reference(20, 100, 1));
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path); },
            {path + where +
             "names object 1 of a global heap collection at byte 100, but no "
             "collection (\"GCOL\", version 1) starts there"});
    }

    // Files other tools write: version 2 object headers (libver='latest'), an attribute in a
    // continuation chunk of a version 1 header, fixed-length strings — all read; a string
    // attribute longer than any SparseLab name, attributes in dense storage and chunked
    // strings are refused by name.
    void filesFromH5py() {
        const QString path = m_dir.filePath("h5py.h5");
        QString error = runH5py(R"(
f = h5py.File(sys.argv[1], 'w', libver='latest')
f.attrs['name'] = 'adam'
f.attrs.create('fixed', np.bytes_(b'momentum'))
f.create_dataset('text', data='hello, heap')
f.create_dataset('fixed_texts', data=np.array([b'abcd', b'ef'], dtype='S4'))
)",
                                path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        {
            std::lock_guard lock(sl::h5::libraryMutex());
            sl::h5::FileReader r(path.toStdString());
            QCOMPARE(r.textAttribute("/", "name"), std::string("adam"));
            QCOMPARE(r.textAttribute("/", "fixed"), std::string("momentum"));
            QCOMPARE(r.text("/text"), std::string("hello, heap"));
            // A fixed-length string that fills its size keeps its last byte.
            QCOMPARE(r.texts("/fixed_texts", 2), (std::vector<std::string>{"abcd", "ef"}));
        }

        // Version 1 header: attributes added after the file was closed once go to a new chunk.
        error = runH5py(R"(
f = h5py.File(sys.argv[1], 'w')
g = f.create_group('g')
g.attrs['a0'] = 'first'
f.close()
f = h5py.File(sys.argv[1], 'a')
for i in range(1, 40):
    f['g'].attrs['a%d' % i] = 'value %d' % i + 'x' * 40
)",
                        path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        {
            std::lock_guard lock(sl::h5::libraryMutex());
            sl::h5::FileReader r(path.toStdString());
            QCOMPARE(r.textAttribute("/g", "a0"), std::string("first"));
            QCOMPARE(r.textAttribute("/g", "a39"), "value 39" + std::string(40, 'x'));
        }

        error = runH5py(R"(
f = h5py.File(sys.argv[1], 'w', libver='latest')
for i in range(20):
    f.attrs['n%d' % i] = i
f.attrs['name'] = 'adam'
f.attrs.create('long', np.bytes_(b'x' * 10000))
f.create_dataset('chunked', data=np.array(['a', 'b'], dtype=h5py.string_dtype()), chunks=(1,))
)",
                        path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        std::lock_guard lock(sl::h5::libraryMutex());
        sl::h5::FileReader r(path.toStdString());
        const std::string p = path.toStdString();
        sl::test::expectError<sl::CheckpointError>(
            [&] { r.textAttribute("/", "name"); },
            {p + ": /: attribute 'name' cannot be checked before reading: its object header at "
                 "byte ",
             " holds no attribute 'name' (HDF5 keeps it elsewhere, in dense or "
             "shared storage SparseLab does not read)"});
        sl::test::expectError<sl::CheckpointError>(
            [&] { r.textAttribute("/", "long"); },
            {p + ": /: attribute 'long' is a 10000-byte string — expected at most 4096"});
        sl::test::expectError<sl::CheckpointError>(
            [&] { r.texts("/chunked", 2); },
            {p + ": /chunked: stores its strings in chunks — SparseLab reads variable-length "
                 "strings only from contiguous storage"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestHdf5Strings)
#include "test_hdf5_strings.moc"
