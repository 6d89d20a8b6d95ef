#pragma once
/// Price of anarchy against user rationality β (the paper's β sweeps; reference: sweep_beta_vs_poa,
/// run on np.logspace(0, 6, 100)): for each β, the dynamics' equilibrium, the maximal welfare
/// (exact, welfare.hpp) and their ratio. β values are independent, run in parallel, and each uses
/// the same dynamics seed, so a point does not depend on the others or on the thread count.
/// Tested by: tests/ttc/test_dynamics.cpp.

#include "beliefsim/ttc/dynamics.hpp"

#include <span>
#include <vector>

namespace beliefsim::ttc {

struct SweepPoint {
    double beta = 0;
    Profile equilibrium;
    double equilibrium_welfare = 0;
    Profile optimum;
    double optimum_welfare = 0;
    double price_of_anarchy = 1;
    double potential = 0; ///< Φ at the equilibrium
    int rounds = 0;
    bool converged = false;
    double nash_gap = 0;
};

/// `dynamics.record` is ignored (no trajectories are kept). Throws: as run_dynamics, for the
/// lowest-index β that fails.
[[nodiscard]] std::vector<SweepPoint> beta_sweep(const Market& market, std::span<const double> betas,
                                                 const DynamicsOptions& dynamics, int threads = 0);

/// n values log-uniformly spaced from 10^lo to 10^hi inclusive (numpy's logspace). Requires: n ≥ 2.
[[nodiscard]] std::vector<double> log_space(double lo, double hi, int n);

} // namespace beliefsim::ttc
