#include "beliefsim/app/reproduce.hpp"

#include "beliefsim/app/bbs_run.hpp"
#include "beliefsim/app/ttc_run.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/pricing/families.hpp"
#include "beliefsim/pricing/quality.hpp"
#include "beliefsim/process/greedy.hpp"

#include <boost/math/special_functions/expint.hpp>

#include <cmath>
#include <memory>

namespace beliefsim::app {
using namespace beliefsim::pricing; // app code is pricing's client
namespace {

constexpr double CHI = 0.125;

} // namespace

Reproduction reproduce_zhong_binary() {
    Vector prior(2);
    prior << 0.5, 0.5;
    const auto greedy = std::make_shared<const process::GreedyModel>(
        process::GreedySpec{entropy::Entropy::from_name("quadratic", std::nullopt, 2), prior, CHI});
    const StoppingLaw law{[greedy](double t) { return greedy->density(t); },
                          [greedy](double t) { return greedy->survival(t); },
                          {}}; // one phase: no kinks
    const Market market(TypeDistribution::uniform(1, 2), law, CHI);
    const TokenCapMenu menu(market);

    std::vector<double> grid;
    for (int i = 0; i <= 100; ++i) grid.push_back(1 + i / 100.0);
    const FamilyMenu delay = best_family_menu(market.types(), {}, constant_delay_family(2, 40), grid);
    const FamilyMenu diffusion = best_family_menu(market.types(), {}, binary_brownian_family(std::sqrt(CHI)), grid);

    Reproduction out;
    out.name = "zhong-binary";
    out.menu = tabulate(menu, grid);
    out.revenue = menu.revenue();
    out.audit = audit(menu, 201);
    const auto add = [&](std::string quantity, double paper, double ours, double tolerance, std::string note = "") {
        out.numbers.push_back({std::move(quantity), paper, ours, tolerance, std::move(note)});
    };
    add("f*(0) (density, 1/2 e^{-t/2})", 0.5, greedy->density(0), 1e-12);
    add("f*(4)", 0.5 * std::exp(-2.0), greedy->density(4), 1e-12);
    add("E[tau]", 2, greedy->mean(), 1e-10);
    add("T(1.25) = 1/(r - 1)", 4, menu.time_cap(1.25), 1e-9);
    add("T(1.5)", 2, menu.time_cap(1.5), 1e-9);
    add("revenue pi*", 0.201981, menu.revenue(), 5e-7, "printed to 6 digits");
    add("revenue pi* (closed form)", 0.2 * (1 - std::exp(-2.5)) + 0.5 * std::exp(-1.0) * boost::math::expint(1, 1.5),
        menu.revenue(), 1e-9, "0.2(1 - e^{-2.5}) + 0.5 e^{-1} E1(1.5)");
    for (const double r : {1.25, 1.5, 1.75, 2.0}) {
        const double closed = (3 + 2 * std::exp(-2.5) - 5 * std::exp(-(r + 0.5) / (r - 1))) / 15;
        add("P(" + std::to_string(r).substr(0, 4) + ")", closed, menu.price(r), 1e-8,
            "(3 + 2e^{-5/2} - 5e^{-(r+1/2)/(r-1)})/15");
    }
    add("P(1.5) as printed", 0.204839, menu.price(1.5), 5e-7);
    add("P(2) as printed", 0.183583, menu.price(2), 5e-7);
    add("constant-delay family revenue 1/2 e^{-3}", 0.024894, delay.revenue, 5e-7);
    add("diffusion family revenue sech(2 sqrt 2)", 0.117800, diffusion.revenue, 5e-7);
    add("optimal / constant-delay", 8, menu.revenue() / delay.revenue, 0.5, "paper: \"8 times\" (8.11)");
    add("optimal / diffusion", 2, menu.revenue() / diffusion.revenue, 0.3,
        "paper: \"2 times\"; exact ratio 1.71 (papers/README)");
    return out;
}

Reproduction reproduce_zhong_quality() {
    Reproduction out;
    out.name = "zhong-quality";
    constexpr double ALPHA = 2;
    const auto add = [&](std::string quantity, double paper, double ours, double tolerance, std::string note = "") {
        out.numbers.push_back({std::move(quantity), paper, ours, tolerance, std::move(note)});
    };
    for (const double r : {1.25, 1.5, 2.0}) {
        const double cap = 1 / (r - 1); // T(r) = g/G for U[1, 2]
        const QualitySpec spec{CHI, ALPHA, r, cap};
        const auto table = tabulate_kappa(spec, cap, 101);
        out.kappa_r.push_back(r);
        out.kappa_t.insert(out.kappa_t.end(), table.t.begin(), table.t.end());
        out.kappa.insert(out.kappa.end(), table.kappa.begin(), table.kappa.end());
        add("kappa limit (chi/((alpha-1) r))^{1/alpha}, r = " + std::to_string(r).substr(0, 4),
            std::sqrt(CHI / ((ALPHA - 1) * r)), kappa_limit(CHI, ALPHA, r), 1e-15);
        add("kappa(T(r)) = 0, r = " + std::to_string(r).substr(0, 4), 0, kappa(spec, cap), 0);
        const QualitySpec far{CHI, ALPHA, r, 1e7};
        add("kappa(0) -> limit as T -> inf, r = " + std::to_string(r).substr(0, 4), std::sqrt(CHI / ((ALPHA - 1) * r)),
            kappa(far, 0), 1e-6);
    }
    return out;
}

/// The TTC paper prints no numbers for synthetic data: the "paper" column holds what its theory
/// requires of any market (equilibrium, PoA ≥ 1, auction welfare ≥ market welfare, ...).
Reproduction reproduce_ttc_synthetic() {
    Reproduction out;
    out.name = "ttc-synthetic";
    out.numbers = run_checks(run_ttc(default_synthetic_spec()));
    return out;
}

/// BBS Example 1 (SPEC §5): the paper's closed forms, with its slips corrected (notes say which).
Reproduction reproduce_bbs_example1() {
    Reproduction out;
    out.name = "bbs-example1";
    out.numbers = app::run_checks(app::run_bbs(app::example1_spec()));
    return out;
}

std::vector<std::string> reproduction_names() {
    return {"zhong-binary", "zhong-quality", "bbs-example1", "ttc-synthetic"};
}

Reproduction reproduce(const std::string& name) {
    if (name == "zhong-binary") return reproduce_zhong_binary();
    if (name == "zhong-quality") return reproduce_zhong_quality();
    if (name == "ttc-synthetic") return reproduce_ttc_synthetic();
    if (name == "bbs-example1") return reproduce_bbs_example1();
    throw InvalidArgument("name", "unknown reproduction \"" + name +
                                      "\" (available: zhong-binary, zhong-quality, bbs-example1, ttc-synthetic, all)");
}

} // namespace beliefsim::app
