#pragma once
/// Exact sampling of (terminal state, exit time τ) for any binary diffusion belief process, from
/// the law computed by process/binary_reference.hpp: the binary counterpart, for every entropy, of
/// the Brownian tables in process/brownian_exit_law.hpp.
/// Tested by: tests/process/test_binary_exit_sampler.cpp.

#include "beliefsim/process/binary_reference.hpp"
#include "beliefsim/process/outcome.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace beliefsim::process {

/// Samples (θ, τ) of a BinaryDiffusionReference: θ = 0 at the upper end p = ½ + κ (the belief in
/// state 0 rises; μ_0 → 1 when κ = ½), with probability probability_upper(), θ = 1 at the lower
/// end, as BrownianExitLaw labels them. Then τ from that end's conditional law G_θ(t) =
/// P(τ ≤ t | θ) by inversion: log t is tabulated against z = logit G_θ and interpolated by quintic
/// Hermite polynomials with exact first and second derivatives (from the reference's density and
/// its time derivative), on nodes placed adaptively in log t (both ends share each evaluation of
/// the reference). Every cell is checked at construction against the reference at its midpoint
/// and halved until |G interpolated − G| ≤ 1e-10 there; the midpoints then become nodes too
/// (measured at off-node times: ≤ 5e-12 at priors 0.05–0.8, 7e-13 at 1e-6, 5e-11 at 1e-9). Below
/// the first node (G ≤ 1e-10) the law is continued as G₀ e^{−c(1/t − 1/t₀)} (the small-time
/// large-deviation form, exact for the Feller diffusion at a Shannon vertex), above the last
/// (1 − G ≤ 1e-8) as the exponential tail (1 − G₀) e^{−λ(t − t₀)}, λ the hazard rate there (the
/// first Dirichlet eigenvalue): each carries less mass than the tolerance. Construction: 150–250
/// evaluations of the reference law, 0.3–1 s of CPU (Shannon prior 0.3: 0.35 s; quadratic,
/// Tsallis q = 1.5, power α = 3: 0.3–0.6 s; prior 1e-6: 0.8 s, 1e-9: 1 s; power α = 1.5: 0.9 s).
/// A draw (two uniforms, two logs, a binary search of ~150 nodes, one exp) takes ~0.1 µs.
/// Keeps its tables, not the reference; immutable, share it `const` across threads.
class BinaryExitSampler {
public:
    /// Throws: Error if the reference's law cannot be tabulated (not finite, not monotone).
    explicit BinaryExitSampler(const BinaryDiffusionReference& reference);

    /// One path: draws two (0, 1] uniforms (end, then time).
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng) const;

    /// P(θ) for θ ∈ {0, 1}.
    [[nodiscard]] double probability(int theta) const;
    /// The tabulated conditional law P(τ ≤ t | θ), t ≥ 0 (what sample() draws from).
    [[nodiscard]] double cdf(int theta, double t) const;
    /// Interpolation nodes of θ's table.
    [[nodiscard]] std::size_t node_count(int theta) const;
    /// Times at which the reference law was evaluated (nodes, midpoint checks, the search of the
    /// range), i.e. the construction cost.
    [[nodiscard]] std::size_t evaluations() const { return evaluations_; }
    /// Largest |G interpolated − G reference| at the midpoints of the cells that passed (before
    /// their midpoints were added).
    [[nodiscard]] double checked_error() const { return checked_error_; }

private:
    /// y = log t and dy/dz, d²y/dz² at one node z.
    struct Node {
        double value, first, second;
    };
    struct SideTable {
        std::vector<double> z; // increasing
        std::vector<Node> nodes;
        double head_rate = 0; // c of the small-time form below the first node
        double tail_rate = 0; // λ of the exponential tail above the last node
    };
    [[nodiscard]] static const SideTable& table(const std::array<SideTable, 2>& tables, int theta);
    /// τ for a uniform u ∈ (0, 1] with 1 − G(τ) = u.
    [[nodiscard]] static double side_time(const SideTable& table, double u);

    double probability_upper_ = 0;
    std::array<SideTable, 2> tables_; // indexed by θ
    std::size_t evaluations_ = 0;
    double checked_error_ = 0;
};

} // namespace beliefsim::process
