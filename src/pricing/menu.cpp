#include "beliefsim/pricing/menu.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/minima.hpp>

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <sstream>

namespace beliefsim::pricing {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

/// Inner (time) integrals: smooth integrands, so a tight tolerance is cheap.
template <class F>
double integrate_time(F f, double a, double b) {
    if (!(b > a)) return 0;
    return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, a, b, 10, 1e-11);
}

/// ∫_a^b h(t) w(t) dt with a, b clamped to the horizon, in pieces between the law's kinks and
/// `extra` (Gauss-Kronrod's error estimate never settles on a kink: it would refine to its depth
/// limit on every call).
template <class H, class W>
double integrate_pieces(const Market& m, H h, W w, double a, double b, std::initializer_list<double> extra = {}) {
    a = std::min(a, m.horizon());
    b = std::min(b, m.horizon());
    std::vector<double> cuts(extra);
    cuts.insert(cuts.end(), m.law().kinks.begin(), m.law().kinks.end());
    std::sort(cuts.begin(), cuts.end());
    const auto f = [&](double t) { return h(t) * w(t); };
    double total = 0;
    double from = a;
    for (const double at : cuts) {
        if (at > from && at < b) {
            total += integrate_time(f, from, at);
            from = at;
        }
    }
    return total + integrate_time(f, from, b);
}

/// ∫_a^b h(t) f*(t) dt.
template <class H>
double integrate_density(const Market& m, H h, double a, double b, std::initializer_list<double> extra = {}) {
    return integrate_pieces(m, h, m.law().density, a, b, extra);
}

/// Outer (type) integrals: each point may cost an inner integral, so fewer points per panel.
template <class F>
double integrate_type(F f, double a, double b) {
    if (!(b > a)) return 0;
    return boost::math::quadrature::gauss_kronrod<double, 15>::integrate(f, a, b, 10, 1e-10);
}

} // namespace

StoppingLaw exponential_law(double rate) {
    BELIEFSIM_REQUIRE(std::isfinite(rate) && rate > 0, "exponential rate must be > 0 (got " << rate << ")");
    return {[rate](double t) { return t < 0 ? 0.0 : rate * std::exp(-rate * t); },
            [rate](double t) { return t < 0 ? 1.0 : std::exp(-rate * t); }, {}};
}

// ---------------------------------------------------------------------------------------- Market

Market::Market(TypeDistribution types, StoppingLaw law, double chi, Valuation valuation)
    : types_(std::move(types)), law_(std::move(law)), chi_(chi), valuation_(std::move(valuation)), horizon_(1) {
    if (!(std::isfinite(chi) && chi > 0)) {
        std::ostringstream os;
        os << "must be > 0 and finite (got " << chi << ")";
        throw ConfigError("model.chi", os.str());
    }
    BELIEFSIM_REQUIRE(law_.density && law_.survival, "the stopping law needs a density and a survival function");
    require_valid_valuation(types_, valuation_);
    while (law_.survival(horizon_) > 1e-16 && horizon_ < 0x1p40) horizon_ *= 2;
}

double Market::discounted_mass(double r, double time_cap) const {
    return integrate_density(*this, [r](double t) { return std::exp(-r * t); }, 0.0, time_cap);
}

double Market::value(double r, double time_cap) const { return valuation_.q(r) * discounted_mass(r, time_cap); }

// ---------------------------------------------------------------------------------- TokenCapMenu

TokenCapMenu::TokenCapMenu(Market market, std::size_t iron_cells)
    : market_(std::move(market)), schedule_(market_.types(), market_.valuation(), iron_cells) {}

double TokenCapMenu::price_weight(double t, double rho) const {
    return market_.valuation().q(rho) * std::exp(-rho * t);
}

double TokenCapMenu::price_weight(double t) const { return price_weight(t, schedule_.last_type_served_at(t)); }

double TokenCapMenu::price_smooth(double r) const {
    // Swapping the order in S (valid because T decreases): the types z ≥ r still served at t are
    // [r, ρ(t)], and ∫_r^{ρ} (t q − q') e^{−zt} dz = q(r)e^{−rt} − q(ρ)e^{−ρt}, so
    // P(r) = q(r)D(r, T(r)) − S(r) = ∫_0^{T(r)} q(ρ(t)) e^{−ρ(t)t} f*(t) dt: one integral, no nesting.
    const auto weight = [this](double t) { return price_weight(t); };
    // ρ(t) sticks at served_high for t ≤ T(served_high): a kink.
    return integrate_density(market_, weight, 0.0, time_cap(r), {time_cap(served_high())});
}

