// The hand-written log behind the exponential variates: accuracy against std::log, exact values,
// and identical bits from the scalar and the block entry points.
#include "beliefsim/rng/path_rng.hpp"
#include "beliefsim/rng/variates.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

using namespace beliefsim;

namespace {

/// Distance in units in the last place between two positive doubles.
std::int64_t ulp_distance(double a, double b) {
    return std::abs(std::bit_cast<std::int64_t>(a) - std::bit_cast<std::int64_t>(b));
}

} // namespace

TEST_CASE("exponential_from_uniform is -log to within 1 ulp on the unit interval", "[unit][rng]") {
    std::vector<double> u;
    for (std::uint64_t i = 0; i < 200'000; ++i) {
        auto g = rng::make_path_rng(3, i);
        u.push_back(rng::uniform_open_closed(g));
    }
    // The extremes u01 can return, the reduction boundary at √2/2 and values near 1, where
    // log u ≈ u − 1 must keep its relative accuracy.
    for (const double x : {0x1p-65, 0x1p-64 + 0x1p-65, 0.7071067811865475, 0.7071067811865476, 0.5, 0.25, 1 - 0x1p-53,
                           1 - 0x1p-40, 1 - 1e-9, 0.999, 0.9, 1e-300})
        u.push_back(x);
    std::vector<double> e(u.size());
    rng::exponential_from_uniform(u, e);
    std::int64_t worst = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
        worst = std::max(worst, ulp_distance(e[i], -std::log(u[i])));
        REQUIRE(std::bit_cast<std::uint64_t>(e[i]) ==
                std::bit_cast<std::uint64_t>(rng::exponential_from_uniform(u[i])));
    }
    CHECK(worst <= 1);
}

TEST_CASE("exponential_from_uniform is exact where log is", "[unit][rng]") {
    CHECK(rng::exponential_from_uniform(1.0) == 0.0);
    CHECK(rng::exponential_from_uniform(0.5) == std::log(2.0));
    CHECK(rng::exponential_from_uniform(0x1p-64) == 64 * std::log(2.0));
}
