#pragma once
// The HDF5 C API behind io/hdf5.hpp, shared by hdf5.cpp (handles and writing) and hdf5_read.cpp
// (reading), private to src/io: failures as exceptions, transient ids that close themselves.

#include <string>
#include <type_traits>
#include <utility>

#include <hdf5.h>

#include "beliefsim/io/hdf5.hpp"

static_assert(std::is_same_v<hid_t, std::int64_t>, "Object stores hid_t as std::int64_t (HDF5 >= 1.10)");

namespace beliefsim::io::detail {

[[noreturn]] inline void fail(const std::string& what) { throw Error("HDF5: " + what); }

inline hid_t check_id(hid_t id, const std::string& what) {
    if (id < 0) fail(what);
    return id;
}

inline void check_status(herr_t status, const std::string& what) {
    if (status < 0) fail(what);
}

/// A transient id (type, space, property list, attribute) closed with its own close function.
class Temp {
public:
    Temp(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(check_id(id, what)), close_(close) {}
    Temp(Temp&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
    Temp(const Temp&) = delete;
    Temp& operator=(const Temp&) = delete;
    Temp& operator=(Temp&&) = delete;
    ~Temp() {
        if (id_ >= 0) close_(id_);
    }
    [[nodiscard]] hid_t get() const { return id_; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

inline Temp utf8_string_type() {
    Temp type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check_status(H5Tset_size(type.get(), H5T_VARIABLE), "variable-length string type");
    check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "UTF-8 string type");
    return type;
}

inline Temp open_attribute(const Object& obj, const std::string& name) {
    return {H5Aopen(obj.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute '" + name + "'"};
}

inline std::size_t element_count(hid_t space) {
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0) fail("dataspace size");
    return static_cast<std::size_t>(n);
}

} // namespace beliefsim::io::detail
