#pragma once
/// `beliefsim inspect`: a human summary of any beliefsim output file.
/// Tested by: tests/io/test_hdf5.cpp, tests/e2e/test_cli.cpp.

#include <filesystem>
#include <string>

namespace beliefsim::io {

/// Root attributes, model, key estimates with standard errors next to exact values, the menu, and
/// every dataset with its shape and description.
/// Throws: ConfigError naming the path when it is missing, not HDF5, or not a beliefsim output.
[[nodiscard]] std::string summarize_file(const std::filesystem::path& path);

} // namespace beliefsim::io
