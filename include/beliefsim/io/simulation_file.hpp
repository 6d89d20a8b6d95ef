#pragma once
/// The `simulate` output file (SPEC §3 layout, names in io/schema.hpp): model attributes, Monte
/// Carlo estimates with standard errors, the exact law, the audit and sample paths; written
/// atomically with its provenance by io/output_file.
/// Tested by: tests/io/test_hdf5.cpp, tests/e2e/test_cli.cpp, tests/e2e/check_output.py.

#include <filesystem>
#include <string>

#include "beliefsim/app/simulate.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/output_file.hpp"

namespace beliefsim::io {

/// The /model group with the model's parameters as attributes (states, prior, entropy, q/alpha, chi,
/// process, throughput_fraction), for every file that runs one model.
Group write_model_group(const File& file, const app::ModelSpec& model);

/// The provenance of a simulation: the config text, seed, threads, paths and block size.
[[nodiscard]] Provenance simulation_provenance(const app::SimulationResult& result, const std::string& config_text);

/// The groups of a `simulate` file (model, estimates, audit, sample paths) in `file`.
void write_simulation_groups(const File& file, const app::SimulationResult& result);

/// Writes `result` and the TOML text it was run from to `out` (replacing an existing file).
/// Throws: Error on HDF5 or file-system failure; `out` is then untouched and no `.tmp` remains.
void write_simulation(const app::SimulationResult& result, const std::string& config_text,
                      const std::filesystem::path& out);

} // namespace beliefsim::io
