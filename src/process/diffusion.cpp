#include "beliefsim/process/diffusion.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/sin_pi.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

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

SideLaw side_law(double near, double far, double s) {
    if (s <= 0) return {0, far, 0, 0};
    if (s < SERIES_SWITCH) {
        // Images: first passage to 0 from a, minus passages through the reflections at ±2k.
        const double root = std::sqrt(2 * s);
        const double norm = 1 / std::sqrt(2 * PI * s * s * s);
        double cdf = 0, density = 0, slope = 0;
        const auto add = [&](double x, double sign) {
            const double term = sign * x * std::exp(-x * x / (2 * s)) * norm;
            cdf += sign * std::erfc(x / root);
            density += term;
            slope += term * (x * x / (2 * s * s) - 1.5 / s);
        };
        for (int k = 0; k < SERIES_TERMS; ++k) {
            add(2 * k + near, 1.0);
            if (k > 0) add(2 * k - near, -1.0);
        }
        return {cdf, far - cdf, density, slope};
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

// Quintic Hermite interpolation at s ∈ [0, 1] of a cell of width w between nodes a and b, each with
// `value`, `first` and `second` derivative (error O(w⁶); a cubic's O(w⁴) left 1e-9 relative
// errors in τ on this grid).
template <class Node>
double quintic_hermite(const Node& a, const Node& b, double w, double s) {
    const double s2 = s * s, s3 = s2 * s, s4 = s3 * s, s5 = s4 * s;
    return (1 - 10 * s3 + 15 * s4 - 6 * s5) * a.value + (10 * s3 - 15 * s4 + 6 * s5) * b.value +
           w * ((s - 6 * s3 + 8 * s4 - 3 * s5) * a.first + (-4 * s3 + 7 * s4 - 3 * s5) * b.first) +
           w * w *
               ((0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5) * a.second +
                (0.5 * s3 - s4 + 0.5 * s5) * b.second);
}

// ---- Brownian-bridge crossing -------------------------------------------------------------------

// log(2^-65): u01's smallest value. A crossing probability below it can never be drawn, so no
// uniform is spent on it.
const double LOG_SMALLEST_UNIFORM = -65 * std::log(2.0);

// Can a bridge from distance d1 > 0 to d2 > 0 cross with a probability a uniform can resolve?
bool crossing_possible(double d1, double d2, double var_h) {
    return d2 > 0 && -2 * d1 * d2 / var_h >= LOG_SMALLEST_UNIFORM;
}

// Did the Brownian bridge from distance d1 > 0 to distance d2 from a straight boundary, over a step
// whose variance is var_h, touch the boundary? P = exp(−2 d1 d2 / var_h) for d2 > 0 (reflection
// principle); certain for d2 ≤ 0.
bool bridge_crossed(double d1, double d2, double var_h, rng::PathRng& rng) {
    if (d2 <= 0) return true;
    if (!crossing_possible(d1, d2, var_h)) return false;
    return rng::uniform_open_closed(rng) <= std::exp(-2 * d1 * d2 / var_h);
}

// First time a Brownian bridge from distance d1 > 0 to distance d2 (either sign) touches the
// boundary, given that it does, as a fraction T of the step. Its density is ∝ T^{-3/2}(1 − T)^{-1/2}
// exp(−a/(2T) − b/(2(1 − T))) with a = d1²/var_h, b = d2²/var_h; with v = T/(1 − T) that is the
// inverse Gaussian law IG(mean √(a/b), shape a), sampled by Michael, Schucany & Haas (1976). When
// √(ab) is negligible (the bridge ends on the boundary) it is the Lévy law a/Z², the limit b → 0.
double bridge_crossing_fraction(double d1, double d2, double var_h, rng::PathRng& rng,
                                boost::random::normal_distribution<double>& normal) {
    const double shape = d1 * d1 / var_h;
    const double z = normal(rng);
    double v;
    if (d1 * std::abs(d2) < 1e-16 * var_h) {
        v = shape / (z * z);
    } else {
        const double mean = d1 / std::abs(d2);
        const double w = mean * z * z;
        // m + (m/2λ)(w − √(w² + 4λw)), rearranged to avoid cancellation (w = 0 gives m).
        const double root = w > 0 ? mean - 2 * mean * w / (w + std::sqrt(w * (w + 4 * shape))) : mean;
        v = rng::uniform_open_closed(rng) <= mean / (mean + root) ? root : mean * (mean / root);
    }
    return 1 / (1 + 1 / v);
}

std::string describe(const Vector& mu) {
    std::ostringstream os;
    os.precision(17);
    os << "(" << mu.transpose() << ")";
    return os.str();
}

std::string number(double x) {
    std::ostringstream os;
    os.precision(12);
    os << x;
    return os.str();
}

} // namespace

// ---- Scheme names -------------------------------------------------------------------------------

std::string_view scheme_name(DiffusionScheme scheme) {
    switch (scheme) {
    case DiffusionScheme::exact: return "exact";
    case DiffusionScheme::bridge: return "bridge";
    case DiffusionScheme::euler: return "euler";
    }
    return "unknown";
}

DiffusionScheme scheme_from_name(std::string_view name, const std::string& field) {
    for (const auto scheme : {DiffusionScheme::exact, DiffusionScheme::bridge, DiffusionScheme::euler})
        if (scheme_name(scheme) == name) return scheme;
    throw ConfigError(field, "unknown scheme \"" + std::string(name) + "\" (expected one of exact, bridge, euler)");
}

// ---- BrownianExitLaw ----------------------------------------------------------------------------

BrownianExitLaw::BrownianExitLaw(double x0, double variance) : x0_(x0), variance_(variance) {
    BELIEFSIM_REQUIRE(x0 > 0 && x0 < 1, "Brownian exit law: x0 must be in (0, 1) (got " << x0 << ")");
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
                         "Brownian exit law: table inversion failed at logit "
                             << target << " (distance " << near << ")");
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
    return std::exp(quintic_hermite(a, b, LOGIT_STEP, position - static_cast<double>(i))) / variance_;
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
    if (r == 0) return 1;
    // sinh(Au)/sinh(A) = e^{A(u−1)} (1 − e^{−2Au})/(1 − e^{−2A}): no overflow for large A.
    const double big = std::sqrt(2 * r / variance_);
    const auto ratio = [&](double u) {
        return std::exp(big * (u - 1)) * std::expm1(-2 * big * u) / std::expm1(-2 * big);
    };
    return ratio(tables_[0].far) + ratio(tables_[1].far);
}

