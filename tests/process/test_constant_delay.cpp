#include "beliefsim/process/constant_delay.hpp"

#include "../support.hpp"
#include "beliefsim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace beliefsim;
using test::belief;

TEST_CASE("constant delay: Zhong's binary example needs 2 units of time", "[unit][process]") {
    // Quadratic, prior ½, χ = 1/8: Σμ H(e) − H(μ0) = ½ − ¼ (Zhong §2.2: feasible iff t ≥ 2).
    const process::ConstantDelayModel m(
        {entropy::Entropy::from_name("quadratic", std::nullopt, 2), belief({0.5, 0.5}), 0.125});
    CHECK(m.delay() == Approx(2.0).epsilon(1e-15));
    const process::ConstantDelayModel half(
        {entropy::Entropy::from_name("quadratic", std::nullopt, 2), belief({0.5, 0.5}), 0.125, 0.5});
    CHECK(half.delay() == Approx(4.0).epsilon(1e-15));
}

TEST_CASE("constant delay next to a vertex keeps full relative precision", "[unit][process][boundary]") {
    // Σ μ D(e_θ|μ) from (ε, 1 − ε): quadratic ε(1 − ε)² + (1 − ε)ε² = ε(1 − ε),
    // Shannon −ε log ε − (1 − ε) log(1 − ε); both were a difference of entropies that cancelled.
    for (const double eps : {1e-12, 1e-300}) {
        CAPTURE(eps);
        const process::ConstantDelayModel quadratic(
            {entropy::Entropy::from_name("quadratic", std::nullopt, 2), belief({eps, 1 - eps}), 1.0});
        CHECK(quadratic.delay() / (eps * (1 - eps)) == Approx(1).epsilon(1e-14));
        const process::ConstantDelayModel shannon(
            {entropy::Entropy::from_name("shannon", std::nullopt, 2), belief({eps, 1 - eps}), 1.0});
        CHECK(shannon.delay() / (-eps * std::log(eps) - (1 - eps) * std::log1p(-eps)) == Approx(1).epsilon(1e-14));
    }
}

TEST_CASE("constant delay: Shannon delay is the prior's entropy over χf, terminal law is the prior",
          "[stat][process]") {
    const Vector prior = belief({0.5, 0.3, 0.2});
    const process::ConstantDelayModel m({entropy::Entropy::from_name("shannon", std::nullopt, 3), prior, 0.3, 0.8});
    double shannon = 0;
    for (const double p : {0.5, 0.3, 0.2}) shannon -= p * std::log(p);
    CHECK(m.delay() == Approx(shannon / (0.3 * 0.8)).epsilon(1e-14));
    const int n = 200'000;
    std::vector<int> counts(3, 0);
    for (int i = 0; i < n; ++i) {
        auto g = rng::make_path_rng(9, static_cast<std::uint64_t>(i));
        const auto out = m.sample(g);
        REQUIRE(out.tau == m.delay());
        ++counts[static_cast<std::size_t>(out.terminal_state)];
    }
    for (int theta = 0; theta < 3; ++theta) {
        const double p = prior[theta], se = std::sqrt(p * (1 - p) / n);
        CHECK(std::abs(counts[static_cast<std::size_t>(theta)] / double(n) - p) < 4 * se);
    }
    // The accumulated information rises at χf and lands, on average, on Σ μ0 H(e_θ) = 0.
    CHECK(m.accumulated_entropy(1.0, 0) - m.accumulated_entropy(0.0, 0) == Approx(0.3 * 0.8));
    CHECK(m.accumulated_entropy(m.delay(), 1) == 0.0);
}

TEST_CASE("constant delay rejects bad parameters by name", "[bad-input][process]") {
    const auto h = entropy::Entropy::from_name("shannon", std::nullopt, 2);
    const auto parameter_of = [](const process::ConstantDelaySpec& s) {
        try {
            const process::ConstantDelayModel m(s);
        } catch (const InvalidArgument& e) {
            return e.parameter();
        }
        return std::string("(accepted)");
    };
    CHECK(parameter_of({h, belief({0.5, 0.5}), 0.0}) == "chi");
    CHECK(parameter_of({h, belief({0.5, 0.5}), 0.1, 1.5}) == "throughput_fraction");
    CHECK(parameter_of({h, belief({1.0, 0.0}), 0.1}) == "prior");
}
