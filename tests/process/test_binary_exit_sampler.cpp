#include "beliefsim/process/binary_exit_sampler.hpp"

#include "beliefsim/core/error.hpp"

#include "../support.hpp"
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <optional>
#include <vector>

using namespace beliefsim;
using beliefsim::test::Mean;
using process::BinaryDiffusionReference;
using process::BinaryDiffusionSpec;
using process::BinaryExitSampler;

namespace {

BinaryDiffusionSpec spec_of(const char* name, std::optional<double> parameter, double prior, double chi = 0.2) {
    return {.prior = prior, .entropy = entropy::Entropy::from_name(name, parameter, 2), .chi = chi};
}

// Largest |sampler's conditional CDF − reference's| over times spread (off the nodes, which sit
// at dyadic fractions of log steps) from far below to far above E[τ].
double worst_cdf_error(const BinaryDiffusionReference& ref, const BinaryExitSampler& sampler) {
    std::vector<double> ts;
    for (double f = 0.013; f < 20; f *= 1.37) ts.push_back(f * ref.mean());
    const process::ExitTimeTable law = ref.table(ts);
    double worst = 0;
    for (std::size_t i = 0; i < ts.size(); ++i) {
        worst = std::max(worst, std::abs(sampler.cdf(0, ts[i]) - law.cdf_upper[i] / sampler.probability(0)));
        worst = std::max(worst, std::abs(sampler.cdf(1, ts[i]) - law.cdf_lower[i] / sampler.probability(1)));
    }
    return worst;
}

// Monte Carlo of the sampler against the reference: E[τ], E[e^{−rτ}], the ECDF at five times and
// the terminal frequency, each within 4 SE.
void check_monte_carlo(const BinaryDiffusionSpec& spec, long paths) {
    const BinaryDiffusionReference ref(spec);
    const BinaryExitSampler sampler(ref);
    const std::array<double, 4> rs = {0.1, 0.3, 1, 3};
    std::array<double, 5> times{};
    for (std::size_t j = 0; j < times.size(); ++j) times[j] = ref.mean() * std::ldexp(1.0, static_cast<int>(j) - 2);
    Mean tau, upper;
    std::array<Mean, 4> laplace;
    std::array<Mean, 5> ecdf;
    for (long i = 0; i < paths; ++i) {
        auto rng = rng::make_path_rng(20261207, static_cast<rng::PathIndex>(i));
        const process::PathOutcome o = sampler.sample(rng);
        tau.add(o.tau);
        upper.add(o.terminal_state == 0 ? 1.0 : 0.0);
        for (std::size_t j = 0; j < rs.size(); ++j) laplace[j].add(std::exp(-rs[j] * o.tau));
        for (std::size_t j = 0; j < times.size(); ++j) ecdf[j].add(o.tau <= times[j] ? 1.0 : 0.0);
    }
    INFO("E[tau] " << tau.mean << " vs " << ref.mean() << ": z = " << tau.z(ref.mean()));
    CHECK(std::abs(tau.z(ref.mean())) <= 4);
    INFO("terminal 0 frequency " << upper.mean << " vs " << ref.probability_upper()
                                 << ": z = " << upper.z(ref.probability_upper()));
    CHECK(std::abs(upper.z(ref.probability_upper())) <= 4);
    for (std::size_t j = 0; j < rs.size(); ++j) {
        const double exact = ref.laplace(rs[j]);
        INFO("E[exp(-" << rs[j] << " tau)] " << laplace[j].mean << " vs " << exact << ": z = " << laplace[j].z(exact));
        CHECK(std::abs(laplace[j].z(exact)) <= 4);
    }
    const process::ExitTimeTable law = ref.table(times);
    for (std::size_t j = 0; j < times.size(); ++j) {
        const double exact = 1 - law.survival[j];
        INFO("P(tau <= " << times[j] << ") " << ecdf[j].mean << " vs " << exact << ": z = " << ecdf[j].z(exact));
        CHECK(std::abs(ecdf[j].z(exact)) <= 4);
    }
}

} // namespace

TEST_CASE("binary exit sampler: tabulated law matches the reference off the nodes", "[binary_exit_sampler]") {
    struct Case {
        const char* name;
        std::optional<double> parameter;
        double prior;
    };
    for (const Case& c : {Case{"shannon", std::nullopt, 0.3}, Case{"tsallis", 1.5, 0.5}, Case{"power", 3.0, 0.8},
                          Case{"quadratic", std::nullopt, 0.05}}) {
        const BinaryDiffusionReference ref(spec_of(c.name, c.parameter, c.prior));
        const BinaryExitSampler sampler(ref);
        const double worst = worst_cdf_error(ref, sampler);
        INFO(c.name << " prior " << c.prior << ": worst |G - G_ref| " << worst << ", nodes " << sampler.node_count(0)
                    << "/" << sampler.node_count(1) << ", checked " << sampler.checked_error());
        CHECK(sampler.checked_error() <= 1e-10);
        CHECK(worst <= 1e-10);
        CHECK(sampler.probability(0) == Approx(ref.probability_upper()).epsilon(1e-15));
        CHECK(sampler.probability(0) + sampler.probability(1) == Approx(1).epsilon(1e-15));
    }
}

