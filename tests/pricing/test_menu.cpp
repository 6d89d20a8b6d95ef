// Token-cap menu, audit, Monte Carlo revenue, restricted families and tier menus
// (include/beliefsim/pricing/menu.hpp).
// Oracles: Zhong §2.2 and §3.1 closed forms (SPEC §5; papers README corrections), Boost.Math E₁,
// Monte Carlo from exact Exp(½) samples, and independent quadratures written here.

#include <catch2/catch.hpp>

#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/expint.hpp>
#include <boost/math/tools/minima.hpp>

#include "beliefsim/core/error.hpp"
#include "beliefsim/pricing/audit.hpp"
#include "beliefsim/pricing/families.hpp"
#include "beliefsim/pricing/menu.hpp"
#include "beliefsim/pricing/tiers.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace beliefsim::pricing;

namespace {

/// Zhong §3.1: quadratic entropy, prior ½, χ = 1/8, r ~ U[1, 2]; f*(t) = ½e^{−t/2}.
Market binary_market() { return Market(TypeDistribution::uniform(1, 2), exponential_law(0.5), 0.125); }

/// π* = 0.2(1 − e^{−2.5}) + 0.5e^{−1}E₁(1.5) (Zhong §3.1).
double binary_revenue() { return 0.2 * (1 - std::exp(-2.5)) + 0.5 * std::exp(-1.0) * boost::math::expint(1, 1.5); }

/// Composite 20-point Gauss-Legendre on n panels: a different rule from the library's Gauss-Kronrod.
template <class F>
double panels(F f, double a, double b, int n) {
    double s = 0;
    const double h = (b - a) / n;
    for (int i = 0; i < n; ++i)
        s += boost::math::quadrature::gauss<double, 20>::integrate(f, a + i * h, a + (i + 1) * h);
    return s;
}

/// Erlang(2, 1) stopping law: not exponential, so T and the prices depend on its shape.
StoppingLaw erlang2() {
    return {[](double t) { return t < 0 ? 0.0 : t * std::exp(-t); },
            [](double t) { return t < 0 ? 1.0 : (1 + t) * std::exp(-t); },
            {}};
}

/// Truncated normal types with a decreasing valuation q(r) = 2 − r/2 (Zhong §4).
Market heterogeneous_market() {
    Valuation v{[](double r) { return 2 - 0.5 * r; }, [](double) { return -0.5; }};
    return Market(TypeDistribution::truncated_normal(1, 2, 1.3, 0.4), erlang2(), 0.3, v);
}

} // namespace

TEST_CASE("binary example: caps prices and revenue of Zhong §3.1", "[pricing][paper]") {
    const TokenCapMenu menu(binary_market());
    CHECK_FALSE(menu.ironed());
    CHECK(menu.served_high() == 2.0);
    for (const double r : {1.1, 1.25, 1.5, 1.75, 1.9, 2.0}) {
        CAPTURE(r);
        CHECK(menu.time_cap(r) == Approx(1 / (r - 1)).epsilon(1e-13));
        CHECK(menu.token_cap(r) == Approx(0.125 / (r - 1)).epsilon(1e-13));
        // P(r) = (3 + 2e^{−5/2} − 5e^{−(r+½)/(r−1)})/15 (Zhong §3.1; Definition 2 with the factor t).
        const double exact = (3 + 2 * std::exp(-2.5) - 5 * std::exp(-(r + 0.5) / (r - 1))) / 15;
        CHECK(std::abs(menu.price(r) - exact) < 1e-8);
        // dP/d(χT) = e^{−rT} f*(T)/χ; tokens χE[min(τ, T)] = χ·2(1 − e^{−T/2}).
        const double T = 1 / (r - 1);
        CHECK(menu.marginal_price(r) == Approx(std::exp(-r * T) * 0.5 * std::exp(-T / 2) / 0.125).epsilon(1e-12));
        CHECK(menu.expected_tokens(r) == Approx(0.125 * 2 * (1 - std::exp(-T / 2))).epsilon(1e-12));
    }
    CHECK(menu.price(1.5) == Approx(0.204839).margin(5e-7));
    CHECK(menu.price(2.0) == Approx(0.183583).margin(5e-7));
    CHECK(menu.surplus(2.0) == 0);
    CHECK(std::abs(menu.revenue() - binary_revenue()) < 1e-8);
    CHECK(std::abs(menu.revenue_virtual() - binary_revenue()) < 1e-8);
    CHECK(binary_revenue() == Approx(0.201981).margin(5e-7));

    const std::vector<double> grid{1.0, 1.2, 1.4, 1.6, 1.8, 2.0};
    const MenuTable table = tabulate(menu, grid);
    REQUIRE(table.price.size() == grid.size());
    CHECK(std::isinf(table.time_cap[0]));
    CHECK(table.price[3] == Approx(menu.price(1.6)));
    for (std::size_t i = 1; i < grid.size(); ++i) CHECK(table.price[i] < table.price[i - 1]);

    const AuditReport report = audit(menu, 81);
    CHECK(report.max_ic_violation < 1e-10);
    CHECK(report.max_ir_violation < 1e-12);
}

