#pragma once
/// Exact (numerical) reference laws of the binary diffusion belief process (SPEC §1 "diffusion",
/// Zhong §2.2 and §4): dp = σ(p) dW with σ²(p) = 2χf/H''(p), stopped at τ, the exit from
/// (½ − κ, ½ + κ). Laplace transform by Feynman-Kac with Boost.Odeint, moments by Green's-function
/// quadrature (Boost.Math), the exit-time law by Laplace inversion on a parabolic contour; and the
/// closed forms used as oracles (Wright-Fisher, power family; Brownian: process/brownian_exit_law.hpp).
/// Tested by: tests/process/test_binary_reference.cpp.

#include "beliefsim/entropy/entropy.hpp"

#include <array>
#include <span>
#include <vector>

namespace beliefsim::process {

/// The binary diffusion: p = μ0 (the belief in state 0), H''(p) the second derivative of
/// p ↦ H(p, 1 − p), i.e. vᵀ Hess H(μ) v with v = (1, −1): 1/(p(1−p)) for shannon, 2 for quadratic,
/// q(p^{q−2} + (1−p)^{q−2}) for tsallis, α(α−1)|p − ½|^{α−2} for power. So σ² = χf under
/// quadratic, 2χf p(1−p) under shannon.
/// Requires (else InvalidArgument naming the parameter): prior in (½ − κ, ½ + κ), half_width κ in
/// (0, ½], the prior at least MIN_EXIT_DISTANCE from either end; chi and fraction as
/// process/model_rules.hpp states.
struct BinaryDiffusionSpec {
    double prior = 0.5;
    entropy::Entropy entropy;
    double chi = 0;
    double fraction = 1; ///< throughput fraction f
    /// κ: the process stops on leaving (½ − κ, ½ + κ); ½ means at a vertex.
    double half_width = 0.5;
};

/// E[e^{−rτ}] split by the end reached: `lower` = E[e^{−rτ}; p_τ = ½ − κ], `upper` = the rest.
/// With κ = ½ the upper end is the vertex e_0 (state 0 learned), the lower one e_1.
struct ExitLaplace {
    double lower = 0;
    double upper = 0;
    [[nodiscard]] double total() const { return lower + upper; }
};

/// The exit-time law on a grid of times, split by the end reached as in ExitLaplace:
/// density = density_lower + density_upper, cdf_lower + cdf_upper = 1 − survival.
struct ExitTimeTable {
    std::vector<double> t;
    std::vector<double> survival;      ///< P(τ > t)
    std::vector<double> density;       ///< f(t) = −S'(t)
    std::vector<double> density_lower; ///< d/dt P(τ ≤ t, p_τ = ½ − κ)
    std::vector<double> density_upper;
    std::vector<double> cdf_lower; ///< P(τ ≤ t, p_τ = ½ − κ)
    std::vector<double> cdf_upper;
    std::vector<double> density_slope_lower; ///< d/dt density_lower
    std::vector<double> density_slope_upper;
};

/// Reference laws of one binary diffusion. Construction validates the spec and computes the
/// moments (~0.1–0.3 ms); everything else is computed on demand. Immutable, no caches: share it
/// `const` across threads. Every result is checked finite (Throws: Error otherwise).
///
/// Method. With k = r/(χf), V(p) = E_p[e^{−rτ}] solves V'' = k H''(p) V, V(a) = V(b) = 1. Let φ_a
/// solve it with φ_a(a) = 0, φ_a'(a) = 1 and φ_b with φ_b(b) = 0, φ_b'(b) = −1. Their Wronskian is
/// constant and equals −φ_a(b) = −φ_b(a), so E[e^{−rτ}; exit at b] = φ_a(p0)/φ_a(b) and
/// E[e^{−rτ}; exit at a] = φ_b(p0)/φ_b(a) only need φ_a and φ_b integrated from their own end to
/// p0, both evaluated at p0. No integration ever runs into an end where H'' is singular (Shannon,
/// Tsallis q < 2), where the other solution has a p log p or p^q term; each φ is the regular
/// solution at its own end, so it starts a distance δ inside with φ = δ, φ' = 1, the neglected part
/// being k·D(a|a+δ) ≤ 1e-16 relative (D the Bregman divergence, exactly ∫(s − a)H''(s) ds). A
/// non-finite H'' at ½ (power with α < 2: σ(½) = 0, and the process is the diffusion with speed
/// measure H''/(χf), whose V' is continuous there) is bridged over a gap of ~1e-8 by one Picard
/// step written with H and H' (exact integrals of H''). Odeint's controlled Dormand-Prince 5(4),
/// tolerance 1e-12, in local coordinates from each end (so 1 − p never rounds), renormalized by
/// powers of two. Measured (tests/process/test_binary_reference.cpp and the numbers behind its
/// tolerances): relative error of E[e^{−rτ}] ≤ 2e-11 for r ≤ 1000 against the Brownian and Bessel
/// closed forms (power α = 1.5, 3, 4); power α = 1.2 degrades to 3e-9 (r ≤ 50) and 3e-8 (r ≤ 1000),
/// the bridge's error.
class BinaryDiffusionReference {
public:
    explicit BinaryDiffusionReference(BinaryDiffusionSpec spec);

    [[nodiscard]] const BinaryDiffusionSpec& spec() const { return spec_; }
    [[nodiscard]] double lower() const { return lower_; } ///< a = ½ − κ
    [[nodiscard]] double upper() const { return upper_; } ///< b = ½ + κ
    /// σ²(p) = 2χf/H''(p) for p in (a, b) (may be 0 or +∞ at p = ½ for the power family).
    [[nodiscard]] double sigma2(double p) const;

