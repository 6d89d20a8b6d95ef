// The diffusion on n = 3 and n = 5 states, default settings: E[τ] against the throughput identity,
// the terminal law against the prior (χ² test), for each entropy kind.

#include "beliefsim/process/diffusion.hpp"

#include "../support.hpp"
#include "../support/triangle_backward.hpp"

#include <boost/math/distributions/chi_squared.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <optional>
#include <vector>

using namespace beliefsim;
using beliefsim::test::belief;
using beliefsim::test::Mean;

namespace {

struct Kind {
    const char* name;
    std::optional<double> parameter;
};

process::DiffusionModel default_model(Kind kind, const Vector& prior, double chi, double fraction) {
    const auto n = static_cast<int>(prior.size());
    return process::DiffusionModel({entropy::Entropy::from_name(kind.name, kind.parameter, n),
                                    prior,
                                    chi,
                                    fraction,
                                    process::DiffusionScheme::automatic,
                                    std::nullopt,
                                    std::nullopt,
                                    {}});
}

// E[τ] = (Σ_θ μ0_θ H(e_θ) − H(μ0))/(χf): Itô on H(μ_t), the throughput binding while alive.
double throughput_mean(const process::DiffusionModel& m) {
    const auto& s = m.spec();
    const auto n = s.prior.size();
    double vertices = 0;
    for (Eigen::Index theta = 0; theta < n; ++theta)
        vertices += s.prior[theta] * s.entropy.value(Vector::Unit(n, theta));
    return (vertices - s.entropy.value(s.prior)) / (s.chi * s.fraction);
}

// P(χ²_{n−1} ≥ statistic) of the terminal counts against the prior.
double terminal_p_value(const std::vector<long>& counts, const Vector& prior, long paths) {
    double statistic = 0;
    for (std::size_t theta = 0; theta < counts.size(); ++theta) {
        const double expected = static_cast<double>(paths) * prior[static_cast<Eigen::Index>(theta)];
        statistic += std::pow(static_cast<double>(counts[theta]) - expected, 2) / expected;
    }
    const boost::math::chi_squared law(static_cast<double>(counts.size() - 1));
    return boost::math::cdf(boost::math::complement(law, statistic));
}

} // namespace

TEST_CASE("diffusion n = 3, 5: E[tau] matches the throughput identity, the terminal law the prior",
          "[diffusion][stat][simplex]") {
    struct Case {
        Kind kind;
        Vector prior;
        double chi, fraction;
        long paths;
    };
    const std::vector<Case> cases = {
        {{"quadratic", std::nullopt}, belief({0.5, 0.3, 0.2}), 0.3, 1.0, 40'000},
        {{"tsallis", 1.5}, belief({0.5, 0.3, 0.2}), 0.3, 0.5, 40'000},
        {{"shannon", std::nullopt}, belief({0.5, 0.3, 0.2}), 0.3, 1.0, 1'000'000},
        {{"quadratic", std::nullopt}, belief({0.1, 0.3, 0.05, 0.25, 0.3}), 0.2, 1.0, 15'000},
        {{"tsallis", 2.5}, belief({0.1, 0.3, 0.05, 0.25, 0.3}), 0.2, 1.0, 15'000},
        {{"shannon", std::nullopt}, belief({0.1, 0.3, 0.05, 0.25, 0.3}), 0.2, 1.0, 1'000'000},
    };
    for (const auto& c : cases) {
        const process::DiffusionModel m = default_model(c.kind, c.prior, c.chi, c.fraction);
        CAPTURE(c.kind.name, c.prior.size(), process::scheme_name(m.scheme()));
        Mean tau;
        std::vector<long> counts(static_cast<std::size_t>(c.prior.size()), 0);
        for (long i = 0; i < c.paths; ++i) {
            auto rng = rng::make_path_rng(21, static_cast<std::uint64_t>(i));
            const auto out = m.sample(rng);
            tau.add(out.tau);
            ++counts[static_cast<std::size_t>(out.terminal_state)];
        }
        const double exact = throughput_mean(m);
        CAPTURE(tau.mean, tau.standard_error(), exact, tau.z(exact));
        CHECK(std::abs(tau.z(exact)) <= 4);
        const double p_value = terminal_p_value(counts, c.prior, c.paths);
        CAPTURE(p_value);
        CHECK(p_value > 1e-4);
    }
}

namespace {

// Keeps the first time a state is absorbed (the first reported belief with a zero entry).
struct FirstAbsorption final : process::PathObserver {
    double time = -1;
    void on_step(double t, const Vector& mu) override {
        if (time < 0 && mu.minCoeff() == 0) time = t;
    }
};

} // namespace

TEST_CASE("diffusion n = 3: E[e^{-r tau}] and the first absorption's transform match the backward equation",
          "[diffusion][stat][simplex][oracle]") {
    // The oracle (tests/support/triangle_backward) solves ½ tr(Σ ∇²V) = rV by finite differences on
    // the triangle with the binary exact law on the edges: independent of the sampler.
    const std::array<double, 4> rates = {0.1, 0.3, 1.0, 3.0};
    const Vector prior = belief({0.5, 0.3, 0.2});
    const double chi = 0.3;
    for (const Kind kind : {Kind{"shannon", std::nullopt}, Kind{"quadratic", std::nullopt}, Kind{"tsallis", 1.5}}) {
        const process::DiffusionModel m = default_model(kind, prior, chi, 1.0);
        CAPTURE(kind.name, process::scheme_name(m.scheme()));
        const test::TriangleProblem problem{m.spec().entropy, prior, chi, 1.0};
        std::array<Mean, 4> laplace, first_laplace;
        const bool stepped = m.scheme() != process::DiffusionScheme::exact;
        const long paths = stepped ? 40'000 : 1'000'000;
        for (long i = 0; i < paths; ++i) {
            auto rng = rng::make_path_rng(22, static_cast<std::uint64_t>(i));
            FirstAbsorption first;
            const auto out = stepped ? m.sample(rng, first) : m.sample(rng);
            for (std::size_t j = 0; j < rates.size(); ++j) {
                laplace[j].add(std::exp(-rates[j] * out.tau));
                if (stepped) first_laplace[j].add(std::exp(-rates[j] * first.time));
            }
        }
        for (std::size_t j = 0; j < rates.size(); ++j) {
            const auto oracle = test::triangle_laplace(problem, rates[j], 20);
            const double tolerance = 4 * std::hypot(laplace[j].standard_error(), oracle.error);
            CAPTURE(rates[j], laplace[j].mean, laplace[j].standard_error(), oracle.value, oracle.error,
                    laplace[j].z(oracle.value));
            CHECK(std::abs(laplace[j].mean - oracle.value) <= tolerance);
            if (!stepped) continue;
            const auto first_oracle = test::triangle_first_absorption_laplace(problem, rates[j], 20);
            CAPTURE(first_laplace[j].mean, first_laplace[j].standard_error(), first_oracle.value,
                    first_laplace[j].z(first_oracle.value));
            CHECK(std::abs(first_laplace[j].mean - first_oracle.value) <=
                  4 * std::hypot(first_laplace[j].standard_error(), first_oracle.error));
        }
    }
}
