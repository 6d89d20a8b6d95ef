/// Throughput of the exact Shannon diffusion sampler (process/wright_fisher_lineages.hpp), single
/// thread, one Philox stream per path: n = 3 prior (0.5, 0.3, 0.2), χ = 0.3 (the model), and
/// n = 2 (0.3, 0.7), n = 5 (0.3, 0.25, 0.2, 0.15, 0.1) for comparison.
/// Run: build/release/beliefsim_bench_lineages.

#include <cstdint>

#include <benchmark/benchmark.h>

#include "beliefsim/process/wright_fisher_lineages.hpp"
#include "beliefsim/rng/path_rng.hpp"

namespace {

using namespace beliefsim;

Vector prior_of(int n) {
    Vector prior(n);
    if (n == 2) prior << 0.3, 0.7;
    if (n == 3) prior << 0.5, 0.3, 0.2;
    if (n == 5) prior << 0.3, 0.25, 0.2, 0.15, 0.1;
    return prior;
}

/// Argument: the number of states.
void BM_LineagesSample(benchmark::State& state) {
    const process::WrightFisherLineages model(prior_of(static_cast<int>(state.range(0))), 0.3);
    std::uint64_t i = 0;
    for (auto _ : state) {
        auto rng = rng::make_path_rng(7, i++);
        benchmark::DoNotOptimize(model.sample(rng));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_LineagesSample)->Arg(3)->Arg(2)->Arg(5)->ArgName("n");

} // namespace

BENCHMARK_MAIN();
