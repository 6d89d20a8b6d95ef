#pragma once
/// Task-value profiles w : [0, 1] → ℝ₊ (BBS (2)): the buyer's willingness to pay per task, given on
/// a grid of tasks, and the integrals of BBS §3-4 over tasks (Boost.Math Gauss-Kronrod per cell).
/// Tested by: tests/bbs/test_efficient.cpp.
///
/// A profile is a function that is smooth between its breakpoints. Two tabulations:
/// - `step`: value[k] on [node[k], node[k+1]) (value-scale types (4) are the step profile
///   {0, s, 1} → {w, 0});
/// - `linear`: the linear interpolant of value[k] at node[k].
/// Validation throws InvalidArgument("profile", ...): nodes strictly increasing from 0 to 1, values
/// ≥ 0 and finite, sizes consistent.

#include <functional>
#include <vector>

namespace beliefsim::bbs {

class TaskProfile {
public:
    enum class Interpolation { step, linear };

    /// `step`: values.size() == nodes.size() − 1; `linear`: values.size() == nodes.size().
    [[nodiscard]] static TaskProfile tabulated(std::vector<double> nodes, std::vector<double> values,
                                               Interpolation kind);
    /// Value-scale type (4): w on [0, s), 0 on [s, 1]. Requires w ≥ 0, s ∈ (0, 1] (InvalidArgument "w", "s").
    [[nodiscard]] static TaskProfile value_scale(double w, double s);
    /// max(0, f(i)) for a function smooth between `breaks` (used for virtual profiles, Prop. 2).
    [[nodiscard]] static TaskProfile from_function(std::function<double(double)> f, std::vector<double> breaks);

    /// w_i, i ∈ [0, 1].
    [[nodiscard]] double operator()(double i) const { return f_(i); }
    /// Breakpoints in [0, 1], sorted, including 0 and 1.
    [[nodiscard]] const std::vector<double>& breaks() const noexcept { return breaks_; }
    /// ∫_0^1 g(i) di for g smooth between the breakpoints of this profile and of `other`.
    [[nodiscard]] double integrate(const std::function<double(double)>& g, const TaskProfile* other = nullptr) const;
    /// ∫ w_i^p di, p > 0.
    [[nodiscard]] double power_integral(double p) const;

private:
    TaskProfile(std::function<double(double)> f, std::vector<double> breaks)
        : f_(std::move(f)), breaks_(std::move(breaks)) {}
    std::function<double(double)> f_;
    std::vector<double> breaks_;
};

} // namespace beliefsim::bbs
