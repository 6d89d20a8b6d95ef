#pragma once
/// The Feynman-Kac boundary-value problem of the binary reference (binary_reference.cpp): from one
/// end of the interval, the solution of φ'' = k H'' φ that vanishes there, shot to the prior.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"

#include <complex>
#include <vector>

namespace beliefsim::process::detail {

// Integration from one end into the interval: p = end + dir·x with x ≥ 0. Beliefs are formed in
// this local coordinate so that the small component next to a vertex is exact (1 − p would round).
struct Side {
    const entropy::Entropy* entropy;
    double end;
    double dir;
    double length; // |p0 − end|
    double mid;    // |½ − end|, the local coordinate of ½
    // The belief at x = length, exactly (p0), and whether beliefs are formed from it rather than
    // from `end` (a side rebased to start next to p0, where p − p0 must not round).
    double at = 0;
    bool from_at = false;

    [[nodiscard]] Vector belief(double x) const {
        Vector mu(2);
        if (from_at)
            mu << at - dir * (length - x), (1 - at) + dir * (length - x);
        else
            mu << end + dir * x, (1 - end) - dir * x;
        return mu;
    }
    [[nodiscard]] double h2(double x) const { // H'' = vᵀ Hess H v, v = (1, −1)
        if (from_at) return entropy->edge_curvature(at - dir * (length - x), (1 - at) + dir * (length - x));
        return entropy->edge_curvature(end + dir * x, (1 - end) - dir * x);
    }
    [[nodiscard]] double h0(double x) const { return entropy->value(belief(x)); }
    [[nodiscard]] double h1(double x) const { // dH/dx
        const Vector g = entropy->gradient(belief(x));
        return dir * (g[0] - g[1]);
    }
};

// φ = e^{log_scale}·value, φ' = e^{log_scale}·slope (derivatives in the side's local coordinate).
template <class Scalar>
struct Shot {
    Scalar value;
    Scalar slope;
    double log_scale;
};

// φ from its own end (φ = 0, φ' = 1 there) to p0 at tolerance `tol`, for k real or complex.
// `divergence[j]` = D(end | end + 2^{−3(j+1)}), empty when the end is regular; `singular_mid`: H''
// is not finite at ½. With `from` > 0 (a point from wkb_start), φ starts there instead, on its
// growing branch φ = 1, φ' = √(kH''): only its log-derivative at p0 is then right.
template <class Scalar>
Shot<Scalar> shoot(const Side& s, Scalar k, double tol, const std::vector<double>& divergence, bool singular_mid,
                   double from = 0);

extern template Shot<double> shoot(const Side&, double, double, const std::vector<double>&, bool, double);
extern template Shot<std::complex<double>> shoot(const Side&, std::complex<double>, double, const std::vector<double>&,
                                                 bool, double);

// For large |k| the solutions grow like exp(Re√k ∫√H''): the local x from which that exponent,
// accumulated toward p0 (x = length), reaches `exponent`; 0 if the whole side falls short. A lower
// bound of the integral (H'' is monotone on either side of ½ for every entropy family), so the
// point returned is never too close to p0.
double wkb_start(const Side& s, double re_root_k, double exponent);

} // namespace beliefsim::process::detail
