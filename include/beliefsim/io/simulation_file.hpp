#pragma once
/// The `simulate` output file (SPEC §3 layout, names in io/schema.hpp): provenance, model
/// attributes, Monte Carlo estimates with standard errors, and the exact law. Written to a
/// temporary name and renamed when complete, so a finished-looking file is always whole (SPEC §4).
/// Tested by: tests/io/test_hdf5.cpp, tests/e2e/test_cli.cpp, tests/e2e/check_output.py.

#include <filesystem>
#include <functional>
#include <string>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/app/simulate.hpp"

namespace beliefsim::io {

/// The temporary name a file is written under before the rename: `<out>.tmp`.
[[nodiscard]] std::filesystem::path temporary_path(const std::filesystem::path& out);

/// Creates `out` via its temporary name: root attributes `tool`, `version`, `git_sha1`,
/// `created_utc`, then `fill(file)`, then the rename. On any failure the temporary is removed and
/// the error rethrown, so a finished-looking file is always whole. Every beliefsim output goes here.
void write_atomically(const std::filesystem::path& out, const std::function<void(const File&)>& fill);

/// The groups of a `simulate` file (provenance, model, estimates, audit, sample paths) in `file`.
void write_simulation_groups(const File& file, const app::SimulationResult& result,
                             const std::string& config_text);

/// Writes `result` and the TOML text it was run from to `out` (replacing an existing file).
/// Throws: Error on HDF5 or file-system failure; `out` is then untouched and no `.tmp` remains.
void write_simulation(const app::SimulationResult& result, const std::string& config_text,
                      const std::filesystem::path& out);

/// A human summary of any beliefsim output: root attributes, model, key estimates with standard
/// errors next to exact values, and every dataset with its shape and description.
/// Throws: ConfigError naming the path when it is missing, not HDF5, or not a beliefsim output.
[[nodiscard]] std::string summarize_file(const std::filesystem::path& path);

} // namespace beliefsim::io
