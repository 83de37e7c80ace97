#include "io/hdf5_file.h"

#include "io/hdf5_heap_check.h"
#include "io/hdf5_object_header.h"
#include "io/hdf5_superblock.h"
#include "io/regular_file.h"
#include "util/error.h"
#include "util/input_limits.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sl::h5 {
namespace {

// Reads `count` strings, variable-length (as SparseLab and h5py write them) or fixed-length.
std::vector<std::string> readStrings(hid_t dataset, hid_t fileType, hsize_t count) {
    std::vector<std::string> out;
    if (count == 0) return out;
    if (H5Tis_variable_str(fileType) > 0) {
        Id type = stringType(H5T_VARIABLE, H5Tget_cset(fileType));
        std::vector<char*> raw(count, nullptr);
        if (H5Dread(dataset, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) return {};
        for (char* p : raw) {
            out.emplace_back(p ? p : "");
            H5free_memory(p);
        }
    } else {
        const std::size_t size = H5Tget_size(fileType);
        Id type = stringType(size, H5Tget_cset(fileType));
        // Padded with NULs, not NUL-terminated: a string filling its size keeps its last byte.
        H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
        std::vector<char> raw(size * count);
        if (H5Dread(dataset, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) return {};
        for (hsize_t i = 0; i < count; ++i) {
            const char* p = raw.data() + i * size;
            out.emplace_back(p, strnlen(p, size));
        }
    }
    return out;
}

herr_t collectName(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

bool startsAsText(const std::string& bytes) {
    if (bytes.empty()) return false;
    for (unsigned char c : bytes)
        if (c < 0x09 || (c > 0x0d && c < 0x20)) return false;
    return true;
}

std::string notHdf5Message(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(64, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.empty()) return path + ": the file is empty (0 bytes) — not a checkpoint";
    std::string message = path + ": not an HDF5 file (no HDF5 signature at its start)";
    if (startsAsText(head)) {
        std::string shown = head.substr(0, head.find_first_of("\r\n"));
        if (shown.size() > 32) shown = shown.substr(0, 32) + "...";
        message += "; it looks like text, starting \"" + shown + "\"";
    }
    return message + " — not a SparseLab checkpoint";
}

}  // namespace

FileReader::FileReader(const std::string& path) : m_path(path) {
    silenceErrors();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw CheckpointError(path + ": is a folder, not a checkpoint file");
    // A FIFO or a device would block the probe below (or HDF5) forever.
    if (const std::string problem = notARegularFile(path);
        !problem.empty() && problem != "does not exist")
        throw CheckpointError(path + ": " + problem + " — expected a checkpoint file");
    m_fileSize = std::filesystem::file_size(path, ec);
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
            throw CheckpointError(path + ": cannot open the file (" + std::strerror(errno) + ")");
    }
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw CheckpointError(notHdf5Message(path));
    }
    {
        // H5Fopen itself loads the root group's header: check what it will load first.
        std::ifstream raw(path, std::ios::binary);
        if (const std::string problem = openingProblem(raw, m_fileSize); !problem.empty())
            throw CheckpointError(path + ": " + problem);
    }
    Id fapl = fileAccess();
    m_file = Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    if (m_file.valid()) {
        Id fcpl(H5Fget_create_plist(m_file.get()), H5Pclose);
        hsize_t userblock = 0;
        if (fcpl.valid()) {
            H5Pget_sizes(fcpl.get(), &m_offsetBytes, &m_lengthBytes);
            H5Pget_userblock(fcpl.get(), &userblock);
        }
        m_base = userblock;
        // Opening reads the superblock and refuses a truncated file, but no global heap; the
        // first string read would follow a damaged one into an endless loop: check it now.
        std::ifstream raw(path, std::ios::binary);
        if (const std::string problem = globalHeapProblem(raw, m_fileSize); !problem.empty())
            throw CheckpointError(path + ": " + problem + " — the file is damaged");
        return;
    }
    const std::string detail = takeErrorMessage();
    unsigned long long eof = 0, base = 0, stored = 0;
    const auto at = detail.find("truncated file");
    if (at != std::string::npos &&
        std::sscanf(detail.c_str() + at,
                    "truncated file: eof = %llu, sblock->base_addr = %llu, stored_eof = %llu", &eof,
                    &base, &stored) == 3)
        throw CheckpointError(path + ": the file is truncated: it has " + std::to_string(eof) +
                              " bytes, its HDF5 superblock says " + std::to_string(stored) +
                              " (an interrupted copy or download?)");
    throw CheckpointError(path + ": HDF5 cannot open the file — it is damaged or truncated (" +
                          detail + ")");
}

void FileReader::fail(const std::string& object, const std::string& what) const {
    throw CheckpointError(m_path + ": " + object + ": " + what);
}

bool FileReader::exists(const std::string& object) const {
    // H5Lexists fails rather than answers when a parent group is missing: test each prefix.
    for (std::size_t slash = object.find('/', 1);; slash = object.find('/', slash + 1)) {
        const std::string prefix = object.substr(0, slash);
        if (prefix.empty() || prefix == "/") return true;
        if (H5Lexists(m_file.get(), prefix.c_str(), H5P_DEFAULT) <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return false;
        }
        checkObjectHeader(prefix);
        if (slash == std::string::npos) return true;
    }
}

void FileReader::checkObjectHeader(const std::string& object) const {
    H5L_info_t link{};
    if (H5Lget_info(m_file.get(), object.c_str(), &link, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return;  // libhdf5 reports it itself when the object is opened
    }
    if (link.type != H5L_TYPE_HARD || !m_checkedHeaders.insert(link.u.address).second) return;
    std::ifstream raw(m_path, std::ios::binary);
    if (const std::string problem = objectHeaderProblem(raw, m_fileSize, link.u.address, m_base);
        !problem.empty())
        fail(object, problem + " — the file is damaged");
}

bool FileReader::hasAttribute(const std::string& object, const std::string& name) const {
    if (!exists(object)) return false;
    const htri_t has = H5Aexists_by_name(m_file.get(), object.c_str(), name.c_str(), H5P_DEFAULT);
    H5Eclear2(H5E_DEFAULT);
    return has > 0;
}

std::vector<std::string> FileReader::children(const std::string& group) const {
    std::vector<std::string> names;
    if (!exists(group)) return names;
    Id g(H5Gopen2(m_file.get(), group.c_str(), H5P_DEFAULT), H5Gclose);
    if (!g.valid()) fail(group, "is not a group (" + takeErrorMessage() + ")");
    if (H5Literate(g.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collectName, &names) < 0)
        fail(group, "cannot list its members (" + takeErrorMessage() + ")");
    return names;
}

Id FileReader::openDataset(const std::string& object) const {
    if (!exists(object)) fail(object, "missing (the file is damaged or not a complete checkpoint)");
    Id d(H5Dopen2(m_file.get(), object.c_str(), H5P_DEFAULT), H5Dclose);
    if (!d.valid()) fail(object, "is not a dataset (" + takeErrorMessage() + ")");
    return d;
}

std::vector<hsize_t> FileReader::datasetShape(const std::string& object, hid_t dataset) const {
    Id space(H5Dget_space(dataset), H5Sclose);
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0) fail(object, "has no readable shape (" + takeErrorMessage() + ")");
    if (H5Sget_simple_extent_type(space.get()) == H5S_NULL)
        fail(object, "holds no data (an HDF5 null dataspace)");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
}

std::vector<hsize_t> FileReader::shape(const std::string& object) const {
    Id d = openDataset(object);
    return datasetShape(object, d.get());
}

void FileReader::checkType(const std::string& object, hid_t dataset, H5T_class_t cls,
                           std::size_t size, bool isSigned, const char* name) const {
    Id type(H5Dget_type(dataset), H5Tclose);
    const bool sameSign =
        cls != H5T_INTEGER || (H5Tget_sign(type.get()) != H5T_SGN_NONE) == isSigned;
    if (H5Tget_class(type.get()) != cls || H5Tget_size(type.get()) != size || !sameSign)
        fail(object, "holds " + typeName(type.get()) + " — expected " + name);
}

void FileReader::checkStored(const std::string& object, hid_t dataset, hsize_t count,
                             std::size_t elementSize) const {
    const auto bytes = checkedMul(static_cast<std::int64_t>(std::min<hsize_t>(count, INT64_MAX)),
                                  static_cast<std::int64_t>(elementSize));
    const std::uint64_t stored = H5Dget_storage_size(dataset);
    Id dcpl(H5Dget_create_plist(dataset), H5Pclose);
    const bool filtered = dcpl.valid() && H5Pget_nfilters(dcpl.get()) > 0;
    // deflate, the only compressing filter HDF5 ships, expands at most ~1032 times.
    const std::uint64_t limit = filtered ? stored * 1032 + 4096 : stored;
    if (stored > m_fileSize)
        fail(object, "its storage is " + std::to_string(stored) +
                         " bytes, more than the whole "
                         "file (" +
                         std::to_string(m_fileSize) + " bytes) — the file is damaged");
    if (!bytes || static_cast<std::uint64_t>(*bytes) > limit)
        fail(object, "claims " + std::to_string(count) + " values (" +
                         (bytes ? std::to_string(*bytes) : std::string("over 2^63")) +
                         " bytes) but the file stores " + std::to_string(stored) +
                         " bytes for it — the file is damaged");
}

void FileReader::checkCharacterSize(const std::string& object, const std::string& what,
                                    hid_t type) const {
    Id character(H5Tget_super(type), H5Tclose);
    const std::size_t size = character.valid() ? H5Tget_size(character.get()) : 0;
    H5Eclear2(H5E_DEFAULT);
    if (size == 1) return;
    // Appended piece by piece: GCC 12 sees a false 2^63-byte copy in a chain of operator+
    // here (bug 105651, cmake/warnings.cmake).
    std::string message = what;
    message.append(" holds variable-length strings of ").append(std::to_string(size));
    message.append("-byte characters — expected 1-byte characters; the file is damaged");
    fail(object, message);
}

void FileReader::checkStringLengths(const std::string& object, hid_t dataset, hsize_t count) const {
    // The raw data of a contiguous dataset holds one heap reference per string; SparseLab and
    // h5py write no other layout for strings, and only there can the references be read
    // without libhdf5 following them.
    Id dcpl(H5Dget_create_plist(dataset), H5Pclose);
    const H5D_layout_t layout = dcpl.valid() ? H5Pget_layout(dcpl.get()) : H5D_LAYOUT_ERROR;
    if (layout != H5D_CONTIGUOUS || H5Pget_external_count(dcpl.get()) != 0)
        fail(object, std::string("stores its strings ") +
                         (layout == H5D_COMPACT   ? "in its header (compact layout)"
                          : layout == H5D_CHUNKED ? "in chunks"
                                                  : "outside the usual contiguous layout") +
                         " — SparseLab reads variable-length strings only from contiguous storage");
    checkHeapAddressing(object);
    const haddr_t offset = H5Dget_offset(dataset);
    H5Eclear2(H5E_DEFAULT);
    if (offset == HADDR_UNDEF) {
        // Never written: every string is the fill value, null unless the file defines one.
        H5D_fill_value_t fill = H5D_FILL_VALUE_ERROR;
        if (H5Pfill_value_defined(dcpl.get(), &fill) < 0 || fill == H5D_FILL_VALUE_USER_DEFINED)
            fail(object, "holds no stored strings but a fill value SparseLab cannot check");
        return;
    }
    const std::uint64_t bytes = kHeapReferenceBytes * count;
    if (count > m_fileSize / kHeapReferenceBytes || offset > m_fileSize - bytes)
        fail(object, "its " + std::to_string(count) + " strings' references (" +
                         std::to_string(kHeapReferenceBytes) + " bytes each) at byte " +
                         std::to_string(offset) + " run past the end of the file (" +
                         std::to_string(m_fileSize) + " bytes) — the file is damaged");
    std::ifstream raw(m_path, std::ios::binary);
    raw.seekg(static_cast<std::streamoff>(offset));
    std::vector<unsigned char> ids(static_cast<std::size_t>(bytes));
    raw.read(reinterpret_cast<char*>(ids.data()), static_cast<std::streamsize>(ids.size()));
    if (!raw) fail(object, "its strings' references cannot be read from the file");
    for (hsize_t i = 0; i < count; ++i) {
        const HeapReference ref = heapReference(ids.data() + kHeapReferenceBytes * i);
        if (const std::string problem = heapReferenceProblem(raw, m_fileSize, ref, m_base);
            !problem.empty())
            fail(object, "string " + std::to_string(i) + " " + problem + " — the file is damaged");
    }
}

void FileReader::checkHeapAddressing(const std::string& object) const {
    if (m_offsetBytes != 8 || m_lengthBytes != 8)
        fail(object, "the file uses " + std::to_string(m_offsetBytes) + "-byte addresses and " +
                         std::to_string(m_lengthBytes) +
                         "-byte lengths; SparseLab reads "
                         "variable-length strings only with the usual 8 and 8");
}

template <class T>
std::vector<T> FileReader::read(const std::string& object, const std::vector<hsize_t>& dims,
                                const std::string& why) const {
    Id d = openDataset(object);
    checkType(object, d.get(), Type<T>::kClass, sizeof(T), Type<T>::kSigned, Type<T>::kName);
    const auto actual = datasetShape(object, d.get());
    if (actual != dims)
        fail(object, "shape " + shapeText(actual) + " — expected " + shapeText(dims) +
                         (why.empty() ? "" : " " + why));
    hsize_t count = 1;
    for (hsize_t n : dims) {
        const auto c = checkedMul(static_cast<std::int64_t>(count),
                                  static_cast<std::int64_t>(std::min<hsize_t>(n, INT64_MAX)));
        if (!c) fail(object, "shape " + shapeText(dims) + " holds more values than can be counted");
        count = static_cast<hsize_t>(*c);
    }
    if (count > 0) checkStored(object, d.get(), count, sizeof(T));
    std::vector<T> out(count);
    if (count > 0 &&
        H5Dread(d.get(), Type<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
        fail(object, "cannot be read (" + takeErrorMessage() + ")");
    return out;
}

template <class T> std::vector<T> FileReader::readVector(const std::string& object) const {
    const auto dims = shape(object);
    if (dims.size() != 1) fail(object, "shape " + shapeText(dims) + " — expected a 1-D list");
    return read<T>(object, dims);
}

template std::vector<float> FileReader::read(const std::string&, const std::vector<hsize_t>&,
                                             const std::string&) const;
template std::vector<double> FileReader::read(const std::string&, const std::vector<hsize_t>&,
                                              const std::string&) const;
template std::vector<std::uint8_t> FileReader::read(const std::string&, const std::vector<hsize_t>&,
                                                    const std::string&) const;
template std::vector<std::int32_t> FileReader::read(const std::string&, const std::vector<hsize_t>&,
                                                    const std::string&) const;
template std::vector<std::int64_t> FileReader::read(const std::string&, const std::vector<hsize_t>&,
                                                    const std::string&) const;
template std::vector<std::uint64_t>
FileReader::read(const std::string&, const std::vector<hsize_t>&, const std::string&) const;
template std::vector<float> FileReader::readVector(const std::string&) const;
template std::vector<double> FileReader::readVector(const std::string&) const;
template std::vector<std::int32_t> FileReader::readVector(const std::string&) const;
template std::vector<std::int64_t> FileReader::readVector(const std::string&) const;

std::string FileReader::text(const std::string& object) const {
    Id d = openDataset(object);
    Id type(H5Dget_type(d.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING)
        fail(object, "holds " + typeName(type.get()) + " — expected a string");
    if (!datasetShape(object, d.get()).empty()) fail(object, "expected a single string");
    if (H5Tis_variable_str(type.get()) <= 0)
        checkStored(object, d.get(), 1, H5Tget_size(type.get()));
    else {
        checkCharacterSize(object, "it", type.get());
        checkStringLengths(object, d.get(), 1);
    }
    auto strings = readStrings(d.get(), type.get(), 1);
    if (strings.size() != 1) fail(object, "cannot be read (" + takeErrorMessage() + ")");
    return strings.front();
}

std::vector<std::string> FileReader::texts(const std::string& object, hsize_t count) const {
    Id d = openDataset(object);
    Id type(H5Dget_type(d.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING)
        fail(object, "holds " + typeName(type.get()) + " — expected strings");
    const auto dims = datasetShape(object, d.get());
    if (dims != std::vector<hsize_t>{count})
        fail(object, "shape " + shapeText(dims) + " — expected " + shapeText({count}));
    if (count > 0 && H5Tis_variable_str(type.get()) <= 0)
        checkStored(object, d.get(), count, H5Tget_size(type.get()));
    else if (count > 0) {
        checkCharacterSize(object, "it", type.get());
        checkStringLengths(object, d.get(), count);
    }
    auto strings = readStrings(d.get(), type.get(), count);
    if (strings.size() != count) fail(object, "cannot be read (" + takeErrorMessage() + ")");
    return strings;
}

Id FileReader::openAttribute(const std::string& object, const std::string& name) const {
    if (!hasAttribute(object, name))
        fail(object, "attribute '" + name +
                         "' is missing (the file is damaged or not a "
                         "complete checkpoint)");
    Id a(H5Aopen_by_name(m_file.get(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
         H5Aclose);
    if (!a.valid()) fail(object, "attribute '" + name + "' cannot be opened");
    // Reading an array attribute into one value would write past it: a crash, not a message.
    Id space(H5Aget_space(a.get()), H5Sclose);
    const hssize_t points = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
    if (points != 1) {
        std::vector<hsize_t> dims;
        if (space.valid() && H5Sget_simple_extent_type(space.get()) == H5S_SIMPLE) {
            dims.resize(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
            H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
        }
        fail(object,
             "attribute '" + name + "' holds " +
                 (points < 0 ? std::string("an unreadable number of") : std::to_string(points)) +
                 " values" + (dims.empty() ? "" : " (shape " + shapeText(dims) + ")") +
                 " — expected a single value");
    }
    return a;
}

long long FileReader::intAttribute(const std::string& object, const std::string& name) const {
    Id a = openAttribute(object, name);
    Id type(H5Aget_type(a.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_INTEGER)
        fail(object,
             "attribute '" + name + "' holds " + typeName(type.get()) + " — expected an integer");
    std::int64_t v = 0;
    if (H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0)
        fail(object, "attribute '" + name + "' cannot be read (" + takeErrorMessage() + ")");
    return v;
}

double FileReader::realAttribute(const std::string& object, const std::string& name) const {
    Id a = openAttribute(object, name);
    Id type(H5Aget_type(a.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_FLOAT)
        fail(object,
             "attribute '" + name + "' holds " + typeName(type.get()) + " — expected a number");
    double v = 0;
    if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) < 0)
        fail(object, "attribute '" + name + "' cannot be read (" + takeErrorMessage() + ")");
    return v;
}

void FileReader::checkStringAttribute(const std::string& object, const std::string& name) const {
    checkHeapAddressing(object);
    H5O_info_t info{};
    if (H5Oget_info_by_name2(m_file.get(), object.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
        fail(object, "cannot be inspected (" + takeErrorMessage() + ")");
    std::ifstream raw(m_path, std::ios::binary);
    const RawAttribute stored = rawAttribute(raw, m_fileSize, info.addr, m_base, name);
    if (!stored.problem.empty())
        fail(object,
             "attribute '" + name + "' cannot be checked before reading: " + stored.problem);
    if (stored.data.size() < kHeapReferenceBytes)
        fail(object, "attribute '" + name + "' stores " + std::to_string(stored.data.size()) +
                         " bytes, fewer than the " + std::to_string(kHeapReferenceBytes) +
                         " of a variable-length string — the file is damaged");
    const HeapReference ref = heapReference(stored.data.data());
    if (ref.length > kMaxTextAttributeBytes)
        fail(object, "attribute '" + name + "' is a " + std::to_string(ref.length) +
                         "-byte string — expected at most " +
                         std::to_string(kMaxTextAttributeBytes));
    if (const std::string problem = heapReferenceProblem(raw, m_fileSize, ref, m_base);
        !problem.empty())
        fail(object, "attribute '" + name + "' " + problem + " — the file is damaged");
}

std::string FileReader::textAttribute(const std::string& object, const std::string& name) const {
    Id a = openAttribute(object, name);
    Id type(H5Aget_type(a.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING)
        fail(object,
             "attribute '" + name + "' holds " + typeName(type.get()) + " — expected a string");
    std::string value;
    if (H5Tis_variable_str(type.get()) > 0) {
        checkCharacterSize(object, "attribute '" + name + "'", type.get());
        checkStringAttribute(object, name);
        Id memory = stringType(H5T_VARIABLE, H5Tget_cset(type.get()));
        char* p = nullptr;
        if (H5Aread(a.get(), memory.get(), &p) < 0)
            fail(object, "attribute '" + name + "' cannot be read (" + takeErrorMessage() + ")");
        value = p ? p : "";
        H5free_memory(p);
    } else {
        const std::size_t size = H5Tget_size(type.get());
        if (size > kMaxTextAttributeBytes)
            fail(object, "attribute '" + name + "' is a " + std::to_string(size) +
                             "-byte string — expected at most " +
                             std::to_string(kMaxTextAttributeBytes));
        if (size == 0 || H5Aget_storage_size(a.get()) < size)
            fail(object, "attribute '" + name + "' claims a " + std::to_string(size) +
                             "-byte string but stores " +
                             std::to_string(H5Aget_storage_size(a.get())) + " bytes");
        Id memory = stringType(size, H5Tget_cset(type.get()));
        H5Tset_strpad(memory.get(), H5T_STR_NULLPAD);  // as in readStrings
        std::vector<char> raw(size);
        if (H5Aread(a.get(), memory.get(), raw.data()) < 0)
            fail(object, "attribute '" + name + "' cannot be read (" + takeErrorMessage() + ")");
        value.assign(raw.data(), strnlen(raw.data(), size));
    }
    return value;
}

}  // namespace sl::h5
