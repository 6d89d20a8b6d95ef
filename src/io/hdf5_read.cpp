#include "beliefsim/io/hdf5.hpp"

#include <sstream>
#include <variant>

#include <hdf5.h>

#include "beliefsim/core/format.hpp"
#include "hdf5_detail.hpp"

namespace beliefsim::io {
namespace {

using namespace detail;

// Reads a scalar string held by `id` (attribute or dataset) through `read`.
template <class Read>
std::string read_string_value(hid_t stored_type, Read read, const std::string& what) {
    if (H5Tget_class(stored_type) != H5T_STRING) fail(what + " is not a string");
    if (H5Tis_variable_str(stored_type) > 0) {
        Temp mem = utf8_string_type();
        char* text = nullptr;
        check_status(read(mem.get(), &text), "read " + what);
        std::string out = text != nullptr ? text : "";
        H5free_memory(text);
        return out;
    }
    const std::size_t size = H5Tget_size(stored_type);
    std::string buffer(size, '\0');
    Temp mem(H5Tcopy(stored_type), H5Tclose, "copy string type");
    check_status(read(mem.get(), buffer.data()), "read " + what);
    return buffer.substr(0, buffer.find('\0'));
}

// "x" or "[x, y, ...]", each element written by `text`.
template <class T, class Text>
std::string join(const std::vector<T>& values, bool scalar, Text text) {
    std::ostringstream os;
    if (!scalar) os << '[';
    for (std::size_t i = 0; i < values.size(); ++i) os << (i > 0 ? ", " : "") << text(values[i]);
    if (!scalar) os << ']';
    return os.str();
}

std::string join_numbers(const std::vector<double>& values, bool scalar) {
    return join(values, scalar, [](double x) { return shortest(x); });
}

template <class Int>
std::string join_integers(const std::vector<Int>& values, bool scalar) {
    return join(values, scalar, [](Int x) { return std::to_string(x); });
}

} // namespace

std::vector<std::string> attribute_names(const Object& obj) {
    std::vector<std::string> names;
    const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
    };
    check_status(H5Aiterate2(obj.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names), "list attributes");
    return names;
}

bool has_attribute(const Object& obj, const std::string& name) { return H5Aexists(obj.id(), name.c_str()) > 0; }

std::string read_string_attribute(const Object& obj, const std::string& name) {
    Temp attr = open_attribute(obj, name);
    Temp type(H5Aget_type(attr.get()), H5Tclose, "attribute type");
    return read_string_value(
        type.get(), [&](hid_t mem, void* buf) { return H5Aread(attr.get(), mem, buf); }, "attribute '" + name + "'");
}

std::vector<double> read_numeric_attribute(const Object& obj, const std::string& name) {
    Temp attr = open_attribute(obj, name);
    Temp type(H5Aget_type(attr.get()), H5Tclose, "attribute type");
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail("attribute '" + name + "' is not numeric");
    Temp space(H5Aget_space(attr.get()), H5Sclose, "attribute dataspace");
    std::vector<double> values(element_count(space.get()));
    if (!values.empty())
        check_status(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, values.data()), "read attribute '" + name + "'");
    return values;
}

std::variant<std::vector<std::int64_t>, std::vector<std::uint64_t>> read_integer_attribute(const Object& obj,
                                                                                           const std::string& name) {
    Temp attr = open_attribute(obj, name);
    Temp type(H5Aget_type(attr.get()), H5Tclose, "attribute type");
    if (H5Tget_class(type.get()) != H5T_INTEGER) fail("attribute '" + name + "' is not an integer");
    Temp space(H5Aget_space(attr.get()), H5Sclose, "attribute dataspace");
    const auto read = [&](auto values, hid_t memory) {
        values.resize(element_count(space.get()));
        if (!values.empty()) check_status(H5Aread(attr.get(), memory, values.data()), "read attribute '" + name + "'");
        return values;
    };
    if (H5Tget_sign(type.get()) == H5T_SGN_NONE) return read(std::vector<std::uint64_t>{}, H5T_NATIVE_UINT64);
    return read(std::vector<std::int64_t>{}, H5T_NATIVE_INT64);
}

