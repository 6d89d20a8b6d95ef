#pragma once
/// The `reproduce` output file: the paper's numbers next to ours (`/reproduce`), the token-cap menu
/// (`/menu`, SPEC §3) and Figure 1's boundaries (`/quality`), written atomically.
/// Tested by: tests/e2e/test_cli.cpp.

#include "beliefsim/app/reproduce.hpp"

#include <filesystem>

namespace beliefsim::io {

/// Throws: Error on HDF5 or file-system failure (nothing is left behind).
void write_reproduction(const app::Reproduction& rep, const std::filesystem::path& out);

} // namespace beliefsim::io
