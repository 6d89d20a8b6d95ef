#pragma once
/// The time-cap schedule of the optimal token-cap menu, T(r) = g/G + q'/q with exclusion and
/// ironing (Zhong Theorem 1 and §4; SPEC §1 "Token-cap menu"). It depends on the types and the
/// valuation only, not on the stopping law, so the exact-law menu (pricing/menu.hpp) and the
/// sampled-law menu (pricing/empirical_menu.hpp) share it.
/// Tested by: tests/pricing/test_menu.cpp, tests/pricing/test_empirical_menu.cpp.
///
/// Valuation profiles (config [valuation], Zhong §4 "Heterogeneous valuations"), with c = scale
/// and k = slope, on types r ∈ [low, high]:
///   constant     q = c
///   linear       q = c (1 + k (r − low))
///   exponential  q = c e^{k (r − low)}
///   power        q = c r^k            (needs low > 0)
/// Theorem 1's supermodularity needs max q'/q < T(high) (Zhong (12)); when it fails the schedule
/// is still ironed to be nonincreasing, hence incentive compatible.
///
/// Ironing. On `iron_cells` equal cells, the cap maximizing the virtual surplus of a pooled block
/// [a, b] is max(0, ln(G(b)q(b) / (G(a)q(a))) / (b − a)), because g ρ_r(t) = ∂_r[G q e^{−rt}] makes
/// the block's virtual surplus G(b)q(b)D(b, T) − G(a)q(a)D(a, T), whose T-derivative has one sign
/// change whatever the law. Pool-adjacent-violators merges neighbouring blocks while the caps
/// increase in r. If no cell violates monotonicity (relative tolerance 1e-9) the schedule keeps
/// the exact smooth T(r); otherwise `ironed()` is true and T is the PAVA step function.

#include "beliefsim/pricing/types.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace beliefsim::pricing {

/// Valuation profile q(r) > 0 with derivative q'(r) (Zhong §4); q ≡ 1 by default.
struct Valuation {
    std::function<double(double)> q = [](double) { return 1.0; };
    std::function<double(double)> dq = [](double) { return 0.0; };
};

/// One of the profiles of the header note. Throws InvalidArgument naming "form" (unknown name),
/// "scale" (not in [1e-100, 1e100]), "slope" (q/scale not in [1e-100, 1e100] with finite q' on
/// [low, high], checked on 257 points) or, for `power` with low = 0, "low".
[[nodiscard]] Valuation valuation_profile(const std::string& form, double scale, double slope,
                                          const TypeDistribution& types);

/// Requires q and q' set, q > 0 with finite q' on [low, high] (checked on 257 points;
/// InvalidArgument).
void require_valid_valuation(const TypeDistribution& types, const Valuation& valuation);

/// Cap of a pooled block [a, b] (header note); +∞ when G(a) = 0 (no lower type to pay rent to).
[[nodiscard]] double pooled_cap(const TypeDistribution& types, const Valuation& valuation, double a, double b);

/// The schedule r ↦ T(r). Immutable.
class CapSchedule {
public:
    struct Block {
        double a, b, cap; ///< types [a, b) pooled at cap
    };

    /// Requires iron_cells ≥ 16 and a valid valuation (require_valid_valuation).
    CapSchedule(TypeDistribution types, Valuation valuation, std::size_t iron_cells = 2048);

    [[nodiscard]] const TypeDistribution& types() const noexcept { return types_; }
    [[nodiscard]] const Valuation& valuation() const noexcept { return valuation_; }
    /// The unironed g/G + q'/q (+∞ where G = 0; may be ≤ 0).
    [[nodiscard]] double raw_time_cap(double r) const;
    /// Time cap T(r) ≥ 0 (0: excluded or outside [low, high]; may be +∞ at r = low).
    [[nodiscard]] double time_cap(double r) const;
    [[nodiscard]] bool ironed() const noexcept { return !blocks_.empty(); }
    /// The pooled blocks covering [low, served_high) when ironed; empty otherwise.
    [[nodiscard]] const std::vector<Block>& blocks() const noexcept { return blocks_; }
    /// Highest served type: types above it are excluded (T ≤ 0).
    [[nodiscard]] double served_high() const noexcept { return served_high_; }
    /// ρ(t) = sup{r ≤ served_high : T(r) ≥ t}, or low if T(low) < t (no type is served at t).
    [[nodiscard]] double last_type_served_at(double t) const;

private:
    TypeDistribution types_;
    Valuation valuation_;
    std::vector<Block> blocks_;
    double served_high_;
};

} // namespace beliefsim::pricing
