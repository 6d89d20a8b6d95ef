#pragma once
/// Generalized entropy H in the degree-1 homogeneous normalization of Zhong (footnote 4):
/// ∇H(μ)·μ = H(μ) and Hess H(μ) μ = 0; Bregman divergence D(μ'|μ) = H(μ') − H(μ) − ∇H(μ)·(μ' − μ).
/// Tested by: tests/entropy/test_entropy.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/kinds.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace beliefsim::entropy {

/// A kind together with the homogenization. Immutable, cheap to copy, safe to share across threads.
class Entropy {
public:
    explicit Entropy(Kind kind) : kind_(kind) {}

    /// Kind by name ("shannon", "quadratic", "tsallis", "power") with its parameter (q, alpha).
    /// Throws: InvalidArgument naming "entropy" (unknown name) or the kind's parameter ("q", "alpha").
    static Entropy from_name(std::string_view name, std::optional<double> parameter, int states);
    /// Registered kind names, in registry order.
    static std::vector<std::string_view> names();
    /// Name of the parameter a kind takes ("" when none).
    static std::string_view parameter_name(std::string_view kind_name);

    [[nodiscard]] std::string_view name() const;
    [[nodiscard]] double parameter() const;

    /// H(μ) for μ in the simplex (boundary allowed where the kind is finite there).
    [[nodiscard]] double value(const Vector& mu) const;
    /// ∇H(μ) with ∇H(μ)·μ = H(μ). Requires: μ in the open simplex.
    [[nodiscard]] Vector gradient(const Vector& mu) const;
    /// Hess H(μ) = (I − 1μᵀ) Hess F (I − μ1ᵀ), so Hess H(μ) μ = 0. Requires: μ in the open simplex.
    [[nodiscard]] Matrix hessian(const Vector& mu) const;
    /// vᵀ Hess H(μ) v for v = (1, −1) at the binary belief μ = (a, b), in closed form per kind (the
    /// projections of Hess H leave v unchanged, so it is vᵀ Hess F v; no matrix is built).
    /// Requires: a, b > 0 where the kind's Hessian is singular at 0.
    [[nodiscard]] double edge_curvature(double a, double b) const;
    /// tr(Hess H(μ)(diag μ − μμᵀ)), the diffusion's curvature sum, in closed form per kind (no
    /// Hessian built): Shannon k − 1 (k the positive entries), quadratic 1 − Σμ². Zero entries
    /// contribute nothing. Requires: μ on the simplex with a finite Hessian on its positive entries.
    [[nodiscard]] double wright_fisher_trace(const Vector& mu) const;
    /// D(μ'|μ). Requires: μ in the open simplex.
    [[nodiscard]] double divergence(const Vector& to, const Vector& from) const;
    /// D(e_θ|μ) for every θ, computed without cancellation (Shannon gives exactly −log μ_θ).
    [[nodiscard]] Vector vertex_divergences(const Vector& mu) const;

private:
    Kind kind_;
};

} // namespace beliefsim::entropy