// ---- DiffusionModel -----------------------------------------------------------------------------

namespace {

constexpr double DEFAULT_DT = 1e-3;        // × 1/(χf), the diffusion's time scale
constexpr double DEFAULT_MAX_TIME = 1e3;   // × 1/(χf)
constexpr int BINARY_VOLATILITY_GRID = 32; // σ²(p) is checked at p = j/32: contains ½

// Indices of the states not yet absorbed, in increasing order (fixed capacity: no allocation).
using ActiveStates = Eigen::Matrix<int, Eigen::Dynamic, 1, Eigen::ColMajor, MAX_STATES, 1>;

ActiveStates positive_entries(const Vector& mu) {
    ActiveStates out(mu.size());
    Eigen::Index count = 0;
    for (Eigen::Index i = 0; i < mu.size(); ++i)
        if (mu[i] > 0) out[count++] = static_cast<int>(i);
    out.conservativeResize(count);
    return out;
}

// The entries of `mu` at `active`, a belief on the face's own simplex.
Vector restrict_to(const Vector& mu, const ActiveStates& active) {
    Vector out(active.size());
    for (Eigen::Index i = 0; i < active.size(); ++i) out[i] = mu[active[i]];
    return out;
}

} // namespace

/// One path in progress: its generator, time, belief, active states and observation cursor.
struct DiffusionModel::PathState {
    rng::PathRng& rng;
    PathObserver* observer;
    std::span<const double> times;
    std::size_t next_time = 0;
    boost::random::normal_distribution<double> normal;
    double t = 0;
    Vector mu;
    ActiveStates active;

