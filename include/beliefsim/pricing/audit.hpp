#pragma once
/// Global IC/IR audit of a token-cap menu (SPEC §1 "Token-cap menu", §3 `/menu` audit attributes):
/// every type of a grid may take any other type's item or nothing.
/// Tested by: tests/pricing/test_menu.cpp, tests/pricing/test_empirical_menu.cpp.

#include "beliefsim/pricing/menu.hpp"

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace beliefsim::pricing {

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

} // namespace beliefsim::pricing
