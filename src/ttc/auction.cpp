#include "beliefsim/ttc/auction.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/welfare.hpp"

#include <algorithm>

namespace beliefsim::ttc {

AuctionOutcome run_auction(const Market& market) {
    BELIEFSIM_REQUIRE(market.providers() >= 2,
                      "the auction needs at least 2 providers (got " << market.providers() << ")");
    AuctionOutcome out;
    for (std::size_t i = 0; i < market.providers(); ++i) {
        Bid best;
        for (std::size_t l = 0; l < market.levels(); ++l) {
            const Offer& o = market.offer(i, l);
            if (l == 0 || o.surplus() > best.w)
                best = {static_cast<int>(i), static_cast<int>(l), o.q, o.p, o.c, o.surplus()};
        }
        out.bids.push_back(best);
    }
    std::vector<Bid> ranked = out.bids;
    std::stable_sort(ranked.begin(), ranked.end(), [](const Bid& a, const Bid& b) { return a.w > b.w; });
    out.winner = ranked[0];
    out.runner_up = ranked[1];
    out.user_value = out.runner_up.w;
    out.price = out.winner.q - out.runner_up.w;
    out.winner_utility = out.winner.w - out.runner_up.w;
    out.welfare = out.winner.w;
    return out;
}

MarketSummary summarize_market(const Market& market, const Profile& profile, double beta) {
    const std::vector<double> s = shares(market, profile, beta);
    MarketSummary out;
    out.beta = beta;
    const auto n = static_cast<double>(market.providers());
    for (std::size_t i = 0; i < market.providers(); ++i) {
        const Offer& o = market.offer(i, static_cast<std::size_t>(profile[i]));
        out.weighted_value += s[i] * o.v;
        out.mean_value += o.v / n;
        out.weighted_price += s[i] * o.p;
        out.mean_price += o.p / n;
        out.weighted_margin += s[i] * o.profit();
        out.mean_margin += o.profit() / n;
        out.welfare += s[i] * o.surplus();
    }
    out.optimum_welfare = max_welfare(market, beta).welfare;
    return out;
}

MarketVsAuction compare_market_auction(const Market& market, const Profile& equilibrium, double beta) {
    return {summarize_market(market, equilibrium, beta), run_auction(market)};
}

} // namespace beliefsim::ttc