double TokenCapMenu::integrate_served(const std::function<double(double)>& f) const {
    // Split where T(r) crosses the horizon (min(T, horizon) has a kink there) or a kink of f*.
    const double low = market_.types().low();
    std::vector<double> cuts = {low, served_high()};
    for (const double t : market_.law().kinks) cuts.push_back(schedule_.last_type_served_at(t));
    cuts.push_back(schedule_.last_type_served_at(market_.horizon()));
    for (double& c : cuts) c = std::clamp(c, low, served_high());
    std::sort(cuts.begin(), cuts.end());
    double total = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) total += integrate_type(f, cuts[i], cuts[i + 1]);
    return total;
}

double TokenCapMenu::surplus(double r) const {
    if (r >= served_high() || r < market_.types().low()) return 0;
    if (schedule_.blocks().empty()) return market_.value(r, time_cap(r)) - price_smooth(r);
    // On a block of constant cap T, (t q − q') e^{−zt} = −∂_z[q(z) e^{−zt}] integrates exactly.
    double s = 0;
    for (const auto& k : schedule_.blocks()) {
        if (k.b <= r) continue;
        const double a = std::max(k.a, r);
        s += market_.value(a, k.cap) - market_.value(k.b, k.cap);
    }
    return s;
}

double TokenCapMenu::price(double r) const {
    if (r > served_high() || r < market_.types().low()) return 0;
    if (schedule_.blocks().empty()) return price_smooth(r);
    return market_.value(r, time_cap(r)) - surplus(r);
}

double TokenCapMenu::marginal_price(double r) const {
    const double T = time_cap(r);
    if (!(T > 0) || !std::isfinite(T)) return 0;
    return market_.valuation().q(r) * std::exp(-r * T) * market_.law().density(T) / market_.chi();
}

double TokenCapMenu::expected_tokens(double r) const {
    const double T = std::min(time_cap(r), market_.horizon());
    return market_.chi() * integrate_pieces(market_, [](double) { return 1.0; }, market_.law().survival, 0.0, T);
}

std::vector<double> TokenCapMenu::prices(std::span<const double> r) const {
    std::vector<double> out(r.size());
    if (ironed()) {
        for (std::size_t i = 0; i < r.size(); ++i) out[i] = price(r[i]);
        return out;
    }
    // P(r) = ∫_0^{T(r)} w f*: one integrand for all types, so accumulate it over the sorted caps.
    std::vector<std::size_t> order(r.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> caps(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) caps[i] = time_cap(r[i]);
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return caps[i] < caps[j]; });
    const auto weight = [this](double t) { return price_weight(t); };
    double cumulative = 0;
    double from = 0;
    for (const std::size_t i : order) {
        if (caps[i] > from) cumulative += integrate_density(market_, weight, from, caps[i], {time_cap(served_high())});
        from = std::max(from, caps[i]);
        out[i] = caps[i] > 0 ? cumulative : 0.0;
    }
    return out;
}

double TokenCapMenu::revenue() const {
    const auto& types = market_.types();
    if (schedule_.blocks().empty()) {
        // ∫ g P dr with P = ∫_0^{T(r)} q(ρ)e^{−ρt} f* dt: the types served at t are [low, ρ(t)],
        // so swapping the order leaves ∫ G(ρ(t)) q(ρ(t)) e^{−ρ(t)t} f*(t) dt, one integral.
        const auto weight = [&](double t) {
            const double rho = schedule_.last_type_served_at(t);
            return types.cdf(rho) * price_weight(t, rho);
        };
        return integrate_density(market_, weight, 0.0, inf, {time_cap(served_high()), time_cap(types.low())});
    }
    // The price is constant on a block (dP/dr = q e^{−rT} f*(T) T' = 0).
    double total = 0;
    for (const auto& k : schedule_.blocks()) total += (types.cdf(k.b) - types.cdf(k.a)) * price(k.a);
    return total;
}

double TokenCapMenu::revenue_virtual() const {
    const auto& types = market_.types();
    if (!schedule_.blocks().empty()) {
        // g ρ_r = ∂_r[G q e^{−rt}]: the virtual surplus of a block is exact.
        double total = 0;
        for (const auto& k : schedule_.blocks())
            total += types.cdf(k.b) * market_.value(k.b, k.cap) - types.cdf(k.a) * market_.value(k.a, k.cap);
        return total;
    }
    const auto inner = [&](double r) {
        const double g = types.pdf(r);
        const double G = types.cdf(r);
        const double q = market_.valuation().q(r);
        const double dq = market_.valuation().dq(r);
        return integrate_density(
            market_, [&](double t) { return std::exp(-r * t) * (g * q + G * dq - G * q * t); }, 0.0, time_cap(r));
    };
    return integrate_served(inner);
}

