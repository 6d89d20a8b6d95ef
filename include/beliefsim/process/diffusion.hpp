#pragma once
/// Diffusion belief process (Zhong §2.2 "Screening with diffusion models"; SPEC §1 "Processes"):
/// dμ = √c(μ) B(μ) dW along the Wright-Fisher directions, scaled so that the information-throughput
/// constraint binds at χf. Absorbed states drop out; τ is the first time μ is a vertex (or, for
/// n = 2, the first time |μ_0 − ½| ≥ κ(t)). Exit times are sampled exactly for the binary Brownian
/// model (process/brownian_exit_law.hpp), otherwise by Euler steps with a Brownian-bridge crossing
/// correction. Sources: rules and coefficient c(μ) (diffusion.cpp), stepping (diffusion_scheme.cpp).
/// Tested by: tests/process/test_diffusion.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/binary_exit_sampler.hpp"
#include "beliefsim/process/brownian_exit_law.hpp"
#include "beliefsim/process/outcome.hpp"
#include "beliefsim/process/wright_fisher_lineages.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

namespace beliefsim::process {

/// How paths are sampled (README "Diffusion schemes" has the measured bias of each).
/// - `automatic` ("auto", the default): `exact` where an exact sampler exists (no κ boundary, and
///   n = 2 or Shannon with any n), otherwise `bridge` when a κ boundary is set, otherwise `face`.
/// - `exact`: (τ, θ) drawn from the exact exit law, no time stepping: the binary Brownian model
///   (BrownianExitLaw), the Shannon model for any n (WrightFisherLineages), every other binary
///   model (BinaryExitSampler: a table of the exact law, built once, 0.3–1 s). Observed paths
///   (PathObserver) are stepped by `face`.
/// - `face`: Wright-Fisher steps in stick-breaking coordinates with the exact local law at the faces
///   (a squared Bessel process of the dimension the entropy gives there: Feller's for Shannon;
///   absorption with its true probability and time, src/process/diffusion_face.cpp); weak order 1
///   in dt in the interior. No κ boundary.
/// - `bridge`: Euler steps of length dt (shortened only to land on observation times).
///   After each step, the probability exp(−2 d₁d₂/(σ²h)) that the Brownian bridge between the two
///   beliefs touched a boundary (distances d₁, d₂; boundaries linear over the step) decides
///   absorption, and the crossing time inside the step is drawn from the bridge's first-passage law
///   (an inverse Gaussian). σ² is the smaller of the variances at the step's two ends. Exact at any
///   dt for Brownian motion with straight boundaries (the κ boundary); biased where the variance
///   vanishes at the boundary (Wright-Fisher faces): there use `face`.
/// - `euler`: naive Euler, absorption only when a step ends beyond a boundary, τ = the step's end.
///   Kept to show (tests, README, `beliefsim convergence`) its O(√dt) bias; do not use it for results.
enum class DiffusionScheme { automatic, exact, face, bridge, euler };

/// "auto", "exact", "face", "bridge", "euler".
[[nodiscard]] std::string_view scheme_name(DiffusionScheme scheme);
/// Inverse of `scheme_name`. Throws: InvalidArgument naming "scheme" for an unknown name.
[[nodiscard]] DiffusionScheme scheme_from_name(std::string_view name);
/// The schemes that step paths with a time step dt (the convergence ladder runs these).
[[nodiscard]] std::span<const DiffusionScheme> stepped_schemes();

/// Parameters of the diffusion model. The DiffusionModel constructor checks every rule and throws
/// InvalidArgument naming the parameter given in brackets (the prior, χ and f: process/model_rules.hpp).
struct DiffusionSpec {
    entropy::Entropy entropy;
    /// [prior] μ0: 2 ≤ n ≤ MAX_STATES entries, each > 0, sum 1 within 1e-9 (renormalized).
    Vector prior;
    /// [chi] throughput χ > 0 (units: entropy per unit time).
    double chi = 0;
    /// [throughput_fraction] f ∈ (0, 1]: the process uses χf of the budget.
    double fraction = 1;
    /// [scheme] exact needs no `boundary` and n = 2 or Shannon; face needs no `boundary`.
    DiffusionScheme scheme = DiffusionScheme::automatic;
    /// [dt] largest time step, > 0; unset: 1e-3/(χf). Ignored by `exact`. While three or more
    /// states are alive `face` also bounds the step in intrinsic time: c(μ)·h ≤ c(μ0)·dt.
    std::optional<double> dt;
    /// [max_time] > 0; a path still alive then is an error (Error). Unset: 10^3/(χf).
    std::optional<double> max_time;
    /// [boundary] Optional time-varying stopping boundary κ: [0, ∞) → [0, ½], n = 2 only:
    /// the path stops at the first t with |μ_0(t) − ½| ≥ κ(t) (unset: κ ≡ ½, stop at a vertex;
    /// κ(t) = 0 forces a stop). At such a stop terminal_state is 0 if μ_0 ≥ ½ + κ(τ) (the upper
    /// boundary for μ_0) and 1 if μ_0 ≤ ½ − κ(τ); the stopped belief is (½ ± κ(τ), ½ ∓ κ(τ)).
    /// κ is evaluated at step ends and taken linear in between (the bridge is exact for a linear κ),
    /// so it should be smooth on the scale of dt. Sampling threads call it concurrently: it must be
    /// a pure function. A value outside [0, ½] throws InvalidArgument, also during sampling.
    std::function<double(double)> boundary;
};

/// Receives the beliefs of one path while `DiffusionModel::sample(rng, observer)` runs. One
/// observer serves one path at a time (never shared between threads); the defaults do nothing.
/// Two uses: the throughput audit (beliefs at fixed times: `times` and `at_time`; H(μ) is the
/// caller's, via Entropy::value) and sample-path output (`on_step`; the observer keeps what it
/// wants, e.g. up to a cap). Without observation times, observing changes no draw (the outcome is
/// the one `sample(rng)` gives); observation times split steps, which changes the path drawn from
/// the same generator, and while one is ahead face freezes its clock on an edge (its law changes
/// within face's bias: diffusion_face.cpp).
class PathObserver {
public:
    virtual ~PathObserver() = default;
    /// Observation times t_1 < t_2 < … (finite, ≥ 0), read once at the start of a path. Steps are
    /// truncated so that one ends exactly at each.
    [[nodiscard]] virtual std::span<const double> times() const { return {}; }
    /// The belief at times()[k], called once for every k in increasing order, also after τ (then
    /// with the stopped belief μ_τ: a vertex, or the κ boundary point).
    virtual void at_time(std::size_t /*k*/, const Vector& /*mu*/) {}
    /// (t, μ_t) after every step, from (0, μ0) through (τ, μ_τ), including the absorptions of
    /// single states inside a step (the belief then lies on a face).
    virtual void on_step(double /*t*/, const Vector& /*mu*/) {}
};

/// The diffusion model. Covariance Σ(μ) = c(μ)(diag μ − μμᵀ) on the active states (μ_i > 0), with
/// c(μ) = 2χf / tr(Hess H(μ)(diag μ − μμᵀ)), so that ½ tr(Hess H Σ) = χf: the throughput constraint
/// binds while the path is alive, and E[τ] = (Σ_θ μ0_θ H(e_θ) − H(μ0))/(χf). For n = 2,
/// σ²(p) = 2χf/H''(p): Brownian σ² = χf under quadratic, Wright-Fisher σ² = 2χf p(1−p) under
/// Shannon. Noise factor B = (I − μ1ᵀ) diag(√μ), BBᵀ = diag μ − μμᵀ: a step draws one normal per
/// active state, keeps Σμ = 1 and leaves absorbed states at 0. When state j is absorbed inside a
/// step (at the bridge's crossing time T), the others are placed at their Brownian-bridge value at T
/// given μ_j(T) = 0: the conditioned belief μ/(1 − μ_j) plus the part of the step independent of
/// μ_j. On a face the entropy is the same kind on the active states (true for every separable kind).
/// Every reported belief has μ ≥ 0 and Σμ = 1 up to rounding.
///
/// Numerical rules: c must be finite and > 0 at the prior and, for n = 2, at p = j/32 (a grid that
/// contains ½); otherwise InvalidArgument on the entropy's parameter ("alpha": the power
/// family has H''(½) = 0 or ∞ unless alpha = 2, so only alpha = 2 is accepted). A non-finite or
/// non-positive c met along a path throws Error. Near a face the Wright-Fisher noise vanishes
/// (Shannon: H'' → ∞ at the boundary): that is where the bridge's remaining bias comes from (see
/// DiffusionScheme). Immutable after construction; share it `const` across threads.
class DiffusionModel {
public:
    /// Throws: InvalidArgument (see DiffusionSpec) for invalid input.
    explicit DiffusionModel(DiffusionSpec spec);