TEST_CASE("the binary example in any time unit: same revenue, caps scaled", "[pricing][boundary]") {
    // Time t → t/c with types r → cr leaves every e^{−rt} and so the menu unchanged. c = 1e6 is a
    // model 1e6 times faster (its law lives at t ~ 1e-6; the quadrature over [0, 1] priced it at 0).
    for (const double c : {1e6, 1e-3}) {
        CAPTURE(c);
        const TokenCapMenu menu(Market(TypeDistribution::uniform(c, 2 * c), exponential_law(0.5 * c), 0.125 * c));
        CHECK(menu.revenue() == Approx(binary_revenue()).epsilon(1e-9));
        CHECK(menu.time_cap(1.5 * c) * c == Approx(2.0).epsilon(1e-12));
    }
}

TEST_CASE("families: a type density unbounded at its ends gives finite virtual values there", "[pricing]") {
    // Beta(½, ½) on [1, 2]: g = ∞ at both ends (experiments/menu/ironed.toml wrote inf there).
    const auto types = TypeDistribution::beta(1, 2, 0.5, 0.5);
    const std::vector<double> grid{1.0, 1.5, 2.0};
    const FamilyMenu delay = best_family_menu(types, {}, constant_delay_family(2, 40), grid);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        CAPTURE(i);
        CHECK((std::isfinite(delay.virtual_value[i]) || std::isnan(delay.parameter[i])));
    }
    // At the end the limit from inside: the same parameter as a type just inside.
    const FamilyMenu inside = best_family_menu(types, {}, constant_delay_family(2, 40), std::vector<double>{1 + 1e-6});
    CHECK(delay.parameter[0] == Approx(inside.parameter[0]).margin(1e-6));
}

TEST_CASE("binary example: restricted families of Zhong §2.2 and revenue ratios", "[pricing][paper]") {
    const Market market = binary_market();
    const std::vector<double> grid{1.0, 1.25, 1.49, 1.51, 1.75, 2.0};
    // Constant delay t ≥ 2: take-it-or-leave-it t = 2 to r ≤ 1.5, revenue ½e^{−3}.
    const FamilyMenu delay = best_family_menu(market.types(), {}, constant_delay_family(2, 40), grid);
    CHECK(delay.revenue == Approx(0.5 * std::exp(-3.0)).epsilon(1e-8));
    CHECK(delay.parameter[2] == Approx(2.0).margin(1e-7));
    CHECK(std::isnan(delay.parameter[3]));
    // Diffusion σ ≤ 1/(2√2): everyone gets σ_max, revenue sech(2√2).
    const FamilyMenu diffusion = best_family_menu(market.types(), {}, binary_brownian_family(1 / std::sqrt(8.0)), grid);
    CHECK(diffusion.revenue == Approx(1 / std::cosh(2 * std::sqrt(2.0))).epsilon(1e-8));
    CHECK(diffusion.revenue == Approx(0.117800).margin(5e-7));
    CHECK(diffusion.monotone);
    for (const double s : diffusion.parameter) CHECK(s == Approx(1 / std::sqrt(8.0)).epsilon(1e-7));
    // Ratios (papers README): optimal/diffusion ≈ 1.71, optimal/constant-delay ≈ 8.1.
    const double optimal = TokenCapMenu(market).revenue();
    CHECK(optimal / diffusion.revenue == Approx(1.7146).margin(1e-4));
    CHECK(optimal / delay.revenue == Approx(8.1137).margin(1e-4));
}

