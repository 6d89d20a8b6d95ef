#pragma once
/// Type distributions for the discount rate r on [low, high] (Zhong §3; SPEC §1 "Token-cap menu",
/// SPEC §3 `[types]`): density g, CDF G, and whether g is log-concave (then g/G is decreasing and
/// the token-cap menu needs no ironing when q ≡ 1).
/// Tested by: tests/pricing/test_types.cpp.
///
/// Families (each restricted to [low, high]):
/// - `uniform`: g = 1/(high − low).
/// - `truncated-normal` (mean, sd): the normal law conditioned on [low, high] (Boost.Math normal).
/// - `beta` (a, b): Beta(a, b) on [0, 1] scaled affinely onto [low, high] (Boost.Math beta).
/// - `tabulated`: nodes r with densities (io reads them from a file: io/type_tables.hpp); the
///   density is the linear interpolant of the table, cut to [low, high] and normalized there. The piecewise-linear
///   integral is done exactly (trapezoid per cell, plus the partial end cells), so G is exact for the interpolant.
///
/// Validation throws InvalidArgument naming the parameter: "low" (not finite or < 0: discount rates
/// are ≥ 0), "high" (not finite or ≤ low), "mean", "sd", "a", "b", "density" (malformed table,
/// negative density, no mass); "low"/"high" also when the table does not cover [low, high].

#include <memory>
#include <string>
#include <vector>

namespace beliefsim::pricing {

/// Law of the discount rate r on [low, high]. An immutable value type, cheap to copy (shared
/// state is const), safe to share across threads.
class TypeDistribution {
public:
    [[nodiscard]] static TypeDistribution uniform(double low, double high);
    [[nodiscard]] static TypeDistribution truncated_normal(double low, double high, double mean, double sd);
    [[nodiscard]] static TypeDistribution beta(double low, double high, double a, double b);
    /// The piecewise-linear density through (r_i, density_i) (nodes r strictly increasing,
    /// density ≥ 0), cut to [low, high] and normalized there.
    [[nodiscard]] static TypeDistribution tabulated(double low, double high, std::vector<double> r,
                                                    std::vector<double> density);

    [[nodiscard]] double low() const noexcept { return low_; }
    [[nodiscard]] double high() const noexcept { return high_; }
    /// "uniform" | "truncated-normal" | "beta" | "tabulated" (the config spelling).
    [[nodiscard]] const std::string& name() const noexcept;

    /// Density g(r); 0 outside [low, high].
    [[nodiscard]] double pdf(double r) const;
    /// CDF G(r): 0 below low, 1 above high.
    [[nodiscard]] double cdf(double r) const;
    /// G⁻¹(u) for u ∈ [0, 1] (closed form for the uniform, else a bracketed root of G − u).
    [[nodiscard]] double quantile(double u) const;
    /// Whether g is log-concave on [low, high]. Exact for the parametric families (normal always;
    /// beta iff a ≥ 1 and b ≥ 1); for a table, whether the slopes of log g between nodes are
    /// nonincreasing and g > 0 at every node inside [low, high] (log-concavity of the node values).
    [[nodiscard]] bool log_concave() const;

    struct Impl; ///< family-specific parameters (defined in types.cpp)

private:
    TypeDistribution(double low, double high, std::shared_ptr<const Impl> impl)
        : low_(low), high_(high), impl_(std::move(impl)) {}
    double low_;
    double high_;
    std::shared_ptr<const Impl> impl_;
};

} // namespace beliefsim::pricing
