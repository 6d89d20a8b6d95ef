#pragma once
/// The scalar results of one simulate, menu, bbs or ttc output as named numbers: the columns a
/// sweep's /summary table holds for each point (sweep/run.cpp).
/// Tested by: tests/e2e/test_sweep_cli.cpp, tests/e2e/check_sweep_summary.py.

#include <string>
#include <utility>
#include <vector>

#include "beliefsim/io/hdf5.hpp"

namespace beliefsim::io {

/// (column name, value) in a fixed order: stopping_time.{mean, mean_stderr, variance,
/// variance_stderr, not_learned, not_learned_stderr}, exact.{mean, variance},
/// laplace[r=R].{mean, mean_stderr, exact}, terminal[theta=K].{freq, freq_stderr, exact} (K from 1, as in the
/// papers), audit.{total_increment, ...}, menu.{revenue, revenue_stderr, max_ic_violation,
/// max_ir_violation, ironed, served_high, revenue_virtual}, menu.FAMILY.{revenue, revenue_ratio},
/// menu.tiers[K=k].{revenue, revenue_fraction}, menu.quartile[u=U].{type, token_cap, price,
/// expected_tokens, expected_tokens_stderr}; for bbs: bbs.{theta_hat, q_hat},
/// bbs.{allocations,packages}.{revenue, revenue_stderr, profit, profit_stderr, mc_revenue,
/// mc_revenue_stderr, mc_profit, mc_profit_stderr, max_ic_violation, max_ir_violation,
/// max_tariff_ic_violation, lowest_served, ironed}, bbs.binary.{revenue, profit, extraction_margin,
/// full_surplus, virtual_weight}; for ttc: ttc.equilibrium.{welfare, optimum_welfare, poa,
/// potential, rounds, moves, converged, nash_gap, outside_share}, ttc.auction.{winner_index,
/// payment, user_value, winner_utility, welfare}. Only what the file holds is listed (a sweep fills
/// NaN where a point lacks a column). Throws: Error when the file is none of these outputs.
[[nodiscard]] std::vector<std::pair<std::string, double>> point_results(const File& file);

} // namespace beliefsim::io
