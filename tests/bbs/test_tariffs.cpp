// Two-part tariffs (Propositions 6 and 7; Lemma 3): a buyer facing the whole tariff menu optimizes
// her own token purchase numerically (nested Brent, no formula) and picks the best item; she must
// land on the direct mechanism's tokens and payment. Oracle: the direct mechanism (Propositions
// 4 and 5), reached here by a different route (the buyer's own optimization).

#include <catch2/catch.hpp>

#include <boost/math/tools/minima.hpp>

#include "beliefsim/bbs/allocations.hpp"
#include "beliefsim/bbs/packages.hpp"

#include <cmath>
#include <vector>

using namespace beliefsim::bbs;
using beliefsim::pricing::TypeDistribution;

namespace {

const TechnologyParams example{};
const ScalarLaw unit = scalar_law(TypeDistribution::uniform(0, 1));

struct Purchase {
    Tokens tokens;
    double payment = 0;
    double utility = 0; ///< net of the payment
};

/// max over x, y, z ≥ 0 of n (v x^α y^β (b + z)^γ − p_x x − p_y y) − p_z z − p0, by Brent over
/// log y inside Brent over log x inside Brent over log(1 + z/b), plus the corner z = 0. The
/// maximum is flat, so tokens come out to ~1e-8 and payments to ~1e-8 relative.
Purchase buy(double v, double n, const TwoPartTariff& t) {
    const auto& p = example;
    const auto gross = [&](double x, double y, double z) {
        return n * (v * std::pow(x, p.alpha) * std::pow(y, p.beta) * std::pow(p.b + z, p.gamma) - t.p_x * x -
                    t.p_y * y) -
               t.p_z * z;
    };
    const auto best_y = [&](double x, double z) {
        return boost::math::tools::brent_find_minima([&](double ly) { return -gross(x, std::exp(ly), z); }, -40.0, 20.0,
                                                     45);
    };
    const auto best_x = [&](double z) {
        return boost::math::tools::brent_find_minima([&](double lx) { return best_y(std::exp(lx), z).second; }, -40.0,
                                                     20.0, 45);
    };
    const auto outer = boost::math::tools::brent_find_minima(
        [&](double u) { return best_x(p.b * std::expm1(u)).second; }, 0.0, 8.0, 45);
    double z = p.b * std::expm1(outer.first);
    if (best_x(0.0).second <= outer.second) z = 0.0;
    const double x = std::exp(best_x(z).first);
    const double y = std::exp(best_y(x, z).first);
    Purchase out{{x, y, z}, t.p0 + n * (t.p_x * x + t.p_y * y) + t.p_z * z, 0.0};
    out.utility = gross(x, y, z) - t.p0;
    return out;
}

} // namespace

TEST_CASE("Proposition 7: a buyer facing the package tariff menu picks the direct package and payment",
          "[bbs][paper]") {
    const Technology tech(example);
    const PackageMenu menu(tech, value_scale_theta_law(tech, unit, unit));
    std::vector<double> items;
    for (int k = 0; k <= 26; ++k) items.push_back(0.35 + 0.025 * k);
    for (const double theta : {0.45, 0.6, 0.8, 0.95}) { // both regimes: θ̂ = 2/3
        CAPTURE(theta);
        std::vector<double> menu_types = items;
        menu_types.push_back(theta);
        double best = 0; // outside option
        double chosen = -1;
        Purchase chosen_purchase;
        for (const double item : menu_types) {
            const Purchase pu = buy(theta, 1.0, menu.tariff(item));
            if (pu.utility > best + 1e-12) {
                best = pu.utility;
                chosen = item;
                chosen_purchase = pu;
            }
        }
        CHECK(std::abs(chosen - theta) < 1e-9); // the grid may hold θ itself up to rounding
        const Tokens want = menu.package(theta);
        CHECK(chosen_purchase.tokens.x == Approx(want.x).epsilon(1e-6));
        CHECK(chosen_purchase.tokens.y == Approx(want.y).epsilon(1e-6));
        CHECK(chosen_purchase.tokens.z == Approx(want.z).margin(1e-6));
        CHECK(chosen_purchase.payment == Approx(menu.transfer(theta)).epsilon(1e-7));
    }
}

TEST_CASE("Proposition 6: a buyer facing the capped tariff menu picks the direct allocation and payment",
          "[bbs][paper]") {
    const AllocationMenu menu(Technology(example), unit, unit);
    for (const auto& [w, s] : {std::pair{0.7, 0.6}, std::pair{0.9, 0.8}}) { // no fine-tuning, fine-tuning
        CAPTURE(w, s, menu.fine_tuning_value(s));
        double best = 0;
        std::pair<double, double> chosen{-1, -1};
        Purchase chosen_purchase;
        for (int i = 0; i <= 8; ++i)
            for (int j = 1; j <= 5; ++j) {
                const double wi = 0.55 + 0.05 * i, sj = 0.2 * j;
                const TwoPartTariff t = menu.tariff(wi, sj);
                // With cap s̄ she serves min(s, s̄) of her tasks.
                const Purchase pu = buy(w, std::min(s, t.task_cap), t);
                if (pu.utility > best + 1e-12) {
                    best = pu.utility;
                    chosen = {wi, sj};
                    chosen_purchase = pu;
                }
            }
        CHECK(std::abs(chosen.first - w) < 1e-9);
        CHECK(std::abs(chosen.second - s) < 1e-9);
        const Tokens want = menu.tokens(w, s);
        CHECK(chosen_purchase.tokens.x == Approx(want.x).epsilon(1e-6));
        CHECK(chosen_purchase.tokens.z == Approx(want.z).margin(1e-6));
        CHECK(chosen_purchase.payment == Approx(menu.transfer(w, s)).epsilon(1e-7));
    }
}
