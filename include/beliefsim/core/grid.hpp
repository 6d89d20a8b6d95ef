#pragma once
/// Evenly spaced grids: every table axis of the library comes from here.

#include <cstddef>
#include <vector>

#include "beliefsim/core/error.hpp"

namespace beliefsim {

/// n ≥ 2 points lo + (hi − lo)·k/(n − 1), the last exactly hi (no rounding past the end).
[[nodiscard]] inline std::vector<double> linspace(double lo, double hi, std::size_t n) {
    BELIEFSIM_REQUIRE(n >= 2, "a grid needs >= 2 points (got " << n << ")");
    std::vector<double> out(n);
    for (std::size_t k = 0; k < n; ++k)
        out[k] = k + 1 == n ? hi : lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(n - 1);
    return out;
}

} // namespace beliefsim
