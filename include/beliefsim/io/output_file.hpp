#pragma once
/// Every beliefsim output file is made here: created under a temporary name, stamped with its
/// provenance, filled by its writer, and renamed when complete, so a finished-looking file is always
/// whole (SPEC §4). Provenance is written here only: root attributes `tool`, `version`, `git_sha1`,
/// `format_version` (FORMAT_VERSION), `created_utc`, `host`, `command_line` and `ranks` (as recorded
/// by record_invocation), `hdf5_version`, `boost_version`, `compiler`, and those of `Provenance` the
/// run has; `/provenance/config`, the TOML text as run.
/// Tested by: tests/io/test_hdf5.cpp, tests/e2e/test_cli.cpp (check_output), tests/python,
/// tests/e2e/check_reliability.py (concurrent writers, signals, full disks).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "beliefsim/io/hdf5.hpp"

namespace beliefsim::io {

/// What a run records about how it was made, beyond the tool and the time (schema::root names).
struct Provenance {
    std::optional<std::string> config{}; ///< the TOML text as read
    std::optional<std::uint64_t> seed{};
    std::optional<std::int64_t> threads{};
    std::optional<std::uint64_t> paths{}, block_size{};
};

/// The layout's version, bumped whenever a dataset, group or attribute changes meaning or place.
/// 1: files without the attribute; 2: dimension scales everywhere, lists as string arrays, the sweep
/// summary table, capped ECDFs as P(tau <= t), the TTC axes per group.
inline constexpr std::int64_t FORMAT_VERSION = 2;

/// Records, for every file this process writes, how it was invoked: the command line (main sets
/// it) and the number of MPI ranks (a command run under mpirun sets it; default 1).
void record_invocation(const std::string& command_line);
void record_ranks(int ranks);
/// Whether a finished file may replace an existing one (default true, for the library; the CLI
/// passes --force). Without it the final rename fails with ConfigError("--output") if `out` exists.
void record_replace(bool replace);

/// Throws ConfigError("--output") when the output's directory does not exist or is not writable
/// (a read-only file system, permissions), the output is a directory, it is the file `input` (the
/// config, by inode: `force` does not allow it), or it exists and `force` is false: checked before
/// a run, so a long run never ends in an unwritable destination and never replaces a file silently.
void check_output(const std::filesystem::path& out, bool force, const std::filesystem::path& input = {});

/// The temporary name a file is written under before the rename: `<out>.<pid>.tmp`, so processes
/// writing the same output never share one.
[[nodiscard]] std::filesystem::path temporary_path(const std::filesystem::path& out);

/// Creates `out` via its temporary name, created exclusively (a file of that name is never
/// touched): the provenance, then `fill(file)`, then fsync, the rename and an fsync of the
/// directory, so a committed output survives a killed process and a power loss. On any failure the
/// temporary is removed and the error rethrown. Every beliefsim output goes here. Concurrent
/// writers of one `out` need no lock: each has its own temporary and the rename is atomic, so
/// `out` is always one writer's whole file (without replace, later writers fail at the rename).
/// Throws: ConfigError("--output") for a destination that cannot be created or already exists
/// (without replace); Error on HDF5 or other file-system failure.
/// Removes the temporary this process is writing, if any. Async-signal-safe (unlink only), for a
/// SIGINT/SIGTERM handler that then ends the process: an interrupted run leaves no temporary.
void remove_pending_temporary() noexcept;

void write_atomically(const std::filesystem::path& out, const Provenance& provenance,
                      const std::function<void(const File&)>& fill);

} // namespace beliefsim::io
