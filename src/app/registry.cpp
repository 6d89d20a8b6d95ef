#include "beliefsim/app/registry.hpp"

#include "beliefsim/core/error.hpp"

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

/// The model's own consistency; the prior's, χ's and f's rules are the process constructors'
/// (process/model_rules), which renormalize the prior.
void check_model(const ModelSpec& m) {
    BELIEFSIM_CHECK(m.states >= 2 && m.states <= MAX_STATES, "states",
                    "must be an integer in [2, " << MAX_STATES << "] (got " << m.states << ")");
    BELIEFSIM_CHECK(static_cast<int>(m.prior.size()) == m.states, "prior",
                    "must have `states` = " << m.states << " entries (got " << m.prior.size() << ")");
}

} // namespace

ProcessInputs process_inputs(const ModelSpec& model, const DiffusionSettings& diffusion) {
    check_model(model);
    const Vector prior = Eigen::Map<const Vector>(model.prior.data(), model.states);
    return {entropy::Entropy::from_name(model.entropy, model.entropy_parameter, model.states), prior, model.chi,
            model.throughput_fraction, diffusion};
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
