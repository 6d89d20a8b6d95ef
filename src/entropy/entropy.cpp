#include "beliefsim/entropy/entropy.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"

#include <array>
#include <variant>

namespace beliefsim::entropy {
namespace {

template <std::size_t... I>
std::optional<Kind> make_kind(std::string_view name, double parameter, std::index_sequence<I...> /*unused*/) {
    std::optional<Kind> out;
    (void)((std::variant_alternative_t<I, Kind>::NAME == name
                ? (out.emplace(std::variant_alternative_t<I, Kind>(parameter)), true)
                : false) ||
           ...);
    return out;
}

template <std::size_t... I>
constexpr auto kind_table(std::index_sequence<I...> /*unused*/) {
    return std::array<std::array<std::string_view, 2>, sizeof...(I)>{
        {{std::variant_alternative_t<I, Kind>::NAME, std::variant_alternative_t<I, Kind>::PARAMETER}...}};
}
constexpr auto KIND_TABLE = kind_table(std::make_index_sequence<std::variant_size_v<Kind>>{});

template <std::size_t... I>
std::string parameter_rule(std::string_view name, int states, double p, std::index_sequence<I...> /*unused*/) {
    std::string rule;
    (void)((std::variant_alternative_t<I, Kind>::NAME == name
                ? (rule = std::variant_alternative_t<I, Kind>::parameter_rule(states, p), true)
                : false) ||
           ...);
    return rule;
}

} // namespace

std::vector<std::string_view> Entropy::names() {
    std::vector<std::string_view> out;
    for (const auto& row : KIND_TABLE) out.push_back(row[0]);
    return out;
}

std::string_view Entropy::parameter_name(std::string_view kind_name) {
    for (const auto& row : KIND_TABLE)
        if (row[0] == kind_name) return row[1];
    return {};
}

Entropy Entropy::from_name(std::string_view name, std::optional<double> parameter, int states) {
    constexpr auto seq = std::make_index_sequence<std::variant_size_v<Kind>>{};
    bool known = false;
    std::string list;
    for (const auto& row : KIND_TABLE) {
        known = known || row[0] == name;
        list += (list.empty() ? "" : ", ") + std::string(row[0]);
    }
    BELIEFSIM_CHECK(known, "entropy", "unknown entropy \"" << name << "\" (expected one of " << list << ")");
    const std::string pname(parameter_name(name));
    BELIEFSIM_CHECK(pname.empty() || parameter, pname, "required by entropy \"" << name << "\"");
    const double p = parameter.value_or(0.0);
    const std::string rule = parameter_rule(name, states, p, seq);
    BELIEFSIM_CHECK(rule.empty(), pname.empty() ? "entropy" : pname, rule << " (got " << shortest(p) << ")");
    return Entropy(*make_kind(name, p, seq));
}

std::string_view Entropy::name() const {
    return std::visit([](const auto& k) { return std::decay_t<decltype(k)>::NAME; }, kind_);
}

double Entropy::parameter() const {
    return std::visit([](const auto& k) { return k.parameter(); }, kind_);
}

double Entropy::value(const Vector& mu) const {
    return std::visit([&](const auto& k) { return k.value(mu); }, kind_);
}

Vector Entropy::gradient(const Vector& mu) const {
    // ∇H = ∇F + (F − ∇F·μ) 1: the Euler-homogeneous extension of F off the simplex.
    return std::visit(
        [&](const auto& k) -> Vector { return k.gradient(mu) + Vector::Constant(mu.size(), k.legendre_offset(mu)); },
        kind_);
}

Matrix Entropy::hessian(const Vector& mu) const {
    const auto n = mu.size();
    const Matrix raw = std::visit([&](const auto& k) -> Matrix { return k.hessian(mu); }, kind_);
    Matrix projector = Matrix::Identity(n, n) - mu * Vector::Ones(n).transpose();
    return projector.transpose() * raw * projector;
}

double Entropy::edge_curvature(double a, double b) const {
    return std::visit([&](const auto& k) { return k.edge_curvature(a, b); }, kind_);
}

double Entropy::wright_fisher_trace(const Vector& mu) const {
    return std::visit([&](const auto& k) { return k.wright_fisher_trace(mu); }, kind_);
}

double Entropy::divergence(const Vector& to, const Vector& from) const {
    return value(to) - value(from) - gradient(from).dot(to - from);
}

Vector Entropy::vertex_divergences(const Vector& mu) const {
    // Each kind's closed form in c = 1 − μ_θ, computed accurately next to e_θ (`complement`).
    const auto n = mu.size();
    Vector d(n);
    for (Eigen::Index theta = 0; theta < n; ++theta) {
        const double c = complement(mu, theta);
        d[theta] = std::visit([&](const auto& k) { return k.vertex_divergence(mu, theta, c); }, kind_);
    }
    return d;
}

} // namespace beliefsim::entropy
