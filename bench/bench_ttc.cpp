/// Benchmarks (Google Benchmark) for the test-time-compute market on the default synthetic market
/// (9 providers × 6 compute levels, data/ttc): the 100-point β sweep of the paper's notebooks
/// (np.logspace(0, 6, 100); equilibrium dynamics + maximal welfare + PoA per β), the exhaustive
/// welfare search over 6^9 profiles it replaces, and the curve estimation from the samples.
/// The reference Python code needs about 10 s per β point (16 minutes per sweep) on the paper's
/// data.

#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "beliefsim/ttc/curves.hpp"
#include "beliefsim/ttc/market.hpp"
#include "beliefsim/ttc/sweep.hpp"
#include "beliefsim/ttc/synthetic.hpp"
#include "beliefsim/ttc/welfare.hpp"

namespace {

using namespace beliefsim::ttc;

const std::vector<ProviderSamples>& default_samples() {
    static const std::vector<ProviderSamples> samples = generate_samples(default_market_spec());
    return samples;
}

/// The default market with the GSM8K notebook's settings (α = 0.008, linear value, margin 0.25).
const Market& default_market() {
    static const Market market = [] {
        const SyntheticSpec spec = default_market_spec();
        std::vector<PriceEntry> prices;
        for (const auto& p : spec.providers) prices.push_back({p.name, p.price_per_million, 0.25});
        const auto curves = estimate_curves(default_samples(), CurveOptions{});
        MarketConfig config;
        config.alpha = 0.008;
        config.value.shape = ValueShape::linear;
        return Market(make_providers(curves, prices, Aggregation::majority_vote), config);
    }();
    return market;
}

/// The whole 100-point sweep per iteration; Arg = threads.
void BM_BetaSweep100(benchmark::State& state) {
    const Market& market = default_market();
    const std::vector<double> betas = log_space(0, 6, 100);
    for (auto _ : state) {
        auto points = beta_sweep(market, betas, DynamicsOptions{}, static_cast<int>(state.range(0)));
        benchmark::DoNotOptimize(points.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * betas.size()));
}
BENCHMARK(BM_BetaSweep100)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

/// Exact maximal welfare by Dinkelbach's iteration, one β.
void BM_MaxWelfareDinkelbach(benchmark::State& state) {
    const Market& market = default_market();
    for (auto _ : state) benchmark::DoNotOptimize(max_welfare(market, 1000.0).welfare);
}
BENCHMARK(BM_MaxWelfareDinkelbach)->Unit(benchmark::kMicrosecond);

/// The brute force over all 6^9 ≈ 10^7 profiles, one β; Arg = threads.
void BM_MaxWelfareExhaustive(benchmark::State& state) {
    const Market& market = default_market();
    for (auto _ : state)
        benchmark::DoNotOptimize(max_welfare_exhaustive(market, 1000.0, static_cast<int>(state.range(0))).welfare);
}
BENCHMARK(BM_MaxWelfareExhaustive)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

/// Majority-vote and best-of-n curves of the 9 providers (40 questions × 64 samples, 50
/// replicates).
void BM_Curves(benchmark::State& state) {
    const auto& samples = default_samples();
    CurveOptions options;
    options.threads = static_cast<int>(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(estimate_curves(samples, options).data());
}
BENCHMARK(BM_Curves)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
