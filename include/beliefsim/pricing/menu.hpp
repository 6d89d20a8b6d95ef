#pragma once
/// The optimal token-cap menu (Zhong Definition 2, Theorem 1, §4 "Heterogeneous valuations"; SPEC
/// §1 "Token-cap menu"), its table and its Monte Carlo revenue. The audit, the restricted model
/// families and the K-tier menus are in pricing/audit.hpp, families.hpp and tiers.hpp.
/// Tested by: tests/pricing/test_menu.cpp.
///
/// Model. A type r ∈ [low, high] (TypeDistribution: density g, CDF G) values learning at time t at
/// q(r)e^{−rt}. One model with stopping-time law f* is sold with token caps: item (χT, P) stops the
/// model at T. Utility of type r from cap T: q(r)D(r, T) − P with D(r, T) = ∫_0^T e^{−rt} f*(t) dt.
/// When the cap binds before the state is learned the user gets 0 (SPEC modelling convention).
///
/// Formulas (papers README: Definition 2 with the factor t restored; ρ⁺ uses min, not max):
///   time cap     T(r) = g/G + q'/q   (types with T ≤ 0 are excluded; T(low) = ∞ when G(low) = 0)
///   surplus      S(r) = ∫_r^{high} ∫_0^{T(z)} (t q(z) − q'(z)) e^{−zt} f*(t) dt dz
///   price        P(r) = q(r) D(r, T(r)) − S(r)
///   marginal     dP/d(χT) = q(r) e^{−rT} f*(T) / χ   (per token; from dP/dr = q e^{−rT} f*(T) T')
///   tokens       χ E[min(τ, T)] = χ ∫_0^T P(τ > t) dt
///   revenue      π* = ∫ g P dr = ∫ g ∫_0^{T(r)} ρ_r(t) f*(t) dt dr,  ρ_r = q e^{−rt}(1 − (t − q'/q)G/g).
/// A useful identity: g ρ_r(t) = ∂_r[G(r) q(r) e^{−rt}], so the virtual surplus of a constant cap T
/// over types [a, b] is G(b)q(b)D(b, T) − G(a)q(a)D(a, T). It gives the ironed caps and the K-tier
/// caps in closed form and the Monte Carlo weight w(τ) = G(ρ)q(ρ)e^{−ρτ}, ρ = sup{r : T(r) ≥ τ}.
///
/// Ironing and exclusion: the law-free schedule of pricing/cap_schedule.hpp. An ironed T is a
/// nonincreasing step function, hence exactly incentive compatible (single crossing: Zhong (12)).
///
/// Prices without nesting. Swapping the order of integration in S (T decreasing) gives
///   P(r) = ∫_0^{T(r)} q(ρ(t)) e^{−ρ(t)t} f*(t) dt,   ρ(t) = sup{z : T(z) ≥ t} (bisection),
/// and S = q D − P. Tests check S against the nested double integral computed directly.
///
/// Quadrature. D and the t-integrals: adaptive Gauss-Kronrod (31 points, relative tolerance 1e-11,
/// depth ≤ 10) on [0, min(T, horizon)], the horizon being where P(τ > t) ≤ 1e-16. Type integrals:
/// adaptive Gauss-Kronrod (15 points, tolerance 1e-10) on the served types [low, served_high()];
/// for an ironed menu the integrals over each constant-cap block are done exactly by the identity.

#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/pricing/market.hpp"

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace beliefsim::pricing {

/// One item of a menu: the model stopped at `time_cap` (tokens χ·time_cap) for `price`.
/// time_cap = 0, price = 0 is "not served".
struct MenuItem {
    double time_cap = 0;
    double price = 0;
};

/// The optimal (continuous) token-cap menu. Immutable after construction.
class TokenCapMenu {
public:
    /// Requires iron_cells ≥ 16 (InvalidArgument).
    explicit TokenCapMenu(Market market, std::size_t iron_cells = 2048);

    [[nodiscard]] const Market& market() const noexcept { return market_; }
    [[nodiscard]] const CapSchedule& schedule() const noexcept { return schedule_; }
    /// Whether T had to be ironed (SPEC §3 attribute `ironed`).
    [[nodiscard]] bool ironed() const noexcept { return schedule_.ironed(); }
    /// Highest served type: types above it are excluded (T ≤ 0).
    [[nodiscard]] double served_high() const noexcept { return schedule_.served_high(); }

    /// Time cap T(r) ≥ 0 (0: excluded; may be +∞ at r = low).
    [[nodiscard]] double time_cap(double r) const { return schedule_.time_cap(r); }
    [[nodiscard]] double token_cap(double r) const { return market_.chi() * time_cap(r); }
    [[nodiscard]] double surplus(double r) const;
    [[nodiscard]] double price(double r) const;
    /// price(r) for many types at once (one pass over the sorted caps: much cheaper than a loop).
    [[nodiscard]] std::vector<double> prices(std::span<const double> r) const;
    /// dP/d(χT) = q e^{−rT} f*(T)/χ per token (for an ironed block: the same expression at its cap).
    [[nodiscard]] double marginal_price(double r) const;
    /// χ E[min(τ, T(r))].
    [[nodiscard]] double expected_tokens(double r) const;
    [[nodiscard]] MenuItem item(double r) const { return {time_cap(r), price(r)}; }

    /// ∫ g(r) P(r) dr over served types (unironed: as ∫ G(ρ(t)) q(ρ(t)) e^{−ρ(t)t} f*(t) dt).
    [[nodiscard]] double revenue() const;
    /// ∫ g ∫_0^{T(r)} ρ_r(t) f*(t) dt dr (the same number by another route).
    [[nodiscard]] double revenue_virtual() const;

private:
    /// q(ρ)e^{−ρt}, ρ = ρ(t): what a unit of f* at t adds to the price of every type still served.
    double price_weight(double t, double rho) const;
    double price_weight(double t) const;
    double price_smooth(double r) const;
    double integrate_served(const std::function<double(double)>& f) const;
    Market market_;
    CapSchedule schedule_;
};

/// Columns of SPEC §3 `/menu`, one row per type of the grid.
struct MenuTable {
    std::vector<double> r, time_cap, token_cap, price, marginal_price, expected_tokens, surplus;
};
/// Tabulates the menu on `r` (any order; each in [low, high], else InvalidArgument).
[[nodiscard]] MenuTable tabulate(const TokenCapMenu& menu, std::span<const double> r);

/// Revenue from raw stopping-time samples: the mean of w(τ_i) = ∫ g ρ_r(τ_i) 1{τ_i ≤ T(r)} dr
/// = G(ρ)q(ρ)e^{−ρτ_i}, ρ = last_type_served_at(τ_i), with its standard error. Requires ≥ 2
/// samples, each ≥ 0 (InvalidArgument).
[[nodiscard]] estimators::Estimate revenue_monte_carlo(const TokenCapMenu& menu, std::span<const double> tau);

} // namespace beliefsim::pricing