TEST_CASE("Monte Carlo revenue from exact Exp(1/2) samples matches the exact law", "[pricing][stat]") {
    const TokenCapMenu menu(binary_market());
    constexpr beliefsim::rng::Seed seed = 20251012;
    constexpr std::size_t n = 200'000;
    std::vector<double> tau(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto rng = beliefsim::rng::make_path_rng(seed, i);
        tau[i] = -2 * std::log(beliefsim::rng::uniform_open_closed(rng)); // Exp(½) by inversion
    }
    const auto estimate = revenue_monte_carlo(menu, tau);
    const double exact = binary_revenue();
    constexpr double k = 4;
    INFO("seed " << seed << " n " << n << " estimate " << estimate.value << " stderr " << estimate.std_error
                 << " exact " << exact << " k " << k);
    CHECK(estimate.n == n);
    CHECK(estimate.std_error > 0);
    CHECK(estimate.std_error < 2e-3);
    CHECK(std::abs(estimate.value - exact) <= k * estimate.std_error);
}

TEST_CASE("truncated normal types with decreasing q: IC/IR clean and revenue = virtual surplus",
          "[pricing][invariant]") {
    const Market market = heterogeneous_market();
    const TokenCapMenu menu(market);
    CHECK_FALSE(menu.ironed());
    // T = g/G + q'/q turns negative before r = 2: the most impatient types are excluded.
    REQUIRE(menu.served_high() < 2.0);
    CHECK(std::abs(menu.schedule().raw_time_cap(menu.served_high())) < 1e-9);
    CHECK(menu.time_cap(1.99) == 0);
    CHECK(menu.price(1.99) == 0);
    CHECK(std::abs(menu.price(menu.served_high())) < 1e-9); // the marginal served type pays its value

    const AuditReport report = audit(menu, 101);
    CHECK(report.max_ic_violation < 1e-9);
    CHECK(report.max_ir_violation < 1e-9);

    // Independent virtual surplus: ∫∫ g q e^{−rt}(1 − (t − q'/q)G/g) f*(t) dt dr by Gauss-Legendre
    // panels, with T written out here from g, G, q.
    const auto& types = market.types();
    const auto virtual_surplus = [&](double r) {
        const double g = types.pdf(r);
        const double G = types.cdf(r);
        const double q = 2 - 0.5 * r;
        const double dq = -0.5;
        const double T = std::max(0.0, g / G + dq / q);
        return panels(
            [&](double t) { return q * std::exp(-r * t) * (1 - (t - dq / q) * G / g) * t * std::exp(-t) * g; }, 0.0,
            std::min(T, 80.0), 40);
    };
    const double independent = panels(virtual_surplus, 1.0 + 1e-12, menu.served_high(), 64);
    const double revenue = menu.revenue();
    CHECK(revenue > 0);
    CHECK(revenue == Approx(independent).epsilon(1e-7));
    CHECK(menu.revenue_virtual() == Approx(revenue).epsilon(1e-9));

    // The surplus S(r) = ∫_r^{r_c} ∫_0^{T(z)} (t q − q') e^{−zt} f* dt dz as the nested integral
    // (the library swaps the order instead).
    for (const double r : {1.1, 1.4, 1.7}) {
        const double nested = panels(
            [&](double z) {
                const double T = std::max(0.0, menu.schedule().raw_time_cap(z));
                return panels([&](double t) { return (t * (2 - 0.5 * z) + 0.5) * std::exp(-z * t) * t * std::exp(-t); },
                              0.0, std::min(T, 80.0), 40);
            },
            r, menu.served_high(), 32);
        CAPTURE(r);
        CHECK(menu.surplus(r) == Approx(nested).epsilon(1e-8));
    }
}

