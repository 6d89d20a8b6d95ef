#pragma once
/// Endogenous reasoning quality (Zhong §4, "Endogenous reasoning quality"; SPEC §1 and §5): the
/// quality boundary κ(t) = |μ − ½| of the binary model with V(μ) = |μ − ½|, H(μ) = |μ − ½|^α,
/// throughput χ, and a type r with time cap T = T(r).
/// Tested by: tests/pricing/test_quality.cpp.
///
/// Formula (Zhong §4), with s = T − t the time left and z = αrs:
///   κ(t)^α = αχ/((α−1)(α+1)) · s · e^{−z} ₁F₁(α+1; α+2; z),   0 ≤ t ≤ T,
/// and κ(t) = 0 for t ≥ T. As T → ∞, κ → (χ/((α−1)r))^{1/α} (constant quality).
///
/// Form used: Kummer's transformation ₁F₁(a; b; z) = e^z ₁F₁(b − a; b; −z) turns the product into
///   e^{−z} ₁F₁(α+1; α+2; z) = ₁F₁(1; α+2; −z),
/// which lies in (0, 1] and decays like (α+1)/z. The printed product overflows in double once
/// z ≳ 709 (e.g. r = 1, α = 2, T − t ≳ 355) although κ stays below its limit; the Kummer form is
/// finite for every z ≥ 0 and agrees with the printed product to ~2e-16 relative wherever that is
/// finite (checked in the tests, as is the α = 2 elementary form
/// ₁F₁(1; 4; −z) = 6(1 − z + z²/2 − e^{−z})/z³). ₁F₁ is Boost.Math `hypergeometric_1F1`
/// (~0.5 µs a call).
///
/// Where the formula comes from (our derivation, consistent with the paper's closed form): the
/// principal's pointwise problem (13) with G/g = 1/T is max E[V(μ_τ) ρ(τ)], ρ(t) = e^{−rt}(1 − t/T).
/// Keeping the belief at ½ and jumping to ½ ± κ(t) at rate λ(t) = χ/κ(t)^α spends the throughput
/// exactly (H rises by κ^α per jump). The HJB equation for the continuation value W(t) gives
/// κ = αW/((α−1)ρ), and y = κ^α then solves y' = αy(r + 1/(T − t)) − αχ/(α − 1), y(T) = 0, whose
/// solution is y = αχ/(α−1) ∫_0^{T−t} (1 − x/(T−t))^α e^{−αrx} dx: the formula above (Euler's
/// integral for ₁F₁(a; a+1; z)). So κ is increasing in T − t, bounded by its T → ∞ limit, and the
/// optimal value of (13) is W(0) = (α−1)κ(0)/α. Tests check the ODE and the value by quadrature.
/// The binary diffusion stopped at |μ − ½| ≥ κ(t) (DiffusionSpec::boundary) is feasible and spends
/// the throughput exactly (E[κ(τ)^α] = χE[τ]) but is not this optimal design: for χ = 1/8, α = 2,
/// r = 1.5, T = 2 it earns E[κ(τ)ρ(τ)] = 0.11355 ± 0.00009 against W(0) = 0.12265 (4·10^5 paths).
///
/// The ½ cap. |μ − ½| ≤ ½ on the simplex, but the formula does not know it: κ(t) ≤ κ(0) <
/// (χ/((α−1)r))^{1/α}, which exceeds ½ for r < 2^α χ/(α−1) (Figure 1's χ = 1/8, α = 2: r < ½; at
/// r = 0.4, T = ∞ the formula gives 0.559). There the unconstrained optimum would stop beyond
/// certainty; the feasible optimum stops at full learning (a vertex). `kappa` therefore returns
/// min(formula, ½); `kappa_formula` and `kappa_limit` return the paper's expression unclamped.
///
/// Figure 1 (Zhong §4) draws the stopping boundaries ½ ± κ(t) for several types r of the leading
/// example (χ = 1/8, α = 2, r ~ U[1, 2], so T(r) = g(r)/G(r) = 1/(r − 1); the paper writes T(t), a
/// slip for T(r)). The most patient type r = 1 has T = ∞ and keeps the constant quality
/// (1/8)^{1/2} ≈ 0.354; every other type starts below it (more urgent types get lower quality) and
/// its quality decays to 0 at T(r), which forces a stop (near T, κ^α ≈ αχ/((α−1)(α+1)) (T − t)).

#include <cstddef>
#include <vector>

namespace beliefsim::pricing {

/// Parameters of the quality boundary. Named like the config fields `validate` reports.
struct QualitySpec {
    double chi = 0;      ///< [model.chi] throughput χ > 0, finite
    double alpha = 2;    ///< [model.alpha] power-entropy exponent α > 1, finite
    double r = 0;        ///< [types.r] discount rate r ≥ 0, finite; r > 0 when time_cap = ∞
    double time_cap = 0; ///< [quality.time_cap] T(r) > 0; +∞ allowed (the most patient type)
};

/// Checks every rule of QualitySpec. Throws: InvalidArgument naming the parameter ("chi",
/// "alpha", "r", "time_cap").
void validate(const QualitySpec& spec);

/// The paper's κ(t), unclamped (may exceed ½, see the header note), for t ≥ 0: 0 for t ≥ T, the
/// limit for T = ∞. Throws: InvalidArgument (validate; a precondition for t < 0 or NaN).
[[nodiscard]] double kappa_formula(const QualitySpec& spec, double t);

/// The quality boundary κ(t) = min(kappa_formula(spec, t), ½) ∈ [0, ½]: decreasing in t,
/// κ(T) = 0. Suitable as DiffusionSpec::boundary. Throws: as kappa_formula.
[[nodiscard]] double kappa(const QualitySpec& spec, double t);

/// T → ∞ limit (χ/((α−1)r))^{1/α}, unclamped. Requires: χ > 0, α > 1, r > 0 (InvalidArgument
/// as validate).
[[nodiscard]] double kappa_limit(double chi, double alpha, double r);

/// κ (clamped, as `kappa`) on the grid t_j = j·t_max/(points − 1), j = 0..points−1.
struct KappaTable {
    std::vector<double> t;
    std::vector<double> kappa;
};

/// Tabulates κ for plotting ½ ± κ(t) (Figure 1). Requires: t_max > 0 finite, points ≥ 2
/// (InvalidArgument). Throws: InvalidArgument (validate).
[[nodiscard]] KappaTable tabulate_kappa(const QualitySpec& spec, double t_max, std::size_t points);

} // namespace beliefsim::pricing