std::string attribute_text(const Object& obj, const std::string& name) {
    Temp attr = open_attribute(obj, name);
    Temp type(H5Aget_type(attr.get()), H5Tclose, "attribute type");
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls == H5T_STRING) return read_string_attribute(obj, name);
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) return "(unsupported attribute type)";
    Temp space(H5Aget_space(attr.get()), H5Sclose, "attribute dataspace");
    const bool scalar = H5Sget_simple_extent_ndims(space.get()) == 0;
    if (cls == H5T_FLOAT) return join_numbers(read_numeric_attribute(obj, name), scalar);
    return std::visit([&](const auto& values) { return join_integers(values, scalar); },
                      read_integer_attribute(obj, name));
}

std::vector<std::size_t> shape(const Dataset& ds) {
    Temp space(H5Dget_space(ds.id()), H5Sclose, "dataset dataspace");
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) fail("dataset rank");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return {dims.begin(), dims.end()};
}

std::vector<double> read_doubles(const Dataset& ds) {
    Temp type(H5Dget_type(ds.id()), H5Tclose, "dataset type");
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail("dataset is not numeric");
    Temp space(H5Dget_space(ds.id()), H5Sclose, "dataset dataspace");
    std::vector<double> values(element_count(space.get()));
    if (!values.empty())
        check_status(H5Dread(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read dataset");
    return values;
}

std::string read_string(const Dataset& ds) {
    Temp type(H5Dget_type(ds.id()), H5Tclose, "dataset type");
    return read_string_value(
        type.get(), [&](hid_t mem, void* buf) { return H5Dread(ds.id(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf); },
        "string dataset");
}

std::vector<std::string> read_strings(const Dataset& ds) {
    Temp type(H5Dget_type(ds.id()), H5Tclose, "dataset type");
    if (H5Tget_class(type.get()) != H5T_STRING) fail("dataset is not a string dataset");
    Temp space(H5Dget_space(ds.id()), H5Sclose, "dataset dataspace");
    const std::size_t n = element_count(space.get());
    std::vector<std::string> out;
    if (n == 0) return out;
    if (H5Tis_variable_str(type.get()) > 0) {
        Temp mem = utf8_string_type();
        std::vector<char*> texts(n, nullptr);
        check_status(H5Dread(ds.id(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "read string dataset");
        for (char* text : texts) {
            out.emplace_back(text != nullptr ? text : "");
            H5free_memory(text);
        }
        return out;
    }
    const std::size_t size = H5Tget_size(type.get());
    std::string buffer(n * size, '\0');
    Temp mem(H5Tcopy(type.get()), H5Tclose, "copy string type");
    check_status(H5Dread(ds.id(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "read string dataset");
    for (std::size_t k = 0; k < n; ++k) {
        const std::string_view cell(buffer.data() + k * size, size);
        out.emplace_back(cell.substr(0, cell.find('\0')));
    }
    return out;
}

std::vector<std::string> list_children(const Object& group) {
    std::vector<std::string> names;
    const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
    };
    check_status(H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names), "list children");
    return names;
}

namespace {

// Absolute paths of the objects of one kind in the file, in name order.
std::vector<std::string> list_objects(const File& file, H5I_type_t kind) {
    struct Walk {
        H5I_type_t kind;
        std::vector<std::string> paths;
    } walk{kind, {}};
    // A C callback: the handle is owned (closed on any exit) and no exception crosses HDF5.
    const auto collect = [](hid_t group, const char* name, const H5L_info_t*, void* data) noexcept -> herr_t {
        auto& w = *static_cast<Walk*>(data);
        try {
            const Temp obj(H5Oopen(group, name, H5P_DEFAULT), H5Oclose, "open object");
            if (H5Iget_type(obj.get()) == w.kind) w.paths.push_back(std::string("/").append(name));
            return 0;
        } catch (...) {
            return -1;
        }
    };
    check_status(H5Lvisit(file.id(), H5_INDEX_NAME, H5_ITER_INC, collect, &walk), "list the file's objects");
    return walk.paths;
}

} // namespace

std::vector<std::string> list_datasets(const File& file) { return list_objects(file, H5I_DATASET); }
std::vector<std::string> list_groups(const File& file) { return list_objects(file, H5I_GROUP); }

} // namespace beliefsim::io
