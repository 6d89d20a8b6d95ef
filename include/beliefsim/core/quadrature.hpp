#pragma once
/// Kink-aware quadrature, the one integration routine of the library: adaptive Gauss-Kronrod
/// (Boost.Math) on the pieces between known breakpoints, so that a kink or jump of the integrand
/// never sits inside a panel (Kronrod's error estimate never settles on one: it would refine to its
/// depth limit on every call). Callers pick the rule, tolerance and depth; the pieces are the same.
/// Tested by: tests/pricing/test_menu.cpp and every tests/bbs/test_*.cpp through the paper numbers.

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace beliefsim {

/// Accuracy asked of each piece: relative tolerance and maximum bisection depth.
struct Quadrature {
    double tolerance;
    unsigned max_depth;
};

/// ∫_a^b f with the `Points`-point Gauss-Kronrod rule, split at the points of `breaks` strictly
/// inside (a, b) (any order; duplicates and the others are ignored), pieces summed from a to b.
/// Returns 0 when b ≤ a; b may be +∞ (Boost.Math maps the last piece to a finite interval).
template <unsigned Points = 31, class F>
[[nodiscard]] double integrate_pieces(const F& f, double a, double b, std::vector<double> breaks, Quadrature q) {
    if (!(b > a)) return 0.0;
    std::erase_if(breaks, [&](double x) { return !(x > a && x < b); });
    std::sort(breaks.begin(), breaks.end());
    using Rule = boost::math::quadrature::gauss_kronrod<double, Points>;
    // Each finite piece on [0, 1]: Boost's (1.74) depth test compares the error of the rule on
    // [−1, 1] with the tolerance times the integral on the piece, so a piece narrower than
    // ~2ε/tolerance (1e-3 at 1e-12) never passes and refines to the depth limit, 2^depth panels
    // (token_cap 1e-5: 2e6 evaluations an integral; bbs with w ~ U[0.5, 1]: a 2-ulp piece, 60 s).
    const auto piece = [&](double from, double to) {
        if (!std::isfinite(to - from)) return Rule::integrate(f, from, to, q.max_depth, q.tolerance);
        const double width = to - from;
        return width *
               Rule::integrate([&](double u) { return f(from + width * u); }, 0.0, 1.0, q.max_depth, q.tolerance);
    };
    double sum = 0;
    double from = a;
    for (const double at : breaks) {
        if (!(at > from)) continue;
        sum += piece(from, at);
        from = at;
    }
    return sum + piece(from, b);
}

} // namespace beliefsim
