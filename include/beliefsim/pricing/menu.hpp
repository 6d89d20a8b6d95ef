#pragma once
/// The optimal token-cap menu (Zhong Definition 2, Theorem 1, §4 "Heterogeneous valuations"; SPEC
/// §1 "Token-cap menu"), its IC/IR audit, its Monte Carlo revenue, the restricted model families of
/// Zhong §2.2 and finite K-tier menus.
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
/// Quadrature. D and the t-integrals: adaptive Gauss-Kronrod (31 points, relative tolerance 1e-12,
/// depth ≤ 10) on [0, min(T, horizon)], the horizon being where P(τ > t) ≤ 1e-16. Type integrals:
/// adaptive Gauss-Kronrod (15 points, tolerance 1e-10) on the served types [low, served_high()];
/// for an ironed menu the integrals over each constant-cap block are done exactly by the identity.

#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/pricing/cap_schedule.hpp"

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace beliefsim::pricing {

/// Law of the stopping time τ of the model sold (e.g. the greedy model's exact law).
struct StoppingLaw {
    std::function<double(double)> density;  ///< f*(t), t ≥ 0
    std::function<double(double)> survival; ///< P(τ > t)
    std::vector<double> kinks;              ///< increasing times where f* is not smooth (phase switches)
};

/// τ ~ Exp(rate). Zhong §3.1's binary example has rate ½ (papers README). Requires rate > 0.
[[nodiscard]] StoppingLaw exponential_law(double rate);

/// The data of a pricing problem, validated, plus the numerical horizon. Immutable.
class Market {
public:
    /// Throws ConfigError("model.chi") unless χ > 0 finite; InvalidArgument if the law is empty,
    /// or the valuation is invalid (require_valid_valuation).
    Market(TypeDistribution types, StoppingLaw law, double chi, Valuation valuation = {});

    [[nodiscard]] const TypeDistribution& types() const noexcept { return types_; }
    [[nodiscard]] const StoppingLaw& law() const noexcept { return law_; }
    [[nodiscard]] const Valuation& valuation() const noexcept { return valuation_; }
    [[nodiscard]] double chi() const noexcept { return chi_; }
    /// Smallest doubling of 1 with P(τ > t) ≤ 1e-16 (at most 2^40): caps beyond it are ∞ in effect.
    [[nodiscard]] double horizon() const noexcept { return horizon_; }

    /// D(r, T) = ∫_0^T e^{−rt} f*(t) dt (T may be +∞; 0 for T ≤ 0).
    [[nodiscard]] double discounted_mass(double r, double time_cap) const;
    /// q(r) D(r, T): what type r gets from cap T before paying.
    [[nodiscard]] double value(double r, double time_cap) const;

private:
    TypeDistribution types_;
    StoppingLaw law_;
    double chi_;
    Valuation valuation_;
    double horizon_;
};

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

struct AuditReport {
    double max_ic_violation = 0; ///< max over types i, items j of u_i(j) − u_i(own), ≥ 0
    double max_ir_violation = 0; ///< max over types of −u_i(own), ≥ 0
    double worst_ic_type = 0;    ///< the type and the item's type where the IC maximum is attained
    double worst_ic_item = 0;
    double worst_ir_type = 0;
};
/// ∫_{(a, b]} e^{−rt} dF(t) for the law F sold (called with consecutive intervals, a < b).
using DiscountedMassIncrement = std::function<double(double r, double a, double b)>;
/// Global IC/IR of an arbitrary menu: type types[i] is assigned assigned[i] and may take any other
/// assigned item or nothing (utility 0); type r values item (T, P) at q(r)D(r, T) − P. Requires
/// equal sizes (InvalidArgument).
[[nodiscard]] AuditReport audit(std::span<const double> types, std::span<const MenuItem> assigned,
                                const Valuation& valuation, const DiscountedMassIncrement& mass);
/// The same with the market's law and valuation (caps beyond the horizon count as the horizon).
[[nodiscard]] AuditReport audit(const Market& market, std::span<const double> types,
                                std::span<const MenuItem> assigned);
/// `points` equally spaced types in [low, high] (points ≥ 2).
[[nodiscard]] std::vector<double> type_grid(const TypeDistribution& types, std::size_t points);
/// The optimal menu on `points` equally spaced types in [low, high] (points ≥ 2).
[[nodiscard]] AuditReport audit(const TokenCapMenu& menu, std::size_t points);

/// Revenue from raw stopping-time samples: the mean of w(τ_i) = ∫ g ρ_r(τ_i) 1{τ_i ≤ T(r)} dr
/// = G(ρ)q(ρ)e^{−ρτ_i}, ρ = last_type_served_at(τ_i), with its standard error. Requires ≥ 2
/// samples, each ≥ 0 (InvalidArgument).
[[nodiscard]] estimators::Estimate revenue_monte_carlo(const TokenCapMenu& menu, std::span<const double> tau);

/// A one-parameter family of models (Zhong §2.2): type r's expected discount u(r, s) = E_s[e^{−rτ}]
/// and ∂u/∂r, for parameters s ∈ [parameter_low, parameter_high].
struct ModelFamily {
    std::string name;
    double parameter_low = 0;
    double parameter_high = 0;
    std::function<double(double r, double s)> value;
    std::function<double(double r, double s)> value_dr;
};
/// Constant delay s ∈ [t_min, t_max]: u = e^{−rs}. Binary example: t_min = 2 (Zhong §2.2).
[[nodiscard]] ModelFamily constant_delay_family(double t_min, double t_max);
/// Binary Brownian model from ½ with σ ∈ [σ_max/1000, σ_max]: u = sech(√(r/2)/σ) (Zhong §2.2;
/// binary example σ_max = √χ = 1/(2√2)).
[[nodiscard]] ModelFamily binary_brownian_family(double sigma_max);

/// Best menu within a family by pointwise maximization of the virtual value
/// φ(r, s) = g q u + G ∂_r(q u) (exclusion gives 0): 65-point grid in s refined by Brent.
struct FamilyMenu {
    std::string family;
    std::vector<double> r, parameter, virtual_value; ///< on the requested grid; parameter NaN if excluded
    double revenue = 0;                              ///< ∫ max(0, max_s φ) dr (adaptive Gauss-Kronrod)
    bool monotone = true; ///< whether the pointwise optimum on the grid is monotone in r (needed for IC)
};
[[nodiscard]] FamilyMenu best_family_menu(const TypeDistribution& types, const Valuation& valuation,
                                          const ModelFamily& family, std::span<const double> r_grid);

/// A K-tier menu: tier k serves types (upper_type[k−1], upper_type[k]] (upper_type[−1] = low) with
/// time_cap[k] (decreasing, time_cap[0] = ∞) at price[k] (IC: each threshold type is indifferent).
struct TierMenu {
    std::vector<double> upper_type, time_cap, price;
    double revenue = 0; ///< Σ_k (G(upper_k) − G(upper_{k−1})) price_k
};
/// Best K-tier menus for K = 1..max_tiers (max_tiers ≥ 1). Caps are optimal for given thresholds
/// (closed form from the identity above, clamped to stay decreasing); thresholds by coordinate
/// ascent (Brent) from the (K−1)-tier optimum with one tier split, and from equal spacing.
[[nodiscard]] std::vector<TierMenu> best_tier_menus(const Market& market, int max_tiers);

} // namespace beliefsim::pricing
