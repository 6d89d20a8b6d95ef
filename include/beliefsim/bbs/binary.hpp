#pragma once
/// Binary types (BBS §4.1, Propositions 2 and 3): two task-value profiles w₁, w₂ with prior
/// probabilities f₁, f₂ = 1 − f₁, the optimal menu of token allocations, and the full-surplus-
/// extraction condition under Cobb-Douglas.
/// Tested by: tests/bbs/test_binary.cpp.
///
/// With p = 1/(1 − α − β): the efficient bundle of w̃ gives type w the value
/// K(θ̃) ∫ w_i w̃_i^{p−1} di (appendix (52), (53)) and costs T(w̃) = K(θ̃) ∫ w̃_i^p under full
/// extraction. So type w envies w̃ iff ∫ (w_i − w̃_i) w̃_i^{p−1} di > 0 (54); by the Young
/// inequality only the type with the higher θ can envy (Proposition 3), and that type is H.
/// Full surplus extraction is optimal iff H does not envy: ∫ (w_H − w_L) w_L^{p−1} di ≤ 0.
/// Otherwise (Proposition 2) H gets its efficient bundle, L the efficient bundle of the virtual
/// profile φ_L = max(0, w_L − (μ/f_L)(w_H − w_L)) (a task with φ_L ≤ 0 gets no tokens) with
/// μ = f_H, T_L = value of L's bundle to L (IR binds), T_H = T_L + value of H's bundle to H − value
/// of L's bundle to H (IC binds).
///
/// Completion of Proposition 2 (ii). The paper writes H's IC as an equality. When the distorted
/// bundle of L is worth less to H than to L (possible for horizontally differentiated types),
/// that equality would charge H more than its value (IR_H fails). With H efficient and T_L = v_L(L),
/// profit is f_L(∫ w_L q_L − C(q_L)) − f_H max(0, g(q_L)) + const, g = v_H(L) − v_L(L): concave in
/// q_L, so the optimum is then on the kink g = 0, i.e. the same virtual profile with the multiplier
/// μ ∈ (0, f_H) that makes g vanish (found by bisection), and T_H = v_H(H): IC_H, IR_L and IR_H
/// all bind. `virtual_weight` reports μ (0 under full extraction).
///
/// Slips in the printed text (checked in tests by direct evaluation of the deviations):
/// - Proposition 3 prints the condition with w_{i,H}^{(α+β)/(1−α−β)}; (54) with the deviator w = H
///   and the report w̃ = L gives w_{i,L}^{(α+β)/(1−α−β)}. With disjoint task supports the printed
///   form says "no full extraction" although L's bundle is worth nothing to H.
/// - The last lines of the proof of Proposition 3 invert the inequality: (54) implies θ > θ̃ (the
///   envious type has the higher index), which is what the proposition states.

#include "beliefsim/bbs/efficient.hpp"
#include "beliefsim/bbs/profile.hpp"
#include "beliefsim/bbs/technology.hpp"

#include <array>

namespace beliefsim::bbs {

struct BinaryItem {
    Tokens total; ///< totals (X, Y, Z), spread over tasks in proportion to shape_i^p
    double transfer = 0;
    double cost = 0;
};

struct BinaryMenu {
    int high = 0;             ///< index (0 or 1) of type H: the higher θ (Proposition 3)
    double theta[2] = {0, 0}; ///< representative types (10)
    /// ∫ (w_H − w_L) w_L^{p−1} di: full surplus extraction iff ≤ 0.
    double extraction_margin = 0;
    bool full_surplus = false;
    /// μ of the virtual profile of L: 0 (full extraction), f_H (Proposition 2), or in between.
    double virtual_weight = 0;
    std::array<BinaryItem, 2> item;
    /// value[i][j]: gross value of item j to type i.
    double value[2][2] = {{0, 0}, {0, 0}};
    double revenue = 0;
    double profit = 0;
};

/// The rule on the probability f1 of type w₁: 0 < f1 < 1 (InvalidArgument "f1").
void check_type_share(double f1);

/// The optimal menu for types w₁ (probability f1) and w₂ (1 − f1). Requires 0 < f1 < 1
/// (check_type_share).
[[nodiscard]] BinaryMenu binary_menu(const Technology& tech, const TaskProfile& w1, const TaskProfile& w2, double f1);

} // namespace beliefsim::bbs
