#include "beliefsim/pricing/menu.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/estimators/moments.hpp"
#include "law_quadrature.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>

namespace beliefsim::pricing {

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
    return detail::integrate_density(market_, weight, 0.0, time_cap(r), {time_cap(served_high())});
}

double TokenCapMenu::integrate_served(const std::function<double(double)>& f) const {
    // Split where T(r) crosses the horizon (min(T, horizon) has a kink there) or a kink of f*.
    const double low = market_.types().low();
    std::vector<double> cuts;
    for (const double t : market_.law().kinks) cuts.push_back(schedule_.last_type_served_at(t));
    cuts.push_back(schedule_.last_type_served_at(market_.horizon()));
    for (double& c : cuts) c = std::clamp(c, low, served_high());
    return detail::integrate_types(f, low, served_high(), std::move(cuts));
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
    return market_.chi() * detail::integrate_law(
                               market_, [](double) { return 1.0; }, market_.law().survival, 0.0, T);
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
        if (caps[i] > from)
            cumulative += detail::integrate_density(market_, weight, from, caps[i], {time_cap(served_high())});
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
        return detail::integrate_density(market_, weight, 0.0, std::numeric_limits<double>::infinity(),
                                         {time_cap(served_high()), time_cap(types.low())});
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
        return detail::integrate_density(
            market_, [&](double t) { return std::exp(-r * t) * (g * q + G * dq - G * q * t); }, 0.0, time_cap(r));
    };
    return integrate_served(inner);
}

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
        table.surplus.push_back(menu.ironed() ? menu.surplus(r[i])
                                              : menu.market().value(r[i], table.time_cap[i]) - table.price[i]);
    return table;
}

estimators::Estimate revenue_monte_carlo(const TokenCapMenu& menu, std::span<const double> tau) {
    BELIEFSIM_REQUIRE(tau.size() >= 2, "revenue_monte_carlo needs >= 2 samples (got " << tau.size() << ")");
    const auto& market = menu.market();
    // One value at a time: Moments then updates like Welford's streaming mean.
    estimators::Moments moments;
    for (const double t : tau) {
        BELIEFSIM_REQUIRE(t >= 0, "stopping times must be >= 0 (got " << t << ")");
        const double rho = menu.schedule().last_type_served_at(t);
        const double w = market.types().cdf(rho) * market.valuation().q(rho) * std::exp(-rho * t);
        moments.add(std::span(&w, 1));
    }
    return moments.mean();
}

} // namespace beliefsim::pricing
