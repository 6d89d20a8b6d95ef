#pragma once
/// One `menu` run as a library call (SPEC §3 `menu`): simulate the model, take its stopping law
/// (exact where the process has one with a density, otherwise the Monte Carlo sample with its
/// error propagated to prices and revenue), build the optimal token-cap menu for the type
/// distribution and valuation, audit it, and compare it with the restricted families of Zhong
/// §2.2 and with K-tier menus. The CLI only parses, calls this and writes.
/// Tested by: tests/app/test_menu_run.cpp, tests/e2e/test_cli.cpp.
///
/// Families (Zhong §2.2), built from the same prior, entropy and χ, parametrized by the
/// throughput fraction f ∈ [f_min, 1]: the process with fraction f stops at τ₁/f, so
/// u(r, f) = L₁(r/f) with L₁ the f = 1 Laplace transform:
/// - constant delay: L₁(x) = e^{−τ₀x} (exact);
/// - diffusion: the binary diffusion's L₁ (Brownian closed form, otherwise Feynman-Kac), tabulated
///   as a cubic B-spline in ln x (Boost.Math) so that the pointwise optimization stays cheap; not
///   available for n ≥ 3 (no exact law), which the result says.
/// K-tier menus need D(r, T) at many points and are built from the exact law only.

#include "beliefsim/app/simulate.hpp"
#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/pricing/cap_schedule.hpp"
#include "beliefsim/pricing/empirical_menu.hpp"
#include "beliefsim/pricing/families.hpp"
#include "beliefsim/pricing/menu.hpp"
#include "beliefsim/pricing/tiers.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace beliefsim::app {

/// The `[menu]` table.
struct MenuSettings {
    std::string law = "auto";   ///< auto (exact when available) | exact | monte-carlo
    int points = 201;           ///< types in the /menu table
    int audit_points = 201;     ///< types in the IC/IR audit (every type against every item)
    int tiers = 5;              ///< K-tier menus for K = 1..tiers (0: none)
    double min_fraction = 0.01; ///< f_min of the families
};

struct MenuSpec {
    app::SimulationSpec simulation;
    pricing::TypeDistribution types = pricing::TypeDistribution::uniform(1, 2);
    pricing::Valuation valuation;
    std::string valuation_form = "constant"; ///< for the record
    MenuSettings menu;
};

struct MenuRun {
    app::SimulationResult simulation;
    std::string types, valuation; ///< distribution and valuation names, for the record
    double types_low = 0, types_high = 0;
    bool monte_carlo_law = false;
    std::string law_source;
    pricing::EmpiricalMenuTable table;     ///< stderr columns all 0 with the exact law
    pricing::EmpiricalMenuTable quartiles; ///< the same columns at the type quartiles G⁻¹(¼), G⁻¹(½), G⁻¹(¾)
    estimators::Estimate revenue;          ///< std_error 0 with the exact law
    double revenue_virtual = 0;            ///< exact law: ∫ g ∫ ρ_r f* (the same number by another route)
    std::optional<estimators::Estimate>
        revenue_from_samples; ///< exact law: the Monte Carlo revenue of the run's raw samples
    pricing::AuditReport audit;
    bool ironed = false;
    double served_high = 0;
    std::optional<pricing::FamilyMenu> constant_delay, diffusion;
    std::string diffusion_note; ///< why the diffusion family is missing, if it is
    std::vector<pricing::TierMenu> tiers;
};

/// Runs it, building the model's process once (app/registry.hpp) for its exact law and its Monte
/// Carlo run. Throws: InvalidArgument naming the broken parameter: those of `simulate`, of the
/// settings ("law", also when `exact` is asked of a process without an exact law; "points",
/// "audit_points", "tiers", "min_fraction") and "token_cap", which the menu sets itself.
[[nodiscard]] MenuRun run_menu(MenuSpec spec, const mc::ProgressCallback& progress = {});

/// u(r, f) = L₁(r/f) for f ∈ [f_min, 1] with L₁ tabulated on x ∈ [x_low, x_high] (x_low > 0;
/// below it L₁ ≈ e^{−mean·x}). Requires 0 < f_min < 1 and 0 < x_low < x_high (InvalidArgument).
[[nodiscard]] pricing::ModelFamily throughput_family(std::string name, const std::function<double(double)>& laplace,
                                                     double mean, double x_low, double x_high, double f_min);

} // namespace beliefsim::app
