#pragma once
/// The restricted model families of Zhong §2.2 and the best menu within one, by pointwise
/// maximization of the virtual value.
/// Tested by: tests/pricing/test_menu.cpp.

#include "beliefsim/pricing/cap_schedule.hpp"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace beliefsim::pricing {

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

} // namespace beliefsim::pricing
