// `beliefsim bench`: Monte Carlo throughput on a fixed reference model (no timing in tests, STYLE 2.8).

#include <cstdio>
#include <memory>

#include <unistd.h>

#include "beliefsim/app/simulate.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

struct BenchOptions {
    std::uint64_t paths = 2'000'000;
    int threads = 0;
};

/// The n = 3 Shannon greedy model of the SPEC §3 example with every estimator switched on.
app::SimulationSpec reference_spec(const BenchOptions& opts) {
    app::SimulationSpec spec;
    spec.model = {.states = 3,
                  .prior = {0.5, 0.3, 0.2},
                  .entropy = "shannon",
                  .entropy_parameter = std::nullopt,
                  .chi = 0.3,
                  .process = "greedy"};
    spec.plan = {.paths = opts.paths, .block_size = 4096, .seed = 1, .threads = opts.threads};
    spec.estimators.histogram_max = 0; // from the exact law
    spec.estimators.ecdf_max = 0;
    spec.estimators.laplace_r.clear();
    for (int i = 1; i <= 64; ++i) spec.estimators.laplace_r.push_back(0.1 * i); // linspace(0.1, 6.4, 64)
    return spec;
}

} // namespace

Command add_bench_command(CLI::App& app) {
    auto opts = std::make_shared<BenchOptions>();
    CLI::App* sub = app.add_subcommand(
        "bench", "Paths per second on the n=3 Shannon greedy model (histogram, ECDF, 64-point Laplace grid)");
    sub->add_option("--paths", opts->paths, "paths to simulate")->check(CLI::PositiveNumber);
    sub->add_option("--threads", opts->threads, "threads (0: all cores)")->check(CLI::NonNegativeNumber);
    return {sub, [opts] {
                double mc_seconds = 0;
                const auto result =
                    app::simulate(reference_spec(*opts),
                                  make_progress(progress_style("auto", false), [&](double s) { mc_seconds = s; }));
                std::printf("bench: greedy, shannon, 3 states, histogram + ECDF + 64 Laplace points\n"
                            "  %llu paths on %d threads in %.3f s: %.4g paths/s (Monte Carlo part; total %.3f s)\n",
                            static_cast<unsigned long long>(result.estimates.paths), result.threads, mc_seconds,
                            static_cast<double>(result.estimates.paths) / std::max(mc_seconds, 1e-9),
                            result.wall_seconds);
                return 0;
            }};
}

} // namespace beliefsim::cli
