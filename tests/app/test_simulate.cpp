#include "beliefsim/app/simulate.hpp"

#include "../support.hpp"
#include "beliefsim/app/registry.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/config.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

using namespace beliefsim;

namespace {

app::SimulationSpec n3_spec(int threads) {
    app::SimulationSpec spec;
    spec.model = {.states = 3,
                  .prior = {0.5, 0.3, 0.2},
                  .entropy = "shannon",
                  .entropy_parameter = std::nullopt,
                  .chi = 0.3,
                  .process = "greedy"};
    spec.plan = {.paths = 100'003, .block_size = 1000, .seed = 77, .threads = threads};
    spec.estimators.histogram_max = 0; // auto from the exact law
    spec.estimators.ecdf_max = 0;
    spec.estimators.laplace_r = {0.5, 1.0, 2.0};
    spec.estimators.raw_sample_cap = 1500;
    return spec;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

std::string field_of(app::SimulationSpec spec) {
    try {
        (void)io::with_fields(io::simulation_fields(), [&] { return app::simulate(std::move(spec)); });
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "no error";
}

} // namespace

TEST_CASE("simulate is bitwise identical for 1 and 2 threads", "[repro][simulation]") {
    const auto a = app::simulate(n3_spec(1));
    const auto b = app::simulate(n3_spec(2));
    CHECK(a.threads == 1);
    CHECK(b.threads == 2);
    const auto& x = a.estimates;
    const auto& y = b.estimates;
    CHECK(std::memcmp(&x.mean, &y.mean, sizeof x.mean) == 0);
    CHECK(std::memcmp(&x.variance, &y.variance, sizeof x.variance) == 0);
    CHECK(same_bits(x.laplace_mean, y.laplace_mean));
    CHECK(same_bits(x.laplace_stderr, y.laplace_stderr));
    CHECK(same_bits(x.ecdf_F, y.ecdf_F));
    CHECK(same_bits(x.ecdf_F_by_state, y.ecdf_F_by_state));
    CHECK(same_bits(x.histogram_counts, y.histogram_counts));
    CHECK(same_bits(x.terminal_freq, y.terminal_freq));
    CHECK(same_bits(x.raw_tau, y.raw_tau));
    CHECK(x.raw_tau.size() == 1500);
    CHECK(x.paths == 100'003);
}

TEST_CASE("simulate resolves grids from the exact law and tabulates it", "[unit][simulation]") {
    const auto r = app::simulate(n3_spec(0));
    REQUIRE(r.exact);
    CHECK(r.spec.estimators.ecdf_max > r.exact->mean);
    CHECK(r.exact->phase_times.size() == 3);
    CHECK(r.exact->survival.front() == 1.0);
    CHECK(r.exact->laplace.size() == 3);
    CHECK(r.estimates.ecdf_t.back() == r.spec.estimators.ecdf_max);
}

TEST_CASE("simulate rejects invalid model fields by name", "[bad-input][simulation]") {
    auto negative_chi = n3_spec(1);
    negative_chi.model.chi = -0.3;
    CHECK(field_of(negative_chi) == "model.chi");
    auto off_simplex = n3_spec(1);
    off_simplex.model.prior = {0.5, 0.3, 0.3};
    CHECK(field_of(off_simplex) == "model.prior");
    auto boundary = n3_spec(1);
    boundary.model.prior = {0.7, 0.3, 0.0};
    CHECK(field_of(boundary) == "model.prior");
    auto wrong_length = n3_spec(1);
    wrong_length.model.prior = {0.5, 0.5};
    CHECK(field_of(wrong_length) == "model.prior");
    auto unknown = n3_spec(1);
    unknown.model.entropy = "renyi";
    CHECK(field_of(unknown) == "model.entropy");
    auto process = n3_spec(1);
    process.model.process = "teleport";
    CHECK(field_of(process) == "model.process");
    auto states = n3_spec(1);
    states.model.states = 1;
    CHECK(field_of(states) == "model.states");
}

namespace {

app::SimulationSpec binary_spec(const std::string& process, const std::string& entropy, std::uint64_t paths) {
    app::SimulationSpec spec;
    spec.model = {.states = 2,
                  .prior = {0.5, 0.5},
                  .entropy = entropy,
                  .entropy_parameter = std::nullopt,
                  .chi = 0.125,
                  .process = process};
    spec.plan = {.paths = paths, .block_size = 4096, .seed = 5, .threads = 0};
    spec.estimators.histogram_max = 0;
    spec.estimators.ecdf_max = 0;
    spec.estimators.laplace_r = {0.5, 1.0, 2.0};
    spec.audit.paths = 4000;
    return spec;
}

} // namespace

TEST_CASE("token cap: Zhong's binary example stopped at T has the truncated exponential law", "[stat][simulation]") {
    // f*(t) = ½e^{−t/2}: P(not learned) = e^{−T/2}; E[e^{−rτ}; τ ≤ T] = (1 − e^{−(r+½)T})/(2r + 1).
    auto spec = binary_spec("greedy", "quadratic", 400'000);
    spec.token_cap = 0.375; // T = 3
    const auto r = app::simulate(spec);
    REQUIRE(r.time_cap);
    CHECK(*r.time_cap == Approx(3.0));
    REQUIRE(r.exact);
    const auto& e = r.estimates;
    REQUIRE(e.terminal_freq.size() == 3);
    CHECK(r.exact->terminal_probability[2] == Approx(std::exp(-1.5)).epsilon(1e-9));
    CHECK(std::abs(e.terminal_freq[2] - std::exp(-1.5)) < 4 * e.terminal_freq_stderr[2]);
    for (std::size_t i = 0; i < e.laplace_r.size(); ++i) {
        const double rate = e.laplace_r[i];
        const double exact = (1 - std::exp(-(rate + 0.5) * 3)) / (2 * rate + 1);
        CHECK(r.exact->laplace[i] == Approx(exact).epsilon(1e-9));
        CHECK(std::abs(e.laplace_mean[i] - exact) < 4 * e.laplace_stderr[i]);
    }
    // E[min(τ, T)] = 2(1 − e^{−T/2}); at T the ECDF is P(τ ≤ T) = 1 − e^{−T/2}: the atom at T is
    // the paths that did not learn, not stopping times.
    CHECK(r.exact->mean == Approx(2 * (1 - std::exp(-1.5))).epsilon(1e-9));
    CHECK(std::abs(e.mean.value - r.exact->mean) < 4 * e.mean.std_error);
    CHECK(e.ecdf_t.back() == 3.0);
    CHECK(std::abs(e.ecdf_F.back() - (1 - std::exp(-1.5))) < 4 * e.ecdf_F_stderr.back());
}

TEST_CASE("binary Brownian diffusion through simulate: exact sampler, exact law, sech", "[stat][simulation]") {
    const auto r = app::simulate(binary_spec("diffusion", "quadratic", 200'000));
    CHECK(r.scheme == "exact");
    REQUIRE(r.exact);
    for (std::size_t i = 0; i < r.estimates.laplace_r.size(); ++i) {
        const double sech = 1 / std::cosh(std::sqrt(r.estimates.laplace_r[i] / 2) / std::sqrt(0.125));
        CHECK(r.exact->laplace[i] == Approx(sech).epsilon(1e-10));
        CHECK(std::abs(r.estimates.laplace_mean[i] - sech) < 4 * r.estimates.laplace_stderr[i]);
    }
    CHECK(r.exact->variance == Approx(8.0 / 3).epsilon(1e-12)); // x(1−x)(1+x−x²)/(3σ⁴) − mean² at x = ½
}

TEST_CASE("throughput audit: binding for greedy, diffusion and constant delay, slack below the budget",
          "[stat][simulation]") {
    auto greedy = n3_spec(0);
    greedy.plan.paths = 20'000;
    const auto g = app::simulate(greedy);
    REQUIRE(g.audit);
    CHECK(g.audit->verdict == estimators::AuditVerdict::binding);
    CHECK(std::abs(g.audit->total_excess.value) < 4 * g.audit->total_excess.std_error + 1e-12);

    auto delay = binary_spec("constant-delay", "quadratic", 1000);
    const auto c = app::simulate(delay);
    CHECK(c.audit->verdict == estimators::AuditVerdict::binding);
    delay.model.throughput_fraction = 0.8;
    CHECK(app::simulate(delay).audit->verdict == estimators::AuditVerdict::slack);

    auto diffusion = n3_spec(0);
    diffusion.model.process = "diffusion";
    diffusion.plan.paths = 3000;
    diffusion.audit.paths = 3000;
    const auto d = app::simulate(diffusion);
    CHECK(d.audit->verdict == estimators::AuditVerdict::binding);
}

TEST_CASE("throughput audit: a diffusion scaled beyond the budget is violated", "[stat][simulation]") {
    // Test-only configuration: the process spends χ = 0.15 per unit time, the audit allows 0.1.
    const auto over = app::make_diffusion_process({entropy::Entropy::from_name("quadratic", std::nullopt, 2),
                                                   test::belief({0.5, 0.5}),
                                                   0.15,
                                                   1.0,
                                                   {.scheme = "bridge", .dt = {}, .max_time = {}}});
    const mc::RunPlan plan{.paths = 4000, .block_size = 256, .seed = 3, .threads = 0};
    const double no_cap = std::numeric_limits<double>::infinity();
    const auto verdict = over->audit(0.1, {0.25, 20}, plan, no_cap).verdict;
    CHECK(verdict == estimators::AuditVerdict::violated);
    CHECK(over->audit(0.15, {0.25, 20}, plan, no_cap).verdict == estimators::AuditVerdict::binding);
}

TEST_CASE("diffusion runs are bitwise identical for 1 and 2 threads, stored paths stay on the simplex",
          "[repro][simulation]") {
    auto spec = n3_spec(1);
    spec.model.process = "diffusion";
    spec.plan.paths = 2000;
    spec.plan.block_size = 128;
    spec.audit.paths = 500;
    spec.sample_paths.count = 3;
    const auto a = app::simulate(spec);
    spec.plan.threads = 2;
    const auto b = app::simulate(spec);
    CHECK(same_bits(a.estimates.laplace_mean, b.estimates.laplace_mean));
    CHECK(same_bits(a.estimates.ecdf_F_by_state, b.estimates.ecdf_F_by_state));
    CHECK(same_bits(a.audit->increment_mean, b.audit->increment_mean));
    REQUIRE(a.sample_paths.size() == 3);
    for (const auto& path : a.sample_paths) {
        REQUIRE(path.belief.size() == 3 * path.t.size());
        for (std::size_t j = 0; j < path.t.size(); ++j) {
            double sum = 0;
            for (std::size_t s = 0; s < 3; ++s) {
                CHECK(path.belief[3 * j + s] >= 0);
                sum += path.belief[3 * j + s];
            }
            CHECK(sum == Approx(1).margin(1e-12));
        }
    }
}

TEST_CASE("simulate rejects bad process settings by name", "[bad-input][simulation]") {
    auto greedy_fraction = n3_spec(1);
    greedy_fraction.model.throughput_fraction = 0.5;
    CHECK(field_of(greedy_fraction) == "model.throughput_fraction");
    auto fraction = binary_spec("diffusion", "quadratic", 10);
    fraction.model.throughput_fraction = 1.5;
    CHECK(field_of(fraction) == "model.throughput_fraction");
    auto cap = n3_spec(1);
    cap.token_cap = -1.0;
    CHECK(field_of(cap) == "simulation.token_cap");
    auto scheme = binary_spec("diffusion", "shannon", 10);
    scheme.diffusion.scheme = "exact"; // no exact sampler for a three-state tsallis diffusion
    scheme.model.entropy = "tsallis";
    scheme.model.entropy_parameter = 1.5;
    scheme.model.states = 3;
    scheme.model.prior = {0.5, 0.3, 0.2};
    CHECK(field_of(scheme) == "simulation.scheme");
    scheme.diffusion.scheme = "milstein";
    CHECK(field_of(scheme) == "simulation.scheme");
}

TEST_CASE("binary Wright-Fisher diffusion agrees with its Feynman-Kac reference", "[stat][simulation]") {
    // Shannon, μ0 = 0.3: σ²(p) = 2χ p(1 − p). "auto" samples it exactly (WrightFisherLineages), so
    // it agrees with the reference at any path count.
    auto spec = binary_spec("diffusion", "shannon", 1'000'000);
    spec.model.prior = {0.3, 0.7};
    spec.estimators.laplace_r = {0.25, 0.5, 1.0};
    spec.audit.paths = 0;
    const auto r = app::simulate(spec);
    CHECK(r.scheme == "exact");
    REQUIRE(r.exact);
    CHECK_FALSE(r.audit);
    const auto& e = r.estimates;
    for (std::size_t i = 0; i < e.laplace_r.size(); ++i)
        CHECK(std::abs(e.laplace_mean[i] - r.exact->laplace[i]) < 4 * e.laplace_stderr[i]);
    CHECK(std::abs(e.mean.value - r.exact->mean) < 4 * e.mean.std_error);
    CHECK(std::abs(e.terminal_freq[0] - 0.3) < 4 * e.terminal_freq_stderr[0]);
    // The reference's own law: survival from the Laplace inversion integrates to the mean.
    double area = 0;
    for (std::size_t j = 0; j + 1 < r.exact->t.size(); ++j)
        area += 0.5 * (r.exact->survival[j] + r.exact->survival[j + 1]) * (r.exact->t[j + 1] - r.exact->t[j]);
    CHECK(area == Approx(r.exact->mean).epsilon(2e-3));
}
