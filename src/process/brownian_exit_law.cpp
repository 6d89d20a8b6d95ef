#include "beliefsim/process/brownian_exit_law.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "hermite.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/special_functions/sin_pi.hpp>
#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::process {
namespace {

constexpr double PI = boost::math::constants::pi<double>();

// ---- Exit law of a unit-variance Brownian motion from [0, 1] ------------------------------------

// Below this unit time the image series converges faster, above it the eigenfunction series; at ½
// six terms of either leave out less than e^{−24} of the leading term.
constexpr double SERIES_SWITCH = 0.5;
constexpr int SERIES_TERMS = 6;

// One side of the exit law at unit time s: cdf = P(τ ≤ s, exit here), tail = P(exit here) − cdf,
// density = d cdf/ds, slope = d density/ds. `near` is the distance a to this side, `far` = 1 − a
// (passed separately so that both keep full relative precision).
struct SideLaw {
    double cdf, tail, density, slope;
};

// Below this distance to either side the images pair up: their terms at c ∓ h (c = 2k + 1 and h = far,
// or c = 2k and h = near) cancel to O(h), so each pair's difference is integrated over [c − h, c + h]
// instead. At 1e-3 the direct sum still keeps 13 digits.
constexpr double PAIRED_BELOW = 1e-3;

SideLaw side_law(double near, double far, double s) {
    if (s <= 0) return {0, far, 0, 0};
    if (s < SERIES_SWITCH) {
        // Images: first passage to 0 from a, minus passages through the reflections at ±2k. The terms
        // at x: cdf erfc(x/√(2s)), density x e^{−x²/2s}/√(2πs³), slope = d density/ds.
        const double root = std::sqrt(2 * s);
        const double norm = 1 / std::sqrt(2 * PI * s * s * s);
        SideLaw law{0, 0, 0, 0};
        const auto add = [&](double x, double sign) {
            const double term = sign * x * std::exp(-x * x / (2 * s)) * norm;
            law.cdf += sign * std::erfc(x / root);
            law.density += term;
            law.slope += term * (x * x / (2 * s * s) - 1.5 / s);
        };
        // Adds sign·(term(c − h) − term(c + h)) = −sign·h ∫₋₁¹ term'(c + hv) dv for the three terms.
        const auto add_pair = [&](double c, double h, double sign) {
            const auto integral = [&](auto&& derivative) {
                return -sign * h *
                       boost::math::quadrature::gauss<double, 10>::integrate(
                           [&](double v) { return derivative(c + h * v); }, -1.0, 1.0);
            };
            law.cdf += integral([&](double x) { return -std::exp(-x * x / (2 * s)) * std::sqrt(2 / (PI * s)); });
            law.density += integral([&](double x) { return norm * std::exp(-x * x / (2 * s)) * (1 - x * x / s); });
            law.slope += integral([&](double x) {
                const double u = x * x / s;
                return norm * std::exp(-u / 2) * ((1 - u) * (u / (2 * s) - 1.5 / s) + u / s);
            });
        };
        if (far < PAIRED_BELOW) {
            for (int k = 0; k < SERIES_TERMS; ++k) add_pair(2 * k + 1, far, 1.0);
            law.tail = far - law.cdf;
            return law;
        }
        if (near < PAIRED_BELOW) {
            // The first term alone, then pairs at 2k ∓ near with sign −1; the tail from erf, since
            // the cdf is 1 − O(near) and its complement would lose the digits.
            add(near, 1.0);
            const double first_cdf = law.cdf;
            law.cdf = 0;
            for (int k = 1; k < SERIES_TERMS; ++k) add_pair(2 * k, near, -1.0);
            law.tail = std::erf(near / root) - near - law.cdf;
            law.cdf += first_cdf;
            return law;
        }
        for (int k = 0; k < SERIES_TERMS; ++k) {
            add(2 * k + near, 1.0);
            if (k > 0) add(2 * k - near, -1.0);
        }
        law.tail = far - law.cdf;
        return law;
    }
    // Eigenfunctions sin(kπx). sin(kπa) is taken from the smaller of a and 1 − a, since
    // sin(kπ(1 − b)) = (−1)^{k+1} sin(kπb), to keep its relative precision near either side.
    double tail = 0, density = 0, slope = 0;
    for (int k = 1; k <= SERIES_TERMS; ++k) {
        const double sign = (near <= far || k % 2 == 1) ? 1.0 : -1.0;
        const double sine = sign * boost::math::sin_pi(k * std::min(near, far));
        const double rate = k * k * PI * PI / 2;
        const double decay = std::exp(-rate * s);
        tail += 2 * sine / (k * PI) * decay;
        density += k * PI * sine * decay;
        slope -= rate * k * PI * sine * decay;
    }
    return {far - tail, tail, density, slope};
}

// The sampler's uniform u ∈ (0, 1] gives logit G = log(1 − u) − log u ∈ [−36.8, 45.1] for every
// u < 1 (u01's spacing is 2^-53 below 1, its smallest value 2^-65); the table covers that range.
constexpr double LOGIT_MIN = -37.5;
constexpr double LOGIT_MAX = 45.5;
constexpr double LOGIT_STEP = 1.0 / 32;

// E[e^{−rτ}] at unit variance `variance` = σ² (τ in model time): Σ over the two sides of
// sinh(A u)/sinh(A), A = √(2r/σ²), u the distance from x0 to the other side.
double exit_laplace(double far0, double far1, double variance, double r) {
    if (r == 0) return 1;
    // sinh(Au)/sinh(A) = e^{A(u−1)} (1 − e^{−2Au})/(1 − e^{−2A}): no overflow for large A.
    const double big = std::sqrt(2 * r / variance);
    const auto ratio = [&](double u) {
        return std::exp(big * (u - 1)) * std::expm1(-2 * big * u) / std::expm1(-2 * big);
    };
    return ratio(far0) + ratio(far1);
}

// x0 ∈ (a, b) on the unit interval: the distances to b (state 0's side) and to a, and σ² in unit time.
struct UnitInterval {
    double upper, lower, variance;
};

UnitInterval unit_interval(double x0, double a, double b, double sigma) {
    const double width = b - a;
    return {(b - x0) / width, (x0 - a) / width, sigma * sigma / (width * width)};
}

} // namespace

