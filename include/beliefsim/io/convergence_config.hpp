#pragma once
/// TOML configuration of a `convergence` run: the `simulate` tables [model] (process = "diffusion"),
/// [simulation] (threads, block_size, max_time, and dt: the ladder's base step) and [estimators]
/// (laplace_r; ecdf_max: the last compared ECDF time), plus
///   [convergence] dts = [..] (default: dt × {8, 4, 2, 1}), schemes = [..] (default: every stepped
///                 scheme), paths = 100_000 (per rung), seed = 42, ecdf_times = 5
/// The keys [convergence] takes over (simulation.paths, seed, scheme) and simulation.token_cap are
/// rejected with the key to use instead; so are [audit] and [sample_paths].
/// Tested by: tests/app/test_convergence.cpp, tests/e2e/check_convergence.py.

#include <string_view>

#include "beliefsim/app/convergence.hpp"
#include "beliefsim/io/fields.hpp"

namespace beliefsim::io {

/// Throws ConfigError naming the dotted field (e.g. "convergence.dts", "model.chi").
[[nodiscard]] app::ConvergenceSpec parse_convergence_config(std::string_view toml_text);

/// The config fields of a convergence run's domain parameters: simulation_fields() (io/config.hpp)
/// and [convergence]'s. Wrap app::run_convergence in `with_fields(convergence_fields(), ...)`.
[[nodiscard]] FieldTable convergence_fields();

} // namespace beliefsim::io
