#include "beliefsim/process/wright_fisher_lineages.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/binary_reference.hpp"

#include "../support.hpp"
#include <boost/math/distributions/chi_squared.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace beliefsim;
using beliefsim::test::belief;
using beliefsim::test::Mean;
using process::WrightFisherLineages;

namespace {

constexpr double K = 4; // tolerance in standard errors
constexpr double INF = std::numeric_limits<double>::infinity();

/// E[τ], E[e^{−rτ}], P(τ ≤ t) and the terminal-state frequencies over `paths` paths.
struct Summary {
    Mean tau;
    std::vector<Mean> laplace, ecdf;
    std::vector<long> terminal;
};

Summary run(const WrightFisherLineages& m, long paths, std::uint64_t seed, const std::vector<double>& rs,
            const std::vector<double>& ts) {
    Summary s{{},
              std::vector<Mean>(rs.size()),
              std::vector<Mean>(ts.size()),
              std::vector<long>(static_cast<std::size_t>(m.prior().size()))};
    for (long i = 0; i < paths; ++i) {
        auto rng = rng::make_path_rng(seed, static_cast<std::uint64_t>(i));
        const auto o = m.sample(rng);
        s.tau.add(o.tau);
        for (std::size_t j = 0; j < rs.size(); ++j) s.laplace[j].add(std::exp(-rs[j] * o.tau));
        for (std::size_t j = 0; j < ts.size(); ++j) s.ecdf[j].add(o.tau <= ts[j] ? 1.0 : 0.0);
        ++s.terminal[static_cast<std::size_t>(o.terminal_state)];
    }
    return s;
}

/// Shannon entropy −Σ μ log μ (natural log), the oracle of the throughput identity E[τ] = H(μ0)/(χf).
double shannon(const Vector& mu) {
    double h = 0;
    for (Eigen::Index i = 0; i < mu.size(); ++i) h -= mu[i] * std::log(mu[i]);
    return h;
}

/// Pearson χ² p-value of the terminal counts against the prior.
double terminal_p_value(const std::vector<long>& counts, const Vector& prior, long paths) {
    double chi2 = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double expected = static_cast<double>(paths) * prior[static_cast<Eigen::Index>(i)];
        chi2 += (static_cast<double>(counts[i]) - expected) * (static_cast<double>(counts[i]) - expected) / expected;
    }
    const boost::math::chi_squared_distribution<double> law(static_cast<double>(counts.size() - 1));
    return boost::math::cdf(boost::math::complement(law, chi2));
}

/// Checks a binary law (p = P(state 0), c = 2χf) against Kimura's series, the WF mean and the
/// Feynman-Kac Laplace transform of BinaryDiffusionReference.
void check_binary(const Summary& s, double p, double chi, const std::vector<double>& rs,
                  const std::vector<double>& ts) {
    const double c = 2 * chi;
    const double mean = process::wright_fisher_mean_exit_time(p, c);
    INFO("E[tau] = " << s.tau.mean << " +- " << s.tau.standard_error() << ", exact " << mean
                     << ", z = " << s.tau.z(mean));
    CHECK(std::abs(s.tau.z(mean)) < K);
    for (std::size_t j = 0; j < ts.size(); ++j) {
        const double exact = 1 - process::wright_fisher_survival(p, c, ts[j]);
        INFO("P(tau <= " << ts[j] << ") = " << s.ecdf[j].mean << " +- " << s.ecdf[j].standard_error() << ", Kimura "
                         << exact << ", z = " << s.ecdf[j].z(exact));
        CHECK(std::abs(s.ecdf[j].z(exact)) < K);
    }
    const process::BinaryDiffusionReference reference(
        {p, entropy::Entropy::from_name("shannon", std::nullopt, 2), chi, 1.0, 0.5});
    for (std::size_t j = 0; j < rs.size(); ++j) {
        const double exact = reference.laplace(rs[j]);
        INFO("E[exp(-" << rs[j] << " tau)] = " << s.laplace[j].mean << " +- " << s.laplace[j].standard_error()
                       << ", reference " << exact << ", z = " << s.laplace[j].z(exact));
        CHECK(std::abs(s.laplace[j].z(exact)) < K);
    }
}

/// Σ_{j=first}^{first+count−1} (2/(j(j − 1)))^m for m = 1, 2, 3, term by term (smallest first),
/// plus, for an infinite range, the midpoint rule's ∫_N^∞ (2/x²)^m dx for the levels beyond the
/// last one summed, N (relative error ~1e-15 here).
std::array<double, 3> brute_force_power_sums(double first, double count) {
    const double last = std::isinf(count) ? first + 4e6 : first + count - 1;
    std::array<double, 3> sum{};
    for (int m = 1; m <= 3; ++m)
        if (std::isinf(count)) sum[m - 1] = std::pow(2.0, m) * std::pow(last, 1 - 2 * m) / (2 * m - 1);
    for (double j = last; j >= first; --j) {
        const double v = 2 / (j * (j - 1));
        sum[0] += v;
        sum[1] += v * v;
        sum[2] += v * v * v;
    }
    return sum;
}

} // namespace

