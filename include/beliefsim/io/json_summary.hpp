#pragma once
/// `--json`: the headline numbers of any beliefsim output as one JSON object (nlohmann::json), the
/// machine-readable counterpart of `inspect` for a shell or a notebook.
/// Tested by: tests/e2e/test_cli.cpp (parsed and compared with the HDF5 file).

#include <filesystem>
#include <string>

namespace beliefsim::io {

/// {"file": path, "attributes": {root attributes}, "groups": {"/group": {its attributes}, ...},
/// "datasets": {"/path": value}} with every scalar dataset, every 1-D dataset of at most 64 entries
/// (numbers or strings) and every column of a sweep's /summary; sweep points and sample paths are
/// left out. NaN and infinities become null. Throws: ConfigError when the file is not readable HDF5.
[[nodiscard]] std::string json_summary(const std::filesystem::path& path);

} // namespace beliefsim::io