// ------------------------------------------------------------------------------- table and audit

MenuTable tabulate(const TokenCapMenu& menu, std::span<const double> r) {
    const auto& types = menu.market().types();
    MenuTable table;
    for (const double x : r) {
        BELIEFSIM_REQUIRE(x >= types.low() && x <= types.high(),
                          "type " << x << " outside [" << types.low() << ", " << types.high() << "]");
        table.r.push_back(x);
        table.time_cap.push_back(menu.time_cap(x));
        table.token_cap.push_back(menu.token_cap(x));
        table.marginal_price.push_back(menu.marginal_price(x));
        table.expected_tokens.push_back(menu.expected_tokens(x));
    }
    table.price = menu.prices(r);
    for (std::size_t i = 0; i < r.size(); ++i)
        table.surplus.push_back(menu.ironed() ? menu.surplus(r[i]) : menu.market().value(r[i], table.time_cap[i]) - table.price[i]);
    return table;
}

AuditReport audit(std::span<const double> types, std::span<const MenuItem> assigned, const Valuation& valuation,
                  const DiscountedMassIncrement& mass) {
    BELIEFSIM_REQUIRE(types.size() == assigned.size(),
                      "audit needs one assigned item per type (" << types.size() << " vs " << assigned.size() << ")");
    // Caps in increasing order, so D(r, ·) accumulates over short intervals.
    std::vector<std::size_t> order(assigned.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return assigned[i].time_cap < assigned[j].time_cap; });
    AuditReport report;
    std::vector<double> value_of(assigned.size());
    for (std::size_t i = 0; i < types.size(); ++i) {
        const double r = types[i];
        double previous = 0;
        double cumulative = 0;
        for (const std::size_t j : order) {
            const double cap = std::max(assigned[j].time_cap, 0.0);
            if (cap > previous) cumulative += mass(r, previous, cap);
            previous = std::max(previous, cap);
            value_of[j] = cumulative;
        }
        const double q = valuation.q(r);
        const double own = q * value_of[i] - assigned[i].price;
        if (-own > report.max_ir_violation) {
            report.max_ir_violation = -own;
            report.worst_ir_type = r;
        }
        for (std::size_t j = 0; j < assigned.size(); ++j) {
            const double gain = q * value_of[j] - assigned[j].price - own;
            if (gain > report.max_ic_violation) {
                report.max_ic_violation = gain;
                report.worst_ic_type = r;
                report.worst_ic_item = types[j];
            }
        }
    }
    return report;
}

AuditReport audit(const Market& market, std::span<const double> types, std::span<const MenuItem> assigned) {
    return audit(types, assigned, market.valuation(), [&](double r, double a, double b) {
        return integrate_density(market, [r](double t) { return std::exp(-r * t); }, a, b);
    });
}

std::vector<double> type_grid(const TypeDistribution& types, std::size_t points) {
    BELIEFSIM_REQUIRE(points >= 2, "a type grid needs >= 2 points (got " << points << ")");
    std::vector<double> r(points);
    for (std::size_t i = 0; i < points; ++i)
        r[i] = types.low() + (types.high() - types.low()) * static_cast<double>(i) / static_cast<double>(points - 1);
    return r;
}

AuditReport audit(const TokenCapMenu& menu, std::size_t points) {
    const std::vector<double> r = type_grid(menu.market().types(), points);
    const std::vector<double> price = menu.prices(r);
    std::vector<MenuItem> items;
    for (std::size_t i = 0; i < r.size(); ++i) items.push_back({menu.time_cap(r[i]), price[i]});
    return audit(menu.market(), r, items);
}

estimators::Estimate revenue_monte_carlo(const TokenCapMenu& menu, std::span<const double> tau) {
    BELIEFSIM_REQUIRE(tau.size() >= 2, "revenue_monte_carlo needs >= 2 samples (got " << tau.size() << ")");
    const auto& market = menu.market();
    // Welford's streaming mean and variance.
    double mean = 0;
    double m2 = 0;
    std::uint64_t n = 0;
    for (const double t : tau) {
        BELIEFSIM_REQUIRE(t >= 0, "stopping times must be >= 0 (got " << t << ")");
        const double rho = menu.schedule().last_type_served_at(t);
        const double w = market.types().cdf(rho) * market.valuation().q(rho) * std::exp(-rho * t);
        ++n;
        const double delta = w - mean;
        mean += delta / static_cast<double>(n);
        m2 += delta * (w - mean);
    }
    const double variance = m2 / static_cast<double>(n - 1);
    return {mean, std::sqrt(variance / static_cast<double>(n)), n};
}

