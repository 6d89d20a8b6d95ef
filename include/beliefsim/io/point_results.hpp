#pragma once
/// The scalar results of one simulate or menu output as named numbers: the columns a sweep's
/// /summary table holds for each point (io/sweep_summary, sweep/run.cpp).
/// Tested by: tests/sweep/test_run.cpp, tests/e2e/check_sweep_summary.py.

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
/// expected_tokens, expected_tokens_stderr}. Only what the file holds is listed (a sweep fills NaN
/// where a point lacks a column). Throws: Error when the file is not a simulate or menu output.
[[nodiscard]] std::vector<std::pair<std::string, double>> point_results(const File& file);

} // namespace beliefsim::io
