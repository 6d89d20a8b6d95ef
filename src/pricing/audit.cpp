#include "beliefsim/pricing/audit.hpp"

#include "beliefsim/core/error.hpp"
#include "law_quadrature.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace beliefsim::pricing {

AuditReport audit(std::span<const double> types, std::span<const MenuItem> assigned, const Valuation& valuation,
                  const DiscountedMassIncrement& mass) {
    BELIEFSIM_REQUIRE(types.size() == assigned.size(),
                      "audit needs one assigned item per type (" << types.size() << " vs " << assigned.size() << ")");
    // Caps in increasing order, so D(r, ·) accumulates over short intervals.
    std::vector<std::size_t> order(assigned.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t i, std::size_t j) { return assigned[i].time_cap < assigned[j].time_cap; });
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
        return detail::integrate_density(
            market, [r](double t) { return std::exp(-r * t); }, a, b);
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

} // namespace beliefsim::pricing
