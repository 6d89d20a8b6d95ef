#include "beliefsim/app/registry.hpp"

#include "beliefsim/core/error.hpp"

#include <cmath>
#include <iomanip>
#include <string_view>

namespace beliefsim::app {
namespace {

using Factory = std::shared_ptr<const ModelProcess> (*)(const ProcessInputs&);

struct Entry {
    std::string_view name;
    Factory make;
};

/// The registry, in the order the error message lists the names.
constexpr Entry PROCESSES[] = {
    {"greedy", make_greedy_process},
    {"diffusion", make_diffusion_process},
    {"constant-delay", make_constant_delay_process},
};

/// The prior on the open simplex, renormalized: removes the rounding of TOML decimals, bounded by
/// the sum's tolerance.
Vector checked_prior(const ModelSpec& m) {
    BELIEFSIM_CHECK(m.states >= 2 && m.states <= MAX_STATES, "states",
                    "must be an integer in [2, " << MAX_STATES << "] (got " << m.states << ")");
    BELIEFSIM_CHECK(static_cast<int>(m.prior.size()) == m.states, "prior",
                    "must have `states` = " << m.states << " entries (got " << m.prior.size() << ")");
    double sum = 0;
    for (const double p : m.prior) {
        BELIEFSIM_CHECK(std::isfinite(p) && p > 0, "prior",
                        "every entry must be > 0 (the open simplex; got " << std::setprecision(12) << p << ")");
        sum += p;
    }
    BELIEFSIM_CHECK(std::abs(sum - 1) <= 1e-9, "prior", "must sum to 1 (sum = " << std::setprecision(12) << sum << ")");
    Vector prior(m.states);
    for (int i = 0; i < m.states; ++i) prior[i] = m.prior[static_cast<std::size_t>(i)] / sum;
    return prior;
}

} // namespace

ProcessInputs process_inputs(const ModelSpec& model, const DiffusionSettings& diffusion) {
    Vector prior = checked_prior(model);
    BELIEFSIM_CHECK(std::isfinite(model.chi) && model.chi > 0, "chi",
                    "must be > 0 (got " << std::setprecision(12) << model.chi << ")");
    const double f = model.throughput_fraction;
    BELIEFSIM_CHECK(f > 0 && f <= 1, "throughput_fraction",
                    "must be in (0, 1] (got " << std::setprecision(12) << f << ")");
    return {entropy::Entropy::from_name(model.entropy, model.entropy_parameter, model.states), std::move(prior),
            model.chi, f, diffusion};
}

std::shared_ptr<const ModelProcess> make_process(const ModelSpec& model, const DiffusionSettings& diffusion) {
    const ProcessInputs in = process_inputs(model, diffusion);
    for (const Entry& e : PROCESSES)
        if (e.name == model.process) return e.make(in);
    std::string names;
    for (const Entry& e : PROCESSES) names += (names.empty() ? "" : ", ") + std::string(e.name);
    throw InvalidArgument("process", "unknown process \"" + model.process + "\" (available: " + names + ")");
}

} // namespace beliefsim::app
