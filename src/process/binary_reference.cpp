#include "beliefsim/process/binary_reference.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/gegenbauer.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <initializer_list>
#include <iomanip>

namespace beliefsim::process {
namespace {

namespace odeint = boost::numeric::odeint;
using Complex = std::complex<double>;
constexpr double PI = boost::math::constants::pi<double>();
constexpr double LN2 = boost::math::constants::ln_two<double>();

// Controlled Dormand-Prince 5(4): absolute and relative tolerance (the state is kept O(1)). Not
// Fehlberg 7(8): its error estimate vanishes on quadrature-like stretches (y' ≈ f(x)), which is
// what φ'' = kH''φ is next to a singular H'', so it steps over the singularity (errors ~1e-4).
constexpr double ODE_TOL = 1e-12;
// Loosest tolerance used for contour nodes whose weight e^{zt} is small.
constexpr double ODE_TOL_MAX = 1e-6;
constexpr long MAX_ODE_STEPS = 1'000'000;
// At a singular end the integration starts at δ with φ = δ, φ' = 1; the part this neglects is
// relatively |k|·D(a|a+δ) (D(a|a+δ) = ∫_a^{a+δ}(s − a)H''(s) ds), kept below this.
constexpr double START_NEGLECT = 1e-16;
// Candidate start gaps δ_j = 2^{−3j}, j = 1..START_LEVELS (down to ~1e-54).
constexpr int START_LEVELS = 60;
// Parabolic contour: N + 1 nodes (conjugate symmetry halves the 2N + 1 of the rule).
constexpr int CONTOUR_N = 14;
constexpr double QUAD_TOL = 1e-13; // tanh-sinh
// Neighbourhoods of a singular ½ (relative to κ) integrated by parts instead of by quadrature: the
// belief cannot resolve p − ½ below ~1e-16, so H'' is unusable right at ½, but H and H' are not.
constexpr double TAIL_WIDTH = 1e-6;

// Integration from one end into the interval: p = end + dir·x with x ≥ 0. Beliefs are formed in
// this local coordinate so that the small component next to a vertex is exact (1 − p would round).
struct Side {
    const entropy::Entropy* entropy;
    double end;
    double dir;
    double length; // |p0 − end|
    double mid;    // |½ − end|, the local coordinate of ½

