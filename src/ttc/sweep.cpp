#include "beliefsim/ttc/sweep.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/mc/parallel.hpp"
#include "beliefsim/ttc/welfare.hpp"

#include <cmath>

namespace beliefsim::ttc {

std::vector<SweepPoint> beta_sweep(const Market& market, std::span<const double> betas, const DynamicsOptions& dynamics,
                                   int threads) {
    DynamicsOptions opts = dynamics;
    opts.record = false;
    std::vector<SweepPoint> out(betas.size());
    mc::parallel_for(static_cast<std::int64_t>(betas.size()), threads, [&](std::int64_t k) {
        const double beta = betas[static_cast<std::size_t>(k)];
        DynamicsResult eq = run_dynamics(market, beta, opts);
        WelfareOptimum opt = max_welfare(market, beta);
        SweepPoint& p = out[static_cast<std::size_t>(k)];
        p.beta = beta;
        p.equilibrium_welfare = welfare(market, eq.equilibrium, beta);
        p.potential = potential(market, eq.equilibrium, beta);
        p.optimum_welfare = opt.welfare;
        p.optimum = std::move(opt.profile);
        p.price_of_anarchy = price_of_anarchy(p.optimum_welfare, p.equilibrium_welfare);
        p.rounds = eq.rounds;
        p.converged = eq.converged;
        p.nash_gap = eq.nash_gap;
        p.equilibrium = std::move(eq.equilibrium);
    });
    return out;
}

std::vector<double> log_space(double lo, double hi, int n) {
    BELIEFSIM_REQUIRE(n >= 2 && std::isfinite(lo) && std::isfinite(hi),
                      "log_space needs n >= 2 and finite ends (got n = " << n << ")");
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) out[static_cast<std::size_t>(k)] = std::pow(10.0, lo + (hi - lo) * k / (n - 1));
    return out;
}

} // namespace beliefsim::ttc
