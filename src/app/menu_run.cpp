#include "beliefsim/app/menu_run.hpp"

#include "beliefsim/app/laws.hpp"
#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/registry.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"

#include <boost/math/interpolators/cardinal_cubic_b_spline.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

namespace beliefsim::app {
using namespace beliefsim::pricing; // the menu run is pricing's client

namespace {

/// Raw samples the menu keeps for a sampled law (8 bytes each): the run's first this-many paths.
constexpr std::uint64_t MAX_LAW_SAMPLES = 10'000'000;
/// Samples kept, with the exact law, for the Monte Carlo cross-check of the revenue.
constexpr std::uint64_t CHECK_SAMPLES = 1'000'000;
/// Knots of the tabulated ln L₁(x) (uniform in ln x).
constexpr int FAMILY_KNOTS = 1025;

void validate(const MenuSpec& spec) {
    const MenuSettings& m = spec.menu;
    BELIEFSIM_CHECK(m.law == "auto" || m.law == "exact" || m.law == "monte-carlo", "law",
                    "must be \"auto\", \"exact\" or \"monte-carlo\" (got \"" << m.law << "\")");
    BELIEFSIM_CHECK(!spec.simulation.token_cap, "token_cap",
                    "is set by the menu (one cap per type): leave it out of a menu run");
    BELIEFSIM_CHECK(m.points >= 2, "points", "must be >= 2 " << got(m.points));
    BELIEFSIM_CHECK(m.audit_points >= 2, "audit_points", "must be >= 2 " << got(m.audit_points));
    BELIEFSIM_CHECK(m.tiers >= 0 && m.tiers <= 8, "tiers", "must be in [0, 8] " << got(m.tiers));
    BELIEFSIM_CHECK(m.min_fraction > 0 && m.min_fraction < 1, "min_fraction",
                    "must be in (0, 1) " << got(m.min_fraction));
}

// The exact menu's table, with the standard-error columns of a sampled law all 0.
EmpiricalMenuTable exact_table(const TokenCapMenu& menu, std::span<const double> r) {
    EmpiricalMenuTable table;
    table.values = tabulate(menu, r);
    for (auto* column :
         {&table.price_stderr, &table.surplus_stderr, &table.expected_tokens_stderr, &table.marginal_price_stderr})
        column->assign(r.size(), 0.0);
    return table;
}

} // namespace

ModelFamily throughput_family(std::string name, const std::function<double(double)>& laplace, double mean, double x_low,
                              double x_high, double f_min) {
    BELIEFSIM_REQUIRE(f_min > 0 && f_min < 1, "f_min must be in (0, 1) (got " << f_min << ")");
    BELIEFSIM_REQUIRE(x_low > 0 && x_high > x_low, "need 0 < x_low < x_high (got " << x_low << ", " << x_high << ")");
    const double s0 = std::log(x_low);
    const double step = (std::log(x_high) - s0) / (FAMILY_KNOTS - 1);
    std::vector<double> log_l(FAMILY_KNOTS);
    for (int k = 0; k < FAMILY_KNOTS; ++k) {
        const double l = laplace(std::exp(s0 + k * step));
        // A model far slower than the types discount (χ = 1e-12 with r ~ 1) has E[e^{−rτ}] = 0 in
        // doubles: it is worth nothing to them, and the families' logarithms need it > 0.
        BELIEFSIM_CHECK(std::isfinite(l) && l > 0, "chi",
                        "the model is too slow for these types: E[exp(-r tau)] underflows to 0 at r = "
                            << significant(std::exp(s0 + k * step)) << " (raise chi or lower the types)");
        log_l[static_cast<std::size_t>(k)] = std::log(l);
    }
    using Spline = boost::math::interpolators::cardinal_cubic_b_spline<double>;
    const auto spline = std::make_shared<const Spline>(log_l.begin(), log_l.end(), s0, step);
    // Below x_low, L₁(x) = 1 − E[τ]x + O(x²): the exponential keeps it positive and decreasing.
    const auto value = [spline, mean, x_low](double r, double f) {
        const double x = r / f;
        return x < x_low ? std::exp(-mean * x) : std::exp((*spline)(std::log(x)));
    };
    // ∂_r L₁(r/f) = L₁(x) (d ln L₁/d ln x) / r.
    const auto value_dr = [spline, mean, x_low](double r, double f) {
        const double x = r / f;
        if (x < x_low) return -mean / f * std::exp(-mean * x);
        const double s = std::log(x);
        return std::exp((*spline)(s)) * spline->prime(s) / r;
    };
    return {std::move(name), f_min, 1.0, value, value_dr};
}

MenuRun run_menu(MenuSpec spec, const mc::ProgressCallback& progress) {
    validate(spec);
    auto& sim = spec.simulation;
    // One process for the run: its exact law prices the menu, its Monte Carlo run gives the samples.
    const std::shared_ptr<const ModelProcess> process = make_process(sim.model, sim.diffusion);
    std::optional<StoppingLawFunctions> exact;
    if (spec.menu.law != "monte-carlo") exact = exact_stopping_law(process);
    BELIEFSIM_CHECK(spec.menu.law != "exact" || exact, "law",
                    "process \"" << sim.model.process << "\" with " << sim.model.states
                                 << " states has no exact law with a density: use \"monte-carlo\" or \"auto\"");

    const std::uint64_t user_samples = sim.estimators.raw_sample_cap;
    sim.estimators.raw_sample_cap =
        std::max(user_samples, std::min(sim.plan.paths, exact ? CHECK_SAMPLES : MAX_LAW_SAMPLES));
    MenuRun run;
    run.types = spec.types.name();
    run.types_low = spec.types.low();
    run.types_high = spec.types.high();
    run.valuation = spec.valuation_form;
    run.simulation = simulate(sim, *process, progress);
    std::vector<double> samples = std::move(run.simulation.estimates.raw_tau);
    run.simulation.estimates.raw_tau.assign(
        samples.begin(),
        samples.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(user_samples, samples.size())));
    run.simulation.estimates.raw_state.resize(run.simulation.estimates.raw_tau.size());
    run.simulation.spec.estimators.raw_sample_cap = user_samples;

