#pragma once
/// Running a sweep (issues "Parameter sweeps", 15): every grid point runs `simulate` (`menu` when
/// the base has [types], `bbs` or `ttc` for those configs) and is committed durably on its own, as
/// `<out>.points/<point fingerprint>.h5` (io/sweep_grid.hpp), written under a name unique to the
/// process and renamed. One HDF5 file cannot stay consistent under `kill -9`; a directory of whole
/// files can. A point file holds the point's config as run (/provenance/config); a file whose
/// config is not the point's is refused, never reused. Points are keyed by their resolved config,
/// so a comment, the key order or a widened grid keeps every finished point. When every point is
/// committed, the points are assembled, atomically again, into `<out>`:
///   /sweep            attributes fingerprint (of the resolved grid), points, base_seed,
///                     common_random_numbers; datasets keys (the swept keys) and table ([sweep] as TOML)
///   /points/NNNNNN/   the point file's groups (model, stopping_time, menu, bbs, ttc, ...) with
///                     their dimension scales re-attached, attributes = the point's swept values in
///                     their natural types, its seed and its fingerprint
///   /summary/<column> one row per point (dimension `index`): `seed`, one column per swept key
///                     (integers, numbers, strings without quotes, a list of numbers as KEY[i]),
///                     and every scalar result of io::point_results (NaN where a point lacks it)
/// Overwrite policy: an existing `<out>` or finished points this run would compute are refused
/// (ConfigError "--force") unless `resume` (reuse them) or `force` (recompute, replace). A shard
/// `i/N` computes the points with index ≡ i (mod N), never refuses because of other shards' points
/// and never assembles (concurrent shards would race on `<out>`); `assemble_only` (or a `resume`
/// run) assembles once every point is committed. A run holds a lock on the points directory for
/// its duration (shards share it), so a second run on one sweep (two --resume) is refused with
/// ConfigError("--output") instead of racing. Every point's config is parsed before anything is
/// written, so a bad value anywhere in the grid fails at once; a failed run removes the points
/// directory when it is empty (no finished point, no other process's file being written).
/// Tested by: tests/e2e/test_sweep_cli.cpp, tests/e2e/check_sweep_summary.py.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "beliefsim/io/sweep_grid.hpp"
#include "beliefsim/mc/cluster.hpp"

namespace beliefsim::sweep {

struct Shard {
    std::size_t index = 0, count = 1;
};

struct SweepOptions {
    std::filesystem::path out;
    std::filesystem::path config_dir = "."; ///< where relative paths of the config are read from
    bool resume = false;                    ///< reuse finished points (and replace an assembled `out`)
    bool force = false;                     ///< recompute finished points and replace `out`
    bool assemble_only = false;             ///< compute nothing: assemble, or refuse while points are missing
    std::optional<std::int64_t> threads;    ///< replaces each point's simulation.threads
    Shard shard;
    /// With more than one rank, points are claimed dynamically across ranks (mc/cluster.hpp) and
    /// rank 0 assembles; the shard is then ignored.
    mc::Cluster* mpi = nullptr;
    /// (work done, work total) while points are computed: work is paths (simulate, menu; inside a
    /// point too) or 1 per point (bbs, ttc); reused points are not work.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
};

struct SweepReport {
    std::size_t computed = 0, reused = 0, total = 0;
    std::size_t missing = 0; ///< points of the grid not committed after this run (other shards')
    bool assembled = false;
};

/// `<out>.points`.
[[nodiscard]] std::filesystem::path points_directory(const std::filesystem::path& out);

/// Throws ConfigError: "--force" when `out` or points this run would compute exist (neither
/// `resume` nor `force`); "--resume" for a damaged point file or one whose config is not its
/// point's; "--assemble" when points are missing; any config error of a point, naming its field.
SweepReport run_sweep(const io::Grid& grid, const SweepOptions& options);

} // namespace beliefsim::sweep
