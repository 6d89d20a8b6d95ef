// Kink-aware quadrature and pool-adjacent-violators (core/quadrature.hpp, core/pava.hpp).
// Oracles: closed-form integrals, and the pieces the routine must use (the same rule on each piece
// summed by hand), the isotonic regression of a small sequence worked out by hand.

#include <catch2/catch.hpp>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "beliefsim/core/pava.hpp"
#include "beliefsim/core/quadrature.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using beliefsim::integrate_pieces;
using beliefsim::Quadrature;

TEST_CASE("integrate_pieces: cuts at the breaks inside (a, b), in order", "[core][quadrature]") {
    const auto f = [](double x) { return std::abs(x - 0.3) + (x > 0.7 ? 1.0 : 0.0); };
    constexpr Quadrature q{1e-12, 15};
    // Breaks outside (a, b), duplicated or unsorted change nothing: the pieces are [0, .3], [.3, .7],
    // [.7, 1].
    const double got = integrate_pieces(f, 0.0, 1.0, {0.7, -1.0, 0.3, 0.7, 1.0, 2.0}, q);
    using GK = boost::math::quadrature::gauss_kronrod<double, 31>;
    double by_hand = GK::integrate(f, 0.0, 0.3, 15, 1e-12);
    by_hand += GK::integrate(f, 0.3, 0.7, 15, 1e-12);
    by_hand += GK::integrate(f, 0.7, 1.0, 15, 1e-12);
    CHECK(got == Approx(by_hand).epsilon(1e-14)); // a drop-in for hand-written splits
    CHECK(got == Approx(0.5 * 0.09 + 0.5 * 0.49 + 0.3).epsilon(1e-13));
    CHECK(integrate_pieces(f, 1.0, 1.0, {}, q) == 0.0);
    CHECK(integrate_pieces(f, 1.0, 0.0, {0.5}, q) == 0.0);
    const double tail = integrate_pieces<15>([](double x) { return std::exp(-x); }, 0.0,
                                             std::numeric_limits<double>::infinity(), {1.0}, {1e-10, 10});
    CHECK(tail == Approx(1.0).epsilon(1e-10));
}

TEST_CASE("integrate_pieces: narrow pieces converge at once, to full relative precision", "[core][quadrature]") {
    // Boost's own rule on [a, a + 1e-5] at 1e-12 refines to its depth limit (its error test mixes
    // the [−1, 1] and [a, b] scales); each piece mapped to [0, 1] passes with one 31-point panel.
    constexpr Quadrature q{1e-12, 15};
    for (const double a : {0.0, 0.5}) {
        for (const double width : {1e-5, 1e-9, 4 * std::numeric_limits<double>::epsilon() * std::max(a, 1.0)}) {
            CAPTURE(a, width);
            long evaluations = 0;
            const auto f = [&](double x) {
                ++evaluations;
                return std::exp(-(x - a));
            };
            const double b = a + width;
            const double got = integrate_pieces(f, a, b, {}, q);
            CHECK(got == Approx(-std::expm1(-(b - a))).epsilon(1e-13));
            CHECK(evaluations <= 31);
        }
    }
}

TEST_CASE("pool_adjacent_violators: nondecreasing block means", "[core][pava]") {
    struct Block {
        double sum, count;
    };
    const auto violates = [](const Block& a, const Block& b) { return a.sum / a.count > b.sum / b.count; };
    const auto merge = [](const Block& a, const Block& b) { return Block{a.sum + b.sum, a.count + b.count}; };
    std::vector<Block> blocks;
    for (const double y : {1.0, 3.0, 2.0, 0.0, 5.0, 4.0})
        beliefsim::pool_adjacent_violators(blocks, Block{y, 1.0}, violates, merge);
    // Isotonic regression of 1, 3, 2, 0, 5, 4: blocks {1}, {3, 2, 0} (mean 5/3), {5, 4} (mean 4.5).
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].sum == 1.0);
    CHECK(blocks[1].sum == 5.0);
    CHECK(blocks[1].count == 3.0);
    CHECK(blocks[2].sum == 9.0);
    CHECK(blocks[2].count == 2.0);
}