BrownianExitLaw::BrownianExitLaw(double x0, double variance) : x0_(x0), variance_(variance) {
    check_exit_distance(x0, 1 - x0);
    BELIEFSIM_REQUIRE(std::isfinite(variance) && variance > 0,
                      "Brownian exit law: variance must be finite and > 0 (got " << variance << ")");
    // State 0 exits at x = 1, at distance 1 − x0; state 1 at x = 0, at distance x0.
    tables_ = {build_table(1 - x0, x0), build_table(x0, 1 - x0)};
}

BrownianExitLaw::SideTable BrownianExitLaw::build_table(double near, double far) {
    // z = logit of the conditional law P(τ ≤ s | side) = cdf/far, y = log s; returns z(y), dz/dy, and
    // d log(dz/dy)/dy for the second derivative of the inverse.
    struct Logit {
        double value, slope, log_slope_derivative;
    };
    const auto logit_at = [&](double y) {
        const double s = std::exp(y);
        const SideLaw law = side_law(near, far, s);
        return Logit{std::log(law.cdf) - std::log(law.tail), s * law.density * far / (law.cdf * law.tail),
                     1 + s * law.slope / law.density - s * law.density / law.cdf + s * law.density / law.tail};
    };
    // Unit-time bracket: at s = a²/288, erfc(12) puts the logit below −140; at s = 12 the tail is
    // below e^{−55}, the logit above 50. Nothing underflows in between.
    const double y_lo = std::log(near * near / 288), y_hi = std::log(12.0);
    const auto cells = static_cast<std::size_t>(std::lround((LOGIT_MAX - LOGIT_MIN) / LOGIT_STEP));
    SideTable table{near, far, {}};
    double y = y_lo;
    for (std::size_t j = 0; j <= cells; ++j) {
        const double target = LOGIT_MIN + static_cast<double>(j) * LOGIT_STEP;
        std::uintmax_t iterations = 100;
        y = boost::math::tools::newton_raphson_iterate(
            [&](double yy) {
                const Logit z = logit_at(yy);
                return std::pair{z.value - target, z.slope};
            },
            y, y_lo, y_hi, std::numeric_limits<double>::digits - 2, iterations);
        const Logit z = logit_at(y);
        // dy/dz = 1/z', d²y/dz² = −z''/z'³ with z'' = z' · d log z'/dy.
        const Node node{y, 1 / z.slope, -z.log_slope_derivative / (z.slope * z.slope)};
        BELIEFSIM_ENSURE(std::isfinite(node.first) && std::isfinite(node.second) && z.slope > 0 &&
                             std::abs(z.value - target) < 1e-9 * std::max(1.0, std::abs(target)),
                         "Brownian exit law: table inversion failed at logit " << target << " (distance " << near
                                                                               << ")");
        table.nodes.push_back(node);
    }
    return table;
}