TEST_CASE("the audit catches a broken menu", "[pricing][invariant]") {
    const TokenCapMenu menu(binary_market());
    std::vector<double> r;
    std::vector<MenuItem> items;
    for (int i = 0; i <= 40; ++i) {
        r.push_back(1 + i / 40.0);
        items.push_back(menu.item(r.back()));
    }
    const AuditReport clean = audit(menu.market(), r, items);
    CHECK(clean.max_ic_violation < 1e-10);

    auto cheaper = items;
    cheaper[20].price -= 0.01; // a discount on r = 1.5's item tempts its neighbours
    const AuditReport ic = audit(menu.market(), r, cheaper);
    CHECK(ic.max_ic_violation > 0.005);
    CHECK(ic.worst_ic_item == Approx(1.5));

    auto dearer = items;
    for (auto& item : dearer) item.price += 0.003; // the least patient type now pays above its value
    const AuditReport ir = audit(menu.market(), r, dearer);
    CHECK(ir.max_ir_violation == Approx(0.003).margin(1e-9));
    CHECK(ir.worst_ir_type == Approx(2.0));
}

TEST_CASE("non-log-concave types are ironed into an IC menu", "[pricing][invariant]") {
    // Arcsine types (Beta(½, ½)): g/G rises again near r = 2, so T must be ironed.
    const Market market(TypeDistribution::beta(1, 2, 0.5, 0.5), exponential_law(0.5), 0.125);
    REQUIRE_FALSE(market.types().log_concave());
    const TokenCapMenu menu(market, 1024);
    REQUIRE(menu.ironed());
    double previous = INFINITY;
    for (int i = 0; i <= 200; ++i) {
        const double cap = menu.time_cap(1 + i / 200.0);
        CHECK(cap <= previous);
        previous = cap;
    }
    const AuditReport report = audit(menu, 81);
    CHECK(report.max_ic_violation < 1e-10);
    CHECK(report.max_ir_violation < 1e-10);
    CHECK(menu.revenue() == Approx(menu.revenue_virtual()).epsilon(1e-10));
    // Bound: the unironed pointwise optimum ∫ g ∫_0^{max(T,0)} ρ f* (not IC) is an upper bound; ironing
    // loses little.
    const auto& types = market.types();
    // tanh-sinh: g is singular at both ends of the support.
    const double bound = boost::math::quadrature::tanh_sinh<double>().integrate(
        [&](double r) {
            const double g = types.pdf(r);
            const double G = types.cdf(r);
            const double T = std::max(0.0, g / G);
            return panels([&](double t) { return std::exp(-r * t) * (g - G * t) * 0.5 * std::exp(-t / 2); }, 0.0,
                          std::min(T, 80.0), 20);
        },
        1.0, 2.0);
    CHECK(menu.revenue() <= bound + 1e-9);
    CHECK(menu.revenue() > 0.99 * bound);
}

