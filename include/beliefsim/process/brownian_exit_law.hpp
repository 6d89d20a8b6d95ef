#pragma once
/// The exact exit law of the binary Brownian belief (the diffusion's `exact` scheme) and the
/// Brownian exit law from any interval (the closed forms the references are tested against).
/// Tested by: tests/process/test_diffusion.cpp, tests/process/test_binary_reference.cpp.

#include "beliefsim/process/outcome.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <array>
#include <vector>

namespace beliefsim::process {

/// Exit law of x_t = x0 + σW_t from [0, 1] (x = μ_0): τ = first exit, terminal state 0 at x = 1
/// (probability x0), state 1 at x = 0. In unit time s = σ²t, with a the distance to the exit side,
///   P(τ ≤ s, exit there) = Σ_{k≥0} erfc((2k + a)/√(2s)) − Σ_{k≥1} erfc((2k − a)/√(2s))  (images)
///                        = (1 − a) − Σ_{k≥1} 2 sin(kπa)/(kπ) e^{−k²π²s/2}      (eigenfunctions),
/// the images for s < ½, the eigenfunctions otherwise (6 terms each, neglected terms below e^{−24}
/// of the leading one). Sampling draws the side with probability x0, then τ from that side's
/// conditional law: log s is tabulated against z = logit P(τ ≤ s | side) on a uniform grid (built
/// once by Newton's method, 2 × 2657 nodes, ~15 ms) and interpolated by quintic Hermite polynomials
/// with exact first and second derivatives. Measured error in τ: < 1e-13 relative for x0 = ½,
/// < 1e-11 for x0 = 1e-6 or 0.999. Within 1e-3 of an end the image terms cancel to O(distance), so
/// they are summed in pairs, each pair integrated (full relative precision down to MIN_EXIT_DISTANCE,
/// x0 = 1e-10). Construction cost aside, a draw is two uniforms, two logs, one
/// exp. Immutable; share it `const` across threads.
class BrownianExitLaw {
public:
    /// Requires: variance σ² > 0 finite. Throws: InvalidArgument naming "prior" unless x0 and 1 − x0 are
    /// at least MIN_EXIT_DISTANCE (process/model_rules.hpp).
    BrownianExitLaw(double x0, double variance);

    [[nodiscard]] double x0() const { return x0_; }
    [[nodiscard]] double variance() const { return variance_; }

    /// One path: draws two (0, 1] uniforms (side, then time).
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng) const;

    /// Exact law, t ≥ 0 in model time; θ ∈ {0, 1}.
    [[nodiscard]] double survival(double t) const;                 ///< P(τ > t)
    [[nodiscard]] double density(double t) const;                  ///< d/dt P(τ ≤ t)
    [[nodiscard]] double state_cdf(int theta, double t) const;     ///< P(τ ≤ t, terminal = θ)
    [[nodiscard]] double state_density(int theta, double t) const; ///< d/dt state_cdf
    [[nodiscard]] double terminal_probability(int theta) const;    ///< x0 for θ = 0, 1 − x0 for θ = 1
    /// E[e^{−rτ}] = Σ_θ sinh(√(2r)(1 − a_θ)/σ)/sinh(√(2r)/σ) (a_θ the distance to θ's side), r ≥ 0.
    [[nodiscard]] double laplace(double r) const;
    [[nodiscard]] double mean() const { return x0_ * (1 - x0_) / variance_; } ///< E[τ]
    /// Var τ, from E[τ²] = x0(1 − x0)(1 + x0 − x0²)/(3σ⁴), the solution of ½σ²m₂'' = −2E_x[τ].
    [[nodiscard]] double tau_variance() const;

private:
    /// y = log s (`value`) and dy/dz, d²y/dz² at one node z of the inverse table.
    struct Node {
        double value, first, second;
    };
    /// Inverse conditional law of one side: nodes at uniform steps of z = logit P(τ ≤ s | side).
    struct SideTable {
        double near, far; // distances from x0 to this side and to the other
        std::vector<Node> nodes;
    };
    [[nodiscard]] static SideTable build_table(double near, double far);
    [[nodiscard]] double side_time(const SideTable& table, double u) const;

    double x0_, variance_;
    std::array<SideTable, 2> tables_; // indexed by terminal state
};

/// Brownian motion dX = σ dW from x0 in (a, b), τ its exit time: the law above on the unit interval
/// (x0 → (x0 − a)/(b − a), t → σ²t/(b − a)²), without the sampling tables.
/// E[e^{−rτ}] = cosh(√(2r)(x0 − m)/σ) / cosh(√(2r)(b − a)/(2σ)), m = (a + b)/2
/// (from ½: sech(√(r/2)/σ) on [0, 1], Zhong §2.2).
[[nodiscard]] double brownian_exit_laplace(double x0, double a, double b, double sigma, double r);
/// P(τ > t).
[[nodiscard]] double brownian_exit_survival(double x0, double a, double b, double sigma, double t);
/// f(t) = −d/dt P(τ > t).
[[nodiscard]] double brownian_exit_density(double x0, double a, double b, double sigma, double t);

} // namespace beliefsim::process
