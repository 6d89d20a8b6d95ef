// The `menu` pipeline as a library call (include/beliefsim/app/menu_run.hpp): model → law →
// menu → audit → families → tiers. Oracles: SPEC §5 (Zhong §2.2, §3.1), the exact-law revenue
// for the Monte Carlo law (within 4 SE), revenue by the virtual-surplus route, IC/IR audits.

#include <catch2/catch.hpp>

#include <boost/math/special_functions/expint.hpp>

#include "beliefsim/app/menu_run.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/menu_config.hpp"

#include <cmath>
#include <string>

using namespace beliefsim;
using app::MenuSpec;

namespace {

/// Zhong §3.1: quadratic entropy, prior ½, χ = 1/8, r ~ U[1, 2].
MenuSpec binary_spec(const std::string& law, std::uint64_t paths = 100'000) {
    MenuSpec spec;
    auto& m = spec.simulation.model;
    m.states = 2;
    m.prior = {0.5, 0.5};
    m.entropy = "quadratic";
    m.chi = 0.125;
    spec.simulation.plan = {paths, 4096, 17, 0};
    spec.simulation.estimators.laplace_r = {1.0};
    spec.simulation.audit.paths = 0;
    spec.menu.law = law;
    spec.menu.audit_points = 101;
    return spec;
}

double binary_revenue() { return 0.2 * (1 - std::exp(-2.5)) + 0.5 * std::exp(-1.0) * boost::math::expint(1, 1.5); }

/// Three states, Shannon, truncated normal types and a valuation falling in r (Zhong §4).
MenuSpec shannon3_spec(const std::string& law) {
    MenuSpec spec = binary_spec(law, 100'000);
    auto& m = spec.simulation.model;
    m.states = 3;
    m.prior = {0.5, 0.3, 0.2};
    m.entropy = "shannon";
    m.chi = 0.3;
    spec.types = pricing::TypeDistribution::truncated_normal(0.5, 2.5, 1.2, 0.5);
    spec.valuation = pricing::valuation_profile("linear", 1.0, -0.2, spec.types);
    spec.valuation_form = "linear";
    spec.menu.tiers = 2;
    spec.menu.audit_points = 51;
    return spec;
}

} // namespace

TEST_CASE("binary example through the pipeline: revenue, families and tiers", "[pricing][paper]") {
    const app::MenuRun run = app::run_menu(binary_spec("auto"));
    REQUIRE_FALSE(run.monte_carlo_law);
    CHECK(run.revenue.value == Approx(binary_revenue()).epsilon(1e-9));
    CHECK(run.revenue.value == Approx(0.201981).margin(1e-6)); // SPEC §5 as printed
    CHECK(run.revenue_virtual == Approx(run.revenue.value).epsilon(1e-9));
    CHECK(run.audit.max_ic_violation < 1e-9);
    CHECK(run.audit.max_ir_violation < 1e-9);
    CHECK_FALSE(run.ironed);
    // P(r) = (3 + 2e^{−5/2} − 5e^{−(r+½)/(r−1)})/15 at the table's r = 1.5 and 2 (SPEC §5).
    const auto& t = run.table.values;
    const auto at = [&](double r) { return static_cast<std::size_t>(std::lround((r - 1) * (t.r.size() - 1))); };
    const auto P = [](double r) { return (3 + 2 * std::exp(-2.5) - 5 * std::exp(-(r + 0.5) / (r - 1))) / 15; };
    CHECK(t.price[at(1.5)] == Approx(P(1.5)).epsilon(1e-8));
    CHECK(t.price[at(2.0)] == Approx(P(2.0)).epsilon(1e-8));
    // The families are built from the model's own constant-delay and diffusion laws (Zhong §2.2).
    REQUIRE(run.constant_delay);
    REQUIRE(run.diffusion);
    CHECK(run.constant_delay->revenue == Approx(0.5 * std::exp(-3.0)).epsilon(1e-7));
    CHECK(run.diffusion->revenue == Approx(1 / std::cosh(2 * std::sqrt(2.0))).epsilon(1e-7));
    // The Monte Carlo cross-check of the run's own samples.
    REQUIRE(run.revenue_from_samples);
    CHECK(std::abs(run.revenue_from_samples->value - run.revenue.value) < 4 * run.revenue_from_samples->std_error);
    // K tiers: revenue rises with K and stays below the continuous menu.
    REQUIRE(run.tiers.size() == 5);
    double previous = 0;
    for (const auto& tier : run.tiers) {
        CHECK(tier.revenue >= previous - 1e-12);
        CHECK(tier.revenue <= run.revenue.value + 1e-12);
        previous = tier.revenue;
    }
    CHECK(run.tiers.front().revenue == Approx(0.2).epsilon(1e-9)); // one tier: no cap, price D(2, ∞) = 0.2
}

TEST_CASE("the Monte Carlo law gives the exact-law revenue within 4 SE", "[pricing][statistical]") {
    const app::MenuRun exact = app::run_menu(binary_spec("exact"));
    const app::MenuRun sampled = app::run_menu(binary_spec("monte-carlo"));
    REQUIRE(sampled.monte_carlo_law);
    REQUIRE(sampled.revenue.std_error > 0);
    CHECK(std::abs(sampled.revenue.value - exact.revenue.value) < 4 * sampled.revenue.std_error);
    for (std::size_t i = 0; i < exact.table.values.r.size(); i += 20) {
        CAPTURE(exact.table.values.r[i]);
        CHECK(std::abs(sampled.table.values.price[i] - exact.table.values.price[i]) <
              4 * sampled.table.price_stderr[i]);
    }
    CHECK(sampled.audit.max_ic_violation < 1e-12);
    CHECK(sampled.tiers.empty()); // tiers need the exact law
    // The user's raw-sample setting is kept: the pipeline's own samples are not written out.
    CHECK(sampled.simulation.estimates.raw_tau.empty());
}

TEST_CASE("three states, truncated normal types, falling valuation: exact and sampled laws agree",
          "[pricing][statistical]") {
    const app::MenuRun exact = app::run_menu(shannon3_spec("exact"));
    CHECK(exact.audit.max_ic_violation < 1e-7);
    CHECK(exact.audit.max_ir_violation < 1e-9);
    CHECK(exact.revenue_virtual == Approx(exact.revenue.value).epsilon(1e-7));
    CHECK_FALSE(exact.diffusion); // no exact law for a 3-state diffusion
    CHECK_FALSE(exact.diffusion_note.empty());
    REQUIRE(exact.constant_delay);
    CHECK(exact.constant_delay->revenue < exact.revenue.value);
    const app::MenuRun sampled = app::run_menu(shannon3_spec("monte-carlo"));
    CHECK(std::abs(sampled.revenue.value - exact.revenue.value) < 4 * sampled.revenue.std_error);
}

TEST_CASE("menu runs reject what they cannot do", "[pricing][bad-input]") {
    const auto field_of = [](MenuSpec spec) {
        try {
            (void)io::with_fields(io::menu_fields(), [&] { return app::run_menu(std::move(spec)); });
        } catch (const ConfigError& e) {
            return e.field();
        }
        return std::string("no error");
    };
    MenuSpec diffusion3 = shannon3_spec("exact");
    diffusion3.simulation.model.process = "diffusion";
    CHECK(field_of(diffusion3) == "menu.law");
    MenuSpec capped = binary_spec("auto");
    capped.simulation.token_cap = 1.0;
    CHECK(field_of(capped) == "simulation.token_cap");
    CHECK(field_of(binary_spec("closed-form")) == "menu.law");
}