    /// The spec with `scheme` resolved (never `automatic`).
    [[nodiscard]] const DiffusionSpec& spec() const { return spec_; }
    [[nodiscard]] DiffusionScheme scheme() const { return spec_.scheme; }
    [[nodiscard]] int states() const { return static_cast<int>(spec_.prior.size()); }
    [[nodiscard]] double dt() const { return dt_; }             ///< resolved step bound
    [[nodiscard]] double max_time() const { return max_time_; } ///< resolved safety limit
    /// True when n = 2 and σ² does not depend on the belief (quadratic, tsallis q = 2, power α = 2).
    [[nodiscard]] bool brownian() const { return brownian_variance_.has_value(); }
    /// The exact exit law, when brownian() and there is no κ boundary; otherwise nullptr.
    [[nodiscard]] const BrownianExitLaw* exact_law() const { return exact_law_ ? &*exact_law_ : nullptr; }

    /// c(μ) for μ on the simplex with at least two positive entries (zeros are absorbed states).
    [[nodiscard]] double volatility_scale(const Vector& mu) const;
    /// Σ(μ) = c(μ)(diag μ − μμᵀ), zero rows and columns for absorbed states.
    [[nodiscard]] Matrix covariance(const Vector& mu) const;

    /// One path's (τ, terminal state). Randomness: `rng` only (Boost.Random ziggurat normals and
    /// `rng::uniform_open_closed`), so a path is a pure function of its generator.
    /// Throws: Error if the path is alive at max_time() or meets a non-finite volatility;
    /// InvalidArgument if κ leaves [0, ½].
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng) const;
    /// A path reported to `observer` (see PathObserver for when it is the same path as above).
    /// The exact scheme has no path: an observed path is stepped by `face` (the same law up to
    /// face's bias; the outcome differs from `sample(rng)`'s). Requires: times finite, ≥ 0,
    /// increasing (InvalidArgument).
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng, PathObserver& observer) const;

