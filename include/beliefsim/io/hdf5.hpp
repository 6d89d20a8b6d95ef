#pragma once
/// HDF5 behind RAII: move-only File/Group/Dataset handles that close themselves, typed writers that
/// always attach a `description`, variable-length UTF-8 strings, dimension scales, and the readers
/// `inspect` and the tests use. The only file of the project that includes hdf5.h is hdf5.cpp.
/// Tested by: tests/io/test_hdf5.cpp.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "beliefsim/core/error.hpp"

namespace beliefsim::io {

/// Numeric element types that can be stored (D's H5TypeMap): T ↦ its native HDF5 type.
enum class ScalarType { float64, int32, int64, uint64 };
template <class T>
struct H5TypeMap;
template <>
struct H5TypeMap<double> {
    static constexpr ScalarType value = ScalarType::float64;
};
template <>
struct H5TypeMap<std::int32_t> {
    static constexpr ScalarType value = ScalarType::int32;
};
template <>
struct H5TypeMap<std::int64_t> {
    static constexpr ScalarType value = ScalarType::int64;
};
template <>
struct H5TypeMap<std::uint64_t> {
    static constexpr ScalarType value = ScalarType::uint64;
};
template <class T>
concept Storable = requires {
    H5TypeMap<T>::value;
};

/// What a dataset means. `description` is always written; `units` only when non-empty.
struct Meta {
    std::string description;
    std::string units;
};

/// Shape of a row-major 2-D dataset.
struct Shape2 {
    std::size_t rows = 0;
    std::size_t cols = 0;
};

/// An open HDF5 object (file, group or dataset): owns its id, closes it in the destructor.
class Object {
public:
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;
    Object(Object&& other) noexcept;
    Object& operator=(Object&& other) noexcept;
    ~Object();

