#pragma once
/// A sweep's grid (SPEC §3 `sweep`; issues "Parameter sweeps", 15): a base config plus a `[sweep]`
/// table of dotted keys over lists, e.g. `"model.chi" = [0.1, 0.2, 0.3]`, or over ranges,
/// `{start = 0.1, stop = 0.5, num = 5}` (evenly spaced, both ends included) and
/// `{start = 1e-3, stop = 1, num = 4, log = true}` (geometric). A range's values are rounded to 15
/// significant digits, so it gives exactly the list one would type ([0.1, 0.2, 0.3, 0.4, 0.5]);
/// they are integers when start and stop are integers and every value is whole. The grid is the
/// Cartesian product, keys sorted by name (the last varies fastest), except that keys named
/// together in `zip = [["model.chi", "simulation.paths"], ...]` vary together (equal lengths).
/// The base is a `simulate` config (a `menu` one when it also has [types]), a `bbs` config (no
/// [model]; [technology], [types], [menus], [monte_carlo]) or a `ttc` one ([data], [market], ...).
/// Each point's config is the base with its values set and, unless `common_random_numbers = true`,
/// its own seed (simulation.seed; monte_carlo.seed for bbs; curves.seed and dynamics.seed for ttc)
///   seed = splitmix64(base seed ⊕ FNV-1a(canonical "key=value" lines of the point)) >> 1,
/// so a point's results depend only on its own settings: widening the grid, the order of the
/// points, threads, shards or ranks change nothing for an existing point. With common random
/// numbers every point keeps the seeds of its config (the base's, or swept ones), so points share
/// their random numbers and differences between points have a lower variance.
/// A point's fingerprint is FNV-1a of its config as rendered from the parsed TOML (keys sorted, no
/// comments): it names the point's file for `--resume`, whatever the file's comments or key order.
/// Tested by: tests/io/test_sweep_grid.cpp, tests/e2e/test_sweep_cli.cpp (grid_errors), tests/python.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "beliefsim/io/config_text.hpp"
#include <vector>

namespace beliefsim::io {

/// A swept value in its natural type: a string (unquoted), an integer, a number, or a list of
/// numbers; other values (booleans, mixed lists) as their TOML spelling.
using SettingValue = std::variant<std::string, std::int64_t, double, std::vector<double>>;

/// One swept value: its TOML spelling (which the point's seed hashes) and its value for /summary.
struct Setting {
    std::string key;
    std::string text;
    SettingValue value;
};

/// The command every point runs (never convergence: make_grid refuses it).
using PointKind = ConfigKind;

struct Point {
    std::size_t index = 0;
    std::vector<Setting> settings; ///< one per swept key, in key order
    std::string config;            ///< the full TOML of the point (base, values, seeds), canonical
    std::uint64_t seed = 0;        ///< the point's seed (simulation, monte_carlo or curves)
    std::uint64_t fingerprint = 0; ///< fnv1a(config)
};

struct Grid {
    std::vector<std::string> keys; ///< swept keys in order
    std::string table;             ///< the [sweep] table as TOML
    std::uint64_t base_seed = 0;   ///< the base config's seed (0 when it has none)
    std::vector<Point> points;
    std::uint64_t fingerprint = 0; ///< FNV-1a of the points' configs in order: the resolved grid
    PointKind kind = PointKind::simulate;
    bool common_random_numbers = false;
};

/// Throws ConfigError naming the field: "sweep" (missing or empty), "sweep.KEY" (neither a
/// non-empty array nor a valid range, or a key path that does not name a table entry of the
/// base config), "sweep.zip" (malformed, unknown key, unequal lengths),
/// "sweep.common_random_numbers" (not a boolean), "config" (TOML syntax).
/// The most points a grid may have (a range's num too): each point is a file and holds its config.
inline constexpr std::size_t MAX_SWEEP_POINTS = 100'000;

[[nodiscard]] Grid make_grid(std::string_view toml_text);

/// Every error of a sweep config at once (io::config_errors): of the grid and of each point as its
/// command parses it, relative paths read from `config_dir`. Empty when every point is valid.
[[nodiscard]] std::vector<ConfigError> grid_errors(std::string_view toml_text, const std::filesystem::path& config_dir);

/// FNV-1a, 64 bits.
[[nodiscard]] std::uint64_t fnv1a(std::string_view text);

} // namespace beliefsim::io
