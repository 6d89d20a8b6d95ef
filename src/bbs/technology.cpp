#include "beliefsim/bbs/technology.hpp"

#include "beliefsim/core/error.hpp"

#include <cmath>

namespace beliefsim::bbs {

namespace {

void require_positive(const char* parameter, double v) {
    BELIEFSIM_CHECK(std::isfinite(v) && v > 0, parameter, "must be > 0 and finite " << got(v));
}

// Tokens scale like (1/c)^{1/(1−A)}: costs or b of 1e-300 or 1e308 wrote inf tokens, costs and
// welfare with exit 0. Inside this range Example 1's outputs stay finite and it runs in ≤ 8 s at
// every extreme (at 1e-30 still finite, but 60-100 s: the type quadratures refine on huge scales).
constexpr double MIN_SCALE = 1e-10, MAX_SCALE = 1e10;

// An exponent of 5e-324 sent c/α to inf (inf tokens with exit 0).
void require_exponent(const char* parameter, double v) {
    require_positive(parameter, v);
    BELIEFSIM_CHECK(v >= 1e-10, parameter, "must be >= 1e-10 (c/" << parameter << " overflows below it) " << got(v));
}

void require_in_range(const char* parameter, double v) {
    require_positive(parameter, v);
    BELIEFSIM_CHECK(v >= MIN_SCALE && v <= MAX_SCALE, parameter,
                    "must be in [1e-10, 1e10] (token quantities overflow beyond it) " << got(v));
}

void require_scale(double s) {
    BELIEFSIM_REQUIRE(s > 0 && s <= 1 && std::isfinite(s), "scale s must be in (0, 1] (got " << s << ")");
}

} // namespace

Technology::Technology(const TechnologyParams& p) : p_(p) {
    require_exponent("alpha", p.alpha);
    require_exponent("beta", p.beta);
    require_exponent("gamma", p.gamma);
    BELIEFSIM_CHECK(p.alpha + p.beta + p.gamma < 1, "gamma",
                    "alpha + beta + gamma must be < 1 " << got(p.alpha + p.beta + p.gamma));
    require_in_range("b", p.b);
    require_in_range("c_x", p.c_x);
    require_in_range("c_y", p.c_y);
    require_in_range("c_z", p.c_z);
    a_ = p.alpha + p.beta;
    A_ = a_ + p.gamma;
    const double rx = p.c_x / p.alpha, ry = p.c_y / p.beta, rz = p.c_z / p.gamma;
    k2_ = std::pow(rx, p.alpha / a_) * std::pow(ry, p.beta / a_);
    k3_ = std::pow(rx, p.alpha / A_) * std::pow(ry, p.beta / A_) * std::pow(rz, p.gamma / A_);
    q_hat_ = std::pow(p.b, A_) * std::pow(1 / rx, p.alpha) * std::pow(1 / ry, p.beta) * std::pow(rz, a_);
    theta_hat_ = std::pow(p.b, 1 - A_) * std::pow(rx, p.alpha) * std::pow(ry, p.beta) * std::pow(rz, 1 - a_);
}

double Technology::production(const Tokens& t) const {
    BELIEFSIM_REQUIRE(t.x >= 0 && t.y >= 0 && t.z >= 0, "tokens must be >= 0");
    return std::pow(t.x, p_.alpha) * std::pow(t.y, p_.beta) * std::pow(p_.b + t.z, p_.gamma);
}

double Technology::token_cost(const Tokens& t) const { return p_.c_x * t.x + p_.c_y * t.y + p_.c_z * t.z; }

double Technology::cost(double Q) const {
    BELIEFSIM_REQUIRE(Q >= 0, "quality must be >= 0 (got " << Q << ")");
    if (Q < q_hat_) return a_ * k2_ * std::pow(p_.b, -p_.gamma / a_) * std::pow(Q, 1 / a_);
    return A_ * k3_ * std::pow(Q, 1 / A_) - p_.c_z * p_.b;
}

double Technology::marginal_cost(double Q) const {
    BELIEFSIM_REQUIRE(Q >= 0, "quality must be >= 0 (got " << Q << ")");
    if (Q < q_hat_) return k2_ * std::pow(p_.b, -p_.gamma / a_) * std::pow(Q, 1 / a_ - 1);
    return k3_ * std::pow(Q, 1 / A_ - 1);
}

double Technology::demand(double lambda) const {
    if (!(lambda > 0)) return 0.0;
    // C' is a power on each side of Q̂ and continuous there (= θ̂), so each branch inverts exactly.
    if (lambda < theta_hat_) return std::pow(lambda * std::pow(p_.b, p_.gamma / a_) / k2_, a_ / (1 - a_));
    return std::pow(lambda / k3_, A_ / (1 - A_));
}

Tokens Technology::package(double Q) const {
    BELIEFSIM_REQUIRE(Q >= 0, "quality must be >= 0 (got " << Q << ")");
    if (Q < q_hat_) {
        const double base = k2_ * std::pow(p_.b, -p_.gamma / a_) * std::pow(Q, 1 / a_);
        return {p_.alpha / p_.c_x * base, p_.beta / p_.c_y * base, 0.0};
    }
    const double base = k3_ * std::pow(Q, 1 / A_);
    return {p_.alpha / p_.c_x * base, p_.beta / p_.c_y * base, p_.gamma / p_.c_z * base - p_.b};
}

double Technology::cost(double q, double s) const {
    require_scale(s);
    return cost(q * std::pow(s, a_ - 1));
}

double Technology::marginal_cost(double q, double s) const {
    require_scale(s);
    const double shrink = std::pow(s, a_ - 1);
    return shrink * marginal_cost(q * shrink);
}

double Technology::cost_ds(double q, double s) const {
    require_scale(s);
    return (a_ - 1) * q * std::pow(s, a_ - 2) * marginal_cost(q * std::pow(s, a_ - 1));
}

double Technology::demand(double lambda, double s) const {
    require_scale(s);
    const double grow = std::pow(s, 1 - a_);
    return grow * demand(lambda * grow);
}

double Technology::demand_ds(double lambda, double s) const {
    require_scale(s);
    const double grow = std::pow(s, 1 - a_), mu = lambda * grow;
    if (!(mu > 0)) return 0.0;
    const double e = mu < theta_hat_ ? a_ / (1 - a_) : A_ / (1 - A_);
    return (1 - a_) * (1 + e) * grow * demand(mu) / s;
}

Tokens Technology::allocation(double q, double s) const {
    require_scale(s);
    const Tokens total = package(q * std::pow(s, a_ - 1));
    return {total.x / s, total.y / s, total.z};
}

} // namespace beliefsim::bbs
