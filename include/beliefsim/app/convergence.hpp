#pragma once
/// Weak convergence of the stepped diffusion schemes (issue 13, "show the bias"): a dt ladder per
/// scheme, the bias of E[τ], E[e^{−rτ}] and P(τ ≤ t) at each rung against the exact law (or, without
/// one, a Richardson extrapolation), and the observed weak order from a weighted least-squares fit of
/// log|bias| = log|C| + p·log dt.
/// Tested by: tests/app/test_convergence.cpp, tests/e2e/check_convergence.py.

#include "beliefsim/app/simulate.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace beliefsim::app {

/// The `[convergence]` table. The run's model, estimators (laplace_r, ecdf_max), threads, block size
/// and max_time come from the SimulationSpec next to it.
struct ConvergenceSettings {
    /// Time steps of the ladder (model time), each > 0, at least two distinct; empty: the model's
    /// dt (simulation.dt, else the diffusion's default 1e-3/(χf)) × {8, 4, 2, 1}.
    std::vector<double> dts;
    /// Scheme names, each a stepped scheme (process::stepped_schemes()); empty: all of them.
    std::vector<std::string> schemes;
    /// Number of times t_j = j·t_max/ecdf_times (j = 1..ecdf_times) at which P(τ ≤ t) is compared;
    /// t_max is estimators.ecdf_max when > 0, else the 0.9 quantile of τ (reference law, or a pilot).
    int ecdf_times = 5;
};

struct ConvergenceSpec {
    SimulationSpec simulation; ///< plan.paths: paths per rung; plan.seed: the ladder's seed
    ConvergenceSettings convergence;
};

/// bias ≈ C·dt^p fitted on the resolved rungs (|bias| ≥ RESOLVED_Z·SE).
struct PowerLawFit {
    /// "fitted"; "unresolved" (fewer than two resolved rungs); "mixed-sign" (resolved biases of both
    /// signs: no power law).
    std::string status;
    double order = 0, order_stderr = 0;       ///< p
    double constant = 0, constant_stderr = 0; ///< C (signed), at dt = 1 model time
    double chi2 = 0;                          ///< weighted residual sum of squares (dof = points − 2)
    int points = 0;                           ///< resolved rungs used
};

/// A bias counts as resolved at |bias| ≥ RESOLVED_Z standard errors; below that log|bias| is noise.
inline constexpr double RESOLVED_Z = 3;

/// Weighted least squares of log|bias| on log dt (weights |bias|²/SE², the delta method) over the
/// rungs with |bias| ≥ RESOLVED_Z·SE. Standard errors are scaled by √(χ²/dof) when that exceeds 1
/// (Birge ratio: a curved log-log line widens them instead of hiding). Requires: equal sizes, dt > 0.
[[nodiscard]] PowerLawFit fit_power_law(std::span<const double> dt, std::span<const double> bias,
                                        std::span<const double> bias_stderr);

/// One kind of quantity (E[τ]; E[e^{−rτ}] for each r; P(τ ≤ t) for each t) over the ladder.
/// Rung-major tables: rungs × K, K the number of r or t (1 for E[τ]).
struct QuantityLadder {
    std::vector<double> estimate, estimate_stderr;
    std::vector<double> reference, reference_stderr; ///< K values (exact: stderr 0)
    std::vector<double> bias, bias_stderr;           ///< estimate − reference
    std::vector<PowerLawFit> fits;                   ///< K fits
};

struct SchemeLadder {
    std::string scheme;
    std::vector<rng::Seed> seeds;     ///< per rung
    std::vector<double> wall_seconds; ///< per rung
    double assumed_order = 0;         ///< the order the Richardson reference assumes (reference "richardson")
    QuantityLadder mean, laplace, ecdf;
};

struct ConvergenceResult {
    ConvergenceSpec spec;          ///< as run (ladder and schemes resolved)
    std::vector<double> dt;        ///< rungs, coarse to fine
    std::vector<double> laplace_r; ///< rates of the Laplace transforms
    std::vector<double> ecdf_t;    ///< times of the compared ECDF values
    std::string reference;         ///< "exact" | "richardson"
    std::string reference_source;  ///< the law's source, or how the extrapolation was made
    std::vector<SchemeLadder> schemes;
    int threads = 1;
    double wall_seconds = 0;
};

/// Runs every scheme at every rung with spec.simulation.plan.paths paths. Rung k of the j-th scheme
/// uses seed + j·rungs + k (distinct Philox keys: the rungs are independent, so the bias standard
/// errors of different rungs are too). The reference is the process's exact law when it has one
/// (binary models); otherwise E[τ]'s is the throughput identity (exact for any n) and the others',
/// per scheme, the Richardson extrapolation of its two finest rungs assuming the scheme's nominal
/// order (face and bridge 1, euler ½): then the biases of those two rungs are that order by
/// construction, and only the coarser rungs test it.
/// `progress` receives (paths done, paths total) over the whole ladder. With a `cluster` of several
/// MPI ranks every rung's paths are shared out (mc/engine.hpp): rank 0 returns the whole result,
/// bitwise equal to a single-process run; other ranks return an empty result.
/// Throws: InvalidArgument naming "process" (not a diffusion), "token_cap" (set), "dts" (≤ 0, fewer
/// than two distinct), "schemes" (unknown, or not stepped), "ecdf_times" (< 1), and what
/// app::make_process throws.
[[nodiscard]] ConvergenceResult run_convergence(ConvergenceSpec spec, const mc::ProgressCallback& progress = {},
                                                mc::Cluster* cluster = nullptr);

} // namespace beliefsim::app