    [[nodiscard]] Vector belief(double x) const {
        Vector mu(2);
        mu << end + dir * x, (1 - end) - dir * x;
        return mu;
    }
    [[nodiscard]] double h2(double x) const { // H'' = vᵀ Hess H v, v = (1, −1)
        const Matrix m = entropy->hessian(belief(x));
        return m(0, 0) - m(0, 1) - m(1, 0) + m(1, 1);
    }
    [[nodiscard]] double h0(double x) const { return entropy->value(belief(x)); }
    [[nodiscard]] double h1(double x) const { // dH/dx
        const Vector g = entropy->gradient(belief(x));
        return dir * (g[0] - g[1]);
    }
};

// φ = e^{log_scale}·value, φ' = e^{log_scale}·slope (derivatives in the side's local coordinate).
template <class Scalar> struct Shot {
    Scalar value;
    Scalar slope;
    double log_scale;
};

// Odeint state. Zero-initialized, unlike std::array: Odeint default-constructs and copies its stage
// buffers, which GCC 12 reports as use of uninitialized memory (-Wmaybe-uninitialized) for arrays.
template <std::size_t N> struct OdeState : std::array<double, N> {
    OdeState() : std::array<double, N>{} {}
    OdeState(std::initializer_list<double> v) : std::array<double, N>{} {
        std::copy(v.begin(), v.end(), this->begin());
    }
};

// Odeint's error norms need real state entries, so a complex solution is stored as 4 reals.
template <class Scalar> struct Packing;
template <> struct Packing<double> {
    using State = OdeState<2>;
    static State pack(double phi, double psi) { return {phi, psi}; }
    static double value(const State& s) { return s[0]; }
    static double slope(const State& s) { return s[1]; }
    static void rhs(const State& s, State& ds, double c) {
        ds[0] = s[1];
        ds[1] = c * s[0];
    }
};
template <> struct Packing<Complex> {
    using State = OdeState<4>; // Re φ, Im φ, Re φ', Im φ'
    static State pack(Complex phi, Complex psi) {
        return {phi.real(), phi.imag(), psi.real(), psi.imag()};
    }
    static Complex value(const State& s) { return {s[0], s[1]}; }
    static Complex slope(const State& s) { return {s[2], s[3]}; }
    static void rhs(const State& s, State& ds, Complex c) {
        ds[0] = s[2];
        ds[1] = s[3];
        ds[2] = c.real() * s[0] - c.imag() * s[1];
        ds[3] = c.real() * s[1] + c.imag() * s[0];
    }
};

// φ'' = k H'' φ from x = from to x = to (neither a singular point), first trial step `first_step`.
template <class Scalar>
void integrate(const Side& s, Scalar k, double from, double to, double first_step, double tol,
               Shot<Scalar>& y) {
    using P = Packing<Scalar>;
    using State = typename P::State;
    if (to <= from)
        return;
    State state = P::pack(y.value, y.slope);
    const auto rhs = [&](const State& u, State& du, double x) { P::rhs(u, du, k * s.h2(x)); };
    auto stepper = odeint::make_controlled(
        tol, tol,
        odeint::runge_kutta_dopri5<State, double, State, double, odeint::array_algebra>());
    double x = from;
    double dx = std::min(first_step, to - from);
    for (long steps = 0; x < to; ++steps) {
        BELIEFSIM_ENSURE(steps < MAX_ODE_STEPS,
                         "binary reference: the Feynman-Kac ODE needs more than "
                             << MAX_ODE_STEPS << " steps (k = " << k << ")");
        const double rest = to - x;
        const bool last = dx >= rest;
        double step = last ? rest : dx;
        if (stepper.try_step(rhs, state, x, step) == odeint::success) {
            if (last)
                x = to;
            // Solutions grow like e^{√k·x}: renormalize by a power of two (exact) to stay O(1).
            double norm = 0;
            for (const double v : state)
                norm = std::max(norm, std::abs(v));
            if (norm > 0x1p16 || norm < 0x1p-16) {
                const int e = std::ilogb(norm);
                for (double& v : state)
                    v = std::ldexp(v, -e);
                y.log_scale += e * LN2;
                stepper.reset();
            }
        }
        dx = step;
    }
    y.value = P::value(state);
    y.slope = P::slope(state);
}

// One Picard step from x1 over a short gap to x2 with φ linear on it. The integrals of H'' it needs
// are exact differences of H and H': ∫(x2 − s)H'' = D(x2|x1), ∫(s − x1)H'' = D(x1|x2) (Bregman
// divergences of H along the side), ∫H'' = H'(x2) − H'(x1). The neglected term is O(k²·D·∫H'').
template <class Scalar>
void bridge(const Side& s, Scalar k, double x1, double x2, Shot<Scalar>& y) {
    const double d = x2 - x1;
    const double v1 = s.h0(x1), v2 = s.h0(x2), g1 = s.h1(x1), g2 = s.h1(x2);
    const Scalar phi = y.value, psi = y.slope;
    y.value = phi + d * psi + k * phi * (v2 - v1 - d * g1);
    y.slope = psi + k * phi * (g2 - g1) + k * psi * (v1 - v2 + d * g2);
}

// φ from its own end (φ = 0, φ' = 1 there) to p0. `divergence[j]` = D(end | end + 2^{−3(j+1)}),
// empty when the end is regular.
template <class Scalar>
Shot<Scalar> shoot(const Side& s, Scalar k, double tol, const std::vector<double>& divergence,
                   bool singular_mid) {
    Shot<Scalar> y{Scalar(0), Scalar(1), 0.0};
    const double ak = std::abs(k);
    double x = 0;
    double hint = s.length / 16;
    if (!divergence.empty()) {
        std::size_t j = 0;
        while (j + 1 < divergence.size() &&
               (std::ldexp(1.0, -3 * static_cast<int>(j + 1)) > s.length / 4 ||
                ak * divergence[j] > START_NEGLECT))
            ++j;
        x = std::ldexp(1.0, -3 * static_cast<int>(j + 1));
        y.value = Scalar(x);
        hint = x; // steps grow geometrically away from the singular end
    }
    const auto run = [&](double to) {
        integrate(s, k, x, to, std::min(hint, (to - x) / 16), tol, y);
        x = std::max(x, to);
        hint = s.length / 16;
    };
    if (!singular_mid) {
        if (s.mid < s.length)
            run(s.mid); // H'' may have a kink at ½ (power, 2 < α < 3)
        run(s.length);
        return y;
    }
    // Bridge a singular ½. The gap balances the bridge's O(k²δ^{2α−1}) error against the
    // O(kεδ^{α−2}) error of resolving p − ½ to ε ~ 1e-16 (power family). Measured against the
    // Bessel closed form up to |k| = 8e3: ≤ 2e-11 relative for α ≥ 1.5, 3e-8 for α = 1.2.
    const double gap = std::min(s.mid / 16, std::pow(1e-16 / std::max(1.0, ak), 0.4));
    if (s.length <= s.mid - gap) {
        run(s.length);
        return y;
    }
    run(s.mid - gap);
    const double x2 = std::min(s.length, s.mid + gap);
    bridge(s, k, x, x2, y);
    x = x2;
    hint = gap;
    if (x < s.length)
        integrate(s, k, x, s.length, hint, tol, y);
    return y;
}

// ∫_0^X w(x) H''(x) dx along a side, split at ½. Tanh-sinh handles integrable singularities of H''
// at the ends. A singular ½ is approached on geometric cells, distances [d/4, d] from ½, down to
// TAIL_WIDTH·κ, each by 30-point Gauss-Legendre: the singularity lies outside the cell's Bernstein
// ellipse of parameter ρ = 3, so the error is ~ρ^{−60} (tanh-sinh, which wants the singularity at
// an end, and Boost's adaptive Gauss-Kronrod, whose error estimate stalls near round-off, both fail
// there). The rest is integrated by parts with w linear: ∫w H'' = [w H'] − w'·[H] (H and H' stay
// finite where H'' does not).
template <class W>
double weighted_integral(const Side& s, const W& w, bool singular_mid,
                         boost::math::quadrature::tanh_sinh<double>& ts) {
    using Gauss = boost::math::quadrature::gauss<double, 30>;
    const auto f = [&](double x) { return w(x) * s.h2(x); };
    double error = 0, l1 = 0;
    const auto checked = [&](double q) {
        // Catches non-convergence only: the estimate is pessimistic (1e-7 relative on short pieces
        // where the result is right to 1e-15); the accuracy itself is tested against closed forms.
        BELIEFSIM_ENSURE(std::isfinite(q) && error <= 1e-6 * l1,
                         "binary reference: quadrature of the Green's function failed (error "
                             << error << ")");
        return q;
    };
    const auto piece = [&](double x1, double x2) {
        if (x2 <= x1)
            return 0.0;
        if (!singular_mid) {
            // Boost 1.74's tanh-sinh reports garbage error estimates on intervals this short (p0
            // next to ½ or to an end), where the integrand hardly varies anyway.
            if (x2 - x1 < 1e-6)
                return Gauss::integrate(f, x1, x2);
            return checked(ts.integrate(f, x1, x2, QUAD_TOL, &error, &l1));
        }
        // [x1, x2] lies on one side of ½: distances to ½ from `dn` (near end) to `df`.
        const double m = s.mid, sign = x2 <= m ? -1.0 : 1.0;
        const double dn = std::abs((sign < 0 ? x2 : x1) - m),
                     df = std::abs((sign < 0 ? x1 : x2) - m);
        const double near = TAIL_WIDTH * m;
        double sum = 0;
        for (double d = df; d > std::max(dn, near); d /= 4) {
            const double lo = std::max({d / 4, dn, near});
            sum += -sign * Gauss::integrate(f, m + sign * std::min(d, df), m + sign * lo);
        }
        if (dn < near) {
            const double xa = m + sign * dn, xb = m + sign * std::min(near, df);
            const double wa = w(xa), wb = w(xb);
            sum += sign *
                   (wb * s.h1(xb) - wa * s.h1(xa) - (wb - wa) / (xb - xa) * (s.h0(xb) - s.h0(xa)));
        }
        return sum;
    };
    return s.mid < s.length ? piece(0, s.mid) + piece(s.mid, s.length) : piece(0, s.length);
}

} // namespace

BinaryDiffusionReference::BinaryDiffusionReference(BinaryDiffusionSpec spec)
    : spec_(std::move(spec)) {
    const double kappa = spec_.half_width, chi = spec_.chi, f = spec_.fraction, p0 = spec_.prior;
    BELIEFSIM_CHECK(std::isfinite(kappa) && kappa > 0 && kappa <= 0.5, "half_width",
                    "must be in (0, 0.5] (got " << std::setprecision(17) << kappa << ")");
    check_chi(chi);
    check_throughput_fraction(f);
    lower_ = 0.5 - kappa;
    upper_ = 0.5 + kappa;
    BELIEFSIM_CHECK(p0 > lower_ && p0 < upper_, "prior",
                    "must be in (" << std::setprecision(17) << lower_ << ", " << upper_ << ") (got " << p0 << ")");

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
        if (std::isfinite(s.h2(0)))
            continue;
        // D(end | end + δ_j) = ∫_0^{δ_j} x H''(x) dx, nested over geometric cells; only its order
        // of magnitude matters (it picks the start gap).
        std::vector<double>& d = start_divergence_[e];
        d.assign(START_LEVELS, 0.0);
        const auto integrand = [&](double x) { return x * s.h2(x); };
        using GK = boost::math::quadrature::gauss_kronrod<double, 15>;
        double below = GK::integrate(integrand, 0.0, std::ldexp(1.0, -3 * START_LEVELS), 0);
        for (int j = START_LEVELS - 1; j >= 0; --j) {
            if (j + 1 < START_LEVELS)
                below += GK::integrate(integrand, std::ldexp(1.0, -3 * (j + 2)),
                                       std::ldexp(1.0, -3 * (j + 1)), 0);
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
        const auto m1 = [&](double x) {
            return (((width - x) * here + x * far) / width - s.h0(x)) / cf;
        };
        const auto green = [](double x) { return x; };
        const auto green_m1 = [&](double x) { return x * m1(x); };
        first += c * weighted_integral(s, green, singular_mid_, ts);
        second += c * weighted_integral(s, green_m1, singular_mid_, ts);
    }
    mean_ = first / cf;
    variance_ = 2 * second / cf - mean_ * mean_;
    BELIEFSIM_ENSURE(std::isfinite(mean_) && mean_ > 0 && std::isfinite(variance_) && variance_ > 0,
                     "binary reference: moments not finite (mean " << mean_ << ", variance "
                                                                   << variance_ << ")");
}

double BinaryDiffusionReference::sigma2(double p) const {
    BELIEFSIM_REQUIRE(p > lower_ && p < upper_,
                      "p must be in (" << lower_ << ", " << upper_ << ") (got " << p << ")");
    const Side s = p <= 0.5 ? Side{&spec_.entropy, lower_, 1, p - lower_, 0.5 - lower_}
                            : Side{&spec_.entropy, upper_, -1, upper_ - p, upper_ - 0.5};
    return 2 * spec_.chi * spec_.fraction / s.h2(s.length);
}

template <class Scalar>
void BinaryDiffusionReference::exit_laplace(Scalar z, double tol, Scalar& at_lower,
                                            Scalar& at_upper) const {
    const Scalar k = z / (spec_.chi * spec_.fraction);
    const double p0 = spec_.prior;
    const auto a = shoot(Side{&spec_.entropy, lower_, 1, p0 - lower_, 0.5 - lower_}, k, tol,
                         start_divergence_[0], singular_mid_);
    const auto b = shoot(Side{&spec_.entropy, upper_, -1, upper_ - p0, upper_ - 0.5}, k, tol,
                         start_divergence_[1], singular_mid_);
    // −W = φ_a φ_b'(local) + φ_a' φ_b at p0 (local slopes point away from each end), which equals
    // φ_a(b) = φ_b(a).
    const Scalar w = a.value * b.slope + a.slope * b.value;
    at_upper = a.value / w * std::exp(-b.log_scale);
    at_lower = b.value / w * std::exp(-a.log_scale);
}

ExitLaplace BinaryDiffusionReference::laplace_by_end(double r) const {
    BELIEFSIM_REQUIRE(std::isfinite(r) && r >= 0,
                      "discount rate r must be finite and >= 0 (got " << r << ")");
    ExitLaplace out;
    exit_laplace(r, ODE_TOL, out.lower, out.upper);
    BELIEFSIM_ENSURE(std::isfinite(out.lower) && std::isfinite(out.upper),
                     "binary reference: E[exp(-r tau)] not finite at r = " << r);
    return out;
}

void BinaryDiffusionReference::invert(double t, ExitTimeTable& out) const {
    BELIEFSIM_REQUIRE(std::isfinite(t) && t >= 0,
                      "time t must be finite and >= 0 (got " << t << ")");
    double s = 0, fl = 0, fu = 0, cl = 0, cu = 0;
    if (t > 0) {
        const double h = 3.0 / CONTOUR_N, mu = PI * CONTOUR_N / (12 * t);
        for (int j = 0; j <= CONTOUR_N; ++j) {
            const Complex w(1, j * h), z = mu * w * w, dz = Complex(0, 2 * mu) * w;
            // A node's error enters the sum weighted by |e^{zt}| = e^{μt(1 − u²)}: the far nodes,
            // which have the largest |z| and so the most oscillatory ODE, need far less accuracy.
            const double tol =
                std::min(ODE_TOL_MAX, ODE_TOL * std::exp(mu * t * (j * h) * (j * h)));
            Complex ul, uu;
            exit_laplace(z, tol, ul, uu);
            // Trapezoidal rule on u ∈ ℝ: the terms at ±u are conjugate, hence the imaginary parts.
            const Complex e = std::exp(z * t) * dz * (j == 0 ? 0.5 : 1.0);
            s += std::imag(e * (1.0 - ul - uu) / z);
            fl += std::imag(e * ul);
            fu += std::imag(e * uu);
            cl += std::imag(e * ul / z);
            cu += std::imag(e * uu / z);
        }
        const double scale = h / PI;
        s *= scale, fl *= scale, fu *= scale, cl *= scale, cu *= scale;
    } else {
        s = 1; // p0 is inside the interval
    }
    BELIEFSIM_ENSURE(std::isfinite(s) && std::isfinite(fl) && std::isfinite(fu) &&
                         std::isfinite(cl) && std::isfinite(cu),
                     "binary reference: exit-time law not finite at t = " << t);
    out.t.push_back(t);
    out.survival.push_back(s);
    out.density.push_back(fl + fu);
    out.density_lower.push_back(fl);
    out.density_upper.push_back(fu);
    out.cdf_lower.push_back(cl);
    out.cdf_upper.push_back(cu);
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
    for (const double ti : t)
        invert(ti, out);
    return out;
}

// ---- closed forms ----

double brownian_exit_laplace(double x0, double a, double b, double sigma, double r) {
    BELIEFSIM_REQUIRE(a < x0 && x0 < b && sigma > 0 && r >= 0,
                      "brownian_exit_laplace: needs a < x0 < b, sigma > 0, r >= 0");
    // cosh(c1)/cosh(c2) = e^{c1 − c2}(1 + e^{−2c1})/(1 + e^{−2c2}), safe for large arguments.
    const double c1 = std::sqrt(2 * r) * std::abs(x0 - 0.5 * (a + b)) / sigma;
    const double c2 = std::sqrt(2 * r) * (b - a) / (2 * sigma);
    return std::exp(c1 - c2) * (1 + std::exp(-2 * c1)) / (1 + std::exp(-2 * c2));
}

namespace {
// Brownian exit from (0, 1) started at y, in the dimensionless time s = σ²t/L²: survival and
// −dS/ds. Eigen series for s ≥ 1/8 (terms fall as e^{−(2k+1)²π²s/2}: 5 terms reach 1e-20), images
// below (terms fall as e^{−n²/s}).
void brownian_unit(double y, double s, double& survival, double& rate) {
    survival = 0, rate = 0;
    if (s >= 0.125) {
        for (int k = 0;; ++k) {
            const double m = (2 * k + 1) * PI, decay = std::exp(-0.5 * m * m * s);
            survival += 4 / m * std::sin(m * y) * decay;
            rate += 4 / m * std::sin(m * y) * 0.5 * m * m * decay;
            if (decay < 1e-20)
                return;
        }
    }
    // S = Σ_n [Φ((1 − y + 2n)/√s) − Φ((2n − y)/√s) − Φ((1 + y + 2n)/√s) + Φ((y + 2n)/√s)], n ∈ ℤ.
    const double rs = std::sqrt(s);
    const auto cdf = [&](double c) { return 0.5 * std::erfc(-c / (rs * std::sqrt(2.0))); };
    const auto dcdf = [&](double c) { // dΦ(c/√s)/ds
        return -c / (2 * s * rs) * std::exp(-c * c / (2 * s)) / std::sqrt(2 * PI);
    };
    for (int n = -4; n <= 4; ++n) {
        const double c[4] = {1 - y + 2 * n, 2 * n - y, 1 + y + 2 * n, y + 2 * n};
        survival += cdf(c[0]) - cdf(c[1]) - cdf(c[2]) + cdf(c[3]);
        rate -= dcdf(c[0]) - dcdf(c[1]) - dcdf(c[2]) + dcdf(c[3]);
    }
}
} // namespace

double brownian_exit_survival(double x0, double a, double b, double sigma, double t) {
    BELIEFSIM_REQUIRE(a < x0 && x0 < b && sigma > 0 && t >= 0,
                      "brownian_exit_survival: needs a < x0 < b, sigma > 0, t >= 0");
    if (t == 0)
        return 1;
    double s = 0, rate = 0;
    brownian_unit((x0 - a) / (b - a), sigma * sigma * t / ((b - a) * (b - a)), s, rate);
    return s;
}

double brownian_exit_density(double x0, double a, double b, double sigma, double t) {
    BELIEFSIM_REQUIRE(a < x0 && x0 < b && sigma > 0 && t >= 0,
                      "brownian_exit_density: needs a < x0 < b, sigma > 0, t >= 0");
    if (t == 0)
        return 0;
    double s = 0, rate = 0;
    const double scale = sigma * sigma / ((b - a) * (b - a));
    brownian_unit((x0 - a) / (b - a), scale * t, s, rate);
    return scale * rate;
}

double wright_fisher_mean_exit_time(double p0, double c) {
    BELIEFSIM_REQUIRE(p0 > 0 && p0 < 1 && c > 0,
                      "wright_fisher_mean_exit_time: needs 0 < p0 < 1, c > 0");
    return -(2 / c) * (p0 * std::log(p0) + (1 - p0) * std::log1p(-p0));
}

double wright_fisher_survival(double p0, double c, double t) {
    BELIEFSIM_REQUIRE(p0 > 0 && p0 < 1 && c > 0 && t > 0,
                      "wright_fisher_survival: needs 0 < p0 < 1, c > 0, t > 0");
    const double pq = p0 * (1 - p0), x = 1 - 2 * p0;
    double sum = 0;
    for (unsigned i = 1; i < 20000; i += 2) {
        const double ii = i, decay = std::exp(-0.5 * ii * (ii + 1) * c * t);
        const double weight = 4 * (2 * ii + 1) / (ii * (ii + 1)) * pq;
        sum += weight * boost::math::gegenbauer(i - 1, 1.5, x) * decay;
        // |C^{(3/2)}_{i−1}| ≤ C^{(3/2)}_{i−1}(1) = i(i+1)/2 bounds the rest of the tail.
        if (weight * 0.5 * ii * (ii + 1) * decay < 1e-17)
            return sum;
    }
    BELIEFSIM_ENSURE(false, "wright_fisher_survival: series did not converge at t = " << t);
    return sum;
}

double power_exit_laplace(double x0, double half_width, double alpha, double chi_f, double r) {
    BELIEFSIM_REQUIRE(std::abs(x0) < half_width && alpha > 1 && chi_f > 0 && r >= 0,
                      "power_exit_laplace: needs |x0| < half_width, alpha > 1, chi_f > 0, r >= 0");
    if (r == 0)
        return 1;
    const double nu = 1 / alpha, beta = 2 * std::sqrt(r * alpha * (alpha - 1) / chi_f) / alpha;
    const auto even = [&](double x) {
        if (x == 0)
            return std::pow(beta / 2, -nu) / std::tgamma(1 - nu);
        return std::sqrt(std::abs(x)) *
               boost::math::cyl_bessel_i(-nu, beta * std::pow(std::abs(x), alpha / 2));
    };
    const double out = even(x0) / even(half_width);
    BELIEFSIM_ENSURE(std::isfinite(out),
                     "power_exit_laplace: Bessel function overflow (beta = " << beta << ")");
    return out;
}

} // namespace beliefsim::process