TEST_CASE("binary exit sampler: Monte Carlo against the reference, Wright-Fisher", "[binary_exit_sampler]") {
    check_monte_carlo(spec_of("shannon", std::nullopt, 0.3), 1'000'000);
}

TEST_CASE("binary exit sampler: Monte Carlo against the reference, Tsallis q = 1.5", "[binary_exit_sampler]") {
    check_monte_carlo(spec_of("tsallis", 1.5, 0.3), 1'000'000);
}

TEST_CASE("binary exit sampler: Wright-Fisher closed forms (Kimura series, mean)", "[binary_exit_sampler]") {
    // Shannon with χ = 0.2 is Wright-Fisher with c = 2χ. The oracle does not use the reference.
    const double chi = 0.2, c = 2 * chi;
    for (const double prior : {0.3, 1e-6}) {
        const BinaryExitSampler sampler{BinaryDiffusionReference(spec_of("shannon", std::nullopt, prior, chi))};
        const auto cdf = [&](double t) {
            return sampler.probability(0) * sampler.cdf(0, t) + sampler.probability(1) * sampler.cdf(1, t);
        };
        const double mean = process::wright_fisher_mean_exit_time(prior, c);
        double worst = 0;
        for (double f = 0.05; f < 30; f *= 1.41) {
            const double t = f * mean;
            worst = std::max(worst, std::abs(cdf(t) - (1 - process::wright_fisher_survival(prior, c, t))));
        }
        // The reference's own error against Kimura is ~1e-10 at prior 1e-6 (t ~ 1e-5), 3e-12 at 0.3.
        INFO("prior " << prior << ": worst |F - F_Kimura| " << worst);
        CHECK(worst <= (prior < 1e-3 ? 3e-10 : 2e-11));
        // E[τ] = Σ_θ P(θ) ∫ (1 − G_θ) dt of the tabulated law, tails included: Gauss-Kronrod on
        // unit pieces of log t from e^{−40} (no mass below) to e^{8} (none above).
        double integral = 0;
        for (int theta = 0; theta < 2; ++theta)
            for (double y = -40; y < 8; ++y)
                integral +=
                    sampler.probability(theta) *
                    boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
                        [&](double v) { return (1 - sampler.cdf(theta, std::exp(v))) * std::exp(v); }, y, y + 1, 0);
        INFO("prior " << prior << ": E[tau] of the table " << integral << " vs " << mean << ", difference "
                      << integral - mean);
        // |ΔF| ≤ 1e-10 over the ~10 time units that carry mass bounds the error.
        CHECK(std::abs(integral - mean) <= 1e-9);
    }
}

TEST_CASE("binary exit sampler: extreme priors sample finite positive times", "[binary_exit_sampler]") {
    for (const double prior : {1e-9, 1 - 1e-9}) {
        const BinaryExitSampler sampler{BinaryDiffusionReference(spec_of("shannon", std::nullopt, prior))};
        Mean upper;
        bool finite_positive = true;
        for (long i = 0; i < 20'000; ++i) {
            auto rng = rng::make_path_rng(7, static_cast<rng::PathIndex>(i));
            const process::PathOutcome o = sampler.sample(rng);
            finite_positive = finite_positive && std::isfinite(o.tau) && o.tau > 0;
            upper.add(o.terminal_state == 0 ? 1.0 : 0.0);
        }
        INFO("prior " << prior);
        CHECK(finite_positive);
        CHECK(std::abs(upper.mean - prior) <= 1e-3);
        // The ends of the table's range: τ for u → 0 and u = 1 (the extrapolations).
        CHECK(sampler.cdf(0, 1e-300) >= 0);
        CHECK(sampler.cdf(1, 1e300) == 1);
    }
}

TEST_CASE("binary exit sampler: bad input", "[binary_exit_sampler][bad-input]") {
    const BinaryExitSampler sampler{BinaryDiffusionReference(spec_of("quadratic", std::nullopt, 0.5))};
    CHECK_THROWS_AS(sampler.cdf(2, 1.0), Error);
    CHECK_THROWS_AS(sampler.cdf(-1, 1.0), Error);
    CHECK_THROWS_AS(sampler.cdf(0, -1.0), Error);
    CHECK_THROWS_AS(sampler.probability(2), Error);
    CHECK_THROWS_AS(sampler.node_count(3), Error);
    CHECK(sampler.cdf(0, 0) == 0);
}
