// Example 1 menus of token allocations and token packages (include/beliefsim/bbs/{allocations,
// packages,screening}.hpp). Oracles: BBS Example 1 as printed (R*, Π*, ŵ(s), q, T, θ law, Q, T of
// packages), with the papers-README corrections for x, z; ironing checked by IC and by revenue.

#include <catch2/catch.hpp>

#include "beliefsim/bbs/allocations.hpp"
#include "beliefsim/bbs/packages.hpp"
#include "beliefsim/core/error.hpp"
#include "paper_formulas.hpp"

#include <cmath>

using namespace beliefsim::bbs;
using beliefsim::pricing::TypeDistribution;

namespace {
const ScalarLaw unit = scalar_law(TypeDistribution::uniform(0, 1));
}

TEST_CASE("Example 1 allocations: R star 139/480 and Pi star 97/960 by quadrature", "[bbs][paper]") {
    const AllocationMenu menu(Technology(TechnologyParams{}), unit, unit);
    CHECK_FALSE(menu.virtual_value().ironed());
    CHECK(std::abs(menu.revenue() - 139.0 / 480) < 1e-9);
    CHECK(std::abs(menu.profit() - 97.0 / 960) < 1e-9);
}

TEST_CASE("Example 1 allocations: exclusion, w hat of s, q, T and tokens at several points", "[bbs][paper]") {
    const AllocationMenu menu(Technology(TechnologyParams{}), unit, unit);
    CHECK(menu.lowest_served() == Approx(0.5).epsilon(1e-12));
    for (const double s : {0.3, 0.55, 0.8, 1.0}) {
        const double w_hat = 0.5 * (1 + 1 / (2 * std::sqrt(s)));
        CHECK(menu.fine_tuning_value(s) == Approx(w_hat).epsilon(1e-12));
        for (const double w : {0.45, 0.6, 0.7, 0.85, 0.97}) {
            CAPTURE(s, w);
            const double d = 2 * w - 1;
            if (w < 0.5) {
                CHECK(menu.quality(w, s) == 0.0);
                CHECK(menu.transfer(w, s) == 0.0);
                continue;
            }
            const Tokens t = menu.tokens(w, s);
            if (w <= w_hat) {
                CHECK(menu.quality(w, s) == Approx(2 * s * d).epsilon(1e-12));
                CHECK(menu.transfer(w, s) == Approx(s * (2 * w * w - 0.5)).epsilon(1e-10));
                CHECK(t.x == Approx(4 * d * d).epsilon(1e-12)); // printed 4s²(2w−1)²: slip (example.hpp)
                CHECK(t.z == 0.0);
            } else {
                CHECK(menu.quality(w, s) == Approx(8 * s * s * d * d * d).epsilon(1e-12));
                CHECK(menu.transfer(w, s) == Approx(s * s * d * d * d * (1 + 6 * w) - 1.0 / 16).epsilon(1e-10));
                CHECK(t.x == Approx(16 * s * std::pow(d, 4)).epsilon(1e-12)); // papers README
                CHECK(t.z == Approx(16 * s * s * std::pow(d, 4) - 1).epsilon(1e-12));
            }
            CHECK(t.y == Approx(t.x).epsilon(1e-14));
            // Tariff (Example 1 continued): p = w/(8(2w−1)); p0 = s(w − ½) below ŵ(s).
            const TwoPartTariff tariff = menu.tariff(w, s);
            CHECK(tariff.p_x == Approx(w / (8 * d)).epsilon(1e-12));
            CHECK(tariff.p_z == Approx(w / (8 * d)).epsilon(1e-12));
            CHECK(tariff.task_cap == s);
            if (w <= w_hat)
                CHECK(tariff.p0 == Approx(s * (w - 0.5)).epsilon(1e-9));
            else
                CHECK(tariff.p0 == Approx(s * s * d * d * d - 1.0 / 16 + w / (8 * d)).epsilon(1e-9)); // + m c_z b
        }
    }
}

TEST_CASE("Example 1 allocations satisfy Assumptions 1 and 2 and p0 increases in s", "[bbs][paper]") {
    const AllocationMenu menu(Technology(TechnologyParams{}), unit, unit);
    const AssumptionReport r = menu.check_assumptions(31);
    CHECK(r.assumption1());
    CHECK(r.assumption2());
    for (const double w : {0.6, 0.8, 0.95})
        for (double s = 0.1; s < 0.95; s += 0.1) CHECK(menu.tariff(w, s + 0.05).p0 > menu.tariff(w, s).p0);
}

TEST_CASE("allocation menu is IC and IR across values and scales", "[bbs][invariant]") {
    const AllocationMenu menu(Technology(TechnologyParams{}), unit, unit);
    // (w, s) reporting (w', s'): gross w q(w', s') min(1, s/s') (proof of Proposition 4).
    std::vector<double> ws, ss, q, T;
    for (int i = 0; i <= 12; ++i)
        for (int j = 1; j <= 8; ++j) {
            ws.push_back(0.4 + 0.05 * i);
            ss.push_back(j / 8.0);
            q.push_back(menu.quality(ws.back(), ss.back()));
            T.push_back(menu.transfer(ws.back(), ss.back()));
        }
    double worst_ic = 0, worst_ir = 0;
    for (std::size_t a = 0; a < ws.size(); ++a) {
        const double own = ws[a] * q[a] - T[a];
        worst_ir = std::max(worst_ir, -own);
        for (std::size_t b = 0; b < ws.size(); ++b)
            worst_ic = std::max(worst_ic, ws[a] * q[b] * std::min(1.0, ss[a] / ss[b]) - T[b] - own);
    }
    CHECK(worst_ic < 1e-12);
    CHECK(worst_ir < 1e-12);
}

