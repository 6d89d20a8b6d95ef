#pragma once
/// Reverse second-price auction for the test-time-compute market (Velasco et al., Section 4; SPEC
/// §2 "TTC"; reference: strategic_ttc/core/auction.py). Each provider bids the level that maximizes
/// the social surplus it creates, W = V + (p − c) = q − c (the lowest such level on ties); the
/// highest W wins (the lower provider index on ties); the user receives the runner-up's W as value;
/// the winner is paid q_winner − W_runner-up, so its utility is W_winner − W_runner-up; welfare is
/// W_winner. Also the paper's comparison of the market equilibrium with the auction (user value,
/// price, welfare), the numbers the reference notebooks print per β. Tested by:
/// tests/ttc/test_auction.cpp.

#include "beliefsim/ttc/game.hpp"

#include <vector>

namespace beliefsim::ttc {

struct Bid {
    int provider = 0;
    int level = 0;
    double q = 0, p = 0, c = 0;
    double w = 0; ///< W = V + (p − c) = q − c
};

struct AuctionOutcome {
    std::vector<Bid> bids; ///< every provider's best bid, in provider order
    Bid winner, runner_up;
    double user_value = 0;     ///< the runner-up's W
    double price = 0;          ///< paid to the winner: q_winner − W_runner-up
    double winner_utility = 0; ///< price − c_winner = W_winner − W_runner-up
    double welfare = 0;        ///< W_winner
};

/// Requires: ≥ 2 providers. Throws: InvalidArgument.
[[nodiscard]] AuctionOutcome run_auction(const Market& market);

/// The market at a profile, in the reference's terms (calculate_market_stats): share-weighted and
/// plain means over providers of the user value V, the price p and the provider margin p − c,
/// and the equilibrium and optimal welfare.
struct MarketSummary {
    double beta = 0;
    double weighted_value = 0, mean_value = 0;
    double weighted_price = 0, mean_price = 0;
    double weighted_margin = 0, mean_margin = 0;
    double welfare = 0;         ///< Σ share_i (q_i − c_i) at the profile
    double optimum_welfare = 0; ///< max over profiles (welfare.hpp)
};

[[nodiscard]] MarketSummary summarize_market(const Market& market, const Profile& profile, double beta);

/// One row of the market-versus-auction table.
struct MarketVsAuction {
    MarketSummary market;
    AuctionOutcome auction;
};

[[nodiscard]] MarketVsAuction compare_market_auction(const Market& market, const Profile& equilibrium, double beta);

} // namespace beliefsim::ttc
