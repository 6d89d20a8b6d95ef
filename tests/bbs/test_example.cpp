// Appendix "Uniform Symmetric Setting" closed forms (include/beliefsim/bbs/example.hpp) against the
// numerical path (AllocationMenu, PackageMenu with θ's law by quadrature), for (ρ, c) other than
// Example 1, in both regimes; and the printed slips, shown by Π*.

#include <catch2/catch.hpp>

#include "beliefsim/bbs/example.hpp"
#include "beliefsim/bbs/packages.hpp"
#include "beliefsim/core/error.hpp"
#include "paper_formulas.hpp"

#include <cmath>

using namespace beliefsim::bbs;
using beliefsim::pricing::TypeDistribution;

namespace {
const ScalarLaw unit = scalar_law(TypeDistribution::uniform(0, 1));
}

TEST_CASE("Example 1 closed forms equal the printed Example 1 formulas", "[bbs][paper]") {
    const UniformSymmetric ex(0.25, 0.125);
    for (const double s : {0.2, 0.6, 1.0})
        for (const double w : {0.55, 0.75, 0.95}) {
            const double d = 2 * w - 1;
            CHECK(ex.w_hat(s) == Approx(0.5 * (1 + 1 / (2 * std::sqrt(s)))).epsilon(1e-14));
            const bool tune = w > ex.w_hat(s);
            CHECK(ex.allocation_quality(w, s) == Approx(tune ? 8 * s * s * d * d * d : 2 * s * d).epsilon(1e-13));
            CHECK(ex.allocation_transfer(w, s) ==
                  Approx(tune ? s * s * d * d * d * (1 + 6 * w) - 1.0 / 16 : s * (2 * w * w - 0.5)).epsilon(1e-13));
        }
    for (const double t : {0.5, 0.9}) CHECK(ex.theta_virtual_value(t) == Approx((3 * t - 1) / 2).epsilon(1e-13));
    CHECK(ex.package_theta_hat() == Approx(2.0 / 3).epsilon(1e-15));
}

TEST_CASE("Example 1: only the corrected tokens reproduce Pi star 97/960", "[bbs][paper]") {
    // Π* = R* − E[C] with C = s c (x + y) + c z over the served region, integrated here.
    const UniformSymmetric ex(0.25, 0.125);
    const auto profit = [&](bool printed) {
        const auto over_w = [&](double s) {
            const auto g = [&](double w) {
                Tokens t = ex.allocation_tokens(w, s);
                if (printed && w <= ex.w_hat(s)) t.x = t.y = 4 * s * s * (2 * w - 1) * (2 * w - 1);
                return ex.allocation_transfer(w, s) - 0.125 * (s * (t.x + t.y) + t.z);
            };
            const double k = std::min(1.0, ex.w_hat(s)); // split at the kink
            return test::panels(g, 0.5, k, 8) + test::panels(g, k, 1, 8);
        };
        return test::panels(over_w, 0, 0.25, 8) + test::panels(over_w, 0.25, 1, 8); // ŵ(¼) = 1
    };
    CHECK(profit(false) == Approx(97.0 / 960).epsilon(1e-12));
    CHECK(profit(true) == Approx(1217.0 / 10240).epsilon(1e-12));
}

TEST_CASE("appendix allocation formulas match the numerical path for other rho and c", "[bbs][paper]") {
    for (const auto& [rho, c] : {std::pair{0.2, 0.1}, std::pair{0.3, 0.05}}) {
        const UniformSymmetric ex(rho, c);
        const AllocationMenu menu(Technology(ex.technology()), unit, unit);
        int tuned = 0, untuned = 0;
        for (const double s : {0.15, 0.5, 0.9})
            for (const double w : {0.55, 0.7, 0.8, 0.9, 0.99}) {
                CAPTURE(rho, c, s, w);
                CHECK(menu.fine_tuning_value(s) == Approx(std::min(1.0, ex.w_hat(s))).epsilon(1e-10));
                (w > ex.w_hat(s) ? tuned : untuned) += 1;
                CHECK(menu.quality(w, s) == Approx(ex.allocation_quality(w, s)).epsilon(1e-10));
                CHECK(menu.transfer(w, s) == Approx(ex.allocation_transfer(w, s)).epsilon(1e-9));
                const Tokens a = menu.tokens(w, s), b = ex.allocation_tokens(w, s);
                CHECK(a.x == Approx(b.x).epsilon(1e-10));
                CHECK(a.y == Approx(b.y).epsilon(1e-10));
                CHECK(a.z == Approx(b.z).margin(1e-10));
                const TwoPartTariff ta = menu.tariff(w, s), tb = ex.allocation_tariff(w, s);
                CHECK(ta.p_x == Approx(tb.p_x).epsilon(1e-10));
                CHECK(ta.p0 == Approx(tb.p0).epsilon(1e-8));
            }
        CHECK(tuned > 0);
        CHECK(untuned > 0);
    }
}

TEST_CASE("appendix theta law and corrected virtual value match the numerical path", "[bbs][paper]") {
    const UniformSymmetric ex(0.2, 0.1);
    const Technology tech(ex.technology());
    const ScalarLaw theta = value_scale_theta_law(tech, unit, unit);
    const VirtualValue phi(theta);
    for (const double t : {0.2, 0.5, 0.8}) {
        CHECK(theta.pdf(t) == Approx(ex.theta_density(t)).epsilon(1e-9));
        CHECK(phi(t) == Approx(ex.theta_virtual_value(t)).epsilon(1e-8));
    }
}

TEST_CASE("appendix package formulas for rho 1/4 and other c match the numerical path", "[bbs][paper]") {
    for (const double c : {0.05, 0.2}) {
        const UniformSymmetric ex(0.25, c);
        const Technology tech(ex.technology());
        const PackageMenu menu(tech, value_scale_theta_law(tech, unit, unit));
        CHECK(menu.fine_tuning_type() == Approx(ex.package_theta_hat()).epsilon(1e-9));
        for (const double t : {0.4, 0.5, 0.7, 0.9, 0.98}) {
            CAPTURE(c, t);
            CHECK(menu.quality(t) == Approx(ex.package_quality(t)).epsilon(1e-8));
            CHECK(menu.transfer(t) == Approx(ex.package_transfer(t)).epsilon(1e-8));
            const Tokens a = menu.package(t), b = ex.package_tokens(t);
            CHECK(a.x == Approx(b.x).epsilon(1e-8));
            CHECK(a.z == Approx(b.z).margin(1e-8));
            const TwoPartTariff ta = menu.tariff(t), tb = ex.package_tariff(t);
            CHECK(ta.p_z == Approx(tb.p_z).epsilon(1e-8));
            CHECK(ta.p0 == Approx(tb.p0).epsilon(1e-7));
        }
    }
}

TEST_CASE("uniform symmetric setting rejects bad rho and c", "[bbs][bad-input]") {
    for (const auto& [rho, c, field] : {std::tuple{0.0, 0.1, "rho"}, std::tuple{1.0 / 3, 0.1, "rho"},
                                        std::tuple{0.2, 0.0, "c"}, std::tuple{0.2, -1.0, "c"}}) {
        try {
            (void)UniformSymmetric(rho, c);
            FAIL("no throw");
        } catch (const beliefsim::InvalidArgument& e) {
            CHECK(e.parameter() == field);
        }
    }
    CHECK_THROWS_AS(UniformSymmetric(0.2, 0.1).package_quality(0.5), beliefsim::InvalidArgument);
}
