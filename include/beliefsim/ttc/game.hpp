#pragma once
/// The test-time-compute market game (Velasco et al., Section 3; SPEC §2 "TTC"): a strategy profile
/// picks a compute level per provider; users choose by logit with rationality β and an outside
/// option of value 0, share_i = e^{βV_i} / (1 + Σ_j e^{βV_j}); provider i earns u_i = share_i (p_i
/// − c_i); expected social welfare is Σ_i share_i (q_i − c_i). The game has the exact potential of
/// the log utilities, Φ = Σ_i log(p_i − c_i) + β Σ_i V_i − log(1 + Σ_j e^{βV_j}) (a unilateral move
/// of i changes Φ by exactly Δ log u_i). Every exponential goes through log-sum-exp, so β up to
/// 10^6 with values of order 10^-2 (the paper's sweeps) neither overflows nor loses the shares.
/// Tested by: tests/ttc/test_game.cpp.

#include "beliefsim/ttc/market.hpp"

#include <vector>

namespace beliefsim::ttc {

/// Level index (into the market's compute levels) per provider.
using Profile = std::vector<int>;

/// Throws: InvalidArgument{"beta", rule} unless 0 ≤ β < ∞.
void check_beta(double beta);

/// Throws: InvalidArgument unless the profile has one valid level per provider.
void check_profile(const Market& market, const Profile& profile);

/// log(1 + Σ_j e^{βV_j}), the log normaliser of the shares including the outside option.
[[nodiscard]] double log_partition(const Market& market, const Profile& profile, double beta);

/// Logit shares (they sum to 1 − the outside option's share).
[[nodiscard]] std::vector<double> shares(const Market& market, const Profile& profile, double beta);

/// Provider utilities share_i (p_i − c_i).
[[nodiscard]] std::vector<double> utilities(const Market& market, const Profile& profile, double beta);

/// Expected social welfare Σ_i share_i (q_i − c_i).
[[nodiscard]] double welfare(const Market& market, const Profile& profile, double beta);

/// Φ as above; −∞ when some provider's margin p − c is ≤ 1e-12 (the reference code's rule: the log
/// of a vanishing margin).
[[nodiscard]] double potential(const Market& market, const Profile& profile, double beta);

/// The utility a unilateral move must exceed under relative tolerance `tol`: u + tol·|u|, or u +
/// 1e-9 when tol·|u| is 0 (the reference code's floor; it bites only when a share underflows).
[[nodiscard]] double improvement_bar(double utility, double tolerance);

/// True when no provider has a level whose utility exceeds its improvement_bar: the stopping rule
/// of the dynamics, i.e. a pure Nash equilibrium up to the tolerance.
[[nodiscard]] bool is_equilibrium(const Market& market, const Profile& profile, double beta, double tolerance);

/// The largest utility gain (dollars per query) any provider can get by a unilateral change of
/// level: 0 at an exact pure Nash equilibrium.
[[nodiscard]] double nash_gap(const Market& market, const Profile& profile, double beta);

/// Provider i's utility at level l when the others stay at `profile`, given the log normaliser of
/// the others, log(1 + Σ_{j≠i} e^{βV_j}) (what dynamics and nash_gap evaluate many times).
[[nodiscard]] double deviation_utility(const Market& market, std::size_t i, std::size_t l, double beta,
                                       double log_partition_others);

/// log(1 + Σ_{j≠i} e^{βV_j}).
[[nodiscard]] double log_partition_without(const Market& market, const Profile& profile, std::size_t i, double beta);

} // namespace beliefsim::ttc
