#pragma once
/// Accuracy and token curves given in a file (`[data] curves = FILE`), the alternative to
/// estimating them from generation records: a user with published curves prices a market from them.
///  - CSV (any extension but .h5/.hdf5): header `provider,theta,accuracy,tokens` plus optional
///    `accuracy_stderr`, `tokens_stderr` (columns in any order, extra columns ignored), one row per
///    (provider, compute level θ); providers keep their order of first appearance.
///  - HDF5 (.h5/.hdf5): the /ttc/curves group of a `beliefsim ttc` output (io/ttc_file.hpp):
///    `provider` (strings, N), `theta` (integers, M), `accuracy` and `tokens` (N × M), optional
///    `accuracy_stderr`, `tokens_stderr` (N × M); its attribute `method`, when present, must name
///    the config's curves.method.
/// Rules: θ whole numbers ≥ 1, strictly increasing within a provider, the same levels for every
/// provider; accuracy in [0, 1]; tokens and standard errors finite and ≥ 0; a provider once.
/// A missing standard error is NaN (not given); the percentile band is NaN (nothing resampled).
/// Tested by: tests/ttc/test_curves_file.cpp, tests/e2e/test_ttc_cli.cpp.

#include <filesystem>
#include <vector>

#include "beliefsim/ttc/curves.hpp"
#include "beliefsim/ttc/market.hpp"

namespace beliefsim::io {

/// Whether a data file (samples or curves) is read as HDF5: its extension is .h5 or .hdf5.
[[nodiscard]] bool is_hdf5_name(const std::filesystem::path& file);

/// The curves of `file`, their accuracy stored as `aggregation`'s curve (the one the market sells).
/// Throws: ConfigError{"FILE:LINE:COLUMN", rule} for a bad CSV cell, ConfigError{"FILE:/DATASET",
/// rule} for a bad HDF5 dataset, ConfigError{FILE, rule} for an unreadable file, a missing column
/// or dataset, levels that differ between providers, or no rows; ConfigError{"curves.method", rule}
/// when an HDF5 file holds the other method's curves.
[[nodiscard]] std::vector<ttc::ProviderCurves> read_curves(const std::filesystem::path& file,
                                                           ttc::Aggregation aggregation);

} // namespace beliefsim::io