    /// E[e^{−rτ}] for r ≥ 0. Requires: r finite, ≥ 0 (else InvalidArgument). Cost ~0.1–0.5 ms
    /// (more for large r: the solutions grow like e^{√k}).
    [[nodiscard]] double laplace(double r) const { return laplace_by_end(r).total(); }
    [[nodiscard]] ExitLaplace laplace_by_end(double r) const;
    /// P(p_τ = b) = (p0 − a)/(b − a): p is a bounded martingale.
    [[nodiscard]] double probability_upper() const { return probability_upper_; }
    /// E[τ] = ∫ G(p0, y) H''(y)/(χf) dy with the interval's Green's function
    /// G(x, y) = (min(x,y) − a)(b − max(x,y))/(b − a) (from ½σ²m'' = −1, m(a) = m(b) = 0), by
    /// tanh-sinh quadrature (it handles the integrable end singularities of H''); next to a singular
    /// ½, Gauss-Legendre on geometric cells and integration by parts. Measured ≤ 2e-13 relative
    /// against the Wright-Fisher closed form and Itô's formula (1e-12 for power α = 1.2).
    [[nodiscard]] double mean() const { return mean_; }
    /// Var τ, from E[τ²] = ∫ G(p0, y) 2m(y) H''(y)/(χf) dy with m(y) = E_y[τ] in closed form
    /// (Itô: m(y) = (E_y H(p_τ) − H(y))/(χf)).
    [[nodiscard]] double variance() const { return variance_; }

    /// Exit-time law by inverting the Laplace transforms (1 − V)/r, V, u_end/r, u_end (u_end the
    /// split of V by end) on the parabolic contour z(u) = μ(1 + iu)², trapezoidal rule in u
    /// (Weideman & Trefethen, Math. Comp. 76 (2007) 1341: h = 3/N, μ = πN/(12t), error
    /// O(e^{−2πN/3})) with N = 14: 15 complex boundary-value solves per t, the far nodes at a
    /// looser tolerance in proportion to their weight |e^{zt}|. V is analytic off the negative real
    /// axis (its poles are minus the Dirichlet eigenvalues), as the contour needs. Measured
    /// absolute error ≤ 3e-12 on S against the Brownian and Kimura series (≤ 3e-10 on f, which can
    /// be large), and S + cdf_lower + cdf_upper = 1 to 4e-13; so S(t) for large t can show as
    /// ±1e-13 noise. Cost grows like t^{−1/2} (|z| ~ 1/t): ~0.2 ms at t = 10·E[τ], ~1 ms near E[τ],
    /// 10–40 ms at t = 0.01 (Shannon twice quadratic, power α < 2 four times); a 401-point grid on
    /// [0, 8E[τ]] takes 0.2–1.5 s. It levels off once an end is out of reach at the contour's |z|
    /// (its transform below e^{−45}): that end's part is 0 and its solution is only shot, as a
    /// log-derivative, from next to p0 in a coordinate based at p0 (so priors ~1e-9 resolve: 3e-10
    /// against Feller's e^{−2p0/(ct)} at t ~ p0, the Wright-Fisher correction being p0/3). Any
    /// t > 0 is then affordable (~10–100 ms). Requires: t ≥ 0 finite (t = 0 gives S = 1, f = 0).
    [[nodiscard]] double survival(double t) const;
    [[nodiscard]] double density(double t) const;
    /// The whole law on a grid of times (each t ≥ 0; any order). Sequential: split a long grid
    /// across threads if needed (the object is const and thread-safe).
    [[nodiscard]] ExitTimeTable table(std::span<const double> t) const;

private:
    template <class Scalar>
    void exit_laplace(Scalar z, double tol, Scalar& lower, Scalar& upper) const;
    void invert(double t, ExitTimeTable& out) const;

    BinaryDiffusionSpec spec_;
    double lower_ = 0, upper_ = 1;
    double probability_upper_ = 0;
    double mean_ = 0, variance_ = 0;
    bool singular_mid_ = false; // H'' not finite at ½
    // Per end (lower, upper), only where H'' is not finite there: D(end | end + 2^{−3(j+1)}).
    std::array<std::vector<double>, 2> start_divergence_;
};

/// Wright-Fisher diffusion dp = √(c p(1−p)) dW from p0 in (0, 1): E[τ] = −(2/c)(p0 ln p0 +
/// (1 − p0) ln(1 − p0)). (Shannon binary diffusion: c = 2χf.)
[[nodiscard]] double wright_fisher_mean_exit_time(double p0, double c);
/// Kimura (1955): P(τ > t) = Σ_{i odd} 4(2i+1)/(i(i+1)) p0(1−p0) C^{(3/2)}_{i−1}(1 − 2p0)
/// e^{−i(i+1)ct/2}, C^{(3/2)} the Gegenbauer polynomials (the eigenfunctions p(1−p)C^{(3/2)}_{i−1}
/// of ½c p(1−p) d²/dp²). Requires t > 0 (the series is summed until its terms are below 1e-17,
/// at most 20000 terms).
[[nodiscard]] double wright_fisher_survival(double p0, double c, double t);
/// Binary power family H = |p − ½|^α on (½ − κ, ½ + κ), x0 = p0 − ½: with
/// V'' = K|x|^{α−2}V, K = rα(α−1)/(χf), the even solution is √|x| I_{−1/α}(β|x|^{α/2}),
/// β = 2√K/α, so E[e^{−rτ}] = E(x0)/E(κ) with E(0) = (β/2)^{−1/α}/Γ(1 − 1/α) (Boost.Math
/// cyl_bessel_i). Valid while βκ^{α/2} < 700 (I overflows beyond).
[[nodiscard]] double power_exit_laplace(double x0, double half_width, double alpha, double chi_f, double r);

} // namespace beliefsim::process
