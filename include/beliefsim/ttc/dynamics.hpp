#pragma once
/// Sequential response dynamics of the test-time-compute market game (SPEC §2 "TTC"; reference:
/// strategic_ttc/core/game_dynamics.py, run_simulation_sequential_robust). Rounds: the providers
/// move one at a time in a seeded random order. Under *nearest better response* (the reference
/// rule, needed to reproduce the paper's equilibria) a provider tries the levels at distance 1, 2,
/// … from its current one, the lower first at equal distance, and takes the first whose utility
/// exceeds the current one by more than tolerance × |current| (game.hpp's improvement_bar, with the
/// reference's 1e-9 floor); under *best response* it takes its best level if that clears the same
/// bar. The dynamics stop after a round without a move. Every move raises the potential Φ
/// (game.hpp), so the dynamics converge to a pure Nash equilibrium within the tolerance. Deviation:
/// the reference shuffles with Python's unseeded global `random`; here round r's order is a
/// Fisher–Yates shuffle from stream (seed, order, r). Tested by: tests/ttc/test_dynamics.cpp.

#include "beliefsim/rng/path_rng.hpp"
#include "beliefsim/ttc/game.hpp"

#include <vector>

namespace beliefsim::ttc {

enum class ResponseRule { nearest_better, best };

struct DynamicsOptions {
    ResponseRule rule = ResponseRule::nearest_better;
    double tolerance = 1e-8; ///< relative improvement a move needs; ≥ 0 (the reference sweeps use 1e-8)
    int max_rounds = 1000;   ///< ≥ 1 (the reference's max_iter)
    rng::Seed seed = 0;
    Profile start;      ///< empty: every provider at the lowest level (the reference's start)
    bool record = true; ///< keep the trajectory
};

/// The state after one provider's turn (or the start, with provider = −1), as the reference records
/// it.
struct TrajectoryPoint {
    int round = 0;
    int provider = -1; ///< who had the turn
    Profile profile;
    std::vector<double> shares;
    double welfare = 0;
    double potential = 0;
};

struct DynamicsResult {
    Profile equilibrium;
    int rounds = 0;         ///< rounds played, the last one without a move when converged
    bool converged = false; ///< false: stopped at max_rounds
    int moves = 0;
    double nash_gap = 0;                     ///< game.hpp's nash_gap (absolute utility gain) at the final profile
    std::vector<TrajectoryPoint> trajectory; ///< start plus one point per turn (when recorded)
};

/// Throws: InvalidArgument naming tolerance, max_rounds or beta; a precondition for a bad start.
[[nodiscard]] DynamicsResult run_dynamics(const Market& market, double beta, const DynamicsOptions& options);

} // namespace beliefsim::ttc