private:
    struct PathState;
    [[nodiscard]] PathOutcome run(rng::PathRng& rng, PathObserver* observer) const;
    /// Two states left: bridge (`bridge` true) or naive Euler steps.
    [[nodiscard]] PathOutcome run_binary(PathState& path, bool bridge) const;
    [[nodiscard]] PathOutcome run_simplex(PathState& path) const;
    [[nodiscard]] PathOutcome run_face(PathState& path) const;
    [[nodiscard]] double boundary_at(double t) const;
    [[nodiscard]] double active_volatility_scale(const Vector& active_mu) const;

    DiffusionSpec spec_;
    double dt_ = 0, max_time_ = 0;
    double intrinsic_step_ = 0; ///< c(μ0)·dt: face's bound on c(μ)·h
    /// β with σ²(p) ∝ p^β near a vertex on an edge (Shannon 1, quadratic 0): face's local law there.
    double edge_exponent_ = 1;
    double edge_face_clock_ = 0; ///< face's squared-Bessel clock m²A/4 at a vertex of an edge
    std::optional<double> brownian_variance_;
    std::optional<BrownianExitLaw> exact_law_;
    std::optional<WrightFisherLineages> lineages_;    ///< exact scheme, Shannon
    std::optional<BinaryExitSampler> binary_sampler_; ///< exact scheme, other non-Brownian binary models
};

} // namespace beliefsim::process
