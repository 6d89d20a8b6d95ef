#pragma once
/// The `convergence` output file (names in io/schema.hpp, namespace convergence), written atomically
/// with its provenance by io/output_file:
///   /model                          the model's parameters (attributes, as `simulate` writes them)
///   /convergence                    attributes reference ("exact" | "richardson"), reference_source,
///                                   resolved_z, paths (per rung), seed, threads, wall_seconds
///     dt [rungs], laplace_r [R], ecdf_t [T], schemes [S] (strings)
///     <scheme>/                     attributes scheme, assumed_order (Richardson only)
///       seed [rungs], wall_seconds [rungs]
///       mean/ laplace/ ecdf/        E[tau] (K = 1), E[exp(-r tau)] (K = R), P(tau <= t) (K = T);
///                                   attributes quantity, units
///         estimate, estimate_stderr, bias, bias_stderr   [rungs x K]
///         reference, reference_stderr                    [K]
///         order, order_stderr, constant, constant_stderr, fit_chi2, fit_points, fit_status   [K]
/// Axes are dimension scales (dt on the rung axis; laplace_r and ecdf_t on the K axis), every
/// dataset carries a description and, where it has one, its units.
/// Tested by: tests/e2e/check_convergence.py.

#include <filesystem>
#include <string>

#include "beliefsim/app/convergence.hpp"

namespace beliefsim::io {

/// Writes `result` and the TOML text it was run from to `out` (replacing an existing file, as
/// `simulate` does). Throws: Error on HDF5 or file-system failure; `out` is then untouched.
void write_convergence(const app::ConvergenceResult& result, const std::string& config_text,
                       const std::filesystem::path& out);

} // namespace beliefsim::io
