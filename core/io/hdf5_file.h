#pragma once

// Internal to core/io: the HDF5 C API behind small RAII types. HDF5's headers are a private
// dependency of sparselab_core, so no public header includes this one.

#include <hdf5.h>

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sl::h5 {

// Debian's libhdf5 is built without thread safety: every use goes through this lock, so a
// window that saves on its worker and inspects on the GUI thread stays safe.
std::mutex& libraryMutex();

// Owns one identifier and closes it with the matching H5?close.
class Id {
public:
    using Closer = herr_t (*)(hid_t);
    Id() = default;
    Id(hid_t id, Closer close) : m_id(id), m_close(close) {}
    Id(Id&& other) noexcept : m_id(other.m_id), m_close(other.m_close) { other.m_id = -1; }
    Id& operator=(Id&& other) noexcept;
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    ~Id() { reset(); }

    hid_t get() const { return m_id; }
    bool valid() const { return m_id >= 0; }
    // Closes now; returns false when HDF5 reports a failure (e.g. the final flush of a file).
    bool reset();

private:
    hid_t m_id = -1;
    Closer m_close = nullptr;
};

// HDF5's own error report, innermost first cause, then clears the stack. HDF5 prints
// nothing by itself: its automatic printing is turned off the first time a file is opened.
std::string takeErrorMessage();

// HDF5 prints its error stack to stderr unless told not to; failures become exceptions.
void silenceErrors();
// Closes every object with the file, so an exception midway leaks no open file, and takes no
// file locks: a checkpoint is written by one process under a temporary name, and locks fail
// on some network file systems.
Id fileAccess();
Id stringType(std::size_t size, H5T_cset_t cset = H5T_CSET_UTF8);
std::string typeName(hid_t type);

// Element types as stored: little-endian, whatever the machine.
template <class T> struct Type;
template <> struct Type<float> {
    static hid_t file() { return H5T_IEEE_F32LE; }
    static hid_t memory() { return H5T_NATIVE_FLOAT; }
    static constexpr H5T_class_t kClass = H5T_FLOAT;
    static constexpr bool kSigned = true;
    static constexpr const char* kName = "float32";
};
template <> struct Type<double> {
    static hid_t file() { return H5T_IEEE_F64LE; }
    static hid_t memory() { return H5T_NATIVE_DOUBLE; }
    static constexpr H5T_class_t kClass = H5T_FLOAT;
    static constexpr bool kSigned = true;
    static constexpr const char* kName = "float64";
};
template <> struct Type<std::uint8_t> {
    static hid_t file() { return H5T_STD_U8LE; }
    static hid_t memory() { return H5T_NATIVE_UINT8; }
    static constexpr H5T_class_t kClass = H5T_INTEGER;
    static constexpr bool kSigned = false;
    static constexpr const char* kName = "uint8";
};
template <> struct Type<std::int32_t> {
    static hid_t file() { return H5T_STD_I32LE; }
    static hid_t memory() { return H5T_NATIVE_INT32; }
    static constexpr H5T_class_t kClass = H5T_INTEGER;
    static constexpr bool kSigned = true;
    static constexpr const char* kName = "int32";
};
template <> struct Type<std::int64_t> {
    static hid_t file() { return H5T_STD_I64LE; }
    static hid_t memory() { return H5T_NATIVE_INT64; }
    static constexpr H5T_class_t kClass = H5T_INTEGER;
    static constexpr bool kSigned = true;
    static constexpr const char* kName = "int64";
};
template <> struct Type<std::uint64_t> {
    static hid_t file() { return H5T_STD_U64LE; }
    static hid_t memory() { return H5T_NATIVE_UINT64; }
    static constexpr H5T_class_t kClass = H5T_INTEGER;
    static constexpr bool kSigned = false;
    static constexpr const char* kName = "uint64";
};

// Creates a new file (replacing one at the path) and writes groups, datasets and
// attributes into it. Failures throw CheckpointError naming `shownPath` and the object.
// The file is built in memory (HDF5's core driver, no backing store) and written out by
// close() with plain write() calls: a full disk is then one errno ("No space left on
// device") on our side, and HDF5 never holds a half-written file it would try to flush and
// close again at exit.
class FileWriter {
public:
    FileWriter(const std::string& path, const std::string& shownPath);
    void group(const std::string& object);
    // A dataset of the given shape; a 0 in dims makes an empty one.
    template <class T>
    void dataset(const std::string& object, const T* data, const std::vector<hsize_t>& dims);
    void text(const std::string& object, const std::string& value);  // scalar UTF-8 string
    void texts(const std::string& object, const std::vector<std::string>& values);  // 1-D
    void attribute(const std::string& object, const std::string& name, long long value);
    void attribute(const std::string& object, const std::string& name, double value);
    void attribute(const std::string& object, const std::string& name, const std::string& value);
    // Finishes the file in memory, then writes it to the path and fsyncs it. Throws
    // CheckpointError with the system's reason (e.g. "No space left on device") and removes
    // the partial file.
    void close();

private:
    [[noreturn]] void fail(const std::string& object, const std::string& what) const;
    Id m_file;
    std::string m_path;
    std::string m_shown;
};

// Opens a file read-only and reads it with checks: a missing object, a wrong type or shape
// throws CheckpointError as "<file>: <object>: <what was wrong>".
class FileReader {
public:
    explicit FileReader(const std::string& path);

    bool exists(const std::string& object) const;
    bool hasAttribute(const std::string& object, const std::string& name) const;
    std::vector<std::string> children(const std::string& group) const;
    std::vector<hsize_t> shape(const std::string& object) const;
    // Reads a whole dataset, which must have exactly T's type and the shape `dims`; `why`
    // says where the expected shape comes from, for the message.
    template <class T>
    std::vector<T> read(const std::string& object, const std::vector<hsize_t>& dims,
                        const std::string& why = "") const;
    // A 1-D dataset of any length.
    template <class T> std::vector<T> readVector(const std::string& object) const;
    std::string text(const std::string& object) const;
    std::vector<std::string> texts(const std::string& object, hsize_t count) const;
    long long intAttribute(const std::string& object, const std::string& name) const;
    double realAttribute(const std::string& object, const std::string& name) const;
    std::string textAttribute(const std::string& object, const std::string& name) const;

    [[noreturn]] void fail(const std::string& object, const std::string& what) const;
    const std::string& path() const { return m_path; }
    std::uint64_t fileSize() const { return m_fileSize; }

private:
    Id openDataset(const std::string& object) const;
    Id openAttribute(const std::string& object, const std::string& name) const;
    std::vector<hsize_t> datasetShape(const std::string& object, hid_t dataset) const;
    void checkType(const std::string& object, hid_t dataset, H5T_class_t cls, std::size_t size,
                   bool isSigned, const char* name) const;
    // Before allocating `count` elements: the file must really store them (a 370 KB file
    // can claim 2^40 elements in a dataset header).
    void checkStored(const std::string& object, hid_t dataset, hsize_t count,
                     std::size_t elementSize) const;
    // Before reading variable-length strings: libhdf5 allocates the length each one claims
    // before it looks in the heap, so a damaged length is refused here first.
    // It also follows each string's heap reference as libhdf5 would (hdf5_heap_check.h).
    void checkStringLengths(const std::string& object, hid_t dataset, hsize_t count) const;
    // The same for a variable-length string attribute, from its object's header.
    void checkStringAttribute(const std::string& object, const std::string& name) const;
    // libhdf5 converts variable-length strings through a buffer of length × character size,
    // both from the file: a fuzzed character size of 8808 bytes asked it for 8.8 GB.
    void checkCharacterSize(const std::string& object, const std::string& what, hid_t type) const;
    void checkHeapAddressing(const std::string& object) const;
    // Before libhdf5 loads an object's header (hdf5_object_header.h), once per header.
    void checkObjectHeader(const std::string& object) const;
    mutable std::set<std::uint64_t> m_checkedHeaders;
    Id m_file;
    std::string m_path;
    std::uint64_t m_fileSize = 0;
    std::uint64_t m_base = 0;  // the user block before the HDF5 data: addresses count from here
    std::size_t m_offsetBytes = 0;
    std::size_t m_lengthBytes = 0;
};

std::string shapeText(const std::vector<hsize_t>& dims);

// The longest string attribute read: SparseLab's are names ("adam", "sparselab-checkpoint");
// a longer one is damage, refused before libhdf5 allocates it.
constexpr std::size_t kMaxTextAttributeBytes = 4096;

}  // namespace sl::h5
