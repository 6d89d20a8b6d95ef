#pragma once
/// Cobb-Douglas token technology of Bergemann-Bonatti-Smolin (BBS) (1): v = x^α y^β (b + z)^γ with
/// token costs c_x, c_y, c_z; the cost of quality for token packages C(Q) (Corollary 2, Lemma 4)
/// and for s symmetric tasks C(q, s) (Corollary 1), with their cost-minimizing tokens.
/// Tested by: tests/bbs/test_technology.cpp.
///
/// Notation: a = α + β, A = α + β + γ, K₂ = (c_x/α)^{α/a}(c_y/β)^{β/a},
/// K₃ = (c_x/α)^{α/A}(c_y/β)^{β/A}(c_z/γ)^{γ/A}. Corollary 2:
///   Q < Q̂: C(Q) = a K₂ b^{−γ/a} Q^{1/a},  X = (α/c_x) K₂ b^{−γ/a} Q^{1/a},  Z = 0;
///   Q ≥ Q̂: C(Q) = A K₃ Q^{1/A} − c_z b,   X = (α/c_x) K₃ Q^{1/A},  Z = (γ/c_z) K₃ Q^{1/A} − b,
/// Y like X with β/c_y, Q̂ = b^A (α/c_x)^α (β/c_y)^β (c_z/γ)^a. C' is continuous and equals the
/// fine-tuning threshold θ̂ = b^{1−A}(c_x/α)^α(c_y/β)^β(c_z/γ)^{1−a} (11) at Q̂.
/// Corollary 1 is Corollary 2 rescaled: with X = s x, Y = s y the constraint s v(x, y, z) = q
/// reads X^α Y^β (b + z)^γ = q s^{a−1}, so C(q, s) = C(q s^{a−1}) and x = X(q s^{a−1})/s.
///
/// `demand(λ)` = (C')^{-1}(λ): the quality a buyer with marginal value λ buys at cost (every
/// screening menu of BBS §4-6 is "quality = demand(virtual value)").
///
/// Validation throws InvalidArgument naming "alpha", "beta", "gamma" (each > 0, finite, and
/// α + β + γ < 1, reported on "gamma"), "b", "c_x", "c_y", "c_z" (each in [1e-10, 1e10]).

namespace beliefsim::bbs {

struct TechnologyParams {
    double alpha = 0.25;
    double beta = 0.25;
    double gamma = 0.25;
    double b = 1.0;
    double c_x = 0.125;
    double c_y = 0.125;
    double c_z = 0.125;
};

/// Token quantities: input x, output y, fine-tuning z (z excludes the free base level b).
struct Tokens {
    double x = 0;
    double y = 0;
    double z = 0;
};

/// The technology, validated. Immutable value type.
class Technology {
public:
    explicit Technology(const TechnologyParams& p);

    [[nodiscard]] const TechnologyParams& params() const noexcept { return p_; }
    /// α + β: the task-level returns; the CES exponent of θ (10) is 1/(1 − α − β).
    [[nodiscard]] double task_returns() const noexcept { return a_; }
    /// v(x, y, z) = x^α y^β (b + z)^γ (1). Requires x, y, z ≥ 0.
    [[nodiscard]] double production(const Tokens& t) const;
    /// Token cost c_x x + c_y y + c_z z.
    [[nodiscard]] double token_cost(const Tokens& t) const;

    /// Q̂: packages with Q ≥ Q̂ fine-tune (Corollary 2).
    [[nodiscard]] double q_hat() const noexcept { return q_hat_; }
    /// θ̂ (11) = C'(Q̂): efficient types fine-tune iff θ > θ̂ (Proposition 1).
    [[nodiscard]] double theta_hat() const noexcept { return theta_hat_; }

    /// C(Q) (Corollary 2), Q ≥ 0.
    [[nodiscard]] double cost(double Q) const;
    /// C'(Q), Q ≥ 0.
    [[nodiscard]] double marginal_cost(double Q) const;
    /// (C')^{-1}(λ); 0 for λ ≤ 0.
    [[nodiscard]] double demand(double lambda) const;
    /// Cost-minimizing package (X, Y, Z) of quality Q (Corollary 2).
    [[nodiscard]] Tokens package(double Q) const;

    /// C(q, s) (Corollary 1): quality q spread over s ∈ (0, 1] symmetric tasks.
    [[nodiscard]] double cost(double q, double s) const;
    /// ∂C/∂q (q, s).
    [[nodiscard]] double marginal_cost(double q, double s) const;
    /// ∂C/∂s (q, s) = (a − 1) q s^{a−2} C'(q s^{a−1}) ≤ 0.
    [[nodiscard]] double cost_ds(double q, double s) const;
    /// Quality bought at marginal value λ with s tasks: q = s^{1−a} demand(λ s^{1−a}).
    [[nodiscard]] double demand(double lambda, double s) const;
    /// ∂/∂s demand(λ, s) at fixed λ: demand is a power of s on each side of the kink, so this is
    /// (1 − a)(1 + e) q / s with e = a/(1 − a) (no fine-tuning) or A/(1 − A) (fine-tuning).
    [[nodiscard]] double demand_ds(double lambda, double s) const;
    /// Per-task tokens x, y and the common fine-tuning z that deliver q over s tasks (Corollary 1).
    [[nodiscard]] Tokens allocation(double q, double s) const;

private:
    TechnologyParams p_;
    double a_, A_, k2_, k3_, q_hat_, theta_hat_;
};

} // namespace beliefsim::bbs
