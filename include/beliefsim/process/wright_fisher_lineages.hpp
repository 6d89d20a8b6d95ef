#pragma once
/// Exact sampler of (τ, terminal state) for the Shannon diffusion belief process with any number of
/// states, through the lookdown construction of the neutral Wright-Fisher diffusion: no time steps,
/// no path. Sources: Donnelly & Kurtz, Ann. Probab. 24 (1996) 698 (lookdown construction);
/// Kingman, Stoch. Proc. Appl. 13 (1982) 235 (coalescent, coming down from infinity); Tavaré,
/// Theor. Popul. Biol. 26 (1984) 119 (the ancestral process A(s) and its holding times).
/// Tested by: tests/process/test_wright_fisher_lineages.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/process/outcome.hpp"
#include "beliefsim/rng/path_rng.hpp"

namespace beliefsim::process {

/// Cumulants of the time the ancestral process A spends on the levels first, …, first + count − 1:
/// Σ E_j over those j, with E_j ~ Exp(j(j − 1)/2) independent. κ_m = (m − 1)! Σ_j (2/(j(j − 1)))^m.
struct CoalescentTimeCumulants {
    double mean = 0;     ///< κ1 = 2·count/((first − 1)(first + count − 1))
    double variance = 0; ///< κ2
    double third = 0;    ///< κ3
};

/// Requires: first ≥ 64 (an integer), count ≥ 1 (an integer, or +∞ for every level from first on).
/// Method: a tail Σ_{j≥a} (j(j − 1))^{−m} is an asymptotic series in 1/(a − ½) (Hurwitz zeta sums
/// expanded by Euler-Maclaurin; relative error ≤ 4e-16 for a ≥ 64); a finite range is the
/// difference of two tails, or the direct sum when count ≤ 16 (the difference would cancel).
/// The relative error of a difference is ~1e-16·first/count, its absolute error ~1e-16 κ of the tail.
[[nodiscard]] CoalescentTimeCumulants coalescent_time_cumulants(double first, double count);

/// The Shannon diffusion belief process (process/diffusion.hpp with entropy shannon): covariance
/// c(diag μ − μμᵀ) on the k states still alive, c = 2χf/(k − 1) (tr(Hess H (diag μ − μμᵀ)) = k − 1).
/// So it is the neutral k-allele Wright-Fisher diffusion, generator ½ Σ μ_i(δ_ij − μ_j)∂_i∂_j in
/// "standard time" s, run at a speed that depends on k only: dτ = ds (k − 1)/(2χf).
///
/// Method (exact in law up to the tail approximation below). Lookdown (Donnelly & Kurtz): levels
/// 1, 2, … at s = 0 carry i.i.d. types with law μ0; the levels with descendants at s are {1, …, A(s)},
/// A the block-counting process of Kingman's coalescent from ∞, independent of the types: it holds
/// E_j ~ Exp(j(j − 1)/2) at level j. Type θ is alive at s iff its lowest level R_θ ≤ A(s), so it dies
/// when A leaves R_θ; level 1 never dies, so the terminal state is the type of level 1 (law μ0, the
/// martingale property). The ranks 1 = R_(1) < R_(2) < … < R_(n): given the types seen, of total
/// mass M, the gap to the next new type is Geometric(1 − M) (drawn by inversion,
/// 1 + ⌊log U / log M⌋, log M from whichever of M and 1 − M is smaller: a prior entry of 1e-12 gives
/// gaps ~1e12 at the cost of one log), the new type drawn from μ0 on the unseen types. While A = j,
/// k(j) = #{θ : R_θ ≤ j} types are alive, so
///     τ = (1/(2χf)) Σ_{j≥2} (k(j) − 1) E_j = (1/(2χf)) Σ_{m≥2} T_{R_(m)},  T_a = Σ_{j≥a} E_j
/// (T_{R_(m)}: the standard time at which the m-th type dies). Checks: n = 2 gives E[s] = E[2/(R_(2)
/// − 1)] = −2(p ln p + (1 − p) ln(1 − p)), Kimura's exit time; in general E[τ] = H(μ0)/(χf) with
/// H(μ) = −Σ μ log μ (the throughput identity).
///
/// Levels j < J0 = EXPLICIT_LEVELS are drawn one by one (vectorized logs; only from R_(2) on: lower
/// levels have weight 0). Every run of levels from a ≥ J0 on (the tail T_{J0}, or, when a rank is
/// ≥ J0, the runs between ranks) is drawn as shift + Gamma(α, β) with the first three cumulants
/// matched (β = κ3/(2κ2), α = κ2/β², shift = κ1 − αβ ≥ 0 by Cauchy-Schwarz; Boost.Random gamma).
/// A run of ≤ 16 levels is drawn exactly instead; a run from a ≥ 2^32 is replaced by its mean (the
/// variance dropped is < 1e-28). Error: the first mismatched cumulant is κ4 (Δκ4 = 5.6e-13 for the
/// tail at J0 = 64). With x = r(n − 1)/(2χf) (the tail's weight n − 1 included), the relative error
/// of E[e^{−rτ}] given the ranks is, for the tail T_{J0}: 1.9e-12 at x = 3, 2.3e-10 at x = 10,
/// 1e-9 at x ≈ 14, 3.7e-9 at x = 20, 1.8e-8 at x = 30 (∝ x⁴); when ranks fall beyond J0 the runs
/// [J0, R), [R, ∞) err less (1.4e-11 to 2.1e-10 at x = 10 for R from 100 down to 65). Computed in
/// 40-digit arithmetic against −Σ_j log(1 + y·2/(j(j − 1))). Matching only mean and variance would
/// give 2.4e-7 at x = 10 (Δκ3 = 1.4e-9); J0 = 96 would cut the error 18-fold for 30% more time.
/// E[τ] is exact.
///
/// Cost: about 64 − R_(2) exponentials, one gamma and n − 1 geometric gaps per path (n = 3: ~0.5 µs,
/// bench/bench_lineages.cpp). Immutable; share it `const` across threads.
class WrightFisherLineages {
public:
    /// J0: levels below it are drawn explicitly.
    static constexpr int EXPLICIT_LEVELS = 64;

    /// prior: μ0 as process/model_rules.hpp checks it (InvalidArgument "prior"); chi_f = χf > 0
    /// (InvalidArgument "chi").
    WrightFisherLineages(Vector prior, double chi_f);

    [[nodiscard]] const Vector& prior() const { return prior_; }
    [[nodiscard]] double chi_f() const { return chi_f_; }

    /// One path's (τ, terminal state). Randomness: `rng` only (rng::uniform_open_closed and
    /// Boost.Random's gamma), so the outcome is a pure function of the generator.
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng) const;

    /// shift + Gamma(shape, scale) with three cumulants matched (see the class comment).
    struct ShiftedGamma {
        double shift = 0, shape = 1, scale = 0;
    };

private:
    Vector prior_;
    double chi_f_;
    ShiftedGamma tail_; // T_{J0}
};

} // namespace beliefsim::process
