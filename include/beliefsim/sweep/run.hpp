#pragma once
/// Running a sweep (issue "Parameter sweeps"): every grid point runs `simulate` (and `menu` when
/// the base has [types]) and is committed durably on its own, as `<out>.points/NNNNNN.h5` written
/// to a temporary name and renamed (io::write_atomically), with the sweep's fingerprint as a root
/// attribute; `<out>.points/FINGERPRINT` names the sweep. One HDF5 file cannot stay consistent
/// under `kill -9`; a directory of whole files can. When every point is committed, the points are
/// assembled, atomically again, into `<out>`:
///   /sweep            attributes fingerprint, points, base_seed; datasets keys (the swept keys)
///                     and table (the [sweep] table as TOML)
///   /points/NNNNNN/   the point file's groups (model, stopping_time, menu, ...) with their
///                     dimension scales re-attached, attributes = the point's swept values in their
///                     natural types and its seed
///   /summary/<column> one row per point (dimension `index`): `seed`, one column per swept key
///                     (integers, numbers, strings without quotes, a list of numbers as KEY[i]),
///                     and every scalar result of io::point_results (NaN where a point lacks it)
/// `resume` reuses committed points after checking their fingerprint; results are identical to an
/// uninterrupted run because a point depends only on its own config. `stop` (set by SIGINT) ends
/// the sweep after the current point. A shard `i/N` computes the points with index ≡ i (mod N)
/// and does not assemble; a later run with `resume` (all points committed) assembles. Every point's
/// config is parsed before any point runs, so a bad value anywhere in the grid fails at once.
/// Tested by: tests/sweep/test_run.cpp, tests/e2e/test_sweep_cli.cpp.

#include <atomic>
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
    bool resume = false;
    std::optional<std::int64_t> threads; ///< replaces each point's simulation.threads
    Shard shard;
    const std::atomic<bool>* stop = nullptr;
    /// With more than one rank, points are claimed dynamically across ranks (mc/cluster.hpp) and
    /// rank 0 assembles; the shard is then ignored.
    mc::Cluster* mpi = nullptr;
    /// (points finished, points total), after each point.
    std::function<void(std::size_t, std::size_t)> progress;
};

struct SweepReport {
    std::size_t computed = 0, reused = 0, total = 0;
    bool assembled = false;
    bool interrupted = false;
};

/// `<out>.points`.
[[nodiscard]] std::filesystem::path points_directory(const std::filesystem::path& out);

/// Throws ConfigError: "--resume" when the points directory belongs to another sweep (fingerprint)
/// or holds a damaged point file, or when it exists and `resume` is false; any config error of a
/// point, naming its field.
SweepReport run_sweep(const io::Grid& grid, const SweepOptions& options);

} // namespace beliefsim::sweep
