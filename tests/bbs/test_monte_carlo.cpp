// Monte Carlo path (include/beliefsim/bbs/monte_carlo.hpp). Oracles: Example 1's R*, Π* (paper),
// the exact θ law 2θ − θ² (paper), and the quadrature path for a non-uniform law; k = 4 standard
// errors, fixed seeds; bitwise reproducibility across thread counts.

#include <catch2/catch.hpp>

#include "../support.hpp"
#include "beliefsim/bbs/monte_carlo.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/type_tables.hpp"

#include <cmath>
#include <fstream>

using namespace beliefsim::bbs;
using beliefsim::pricing::TypeDistribution;

namespace {
const TypeDistribution unit = TypeDistribution::uniform(0, 1);
}

TEST_CASE("Monte Carlo packages reproduce Example 1 within 4 standard errors", "[bbs][stat][paper]") {
    const Technology tech(TechnologyParams{});
    MonteCarloPlan plan;
    plan.seed = 20250211;
    plan.law_samples = 1'000'000;
    plan.revenue_samples = 1'000'000;
    const MonteCarloPackages r = monte_carlo_packages(tech, ValueScaleSampler(unit, unit), plan);
    CAPTURE(plan.seed, r.revenue.value, r.revenue.std_error, r.profit.value, r.profit.std_error);
    CHECK(r.revenue.n == plan.revenue_samples);
    CHECK(std::abs(r.revenue.value - 139.0 / 540) < 4 * r.revenue.std_error);
    CHECK(std::abs(r.profit.value - 97.0 / 1080) < 4 * r.profit.std_error);
    // The menu built from the histogram is close to the exact one (θ̂ = 2/3, exclusion at 1/3).
    CHECK(r.menu.screening().lowest_served() == Approx(1.0 / 3).margin(0.01));
}

TEST_CASE("Monte Carlo allocations reproduce Example 1 within 4 standard errors", "[bbs][stat][paper]") {
    const Technology tech(TechnologyParams{});
    const AllocationMenu menu(tech, scalar_law(unit), scalar_law(unit));
    MonteCarloPlan plan;
    plan.seed = 7;
    plan.revenue_samples = 200'000;
    const MonteCarloValues r = monte_carlo_allocations(menu, ValueScaleSampler(unit, unit), plan);
    CAPTURE(r.revenue.value, r.revenue.std_error);
    CHECK(std::abs(r.revenue.value - 139.0 / 480) < 4 * r.revenue.std_error);
    CHECK(std::abs(r.profit.value - 97.0 / 960) < 4 * r.profit.std_error);
}

TEST_CASE("theta histogram matches the exact law of Example 1", "[bbs][stat]") {
    const Technology tech(TechnologyParams{});
    const ValueScaleSampler sampler(unit, unit);
    ThetaHistogram hist(0, 1, 64);
    const std::uint64_t n = 200'000;
    for (std::uint64_t i = 0; i < n; ++i) {
        auto rng = beliefsim::rng::make_path_rng(3, i);
        const ValueScaleDraw d = sampler.sample(rng);
        hist.add(d.w * std::sqrt(d.s));
    }
    const ScalarLaw law = hist.law();
    for (const double t : {0.125, 0.25, 0.5, 0.75}) {
        const double F = 2 * t - t * t, se = std::sqrt(F * (1 - F) / n);
        CHECK(std::abs(law.cdf(t) - F) < 4 * se);
    }
}

TEST_CASE("Monte Carlo packages agree with quadrature for a truncated-normal value law", "[bbs][stat]") {
    const Technology tech(TechnologyParams{});
    const TypeDistribution w = TypeDistribution::truncated_normal(0, 1, 0.6, 0.25);
    const TypeDistribution s = TypeDistribution::beta(0, 1, 2, 2);
    // 256 cells: the θ law is itself a quadrature per point, and 4 SE at 50k samples is coarse.
    const PackageMenu exact(tech, value_scale_theta_law(tech, scalar_law(w), scalar_law(s)), 256);
    MonteCarloPlan plan;
    plan.seed = 11;
    plan.law_samples = 50'000;
    plan.revenue_samples = 50'000;
    const MonteCarloPackages r = monte_carlo_packages(tech, ValueScaleSampler(w, s), plan);
    CAPTURE(exact.revenue(), r.revenue.value, r.revenue.std_error);
    CHECK(std::abs(r.revenue.value - exact.revenue()) < 4 * r.revenue.std_error);
    CHECK(std::abs(r.profit.value - exact.profit()) < 4 * r.profit.std_error);
}

TEST_CASE("Monte Carlo results are bitwise identical for 1 and 2 threads", "[bbs][repro]") {
    const Technology tech(TechnologyParams{});
    MonteCarloPlan plan;
    plan.seed = 5;
    plan.law_samples = 50'000;
    plan.revenue_samples = 50'000;
    plan.block_size = 1000;
    plan.threads = 1;
    const MonteCarloPackages a = monte_carlo_packages(tech, ValueScaleSampler(unit, unit), plan);
    plan.threads = 2;
    const MonteCarloPackages b = monte_carlo_packages(tech, ValueScaleSampler(unit, unit), plan);
    CHECK(a.revenue.value == b.revenue.value);
    CHECK(a.revenue.std_error == b.revenue.std_error);
    CHECK(a.profit.value == b.profit.value);
}

TEST_CASE("packages from a sample file and bad sample files", "[bbs][stat][bad-input]") {
    const beliefsim::test::TempDir dir;
    const auto good = dir.path / "types.txt";
    {
        std::ofstream out(good);
        out << "# w s\n";
        const ValueScaleSampler sampler(unit, unit);
        for (std::uint64_t i = 0; i < 400'000; ++i) {
            auto rng = beliefsim::rng::make_path_rng(99, i);
            const ValueScaleDraw d = sampler.sample(rng);
            out.precision(17);
            out << d.w << ' ' << d.s << '\n';
        }
    }
    const auto rows = beliefsim::io::read_value_scale_samples(good);
    CHECK(rows.size() == 400'000);
    const MonteCarloPackages r = packages_from_samples(Technology(TechnologyParams{}), rows);
    CHECK(std::abs(r.revenue.value - 139.0 / 540) < 4 * r.revenue.std_error);

    const auto field_of = [&](const std::string& text) {
        const auto bad = dir.path / "bad.txt";
        std::ofstream(bad) << text;
        try {
            (void)beliefsim::io::read_value_scale_samples(bad);
        } catch (const beliefsim::ConfigError& e) {
            return e.field();
        }
        return std::string("none");
    };
    CHECK(field_of("0.5 0.5\nabc 0.2\n") == "types.samples");
    CHECK(field_of("0.5 0.5\n0.4 1.5\n") == "types.samples");
    CHECK(field_of("0.5 0.5 0.1\n0.4 0.5\n") == "types.samples");
    CHECK(field_of("0.5 0.5\n") == "types.samples");
    CHECK(field_of("0.5 0.5\n0.25 0.75 # ok\n") == "none");
    CHECK_THROWS_AS(beliefsim::io::read_value_scale_samples(dir.path / "missing.txt"), beliefsim::ConfigError);
    CHECK_THROWS_AS(ValueScaleSampler(unit, TypeDistribution::uniform(0, 2)), beliefsim::InvalidArgument);
}