TEST_CASE("lineages: coalescent holding-time cumulants agree with direct sums", "[lineages][unit]") {
    for (const double first : {64.0, 65.0, 100.0, 1000.0, 1e5}) {
        for (const double count : {1.0, 5.0, 16.0, 17.0, 300.0, INF}) {
            CAPTURE(first, count);
            const auto k = process::coalescent_time_cumulants(first, count);
            const auto sums = brute_force_power_sums(first, count);
            CHECK(k.mean == Approx(sums[0]).epsilon(1e-12));
            CHECK(k.variance == Approx(sums[1]).epsilon(1e-12));
            CHECK(k.third == Approx(2 * sums[2]).epsilon(1e-12));
        }
    }
    // Telescoping: Σ_{j≥J} 2/(j(j−1)) = 2/(J − 1).
    CHECK(process::coalescent_time_cumulants(1e12, INF).mean == Approx(2 / (1e12 - 1)).epsilon(1e-15));
}

TEST_CASE("lineages: n = 2 is the Wright-Fisher exit law (Kimura, Feynman-Kac)", "[lineages][stat]") {
    // Shannon, prior 0.3, χ = 0.2: E[τ] = 3.05.
    const WrightFisherLineages m(belief({0.3, 0.7}), 0.2);
    const std::vector<double> rs{0.1, 0.3, 1, 3}, ts{0.3, 1, 2, 4, 8};
    const long paths = 1'000'000;
    const Summary s = run(m, paths, 11, rs, ts);
    check_binary(s, 0.3, 0.2, rs, ts);
    const double p = terminal_p_value(s.terminal, m.prior(), paths);
    INFO("terminal counts " << s.terminal[0] << ", " << s.terminal[1] << ", chi-squared p = " << p);
    CHECK(p > 1e-4);
}

TEST_CASE("lineages: ranks beyond the explicit levels (prior 0.01) still give the Wright-Fisher law",
          "[lineages][stat]") {
    // The second type's lowest level is ~100 > J0 = 64: runs [64, R) and [R, ∞) are fitted gammas.
    const WrightFisherLineages m(belief({0.01, 0.99}), 0.2);
    const std::vector<double> rs{1, 3}, ts{0.02, 0.05, 0.1, 0.3, 1};
    const Summary s = run(m, 1'000'000, 12, rs, ts);
    check_binary(s, 0.01, 0.2, rs, ts);
}

TEST_CASE("lineages: a prior entry of 1e-12 gives the law without that state", "[lineages][stat]") {
    // (0.6, 1e-12, 0.4 − 1e-12) vs the binary (0.6, 0.4): the tiny type's lowest level is ~1e12, its
    // loss time ~1e-12; the law of τ moves by ~1e-11, far below the standard errors.
    const WrightFisherLineages m(belief({0.6, 1e-12, 0.4 - 1e-12}), 0.2);
    const std::vector<double> rs{0.3, 3}, ts{0.5, 2, 6};
    const Summary s = run(m, 1'000'000, 13, rs, ts);
    check_binary(s, 0.6, 0.2, rs, ts);
    CHECK(s.terminal[1] == 0);
}

TEST_CASE("lineages: n = 3 and n = 5 meet the throughput identity, terminal law = prior", "[lineages][stat]") {
    struct Case {
        Vector prior;
        double chi_f;
        std::uint64_t seed;
    };
    for (const Case& c :
         {Case{belief({0.5, 0.3, 0.2}), 0.3, 21}, Case{belief({0.3, 0.25, 0.2, 0.15, 0.1}), 0.3 * 0.5, 22},
          Case{belief({0.02, 0.5, 0.005, 0.4, 0.075}), 0.7, 23}}) {
        const WrightFisherLineages m(c.prior, c.chi_f);
        const long paths = 1'000'000;
        const Summary s = run(m, paths, c.seed, {}, {});
        const double exact = shannon(m.prior()) / c.chi_f;
        const double p = terminal_p_value(s.terminal, m.prior(), paths);
        INFO("n = " << c.prior.size() << ": E[tau] = " << s.tau.mean << " +- " << s.tau.standard_error()
                    << ", H(mu0)/(chi f) = " << exact << ", z = " << s.tau.z(exact)
                    << "; terminal chi-squared p = " << p);
        CHECK(std::abs(s.tau.z(exact)) < K);
        CHECK(p > 1e-4);
    }
}

TEST_CASE("lineages: a path is a pure function of its generator", "[lineages][repro]") {
    const WrightFisherLineages m(belief({0.5, 1e-9, 0.3, 0.2 - 1e-9}), 0.3);
    int distinct = 0;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        auto a = rng::make_path_rng(5, i);
        auto b = rng::make_path_rng(5, i);
        const auto first = m.sample(a);
        const auto second = m.sample(b);
        CHECK(first.tau == second.tau);
        CHECK(first.terminal_state == second.terminal_state);
        auto next = rng::make_path_rng(5, i + 1);
        distinct += m.sample(next).tau != first.tau ? 1 : 0;
    }
    CHECK(distinct == 1000);
}

TEST_CASE("lineages: bad input names the parameter", "[lineages][bad-input]") {
    const auto parameter_of = [](const Vector& prior, double chi_f) {
        try {
            const WrightFisherLineages m(prior, chi_f);
        } catch (const InvalidArgument& e) {
            return e.parameter();
        }
        return std::string("none");
    };
    CHECK(parameter_of(belief({0.5, 0.6}), 0.3) == "prior");
    CHECK(parameter_of(belief({1.0, 0.0}), 0.3) == "prior");
    CHECK(parameter_of(belief({0.5, 0.5}), 0.0) == "chi");
    CHECK(parameter_of(belief({0.5, 0.5}), 0.3) == "none");
}
