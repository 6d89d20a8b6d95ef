#pragma once
/// Text files of types, read here so that domain code takes numbers only: the `tabulated` type
/// density of pricing::TypeDistribution (menu [types] file, bbs [types] w/s file) and the sampled
/// value-scale types of `beliefsim bbs` ([types] samples). Errors are ConfigErrors naming the
/// field the caller gives, with the file and line.
/// Tested by: tests/pricing/test_types.cpp, tests/bbs/test_monte_carlo.cpp, tests/bbs/test_bbs_config.cpp.

#include "beliefsim/bbs/monte_carlo.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace beliefsim::io {

/// Nodes and densities of a tabulated type law, as read (pricing::TypeDistribution::tabulated
/// checks them).
struct DensityTable {
    std::vector<double> r, density;
};

/// Two whitespace-separated columns r, density per line; lines starting with `#` are comments.
/// Throws ConfigError(field, ...) when the file cannot be opened or a line is not two numbers.
[[nodiscard]] DensityTable read_density_table(const std::filesystem::path& file, const std::string& field);

/// Two whitespace-separated columns w s per line; `#` starts a comment. Each row needs w ≥ 0 finite
/// and s ∈ [0, 1]; at least two rows. Throws ConfigError("types.samples", ...).
[[nodiscard]] std::vector<bbs::ValueScaleDraw> read_value_scale_samples(const std::filesystem::path& file);

} // namespace beliefsim::io