    /// The end of a step that starts now: at most dt later, never past the next observation time or
    /// max_time (an observation time is hit exactly, not up to rounding).
    [[nodiscard]] double step_end(double dt, double max_time) const {
        double end = std::min(t + dt, max_time);
        if (next_time < times.size()) end = std::min(end, times[next_time]);
        return end;
    }
    /// Reports the current (t, μ) and the observation times it reaches.
    void report() {
        if (observer == nullptr) return;
        observer->on_step(t, mu);
        while (next_time < times.size() && times[next_time] <= t) observer->at_time(next_time++, mu);
    }
    /// τ = t, μ_τ = mu: the observation times still ahead all see the stopped belief.
    PathOutcome stop(int theta) {
        if (observer != nullptr) {
            observer->on_step(t, mu);
            while (next_time < times.size()) observer->at_time(next_time++, mu);
        }
        return {t, theta};
    }
};

DiffusionModel::DiffusionModel(DiffusionSpec spec) : spec_(std::move(spec)) {
    // Divided once more by Eigen's sum, as the diffusion always has: keeps its paths bitwise.
    spec_.prior = checked_prior(spec_.prior);
    spec_.prior /= spec_.prior.sum();
    const Vector& prior = spec_.prior;
    const auto n = prior.size();
    check_chi(spec_.chi);
    check_throughput_fraction(spec_.fraction);
    const double time_scale = 1 / (spec_.chi * spec_.fraction);
    if (spec_.dt && !(std::isfinite(*spec_.dt) && *spec_.dt > 0))
        throw ConfigError("simulation.dt", "must be > 0 (got " + number(*spec_.dt) + ")");
    if (spec_.max_time && !(std::isfinite(*spec_.max_time) && *spec_.max_time > 0))
        throw ConfigError("simulation.max_time", "must be > 0 (got " + number(*spec_.max_time) + ")");
    dt_ = spec_.dt.value_or(DEFAULT_DT * time_scale);
    max_time_ = spec_.max_time.value_or(DEFAULT_MAX_TIME * time_scale);

    // The entropy registry's own rules for n states (e.g. power: two states only).
    const std::string parameter(entropy::Entropy::parameter_name(spec_.entropy.name()));
    const auto parameter_value = parameter.empty() ? std::nullopt : std::optional(spec_.entropy.parameter());
    (void)entropy::Entropy::from_name(spec_.entropy.name(), parameter_value, static_cast<int>(n));
    const std::string entropy_field = "model." + (parameter.empty() ? std::string("entropy") : parameter);
    const auto volatility_ok = [&](const Vector& mu) {
        const double c = active_volatility_scale(mu);
        return std::isfinite(c) && c > 0;
    };
    if (!volatility_ok(prior))
        throw ConfigError(entropy_field, "the diffusion's volatility c(μ) = 2χf / tr(Hess H(μ)(diag μ − μμᵀ)) "
                                         "is not finite and positive at the prior " + describe(prior));
    if (n == 2) {
        // σ²(p) = c(μ) p(1 − p) on a grid containing ½, where the power family is singular
        // (H''(½) = 0 or ∞ unless alpha = 2).
        double lowest = std::numeric_limits<double>::infinity(), highest = 0;
        for (int j = 1; j < BINARY_VOLATILITY_GRID; ++j) {
            const double p = static_cast<double>(j) / BINARY_VOLATILITY_GRID;
            Vector mu(2);
            mu << p, 1 - p;
            if (!volatility_ok(mu))
                throw ConfigError(entropy_field, "the diffusion needs 0 < H''(p) < ∞ on (0, 1); it fails at p = " +
                                                     number(p) + " (for the power entropy: alpha = 2 only)");
            const double variance = active_volatility_scale(mu) * p * (1 - p);
            lowest = std::min(lowest, variance);
            highest = std::max(highest, variance);
        }
        if (highest - lowest <= 1e-12 * highest) {
            Vector half(2);
            half << 0.5, 0.5;
            brownian_variance_ = active_volatility_scale(half) / 4;
        }
    }

    if (spec_.boundary) {
        if (n != 2)
            throw ConfigError("model.boundary",
                              "a time-varying boundary needs 2 states (got " + std::to_string(n) + ")");
        (void)boundary_at(0);
    }
    if (spec_.scheme == DiffusionScheme::exact) {
        if (!brownian_variance_)
            throw ConfigError("simulation.scheme", "\"exact\" needs a binary Brownian model (2 states, "
                                                   "constant σ²: quadratic entropy); use \"bridge\"");
        if (spec_.boundary)
            throw ConfigError("simulation.scheme", "\"exact\" needs the constant boundary (vertices); use "
                                                   "\"bridge\" with a time-varying boundary");
    }
    if (brownian_variance_ && !spec_.boundary) exact_law_.emplace(prior[0], *brownian_variance_);
}