// ------------------------------------------------------------------------------ model families

ModelFamily constant_delay_family(double t_min, double t_max) {
    BELIEFSIM_REQUIRE(std::isfinite(t_min) && t_min > 0 && std::isfinite(t_max) && t_max > t_min,
                      "constant delay needs 0 < t_min < t_max < inf (got " << t_min << ", " << t_max << ")");
    return {"constant_delay", t_min, t_max, [](double r, double s) { return std::exp(-r * s); },
            [](double r, double s) { return -s * std::exp(-r * s); }};
}

ModelFamily binary_brownian_family(double sigma_max) {
    BELIEFSIM_REQUIRE(std::isfinite(sigma_max) && sigma_max > 0, "sigma_max must be > 0 (got " << sigma_max << ")");
    // u = sech(x), x = √(r/2)/σ (the binary Brownian motion's E[e^{−rτ}] from ½); ∂x/∂r = x/(2r).
    return {"diffusion", sigma_max / 1000, sigma_max,
            [](double r, double s) { return 1 / std::cosh(std::sqrt(r / 2) / s); },
            [](double r, double s) {
                const double x = std::sqrt(r / 2) / s;
                return r > 0 ? -std::tanh(x) / std::cosh(x) * x / (2 * r) : 0.0;
            }};
}

namespace {

struct PointwiseBest {
    double parameter; ///< NaN when excluded
    double value;     ///< ≥ 0
};

PointwiseBest best_parameter(const TypeDistribution& types, const Valuation& valuation, const ModelFamily& family, double r) {
    const double g = types.pdf(r);
    const double G = types.cdf(r);
    const double q = valuation.q(r);
    const double dq = valuation.dq(r);
    const auto phi = [&](double s) {
        const double u = family.value(r, s);
        return g * q * u + G * (dq * u + q * family.value_dr(r, s));
    };
    constexpr int grid = 64;
    const double step = (family.parameter_high - family.parameter_low) / grid;
    int best = 0;
    double best_value = -inf;
    for (int j = 0; j <= grid; ++j) {
        const double v = phi(family.parameter_low + j * step);
        if (v > best_value) {
            best_value = v;
            best = j;
        }
    }
    double best_s = family.parameter_low + best * step;
    const double a = std::max(family.parameter_low, best_s - step);
    const double b = std::min(family.parameter_high, best_s + step);
    const auto refined = boost::math::tools::brent_find_minima([&](double s) { return -phi(s); }, a, b, 50);
    if (-refined.second > best_value) {
        best_value = -refined.second;
        best_s = refined.first;
    }
    if (!(best_value > 0)) return {std::numeric_limits<double>::quiet_NaN(), 0};
    return {best_s, best_value};
}

} // namespace

FamilyMenu best_family_menu(const TypeDistribution& types, const Valuation& valuation, const ModelFamily& family,
                            std::span<const double> r_grid) {
    BELIEFSIM_REQUIRE(family.value && family.value_dr && family.parameter_high > family.parameter_low,
                      "model family '" << family.name << "' is incomplete");
    FamilyMenu menu;
    menu.family = family.name;
    int direction = 0; // +1 / −1 once the served parameters have moved
    double previous = std::numeric_limits<double>::quiet_NaN();
    for (const double r : r_grid) {
        const PointwiseBest best = best_parameter(types, valuation, family, r);
        menu.r.push_back(r);
        menu.parameter.push_back(best.parameter);
        menu.virtual_value.push_back(best.value);
        if (std::isnan(best.parameter)) continue;
        if (!std::isnan(previous) && std::abs(best.parameter - previous) > 1e-7 * (family.parameter_high - family.parameter_low)) {
            const int d = best.parameter > previous ? 1 : -1;
            if (direction != 0 && d != direction) menu.monotone = false;
            direction = d;
        }
        previous = best.parameter;
    }
    menu.revenue = integrate_type([&](double r) { return best_parameter(types, valuation, family, r).value; },
                                  types.low(), types.high());
    return menu;
}

// ---------------------------------------------------------------------------------- tier menus

