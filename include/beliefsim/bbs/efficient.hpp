#pragma once
/// Efficient token allocation for any task-value profile (BBS Proposition 1, its proof in the
/// appendix, and Lemma 2): representative type θ = (∫ w_i^{1/(1−α−β)} di)^{1−α−β} (10), the
/// fine-tuning threshold θ̂ (11), and the value of a package spread over tasks.
/// Tested by: tests/bbs/test_efficient.cpp.
///
/// Route. With p = 1/(1 − α − β) and W = ∫ w_i^p di, spreading given totals (X, Y) in proportion to
/// w_i^p is optimal (Lemma 2) and gives the buyer θ X^α Y^β (b + Z)^γ. So the efficient totals are
/// the cost-minimizing package of quality Q* = (C')^{-1}(θ) (Technology::demand), fine-tuning iff
/// θ > θ̂, and x_i = X w_i^p / W, y_i = Y w_i^p / W. Tests check this against the appendix's
/// per-task formulas (46)-(51).

#include "beliefsim/bbs/profile.hpp"
#include "beliefsim/bbs/technology.hpp"

namespace beliefsim::bbs {

struct EfficientAllocation {
    double theta = 0;        ///< representative type (10)
    double quality = 0;      ///< Q* = X^α Y^β (b + Z)^γ
    Tokens total;            ///< totals X = ∫ x_i, Y = ∫ y_i, and fine-tuning Z
    bool fine_tunes = false; ///< θ > θ̂ (Proposition 1)
    double welfare = 0;      ///< θ Q* − C(Q*)
};

/// θ (10) of a profile.
[[nodiscard]] double representative_type(const Technology& tech, const TaskProfile& w);

/// The efficient allocation (Proposition 1).
[[nodiscard]] EfficientAllocation efficient_allocation(const Technology& tech, const TaskProfile& w);

/// Tokens of task i when the totals are spread in proportion to shape_i^p (z: the common Z).
[[nodiscard]] Tokens task_tokens(const Technology& tech, const TaskProfile& shape, const Tokens& total, double i);

/// ∫ user_i v(x_i, y_i, Z) di for the totals spread in proportion to shape_i^p:
/// Q W^{−(α+β)} ∫ user_i shape_i^{p−1} di (0 if the shape is identically 0).
[[nodiscard]] double bundle_value(const Technology& tech, const TaskProfile& user, const TaskProfile& shape,
                                  const Tokens& total);

} // namespace beliefsim::bbs
