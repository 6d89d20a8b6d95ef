#include "beliefsim/app/laws.hpp"

#include "beliefsim/app/registry.hpp"

namespace beliefsim::app {

std::optional<StoppingLawFunctions> exact_stopping_law(std::shared_ptr<const ModelProcess> process) {
    const std::optional<LawFunctions>& law = process->law();
    if (!law || !law->density) return std::nullopt;
    // The functions refer into the process: each keeps it alive.
    return StoppingLawFunctions{law->source,
                                [process](double t) { return process->law()->survival(t); },
                                [process](double t) { return process->law()->density(t); },
                                [process](double r) { return process->law()->laplace(r); },
                                law->mean,
                                law->kinks};
}

FamilyLaws family_laws(const SimulationSpec& spec) {
    ModelSpec full = spec.model;
    full.throughput_fraction = 1;
    const ProcessInputs in = process_inputs(full, {"auto", spec.diffusion.dt, spec.diffusion.max_time});
    FamilyLaws out;
    out.constant_delay = *make_constant_delay_process(in)->law()->atom;
    const std::shared_ptr<const ModelProcess> diffusion = make_diffusion_process(in);
    if (const auto& law = diffusion->law()) {
        out.diffusion_laplace = [diffusion](double r) { return diffusion->law()->laplace(r); };
        out.diffusion_mean = law->mean;
        out.diffusion_source = law->source;
    }
    return out;
}

} // namespace beliefsim::app
