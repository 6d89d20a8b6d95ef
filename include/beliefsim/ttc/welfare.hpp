#pragma once
/// Maximal expected social welfare of the test-time-compute market over all m^N strategy profiles,
/// W(P) = Σ_i x_i s_i / (1 + Σ_i x_i) with x_i = e^{βV_i}, s_i = q_i − c_i, and the price of
/// anarchy (SPEC §2 "TTC"; reference: get_global_max_welfare_brute_force_fast, in float32).
///  - `max_welfare`: exact by Dinkelbach's fractional-programming iteration (Dinkelbach 1967):
///    W* is the root of F(λ) = max_P Σ_i x_i (s_i − λ) − λ, and the inner maximum separates into
///    one choice per provider, so each iteration costs O(N m) and a handful of iterations reach the
///    optimum (it stops when W stops rising, which certifies W(P) ≤ λ for every profile). The
///    per-provider choice compares e^{βV}(s − λ) by sign and logarithm, so no β overflows it.
///  - `max_welfare_exhaustive`: the brute force, every profile, for checking and small markets;
///    a depth-first walk that keeps the running sums scaled by the running maximum exponent (one
///    exp per node, stable for any β), split over threads by the first two providers' levels.
/// Tested by: tests/ttc/test_welfare.cpp.

#include "beliefsim/ttc/game.hpp"

namespace beliefsim::ttc {

struct WelfareOptimum {
    Profile profile; ///< a maximizer (the lexicographically first one for the exhaustive search)
    double welfare = 0;
};

/// Throws: InvalidArgument{"beta", rule}.
[[nodiscard]] WelfareOptimum max_welfare(const Market& market, double beta);

/// Cost: m^N profiles (6^9 ≈ 10^7 take about a tenth of a second per thread).
/// Throws: InvalidArgument{"beta", rule}.
[[nodiscard]] WelfareOptimum max_welfare_exhaustive(const Market& market, double beta, int threads = 0);

/// optimum / equilibrium welfare (≥ 1); 1 when the equilibrium welfare is ≤ 1e-9, as in the
/// reference.
[[nodiscard]] double price_of_anarchy(double optimum, double equilibrium);

} // namespace beliefsim::ttc
