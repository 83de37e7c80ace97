#include "io/hdf5_object_header.h"
#include "support/test_main.h"

#include <QtTest>
#include <sstream>
#include <string>

// Attribute messages checked before libhdf5 decodes them: libhdf5 1.10 copies the value of
// an attribute (elements × element size bytes) out of the message without checking that the
// message holds that many, so a fuzzed dimension or field size read past the header chunk
// (a heap overflow under ASan, twice in one fuzzing run). Headers are built byte by byte
// from the HDF5 file format specification (object header version 1, attribute message
// version 1, section IV.A.2.m).
namespace {

void putField(std::string& bytes, std::size_t at, std::uint64_t value, int width) {
    if (bytes.size() < at + static_cast<std::size_t>(width)) bytes.resize(at + width, '\0');
    for (int i = 0; i < width; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

// The parts of one attribute message; each field is padded to 8 bytes (version 1).
struct Attribute {
    std::string name = std::string("step\0", 5);
    std::string type;   // the datatype description
    std::string space;  // the dataspace description
    std::string value;
    std::size_t typeBytes = 0, spaceBytes = 0;  // as stored in the message; 0: the real size
};

std::string padded(std::string s) {
    s.resize((s.size() + 7) / 8 * 8, '\0');
    return s;
}

std::string int64Type() {  // fixed-point, version 1, signed, 8 bytes, offset 0, precision 64
    std::string t;
    putField(t, 0, 0x10, 1);
    putField(t, 1, 0x08, 1);
    putField(t, 4, 8, 4);
    putField(t, 8, 0, 2);
    putField(t, 10, 64, 2);
    return t;
}

std::string space1(std::initializer_list<std::uint64_t> dims) {  // dataspace version 1
    std::string s;
    putField(s, 0, 1, 1);
    putField(s, 1, dims.size(), 1);
    putField(s, 7, 0, 1);
    std::size_t at = 8;
    for (std::uint64_t d : dims) putField(s, (at += 8) - 8, d, 8);
    return s;
}

std::string message(const Attribute& a) {
    std::string m;
    putField(m, 0, 1, 1);  // version 1
    putField(m, 2, a.name.size(), 2);
    putField(m, 4, a.typeBytes ? a.typeBytes : a.type.size(), 2);
    putField(m, 6, a.spaceBytes ? a.spaceBytes : a.space.size(), 2);
    return m + padded(a.name) + padded(a.type) + padded(a.space) + a.value;
}

// A version 1 object header at byte 0 holding the one attribute message.
std::string header(const Attribute& a) {
    const std::string m = message(a);
    std::string b;
    putField(b, 0, 1, 1);
    putField(b, 2, 1, 2);             // one message
    putField(b, 4, 1, 4);             // reference count
    putField(b, 8, 8 + m.size(), 4);  // the chunk's bytes
    putField(b, 16, 0x000C, 2);       // attribute message
    putField(b, 18, m.size(), 2);
    putField(b, 20, 0, 4);                 // flags and reserved: the message starts at byte 24
    return b + m + std::string(64, '\0');  // the rest of the file
}

std::string attributeProblem(const Attribute& a) {
    const std::string bytes = header(a);
    std::istringstream in(bytes);
    const std::string p = sl::h5::objectHeaderProblem(in, bytes.size(), 0, 0);
    if (!p.empty()) qInfo("%s", p.c_str());  // QCOMPARE does not print a std::string
    return p;
}

Attribute scalarStep() {
    Attribute a;
    a.type = int64Type();
    a.space = space1({});
    a.value = std::string(8, '\x07');
    return a;
}

// A version 1 object header at byte 0 with one symbol table message pointing at a local heap
// at byte 64 whose data segment claims `dataBytes` bytes at byte 96; the file has 160 bytes.
std::string groupFile(std::uint64_t dataBytes, const std::string& signature = "HEAP") {
    std::string b(160, '\0');
    putField(b, 0, 1, 1);
    putField(b, 2, 1, 2);
    putField(b, 4, 1, 4);
    putField(b, 8, 24, 4);       // the chunk: one 8-byte message header and 16 bytes
    putField(b, 16, 0x0011, 2);  // symbol table message
    putField(b, 18, 16, 2);
    putField(b, 24, 200, 8);  // the B-tree's address (not read here)
    putField(b, 32, 64, 8);   // the local heap's
    b.replace(64, 4, signature);
    putField(b, 72, dataBytes, 8);
    putField(b, 80, 0, 8);   // free list offset
    putField(b, 88, 96, 8);  // data segment address
    return b;
}

std::string groupProblem(const std::string& bytes) {
    std::istringstream in(bytes);
    return sl::h5::objectHeaderProblem(in, bytes.size(), 0, 0);
}

}  // namespace

class TestHdf5ObjectHeader : public QObject {
    Q_OBJECT

private slots:
    void aWellFormedAttributePasses() {
        QCOMPARE(attributeProblem(scalarStep()), std::string());
        Attribute vector = scalarStep();
        vector.space = space1({3});
        vector.value = std::string(24, '\x01');
        QCOMPARE(attributeProblem(vector), std::string());
        // The value is read by the caller: all of its attribute's header is still checked.
        std::istringstream in(header(vector));
        QCOMPARE(sl::h5::rawAttribute(in, header(vector).size(), 0, 0, "step").data.size(),
                 std::size_t{24});
    }

    // The first finding: a dimension of 1 turned into 1000 — 8000 bytes claimed, 8 stored.
    void valuesPastTheMessage() {
        Attribute a = scalarStep();
        a.space = space1({1000});
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message "
                             "whose 1000 value(s) of 8 bytes do not fit in the 8 "
                             "bytes it stores"));
        a.space = space1({1});
        a.value.clear();
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message "
                             "whose 1 value(s) of 8 bytes do not fit in the 0 bytes "
                             "it stores"));
    }

    // Dimensions whose product passes 2^64 would wrap to a small size.
    void elementCountOverflows() {
        Attribute a = scalarStep();
        a.space = space1({std::uint64_t{1} << 40, std::uint64_t{1} << 40});
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message: "
                             "its dataspace holds more than 2^64 elements"));
    }

    // The second finding: a field size larger than what is left of the message.
    void fieldSizesPastTheMessage() {
        Attribute a = scalarStep();
        a.spaceBytes = 200;
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message "
                             "cut short in its dataspace"));
        a = scalarStep();
        a.typeBytes = 300;
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message "
                             "cut short in its datatype"));
        a = scalarStep();
        a.space = space1({2, 2});
        a.spaceBytes = 16;  // two dimensions need 8 + 2 × 8 bytes
        a.value = std::string(32, '\0');
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message: "
                             "its dataspace of 2 dimensions is cut short"));
    }

    // A group's local heap is loaded whole, at the size it claims, on the first name lookup:
    // 4294836400 bytes for a fuzzed size (libFuzzer's malloc limit, under H5Lexists).
    void localHeapInsideTheFile() {
        QCOMPARE(groupProblem(groupFile(64)), std::string());
        QCOMPARE(groupProblem(groupFile(4294836400)),
                 std::string("its object header at byte 0 holds a symbol table whose local heap "
                             "at byte 64 claims 4294836400 bytes of names at byte 96, past the "
                             "end of the file (160 bytes)"));
        QCOMPARE(groupProblem(groupFile(65)),
                 std::string("its object header at byte 0 holds a symbol table whose local heap "
                             "at byte 64 claims 65 bytes of names at byte 96, past the end of the "
                             "file (160 bytes)"));
        QCOMPARE(groupProblem(groupFile(8, "HEAX")),
                 std::string("its object header at byte 0 holds a symbol table whose local heap "
                             "at byte 64 is not a local heap HDF5 writes"));
    }

    // Classes whose properties libhdf5 would decode unchecked (a compound type's members).
    void onlyNumbersAndStrings() {
        Attribute a = scalarStep();
        a.type[0] = 0x16;  // compound, version 1
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message: "
                             "its datatype has class 6, not an integer, number or "
                             "string"));
        a = scalarStep();
        a.type.resize(8);  // an integer without its 4 bytes of properties
        a.value = std::string(8, '\0');
        QCOMPARE(attributeProblem(a),
                 std::string("its object header at byte 0 holds an attribute message: "
                             "its datatype takes 8 bytes, fewer than the 12 its class "
                             "needs"));
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestHdf5ObjectHeader)
#include "test_hdf5_object_header.moc"
