#pragma once
/// Operations on a config's TOML text before a command parses it: command-line settings
/// (`--set KEY=VALUE`) and the list of every error a config holds (`validate`, `--dry-run`).
/// Tested by: tests/io/test_config_text.cpp, tests/e2e/test_cli.cpp.

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "beliefsim/core/error.hpp"

namespace beliefsim::io {

/// The text with each `KEY=VALUE` applied in order: KEY is a dotted path ("model.chi",
/// "simulation.paths"; missing tables are created), VALUE a TOML value (`0.3`, `[0.5, 0.5]`,
/// `"shannon"`); a bare word that is not TOML (`shannon`) is taken as a string. Without settings
/// the text is returned unchanged (comments and all); with them, the table re-rendered as TOML.
/// Throws: ConfigError("--set", ...) for a malformed setting, or a key below a non-table;
/// ConfigError("config", ...) for a TOML syntax error in the text.
[[nodiscard]] std::string apply_settings(std::string_view text, std::span<const std::string> settings);

/// The command a config is written for, read from its tables: [model] makes it simulate (with
/// [types]: menu; with [convergence]: convergence); the market tables ([data], [synthetic],
/// [curves], [market], [dynamics], [beta_sweep]) ttc; the BBS tables ([technology], [types],
/// [menus], [monte_carlo]) bbs; anything else simulate, whose parser names what is wrong.
enum class ConfigKind { simulate, menu, convergence, bbs, ttc };
/// Throws: ConfigError("config", ...) for a TOML syntax error.
[[nodiscard]] ConfigKind config_kind(std::string_view text);
[[nodiscard]] std::string_view command_name(ConfigKind kind);
/// True when the config has a top-level table `name` (e.g. "sweep"). Throws as config_kind.
[[nodiscard]] bool has_table(std::string_view text, std::string_view name);
/// The parser (validation) of that command's config; relative paths are read from `config_dir`.
[[nodiscard]] std::function<void(std::string_view)> config_parser(ConfigKind kind,
                                                                  const std::filesystem::path& config_dir);

/// Every error of a config: parses with `parse` (which throws ConfigError), sets the offending
/// entry aside (or gives a missing required one a neutral value) and parses again, until it
/// passes or an error cannot be set aside. Empty when the config is valid. A TOML syntax error is
/// the only error reported for an unparsable text.
[[nodiscard]] std::vector<ConfigError> config_errors(std::string_view text,
                                                     const std::function<void(std::string_view)>& parse);

} // namespace beliefsim::io
