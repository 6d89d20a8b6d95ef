#include "beliefsim/ttc/dynamics.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/streams.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include <cmath>
#include <numeric>

namespace beliefsim::ttc {

namespace {

TrajectoryPoint snapshot(const Market& m, const Profile& pr, double beta, int round, int provider) {
    return {round, provider, pr, shares(m, pr, beta), welfare(m, pr, beta), potential(m, pr, beta)};
}

/// The level provider i moves to (its current level when it does not move).
int respond(const Market& m, const Profile& pr, std::size_t i, double beta, const DynamicsOptions& o) {
    const double lo = log_partition_without(m, pr, i, beta);
    const int cur = pr[i];
    const double now = deviation_utility(m, i, static_cast<std::size_t>(cur), beta, lo);
    const double bar = improvement_bar(now, o.tolerance);
    const auto utility = [&](int l) { return deviation_utility(m, i, static_cast<std::size_t>(l), beta, lo); };
    const int levels = static_cast<int>(m.levels());

    if (o.rule == ResponseRule::best) {
        int best = cur;
        double best_u = now;
        for (int l = 0; l < levels; ++l) {
            const double u = utility(l);
            if (l != cur && u > best_u) {
                best = l;
                best_u = u;
            }
        }
        return best_u > bar ? best : cur;
    }
    for (int d = 1; d < levels; ++d) {
        for (const int l : {cur - d, cur + d}) // lower first at equal distance
            if (l >= 0 && l < levels && utility(l) > bar) return l;
    }
    return cur;
}

} // namespace

DynamicsResult run_dynamics(const Market& market, double beta, const DynamicsOptions& options) {
    check_beta(beta);
    BELIEFSIM_CHECK(options.tolerance >= 0 && std::isfinite(options.tolerance), "tolerance",
                    "must be finite and >= 0 " << got(options.tolerance));
    BELIEFSIM_CHECK(options.max_rounds >= 1, "max_rounds", "must be >= 1 " << got(options.max_rounds));
    Profile pr = options.start.empty() ? Profile(market.providers(), 0) : options.start;
    check_profile(market, pr);

    DynamicsResult out;
    if (options.record) out.trajectory.push_back(snapshot(market, pr, beta, 0, -1));
    std::vector<std::size_t> order(market.providers());
    for (int round = 0; round < options.max_rounds; ++round) {
        auto rng = make_stream(options.seed, Purpose::order, static_cast<std::uint64_t>(round));
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (std::size_t j = order.size(); j > 1; --j) {
            boost::random::uniform_int_distribution<std::size_t> pick(0, j - 1);
            std::swap(order[j - 1], order[pick(rng)]);
        }
        bool moved = false;
        for (const std::size_t i : order) {
            const int to = respond(market, pr, i, beta, options);
            if (to != pr[i]) {
                pr[i] = to;
                moved = true;
                ++out.moves;
            }
            if (options.record) out.trajectory.push_back(snapshot(market, pr, beta, round + 1, static_cast<int>(i)));
        }
        out.rounds = round + 1;
        if (!moved) {
            out.converged = true;
            break;
        }
    }
    out.nash_gap = nash_gap(market, pr, beta);
    out.equilibrium = std::move(pr);
    return out;
}

} // namespace beliefsim::ttc
