#pragma once
/// The entropy kinds and their registry: the one file to edit when adding a kind (SPEC §1).
/// Each kind gives its raw function F on the simplex with gradient and Hessian; `Entropy`
/// (entropy.hpp) turns them into the degree-1 homogeneous normalization the paper uses.

#include "beliefsim/core/linalg.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <variant>

namespace beliefsim::entropy {

/// 1 − y_i for y on the simplex, accurately: next to e_i (y_i > ½, at most one i) 1 − y_i has lost
/// the digits of the small entries, so it is their sum; elsewhere 1 − y_i ≥ ½ is exact to rounding.
[[nodiscard]] inline double complement(const Vector& y, Eigen::Index i) {
    if (y[i] <= 0.5) return 1 - y[i];
    double c = 0;
    for (Eigen::Index j = 0; j < y.size(); ++j)
        if (j != i) c += y[j];
    return c;
}

/// ∫₀ᶜ q (1 − u)^{q−2} u du = [1 − m^{q−1}(1 + (q − 1)c)]/(q − 1), m = 1 − c: the Bregman remainder
/// φ(1) − φ(m) − φ'(m)c of φ(y) = y^q/(q − 1) toward the vertex. The closed form cancels to
/// ~ε/(q c²) relative as c → 0, so for c ≤ 1/(2 max(q, 2)) the series of (1 − u)^{q−2} is summed
/// instead (terms fall at least twofold; full relative precision down to the smallest c).
[[nodiscard]] inline double power_vertex_remainder(double q, double m, double c) {
    if (c > 0.5 / std::max(q, 2.0)) return (1 - std::pow(m, q - 1) * (1 + (q - 1) * c)) / (q - 1);
    double coefficient = 1, power = c * c, sum = 0; // coefficient of u^k in (1 − u)^{q−2}; c^{k+2}
    for (int k = 0; k < 200; ++k) {
        const double term = coefficient * power / (k + 2);
        sum += term;
        if (std::abs(term) <= 1e-17 * std::abs(sum)) break;
        coefficient *= (k + 2 - q) / (k + 1);
        power *= c;
    }
    return q * sum;
}

/// Kinds that are sums of a scalar function, F(μ) = Σ φ(μ_i). `psi(y) = φ(y) − y φ'(y)` is given in
/// closed form so that divergences to vertices avoid cancellation near the simplex boundary.
template <class Derived>
struct Separable {
    [[nodiscard]] double value(const Vector& y) const {
        double s = 0;
        for (Eigen::Index i = 0; i < y.size(); ++i) s += self().phi(y[i]);
        return s;
    }
    [[nodiscard]] Vector gradient(const Vector& y) const {
        return y.unaryExpr([this](double v) { return self().dphi(v); });
    }
    [[nodiscard]] Matrix hessian(const Vector& y) const {
        return y.unaryExpr([this](double v) { return self().d2phi(v); }).asDiagonal();
    }
    /// φ''(a) + φ''(b): the curvature along an edge, (1, −1)ᵀ Hess F (1, −1) at beliefs (a, b).
    [[nodiscard]] double edge_curvature(double a, double b) const { return self().d2phi(a) + self().d2phi(b); }
    /// Σ φ''(μ_i) μ_i (1 − μ_i) = tr(Hess H(μ)(diag μ − μμᵀ)) on the simplex, term by term with
    /// `curvature_weight(y)` = y φ''(y) in closed form (Shannon: exactly 1, so the trace is k − 1).
    /// 1 − μ_i is `complement`: next to a vertex it is not 1 − (a rounded 1).
    [[nodiscard]] double wright_fisher_trace(const Vector& y) const {
        double s = 0;
        for (Eigen::Index i = 0; i < y.size(); ++i) s += self().curvature_weight(y[i]) * complement(y, i);
        return s;
    }
    /// D(e_θ|μ) = Σ_{j≠θ} (φ(0) − ψ(μ_j)) + φ(1) − φ(μ_θ) − φ'(μ_θ)c with c = 1 − μ_θ given
    /// accurately by the caller (the sum of the other entries near the vertex): every term is
    /// nonnegative and the last is `vertex_remainder` in closed form, so the sum keeps full relative
    /// precision however close μ is to e_θ (φ(0) = 0 for every separable kind here).
    [[nodiscard]] double vertex_divergence(const Vector& y, Eigen::Index theta, double c) const {
        double s = 0;
        for (Eigen::Index j = 0; j < y.size(); ++j)
            if (j != theta) s -= self().psi(y[j]);
        return s + self().vertex_remainder(y[theta], c);
    }
    /// F(μ) − ∇F(μ)·μ, evaluated term by term.
    [[nodiscard]] double legendre_offset(const Vector& y) const {
        double s = 0;
        for (Eigen::Index i = 0; i < y.size(); ++i) s += self().psi(y[i]);
        return s;
    }

private:
    const Derived& self() const { return static_cast<const Derived&>(*this); }
};

/// Shannon: φ(y) = y log y. D(e_θ|μ) = −log μ_θ.
struct Shannon : Separable<Shannon> {
    static constexpr std::string_view NAME = "shannon";
    static constexpr std::string_view PARAMETER = "";
    static std::string parameter_rule(int /*states*/, double /*p*/) { return {}; }
    explicit Shannon(double /*unused*/ = 0) {}
    [[nodiscard]] double parameter() const { return 0; }
    [[nodiscard]] static double phi(double y) { return y > 0 ? y * std::log(y) : 0.0; }
    [[nodiscard]] static double dphi(double y) { return std::log(y) + 1.0; }
    [[nodiscard]] static double d2phi(double y) { return 1.0 / y; }
    [[nodiscard]] static double curvature_weight(double y) { return y > 0 ? 1.0 : 0.0; }
    [[nodiscard]] static double psi(double y) { return -y; }
    /// −log m − c; the logarithm from c near the vertex.
    [[nodiscard]] static double vertex_remainder(double m, double c) {
        return (m > 0.5 ? -std::log1p(-c) : -std::log(m)) - c;
    }
};

/// Quadratic: φ(y) = y²/2. D(μ'|μ) = ½‖μ' − μ‖².
struct Quadratic : Separable<Quadratic> {
    static constexpr std::string_view NAME = "quadratic";
    static constexpr std::string_view PARAMETER = "";
    static std::string parameter_rule(int /*states*/, double /*p*/) { return {}; }
    explicit Quadratic(double /*unused*/ = 0) {}
    [[nodiscard]] double parameter() const { return 0; }
    [[nodiscard]] static double phi(double y) { return 0.5 * y * y; }
    [[nodiscard]] static double dphi(double y) { return y; }
    [[nodiscard]] static double d2phi(double /*y*/) { return 1.0; }
    [[nodiscard]] static double curvature_weight(double y) { return y; }
    [[nodiscard]] static double psi(double y) { return -0.5 * y * y; }
    [[nodiscard]] static double vertex_remainder(double /*m*/, double c) { return 0.5 * c * c; }
};

/// Tsallis with index q > 1: φ(y) = (y^q − y)/(q − 1); q → 1 recovers Shannon, q = 2 twice quadratic.
struct Tsallis : Separable<Tsallis> {
    static constexpr std::string_view NAME = "tsallis";
    static constexpr std::string_view PARAMETER = "q";
    static std::string parameter_rule(int /*states*/, double q) {
        return (std::isfinite(q) && q > 1) ? std::string{} : "must be > 1";
    }
    explicit Tsallis(double q_) : q(q_) {}
    [[nodiscard]] double parameter() const { return q; }
    [[nodiscard]] double phi(double y) const { return (std::pow(y, q) - y) / (q - 1); }
    [[nodiscard]] double dphi(double y) const { return (q * std::pow(y, q - 1) - 1) / (q - 1); }
    [[nodiscard]] double d2phi(double y) const { return q * std::pow(y, q - 2); }
    [[nodiscard]] double curvature_weight(double y) const { return y > 0 ? q * std::pow(y, q - 1) : 0.0; }
    [[nodiscard]] double psi(double y) const { return -std::pow(y, q); }
    [[nodiscard]] double vertex_remainder(double m, double c) const { return power_vertex_remainder(q, m, c); }
    double q;
};

/// Binary power family (Zhong §4): H(p) = |p − ½|^α with p = μ_1, α > 1, two states only.
struct Power {
    static constexpr std::string_view NAME = "power";
    static constexpr std::string_view PARAMETER = "alpha";
    static std::string parameter_rule(int states, double a) {
        if (!(std::isfinite(a) && a > 1)) return "must be > 1";
        if (states != 2) return "the power entropy is defined for 2 states only";
        return {};
    }
    explicit Power(double alpha_) : alpha(alpha_) {}
    [[nodiscard]] double parameter() const { return alpha; }
    [[nodiscard]] double value(const Vector& y) const { return std::pow(0.5 * std::abs(y[1] - y[0]), alpha); }
    [[nodiscard]] Vector gradient(const Vector& y) const {
        const double u = y[1] - y[0];
        const double g =
            alpha * std::pow(0.5, alpha) * std::pow(std::abs(u), alpha - 1) * (u > 0 ? 1.0 : (u < 0 ? -1.0 : 0.0));
        Vector out(2);
        out << -g, g;
        return out;
    }
    [[nodiscard]] Matrix hessian(const Vector& y) const {
        const double c = alpha * (alpha - 1) * std::pow(0.5, alpha) * std::pow(std::abs(y[1] - y[0]), alpha - 2);
        Matrix out(2, 2);
        out << c, -c, -c, c;
        return out;
    }
    [[nodiscard]] double legendre_offset(const Vector& y) const { return value(y) - gradient(y).dot(y); }
    /// With s = ±(p − ½) the position toward e_θ and c = ½ − s: D = 2^{−α} − |s|^α − α|s|^{α−1}sgn(s)c,
    /// which near the vertex is (α − 1)2^{−α} times the Tsallis remainder at 2c (substitute u = 2v).
    [[nodiscard]] double vertex_divergence(const Vector& y, Eigen::Index theta, double c) const {
        const double half_power = std::pow(0.5, alpha);
        if (c < 0.25) return (alpha - 1) * half_power * power_vertex_remainder(alpha, 1 - 2 * c, 2 * c);
        const double s = theta == 1 ? 0.5 * (y[1] - y[0]) : 0.5 * (y[0] - y[1]);
        const double slope = alpha * std::pow(std::abs(s), alpha - 1) * (s > 0 ? 1.0 : (s < 0 ? -1.0 : 0.0));
        return half_power - std::pow(std::abs(s), alpha) - slope * c;
    }
    /// (1, −1)ᵀ Hess F (1, −1) = 4c, c as in hessian().
    [[nodiscard]] double edge_curvature(double a, double b) const {
        return 4 * alpha * (alpha - 1) * std::pow(0.5, alpha) * std::pow(std::abs(b - a), alpha - 2);
    }
    /// tr(Hess F (diag μ − μμᵀ)) = 4c·μ_0μ_1 for Hess F = c(1, −1; −1, 1) above.
    [[nodiscard]] double wright_fisher_trace(const Vector& y) const { return 4 * hessian(y)(0, 0) * y[0] * y[1]; }
    double alpha;
};

/// Every kind. Add a kind above and list it here; nothing else changes.
using Kind = std::variant<Shannon, Quadratic, Tsallis, Power>;

} // namespace beliefsim::entropy
