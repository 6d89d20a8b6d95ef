// Binary types (include/beliefsim/bbs/binary.hpp), BBS Propositions 2 and 3.
// Oracles: direct evaluation of the deviation of H to L's efficient bundle, with per-task tokens
// from the appendix formulas (46)-(51) integrated here; IC/IR of the menu; simple rival menus.

#include <catch2/catch.hpp>

#include "beliefsim/bbs/binary.hpp"
#include "beliefsim/core/error.hpp"
#include "paper_formulas.hpp"

#include <cmath>

using namespace beliefsim::bbs;
using beliefsim::bbs::test::appendix_tokens;
using beliefsim::bbs::test::panels;

namespace {

using I = TaskProfile::Interpolation;
const TechnologyParams example{}; // α = β = γ = ¼, c = ⅛, b = 1: p = 2

/// Gain of type `dev` from taking the efficient bundle of `rep` at the full-extraction price
/// (rep's gross value), with per-task tokens from the appendix (46)-(51).
double deviation_gain(const TaskProfile& dev, const TaskProfile& rep) {
    const double theta = std::sqrt(panels([&](double i) { return rep(i) * rep(i); })); // p = 2
    const auto q_i = [&](double i) {
        const Tokens t = appendix_tokens(example, rep(i), theta);
        return std::pow(t.x, example.alpha) * std::pow(t.y, example.beta) * std::pow(example.b + t.z, example.gamma);
    };
    return panels([&](double i) { return (dev(i) - rep(i)) * q_i(i); });
}

TaskProfile high_type(double kappa) { return TaskProfile::tabulated({0, 0.5, 1}, {1.2, kappa}, I::step); }
const TaskProfile low_type = TaskProfile::tabulated({0, 1}, {0.8}, I::step);

void check_menu_ic_ir(const BinaryMenu& m) {
    for (int i = 0; i < 2; ++i) {
        const double own = m.value[i][i] - m.item[i].transfer;
        CHECK(own >= -1e-12);
        CHECK(m.value[i][1 - i] - m.item[1 - i].transfer <= own + 1e-12);
    }
}

} // namespace

TEST_CASE("Proposition 3: full-surplus condition on both sides of its boundary", "[bbs][paper]") {
    const Technology tech(example);
    // H = (1.2, κ) on the two halves, L = 0.8: the corrected condition ∫(w_H − w_L) w_L^{p−1} ≤ 0
    // reads κ ≤ 0.4. The direct deviation below decides independently.
    for (const double kappa : {0.38, 0.399, 0.401, 0.42}) {
        CAPTURE(kappa);
        const TaskProfile H = high_type(kappa);
        const BinaryMenu m = binary_menu(tech, low_type, H, 0.5);
        CHECK(m.high == 1); // the higher θ (Proposition 3)
        CHECK(m.theta[1] > m.theta[0]);
        const double gain = deviation_gain(H, low_type);
        CHECK(m.full_surplus == (gain <= 0));
        CHECK(m.full_surplus == (kappa < 0.4));
        CHECK(deviation_gain(low_type, H) < 0); // the low type never envies (Young's inequality)
        check_menu_ic_ir(m);
        if (m.full_surplus) {
            CHECK(m.virtual_weight == 0.0);
            CHECK(m.revenue == Approx(0.5 * (m.value[0][0] + m.value[1][1])).epsilon(1e-12));
        } else {
            CHECK(m.virtual_weight > 0);
            CHECK(m.virtual_weight <= 0.5);
        }
    }
}

TEST_CASE("Proposition 3 as printed fails for disjoint task supports", "[bbs][paper]") {
    const Technology tech(example);
    const TaskProfile a = TaskProfile::tabulated({0, 0.5, 1}, {1.0, 0.0}, I::step);
    const TaskProfile b = TaskProfile::tabulated({0, 0.5, 1}, {0.0, 1.1}, I::step);
    const BinaryMenu m = binary_menu(tech, a, b, 0.4);
    CHECK(m.high == 1);
    // L's bundle puts no tokens on H's tasks, so it is worth nothing to H: full extraction works.
    CHECK(m.value[1][0] == Approx(0.0).margin(1e-15));
    CHECK(m.full_surplus);
    CHECK(deviation_gain(b, a) < 0);
    // The printed condition ∫(w_H − w_L) w_H^{p−1} ≤ 0 would deny it: ∫ over H's half of 1.1² > 0.
    CHECK(m.revenue == Approx(0.4 * m.value[0][0] + 0.6 * m.value[1][1]).epsilon(1e-12));
}

TEST_CASE("Proposition 2: the screening menu is IC, IR, and beats simple rivals", "[bbs][paper]") {
    const Technology tech(example);
    const TaskProfile H = high_type(0.9);
    for (const double fL : {0.3, 0.6, 0.9}) {
        CAPTURE(fL);
        const BinaryMenu m = binary_menu(tech, low_type, H, fL);
        REQUIRE_FALSE(m.full_surplus);
        check_menu_ic_ir(m);
        // IC of H and IR of L bind.
        CHECK(m.value[1][1] - m.item[1].transfer == Approx(m.value[1][0] - m.item[0].transfer).epsilon(1e-10));
        CHECK(m.item[0].transfer == Approx(m.value[0][0]).epsilon(1e-12));
        // Rival 1: sell only H's efficient bundle at H's full value. Rival 2: L's efficient bundle to both at L's
        // value.
        const EfficientAllocation eH = efficient_allocation(tech, H), eL = efficient_allocation(tech, low_type);
        const double only_high = (1 - fL) * (eH.theta * eH.quality - tech.cost(eH.quality));
        const double pool = eL.theta * eL.quality - tech.cost(eL.quality);
        CHECK(m.profit >= only_high - 1e-12);
        CHECK(m.profit >= pool - 1e-12);
    }
}

TEST_CASE("binary menu rejects a bad prior", "[bbs][bad-input]") {
    const Technology tech(example);
    for (const double f : {0.0, 1.0, -0.2, std::nan("")}) {
        try {
            (void)binary_menu(tech, low_type, high_type(0.5), f);
            FAIL("no throw");
        } catch (const beliefsim::InvalidArgument& e) {
            CHECK(e.parameter() == "f1");
        }
    }
}
