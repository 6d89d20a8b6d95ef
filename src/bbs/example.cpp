#include "beliefsim/bbs/example.hpp"

#include "beliefsim/core/error.hpp"

#include <cmath>

namespace beliefsim::bbs {

UniformSymmetric::UniformSymmetric(double rho, double c) : rho_(rho), c_(c) {
    BELIEFSIM_CHECK(rho > 0 && rho < 1.0 / 3, "rho", "must be in (0, 1/3) " << got(rho));
    BELIEFSIM_CHECK(std::isfinite(c) && c > 0, "c", "must be > 0 and finite " << got(c));
}

double UniformSymmetric::w_hat(double s) const { return 0.5 * (1 + c_ / rho_ * std::pow(s, -(1 - 2 * rho_))); }

double UniformSymmetric::allocation_quality(double w, double s) const {
    if (w <= w_hat(s)) return s * std::pow(L(w), 2 * rho_ / (1 - 2 * rho_));
    return std::pow(s, (1 - 2 * rho_) / (1 - 3 * rho_)) * std::pow(L(w), 3 * rho_ / (1 - 3 * rho_));
}

Tokens UniformSymmetric::allocation_tokens(double w, double s) const {
    if (w <= w_hat(s)) {
        const double x = std::pow(L(w), 1 / (1 - 2 * rho_));
        return {x, x, 0.0};
    }
    const double base = std::pow(L(w), 1 / (1 - 3 * rho_));
    const double x = std::pow(s, rho_ / (1 - 3 * rho_)) * base;
    return {x, x, std::pow(s, (1 - 2 * rho_) / (1 - 3 * rho_)) * base - 1};
}

double UniformSymmetric::allocation_transfer(double w, double s) const {
    const double d = 2 * w - 1;
    if (w <= w_hat(s)) return s * std::pow(L(w), 2 * rho_ / (1 - 2 * rho_)) * (0.5 + d * rho_);
    return -c_ / 2 + std::pow(s, (1 - 2 * rho_) / (1 - 3 * rho_)) * std::pow(L(w), 3 * rho_ / (1 - 3 * rho_)) *
                         (0.5 + 1.5 * d * rho_);
}

TwoPartTariff UniformSymmetric::allocation_tariff(double w, double s) const {
    const double d = 2 * w - 1, p = w * c_ / d;
    double p0;
    if (w <= w_hat(s)) {
        p0 = s * ((0.5 + d * rho_) * std::pow(L(w), 2 * rho_ / (1 - 2 * rho_)) -
                  2 * w * c_ / d * std::pow(L(w), 1 / (1 - 2 * rho_)));
    } else {
        p0 = -c_ / 2 +
             std::pow(s, (1 - 2 * rho_) / (1 - 3 * rho_)) *
                 ((0.5 + 1.5 * d * rho_) * std::pow(L(w), 3 * rho_ / (1 - 3 * rho_)) -
                  3 * w * c_ / d * std::pow(L(w), 1 / (1 - 3 * rho_))) +
             p; // + m c_z b, missing in print (header note)
    }
    return {p, p, p, p0, s};
}

double UniformSymmetric::theta_density(double theta) const {
    return (1 - std::pow(theta, 2 * rho_ / (1 - 2 * rho_))) / (2 * rho_);
}

double UniformSymmetric::theta_virtual_value(double theta) const {
    return 2 * (theta - rho_ - (1 - rho_) * std::pow(theta, 1 / (1 - 2 * rho_))) /
           (1 - std::pow(theta, 2 * rho_ / (1 - 2 * rho_)));
}

void UniformSymmetric::require_quarter() const {
    BELIEFSIM_REQUIRE(rho_ == 0.25,
                      "the package menu is solved in closed form for rho = 1/4 only (got " << rho_ << ")");
}

double UniformSymmetric::M(double theta) const {
    require_quarter();
    return (3 * theta - 1) / (8 * c_);
}

double UniformSymmetric::package_theta_hat() const {
    require_quarter();
    return 1.0 / 3 + 8 * c_ / 3;
}

double UniformSymmetric::package_quality(double theta) const {
    return theta <= package_theta_hat() ? M(theta) : std::pow(M(theta), 3);
}

Tokens UniformSymmetric::package_tokens(double theta) const {
    if (theta <= package_theta_hat()) return {M(theta) * M(theta), M(theta) * M(theta), 0.0};
    const double x = std::pow(M(theta), 4);
    return {x, x, x - 1};
}

double UniformSymmetric::package_transfer(double theta) const {
    const double m = M(theta);
    if (theta <= package_theta_hat()) return (9 * theta * theta - 1) / (48 * c_);
    return -2 * c_ / 3 + (1 + 9 * theta) / 12 * m * m * m;
}

TwoPartTariff UniformSymmetric::package_tariff(double theta) const {
    const double p = 2 * theta / (3 * theta - 1) * c_;
    const double p0 =
        theta <= package_theta_hat() ? M(theta) / 6 : 2 * c_ / (3 * (3 * theta - 1)) + std::pow(M(theta), 3) / 12;
    return {p, p, p, p0, 0.0};
}

} // namespace beliefsim::bbs
