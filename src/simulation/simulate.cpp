#include "beliefsim/simulation/simulate.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/greedy.hpp"

#include <chrono>
#include <cmath>

namespace beliefsim::simulation {
namespace {

std::vector<double> grid(double t_max, int points) {
    std::vector<double> t(static_cast<std::size_t>(points));
    for (int j = 0; j < points; ++j) t[static_cast<std::size_t>(j)] = t_max * j / (points - 1);
    return t;
}

ExactLaw tabulate(const process::GreedyModel& model, const SimulationSpec& spec) {
    ExactLaw law;
    const auto states = static_cast<std::size_t>(model.states());
    law.t = grid(spec.estimators.ecdf_max, spec.exact_points);
    law.state_density.resize(states * law.t.size());
    law.state_cdf.resize(states * law.t.size());
    for (std::size_t j = 0; j < law.t.size(); ++j) {
        law.survival.push_back(model.survival(law.t[j]));
        law.density.push_back(model.density(law.t[j]));
        const Vector dens = model.state_densities(law.t[j]);
        const Vector cdf = model.state_cdfs(law.t[j]);
        for (std::size_t s = 0; s < states; ++s) {
            law.state_density[s * law.t.size() + j] = dens[static_cast<Eigen::Index>(s)];
            law.state_cdf[s * law.t.size() + j] = cdf[static_cast<Eigen::Index>(s)];
        }
    }
    for (const double r : spec.estimators.laplace_r) law.laplace.push_back(model.laplace(r));
    const Vector terminal = model.terminal_probabilities();
    law.terminal_probability.assign(terminal.begin(), terminal.end());
    for (const auto& phase : model.phases()) law.phase_times.push_back(phase.start_time);
    law.mean = model.mean();
    law.variance = model.variance();
    return law;
}

process::GreedyModel build_greedy(const ModelSpec& m) {
    if (m.states < 2 || m.states > MAX_STATES)
        throw ConfigError("model.states", "must be an integer in [2, " + std::to_string(MAX_STATES) +
                                              "] (got " + std::to_string(m.states) + ")");
    if (static_cast<int>(m.prior.size()) != m.states)
        throw ConfigError("model.prior", "must have `states` = " + std::to_string(m.states) +
                                             " entries (got " + std::to_string(m.prior.size()) + ")");
    double sum = 0;
    for (const double p : m.prior) {
        if (!(std::isfinite(p) && p > 0))
            throw ConfigError("model.prior", "every entry must be > 0 (the open simplex; got " + std::to_string(p) + ")");
        sum += p;
    }
    if (std::abs(sum - 1) > 1e-9)
        throw ConfigError("model.prior", "must sum to 1 (sum = " + std::to_string(sum) + ")");
    if (!(std::isfinite(m.chi) && m.chi > 0))
        throw ConfigError("model.chi", "must be > 0 (got " + std::to_string(m.chi) + ")");
    if (m.process != "greedy")
        throw ConfigError("model.process", "unknown or not yet available process \"" + m.process +
                                               "\" (available: greedy)");
    Vector prior(m.states);
    for (int i = 0; i < m.states; ++i) prior[i] = m.prior[static_cast<std::size_t>(i)];
    prior /= sum; // remove rounding from the TOML decimals; the check above bounds the change
    return process::GreedyModel({entropy::Entropy::from_name(m.entropy, m.entropy_parameter, m.states),
                                 prior, m.chi});
}

} // namespace

SimulationResult simulate(SimulationSpec spec, const mc::ProgressCallback& progress) {
    const auto start = std::chrono::steady_clock::now();
    const process::GreedyModel model = build_greedy(spec.model);
    spec.estimators.states = spec.model.states;
    // Default grids cover the 0.9999 quantile, rounded up to a clean number.
    const double t_hi = std::ceil(model.quantile(0.9999));
    if (spec.estimators.histogram_max <= 0) spec.estimators.histogram_max = t_hi;
    if (spec.estimators.ecdf_max <= 0) spec.estimators.ecdf_max = t_hi;

    SimulationResult result;
    result.threads = mc::resolve_threads(spec.plan.threads);
    result.estimates =
        mc::run(spec.plan, model, estimators::StoppingTimeAccumulator(spec.estimators), progress).summary();
    result.exact = tabulate(model, spec);
    result.spec = std::move(spec);
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace beliefsim::simulation
