#pragma once
/// TTC generation records (ttc/samples.hpp) in HDF5, the binary alternative to the long CSV:
///   /samples/provider             provider names, in order (strings)
///   /samples/NNN/{correct, answer, reward, tokens}   question × sample per provider NNN
///                                 (int32 0/1; int32 answer id, −1 = no answer; float64 reward,
///                                 −inf = not scored; float64 tokens), attribute `name`; the
///                                 group's own `question` and `sample` index scales label the axes
/// `[data] samples = "FILE.h5"` reads it (any other extension is CSV).
/// Tested by: tests/ttc/test_ttc_config.cpp.

#include <filesystem>
#include <span>
#include <vector>

#include "beliefsim/ttc/samples.hpp"

namespace beliefsim::io {

/// Written atomically. Throws: Error on HDF5 or file-system failure.
void write_samples_h5(const std::filesystem::path& file, std::span<const ttc::ProviderSamples> providers);

/// Throws: ConfigError{FILE, rule} when the file is missing, not HDF5, or not in this layout;
/// InvalidArgument (ttc::validate) for values out of their domains.
[[nodiscard]] std::vector<ttc::ProviderSamples> read_samples_h5(const std::filesystem::path& file);

} // namespace beliefsim::io
