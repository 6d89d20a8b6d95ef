#include "beliefsim/app/exact_law.hpp"

#include "beliefsim/app/registry.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/quadrature.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace beliefsim::app {
namespace {

/// The exact law's integrals: split at the phase kinks, tight tolerance.
double integrate(const std::function<double(double)>& f, double a, double b, const std::vector<double>& kinks) {
    return integrate_pieces(f, a, b, kinks, {1e-12, 15});
}

constexpr double GRID_QUANTILE = 0.9999; // default grids reach this quantile of τ

} // namespace

double quantile(const LawFunctions& law, double p) {
    if (law.atom) return *law.atom;
    double hi = std::max(law.mean, 1e-6);
    while (law.survival(hi) > 1 - p) hi *= 2;
    const auto gap = [&](double t) { return law.survival(t) - (1 - p); };
    std::uintmax_t iterations = 100;
    const auto root = boost::math::tools::toms748_solve(gap, 0.0, hi, gap(0.0), gap(hi),
                                                        boost::math::tools::eps_tolerance<double>(30), iterations);
    return 0.5 * (root.first + root.second);
}

double grid_horizon(const ModelProcess& process, const SimulationSpec& spec) {
    if (spec.token_cap) return *spec.token_cap / spec.model.chi;
    if (process.law()) return std::ceil(1.25 * quantile(*process.law(), GRID_QUANTILE));
    double longest = 0;
    for (rng::PathIndex i = 0; i < std::min<std::uint64_t>(spec.plan.paths, 500); ++i) {
        auto rng = rng::make_path_rng(spec.plan.seed, i);
        longest = std::max(longest, process.sample(rng).tau);
    }
    return std::ceil(1.5 * longest);
}

ExactLaw tabulate(const LawFunctions& law, const SimulationSpec& spec, std::optional<double> cap) {
    ExactLaw x;
    x.source = law.source;
    x.phase_times = law.phase_times;
    const double T = cap.value_or(std::numeric_limits<double>::infinity());
    const int points = spec.exact_points;
    const auto states = static_cast<std::size_t>(spec.model.states);
    for (int j = 0; j < points; ++j) x.t.push_back(spec.estimators.ecdf_max * j / (points - 1));
    const bool densities = static_cast<bool>(law.density), by_state = static_cast<bool>(law.state_cdf);
    if (by_state) {
        x.state_cdf.resize(states * x.t.size());
        if (law.state_density) x.state_density.resize(states * x.t.size());
    }
    for (std::size_t j = 0; j < x.t.size(); ++j) {
        const double t = std::min(x.t[j], T); // the law of min(τ, T) is frozen from T on
        const bool after_cap = x.t[j] >= T;
        x.survival.push_back(after_cap ? 0.0 : law.survival(t));
        if (densities) x.density.push_back(after_cap ? 0.0 : law.density(t));
        if (!by_state) continue;
        const Vector cdf = law.state_cdf(t);
        for (std::size_t s = 0; s < states; ++s) x.state_cdf[s * x.t.size() + j] = cdf[static_cast<Eigen::Index>(s)];
        if (!law.state_density) continue;
        const Vector dens = after_cap ? Vector(Vector::Zero(static_cast<Eigen::Index>(states))) : law.state_density(t);
        for (std::size_t s = 0; s < states; ++s)
            x.state_density[s * x.t.size() + j] = dens[static_cast<Eigen::Index>(s)];
    }
    if (!cap || (law.atom && *law.atom <= T)) {
        for (const double r : spec.estimators.laplace_r) x.laplace.push_back(law.laplace(r));
        x.terminal_probability.assign(law.terminal.begin(), law.terminal.end());
        if (cap) x.terminal_probability.push_back(0.0);
        x.mean = law.mean;
        x.variance = law.atom ? 0.0 : law.variance;
        return x;
    }
    // Capped: E[e^{−rτ}; τ ≤ T] = ∫₀ᵀ e^{−rt} f(t) dt, E[min(τ,T)] = ∫₀ᵀ S, E[min(τ,T)²] = 2∫₀ᵀ t S.
    if (law.atom) { // a constant delay longer than the cap never learns
        x.laplace.assign(spec.estimators.laplace_r.size(), 0.0);
        x.terminal_probability.assign(states, 0.0);
        x.terminal_probability.push_back(1.0);
        x.mean = T;
        return x;
    }
    if (densities)
        for (const double r : spec.estimators.laplace_r)
            x.laplace.push_back(
                integrate([&](double t) { return std::exp(-r * t) * law.density(t); }, 0, T, law.kinks));
    if (by_state) {
        const Vector learned = law.state_cdf(T);
        x.terminal_probability.assign(learned.begin(), learned.end());
        x.terminal_probability.push_back(law.survival(T));
    }
    x.mean = integrate(law.survival, 0, T, law.kinks);
    x.variance = 2 * integrate([&](double t) { return t * law.survival(t); }, 0, T, law.kinks) - x.mean * x.mean;
    return x;
}

std::optional<double> time_cap(const SimulationSpec& spec) {
    return spec.token_cap ? std::optional<double>(*spec.token_cap / spec.model.chi) : std::nullopt;
}

ExactLaw exact_law(SimulationSpec spec) {
    const auto process = make_process(spec.model, spec.diffusion);
    BELIEFSIM_CHECK(process->law().has_value(), "process",
                    "has no exact stopping law (" << spec.model.process << " with " << spec.model.states
                                                  << " states); simulate it instead");
    if (spec.estimators.ecdf_max <= 0) spec.estimators.ecdf_max = grid_horizon(*process, spec);
    return tabulate(*process->law(), spec, time_cap(spec));
}

} // namespace beliefsim::app