double DiffusionModel::boundary_at(double t) const {
    if (!spec_.boundary) return 0.5;
    const double kappa = spec_.boundary(t);
    if (!(kappa >= 0 && kappa <= 0.5))
        throw ConfigError("model.boundary", "κ(t) must be in [0, ½]; κ(" + number(t) + ") = " + number(kappa));
    return kappa;
}

double DiffusionModel::active_volatility_scale(const Vector& active_mu) const {
    // tr(Hess H (diag μ − μμᵀ)) = Σ_i Hess_ii μ_i because Hess H μ = 0 (homogeneous normalization).
    const Matrix hess = spec_.entropy.hessian(active_mu);
    double trace = 0;
    for (Eigen::Index i = 0; i < active_mu.size(); ++i) trace += hess(i, i) * active_mu[i];
    return 2 * spec_.chi * spec_.fraction / trace;
}

double DiffusionModel::volatility_scale(const Vector& mu) const {
    BELIEFSIM_REQUIRE(mu.size() == spec_.prior.size(), "belief must have " << spec_.prior.size() << " entries");
    BELIEFSIM_REQUIRE(mu.minCoeff() >= 0, "belief must be >= 0, got " << describe(mu));
    const ActiveStates active = positive_entries(mu);
    BELIEFSIM_REQUIRE(active.size() >= 2, "volatility needs two states with positive belief, got " << describe(mu));
    return active_volatility_scale(restrict_to(mu, active));
}

Matrix DiffusionModel::covariance(const Vector& mu) const {
    const Matrix wright_fisher = Matrix(mu.asDiagonal()) - mu * mu.transpose();
    return volatility_scale(mu) * wright_fisher;
}

PathOutcome DiffusionModel::sample(rng::PathRng& rng) const { return run(rng, nullptr); }

PathOutcome DiffusionModel::sample(rng::PathRng& rng, PathObserver& observer) const {
    return run(rng, &observer);
}

PathOutcome DiffusionModel::run(rng::PathRng& rng, PathObserver* observer) const {
    PathState path{rng, observer, {}, 0, boost::random::normal_distribution<double>(), 0, spec_.prior, {}};
    if (observer != nullptr) {
        path.times = observer->times();
        for (std::size_t k = 0; k < path.times.size(); ++k)
            BELIEFSIM_REQUIRE(std::isfinite(path.times[k]) && path.times[k] >= 0 &&
                                  (k == 0 || path.times[k] > path.times[k - 1]),
                              "observation times must be finite, >= 0 and increasing (time "
                                  << k << " is " << path.times[k] << ")");
    }
    if (spec_.scheme == DiffusionScheme::exact) {
        BELIEFSIM_REQUIRE(path.times.empty(), "the exact diffusion sampler draws (τ, θ) without a path: "
                                              "observe beliefs at fixed times with the bridge scheme");
        path.report();
        const PathOutcome out = exact_law_->sample(rng);
        path.t = out.tau;
        path.mu = Vector::Zero(2);
        path.mu[out.terminal_state] = 1;
        return path.stop(out.terminal_state);
    }
    path.active = positive_entries(path.mu);
    path.report();
    return states() == 2 ? run_binary(path) : run_simplex(path);
}

