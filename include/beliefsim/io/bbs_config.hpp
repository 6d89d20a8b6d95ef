#pragma once
/// TOML configuration of a `beliefsim bbs` run (SPEC §2 "BBS", §3) → app::BbsSpec. Tables:
///   [technology]   alpha = 0.25, beta = 0.25, gamma = 0.25, b = 1, c_x = 0.125, c_y = 0.125,
///                  c_z = 0.125 (v = x^α y^β (b + z)^γ; defaults: Example 1)
///   [types]        exactly one type model:
///                  w = {distribution = "uniform" | "truncated-normal" (mean, sd) | "beta" (a, b) |
///                       "tabulated" (file), low, high} and s = {...} (same keys as the menu
///                  command's [types]; s inside [0, 1]); either may be left out (U[0, 1]);
///                  or samples = "FILE" (two columns w s per line; packages only);
///                  or [types.binary] f1 = 0.5, w1 = PROFILE, w2 = PROFILE with PROFILE a
///                  value-scale type {w, s} or a tabulated profile {nodes = [...], values = [...],
///                  interpolation = "step" | "linear"} (Propositions 2-3)
///   [menus]        allocations = true, packages = true (defaults: those the type model supports),
///                  tariffs = true, points = 101, scale_points = 21, figure_points = 201,
///                  cells = 2048, assumption_points = 41
///   [monte_carlo]  samples = 0 (off), bins = 256, seed = 0, threads = 0 (all cores)
/// Relative file paths are read from the config file's directory (a sample file when the run
/// starts). Every bad field throws ConfigError naming its dotted key: io's own rules, and the
/// library's (InvalidArgument naming a parameter, e.g. "gamma" for α + β + γ < 1) through the
/// field tables of bbs_config.cpp ("technology.gamma").
/// Tested by: tests/bbs/test_bbs_config.cpp.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "beliefsim/app/bbs_run.hpp"
#include "beliefsim/io/fields.hpp"

namespace beliefsim::io {

/// Throws: ConfigError naming the dotted field ("config" for TOML syntax errors), including the
/// rules across fields (app::check_spec).
[[nodiscard]] app::BbsSpec parse_bbs_config(std::string_view toml_text, const std::filesystem::path& config_dir = ".");

/// The fields of the parameters app::run_bbs may name ("points" → "menus.points", ...): wrap a run
/// in io::with_fields(bbs_run_fields(), ...).
[[nodiscard]] FieldTable bbs_run_fields();

/// `--seed` replaces monte_carlo.seed, `--threads` monte_carlo.threads.
/// Throws: ConfigError("--seed" or "--threads", rule).
void apply_bbs_overrides(app::BbsSpec& spec, std::optional<std::int64_t> seed, std::optional<std::int64_t> threads);

} // namespace beliefsim::io