double BrownianExitLaw::side_time(const SideTable& table, double u) const {
    // 1 − G = u. u = 1 (probability 2^-54) maps to the table's first node.
    const double logit = std::log1p(-u) - std::log(u);
    const auto last = table.nodes.size() - 1;
    const double position = std::clamp((logit - LOGIT_MIN) / LOGIT_STEP, 0.0, static_cast<double>(last));
    const auto i = std::min(static_cast<std::size_t>(position), last - 1);
    const Node& a = table.nodes[i];
    const Node& b = table.nodes[i + 1];
    return std::exp(detail::quintic_hermite(a, b, LOGIT_STEP, position - static_cast<double>(i))) / variance_;
}

PathOutcome BrownianExitLaw::sample(rng::PathRng& rng) const {
    const int theta = rng::uniform_open_closed(rng) <= x0_ ? 0 : 1;
    const double tau = side_time(tables_[static_cast<std::size_t>(theta)], rng::uniform_open_closed(rng));
    return {tau, theta};
}

double BrownianExitLaw::state_cdf(int theta, double t) const {
    BELIEFSIM_REQUIRE(theta == 0 || theta == 1, "terminal state must be 0 or 1 (got " << theta << ")");
    BELIEFSIM_REQUIRE(t >= 0, "time must be >= 0 (got " << t << ")");
    const SideTable& side = tables_[static_cast<std::size_t>(theta)];
    return side_law(side.near, side.far, variance_ * t).cdf;
}

double BrownianExitLaw::state_density(int theta, double t) const {
    BELIEFSIM_REQUIRE(theta == 0 || theta == 1, "terminal state must be 0 or 1 (got " << theta << ")");
    BELIEFSIM_REQUIRE(t >= 0, "time must be >= 0 (got " << t << ")");
    const SideTable& side = tables_[static_cast<std::size_t>(theta)];
    return variance_ * side_law(side.near, side.far, variance_ * t).density;
}

double BrownianExitLaw::survival(double t) const {
    BELIEFSIM_REQUIRE(t >= 0, "time must be >= 0 (got " << t << ")");
    const double s = variance_ * t;
    return side_law(tables_[0].near, tables_[0].far, s).tail + side_law(tables_[1].near, tables_[1].far, s).tail;
}

double BrownianExitLaw::density(double t) const { return state_density(0, t) + state_density(1, t); }

double BrownianExitLaw::terminal_probability(int theta) const {
    BELIEFSIM_REQUIRE(theta == 0 || theta == 1, "terminal state must be 0 or 1 (got " << theta << ")");
    return theta == 0 ? x0_ : 1 - x0_;
}

double BrownianExitLaw::laplace(double r) const {
    BELIEFSIM_REQUIRE(r >= 0, "discount rate r must be >= 0 (got " << r << ")");
    return exit_laplace(tables_[0].far, tables_[1].far, variance_, r);
}

double BrownianExitLaw::tau_variance() const {
    const double m = mean();
    return x0_ * (1 - x0_) * (1 + x0_ - x0_ * x0_) / (3 * variance_ * variance_) - m * m;
}

double brownian_exit_laplace(double x0, double a, double b, double sigma, double r) {
    BELIEFSIM_REQUIRE(a < x0 && x0 < b && sigma > 0 && r >= 0,
                      "brownian_exit_laplace: needs a < x0 < b, sigma > 0, r >= 0");
    const UnitInterval u = unit_interval(x0, a, b, sigma);
    return exit_laplace(u.lower, u.upper, u.variance, r);
}

double brownian_exit_survival(double x0, double a, double b, double sigma, double t) {
    BELIEFSIM_REQUIRE(a < x0 && x0 < b && sigma > 0 && t >= 0,
                      "brownian_exit_survival: needs a < x0 < b, sigma > 0, t >= 0");
    const UnitInterval u = unit_interval(x0, a, b, sigma);
    const double s = u.variance * t;
    return side_law(u.upper, u.lower, s).tail + side_law(u.lower, u.upper, s).tail;
}

double brownian_exit_density(double x0, double a, double b, double sigma, double t) {
    BELIEFSIM_REQUIRE(a < x0 && x0 < b && sigma > 0 && t >= 0,
                      "brownian_exit_density: needs a < x0 < b, sigma > 0, t >= 0");
    const UnitInterval u = unit_interval(x0, a, b, sigma);
    const double s = u.variance * t;
    return u.variance * (side_law(u.upper, u.lower, s).density + side_law(u.lower, u.upper, s).density);
}

} // namespace beliefsim::process
