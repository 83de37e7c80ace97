#include "io/hdf5_file.h"

#include "util/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sl::h5 {

std::mutex& libraryMutex() {
    static std::mutex mutex;
    return mutex;
}

Id& Id::operator=(Id&& other) noexcept {
    if (this != &other) {
        reset();
        m_id = other.m_id;
        m_close = other.m_close;
        other.m_id = -1;
    }
    return *this;
}

bool Id::reset() {
    bool ok = true;
    if (m_id >= 0 && m_close) ok = m_close(m_id) >= 0;
    m_id = -1;
    return ok;
}

namespace {

herr_t keepInnermost(unsigned, const H5E_error2_t* error, void* data) {
    if (error->desc && *error->desc) *static_cast<std::string*>(data) = error->desc;
    return 0;
}

// Link creation that makes missing parent groups, so "/model/dense1/weight" needs no
// separate group calls.
Id intermediateGroups() {
    Id lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    return lcpl;
}

}  // namespace

void silenceErrors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Id fileAccess() {
    Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
    H5Pset_file_locking(fapl.get(), 0, 1);
    return fapl;
}

Id stringType(std::size_t size, H5T_cset_t cset) {
    Id type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), size);
    H5Tset_cset(type.get(), cset);
    return type;
}

std::string typeName(hid_t type) {
    const auto size = H5Tget_size(type);
    switch (H5Tget_class(type)) {
    case H5T_FLOAT: return "float" + std::to_string(8 * size);
    case H5T_INTEGER:
        return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(8 * size);
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    default: return "an HDF5 type of class " + std::to_string(H5Tget_class(type));
    }
}

std::string takeErrorMessage() {
    std::string message;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keepInnermost, &message);
    H5Eclear2(H5E_DEFAULT);
    return message.empty() ? "no detail from HDF5" : message;
}

std::string shapeText(const std::vector<hsize_t>& dims) {
    std::string s = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + (dims.size() == 1 ? ",)" : ")");
}

FileWriter::FileWriter(const std::string& path, const std::string& shownPath)
    : m_path(path), m_shown(shownPath) {
    silenceErrors();
    Id fapl = fileAccess();
    // Grows in 4 MiB steps; nothing touches the disk until close().
    H5Pset_fapl_core(fapl.get(), std::size_t{4} << 20, 0);
    m_file = Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose);
    if (!m_file.valid())
        throw CheckpointError(m_shown + ": cannot create " + path + " (" + takeErrorMessage() +
                              ")");
}

void FileWriter::fail(const std::string& object, const std::string& what) const {
    throw CheckpointError(m_shown + ": " + object + ": " + what + " (" + takeErrorMessage() + ")");
}

