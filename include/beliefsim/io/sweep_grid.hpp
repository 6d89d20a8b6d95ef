#pragma once
/// A sweep's grid (SPEC §3 `sweep`; issue "Parameter sweeps"): a base config plus a `[sweep]`
/// table of dotted keys over lists, e.g. `"model.chi" = [0.1, 0.2, 0.3]`. The grid is the
/// Cartesian product of the lists, keys sorted by name (the last varies fastest), except that keys
/// named together in `zip = [["model.chi", "simulation.paths"], ...]` vary together (their lists
/// have equal lengths). Each point's config is the base with its values set, and its own seed
///   simulation.seed = splitmix64(base seed ⊕ FNV-1a(canonical "key=value" lines of the point)),
/// so a point's results depend only on its own settings: widening the grid, the order of the
/// points, threads, shards or ranks change nothing for an existing point.
/// The fingerprint (FNV-1a of the whole config text) identifies a sweep for `--resume`.
/// Tested by: tests/io/test_sweep_grid.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
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

struct Point {
    std::size_t index = 0;
    std::vector<Setting> settings; ///< one per swept key, in key order
    std::string config;            ///< the full TOML of the point (base, values, derived seed)
    std::uint64_t seed = 0;
};

struct Grid {
    std::vector<std::string> keys; ///< swept keys in order
    std::string table;             ///< the [sweep] table as TOML
    std::uint64_t base_seed = 0;   ///< simulation.seed of the base config
    std::vector<Point> points;
    std::uint64_t fingerprint = 0;
    bool menu = false; ///< the base has a [types] table: every point also runs `menu`
};

/// Throws ConfigError naming the field: "sweep" (missing or empty), "sweep.KEY" (not a non-empty
/// array, or a key path that does not name a table entry of the base config), "sweep.zip"
/// (malformed, unknown key, unequal lengths), "config" (TOML syntax).
[[nodiscard]] Grid make_grid(std::string_view toml_text);

/// FNV-1a, 64 bits.
[[nodiscard]] std::uint64_t fnv1a(std::string_view text);

} // namespace beliefsim::io
