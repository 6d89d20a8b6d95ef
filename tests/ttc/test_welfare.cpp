#include "beliefsim/ttc/dynamics.hpp"
#include "beliefsim/ttc/welfare.hpp"

#include "ttc_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace beliefsim;
using namespace beliefsim::ttc;

namespace {

/// The plain brute force: every profile through game.hpp's welfare (odometer over profiles).
double naive_max_welfare(const Market& m, double beta) {
    Profile pr(m.providers(), 0);
    double best = -std::numeric_limits<double>::infinity();
    while (true) {
        best = std::max(best, welfare(m, pr, beta));
        std::size_t i = 0;
        while (i < pr.size() && ++pr[i] == static_cast<int>(m.levels())) pr[i++] = 0;
        if (i == pr.size()) return best;
    }
}

} // namespace

TEST_CASE("ttc welfare: Dinkelbach and exhaustive equal brute force on small markets", "[ttc][unit]") {
    MarketConfig exp_config;
    for (const auto& [n, m, variant] :
         {std::tuple{3, 4, 1}, std::tuple{4, 3, 2}, std::tuple{2, 6, 3}, std::tuple{5, 3, 4}}) {
        for (const MarketConfig& c : {test::notebook_config(), exp_config}) {
            const Market mk = test::random_market(static_cast<std::size_t>(n), static_cast<std::size_t>(m),
                                                  static_cast<std::uint64_t>(variant), c);
            for (const double beta : {0.0, 1.0, 50.0, 1e3, 1e5, 1e6}) {
                const double brute = naive_max_welfare(mk, beta);
                const WelfareOptimum dk = max_welfare(mk, beta);
                const WelfareOptimum ex = max_welfare_exhaustive(mk, beta, 2);
                CAPTURE(n, m, variant, beta, brute, dk.welfare, ex.welfare);
                CHECK(dk.welfare == Approx(brute).epsilon(1e-12));
                CHECK(ex.welfare == Approx(brute).epsilon(1e-12));
                CHECK(welfare(mk, dk.profile, beta) == dk.welfare);
                CHECK(welfare(mk, ex.profile, beta) == Approx(ex.welfare).epsilon(1e-12));
            }
        }
    }
}

TEST_CASE("ttc welfare: exact optimum on the 9 x 6 default market and PoA at least 1", "[ttc][unit]") {
    const Market m = test::default_market();
    REQUIRE(m.providers() == 9);
    REQUIRE(m.levels() == 6);
    for (const double beta : {200.0, 1e5}) {
        const WelfareOptimum dk = max_welfare(m, beta);
        const WelfareOptimum ex = max_welfare_exhaustive(m, beta); // 6^9 ≈ 10^7 profiles
        CAPTURE(beta, dk.welfare, ex.welfare);
        CHECK(dk.welfare == Approx(ex.welfare).epsilon(1e-12));
        const DynamicsResult eq = run_dynamics(m, beta, DynamicsOptions{});
        const double poa = price_of_anarchy(dk.welfare, welfare(m, eq.equilibrium, beta));
        CHECK(poa >= 1.0);
    }
    CHECK(price_of_anarchy(1.0, 0.0) == 1.0); // the reference's guard for a vanishing equilibrium welfare
}
