#pragma once
/// Every beliefsim output file is made here: created under a temporary name, stamped with its
/// provenance, filled by its writer, and renamed when complete, so a finished-looking file is always
/// whole (SPEC §4). Provenance is written here only: root attributes `tool`, `version`, `git_sha1`,
/// `created_utc`, and those of `Provenance` the run has; `/provenance/config`, the TOML text as run.
/// Tested by: tests/io/test_hdf5.cpp.

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

/// The temporary name a file is written under before the rename: `<out>.tmp`.
[[nodiscard]] std::filesystem::path temporary_path(const std::filesystem::path& out);

/// Creates `out` via its temporary name: the provenance, then `fill(file)`, then the rename. On any
/// failure the temporary is removed and the error rethrown. Every beliefsim output goes here.
/// Throws: Error on HDF5 or file-system failure.
void write_atomically(const std::filesystem::path& out, const Provenance& provenance,
                      const std::function<void(const File&)>& fill);

} // namespace beliefsim::io
