#pragma once
/// Greedy exploration model (Zhong, Definition 1): jump rates on the closest set, the no-jump belief
/// path solved with Boost.Odeint, phase switches found by bracketing (toms748), the exact stopping
/// law, and an exact sampler that inverts the cumulative hazard (no time stepping). Sources: rates and
/// closest set (greedy_rates.cpp), path and exact law (greedy.cpp), sampler (greedy_sampler.cpp).
/// Tested by: tests/process/test_greedy.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/outcome.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace beliefsim::process {

/// Parameters of the greedy model. The constructor checks the prior and χ (process/model_rules.hpp)
/// and that the first jump rate χ/D to the nearest vertex is at most 1e300 (InvalidArgument naming
/// "prior"), and keeps the prior renormalized.
struct GreedySpec {
    entropy::Entropy entropy;
    Vector prior;
    double chi = 0;
};

/// One phase k of Definition 1: from `start_time` the closest set Θ^k is `closest`.
struct GreedyPhase {
    double start_time = 0;
    double start_hazard = 0; ///< cumulative hazard Λ at the start of the phase
    std::vector<int> closest;
    Vector start_belief;
};

/// Jump rates β on the closest set (zero elsewhere): β = χ Σ⁻¹1 / (d·Σ⁻¹1), Σ the Hessian
/// restricted to the closest set, d the divergences to those states; with every state tied,
/// β = χ μ / ζ (ζ the common divergence; the paper's "β ≡ μ̂" is a slip, see papers/README).
/// Throws: InvalidArgument naming "prior" if a rate is not positive and finite (Assumption 1 part 3
/// can fail, e.g. quadratic with n ≥ 3 near a vertex).
[[nodiscard]] Vector greedy_rates(const entropy::Entropy& h, const Vector& mu, const std::vector<int>& closest,
                                  double chi);

/// The closest set argmin_θ D(e_θ|μ), with ties up to a relative tolerance.
[[nodiscard]] std::vector<int> closest_states(const entropy::Entropy& h, const Vector& mu, double rel_tol = 1e-9);

namespace detail {
struct GreedySamplingView; // the sampler's raw view of the model's tables (greedy_sampler.cpp)
}

/// The model. Construction integrates the no-jump path once (in cumulative-hazard time Λ, where
/// dt/dΛ = 1/λ and dμ̂/dΛ = μ̂ − β/λ) and tabulates it on a uniform Λ grid per phase; sampling and the
/// exact law interpolate that table with cubic Hermite polynomials using exact derivatives
/// (interpolation error ~1e-13). Immutable; share it `const` across threads.
class GreedyModel {
public:
    explicit GreedyModel(GreedySpec spec);

    [[nodiscard]] const GreedySpec& spec() const { return spec_; }
    [[nodiscard]] int states() const { return static_cast<int>(spec_.prior.size()); }
    [[nodiscard]] const std::vector<GreedyPhase>& phases() const { return phases_; }

    /// One path: τ = t(E) with E ~ Exp(1) the cumulative hazard at the jump; the terminal state θ with
    /// probability β_θ(τ)/λ(τ). Draws two (0,1] uniforms from `rng`.
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng) const;

    /// Paths first_path, first_path + 1, ... of a run keyed by `seed`, one per element of `out`: the
    /// same outcomes as `sample(make_path_rng(seed, i))`, with the logarithms of the block vectorized.
    void sample_block(rng::Seed seed, rng::PathIndex first_path, std::span<PathOutcome> out) const;

    /// Exact law. `t ≥ 0` in model time units.
    [[nodiscard]] double cumulative_hazard(double t) const; ///< Λ(t) = ∫₀ᵗ λ
    [[nodiscard]] double survival(double t) const;          ///< P(τ > t) = e^{−Λ(t)}
    [[nodiscard]] double hazard(double t) const;            ///< λ(t) = Σ_θ β_t(θ)
    [[nodiscard]] double density(double t) const;           ///< λ(t) e^{−Λ(t)}
    [[nodiscard]] Vector belief(double t) const;            ///< no-jump belief μ̂_t
    [[nodiscard]] Vector rates(double t) const;             ///< β_t
    [[nodiscard]] Vector state_densities(double t) const;   ///< β_t(θ) e^{−Λ(t)}
    /// P(τ ≤ t, terminal = θ) = μ0_θ − μ̂_t(θ) e^{−Λ(t)} (Bayes' rule along the no-jump path).
    [[nodiscard]] Vector state_cdfs(double t) const;
    [[nodiscard]] double quantile(double p) const;      ///< inverse of 1 − S
    [[nodiscard]] double mean() const { return mean_; } ///< E[τ]
    [[nodiscard]] double variance() const { return second_moment_ - mean_ * mean_; }
    /// E[e^{−rτ}] = ∫₀^∞ e^{−r t(Λ)} e^{−Λ} dΛ by Gauss-Kronrod quadrature per grid cell.
    [[nodiscard]] double laplace(double r) const;
    /// P(terminal = θ) = ∫₀^∞ (β_θ/λ)(Λ) e^{−Λ} dΛ by quadrature of the rates (not by the identity
    /// above), so that comparing it with the prior tests the path and the rates.
    [[nodiscard]] Vector terminal_probabilities() const;

private:
    struct Node {
        double t;          // model time at this Λ
        double dt_dhazard; // 1/λ
    };
    /// Uniform in Λ, first node at hazard_begin. Per-state columns are flat (node-major, n per node)
    /// so that a sample touches a few cache lines of a compact table.
    struct PhaseTable {
        double hazard_begin, hazard_step, cells_per_hazard; // the last = 1/hazard_step
        std::vector<Node> nodes;
        std::vector<double> beliefs; // μ̂
        std::vector<double> probs;   // β/λ, the terminal-state law of a jump here
    };
    /// The phase tables flattened for the sampler: rows (t, dt/dΛ, cumulative law without its last
    /// entry) of every phase back to back, then two rows of the stationary phase.
    struct SamplingTable {
        std::vector<double> phase_begin, phase_step, phase_cells_per_hazard, phase_last_cell;
        std::vector<std::int64_t> phase_first_row;
        std::size_t thresholds = 0; // n − 1
        std::vector<double> t, slope, cumulative;
        std::int64_t stationary_row = 0;
        double tolerance = 0; // bound on the interpolation error of `cumulative`
    };

    void integrate();
    [[nodiscard]] const PhaseTable* table_for(double hazard, double& local) const;
    [[nodiscard]] double time_at(double hazard) const;
    [[nodiscard]] Vector belief_at(double hazard) const;
    [[nodiscard]] Vector probs_at(double hazard) const;
    void build_sampling_table();
    [[nodiscard]] detail::GreedySamplingView sampling_view() const;
    [[nodiscard]] std::int32_t exact_state(double jump_hazard, double u) const;
    [[nodiscard]] int phase_index_at_hazard(double hazard) const;
    [[nodiscard]] std::vector<std::pair<double, double>> hazard_cells() const;

    GreedySpec spec_;
    std::vector<GreedyPhase> phases_;
    std::vector<PhaseTable> tables_; // one per non-stationary phase
    double final_hazard_ = 0;        // Λ at the start of the stationary phase (or table end)
    double final_time_ = 0;
    double final_rate_ = 0;      // λ in the stationary phase
    double final_mean_wait_ = 0; // 1/λ in the stationary phase
    Vector final_probs_;         // β/λ in the stationary phase
    SamplingTable sampling_;
    double mean_ = 0, second_moment_ = 0;
};

} // namespace beliefsim::process
