#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/auction.hpp"
#include "beliefsim/ttc/dynamics.hpp"

#include "ttc_support.hpp"

#include <catch2/catch.hpp>

using namespace beliefsim;
using namespace beliefsim::ttc;

TEST_CASE("ttc auction: hand-computed three-provider auction", "[ttc][unit]") {
    // Linear value, α = 1, b = 0, margin 0.25 (c = 0.8 p): W = q − c per level.
    // a: (0.5, p 0.1) W 0.42, (0.7, p 0.2) W 0.54  → bids level 1, W 0.54
    // b: (0.6, p 0.05) W 0.56, (0.65, p 0.2) W 0.49 → bids level 0, W 0.56
    // c: (0.3, p 0.0) W 0.30, (0.3, p 0.0) W 0.30  → bids level 0 (lowest on ties)
    MarketConfig cfg;
    cfg.alpha = 1;
    cfg.baseline = 0;
    cfg.value.shape = ValueShape::linear;
    const Market m({{"a", 1e-3, 0.25, {0.5, 0.7}, {100, 200}},
                    {"b", 1e-3, 0.25, {0.6, 0.65}, {50, 200}},
                    {"c", 1e-3, 0.25, {0.3, 0.3}, {0, 0}}},
                   cfg);
    const AuctionOutcome out = run_auction(m);
    CHECK(out.bids[0].level == 1);
    CHECK(out.bids[2].level == 0);
    CHECK(out.winner.provider == 1);
    CHECK(out.runner_up.provider == 0);
    CHECK(out.winner.w == Approx(0.56));
    CHECK(out.user_value == Approx(0.54));
    CHECK(out.price == Approx(0.6 - 0.54));
    CHECK(out.winner_utility == Approx(0.02));
    CHECK(out.welfare == Approx(0.56));
}

TEST_CASE("ttc auction: winner maximizes W and beats the market equilibrium on the default data", "[ttc][paper]") {
    const Market m = test::default_market();
    const AuctionOutcome out = run_auction(m);
    double top = -1e300, second = -1e300;
    for (std::size_t i = 0; i < m.providers(); ++i) {
        double best_i = -1e300;
        for (std::size_t l = 0; l < m.levels(); ++l) best_i = std::max(best_i, m.offer(i, l).surplus());
        CHECK(out.bids[i].w == best_i);
        if (best_i > top) {
            second = top;
            top = best_i;
        } else {
            second = std::max(second, best_i);
        }
    }
    CHECK(out.winner.w == top);
    CHECK(out.user_value == out.runner_up.w);
    CHECK(out.runner_up.w == second);
    CHECK(out.price == Approx(out.winner.q - out.runner_up.w));
    CHECK(out.winner_utility == Approx(out.price - out.winner.c));
    // The reference notebooks' β values.
    for (const double beta : {200.0, 1000.0, 1e5}) {
        const DynamicsResult eq = run_dynamics(m, beta, DynamicsOptions{});
        const MarketVsAuction cmp = compare_market_auction(m, eq.equilibrium, beta);
        INFO("beta " << beta << ": market welfare " << cmp.market.welfare << " (optimum " << cmp.market.optimum_welfare
                     << "), user value " << cmp.market.weighted_value << ", price " << cmp.market.weighted_price
                     << "; auction welfare " << cmp.auction.welfare << ", user value " << cmp.auction.user_value
                     << ", price " << cmp.auction.price);
        CHECK(cmp.auction.welfare >= cmp.market.welfare);
        CHECK(cmp.market.optimum_welfare >= cmp.market.welfare);
    }
}

TEST_CASE("ttc auction: needs two providers", "[ttc][bad-input]") {
    const Market m({{"a", 1e-6, 0.25, {0.5}, {10}}}, MarketConfig{});
    CHECK_THROWS_AS(run_auction(m), InvalidArgument);
}
