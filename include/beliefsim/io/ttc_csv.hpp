#pragma once
/// The CSV files of a TTC market: per-sample generation records (ttc/samples.hpp) and provider
/// price lists (ttc/market.hpp), read through io/table_reader. Every malformed cell is a
/// ConfigError whose field is "FILE:LINE:COLUMN", so a user can jump straight to it.
/// Tested by: tests/ttc/test_samples.cpp, tests/ttc/test_market.cpp.

#include <filesystem>
#include <span>
#include <vector>

#include "beliefsim/ttc/market.hpp"
#include "beliefsim/ttc/samples.hpp"

namespace beliefsim::io {

/// Reads a long-format CSV with header `provider,question,sample,correct,answer,reward,tokens`
/// (columns in any order, extra columns ignored). `correct`: 0/1/true/false; `answer`: integer ≥ 0,
/// or empty/`none` for NO_ANSWER; `reward`: number, or empty/`none`/`nan` for NO_REWARD; `tokens`:
/// number ≥ 0. Providers keep their order of first appearance, questions their order of first
/// appearance within a provider. Each question's sample ids must be exactly 0..k−1 (any order);
/// like the reference code, every question of a provider is truncated to the provider's smallest k.
/// Throws: ConfigError{"FILE:LINE:COLUMN", rule} for every malformed field, ConfigError{FILE, rule}
/// for an unreadable file, a missing column, duplicate or missing sample ids, or no rows.
[[nodiscard]] std::vector<ttc::ProviderSamples> read_samples_csv(const std::filesystem::path& file);

/// Writes the format `read_samples_csv` reads (numbers in shortest round-trip form, so reading back
/// is exact), through FILE.tmp renamed when complete. Throws: ConfigError{FILE, rule} on I/O
/// failure; InvalidArgument for records out of their domains or a name with a comma.
void write_samples_csv(const std::filesystem::path& file, std::span<const ttc::ProviderSamples> providers);

/// CSV with header `name,price_per_million[,margin]` (margin defaults to 0.25).
/// Throws: ConfigError{"FILE:LINE:COLUMN", rule}, ConfigError{FILE, rule}.
[[nodiscard]] std::vector<ttc::PriceEntry> read_price_list_csv(const std::filesystem::path& file);

} // namespace beliefsim::io
