#pragma once
/// Hermite interpolation on one cell, shared by the interpolation tables of the greedy model (cubic:
/// values and first derivatives) and of the Brownian exit law (quintic: also second derivatives).

namespace beliefsim::process::detail {

// Cubic Hermite basis on s ∈ [0,1] for a cell of width w with end values f0,f1 and slopes m0,m1.
inline double hermite(double f0, double f1, double m0, double m1, double w, double s) {
    const double s2 = s * s, s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * f0 + (s3 - 2 * s2 + s) * w * m0 + (-2 * s3 + 3 * s2) * f1 + (s3 - s2) * w * m1;
}

// Quintic Hermite interpolation at s ∈ [0, 1] of a cell of width w between nodes a and b, each with
// `value`, `first` and `second` derivative (error O(w⁶); a cubic's O(w⁴) left 1e-9 relative
// errors in τ on this grid).
template <class Node>
inline double quintic_hermite(const Node& a, const Node& b, double w, double s) {
    const double s2 = s * s, s3 = s2 * s, s4 = s3 * s, s5 = s4 * s;
    return (1 - 10 * s3 + 15 * s4 - 6 * s5) * a.value + (10 * s3 - 15 * s4 + 6 * s5) * b.value +
           w * ((s - 6 * s3 + 8 * s4 - 3 * s5) * a.first + (-4 * s3 + 7 * s4 - 3 * s5) * b.first) +
           w * w * ((0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5) * a.second + (0.5 * s3 - s4 + 0.5 * s5) * b.second);
}

} // namespace beliefsim::process::detail
