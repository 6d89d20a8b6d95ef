#pragma once
/// Closed forms of BBS Example 1 and of its appendix generalisation "Uniform Symmetric Setting":
/// w, s ~ U[0, 1] independent, α = β = γ = ρ < 1/3, c_x = c_y = c_z = c, b = 1 (Example 1:
/// ρ = 1/4, c = 1/8). `reproduce` prints these next to the numerical path; tests compare the two.
/// Tested by: tests/bbs/test_example.cpp.
///
/// Token allocations (Proposition 4), with L = (2w − 1)ρ/c, w ≥ ½ (w < ½ excluded):
///   ŵ(s) = ½(1 + (c/ρ) s^{−(1−2ρ)});
///   w ≤ ŵ(s): q = s L^{2ρ/(1−2ρ)}, x = y = L^{1/(1−2ρ)}, z = 0, T = s L^{2ρ/(1−2ρ)}(½ + (2w−1)ρ);
///   w > ŵ(s): q = s^{(1−2ρ)/(1−3ρ)} L^{3ρ/(1−3ρ)}, x = y = s^{ρ/(1−3ρ)} L^{1/(1−3ρ)},
///             z = s^{(1−2ρ)/(1−3ρ)} L^{1/(1−3ρ)} − 1, T = −c/2 + s^{(1−2ρ)/(1−3ρ)} L^{3ρ/(1−3ρ)}(½ + 3(2w−1)ρ/2);
///   tariff p_x = p_y = p_z = wc/(2w − 1), p0 = T − m C(q, s), cap s.
/// Token packages (Proposition 5): θ = w s^{1−2ρ}, f_θ = (1 − θ^{2ρ/(1−2ρ)})/(2ρ),
///   φ(θ) = 2(θ − ρ − (1 − ρ)θ^{1/(1−2ρ)}) / (1 − θ^{2ρ/(1−2ρ)}); for ρ = 1/4, φ = (3θ − 1)/2,
///   θ̂ = 1/3 + 8c/3 and, with M = (3θ − 1)/(8c): θ ≤ θ̂: Q = M, X = Y = M², Z = 0,
///   T = (9θ² − 1)/(48c); θ > θ̂: Q = M³, X = Y = M⁴, Z = M⁴ − 1, T = −2c/3 + (1 + 9θ)M³/12;
///   m = 2θ/(3θ − 1), p0 = M/6 (θ ≤ θ̂), 2c/(3(3θ − 1)) + M³/12 (θ > θ̂).
///
/// Deviations from the printed text (each checked against Corollaries 1-2 and the numerical path;
/// see also ../shared/papers/README.md):
/// - no-fine-tuning x = y: printed s^{1/(2ρ)} L^{1/(1−2ρ)} (Example 1: 4s²(2w−1)²); Corollary 1
///   gives L^{1/(1−2ρ)} (Example 1: 4(2w−1)²): per-task quality q/s does not depend on s there.
///   Only the corrected form gives Π* = 97/960 (the printed one gives 1217/10240).
/// - fine-tuning x, y, z: exponents of s are ρ/(1−3ρ) and (1−2ρ)/(1−3ρ) (papers README).
/// - fine-tuning p0 (allocations) lacks + m c_z b = wc/(2w − 1) (Example 1: w/(8(2w − 1))); without
///   it p0 jumps at ŵ(s) and the buyer would pay less than T.
/// - φ(θ) prints "θ + ρ" where θ − ρ belongs (at ρ = 1/4 only θ − ρ gives (3θ − 1)/2).

#include "beliefsim/bbs/allocations.hpp"
#include "beliefsim/bbs/technology.hpp"

namespace beliefsim::bbs {

/// Example 1's numbers as printed (BBS §4.2 and §5).
struct Example1 {
    static constexpr double allocation_revenue = 139.0 / 480.0;
    static constexpr double allocation_profit = 97.0 / 960.0;
    static constexpr double package_revenue = 139.0 / 540.0;
    static constexpr double package_profit = 97.0 / 1080.0;
};

/// The appendix's uniform symmetric setting. Validation: InvalidArgument "rho" (0 < ρ < 1/3),
/// "c" (> 0).
class UniformSymmetric {
public:
    UniformSymmetric(double rho, double c);

    [[nodiscard]] double rho() const noexcept { return rho_; }
    [[nodiscard]] double c() const noexcept { return c_; }
    [[nodiscard]] TechnologyParams technology() const { return {rho_, rho_, rho_, 1.0, c_, c_, c_}; }

    // Token allocations; w ∈ [½, 1], s ∈ (0, 1].
    [[nodiscard]] double w_hat(double s) const;
    [[nodiscard]] double allocation_quality(double w, double s) const;
    [[nodiscard]] Tokens allocation_tokens(double w, double s) const;
    [[nodiscard]] double allocation_transfer(double w, double s) const;
    [[nodiscard]] TwoPartTariff allocation_tariff(double w, double s) const;

    // Token packages: density and virtual value of θ for any ρ; the menu for ρ = 1/4 only
    // (InvalidArgument otherwise: the paper solves no other case). θ ∈ [1/3, 1].
    [[nodiscard]] double theta_density(double theta) const;
    [[nodiscard]] double theta_virtual_value(double theta) const;
    [[nodiscard]] double package_theta_hat() const;
    [[nodiscard]] double package_quality(double theta) const;
    [[nodiscard]] Tokens package_tokens(double theta) const;
    [[nodiscard]] double package_transfer(double theta) const;
    [[nodiscard]] TwoPartTariff package_tariff(double theta) const;

private:
    double L(double w) const { return (2 * w - 1) * rho_ / c_; }
    void require_quarter() const;
    double M(double theta) const;
    double rho_, c_;
};

} // namespace beliefsim::bbs