namespace {

/// Caps optimal for the thresholds (pooled_cap per tier; the top tier, with G = 0 below, gets ∞),
/// clamped so that they decrease; and the revenue Σ_k [G q D](r_k, T_k) − [G q D](r_{k−1}, T_k).
struct TierValue {
    std::vector<double> caps;
    double revenue = 0;
};

TierValue evaluate_tiers(const Market& market, const std::vector<double>& upper) {
    TierValue out;
    double lower = market.types().low();
    double previous_cap = inf;
    for (const double r : upper) {
        const double cap = std::min(r > lower ? pooled_cap(market.types(), market.valuation(), lower, r) : previous_cap, previous_cap);
        out.caps.push_back(cap);
        out.revenue += market.types().cdf(r) * market.value(r, cap) - market.types().cdf(lower) * market.value(lower, cap);
        lower = r;
        previous_cap = cap;
    }
    return out;
}

/// Coordinate ascent over the thresholds (each by Brent between its neighbours).
std::vector<double> ascend(const Market& market, std::vector<double> upper) {
    const double low = market.types().low();
    const double high = market.types().high();
    double current = evaluate_tiers(market, upper).revenue;
    for (int sweep = 0; sweep < 60; ++sweep) {
        const double before = current;
        for (std::size_t k = 0; k < upper.size(); ++k) {
            const double a = k == 0 ? low : upper[k - 1];
            const double b = k + 1 == upper.size() ? high : upper[k + 1];
            std::vector<double> trial = upper;
            const auto objective = [&](double x) {
                trial[k] = x;
                return -evaluate_tiers(market, trial).revenue;
            };
            const auto found = boost::math::tools::brent_find_minima(objective, a, b, 30);
            if (-found.second > current) {
                current = -found.second;
                upper[k] = found.first;
            }
        }
        if (current - before <= 1e-12 * std::max(1.0, std::abs(current))) break;
    }
    return upper;
}

TierMenu finish_tiers(const Market& market, const std::vector<double>& upper) {
    TierMenu menu;
    menu.upper_type = upper;
    menu.time_cap = evaluate_tiers(market, upper).caps;
    const std::size_t K = upper.size();
    // IC prices: the lowest tier's top type gets zero surplus, each threshold type is indifferent.
    menu.price.assign(K, 0.0);
    menu.price[K - 1] = market.value(upper[K - 1], menu.time_cap[K - 1]);
    for (std::size_t k = K - 1; k-- > 0;)
        menu.price[k] = menu.price[k + 1] + market.value(upper[k], menu.time_cap[k]) -
                        market.value(upper[k], menu.time_cap[k + 1]);
    double lower_G = 0;
    for (std::size_t k = 0; k < K; ++k) {
        const double G = market.types().cdf(upper[k]);
        menu.revenue += (G - lower_G) * menu.price[k];
        lower_G = G;
    }
    return menu;
}

} // namespace

std::vector<TierMenu> best_tier_menus(const Market& market, int max_tiers) {
    BELIEFSIM_REQUIRE(max_tiers >= 1, "max_tiers must be >= 1 (got " << max_tiers << ")");
    const double low = market.types().low();
    const double high = market.types().high();
    std::vector<TierMenu> menus;
    std::vector<double> previous;
    for (int K = 1; K <= max_tiers; ++K) {
        std::vector<std::vector<double>> starts;
        std::vector<double> even(static_cast<std::size_t>(K));
        for (int k = 0; k < K; ++k) even[static_cast<std::size_t>(k)] = low + (high - low) * (k + 1) / K;
        starts.push_back(even);
        // Split each tier of the (K−1)-tier optimum in two: the best of these is at least as good.
        for (std::size_t k = 0; k < previous.size(); ++k) {
            std::vector<double> split = previous;
            const double a = k == 0 ? low : previous[k - 1];
            split.insert(split.begin() + static_cast<std::ptrdiff_t>(k), 0.5 * (a + previous[k]));
            starts.push_back(split);
        }
        if (!previous.empty()) {
            std::vector<double> extended = previous;
            extended.push_back(0.5 * (previous.back() + high));
            starts.push_back(extended);
        }
        std::vector<double> best;
        double best_revenue = -inf;
        for (const auto& start : starts) {
            auto found = ascend(market, start);
            const double revenue = evaluate_tiers(market, found).revenue;
            if (revenue > best_revenue) {
                best_revenue = revenue;
                best = std::move(found);
            }
        }
        menus.push_back(finish_tiers(market, best));
        previous = best;
    }
    return menus;
}

} // namespace beliefsim::pricing
