// The face scheme (DiffusionScheme::face): Wright-Fisher steps in stick-breaking coordinates with
// the exact local law at the faces.
//
// With the coefficient c frozen over a step, the stick-breaking coordinates of the belief sorted
// ascending, x_i = μ_(i)/(μ_(i) + … + μ_(k)), are independent one-dimensional Wright-Fisher
// diffusions with variances b_i x_i(1 − x_i), b_i = c/(μ_(i) + … + μ_(k)) (Griffiths 1979; checked
// by Itô: μ_(2) = x_2(1 − x_1) has the variance c μ_(2)(1 − μ_(2)) and no drift). Sorting makes
// every x_i ≤ ½, so each coordinate only meets its lower end 0, where its law is Feller's
// dx = √(b x) dW with b = b_i(1 − x_i): absorbed at T = 2x/(bE) (E a unit exponential, since
// P(x_h = 0) = e^{−2x/(bh)}), and given survival to h, x_h ~ Gamma(N, bh/2) with N a zero-truncated
// Poisson(2x/(bh)) (the squared-Bessel-0 transition). Away from 0 a Gaussian step is accurate and
// cheaper. A step ends at the first absorption, so the process leaves a face never and reaches it
// at the right time; the map back from sticks to beliefs keeps Σμ and every μ ≥ 0 exactly and
// each stick is a martingale, so the belief is one. The step is also bounded in intrinsic time
// (c·h ≤ c(μ0)·dt): c grows without bound near some vertices (quadratic entropy). With three or more
// states alive c is finite on every face, so Feller's law is the local law there for every kind;
// on an edge it is only for Shannon (σ² ∝ p near a vertex), so other kinds finish with the bridge.

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/rng/variates.hpp"
#include "diffusion_path.hpp"
#include "message_text.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace beliefsim::process {
namespace {

// A stick below FELLER_ZONE·b·h takes the Feller step; above it a Gaussian step, whose chance of
// reaching 0 is then below Φ(−√(2·FELLER_ZONE)) ≈ 1e-29 and that of the true law below e^{−128}.
constexpr double FELLER_ZONE = 64;

// N ~ Poisson(λ) conditioned on N ≥ 1: by inversion for small λ (where rejecting zeros would waste
// most draws), by rejection otherwise.
int zero_truncated_poisson(double lambda, rng::PathRng& rng) {
    if (lambda < 1) {
        const double target = rng::uniform_open_closed(rng) * -std::expm1(-lambda);
        double term = lambda * std::exp(-lambda), cumulative = term;
        int n = 1;
        while (cumulative < target && term > 0) {
            ++n;
            term *= lambda / n;
            cumulative += term;
        }
        return n;
    }
    boost::random::poisson_distribution<int, double> poisson(lambda);
    int n = 0;
    while (n == 0) n = poisson(rng);
    return n;
}

// The Feller coordinate x at the end of a step of length h, given that it is not absorbed by then.
double feller_survivor(double x, double b, double h, rng::PathRng& rng) {
    const int shape = zero_truncated_poisson(2 * x / (b * h), rng);
    boost::random::gamma_distribution<double> gamma(shape, b * h / 2);
    return gamma(rng);
}

} // namespace

PathOutcome DiffusionModel::run_face(PathState& path) const {
    std::array<int, MAX_STATES> order{};
    std::array<double, MAX_STATES> stick{}, stick_rate{};
    std::array<bool, MAX_STATES> feller{};
    while (path.active.size() > 1) {
        if (path.active.size() == 2 && !feller_edges_) return run_binary(path, true);
        if (path.t >= max_time_)
            throw Error("diffusion: path still alive at max_time = " + significant(max_time_) + " (belief " +
                        detail::describe(path.mu) + "); raise max_time");
        const Vector mu = detail::restrict_to(path.mu, path.active);
        const auto k = static_cast<int>(mu.size());
        const double c = active_volatility_scale(mu);
        if (!(std::isfinite(c) && c > 0))
            throw Error("diffusion: volatility scale " + significant(c) + " at belief " + detail::describe(path.mu) +
                        " is not finite and positive");
        const double end = path.step_end(std::min(dt_, intrinsic_step_ / c), max_time_);
        const double h = end - path.t;
        BELIEFSIM_ENSURE(h > 0, "diffusion: time step underflows at t = " << path.t);

        std::iota(order.begin(), order.begin() + k, 0);
        std::sort(order.begin(), order.begin() + k, [&](int i, int j) { return mu[i] < mu[j]; });
        // Sticks from the largest belief down, so that each remainder is a sum of what is left.
        double remainder = mu[order[k - 1]];
        for (int i = k - 2; i >= 0; --i) {
            remainder += mu[order[i]];
            stick[i] = mu[order[i]] / remainder;
            stick_rate[i] = c / remainder;
        }

        // The first Feller absorption inside the step ends it.
        double step = h;
        int absorbed = -1;
        for (int i = 0; i + 1 < k; ++i) {
            const double b = stick_rate[i] * (1 - stick[i]);
            feller[i] = stick[i] < FELLER_ZONE * b * h;
            if (!feller[i]) continue;
            const double hit = 2 * stick[i] / (b * rng::exponential_from_uniform(rng::uniform_open_closed(path.rng)));
            if (hit < step) step = hit, absorbed = i;
        }
        for (int i = 0; i + 1 < k; ++i) {
            double& x = stick[i];
            if (i == absorbed) {
                x = 0;
            } else if (feller[i]) {
                x = feller_survivor(x, stick_rate[i] * (1 - x), step, path.rng);
            } else {
                x += std::sqrt(stick_rate[i] * x * (1 - x) * step) * path.normal(path.rng);
                x = std::clamp(x, 0.0, 1.0);
            }
        }

        double left = 0; // the total belief, kept as it was
        for (int i = 0; i < k; ++i) left += mu[order[i]];
        for (int i = 0; i + 1 < k; ++i) {
            path.mu[path.active[order[i]]] = stick[i] * left;
            left *= 1 - stick[i];
        }
        path.mu[path.active[order[k - 1]]] = left;
        path.t = absorbed >= 0 ? path.t + step : end;
        path.active = detail::positive_entries(path.mu);
        if (path.active.size() > 1) path.report();
    }
    const int winner = path.active[0];
    path.mu.setZero();
    path.mu[winner] = 1; // what rounding left of the others is 0 now
    return path.stop(winner);
}

} // namespace beliefsim::process