void FileWriter::group(const std::string& object) {
    Id lcpl = intermediateGroups();
    Id g(H5Gcreate2(m_file.get(), object.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.valid()) fail(object, "cannot create the group");
}

template <class T>
void FileWriter::dataset(const std::string& object, const T* data,
                         const std::vector<hsize_t>& dims) {
    Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Id lcpl = intermediateGroups();
    Id d(H5Dcreate2(m_file.get(), object.c_str(), Type<T>::file(), space.get(), lcpl.get(),
                    H5P_DEFAULT, H5P_DEFAULT),
         H5Dclose);
    if (!d.valid()) fail(object, "cannot create the dataset");
    hsize_t count = 1;
    for (hsize_t n : dims) count *= n;
    if (count > 0 && H5Dwrite(d.get(), Type<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        fail(object, "cannot write the dataset");
}

template void FileWriter::dataset(const std::string&, const float*, const std::vector<hsize_t>&);
template void FileWriter::dataset(const std::string&, const double*, const std::vector<hsize_t>&);
template void FileWriter::dataset(const std::string&, const std::uint8_t*,
                                  const std::vector<hsize_t>&);
template void FileWriter::dataset(const std::string&, const std::int32_t*,
                                  const std::vector<hsize_t>&);
template void FileWriter::dataset(const std::string&, const std::int64_t*,
                                  const std::vector<hsize_t>&);
template void FileWriter::dataset(const std::string&, const std::uint64_t*,
                                  const std::vector<hsize_t>&);

void FileWriter::text(const std::string& object, const std::string& value) {
    Id type = stringType(H5T_VARIABLE);
    Id space(H5Screate(H5S_SCALAR), H5Sclose);
    Id lcpl = intermediateGroups();
    Id d(H5Dcreate2(m_file.get(), object.c_str(), type.get(), space.get(), lcpl.get(), H5P_DEFAULT,
                    H5P_DEFAULT),
         H5Dclose);
    const char* p = value.c_str();
    if (!d.valid() || H5Dwrite(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p) < 0)
        fail(object, "cannot write the text");
}

void FileWriter::texts(const std::string& object, const std::vector<std::string>& values) {
    Id type = stringType(H5T_VARIABLE);
    const hsize_t n = values.size();
    Id space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Id lcpl = intermediateGroups();
    Id d(H5Dcreate2(m_file.get(), object.c_str(), type.get(), space.get(), lcpl.get(), H5P_DEFAULT,
                    H5P_DEFAULT),
         H5Dclose);
    std::vector<const char*> pointers;
    for (const auto& v : values) pointers.push_back(v.c_str());
    if (!d.valid() || (n > 0 && H5Dwrite(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                         pointers.data()) < 0))
        fail(object, "cannot write the texts");
}

namespace {

template <class Write>
bool writeAttribute(hid_t file, const std::string& object, const std::string& name, hid_t type,
                    Write write) {
    Id space(H5Screate(H5S_SCALAR), H5Sclose);
    Id a(H5Acreate_by_name(file, object.c_str(), name.c_str(), type, space.get(), H5P_DEFAULT,
                           H5P_DEFAULT, H5P_DEFAULT),
         H5Aclose);
    return a.valid() && write(a.get()) >= 0;
}

}  // namespace

void FileWriter::attribute(const std::string& object, const std::string& name, long long value) {
    const std::int64_t v = value;
    if (!writeAttribute(m_file.get(), object, name, H5T_STD_I64LE,
                        [&](hid_t a) { return H5Awrite(a, H5T_NATIVE_INT64, &v); }))
        fail(object, "cannot write attribute " + name);
}

void FileWriter::attribute(const std::string& object, const std::string& name, double value) {
    if (!writeAttribute(m_file.get(), object, name, H5T_IEEE_F64LE,
                        [&](hid_t a) { return H5Awrite(a, H5T_NATIVE_DOUBLE, &value); }))
        fail(object, "cannot write attribute " + name);
}

void FileWriter::attribute(const std::string& object, const std::string& name,
                           const std::string& value) {
    Id type = stringType(H5T_VARIABLE);
    const char* p = value.c_str();
    if (!writeAttribute(m_file.get(), object, name, type.get(),
                        [&](hid_t a) { return H5Awrite(a, type.get(), &p); }))
        fail(object, "cannot write attribute " + name);
}

namespace {

// Writes all of `bytes` to a new file at `path`, fsync'ed; "" or the reason it failed.
std::string writeWholeFile(const std::string& path, const std::vector<char>& bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return std::string("cannot create ") + path + " (" + std::strerror(errno) + ")";
    std::size_t done = 0;
    std::string problem;
    while (done < bytes.size() && problem.empty()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            problem = std::string(std::strerror(n < 0 ? errno : ENOSPC)) + " — writing " + path +
                      " stopped after " + std::to_string(done) + " of " +
                      std::to_string(bytes.size()) + " bytes";
        else done += static_cast<std::size_t>(n);
    }
    // Some file systems (NFS, quotas) report a full disk only at fsync or close.
    if (problem.empty() && ::fsync(fd) != 0)
        problem = std::string(std::strerror(errno)) + " — fsync of " + path + " failed";
    if (::close(fd) != 0 && problem.empty())
        problem = std::string(std::strerror(errno)) + " — closing " + path + " failed";
    if (!problem.empty()) std::remove(path.c_str());
    return problem;
}

}  // namespace

void FileWriter::close() {
    if (H5Fflush(m_file.get(), H5F_SCOPE_GLOBAL) < 0) fail("/", "cannot finish the file in memory");
    const ssize_t size = H5Fget_file_image(m_file.get(), nullptr, 0);
    if (size < 0) fail("/", "cannot finish the file in memory");
    std::vector<char> image(static_cast<std::size_t>(size));
    if (H5Fget_file_image(m_file.get(), image.data(), image.size()) != size)
        fail("/", "cannot copy the file out of memory");
    // Releasing a memory file cannot fail for a full disk; Id::reset forgets the id either way.
    m_file.reset();
    const std::string problem = writeWholeFile(m_path, image);
    if (!problem.empty()) throw CheckpointError(m_shown + ": " + problem);
}

}  // namespace sl::h5
