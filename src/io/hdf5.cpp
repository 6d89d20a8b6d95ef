#include "beliefsim/io/hdf5.hpp"

#include <array>
#include <cstdio>
#include <numeric>
#include <type_traits>
#include <utility>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "hdf5_detail.hpp"

namespace beliefsim::io {
namespace {

using namespace detail;

// Library code never prints: HDF5's default handler dumps its error stack to stderr, and every
// failure is reported through an exception instead.
// Also: no HDF5 clean-up at exit. A file whose close failed (a full disk) stays open inside the
// library, and its exit-time clean-up then flushed it again and crashed (SIGSEGV in H5D_close).
// Every file is closed explicitly (RAII), so the clean-up has nothing else to do.
void silence_error_stack() {
    static const bool silenced = [] {
        H5dont_atexit();
        return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
    }();
    (void)silenced;
}

// Memory type of each element type; the file type is its fixed little-endian counterpart, so files
// read the same on any host.
hid_t memory_type(ScalarType t) {
    switch (t) {
    case ScalarType::float64:
        return H5T_NATIVE_DOUBLE;
    case ScalarType::int32:
        return H5T_NATIVE_INT32;
    case ScalarType::int64:
        return H5T_NATIVE_INT64;
    case ScalarType::uint64:
        return H5T_NATIVE_UINT64;
    }
    fail("unknown scalar type");
}

hid_t file_type(ScalarType t) {
    switch (t) {
    case ScalarType::float64:
        return H5T_IEEE_F64LE;
    case ScalarType::int32:
        return H5T_STD_I32LE;
    case ScalarType::int64:
        return H5T_STD_I64LE;
    case ScalarType::uint64:
        return H5T_STD_U64LE;
    }
    fail("unknown scalar type");
}

Temp dataspace(std::span<const std::size_t> shape) {
    if (shape.empty()) return {H5Screate(H5S_SCALAR), H5Sclose, "scalar dataspace"};
    std::vector<hsize_t> dims(shape.begin(), shape.end());
    return {H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "dataspace"};
}

// Link creation list that creates missing parent groups, so writers can take "a/b/c" paths.
Temp intermediate_groups() {
    Temp plist(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "link creation property list");
    check_status(H5Pset_create_intermediate_group(plist.get(), 1), "intermediate group creation");
    return plist;
}

// Creates attribute `name`, replacing one of the same name.
Temp create_attribute(const Object& obj, const std::string& name, hid_t type, hid_t space) {
    if (H5Aexists(obj.id(), name.c_str()) > 0)
        check_status(H5Adelete(obj.id(), name.c_str()), "replace attribute '" + name + "'");
    return {H5Acreate2(obj.id(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
            "create attribute '" + name + "'"};
}

} // namespace

Object::Object(Object&& other) noexcept : id_(std::exchange(other.id_, -1)) {}

Object& Object::operator=(Object&& other) noexcept {
    if (this != &other) {
        Object dying(std::exchange(id_, std::exchange(other.id_, -1)));
    }
    return *this;
}

Object::~Object() {
    // Errors are unreportable here; an id already closed by a strong file close is expected.
    if (id_ >= 0 && H5Iis_valid(id_) > 0) {
        if (H5Iget_type(id_) == H5I_FILE)
            H5Fclose(id_);
        else
            H5Oclose(id_);
    }
}

void Object::close_checked() {
    const hid_t id = std::exchange(id_, -1);
    if (id < 0) return;
    check_status(H5Iget_type(id) == H5I_FILE ? H5Fclose(id) : H5Oclose(id),
                 "closing the file failed: its data could not be written (a full disk or an I/O error)");
}

File File::create(const std::filesystem::path& path) {
    silence_error_stack();
    // Strong close: H5Fclose closes every object still open, so a completed close means the file
    // on disk is complete before the caller renames it.
    Temp fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access property list");
    check_status(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "strong close degree");
    return File(check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                         "cannot create '" + path.string() + "'"));
}

File File::open_read(const std::filesystem::path& path) {
    silence_error_stack();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw ConfigError(path.string(), "no such file");
    if (H5Fis_hdf5(path.c_str()) <= 0) throw ConfigError(path.string(), "not an HDF5 file");
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw ConfigError(path.string(), "cannot open the HDF5 file for reading");
    return File(id);
}

std::string hdf5_library_version() {
    unsigned major = 0, minor = 0, release = 0;
    check_status(H5get_libversion(&major, &minor, &release), "library version");
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

Group create_group(const Object& parent, const std::string& path) {
    Temp lcpl = intermediate_groups();
    return Group(check_id(H5Gcreate2(parent.id(), path.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                          "create group '" + path + "'"));
}

Group open_group(const Object& parent, const std::string& path) {
    return Group(check_id(H5Gopen2(parent.id(), path.c_str(), H5P_DEFAULT), "open group '" + path + "'"));
}

Dataset open_dataset(const Object& parent, const std::string& path) {
    return Dataset(check_id(H5Dopen2(parent.id(), path.c_str(), H5P_DEFAULT), "open dataset '" + path + "'"));
}

bool exists(const Object& parent, const std::string& path) {
    // H5Lexists fails rather than answering "no" when an intermediate link is missing: walk the path.
    std::string prefix = path.starts_with('/') ? "/" : "";
    std::size_t begin = prefix.size();
    while (begin < path.size()) {
        const std::size_t end = std::min(path.find('/', begin), path.size());
        prefix += path.substr(begin, end - begin);
        if (H5Lexists(parent.id(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        prefix += '/';
        begin = end + 1;
    }
    return true;
}

Dataset create_dataset(const Object& parent, const std::string& path, ScalarType type,
                       std::span<const std::size_t> shape, const void* data, const Meta& meta) {
    Temp space = dataspace(shape);
    Temp lcpl = intermediate_groups();
    Dataset ds(check_id(
        H5Dcreate2(parent.id(), path.c_str(), file_type(type), space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
        "create dataset '" + path + "'"));
    // HDF5 rejects a null buffer even for zero elements; an empty dataset needs no write.
    if (element_count(space.get()) > 0)
        check_status(H5Dwrite(ds.id(), memory_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                     "write dataset '" + path + "'");
    write_attribute(ds, "description", meta.description);
    if (!meta.units.empty()) write_attribute(ds, "units", meta.units);
    return ds;
}

Dataset write_index(const Object& parent, const std::string& path, std::size_t count, const Meta& meta) {
    std::vector<std::int32_t> index(count);
    std::iota(index.begin(), index.end(), 0);
    return write_dataset(parent, path, index, meta);
}

Dataset write_string(const Object& parent, const std::string& path, std::string_view text, const Meta& meta) {
    Temp type = utf8_string_type();
    Temp space = dataspace({});
    Temp lcpl = intermediate_groups();
    Dataset ds(
        check_id(H5Dcreate2(parent.id(), path.c_str(), type.get(), space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                 "create dataset '" + path + "'"));
    const std::string owned(text);
    const char* c_text = owned.c_str();
    check_status(H5Dwrite(ds.id(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &c_text), "write dataset '" + path + "'");
    write_attribute(ds, "description", meta.description);
    if (!meta.units.empty()) write_attribute(ds, "units", meta.units);
    return ds;
}

Dataset write_strings(const Object& parent, const std::string& path, const std::vector<std::string>& texts,
                      const Meta& meta) {
    Temp type = utf8_string_type();
    const std::array<std::size_t, 1> dims{texts.size()};
    Temp space = dataspace(dims);
    Temp lcpl = intermediate_groups();
    Dataset ds(
        check_id(H5Dcreate2(parent.id(), path.c_str(), type.get(), space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                 "create dataset '" + path + "'"));
    std::vector<const char*> c_texts;
    for (const auto& t : texts) c_texts.push_back(t.c_str());
    check_status(H5Dwrite(ds.id(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, c_texts.data()),
                 "write dataset '" + path + "'");
    write_attribute(ds, "description", meta.description);
    if (!meta.units.empty()) write_attribute(ds, "units", meta.units);
    return ds;
}

void write_attribute(const Object& obj, const std::string& name, std::string_view value) {
    Temp type = utf8_string_type();
    Temp space = dataspace({});
    Temp attr = create_attribute(obj, name, type.get(), space.get());
    const std::string owned(value);
    const char* c_text = owned.c_str();
    check_status(H5Awrite(attr.get(), type.get(), &c_text), "write attribute '" + name + "'");
}

void write_attribute(const Object& obj, const std::string& name, ScalarType type, const void* value, std::size_t count,
                     bool scalar) {
    const std::size_t dims[1] = {count};
    Temp space = scalar ? dataspace({}) : dataspace(dims);
    Temp attr = create_attribute(obj, name, file_type(type), space.get());
    if (count > 0) check_status(H5Awrite(attr.get(), memory_type(type), value), "write attribute '" + name + "'");
}

void attach_scale(const Dataset& scale, const std::string& name, std::span<const Dataset* const> datasets,
                  unsigned dim) {
    check_status(H5DSset_scale(scale.id(), name.c_str()), "make '" + name + "' a dimension scale");
    for (const Dataset* ds : datasets)
        check_status(H5DSattach_scale(ds->id(), scale.id(), dim), "attach dimension scale '" + name + "'");
}

int scale_count(const Dataset& ds, unsigned dim) {
    const int n = H5DSget_num_scales(ds.id(), dim);
    return n < 0 ? 0 : n;
}

namespace {

// One dimension scale attached to one axis, by paths relative to the root of a copied tree.
struct Attachment {
    std::string dataset, scale;
    unsigned dim = 0;
};

// Path of `id` relative to `root` ("/" or "/a/b"). Throws: Error when it lies outside.
std::string relative_path(hid_t id, const std::string& root) {
    const ssize_t size = H5Iget_name(id, nullptr, 0);
    if (size <= 0) fail("object name");
    std::string name(static_cast<std::size_t>(size) + 1, '\0');
    (void)H5Iget_name(id, name.data(), name.size());
    name.resize(static_cast<std::size_t>(size));
    const std::string prefix = root == "/" ? "" : root;
    if (!name.starts_with(prefix + "/")) fail("dimension scale '" + name + "' lies outside the copied '" + root + "'");
    return name.substr(prefix.size() + 1);
}

// Every scale attachment of the datasets under `root` (a group path) of `source`.
std::vector<Attachment> attachments(const Object& source, const std::string& root) {
    struct Walk {
        hid_t root_id;
        std::string root;
        std::vector<Attachment> found;
        std::string error; ///< what stopped the walk
    };
    Temp group(H5Oopen(source.id(), root.c_str(), H5P_DEFAULT), H5Oclose, "open '" + root + "'");
    Walk walk{group.get(), root, {}, {}};
    // A C callback: every handle is owned (closed on any exit) and no exception crosses HDF5.
    const auto visit = [](hid_t parent, const char* name, const H5L_info_t*, void* data) noexcept -> herr_t {
        auto& w = *static_cast<Walk*>(data);
        try {
            const Temp obj(H5Oopen(parent, name, H5P_DEFAULT), H5Oclose, "open object");
            if (H5Iget_type(obj.get()) != H5I_DATASET) return 0;
            const Temp space(H5Dget_space(obj.get()), H5Sclose, "dataset dataspace");
            const int rank = H5Sget_simple_extent_ndims(space.get());
            for (int dim = 0; dim < rank; ++dim) {
                if (H5DSget_num_scales(obj.get(), static_cast<unsigned>(dim)) <= 0) continue;
                struct Found {
                    Walk* walk;
                    std::string dataset;
                    unsigned dim;
                } found{&w, relative_path(obj.get(), w.root), static_cast<unsigned>(dim)};
                const auto each = [](hid_t, unsigned, hid_t scale, void* f) noexcept -> herr_t {
                    auto& fd = *static_cast<Found*>(f);
                    try {
                        fd.walk->found.push_back({fd.dataset, relative_path(scale, fd.walk->root), fd.dim});
                        return 0;
                    } catch (const std::exception& e) {
                        fd.walk->error = e.what();
                        return -1;
                    }
                };
                if (H5DSiterate_scales(obj.get(), static_cast<unsigned>(dim), nullptr, each, &found) < 0) return -1;
            }
            return 0;
        } catch (const std::exception& e) {
            w.error = e.what();
            return -1;
        }
    };
    if (H5Lvisit(walk.root_id, H5_INDEX_NAME, H5_ITER_INC, visit, &walk) < 0)
        throw Error(walk.error.empty() ? "HDF5: list the dimension scales under '" + root + "'" : walk.error);
    return walk.found;
}

void delete_attribute_if_present(hid_t obj, const char* name) {
    if (H5Aexists(obj, name) > 0) check_status(H5Adelete(obj, name), std::string("delete attribute ") + name);
}

} // namespace

void copy_object(const Object& source, const std::string& source_path, const Object& target,
                 const std::string& target_path) {
    // Dimension scales are object references (DIMENSION_LIST, REFERENCE_LIST) that H5Ocopy copies
    // verbatim: they would still hold addresses in the source file, which every reader that follows
    // them (h5py, h5dump, netCDF) chokes on. So the copy drops them and attaches the scales anew.
    H5O_info_t info;
    check_status(H5Oget_info_by_name(source.id(), source_path.c_str(), &info, H5P_DEFAULT),
                 "look up '" + source_path + "'");
    const std::vector<Attachment> links =
        info.type == H5O_TYPE_GROUP ? attachments(source, source_path) : std::vector<Attachment>{};
    Temp lcpl = intermediate_groups();
    check_status(H5Ocopy(source.id(), source_path.c_str(), target.id(), target_path.c_str(), H5P_DEFAULT, lcpl.get()),
                 "copy '" + source_path + "' to '" + target_path + "'");
    const auto open = [&](const std::string& relative) {
        return Temp(H5Oopen(target.id(), (target_path + "/" + relative).c_str(), H5P_DEFAULT), H5Oclose,
                    "open copied '" + relative + "'");
    };
    for (const Attachment& a : links) {
        delete_attribute_if_present(open(a.dataset).get(), "DIMENSION_LIST");
        delete_attribute_if_present(open(a.scale).get(), "REFERENCE_LIST");
    }
    for (const Attachment& a : links)
        check_status(H5DSattach_scale(open(a.dataset).get(), open(a.scale).get(), a.dim),
                     "attach the copied dimension scale '" + a.scale + "' to '" + a.dataset + "'");
}

} // namespace beliefsim::io
