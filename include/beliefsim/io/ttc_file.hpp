#pragma once
/// The `beliefsim ttc` output file (SPEC §3 conventions), written atomically by write_atomically:
///   root attributes   tool, version, git_sha1, created_utc, seed (curves.seed), threads
///   /provenance/config                the TOML text as run
///   /ttc                              attrs: data, questions, samples_per_question, method,
///                                     replicates, band, beta, alpha, baseline, value_curve,
///                                     gamma|kappa, margin, rule, tolerance, dynamics_seed
///   /ttc/provider                     provider names, in row order (string dimension scale)
/// Each group below holds its own copies of the axes its datasets use (`provider`: the names;
/// `theta`: the compute levels), as dimension scales, so netCDF readers (which look for a
/// dimension only in a dataset's group or its ancestors) and xarray open every group on its own:
///   /ttc/curves/{accuracy, accuracy_stderr, accuracy_lo, accuracy_hi, tokens, tokens_stderr}
///                                     provider × theta; attr method
///   /ttc/offers/{quality, price, cost, user_value}   provider × theta (dollars per query)
///   /ttc/equilibrium/{level, theta, share, utility, price, quality, user_value, optimum_level}
///                                     per provider; attrs beta, welfare, optimum_welfare, poa,
///                                     potential, rounds, moves, converged, nash_gap, outside_share
///   /ttc/dynamics/{round, mover, potential, welfare}   per turn (axis `turn`, 0: the start)
///   /ttc/dynamics/{level, share}      turn × provider
///   /ttc/auction/{bid_level, bid_theta, W, quality, price, cost}   per provider; attrs winner,
///                                     runner_up (names), winner_index, runner_up_index, payment,
///                                     user_value, winner_utility, welfare
///   /ttc/comparison/{user_value, price, welfare}   per mechanism (axis `mechanism`: "market
///                                     equilibrium", "second-price auction")
///   /ttc/beta_sweep/{poa, welfare, optimum, user_value, price, rounds, converged, nash_gap}
///                                     per β (axis `beta`); /ttc/beta_sweep/level: beta × provider
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
