#pragma once
/// Menus of token allocations under value-scale heterogeneity (BBS §4.2, Proposition 4), their
/// two-part-tariff implementation with task caps (§6.2, Proposition 6), and the checks of
/// Assumptions 1 and 2.
/// Tested by: tests/bbs/test_menus.cpp, tests/bbs/test_example.cpp, tests/bbs/test_tariffs.cpp.
///
/// Types (w, s), w ~ F_w and s ~ F_s independent, s ∈ (0, 1]. Scale by scale the seller solves a
/// Mussa-Rosen problem in w with cost C(q, s) (Corollary 1): q(w, s) solves φ̄(w) = C_q(q, s) (20),
/// i.e. q = demand(φ̄(w), s); T(w, s) = w q − ∫ q(k, s) dk (21). Tokens per task from Corollary 1.
/// Revenue ∫ f_s(s) ∫ T f_w dw ds, each scale by the identity of screening.hpp; the outer integral
/// is split where the fine-tuning threshold ŵ(s) leaves the support (s* = (θ̂/φ̄(w_high))^{1/(1−a)}).
/// Tariff (31)-(33): p_j = m(w) c_j, p0 = T − m(w) C(q(w, s), s), task cap s̄ = s.
/// Assumption 1: s ∫_0^w q_s(k, s) dk ≤ w q(w, s). Assumption 2: ∫_0^w q_s dk ≤ −m(w) C_s(q, s).
/// Both are checked on a grid; q_s is exact (Technology::demand_ds).
///
/// Slips (checked in tests/bbs/test_menus.cpp): Example 1's printed fine-tuning-region p0 lacks
/// + m(w) c_z b = w/(8(2w−1)) (the printed p0 is discontinuous at ŵ(s); p0 = T − m C needs it).

#include "beliefsim/bbs/screening.hpp"
#include "beliefsim/bbs/technology.hpp"

#include <memory>

namespace beliefsim::bbs {

/// One item of the tariff menu (30): linear token prices, upfront fee, task cap.
struct TwoPartTariff {
    double p_x = 0, p_y = 0, p_z = 0, p0 = 0;
    double task_cap = 0; ///< 0 for token packages (no cap)
};

struct AssumptionReport {
    double worst_a1 = 0; ///< max over the grid of s∫q_s − w q (Assumption 1 holds iff ≤ 0)
    double worst_a2 = 0; ///< max over the grid of ∫q_s + m C_s (Assumption 2 holds iff ≤ 0)
    [[nodiscard]] bool assumption1(double tol = 1e-9) const { return worst_a1 <= tol; }
    [[nodiscard]] bool assumption2(double tol = 1e-9) const { return worst_a2 <= tol; }
};

class AllocationMenu {
public:
    /// Requires the s law inside [0, 1] (InvalidArgument "s").
    AllocationMenu(Technology tech, ScalarLaw w_law, ScalarLaw s_law, std::size_t cells = 2048);

    [[nodiscard]] const Technology& technology() const noexcept { return tech_; }
    [[nodiscard]] const VirtualValue& virtual_value() const noexcept { return *phi_; }
    /// The Mussa-Rosen menu of scale s ∈ (0, 1].
    [[nodiscard]] Screening at_scale(double s) const;
    /// Lowest served value (φ̄ ≤ 0 below: excluded at every scale).
    [[nodiscard]] double lowest_served() const;
    /// ŵ(s): the lowest value that fine-tunes at scale s (w_high if none).
    [[nodiscard]] double fine_tuning_value(double s) const;

    [[nodiscard]] double quality(double w, double s) const;
    /// Per-task input and output tokens and the fine-tuning tokens.
    [[nodiscard]] Tokens tokens(double w, double s) const;
    [[nodiscard]] double transfer(double w, double s) const;
    [[nodiscard]] double cost(double w, double s) const;
    /// Proposition 6's tariff for type (w, s) (excluded types: all zero).
    [[nodiscard]] TwoPartTariff tariff(double w, double s) const;

    [[nodiscard]] double revenue() const;
    [[nodiscard]] double profit() const;
    /// Assumptions 1 and 2 on a points × points grid of served (w, s).
    [[nodiscard]] AssumptionReport check_assumptions(std::size_t points = 41) const;

private:
    template <class F>
    double over_scales(const F& per_scale) const;
    Technology tech_;
    std::shared_ptr<const VirtualValue> phi_;
    ScalarLaw s_law_;
};

} // namespace beliefsim::bbs