    const double chi = sim.model.chi;
    const std::vector<double> r = type_grid(spec.types, static_cast<std::size_t>(spec.menu.points));
    const std::vector<double> quartiles = {spec.types.quantile(0.25), spec.types.quantile(0.5),
                                           spec.types.quantile(0.75)};
    if (exact) {
        run.law_source = exact->source;
        const Market market(spec.types, {exact->density, exact->survival, exact->kinks}, chi, spec.valuation);
        const TokenCapMenu menu(market);
        run.table = exact_table(menu, r);
        run.quartiles = exact_table(menu, quartiles);
        run.revenue = {menu.revenue(), 0.0, 0};
        run.revenue_virtual = menu.revenue_virtual();
        if (samples.size() >= 2) run.revenue_from_samples = revenue_monte_carlo(menu, samples);
        run.audit = audit(menu, static_cast<std::size_t>(spec.menu.audit_points));
        run.ironed = menu.ironed();
        run.served_high = menu.served_high();
        if (spec.menu.tiers > 0) run.tiers = best_tier_menus(market, spec.menu.tiers);
    } else {
        run.monte_carlo_law = true;
        run.law_source = "Monte Carlo: the run's first " + std::to_string(samples.size()) + " stopping times";
        const EmpiricalMenu menu(CapSchedule(spec.types, spec.valuation), chi, std::move(samples));
        run.table = menu.tabulate(r);
        run.quartiles = menu.tabulate(quartiles);
        run.revenue = menu.revenue();
        run.audit = menu.audit(static_cast<std::size_t>(spec.menu.audit_points));
        run.ironed = menu.schedule().ironed();
        run.served_high = menu.schedule().served_high();
    }

    const FamilyLaws laws = family_laws(sim);
    const double f_min = spec.menu.min_fraction;
    const double tau0 = laws.constant_delay;
    run.constant_delay =
        best_family_menu(spec.types, spec.valuation,
                         {"constant_delay", f_min, 1.0, [tau0](double x, double f) { return std::exp(-tau0 * x / f); },
                          [tau0](double x, double f) { return -tau0 / f * std::exp(-tau0 * x / f); }},
                         r);
    if (laws.diffusion_laplace) {
        const double x_low = std::max(spec.types.low(), 1e-3 * spec.types.high());
        run.diffusion = best_family_menu(spec.types, spec.valuation,
                                         throughput_family("diffusion", laws.diffusion_laplace, laws.diffusion_mean,
                                                           x_low, spec.types.high() / f_min, f_min),
                                         r);
    } else {
        run.diffusion_note = "no exact law for a diffusion with " + std::to_string(sim.model.states) + " states";
    }
    return run;
}

} // namespace beliefsim::app