    /// The raw hid_t, for hdf5.cpp only.
    [[nodiscard]] std::int64_t id() const noexcept { return id_; }

protected:
    explicit Object(std::int64_t id) noexcept : id_(id) {}
    /// Closes now; Throws: Error when HDF5 reports a failure (e.g. a failed flush).
    void close_checked();

private:
    std::int64_t id_ = -1;
};

class Group : public Object {
public:
    /// Takes ownership of an open group id (used by hdf5.cpp).
    explicit Group(std::int64_t id) noexcept : Object(id) {}
};

class Dataset : public Object {
public:
    /// Takes ownership of an open dataset id (used by hdf5.cpp).
    explicit Dataset(std::int64_t id) noexcept : Object(id) {}
};

class File : public Object {
public:
    /// Creates (truncating) a file. Throws: Error.
    [[nodiscard]] static File create(const std::filesystem::path& path);
    /// Opens a file read-only. Throws: ConfigError naming the path when it is missing or not HDF5.
    [[nodiscard]] static File open_read(const std::filesystem::path& path);
    /// Flushes and closes; unlike the destructor, reports failure. Throws: Error.
    void close() { close_checked(); }

private:
    explicit File(std::int64_t id) noexcept : Object(id) {}
};

/// The HDF5 library's version, "major.minor.release".
[[nodiscard]] std::string hdf5_library_version();

/// Creates a group; `path` may be nested ("a/b"), missing parents are created. Throws: Error.
[[nodiscard]] Group create_group(const Object& parent, const std::string& path);
/// Opens an existing group. Throws: Error.
[[nodiscard]] Group open_group(const Object& parent, const std::string& path);
/// Opens an existing dataset. Throws: Error.
[[nodiscard]] Dataset open_dataset(const Object& parent, const std::string& path);
/// True when every link along `path` exists (absolute paths allowed).
[[nodiscard]] bool exists(const Object& parent, const std::string& path);

/// Creates a dataset of `shape` from row-major `data` plus its description/units attributes;
/// missing parent groups are created. Prefer the typed `write_dataset` overloads. Throws: Error.
[[nodiscard]] Dataset create_dataset(const Object& parent, const std::string& path, ScalarType type,
                                     std::span<const std::size_t> shape, const void* data, const Meta& meta);

/// 1-D dataset from any contiguous range of a Storable type.
template <std::ranges::contiguous_range R>
requires Storable<std::ranges::range_value_t<R>> Dataset write_dataset(const Object& parent, const std::string& path,
                                                                       const R& data, const Meta& meta) {
    const std::size_t shape[1] = {std::ranges::size(data)};
    return create_dataset(parent, path, H5TypeMap<std::ranges::range_value_t<R>>::value, shape, std::ranges::data(data),
                          meta);
}

/// Row-major 2-D dataset. Requires: size(data) = rows · cols.
template <std::ranges::contiguous_range R>
requires Storable<std::ranges::range_value_t<R>> Dataset write_dataset(const Object& parent, const std::string& path,
                                                                       const R& data, Shape2 shape, const Meta& meta) {
    BELIEFSIM_REQUIRE(shape.rows * shape.cols == std::ranges::size(data),
                      path << ": shape " << shape.rows << " x " << shape.cols << " does not match "
                           << std::ranges::size(data) << " elements");
    const std::size_t dims[2] = {shape.rows, shape.cols};
    return create_dataset(parent, path, H5TypeMap<std::ranges::range_value_t<R>>::value, dims, std::ranges::data(data),
                          meta);
}

/// Scalar (rank-0) dataset.
template <Storable T>
Dataset write_scalar(const Object& parent, const std::string& path, T value, const Meta& meta) {
    return create_dataset(parent, path, H5TypeMap<T>::value, {}, &value, meta);
}

/// 1-D int32 dataset 0, 1, …, count − 1: the index axis of a dimension without a natural coordinate.
Dataset write_index(const Object& parent, const std::string& path, std::size_t count, const Meta& meta);

/// Scalar variable-length UTF-8 string dataset (h5py reads it as str after `.asstr()`/`.decode()`).
Dataset write_string(const Object& parent, const std::string& path, std::string_view text, const Meta& meta);
/// 1-D dataset of variable-length UTF-8 strings (h5py reads bytes; `.asstr()` gives str).
Dataset write_strings(const Object& parent, const std::string& path, const std::vector<std::string>& texts,
                      const Meta& meta);

/// Attributes on any object; an existing attribute of the same name is replaced. Throws: Error.
void write_attribute(const Object& obj, const std::string& name, std::string_view value);
/// Untyped numeric attribute behind the typed overloads: `count` elements of `type` at `value`,
/// stored as a scalar when `scalar` (count must then be 1), else as a 1-D array.
void write_attribute(const Object& obj, const std::string& name, ScalarType type, const void* value, std::size_t count,
                     bool scalar);
/// Numeric scalar attribute.
template <Storable T>
void write_attribute(const Object& obj, const std::string& name, T value) {
    write_attribute(obj, name, H5TypeMap<T>::value, &value, 1, true);
}
/// 1-D numeric array attribute.
template <Storable T>
void write_attribute(const Object& obj, const std::string& name, std::span<const T> values) {
    write_attribute(obj, name, H5TypeMap<T>::value, values.data(), values.size(), false);
}

/// Marks `scale` as a dimension scale named `name` and attaches it to dimension `dim` of each of
/// `datasets` (HDF5 HL, H5DS): xarray and netCDF readers then see labelled axes. Throws: Error.
void attach_scale(const Dataset& scale, const std::string& name, std::span<const Dataset* const> datasets,
                  unsigned dim = 0);
/// As above, for every dataset of `datasets` (e.g. the array or vector of the writes that made them).
template <std::ranges::input_range Sets>
requires std::same_as<std::ranges::range_value_t<Sets>, Dataset>
void attach_scale(const Dataset& scale, const std::string& name, const Sets& datasets, unsigned dim = 0) {
    std::vector<const Dataset*> pointers;
    for (const Dataset& ds : datasets) pointers.push_back(&ds);
    attach_scale(scale, name, pointers, dim);
}
/// Number of dimension scales attached to dimension `dim` of `ds`.
[[nodiscard]] int scale_count(const Dataset& ds, unsigned dim = 0);

/// Names of the attributes of `obj`, in name order.
[[nodiscard]] std::vector<std::string> attribute_names(const Object& obj);
/// True when `obj` carries attribute `name`.
[[nodiscard]] bool has_attribute(const Object& obj, const std::string& name);
/// A string attribute (variable or fixed length). Throws: Error when missing or not a string.
[[nodiscard]] std::string read_string_attribute(const Object& obj, const std::string& name);
/// A numeric attribute, converted to double (arrays: every element). Throws: Error.
[[nodiscard]] std::vector<double> read_numeric_attribute(const Object& obj, const std::string& name);
/// An integer attribute exactly (a seed may need all 64 bits): int64 values, or uint64 values when it
/// is stored unsigned. Throws: Error when missing or not an integer.
[[nodiscard]] std::variant<std::vector<std::int64_t>, std::vector<std::uint64_t>>
read_integer_attribute(const Object& obj, const std::string& name);
/// Any attribute as display text: strings verbatim, numbers in shortest round-trip form, arrays in [ ].
[[nodiscard]] std::string attribute_text(const Object& obj, const std::string& name);

/// Dimensions of a dataset (empty for a scalar).
[[nodiscard]] std::vector<std::size_t> shape(const Dataset& ds);
/// The elements of a numeric dataset of any rank, converted to double, row-major. Throws: Error.
[[nodiscard]] std::vector<double> read_doubles(const Dataset& ds);
/// A scalar string dataset. Throws: Error.
[[nodiscard]] std::string read_string(const Dataset& ds);
/// The elements of a string dataset of any rank (variable or fixed length), row-major. Throws: Error.
[[nodiscard]] std::vector<std::string> read_strings(const Dataset& ds);
/// Absolute paths of every dataset in the file, in name order ("/stopping_time/mean", ...).
[[nodiscard]] std::vector<std::string> list_datasets(const File& file);
/// Absolute paths of every group below the root, in name order.
[[nodiscard]] std::vector<std::string> list_groups(const File& file);
/// Names of the links directly under a group or file, in name order. Throws: Error.
[[nodiscard]] std::vector<std::string> list_children(const Object& group);
/// Deep-copies an object (group or dataset, with attributes) between or within files; missing
/// parents of `target_path` are created. Object references (dimension scales) are rebuilt to point
/// at the copies, so copy a tree whose scales live inside it in one call. Throws: Error.
void copy_object(const Object& source, const std::string& source_path, const Object& target,
                 const std::string& target_path);

} // namespace beliefsim::io