TEST_CASE("finite K-tier menus approach the continuous optimum", "[pricing][invariant]") {
    const Market market = binary_market();
    const double optimal = TokenCapMenu(market).revenue();
    const auto tiers = best_tier_menus(market, 5);
    REQUIRE(tiers.size() == 5);
    for (std::size_t K = 1; K <= tiers.size(); ++K) {
        const TierMenu& menu = tiers[K - 1];
        CAPTURE(K, menu.revenue);
        REQUIRE(menu.time_cap.size() == K);
        CHECK(menu.revenue < optimal);
        if (K > 1) CHECK(menu.revenue > tiers[K - 2].revenue);
        CHECK(std::isinf(menu.time_cap[0]));
        for (std::size_t k = 1; k < K; ++k) CHECK(menu.time_cap[k] < menu.time_cap[k - 1]);
        // Each type takes its tier: audit every type against every tier item.
        std::vector<double> r;
        std::vector<MenuItem> items;
        for (int i = 0; i <= 60; ++i) {
            const double x = 1 + i / 60.0;
            const auto tier =
                std::lower_bound(menu.upper_type.begin(), menu.upper_type.end(), x) - menu.upper_type.begin();
            r.push_back(x);
            items.push_back(static_cast<std::size_t>(tier) < K ? MenuItem{menu.time_cap[tier], menu.price[tier]}
                                                               : MenuItem{});
        }
        const AuditReport report = audit(market, r, items);
        CHECK(report.max_ic_violation < 1e-9);
        CHECK(report.max_ir_violation < 1e-9);
    }
    CHECK(tiers[4].revenue > 0.999 * optimal);

    // K = 1 is the best take-it-or-leave-it offer (cap T, price P), found here by direct search:
    // buyers are the types with D(r, T) ≥ P, i.e. r ≤ r*(P) (D decreasing in r); revenue G(r*)·P.
    double best_single = 0;
    for (const double T : {1.0, 3.0, 10.0, double(INFINITY)}) {
        const auto revenue_at = [&](double P) {
            double a = 1;
            double b = 2;
            if (market.discounted_mass(2, T) >= P) return P; // everyone buys
            if (market.discounted_mass(1, T) < P) return 0.0;
            for (int i = 0; i < 100; ++i) (market.discounted_mass(0.5 * (a + b), T) >= P ? a : b) = 0.5 * (a + b);
            return (a - 1) * P;
        };
        const auto found =
            boost::math::tools::brent_find_minima([&](double P) { return -revenue_at(P); }, 0.0, 1.0, 40);
        best_single = std::max(best_single, -found.second);
    }
    // The search stops within Brent's tolerance of the kink at P = D(2, ∞).
    CHECK(tiers[0].revenue == Approx(best_single).epsilon(1e-7));
    CHECK(tiers[0].revenue >= best_single - 1e-12);
    CHECK(tiers[0].revenue == Approx(0.2).epsilon(1e-9)); // everyone buys the uncapped model at ½/(2 + ½)
}

TEST_CASE("bad menu input names the field", "[pricing][bad-input]") {
    const auto types = TypeDistribution::uniform(1, 2);
    for (const double chi : {0.0, -0.1, double(NAN), double(INFINITY)}) {
        try {
            (void)Market(types, exponential_law(0.5), chi);
            FAIL("no InvalidArgument for chi " << chi);
        } catch (const beliefsim::InvalidArgument& e) {
            CHECK(e.parameter() == "chi");
        }
    }
    CHECK_THROWS_AS(Market(types, StoppingLaw{}, 0.1), beliefsim::InvalidArgument);
    const Valuation negative{[](double r) { return 1.5 - r; }, [](double) { return -1.0; }};
    CHECK_THROWS_AS(Market(types, exponential_law(0.5), 0.1, negative), beliefsim::InvalidArgument);
    const TokenCapMenu menu(Market(types, exponential_law(0.5), 0.1));
    const std::vector<double> outside{0.5};
    CHECK_THROWS_AS(tabulate(menu, outside), beliefsim::InvalidArgument);
    CHECK_THROWS_AS(revenue_monte_carlo(menu, std::vector<double>{1.0}), beliefsim::InvalidArgument);
}