PathOutcome DiffusionModel::run_binary(PathState& path) const {
    // x = μ_a, y = μ_b = 1 − x, both kept so that each keeps its relative precision near its side.
    // "lower": μ_a falls to its boundary (0, or ½ − κ for μ_0), terminal state b; "upper": μ_b does.
    const int a = path.active[0], b = path.active[1];
    const bool bridge = spec_.scheme == DiffusionScheme::bridge;
    double x = path.mu[a], y = path.mu[b];
    const auto distances = [&](double xx, double yy, double kappa) {
        if (!spec_.boundary) return std::pair{xx, yy};
        const double offset = (xx - yy) / 2; // μ_0 − ½
        return std::pair{kappa + offset, kappa - offset};
    };
    const auto stop_at = [&](bool lower) {
        path.mu.setZero();
        if (spec_.boundary) {
            const double kappa = boundary_at(path.t);
            path.mu[a] = lower ? 0.5 - kappa : 0.5 + kappa;
            path.mu[b] = lower ? 0.5 + kappa : 0.5 - kappa;
        } else {
            path.mu[lower ? b : a] = 1;
        }
        return path.stop(lower ? b : a);
    };

    auto [lower, upper] = distances(x, y, boundary_at(path.t));
    if (lower <= 0 || upper <= 0) return stop_at(lower <= upper);
    while (true) {
        if (path.t >= max_time_)
            throw Error("diffusion: path still alive at max_time = " + number(max_time_) + " (belief " +
                        describe(path.mu) + "); raise simulation.max_time");
        Vector pair(2);
        pair << x, y;
        const double variance = brownian_variance_ ? *brownian_variance_ : active_volatility_scale(pair) * x * y;
        if (!(std::isfinite(variance) && variance > 0))
            throw Error("diffusion: volatility " + number(variance) + " at belief " + describe(path.mu) +
                        " is not finite and positive");
        const double end = path.step_end(dt_, max_time_);
        const double h = end - path.t;
        BELIEFSIM_ENSURE(h > 0, "diffusion: time step underflows at t = " << path.t);
        const double var_h = variance * h;
        const double dx = std::sqrt(var_h) * path.normal(path.rng);
        const double x_end = x + dx, y_end = y - dx;
        const auto [lower_end, upper_end] = distances(x_end, y_end, boundary_at(end));
        // The bridge's variance is the smaller of the two ends': a path that touches the boundary
        // spends its time near the end closer to it, and where the variance vanishes at the boundary
        // (Wright-Fisher) the start's variance overstates crossings several-fold (binary Shannon,
        // dt = 0.01/χ: E[τ] bias −4.8% with the start's variance, −1.4% with the smaller one).
        double bridge_var_h = var_h;
        if (bridge && !brownian_variance_ && lower_end > 0 && upper_end > 0 &&
            (crossing_possible(lower, lower_end, var_h) || crossing_possible(upper, upper_end, var_h))) {
            Vector pair_end(2);
            pair_end << x_end, y_end;
            bridge_var_h = std::min(var_h, active_volatility_scale(pair_end) * x_end * y_end * h);
        }
        const bool lower_hit = bridge ? bridge_crossed(lower, lower_end, bridge_var_h, path.rng) : lower_end <= 0;
        const bool upper_hit = bridge ? bridge_crossed(upper, upper_end, bridge_var_h, path.rng) : upper_end <= 0;
        if (!lower_hit && !upper_hit) {
            x = x_end, y = y_end, lower = lower_end, upper = upper_end;
            path.t = end;
            path.mu[a] = x, path.mu[b] = y;
            path.report();
            continue;
        }
        if (!bridge) {
            // Naive Euler: τ is the step's end; with both beyond (κ → 0), the farther one.
            path.t = end;
            return stop_at(lower_hit && (!upper_hit || lower_end <= upper_end));
        }
        const double inf = std::numeric_limits<double>::infinity();
        const double lower_fraction =
            lower_hit ? bridge_crossing_fraction(lower, lower_end, bridge_var_h, path.rng, path.normal) : inf;
        const double upper_fraction =
            upper_hit ? bridge_crossing_fraction(upper, upper_end, bridge_var_h, path.rng, path.normal) : inf;
        const double fraction = std::min(lower_fraction, upper_fraction);
        path.t = fraction < 1 ? path.t + fraction * h : end;
        return stop_at(lower_fraction <= upper_fraction);
    }
}

