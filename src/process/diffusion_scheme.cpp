#include "beliefsim/process/diffusion.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "diffusion_path.hpp"
#include "diffusion_support.hpp"
#include "message_text.hpp"

#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::process {
namespace {

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

} // namespace

using detail::ActiveStates;
using detail::describe;
using detail::positive_entries;
using detail::restrict_to;

PathOutcome DiffusionModel::sample(rng::PathRng& rng) const { return run(rng, nullptr); }

PathOutcome DiffusionModel::sample(rng::PathRng& rng, PathObserver& observer) const { return run(rng, &observer); }

PathOutcome DiffusionModel::run(rng::PathRng& rng, PathObserver* observer) const {
    PathState path{rng, observer, {}, 0, boost::random::normal_distribution<double>(), 0, spec_.prior, {}};
    if (observer != nullptr) {
        path.times = observer->times();
        for (std::size_t k = 0; k < path.times.size(); ++k)
            BELIEFSIM_REQUIRE(
                std::isfinite(path.times[k]) && path.times[k] >= 0 && (k == 0 || path.times[k] > path.times[k - 1]),
                "observation times must be finite, >= 0 and increasing (time " << k << " is " << path.times[k] << ")");
    }
    if (spec_.scheme == DiffusionScheme::exact && observer == nullptr) {
        const PathOutcome out = exact_law_  ? exact_law_->sample(rng)
                                : lineages_ ? lineages_->sample(rng)
                                            : binary_sampler_->sample(rng);
        path.t = out.tau;
        return path.stop(out.terminal_state);
    }
    path.active = positive_entries(path.mu);
    path.report();
    if (spec_.scheme == DiffusionScheme::exact || spec_.scheme == DiffusionScheme::face) return run_face(path);
    return states() == 2 ? run_binary(path, spec_.scheme == DiffusionScheme::bridge) : run_simplex(path);
}

PathOutcome DiffusionModel::run_binary(PathState& path, bool bridge) const {
    // x = μ_a, y = μ_b = 1 − x, both kept so that each keeps its relative precision near its side.
    // "lower": μ_a falls to its boundary (0, or ½ − κ for μ_0), terminal state b; "upper": μ_b does.
    const int a = path.active[0], b = path.active[1];
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
            throw Error("diffusion: path still alive at max_time = " + significant(max_time_) + " (belief " +
                        describe(path.mu) + "); raise max_time");
        Vector pair(2);
        pair << x, y;
        const double variance = brownian_variance_ ? *brownian_variance_ : active_volatility_scale(pair) * x * y;
        if (!(std::isfinite(variance) && variance > 0))
            throw Error("diffusion: volatility " + significant(variance) + " at belief " + describe(path.mu) +
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
            throw Error("diffusion: path still alive at max_time = " + significant(max_time_) + " (belief " +
                        describe(path.mu) + "); raise max_time");
        const Vector mu = restrict_to(path.mu, path.active);
        const auto k = mu.size();
        const double c = active_volatility_scale(mu);
        if (!(std::isfinite(c) && c > 0))
            throw Error("diffusion: volatility scale " + significant(c) + " at belief " + describe(path.mu) +
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
    return run_binary(path, bridge);
}

} // namespace beliefsim::process
