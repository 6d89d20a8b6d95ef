#pragma once
// Helpers shared by test files (test code only).

#include "beliefsim/core/linalg.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <system_error>

namespace beliefsim::test {

/// A belief vector from a literal list.
inline Vector belief(std::initializer_list<double> values) {
    Vector v(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (const double x : values) v[i++] = x;
    return v;
}

/// Running mean with Welford's update and its standard error (test-side Monte Carlo loops).
struct Mean {
    double mean = 0, m2 = 0;
    long n = 0;
    void add(double v) {
        ++n;
        const double d = v - mean;
        mean += d / static_cast<double>(n);
        m2 += d * (v - mean);
    }
    [[nodiscard]] double standard_error() const {
        return std::sqrt(m2 / static_cast<double>(n - 1) / static_cast<double>(n));
    }
    [[nodiscard]] double z(double exact) const { return (mean - exact) / standard_error(); }
};

/// A fresh directory, removed with its contents at scope exit.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "beliefsim-test-XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

} // namespace beliefsim::test
