#include "feynman_kac.hpp"

#include "beliefsim/core/error.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace beliefsim::process::detail {
namespace {

namespace odeint = boost::numeric::odeint;
using Complex = std::complex<double>;
constexpr double LN2 = boost::math::constants::ln_two<double>();

constexpr long MAX_ODE_STEPS = 1'000'000;
// At a singular end the integration starts at δ with φ = δ, φ' = 1; the part this neglects is
// relatively |k|·D(a|a+δ) (D(a|a+δ) = ∫_a^{a+δ}(s − a)H''(s) ds), kept below this.
constexpr double START_NEGLECT = 1e-16;

// Odeint state. Zero-initialized, unlike std::array: Odeint default-constructs and copies its stage
// buffers, which GCC 12 reports as use of uninitialized memory (-Wmaybe-uninitialized) for arrays.
template <std::size_t N>
struct OdeState : std::array<double, N> {
    OdeState() : std::array<double, N>{} {}
    OdeState(std::initializer_list<double> v) : std::array<double, N>{} {
        std::copy(v.begin(), v.end(), this->begin());
    }
};

// Odeint's error norms need real state entries, so a complex solution is stored as 4 reals.
template <class Scalar>
struct Packing;
template <>
struct Packing<double> {
    using State = OdeState<2>;
    static State pack(double phi, double psi) { return {phi, psi}; }
    static double value(const State& s) { return s[0]; }
    static double slope(const State& s) { return s[1]; }
    static void rhs(const State& s, State& ds, double c) {
        ds[0] = s[1];
        ds[1] = c * s[0];
    }
};
template <>
struct Packing<Complex> {
    using State = OdeState<4>; // Re φ, Im φ, Re φ', Im φ'
    static State pack(Complex phi, Complex psi) { return {phi.real(), phi.imag(), psi.real(), psi.imag()}; }
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
void integrate(const Side& s, Scalar k, double from, double to, double first_step, double tol, Shot<Scalar>& y) {
    using P = Packing<Scalar>;
    using State = typename P::State;
    if (to <= from) return;
    State state = P::pack(y.value, y.slope);
    const auto rhs = [&](const State& u, State& du, double x) { P::rhs(u, du, k * s.h2(x)); };
    auto stepper = odeint::make_controlled(
        tol, tol, odeint::runge_kutta_dopri5<State, double, State, double, odeint::array_algebra>());
    double x = from;
    double dx = std::min(first_step, to - from);
    for (long steps = 0; x < to; ++steps) {
        BELIEFSIM_ENSURE(steps < MAX_ODE_STEPS, "binary reference: the Feynman-Kac ODE needs more than "
                                                    << MAX_ODE_STEPS << " steps (k = " << k << ")");
        const double rest = to - x;
        const bool last = dx >= rest;
        double step = last ? rest : dx;
        if (stepper.try_step(rhs, state, x, step) == odeint::success) {
            if (last) x = to;
            // Solutions grow like e^{√k·x}: renormalize by a power of two (exact) to stay O(1).
            double norm = 0;
            for (const double v : state) norm = std::max(norm, std::abs(v));
            if (norm > 0x1p16 || norm < 0x1p-16) {
                const int e = std::ilogb(norm);
                for (double& v : state) v = std::ldexp(v, -e);
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

} // namespace

double wkb_start(const Side& s, double re_root_k, double exponent) {
    const auto h2 = [&](double x) {
        const double v = s.h2(x);
        return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    };
    double x = s.length, sum = 0;
    const double h_here = h2(x);
    double step = std::isfinite(h_here) && h_here > 0 ? 1 / (re_root_k * std::sqrt(h_here)) : s.length / 64;
    while (x > 0) {
        double lo = std::max(0.0, x - step);
        if (x > s.mid && lo < s.mid) lo = s.mid; // a monotone piece
        sum += re_root_k * (x - lo) * std::sqrt(std::min(h2(lo), h2(x)));
        if (sum >= exponent) return lo;
        x = lo;
        step *= 2;
    }
    return 0;
}

template <class Scalar>
Shot<Scalar> shoot(const Side& end_side, Scalar k, double tol, const std::vector<double>& divergence, bool singular_mid,
                   double from) {
    Side s = end_side;
    Shot<Scalar> y{Scalar(0), Scalar(1), 0.0};
    const double ak = std::abs(k);
    // Bridge a singular ½. The gap balances the bridge's O(k²δ^{2α−1}) error against the
    // O(kεδ^{α−2}) error of resolving p − ½ to ε ~ 1e-16 (power family). Measured against the
    // Bessel closed form up to |k| = 8e3: ≤ 2e-11 relative for α ≥ 1.5, 3e-8 for α = 1.2.
    const double gap = std::min(s.mid / 16, std::pow(1e-16 / std::max(1.0, ak), 0.4));
    // A start inside the bridge gap would need H'' where it is not finite: start at the end instead.
    if (singular_mid && std::abs(from - s.mid) < gap) from = 0;
    double x = 0;
    double hint = s.length / 16;
    if (from > 0) {
        // Rebased to x = 0 at `from`, beliefs formed from p0: next to p0 the end's own coordinate
        // cannot resolve p − p0 (the far end's, for p0 ~ 1e-9, only to 1e-7 relative).
        s.length = end_side.length - from;
        s.mid = end_side.mid - from;
        s.from_at = true;
        y = {Scalar(1), std::sqrt(k * s.h2(0)), 0.0};
        hint = s.length / 16;
    } else if (!divergence.empty()) {
        std::size_t j = 0;
        while (j + 1 < divergence.size() &&
               (std::ldexp(1.0, -3 * static_cast<int>(j + 1)) > s.length / 4 || ak * divergence[j] > START_NEGLECT))
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
        if (s.mid > 0 && s.mid < s.length) run(s.mid); // H'' may have a kink at ½ (power, 2 < α < 3)
        run(s.length);
        return y;
    }
    if (s.length <= s.mid - gap) {
        run(s.length);
        return y;
    }
    run(s.mid - gap);
    if (x < s.mid) {
        const double x2 = std::min(s.length, s.mid + gap);
        bridge(s, k, x, x2, y);
        x = x2;
        hint = gap;
    }
    if (x < s.length) integrate(s, k, x, s.length, hint, tol, y);
    return y;
}

template Shot<double> shoot(const Side&, double, double, const std::vector<double>&, bool, double);
template Shot<Complex> shoot(const Side&, Complex, double, const std::vector<double>&, bool, double);

} // namespace beliefsim::process::detail
