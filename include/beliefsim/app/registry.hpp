#pragma once
/// The process registry: the one table from a model's process name to the factory of its
/// ModelProcess (app/model_process.hpp). Adding a process means its own src/app/*_process.cpp, its
/// factory declared here and one row of the table in registry.cpp.
/// Tested by: tests/app/test_simulate.cpp, tests/app/test_menu_run.cpp.

#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/simulate.hpp"
#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"

#include <memory>

namespace beliefsim::app {

/// What every process is built from: the model's entropy, prior, χ and throughput fraction f, and
/// the time stepping (used by the diffusion only).
struct ProcessInputs {
    entropy::Entropy entropy;
    Vector prior;
    double chi = 0;
    double fraction = 1;
    DiffusionSettings diffusion;
};

/// The inputs of `model`'s process: the entropy by name and the prior, checked.
/// Throws: InvalidArgument naming "states", "prior", "chi", "throughput_fraction" or the entropy's
/// parameters.
[[nodiscard]] ProcessInputs process_inputs(const ModelSpec& model, const DiffusionSettings& diffusion);

/// One factory per process kind, each in its own file. Throws: InvalidArgument for the kind's rules.
[[nodiscard]] std::shared_ptr<const ModelProcess> make_greedy_process(const ProcessInputs& in);
[[nodiscard]] std::shared_ptr<const ModelProcess> make_constant_delay_process(const ProcessInputs& in);
/// Scheme "auto": the exact Brownian sampler where the law is known, otherwise the bridge.
[[nodiscard]] std::shared_ptr<const ModelProcess> make_diffusion_process(const ProcessInputs& in);

/// `model.process` built from the model and the diffusion settings, once per run.
/// Throws: InvalidArgument as process_inputs and the factories, and naming "process" when the name
/// is not in the registry.
[[nodiscard]] std::shared_ptr<const ModelProcess> make_process(const ModelSpec& model,
                                                               const DiffusionSettings& diffusion);

} // namespace beliefsim::app
