#include "beliefsim/app/convergence.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/convergence_config.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace beliefsim;

namespace {

constexpr double K = 4; // standard errors; about 6e-5 false alarms per comparison

app::ConvergenceSpec binary_spec(const std::string& entropy, std::vector<double> prior, double chi) {
    app::ConvergenceSpec spec;
    spec.simulation.model = {.states = 2,
                             .prior = std::move(prior),
                             .entropy = entropy,
                             .entropy_parameter = std::nullopt,
                             .chi = chi,
                             .process = "diffusion"};
    spec.simulation.plan = {.paths = 20'000, .block_size = 1000, .seed = 13, .threads = 0};
    spec.simulation.estimators.laplace_r = {1.0, 3.0};
    spec.simulation.estimators.ecdf_max = 0;
    spec.convergence.ecdf_times = 3;
    return spec;
}

std::string field_of(app::ConvergenceSpec spec) {
    try {
        (void)io::with_fields(io::convergence_fields(), [&] { return app::run_convergence(std::move(spec)); });
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "no error";
}

} // namespace

TEST_CASE("fit_power_law recovers an exact power law and the two-point slope's error", "[unit][convergence]") {
    const std::vector<double> dt = {0.08, 0.04, 0.02, 0.01};
    std::vector<double> bias, se;
    for (const double h : dt) {
        bias.push_back(-0.3 * std::sqrt(h));
        se.push_back(0.01 * 0.3 * std::sqrt(h)); // 1% relative: every rung resolved
    }
    const app::PowerLawFit f = app::fit_power_law(dt, bias, se);
    CHECK(f.status == "fitted");
    CHECK(f.points == 4);
    CHECK(f.order == Approx(0.5).margin(1e-12));
    CHECK(f.constant == Approx(-0.3).epsilon(1e-12));
    CHECK(f.chi2 == Approx(0).margin(1e-18));
    // Two points: p = Δlog|b|/Δlog dt, so SE(p) = √(σ₁² + σ₂²)/|Δlog dt| with σ = SE/|b|.
    const std::vector<double> two_dt = {0.04, 0.01}, two_bias = {0.2, 0.05}, two_se = {0.01, 0.005};
    const app::PowerLawFit g = app::fit_power_law(two_dt, two_bias, two_se);
    CHECK(g.order == Approx(1.0).epsilon(1e-12));
    CHECK(g.order_stderr == Approx(std::hypot(0.05, 0.1) / std::log(4.0)).epsilon(1e-12));

    CHECK(app::fit_power_law(two_dt, two_bias, std::vector<double>{0.1, 0.1}).status == "unresolved");
    CHECK(app::fit_power_law(two_dt, std::vector<double>{0.2, -0.05}, two_se).status == "mixed-sign");
}

TEST_CASE("convergence: the bridge is unbiased at every dt for binary Brownian motion", "[stat][convergence]") {
    // Quadratic entropy: σ² = χ constant, straight boundaries, so the bridge's crossing probability is
    // exact (process/diffusion.hpp) and the exit-time series is the oracle.
    app::ConvergenceSpec spec = binary_spec("quadratic", {0.5, 0.5}, 0.125);
    spec.convergence.schemes = {"bridge"};
    spec.convergence.dts = {0.64, 0.32, 0.16, 0.08};
    const app::ConvergenceResult r = app::run_convergence(spec);
    REQUIRE(r.reference == "exact");
    REQUIRE(r.schemes.size() == 1);
    const app::SchemeLadder& s = r.schemes[0];
    for (const app::QuantityLadder* q : {&s.mean, &s.laplace, &s.ecdf}) {
        for (std::size_t i = 0; i < q->bias.size(); ++i) {
            INFO("bias " << q->bias[i] << " ± " << q->bias_stderr[i] << ", z = " << q->bias[i] / q->bias_stderr[i]
                         << ", K = " << K << ", seed 13");
            CHECK(std::abs(q->bias[i]) <= K * q->bias_stderr[i]);
        }
        for (const app::PowerLawFit& f : q->fits) {
            INFO("status " << f.status << ", C = " << f.constant << " ± " << f.constant_stderr);
            CHECK((f.status != "fitted" || std::abs(f.constant) <= K * f.constant_stderr));
        }
    }
}

TEST_CASE("convergence: naive Euler on Wright-Fisher shows its order", "[stat][convergence]") {
    // Binary Shannon (prior 0.3, χ = 0.2): the exit is only seen at step ends, and the noise vanishes at
    // the faces; the bias of E[τ] is expected to fall like dt^½ to dt^1.
    app::ConvergenceSpec spec = binary_spec("shannon", {0.3, 0.7}, 0.2);
    spec.convergence.schemes = {"euler"};
    spec.convergence.dts = {0.4, 0.2, 0.1, 0.05};
    const app::ConvergenceResult r = app::run_convergence(spec);
    REQUIRE(r.reference == "exact");
    const app::PowerLawFit& f = r.schemes[0].mean.fits[0];
    INFO("p = " << f.order << " ± " << f.order_stderr << " on " << f.points << " rungs, C = " << f.constant);
    REQUIRE(f.status == "fitted");
    CHECK(f.points >= 3);
    const double to_half = std::abs(f.order - 0.5), to_one = std::abs(f.order - 1.0);
    CHECK(std::min(to_half, to_one) <= K * f.order_stderr);
}

TEST_CASE("convergence rejects bad input by field", "[bad-input][convergence]") {
    app::ConvergenceSpec spec = binary_spec("shannon", {0.3, 0.7}, 0.2);
    spec.simulation.plan.paths = 10;
    auto bad = spec;
    bad.convergence.schemes = {"milstein"};
    CHECK(field_of(bad) == "convergence.schemes");
    bad = spec;
    bad.convergence.schemes = {"exact"};
    CHECK(field_of(bad) == "convergence.schemes");
    bad = spec;
    bad.convergence.dts = {0.1, -0.1};
    CHECK(field_of(bad) == "convergence.dts");
    bad = spec;
    bad.convergence.dts = {0.1, 0.1};
    CHECK(field_of(bad) == "convergence.dts");
    bad = spec;
    bad.simulation.model.process = "greedy";
    CHECK(field_of(bad) == "model.process");

    const std::string model = "[model]\nstates = 2\nprior = [0.3, 0.7]\nentropy = \"shannon\"\nchi = 0.2\n"
                              "process = \"diffusion\"\n";
    const auto config_field = [](const std::string& text) {
        try {
            (void)io::parse_convergence_config(text);
        } catch (const ConfigError& e) {
            return e.field();
        }
        return std::string("no error");
    };
    CHECK(config_field(model) == "no error");
    CHECK(config_field(model + "[simulation]\npaths = 10\n") == "simulation.paths");
    CHECK(config_field(model + "[simulation]\nscheme = \"euler\"\n") == "simulation.scheme");
    CHECK(config_field(model + "[convergence]\ndts = [0.1]\n") == "convergence.dts");
    CHECK(config_field(model + "[convergence]\nschemes = [1]\n") == "convergence.schemes");
    CHECK(config_field(model + "[convergence]\npaths = 0\n") == "convergence.paths");
    CHECK(config_field(model + "[convergence]\nstep = 1\n") == "convergence.step");
    CHECK(config_field(model + "[audit]\npaths = 1\n") == "audit");
}
