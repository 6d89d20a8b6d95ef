#pragma once
/// The `beliefsim bbs` output file (SPEC §3 conventions), written atomically by write_atomically:
///   root attributes     tool, version, git_sha1, created_utc, seed (monte_carlo.seed), threads
///   /provenance/config  the TOML text as run
///   /bbs                attrs: alpha, beta, gamma, b, c_x, c_y, c_z, theta_hat (11), q_hat,
///                       type_model ("value-scale" | "samples" | "binary"), types (a description)
///   /bbs/efficient/{theta, quality, tokens_x, tokens_y, tokens_z, welfare}   efficient packages on
///                       the θ grid (theta: dimension scale)
///   /bbs/allocations/{w, s}                      axes (dimension scales)
///   /bbs/allocations/{theta, quality, tokens_x, tokens_y, tokens_z, transfer, cost, markup, fee,
///                     task_cap}                  w × s tables (markup, fee, task_cap with tariffs)
///   /bbs/packages/theta                          axis
///   /bbs/packages/{quality, tokens_x, tokens_y, tokens_z, transfer, cost, markup, fee}
///   menu attrs (allocations, packages): revenue, profit, revenue_stderr, profit_stderr (0 by
///                       quadrature), method ("quadrature" | "samples"), mc_revenue,
///                       mc_revenue_stderr, mc_profit, mc_profit_stderr, mc_samples (Monte Carlo),
///                       max_ic_violation, max_ir_violation, max_tariff_ic_violation, lowest_served,
///                       ironed; allocations also assumption1_worst, assumption2_worst, assumption1,
///                       assumption2; packages fine_tuning_type
///   /bbs/figure1/s                               axis; attrs w_low, w_high
///   /bbs/figure1/{allocations, packages}/{w_exclusion, w_fine_tuning}
///   /bbs/binary/type                             axis [1, 2]; attrs f1, high (1 or 2),
///                       extraction_margin, full_surplus, virtual_weight, revenue, profit
///   /bbs/binary/{theta, tokens_x, tokens_y, tokens_z, transfer, cost, efficient_quality,
///                efficient_welfare} per type; /bbs/binary/value: 2 × 2, value[i][j] of item j to i
/// Every dataset carries `description` (and `units` where it has any).
/// Tested by: tests/e2e/test_bbs_cli.cpp.

#include <filesystem>
#include <string>

#include "beliefsim/app/bbs_run.hpp"

namespace beliefsim::io {

/// Writes `run` and the TOML text it was run from to `out` (replacing an existing file).
/// Throws: Error on HDF5 or file-system failure; `out` is then untouched and no `.tmp` remains.
void write_bbs_run(const app::BbsRun& run, const std::string& config_text, const std::filesystem::path& out);

} // namespace beliefsim::io
