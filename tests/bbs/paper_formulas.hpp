#pragma once
// Test-side transcriptions of BBS formulas used as oracles (test code only), and a quadrature
// that differs from the library's Gauss-Kronrod.

#include <boost/math/quadrature/gauss.hpp>

#include "beliefsim/bbs/technology.hpp"

#include <cmath>

namespace beliefsim::bbs::test {

/// Composite 20-point Gauss-Legendre on [a, b] with n panels.
template <class F>
double panels(F f, double a = 0, double b = 1, int n = 64) {
    double s = 0;
    const double h = (b - a) / n;
    for (int k = 0; k < n; ++k)
        s += boost::math::quadrature::gauss<double, 20>::integrate(f, a + k * h, a + (k + 1) * h);
    return s;
}

/// Appendix (46)-(51), proof of Proposition 1: tokens of a task with value wi for a type with
/// representative index θ (θ̂ from (45)).
inline Tokens appendix_tokens(const TechnologyParams& p, double wi, double theta) {
    const double a = p.alpha + p.beta, A = a + p.gamma, P = 1 / (1 - a);
    const double rx = p.alpha / p.c_x, ry = p.beta / p.c_y, rz = p.gamma / p.c_z;
    const double theta_hat =
        std::pow(p.b, 1 - A) * std::pow(1 / rx, p.alpha) * std::pow(1 / ry, p.beta) * std::pow(1 / rz, 1 - a);
    if (theta <= theta_hat) {
        const double k =
            std::pow(rx, p.alpha / (1 - a)) * std::pow(ry, p.beta / (1 - a)) * std::pow(p.b, p.gamma / (1 - a));
        return {std::pow(wi, P) * rx * k, std::pow(wi, P) * ry * k, 0.0};
    }
    const double k = std::pow(rx, p.alpha / (1 - A)) * std::pow(ry, p.beta / (1 - A)) * std::pow(rz, p.gamma / (1 - A));
    const double t = std::pow(theta, p.gamma / ((1 - a) * (1 - A)));
    return {std::pow(wi, P) * t * rx * k, std::pow(wi, P) * t * ry * k, std::pow(theta, 1 / (1 - A)) * rz * k - p.b};
}

} // namespace beliefsim::bbs::test