TEST_CASE("Example 1 packages: theta law, R star 139/540 and Pi star 97/1080", "[bbs][paper]") {
    const Technology tech(TechnologyParams{});
    const ScalarLaw theta = value_scale_theta_law(tech, unit, unit);
    for (const double t : {0.1, 0.4, 0.7, 0.95}) {
        CHECK(theta.pdf(t) == Approx(2 * (1 - t)).epsilon(1e-10));
        CHECK(theta.cdf(t) == Approx(2 * t - t * t).epsilon(1e-10));
    }
    const PackageMenu menu(tech, theta);
    CHECK_FALSE(menu.screening().virtual_value().ironed());
    CHECK(std::abs(menu.revenue() - 139.0 / 540) < 1e-9);
    CHECK(std::abs(menu.profit() - 97.0 / 1080) < 1e-9);
    CHECK(menu.screening().lowest_served() == Approx(1.0 / 3).epsilon(1e-10));
    CHECK(menu.fine_tuning_type() == Approx(2.0 / 3).epsilon(1e-10));
    for (const double t : {0.2, 0.4, 0.6, 0.7, 0.85, 1.0}) {
        CAPTURE(t);
        const double d = 3 * t - 1;
        CHECK(menu.screening().virtual_value()(t) == Approx(d / 2).epsilon(1e-9));
        if (t < 1.0 / 3) {
            CHECK(menu.quality(t) == 0.0);
            continue;
        }
        const Tokens k = menu.package(t);
        const TwoPartTariff tariff = menu.tariff(t);
        CHECK(tariff.p_y == Approx(t / (4 * d)).epsilon(1e-9));
        if (t <= 2.0 / 3) {
            CHECK(menu.quality(t) == Approx(d).epsilon(1e-9));
            CHECK(k.x == Approx(d * d).epsilon(1e-9));
            CHECK(k.z == 0.0);
            CHECK(menu.transfer(t) == Approx((9 * t * t - 1) / 6).epsilon(1e-9));
            CHECK(tariff.p0 == Approx(d / 6).epsilon(1e-8));
        } else {
            CHECK(menu.quality(t) == Approx(d * d * d).epsilon(1e-9));
            CHECK(k.x == Approx(std::pow(d, 4)).epsilon(1e-9));
            CHECK(k.z == Approx(std::pow(d, 4) - 1).epsilon(1e-9));
            CHECK(menu.transfer(t) == Approx(-1.0 / 12 + (1 + 9 * t) / 12 * d * d * d).epsilon(1e-9));
            CHECK(tariff.p0 == Approx(1 / (12 * d) + d * d * d / 12).epsilon(1e-8));
        }
    }
    const ScreeningAudit a = audit(menu.screening(), 201);
    CHECK(a.max_ic_violation < 1e-12);
    CHECK(a.max_ir_violation < 1e-12);
}

TEST_CASE("ironing: a bimodal type law gives a monotone IC menu with consistent revenue", "[bbs][invariant]") {
    const Technology tech(TechnologyParams{});
    // Density with a deep trough: φ decreases inside the trough.
    const TypeDistribution bimodal =
        TypeDistribution::tabulated(0, 1, {0, 0.6, 0.8, 0.85, 1}, {1.0, 2.0, 2.0, 0.05, 2.0});
    const PackageMenu menu(tech, scalar_law(bimodal));
    REQUIRE(menu.screening().virtual_value().ironed());
    const ScreeningAudit a = audit(menu.screening(), 301);
    CHECK(a.max_ic_violation < 1e-12);
    CHECK(a.max_ir_violation < 1e-12);
    double previous = 0;
    for (int i = 0; i <= 400; ++i) {
        const double q = menu.quality(i / 400.0);
        CHECK(q >= previous);
        previous = q;
    }
    // Revenue as ∫ T f by direct quadrature (another route than the virtual-surplus identity);
    const double direct =
        beliefsim::bbs::test::panels([&](double t) { return menu.transfer(t) * bimodal.pdf(t); }, 0, 1, 2048);
    CHECK(direct == Approx(menu.revenue()).epsilon(1e-8)); // panels = ironing cells
}

TEST_CASE("bad scale support is rejected", "[bbs][bad-input]") {
    const ScalarLaw wide = scalar_law(TypeDistribution::uniform(0, 2));
    try {
        (void)AllocationMenu(Technology(TechnologyParams{}), unit, wide);
        FAIL("no throw");
    } catch (const beliefsim::InvalidArgument& e) {
        CHECK(e.parameter() == "s");
    }
    CHECK_THROWS_AS(value_scale_theta_law(Technology(TechnologyParams{}), unit, wide), beliefsim::InvalidArgument);
}
