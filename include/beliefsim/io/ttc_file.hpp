#pragma once
/// The `beliefsim ttc` output file (SPEC §3 conventions), written atomically by write_atomically:
///   root attributes   tool, version, git_sha1, created_utc, seed (curves.seed), threads
///   /provenance/config                the TOML text as run
///   /ttc                              attrs: providers (names, one per line, in row order), data,
///                                     questions, samples_per_question, method, replicates, band,
///                                     beta, alpha, baseline, value_curve, gamma|kappa, margin,
///                                     rule, tolerance, dynamics_seed
///   /ttc/provider                     provider index 0..N−1 (dimension scale of every N-row set)
///   /ttc/curves/theta                 compute levels θ (dimension scale of the level axis)
///   /ttc/curves/{accuracy, accuracy_stderr, accuracy_lo, accuracy_hi, tokens, tokens_stderr}
///                                     providers × levels; attr method
///   /ttc/offers/{quality, price, cost, user_value}   providers × levels (dollars per query)
///   /ttc/equilibrium/{level, theta, share, utility, price, quality, user_value, optimum_level}
///                                     per provider; attrs beta, welfare, optimum_welfare, poa,
///                                     potential, rounds, moves, converged, nash_gap, outside_share
///   /ttc/dynamics/{round, provider, potential, welfare}   one row per turn (row 0: the start)
///   /ttc/dynamics/{level, share}      turns × providers
///   /ttc/auction/{bid_level, bid_theta, W, quality, price, cost}   per provider; attrs winner,
///                                     runner_up (names), winner_index, runner_up_index, payment,
///                                     user_value, winner_utility, welfare
///   /ttc/comparison/{user_value, price, welfare}   [market equilibrium, auction]; attr rows
///   /ttc/beta_sweep/{beta, poa, welfare, optimum, user_value, price, rounds, converged, nash_gap}
///                                     per β; /ttc/beta_sweep/level: points × providers
/// Every dataset carries `description` (and `units` where it has any).
/// Tested by: tests/e2e/test_ttc_cli.cpp.

#include <filesystem>
#include <string>

#include "beliefsim/app/ttc_run.hpp"

namespace beliefsim::io {

/// Writes `run` and the TOML text it was run from to `out` (replacing an existing file).
/// Throws: Error on HDF5 or file-system failure; `out` is then untouched and no `.tmp` remains.
void write_ttc_run(const app::TtcRun& run, const std::string& config_text, const std::filesystem::path& out);

} // namespace beliefsim::io
