/// Throughput benchmarks (Google Benchmark) for the greedy sampler and the stopping-time estimators,
/// on the n = 3 Shannon model of experiments/greedy_n3 (prior (0.5, 0.3, 0.2), χ = 0.3).
/// Run through bench/run_bench.sh, which also runs the numpy baseline bench/numpy_greedy.py that
/// does the same work as BM_SamplerPlusEstimators.

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include <benchmark/benchmark.h>

#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/estimators/fast_exp.hpp"
#include "beliefsim/estimators/stopping_time.hpp"
#include "beliefsim/mc/engine.hpp"
#include "beliefsim/process/greedy.hpp"
#include "beliefsim/rng/path_rng.hpp"

namespace {

using namespace beliefsim;

constexpr rng::Seed SEED = 7;
constexpr std::uint64_t RUN_PATHS = 2'000'000;

const process::GreedyModel& n3_model() {
    static const process::GreedyModel model = [] {
        Vector prior(3);
        prior << 0.5, 0.3, 0.2;
        return process::GreedyModel({entropy::Entropy::from_name("shannon", std::nullopt, 3), prior, 0.3});
    }();
    return model;
}

/// The estimator set of a typical run: 100-bin histogram, 201-point ECDF, 64 Laplace transforms.
estimators::StoppingTimeSpec n3_estimators() {
    estimators::StoppingTimeSpec spec;
    spec.states = 3;
    spec.histogram_max = 20;
    spec.histogram_bins = 100;
    spec.ecdf_max = 20;
    spec.ecdf_points = 201;
    for (int k = 0; k < 64; ++k) spec.laplace_r.push_back(0.1 + 0.1 * k); // linspace(0.1, 6.4, 64)
    return spec;
}

/// Sampling only: one Philox stream per path, cumulative-hazard inversion, terminal-state draw.
void BM_GreedySample(benchmark::State& state) {
    const auto& model = n3_model();
    std::uint64_t i = 0;
    for (auto _ : state) {
        auto rng = rng::make_path_rng(SEED, i++);
        benchmark::DoNotOptimize(model.sample(rng));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_GreedySample);

/// Sampling a 4096-path block at once (the engine's path): staged uniforms, vectorized logs.
void BM_GreedySampleBlock(benchmark::State& state) {
    const auto& model = n3_model();
    std::vector<process::PathOutcome> out(4096);
    std::uint64_t first = 0;
    for (auto _ : state) {
        model.sample_block(SEED, first, out);
        first += out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_GreedySampleBlock);

/// The estimators alone on a 4096-path block (what each block costs after sampling).
void BM_EstimatorsBlock(benchmark::State& state) {
    const auto& model = n3_model();
    std::vector<process::PathOutcome> out(4096);
    model.sample_block(SEED, 0, out);
    estimators::StoppingTimeAccumulator acc(n3_estimators());
    for (auto _ : state) {
        acc.add(out, 0);
        benchmark::DoNotOptimize(&acc);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_EstimatorsBlock);

/// A whole run as `beliefsim simulate` does it (without the exact law and the file): mc::run over
/// 2·10^6 paths in 4096-path blocks feeding the full estimator set. Argument: threads.
void BM_SamplerPlusEstimators(benchmark::State& state) {
    const auto& model = n3_model();
    const estimators::StoppingTimeAccumulator empty(n3_estimators());
    const mc::RunPlan plan{
        .paths = RUN_PATHS, .block_size = 4096, .seed = SEED, .threads = static_cast<int>(state.range(0))};
    for (auto _ : state) {
        const auto summary = mc::run(plan, model, empty).summary();
        benchmark::DoNotOptimize(summary.mean.value);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * RUN_PATHS));
}
BENCHMARK(BM_SamplerPlusEstimators)->Arg(1)->Arg(2)->ArgName("threads")->UseRealTime()->Unit(benchmark::kMillisecond);

/// 4096 stopping times (one block) with a realistic spread: Exp(1/2) quantiles.
std::vector<double> block_taus() {
    std::vector<double> tau(4096);
    for (std::size_t i = 0; i < tau.size(); ++i)
        tau[i] = -2.0 * std::log((static_cast<double>(i) + 0.5) / static_cast<double>(tau.size()));
    return tau;
}

/// The Laplace kernel alone: e^{−rτ} for 4096 τ, with Σ e^{−rτ} and Σ e^{−2rτ} (one exp per value).
void BM_LaplaceKernel(benchmark::State& state) {
    const std::vector<double> tau = block_taus();
    std::vector<double> values(tau.size());
    for (auto _ : state) {
        double sum = 0, sum_sq = 0;
        estimators::exp_values(tau, 1.0, values, sum, sum_sq);
        benchmark::DoNotOptimize(sum);
        benchmark::DoNotOptimize(sum_sq);
        benchmark::DoNotOptimize(values.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * tau.size()));
}
BENCHMARK(BM_LaplaceKernel);

/// Steps along an arithmetic r grid: e^{−(r+kΔ)τ} = e^{−rτ}·(e^{−Δτ})^k for 4096 τ and k = 1..63 (one
/// multiply per value and step). Δ is tiny so that repeated steps never drive the values into
/// subnormals.
void BM_LaplaceStep(benchmark::State& state) {
    const std::vector<double> tau = block_taus();
    std::vector<double> factor(tau.size()), values(tau.size()), sums(63), sums_sq(63);
    double unused = 0, unused_sq = 0;
    estimators::exp_values(tau, 1e-12, factor, unused, unused_sq);
    estimators::exp_values(tau, 1.0, values, unused, unused_sq);
    for (auto _ : state) {
        estimators::multiply_values(factor, values, sums, sums_sq);
        benchmark::DoNotOptimize(sums.data());
        benchmark::DoNotOptimize(sums_sq.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * tau.size() * sums.size()));
}
BENCHMARK(BM_LaplaceStep);

} // namespace

BENCHMARK_MAIN();
