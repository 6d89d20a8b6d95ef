#pragma once
/// Test oracle for the three-state diffusion belief process (process/diffusion.hpp), computed without
/// paths: E[e^{−rτ}], E[τ] and E[e^{−rσ}] (σ the first absorption) from the backward equation on the
/// triangle (test code only).
///
/// Method. With W(μ) = diag μ − μμᵀ = Σ_{i<j} μ_i μ_j (e_i − e_j)(e_i − e_j)ᵀ and Σ = c(μ)W,
/// ½ tr(Σ∇²u) = ½ c Σ_{i<j} μ_i μ_j ∂²u/∂(e_i − e_j)², a sum of second derivatives along the three
/// lattice directions of the grid μ = (i, j, N − i − j)/N. Central differences along each give a
/// 7-point stencil with positive off-diagonal weights: an M-matrix, so the scheme is monotone. Solved:
/// ½ tr(Σ∇²V) = rV (V = E[e^{−rτ}]) and ½ tr(Σ∇²m) = −1 (m = E[τ]) in the open triangle; on each face
/// the process is the binary diffusion of the same entropy kind on the two states alive, whose exact
/// V and m (process/binary_reference.hpp) are the Dirichlet data (V = 1, m = 0 at the vertices).
/// c(μ) = 2χf / tr(Hess H(μ) W(μ)) is formed here from entropy::Entropy::hessian (the full trace).
/// The kinds are symmetric, so the three faces carry one function of the first alive state's belief.
/// The grid value at a prior off the lattice is the quartic Lagrange interpolant on a lattice
/// sub-triangle of side 4. Sparse LU (Eigen).
///
/// Accuracy. Where the face data do not solve the interior equation restricted to the face, the
/// solution has singular terms in the distance μ_k to the face and the error expansion starts below
/// h²: Shannon's c jumps from χf inside to 2χf on a face, giving μ_k log μ_k terms and a grid error
/// h, h² log h, h² (also for the first absorption, any kind: V = 1 leaves r at the face); Tsallis
/// (c continuous, μ_k^{q−1} terms) the three smallest of h^q, h², h^{q+1}, h³, h⁴; quadratic h², h³,
/// h⁴ (measured on N = 10 … 640: E[τ] against the throughput identity, V against the finest
/// extrapolations). Solved at N, 2N, 4N, 8N (N = n_base), those three terms are eliminated
/// (Richardson). The error estimate is 3× (safety factor, as in Roache's grid convergence index) the
/// change from eliminating only two terms on the three finest grids, plus the interpolation error
/// (quartic vs cubic interpolant, weighted by the elimination weights); when the observed order of
/// the three finest levels is more than 0.1 off the leading power (grids too coarse, typically a
/// prior a few cells from a face) it is at least the whole correction |value − finest level|.
/// Measured estimate/true error (min … max): 1.3 … 700 for E[τ] (shannon, quadratic — exact on the
/// grid —, tsallis q ∈ {1.1, 1.5, 1.9, 2.1, 2.5, 3.5}; priors (0.5, 0.3, 0.2), (0.37, 0.21, 0.42),
/// (0.05, 0.9, 0.05), (0.013, 0.02, 0.967), (0.333, 0.334, 0.333); n_base 10, 20, 40: 105 cases),
/// 2.3 … 730 for Shannon's E[e^{−rσ}] against the exact coalescent law (r ∈ {0.1, 1, 3}, the first
/// three priors, n_base 10 … 40), and V (r = 1, the first three priors, shannon and tsallis 1.5)
/// honest against n_base 80. At n_base 10 (grids to 80), prior (0.5, 0.3, 0.2), true (estimated)
/// errors: E[τ] 3e-5 (8e-4) shannon, 4e-6 (1.3e-3) tsallis 1.5; V(r = 1) 1.6e-6 (8e-5),
/// 5e-7 (2e-5), 2e-9 (2e-8) for shannon, tsallis 1.5, quadratic. Cost (CPU, one value): n_base 10
/// 0.03 s, 20 0.1 s, 40 0.45 s, 80 ~5 s (LU of the finest grid; face data ~0.3 ms per node).
/// Tested by: tests/support/test_triangle_backward.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"

#include <array>

namespace beliefsim::test {

/// The three-state diffusion: entropy, prior μ0 (3 entries > 0, sum 1), throughput χ and fraction f.
struct TriangleProblem {
    entropy::Entropy entropy;
    Vector prior;
    double chi = 0;
    double fraction = 1;
};

/// A grid-extrapolated value with its error estimate and the three grid solutions behind it.
struct GridEstimate {
    double value = 0;               ///< Richardson extrapolation from the four grids
    double error = 0;               ///< estimated |value − exact|
    std::array<double, 4> levels{}; ///< grid solutions at N, 2N, 4N, 8N
    std::array<int, 4> grid_sizes{};
    /// log₂ of the ratio of successive level differences on the three finest grids.
    [[nodiscard]] double observed_order() const;
};

/// E[e^{−rτ}] for r ≥ 0 from grids n_base, 2·n_base, 4·n_base, 8·n_base (n_base ≥ 3).
[[nodiscard]] GridEstimate triangle_laplace(const TriangleProblem& problem, double r, int n_base);
/// E[e^{−rσ}], σ the first time a state is absorbed (μ reaches a face): the same equation with
/// V = 1 on the faces, from the same grids (error terms h, h² log h, h² for every kind).
[[nodiscard]] GridEstimate triangle_first_absorption_laplace(const TriangleProblem& problem, double r, int n_base);
/// E[τ] from the same grids.
[[nodiscard]] GridEstimate triangle_mean_exit_time(const TriangleProblem& problem, int n_base);

} // namespace beliefsim::test