PathOutcome DiffusionModel::run_simplex(PathState& path) const {
    const bool bridge = spec_.scheme == DiffusionScheme::bridge;
    while (path.active.size() > 2) {
        if (path.t >= max_time_)
            throw Error("diffusion: path still alive at max_time = " + number(max_time_) + " (belief " +
                        describe(path.mu) + "); raise simulation.max_time");
        const Vector mu = restrict_to(path.mu, path.active);
        const auto k = mu.size();
        const double c = active_volatility_scale(mu);
        if (!(std::isfinite(c) && c > 0))
            throw Error("diffusion: volatility scale " + number(c) + " at belief " + describe(path.mu) +
                        " is not finite and positive");
        const double end = path.step_end(dt_, max_time_);
        const double h = end - path.t;
        BELIEFSIM_ENSURE(h > 0, "diffusion: time step underflows at t = " << path.t);

        // Δμ = √(ch) B Z with B Z = √μ ⊙ Z − μ (√μ · Z): Σ Δμ = 0.
        Vector noise(k);
        for (Eigen::Index i = 0; i < k; ++i) noise[i] = std::sqrt(mu[i]) * path.normal(path.rng);
        const Vector delta = std::sqrt(c * h) * (noise - mu * noise.sum());
        const Vector mu_end = mu + delta;

        // Each coordinate's own bridge against its boundary μ_i = 0, with the smaller of the variances
        // c μ_i(1 − μ_i) at the step's two ends (see run_binary); the first crossing wins.
        std::optional<double> c_end;
        Eigen::Index first = -1;
        double first_fraction = std::numeric_limits<double>::infinity();
        for (Eigen::Index i = 0; i < k; ++i) {
            double var_h = c * mu[i] * (1 - mu[i]) * h;
            if (bridge && crossing_possible(mu[i], mu_end[i], var_h) && mu_end.minCoeff() > 0) {
                if (!c_end) c_end = active_volatility_scale(mu_end);
                var_h = std::min(var_h, *c_end * mu_end[i] * (1 - mu_end[i]) * h);
            }
            if (bridge ? !bridge_crossed(mu[i], mu_end[i], var_h, path.rng) : mu_end[i] > 0) continue;
            const double fraction =
                bridge ? bridge_crossing_fraction(mu[i], mu_end[i], var_h, path.rng, path.normal) : 1.0;
            if (fraction < first_fraction) first = i, first_fraction = fraction;
        }
        if (first < 0) {
            for (Eigen::Index i = 0; i < k; ++i) path.mu[path.active[i]] = mu_end[i];
            path.t = end;
            path.report();
            continue;
        }
        Vector face = mu_end;
        if (bridge) {
            // State j is absorbed at T = f h. With the covariance frozen, the other coordinates split
            // into β_i μ_j (β_i = −μ_i/(1 − μ_j)) plus an independent part Y; at T, μ_j = 0, so
            // μ_i(T) = ν_i + ΔY_i(T) with ν = μ/(1 − μ_j) the belief conditioned on j being ruled out.
            // Y is a Brownian bridge from 0 to ΔY = Δμ + ν Δμ_j with Wright-Fisher covariance
            // c(1 − μ_j)(diag ν − ννᵀ): its value at T is (T/h)ΔY plus bridge noise.
            const Eigen::Index j = first;
            const double f = first_fraction;
            Vector nu = mu / (1 - mu[j]);
            nu[j] = 0;
            const Vector increment = delta + nu * delta[j];
            Vector bridge_noise(k);
            for (Eigen::Index i = 0; i < k; ++i)
                bridge_noise[i] = i == j ? 0.0 : std::sqrt(nu[i]) * path.normal(path.rng);
            const double scale = std::sqrt(c * (1 - mu[j]) * h * f * (1 - f));
            face = nu + f * increment + scale * (bridge_noise - nu * bridge_noise.sum());
            face[j] = 0;
            path.t = f < 1 ? path.t + f * h : end;
        } else {
            path.t = end;
        }
        // Every state at or below 0 drops out (more than one only when several cross in one step, or
        // for naive Euler), and the rest is renormalized onto the face.
        face = face.cwiseMax(0.0);
        face /= face.sum();
        for (Eigen::Index i = 0; i < k; ++i) path.mu[path.active[i]] = face[i];
        path.active = positive_entries(path.mu);
        if (path.active.size() == 1) return path.stop(path.active[0]);
        path.report();
    }
    return run_binary(path);
}

} // namespace beliefsim::process
