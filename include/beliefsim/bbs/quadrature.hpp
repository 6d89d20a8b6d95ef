#pragma once
/// Quadrature shared by the BBS modules: adaptive Gauss-Kronrod (Boost.Math, 31 points) on the
/// pieces between known breakpoints, so kinks of the integrand (exclusion, start of fine-tuning,
/// jumps of a type density) never sit inside a panel.
/// Tested by: every tests/bbs/test_*.cpp through the paper numbers.

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <vector>

namespace beliefsim::bbs::detail {

/// ∫_a^b f, split at the points of `breaks` inside (a, b) (any order; others ignored). Relative
/// tolerance `tol` per piece, depth ≤ 12. Returns 0 when b ≤ a. The default 1e-10 sits above the
/// rounding floor of Kronrod error estimates for integrands like q(t) ∝ 2t − 1 near t = ½, whose
/// values carry only ~12 correct digits (a tighter tolerance recurses to full depth for nothing).
template <class F>
[[nodiscard]] double integrate(const F& f, double a, double b, std::vector<double> breaks = {},
                               double tol = 1e-10) {
    if (!(b > a)) return 0.0;
    breaks.erase(std::remove_if(breaks.begin(), breaks.end(), [&](double x) { return !(x > a && x < b); }),
                 breaks.end());
    std::sort(breaks.begin(), breaks.end());
    breaks.insert(breaks.begin(), a);
    breaks.push_back(b);
    double sum = 0;
    for (std::size_t k = 0; k + 1 < breaks.size(); ++k) {
        if (breaks[k + 1] > breaks[k])
            sum += boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, breaks[k], breaks[k + 1], 12, tol);
    }
    return sum;
}

} // namespace beliefsim::bbs::detail
