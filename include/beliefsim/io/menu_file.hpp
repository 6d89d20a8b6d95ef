#pragma once
/// The `menu` output file: the `simulate` groups of the model sold, plus SPEC §3's `/menu`:
///   /menu/{r, time_cap, token_cap, price, marginal_price, expected_tokens, surplus} (r is their
///     dimension scale); with a sampled law also {price, surplus, expected_tokens,
///     marginal_price}_stderr;
///   attributes revenue, revenue_stderr, max_ic_violation, max_ir_violation, ironed (0/1),
///     served_high, law ("exact" | "monte-carlo"), law_source, types, types_low, types_high,
///     valuation; with the exact law also revenue_virtual and revenue_from_samples(_stderr);
///   /menu/families/{constant_delay, diffusion}/{r, fraction, virtual_value} with attributes
///     revenue, revenue_ratio (family / optimal menu), monotone; a missing family is named in
///     /menu/families' attribute `missing`;
///   /menu/tiers/{tiers, revenue, revenue_fraction} and /menu/tiers/KK/{upper_type, time_cap,
///     token_cap, price} per K-tier menu.
/// Written atomically with its provenance (io/output_file).
/// Tested by: tests/e2e/test_cli.cpp, tests/e2e/check_menu.py.

#include <filesystem>
#include <string>

#include "beliefsim/app/menu_run.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/pricing/menu.hpp"

namespace beliefsim::io {

/// The seven `/menu` columns of `table` (and `*_stderr` columns when `stderr_columns` is given),
/// with r as their dimension scale. Creates the group `/menu`, which it returns.
Group write_menu_table(const File& file, const pricing::MenuTable& table,
                       const pricing::EmpiricalMenuTable* stderr_columns = nullptr);

/// The groups of a `menu` file (the simulation's, then /menu) in `file`; its provenance is the
/// simulation's (io::simulation_provenance).
void write_menu_run_groups(const File& file, const app::MenuRun& run);

/// Throws: Error on HDF5 or file-system failure (nothing is left behind).
void write_menu_run(const app::MenuRun& run, const std::string& config_text, const std::filesystem::path& out);

} // namespace beliefsim::io
