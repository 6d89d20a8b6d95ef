#pragma once
/// Stopping laws handed to pricing: the run's process's exact law as functions, and the laws of the
/// restricted families of Zhong §2.2 (constant delay and diffusion at f = 1 of the same model).
/// Tested by: tests/app/test_menu_run.cpp.

#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/simulate.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beliefsim::app {

/// The exact stopping law of a process, uncapped, as functions (for pricing), when it has one with
/// a density: greedy (any n) and binary diffusion; not constant delay (an atom) nor diffusion with
/// n ≥ 3. The functions share ownership of the process and are safe to call from any thread.
struct StoppingLawFunctions {
    std::string source;
    std::function<double(double)> survival, density, laplace;
    double mean = 0;
    std::vector<double> kinks; ///< increasing times where the density is not smooth (phase switches)
};
[[nodiscard]] std::optional<StoppingLawFunctions> exact_stopping_law(std::shared_ptr<const ModelProcess> process);

/// Full-throughput stopping time τ₁ of the spec's model family (f = 1): the process with fraction
/// f stops at τ₁/f (diffusion and constant delay are time changes of their f = 1 versions), so its
/// Laplace transform is L(r/f). `laplace` is empty when unknown (diffusion with n ≥ 3).
struct FamilyLaws {
    double constant_delay = 0; ///< the constant-delay model's τ₀ at f = 1
    std::function<double(double)> diffusion_laplace;
    double diffusion_mean = 0; ///< E[τ₁] of the diffusion, when diffusion_laplace is set
    std::string diffusion_source;
};
/// Builds the two family processes of the spec's prior, entropy and χ (diffusion: scheme "auto").
/// Throws: InvalidArgument as app::make_process.
[[nodiscard]] FamilyLaws family_laws(const SimulationSpec& spec);

} // namespace beliefsim::app
