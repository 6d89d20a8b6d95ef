#pragma once
/// TOML configuration of a `menu` run (SPEC §3): the `simulate` tables plus
///   [types]      distribution = "uniform" | "truncated-normal" (mean, sd) | "beta" (a, b) |
///                "tabulated" (file: relative paths are read from the config file's directory);
///                low, high (required)
///   [valuation]  form = "constant" | "linear" | "exponential" | "power", scale = 1, slope = 0
///                (pricing/cap_schedule.hpp)
///   [menu]       law = "auto" | "exact" | "monte-carlo", points = 201, audit_points = 201,
///                tiers = 5, min_fraction = 0.01 (pricing/menu_run.hpp)
/// A key that does not belong to the chosen distribution or form is rejected, like any unknown key.
/// Tested by: tests/io/test_config.cpp.

#include <filesystem>
#include <string_view>

#include "beliefsim/app/menu_run.hpp"
#include "beliefsim/io/fields.hpp"

namespace beliefsim::io {

/// Throws ConfigError naming the dotted field (e.g. "types.sd", "menu.law").
[[nodiscard]] app::MenuSpec parse_menu_config(std::string_view toml_text,
                                              const std::filesystem::path& config_dir = ".");

/// The config fields of a menu run's domain parameters: those of simulation_fields() (io/config.hpp)
/// and of [types], [valuation] and [menu]. Wrap app::run_menu in `with_fields(menu_fields(), ...)`.
[[nodiscard]] FieldTable menu_fields();

} // namespace beliefsim::io
