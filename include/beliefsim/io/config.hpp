#pragma once
/// TOML configuration (SPEC §3) → validated app::SimulationSpec. Every field is checked
/// against its rule and every unknown key is rejected, with errors naming the dotted TOML field.
/// Tested by: tests/io/test_config.cpp.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "beliefsim/app/simulate.hpp"
#include "beliefsim/io/fields.hpp"

namespace beliefsim::io {

/// Largest `estimators.raw_samples`: raw samples are opt-in and capped (SPEC §4, streaming).
inline constexpr std::int64_t MAX_RAW_SAMPLES = 10'000'000;

/// Command-line values that replace the file's (`--seed`, `--threads`, `--paths`).
struct Overrides {
    std::optional<std::uint64_t> seed;
    std::optional<std::int64_t> threads;
    std::optional<std::int64_t> paths;
};

/// The largest config file read: beyond it (/dev/zero, a data file by mistake) reading stops.
inline constexpr std::size_t MAX_CONFIG_BYTES = std::size_t{16} << 20;

/// Reads a whole config file of at most MAX_CONFIG_BYTES.
/// Throws: ConfigError("config", "cannot read file '<path>': <reason>").
[[nodiscard]] std::string read_config_file(const std::filesystem::path& path);

/// Parses and validates the TOML text of a `simulate` run: tables [model], [simulation],
/// [estimators] (SPEC §3; defaults in the README). Grid maxima left out become 0 ("choose from the
/// exact law").
/// Throws: ConfigError{field, rule}: field "config" for TOML syntax errors (with line and column),
/// otherwise the dotted name of the offending key, e.g. ("model.prior", "must sum to 1 (sum = 0.97)").
[[nodiscard]] app::SimulationSpec parse_simulation_config(std::string_view toml_text);

/// The config fields of the simulation's domain parameters ([model], [simulation]): wrap what
/// validates or runs an app::SimulationSpec in `with_fields(simulation_fields(), ...)`.
[[nodiscard]] FieldTable simulation_fields();

/// Replaces the spec's seed, threads and paths by the given overrides, checking the same rules.
/// Throws: ConfigError naming the option ("--seed", "--threads", "--paths").
void apply_overrides(app::SimulationSpec& spec, const Overrides& overrides);

} // namespace beliefsim::io
