// The token-cap menu priced with a sampled law (include/beliefsim/pricing/empirical_menu.hpp).
// Oracles: the exact-law menu (pricing/menu.hpp) on the same types, fed exact Exp(½) samples
// (Zhong §3.1's law), compared within k standard errors; IC/IR of the sampled menu against its own
// law; a point mass (constant delay) where the density window must not blow up.

#include <catch2/catch.hpp>

#include <boost/random/exponential_distribution.hpp>

#include "beliefsim/core/error.hpp"
#include "beliefsim/pricing/empirical_menu.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <cmath>
#include <vector>

using namespace beliefsim::pricing;

namespace {

std::vector<double> exponential_samples(std::size_t n, double rate, std::uint64_t seed) {
    std::vector<double> tau(n);
    boost::random::exponential_distribution<double> exp(rate);
    for (std::size_t i = 0; i < n; ++i) {
        auto rng = beliefsim::rng::make_path_rng(seed, i);
        tau[i] = exp(rng);
    }
    return tau;
}

/// Truncated normal types with a falling valuation: T(r) = g/G + q'/q is not g/G (a rising q can break IR at the top:
/// README).
TypeDistribution normal_types() { return TypeDistribution::truncated_normal(1, 2, 1.4, 0.3); }
Valuation falling() { return valuation_profile("exponential", 1.0, -0.3, normal_types()); }

} // namespace

TEST_CASE("sampled-law prices, surplus and tokens agree with the exact law within 4 SE", "[pricing][statistical]") {
    const TypeDistribution types = normal_types();
    const TokenCapMenu exact(Market(types, exponential_law(0.5), 0.125, falling()));
    const EmpiricalMenu sampled(CapSchedule(types, falling()), 0.125, exponential_samples(200'000, 0.5, 5));
    const std::vector<double> r = {1.0, 1.1, 1.3, 1.5, 1.7, 1.9, 2.0};
    const EmpiricalMenuTable table = sampled.tabulate(r);
    const MenuTable truth = tabulate(exact, r);
    for (std::size_t i = 0; i < r.size(); ++i) {
        CAPTURE(r[i]);
        CHECK(table.values.time_cap[i] == truth.time_cap[i]);
        if (truth.time_cap[i] == 0) { // excluded (q falls, so T = g/G + q'/q reaches 0 near r = 2)
            CHECK(table.values.price[i] == 0);
            continue;
        }
        REQUIRE(table.price_stderr[i] > 0);
        CHECK(std::abs(table.values.price[i] - truth.price[i]) < 4 * table.price_stderr[i]);
        CHECK(std::abs(table.values.surplus[i] - truth.surplus[i]) < 4 * table.surplus_stderr[i] + 1e-12);
        CHECK(std::abs(table.values.expected_tokens[i] - truth.expected_tokens[i]) <
              4 * table.expected_tokens_stderr[i] + 1e-12);
        if (table.marginal_price_stderr[i] > 0) // histogram density: bias O(h²) is below 4 SE at this N
            CHECK(std::abs(table.values.marginal_price[i] - truth.marginal_price[i]) <
                  4 * table.marginal_price_stderr[i]);
    }
    const auto revenue = sampled.revenue();
    CHECK(std::abs(revenue.value - exact.revenue()) < 4 * revenue.std_error);
    // SE ∝ 1/√N: a quarter of the samples doubles it.
    const EmpiricalMenu quarter(CapSchedule(types, falling()), 0.125, exponential_samples(50'000, 0.5, 5));
    CHECK(quarter.revenue().std_error / revenue.std_error == Approx(2.0).epsilon(0.05));
}

TEST_CASE("the sampled-law menu is IC and IR against its own law", "[pricing][invariant]") {
    const EmpiricalMenu sampled(CapSchedule(normal_types(), falling()), 0.125, exponential_samples(20'000, 0.5, 9));
    const AuditReport report = sampled.audit(101);
    CHECK(report.max_ic_violation < 1e-12);
    CHECK(report.max_ir_violation < 1e-12);
}

TEST_CASE("ironed schedules price IC menus from samples too", "[pricing][invariant]") {
    // Arcsine types: g/G rises again near r = 2 (see test_menu.cpp).
    const CapSchedule schedule(TypeDistribution::beta(1, 2, 0.5, 0.5), {}, 1024);
    REQUIRE(schedule.ironed());
    const EmpiricalMenu sampled(schedule, 0.125, exponential_samples(20'000, 0.5, 3));
    const AuditReport report = sampled.audit(101);
    CHECK(report.max_ic_violation < 1e-12);
    CHECK(report.max_ir_violation < 1e-12);
    const TokenCapMenu exact(Market(schedule.types(), exponential_law(0.5), 0.125), 1024);
    CHECK(std::abs(sampled.revenue().value - exact.revenue()) < 4 * sampled.revenue().std_error);
}

TEST_CASE("a point-mass law prices exactly and keeps finite marginal prices", "[pricing]") {
    // Every τ = 3: P(r) = e^{−ρ(3)·3} for types with T(r) ≥ 3, else 0; no spread, so no density.
    const CapSchedule schedule(TypeDistribution::uniform(1, 2), {});
    const EmpiricalMenu sampled(schedule, 0.125, std::vector<double>(100, 3.0));
    const std::vector<double> r = {1.0, 1.2, 1.5, 2.0};
    const EmpiricalMenuTable table = sampled.tabulate(r);
    const double rho = schedule.last_type_served_at(3.0); // T = 1/(r − 1) = 3 at r = 4/3
    CHECK(rho == Approx(4.0 / 3).epsilon(1e-12));
    for (std::size_t i = 0; i < r.size(); ++i) {
        CAPTURE(r[i]);
        const double expected = schedule.time_cap(r[i]) >= 3 ? std::exp(-rho * 3) : 0.0;
        CHECK(table.values.price[i] == Approx(expected).margin(1e-15));
        CHECK(table.price_stderr[i] < 1e-6); // zero up to the rounding of the variance from sums
        CHECK(std::isfinite(table.values.marginal_price[i]));
    }
}

TEST_CASE("a sampled law needs valid samples", "[pricing][bad-input]") {
    const CapSchedule schedule(TypeDistribution::uniform(1, 2), {});
    CHECK_THROWS_AS(EmpiricalMenu(schedule, 0.125, {1.0}), beliefsim::InvalidArgument);
    CHECK_THROWS_AS(EmpiricalMenu(schedule, 0.125, {1.0, -1.0}), beliefsim::InvalidArgument);
    CHECK_THROWS_AS(EmpiricalMenu(schedule, 0.125, {1.0, NAN}), beliefsim::InvalidArgument);
    CHECK_THROWS_AS(EmpiricalMenu(schedule, -1.0, {1.0, 2.0}), beliefsim::InvalidArgument);
}
