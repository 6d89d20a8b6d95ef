#include "beliefsim/process/binary_reference.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "feynman_kac.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/gegenbauer.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <iomanip>

namespace beliefsim::process {
namespace {

using detail::shoot;
using detail::Side;

using Complex = std::complex<double>;
constexpr double PI = boost::math::constants::pi<double>();

// Controlled Dormand-Prince 5(4): absolute and relative tolerance (the state is kept O(1)). Not
// Fehlberg 7(8): its error estimate vanishes on quadrature-like stretches (y' ≈ f(x)), which is
// what φ'' = kH''φ is next to a singular H'', so it steps over the singularity (errors ~1e-4).
constexpr double ODE_TOL = 1e-12;
// Loosest tolerance used for contour nodes whose weight e^{zt} is small.
constexpr double ODE_TOL_MAX = 1e-6;
// Candidate start gaps δ_j = 2^{−3j}, j = 1..START_LEVELS (down to ~1e-54).
constexpr int START_LEVELS = 60;
// Parabolic contour: N + 1 nodes (conjugate symmetry halves the 2N + 1 of the rule).
constexpr int CONTOUR_N = 14;
constexpr double QUAD_TOL = 1e-13; // tanh-sinh
// Neighbourhoods of a singular ½ (relative to κ) integrated by parts instead of by quadrature: the
// belief cannot resolve p − ½ below ~1e-16, so H'' is unusable right at ½, but H and H' are not.
constexpr double TAIL_WIDTH = 1e-6;
// An end whose transform is below e^{−OUT_OF_REACH} (2.9e-20) counts as out of reach; the
// log-derivative of its φ at p0 starts e^{WKB_START} away (error e^{−2·WKB_START} = 1e-13).
constexpr double OUT_OF_REACH = 45;
constexpr double WKB_START = 15;

// ∫_0^X w(x) H''(x) dx along a side, split at ½. Tanh-sinh handles integrable singularities of H''
// at the ends. A singular ½ is approached on geometric cells, distances [d/4, d] from ½, down to
// TAIL_WIDTH·κ, each by 30-point Gauss-Legendre: the singularity lies outside the cell's Bernstein
// ellipse of parameter ρ = 3, so the error is ~ρ^{−60} (tanh-sinh, which wants the singularity at
// an end, and Boost's adaptive Gauss-Kronrod, whose error estimate stalls near round-off, both fail
// there). The rest is integrated by parts with w linear: ∫w H'' = [w H'] − w'·[H] (H and H' stay
// finite where H'' does not).
template <class W>
double weighted_integral(const Side& s, const W& w, bool singular_mid, boost::math::quadrature::tanh_sinh<double>& ts) {
    using Gauss = boost::math::quadrature::gauss<double, 30>;
    const auto f = [&](double x) { return w(x) * s.h2(x); };
    double error = 0, l1 = 0;
    const auto checked = [&](double q) {
        // Catches non-convergence only: the estimate is pessimistic (1e-7 relative on short pieces
        // where the result is right to 1e-15); the accuracy itself is tested against closed forms.
        // An absolute error below 1e-16 is below the rounding of every result (pieces of a few 1e-6
        // next to an end, Tsallis priors ~1e-6, have l1 ~ 1e-14 and errors ~1e-19).
        BELIEFSIM_ENSURE(std::isfinite(q) && (error <= 1e-6 * l1 || error <= 1e-16),
                         "binary reference: quadrature of the Green's function failed (error " << error << ")");
        return q;
    };
    const auto piece = [&](double x1, double x2) {
        if (x2 <= x1) return 0.0;
        if (!singular_mid) {
            // Boost 1.74's tanh-sinh reports garbage error estimates on intervals this short (p0
            // next to ½ or to an end), where the integrand hardly varies anyway.
            if (x2 - x1 < 1e-6) return Gauss::integrate(f, x1, x2);
            return checked(ts.integrate(f, x1, x2, QUAD_TOL, &error, &l1));
        }
        // [x1, x2] lies on one side of ½: distances to ½ from `dn` (near end) to `df`.
        const double m = s.mid, sign = x2 <= m ? -1.0 : 1.0;
        const double dn = std::abs((sign < 0 ? x2 : x1) - m), df = std::abs((sign < 0 ? x1 : x2) - m);
        const double near = TAIL_WIDTH * m;
        double sum = 0;
        for (double d = df; d > std::max(dn, near); d /= 4) {
            const double lo = std::max({d / 4, dn, near});
            sum += -sign * Gauss::integrate(f, m + sign * std::min(d, df), m + sign * lo);
        }
        if (dn < near) {
            const double xa = m + sign * dn, xb = m + sign * std::min(near, df);
            const double wa = w(xa), wb = w(xb);
            sum += sign * (wb * s.h1(xb) - wa * s.h1(xa) - (wb - wa) / (xb - xa) * (s.h0(xb) - s.h0(xa)));
        }
        return sum;
    };
    return s.mid < s.length ? piece(0, s.mid) + piece(s.mid, s.length) : piece(0, s.length);
}

} // namespace

BinaryDiffusionReference::BinaryDiffusionReference(BinaryDiffusionSpec spec) : spec_(std::move(spec)) {
    const double kappa = spec_.half_width, chi = spec_.chi, f = spec_.fraction, p0 = spec_.prior;
    BELIEFSIM_CHECK(std::isfinite(kappa) && kappa > 0 && kappa <= 0.5, "half_width",
                    "must be in (0, 0.5] (got " << std::setprecision(17) << kappa << ")");
    check_chi(chi);
    check_throughput_fraction(f);
    lower_ = 0.5 - kappa;
    upper_ = 0.5 + kappa;
    BELIEFSIM_CHECK(p0 > lower_ && p0 < upper_, "prior",
                    "must be in (" << std::setprecision(17) << lower_ << ", " << upper_ << ") (got " << p0 << ")");
    check_exit_distance(p0 - lower_, upper_ - p0);

    const Side sides[2] = {{&spec_.entropy, lower_, 1, p0 - lower_, 0.5 - lower_},
                           {&spec_.entropy, upper_, -1, upper_ - p0, upper_ - 0.5}};
    {
        Vector half(2);
        half << 0.5, 0.5;
        const Matrix m = spec_.entropy.hessian(half);
        singular_mid_ = !std::isfinite(m(0, 0) - m(0, 1) - m(1, 0) + m(1, 1));
    }
    for (int e = 0; e < 2; ++e) {
        const Side& s = sides[e];
        if (std::isfinite(s.h2(0))) continue;
        // D(end | end + δ_j) = ∫_0^{δ_j} x H''(x) dx, nested over geometric cells; only its order
        // of magnitude matters (it picks the start gap).
        std::vector<double>& d = start_divergence_[e];
        d.assign(START_LEVELS, 0.0);
        const auto integrand = [&](double x) { return x * s.h2(x); };
        using GK = boost::math::quadrature::gauss_kronrod<double, 15>;
        double below = GK::integrate(integrand, 0.0, std::ldexp(1.0, -3 * START_LEVELS), 0);
        for (int j = START_LEVELS - 1; j >= 0; --j) {
            if (j + 1 < START_LEVELS)
                below += GK::integrate(integrand, std::ldexp(1.0, -3 * (j + 2)), std::ldexp(1.0, -3 * (j + 1)), 0);
            d[static_cast<std::size_t>(j)] = below;
        }
    }

    // p is a bounded martingale, so P(p_τ = b)(b − a) = p0 − a.
    probability_upper_ = (p0 - lower_) / (upper_ - lower_);

    // Moments by the Green's function: E[τ] = Σ_sides c ∫ x H''(x) dx/(χf), with c the distance
    // from p0 to the far end over (b − a); E[τ²] the same with weight 2x·m(x), m(y) = E_y[τ] by
    // Itô.
    // Not const: Boost 1.74 declares tanh_sinh::integrate(f, a, b, ...) const but defines it
    // without.
    boost::math::quadrature::tanh_sinh<double> ts;
    const double cf = chi * f, width = upper_ - lower_;
    const double h_end[2] = {sides[0].h0(0), sides[1].h0(0)};
    double first = 0, second = 0;
    for (int e = 0; e < 2; ++e) {
        const Side& s = sides[e];
        const double c = sides[1 - e].length / width, here = h_end[e], far = h_end[1 - e];
        const auto m1 = [&](double x) { return (((width - x) * here + x * far) / width - s.h0(x)) / cf; };
        const auto green = [](double x) { return x; };
        const auto green_m1 = [&](double x) { return x * m1(x); };
        first += c * weighted_integral(s, green, singular_mid_, ts);
        second += c * weighted_integral(s, green_m1, singular_mid_, ts);
    }
    mean_ = first / cf;
    variance_ = 2 * second / cf - mean_ * mean_;
    BELIEFSIM_ENSURE(std::isfinite(mean_) && mean_ > 0 && std::isfinite(variance_) && variance_ > 0,
                     "binary reference: moments not finite (mean " << mean_ << ", variance " << variance_ << ")");
}

double BinaryDiffusionReference::sigma2(double p) const {
    BELIEFSIM_REQUIRE(p > lower_ && p < upper_, "p must be in (" << lower_ << ", " << upper_ << ") (got " << p << ")");
    const Side s = p <= 0.5 ? Side{&spec_.entropy, lower_, 1, p - lower_, 0.5 - lower_}
                            : Side{&spec_.entropy, upper_, -1, upper_ - p, upper_ - 0.5};
    return 2 * spec_.chi * spec_.fraction / s.h2(s.length);
}

template <class Scalar>
void BinaryDiffusionReference::exit_laplace(Scalar z, double tol, Scalar& at_lower, Scalar& at_upper) const {
    const Scalar k = z / (spec_.chi * spec_.fraction);
    const double p0 = spec_.prior;
    const Side side_a{&spec_.entropy, lower_, 1, p0 - lower_, 0.5 - lower_, p0};
    const Side side_b{&spec_.entropy, upper_, -1, upper_ - p0, upper_ - 0.5, p0};
    // For large |k| (small t) an end whose φ grows by more than e^{OUT_OF_REACH} on the way to p0
    // is out of reach: its transform is below e^{−OUT_OF_REACH} and set to 0, and its φ is only
    // needed as a log-derivative at p0, so it starts where the growth left is e^{WKB_START}
    // instead of at the end (the other branch it picks up there decays by e^{−2·WKB_START}). This
    // keeps the cost bounded as t → 0, where it would otherwise grow like t^{−1/2}.
    const double root = std::real(std::sqrt(Complex(k)));
    const auto start = [&](const Side& side) {
        return detail::wkb_start(side, root, OUT_OF_REACH) > 0 ? detail::wkb_start(side, root, WKB_START) : 0.0;
    };
    const double from_a = start(side_a), from_b = start(side_b);
    if (from_a > 0 && from_b > 0) {
        at_lower = at_upper = Scalar(0);
        return;
    }
    const auto a = shoot(side_a, k, tol, start_divergence_[0], singular_mid_, from_a);
    const auto b = shoot(side_b, k, tol, start_divergence_[1], singular_mid_, from_b);
    // −W = φ_a φ_b'(local) + φ_a' φ_b at p0 (local slopes point away from each end), which equals
    // φ_a(b) = φ_b(a).
    const Scalar w = a.value * b.slope + a.slope * b.value;
    at_upper = from_b > 0 ? Scalar(0) : a.value / w * std::exp(-b.log_scale);
    at_lower = from_a > 0 ? Scalar(0) : b.value / w * std::exp(-a.log_scale);
}

ExitLaplace BinaryDiffusionReference::laplace_by_end(double r) const {
    BELIEFSIM_REQUIRE(std::isfinite(r) && r >= 0, "discount rate r must be finite and >= 0 (got " << r << ")");
    ExitLaplace out;
    exit_laplace(r, ODE_TOL, out.lower, out.upper);
    BELIEFSIM_ENSURE(std::isfinite(out.lower) && std::isfinite(out.upper),
                     "binary reference: E[exp(-r tau)] not finite at r = " << r);
    return out;
}

void BinaryDiffusionReference::invert(double t, ExitTimeTable& out) const {
    BELIEFSIM_REQUIRE(std::isfinite(t) && t >= 0, "time t must be finite and >= 0 (got " << t << ")");
    double s = 0, fl = 0, fu = 0, cl = 0, cu = 0, gl = 0, gu = 0;
    if (t > 0) {
        const double h = 3.0 / CONTOUR_N, mu = PI * CONTOUR_N / (12 * t);
        for (int j = 0; j <= CONTOUR_N; ++j) {
            const Complex w(1, j * h), z = mu * w * w, dz = Complex(0, 2 * mu) * w;
            // A node's error enters the sum weighted by |e^{zt}| = e^{μt(1 − u²)}: the far nodes,
            // which have the largest |z| and so the most oscillatory ODE, need far less accuracy.
            const double tol = std::min(ODE_TOL_MAX, ODE_TOL * std::exp(mu * t * (j * h) * (j * h)));
            Complex ul, uu;
            exit_laplace(z, tol, ul, uu);
            // Trapezoidal rule on u ∈ ℝ: the terms at ±u are conjugate, hence the imaginary parts.
            const Complex e = std::exp(z * t) * dz * (j == 0 ? 0.5 : 1.0);
            s += std::imag(e * (1.0 - ul - uu) / z);
            fl += std::imag(e * ul);
            fu += std::imag(e * uu);
            cl += std::imag(e * ul / z);
            cu += std::imag(e * uu / z);
            // f' has the transform z·u: f(0) = 0.
            gl += std::imag(e * ul * z);
            gu += std::imag(e * uu * z);
        }
        const double scale = h / PI;
        s *= scale, fl *= scale, fu *= scale, cl *= scale, cu *= scale, gl *= scale, gu *= scale;
    } else {
        s = 1; // p0 is inside the interval
    }
    BELIEFSIM_ENSURE(std::isfinite(s) && std::isfinite(fl) && std::isfinite(fu) && std::isfinite(cl) &&
                         std::isfinite(cu) && std::isfinite(gl) && std::isfinite(gu),
                     "binary reference: exit-time law not finite at t = " << t);
    out.t.push_back(t);
    out.survival.push_back(s);
    out.density.push_back(fl + fu);
    out.density_lower.push_back(fl);
    out.density_upper.push_back(fu);
    out.cdf_lower.push_back(cl);
    out.cdf_upper.push_back(cu);
    out.density_slope_lower.push_back(gl);
    out.density_slope_upper.push_back(gu);
}

double BinaryDiffusionReference::survival(double t) const {
    ExitTimeTable out;
    invert(t, out);
    return out.survival[0];
}

double BinaryDiffusionReference::density(double t) const {
    ExitTimeTable out;
    invert(t, out);
    return out.density[0];
}

ExitTimeTable BinaryDiffusionReference::table(std::span<const double> t) const {
    ExitTimeTable out;
    for (const double ti : t) invert(ti, out);
    return out;
}

// ---- closed forms ----

double wright_fisher_mean_exit_time(double p0, double c) {
    BELIEFSIM_REQUIRE(p0 > 0 && p0 < 1 && c > 0, "wright_fisher_mean_exit_time: needs 0 < p0 < 1, c > 0");
    return -(2 / c) * (p0 * std::log(p0) + (1 - p0) * std::log1p(-p0));
}

double wright_fisher_survival(double p0, double c, double t) {
    BELIEFSIM_REQUIRE(p0 > 0 && p0 < 1 && c > 0 && t > 0, "wright_fisher_survival: needs 0 < p0 < 1, c > 0, t > 0");
    const double pq = p0 * (1 - p0), x = 1 - 2 * p0;
    double sum = 0;
    for (unsigned i = 1; i < 20000; i += 2) {
        const double ii = i, decay = std::exp(-0.5 * ii * (ii + 1) * c * t);
        const double weight = 4 * (2 * ii + 1) / (ii * (ii + 1)) * pq;
        sum += weight * boost::math::gegenbauer(i - 1, 1.5, x) * decay;
        // |C^{(3/2)}_{i−1}| ≤ C^{(3/2)}_{i−1}(1) = i(i+1)/2 bounds the rest of the tail.
        if (weight * 0.5 * ii * (ii + 1) * decay < 1e-17) return sum;
    }
    BELIEFSIM_ENSURE(false, "wright_fisher_survival: series did not converge at t = " << t);
    return sum;
}

double power_exit_laplace(double x0, double half_width, double alpha, double chi_f, double r) {
    BELIEFSIM_REQUIRE(std::abs(x0) < half_width && alpha > 1 && chi_f > 0 && r >= 0,
                      "power_exit_laplace: needs |x0| < half_width, alpha > 1, chi_f > 0, r >= 0");
    if (r == 0) return 1;
    const double nu = 1 / alpha, beta = 2 * std::sqrt(r * alpha * (alpha - 1) / chi_f) / alpha;
    const auto even = [&](double x) {
        if (x == 0) return std::pow(beta / 2, -nu) / std::tgamma(1 - nu);
        return std::sqrt(std::abs(x)) * boost::math::cyl_bessel_i(-nu, beta * std::pow(std::abs(x), alpha / 2));
    };
    const double out = even(x0) / even(half_width);
    BELIEFSIM_ENSURE(std::isfinite(out), "power_exit_laplace: Bessel function overflow (beta = " << beta << ")");
    return out;
}

} // namespace beliefsim::process
