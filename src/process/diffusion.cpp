#include "beliefsim/process/diffusion.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "diffusion_support.hpp"
#include "message_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace beliefsim::process {
namespace {

constexpr double DEFAULT_DT = 1e-3;           // × 1/(χf), the diffusion's time scale
constexpr double MIN_DT = 1e-7, MAX_DT = 0.1; // × 1/(χf): the steps a run can use
constexpr double DEFAULT_MAX_TIME = 1e3;      // × 1/(χf)
constexpr int BINARY_VOLATILITY_GRID = 32;    // σ²(p) is checked at p = j/32: contains ½

} // namespace

using detail::ActiveStates;
using detail::describe;
using detail::positive_entries;
using detail::restrict_to;

// ---- Scheme names -------------------------------------------------------------------------------

constexpr std::array SCHEMES = {DiffusionScheme::automatic, DiffusionScheme::exact, DiffusionScheme::face,
                                DiffusionScheme::bridge, DiffusionScheme::euler};
constexpr std::array STEPPED_SCHEMES = {DiffusionScheme::face, DiffusionScheme::bridge, DiffusionScheme::euler};

std::string_view scheme_name(DiffusionScheme scheme) {
    switch (scheme) {
    case DiffusionScheme::automatic:
        return "auto";
    case DiffusionScheme::exact:
        return "exact";
    case DiffusionScheme::face:
        return "face";
    case DiffusionScheme::bridge:
        return "bridge";
    case DiffusionScheme::euler:
        return "euler";
    }
    return "unknown";
}

DiffusionScheme scheme_from_name(std::string_view name) {
    const auto* it = std::find_if(SCHEMES.begin(), SCHEMES.end(), [&](auto s) { return scheme_name(s) == name; });
    BELIEFSIM_CHECK(it != SCHEMES.end(), "scheme",
                    "unknown scheme \"" << name << "\" (expected one of auto, exact, face, bridge, euler)");
    return *it;
}

std::span<const DiffusionScheme> stepped_schemes() { return STEPPED_SCHEMES; }

DiffusionModel::DiffusionModel(DiffusionSpec spec) : spec_(std::move(spec)) {
    // checked_prior divides by the sum added in order; the diffusion has always divided once more by
    // Eigen's sum, which can move a last bit: kept so that its paths stay bitwise the same.
    spec_.prior = checked_prior(spec_.prior);
    spec_.prior /= spec_.prior.sum();
    const Vector& prior = spec_.prior;
    const auto n = prior.size();
    check_chi(spec_.chi);
    check_throughput_fraction(spec_.fraction);
    const double time_scale = 1 / (spec_.chi * spec_.fraction);
    BELIEFSIM_CHECK(!spec_.dt || (std::isfinite(*spec_.dt) && *spec_.dt > 0), "dt",
                    "must be > 0 (got " << significant(*spec_.dt) << ")");
    // Within four decades either side of the default step: coarser steps are meaningless on the
    // diffusion's time scale 1/(χf) (a step of 100 ran with a 86-SE bias), finer ones never finish.
    BELIEFSIM_CHECK(!spec_.dt || (*spec_.dt >= MIN_DT * time_scale && *spec_.dt <= MAX_DT * time_scale), "dt",
                    "must be in [" << significant(MIN_DT * time_scale, 6) << ", " << significant(MAX_DT * time_scale, 6)
                                   << "] (" << MIN_DT << " to " << MAX_DT << " times the time scale 1/(chi f)); got "
                                   << significant(*spec_.dt));
    BELIEFSIM_CHECK(!spec_.max_time || (std::isfinite(*spec_.max_time) && *spec_.max_time > 0), "max_time",
                    "must be > 0 (got " << significant(*spec_.max_time) << ")");
    dt_ = spec_.dt.value_or(DEFAULT_DT * time_scale);
    max_time_ = spec_.max_time.value_or(DEFAULT_MAX_TIME * time_scale);

    // The entropy registry's own rules for n states (e.g. power: two states only).
    const std::string parameter(entropy::Entropy::parameter_name(spec_.entropy.name()));
    const auto parameter_value = parameter.empty() ? std::nullopt : std::optional(spec_.entropy.parameter());
    (void)entropy::Entropy::from_name(spec_.entropy.name(), parameter_value, static_cast<int>(n));
    // A volatility that fails is the entropy's fault: its parameter's, or its kind's when it has none.
    const std::string entropy_parameter = parameter.empty() ? "entropy" : parameter;
    const auto volatility_ok = [&](const Vector& mu) {
        const double c = active_volatility_scale(mu);
        return std::isfinite(c) && c > 0;
    };
    BELIEFSIM_CHECK(volatility_ok(prior), entropy_parameter,
                    "the diffusion's volatility c(μ) = 2χf / tr(Hess H(μ)(diag μ − μμᵀ)) "
                    "is not finite and positive at the prior "
                        << describe(prior));
    if (n == 2) {
        // σ²(p) = c(μ) p(1 − p) on a grid containing ½, where the power family is singular
        // (H''(½) = 0 or ∞ unless alpha = 2).
        double lowest = std::numeric_limits<double>::infinity(), highest = 0;
        for (int j = 1; j < BINARY_VOLATILITY_GRID; ++j) {
            const double p = static_cast<double>(j) / BINARY_VOLATILITY_GRID;
            Vector mu(2);
            mu << p, 1 - p;
            BELIEFSIM_CHECK(volatility_ok(mu), entropy_parameter,
                            "the diffusion needs 0 < H''(p) < ∞ on (0, 1); it fails at p = "
                                << significant(p) << " (for the power entropy: alpha = 2 only)");
            const double variance = active_volatility_scale(mu) * p * (1 - p);
            lowest = std::min(lowest, variance);
            highest = std::max(highest, variance);
        }
        if (highest - lowest <= 1e-12 * highest) {
            Vector half(2);
            half << 0.5, 0.5;
            brownian_variance_ = active_volatility_scale(half) / 4;
        }
    }

    if (spec_.boundary) {
        BELIEFSIM_CHECK(n == 2, "boundary", "a time-varying boundary needs 2 states (got " << n << ")");
        (void)boundary_at(0);
    }
    const bool shannon = spec_.entropy.name() == entropy::Shannon::NAME;
    const bool exact_available = (n == 2 || shannon) && !spec_.boundary;
    if (spec_.scheme == DiffusionScheme::automatic)
        spec_.scheme = exact_available  ? DiffusionScheme::exact
                       : spec_.boundary ? DiffusionScheme::bridge
                                        : DiffusionScheme::face;
    if (spec_.scheme == DiffusionScheme::exact) {
        BELIEFSIM_CHECK(!spec_.boundary, "scheme",
                        "\"exact\" needs the constant boundary (vertices); use \"bridge\" with a time-varying "
                        "boundary");
        BELIEFSIM_CHECK(exact_available, "scheme",
                        "\"exact\" needs 2 states or the Shannon entropy (got "
                            << n << " states, entropy " << spec_.entropy.name() << "); use \"auto\" or \"face\"");
    }
    BELIEFSIM_CHECK(spec_.scheme != DiffusionScheme::face || !spec_.boundary, "scheme",
                    "\"face\" stops at the vertices only; use \"bridge\" with a time-varying boundary");
    if (brownian_variance_ && !spec_.boundary) exact_law_.emplace(prior[0], *brownian_variance_);
    if (spec_.scheme == DiffusionScheme::exact && !exact_law_) {
        if (shannon)
            lineages_.emplace(prior, spec_.chi * spec_.fraction);
        else
            binary_sampler_.emplace(
                BinaryDiffusionReference({prior[0], spec_.entropy, spec_.chi, spec_.fraction, 0.5}));
    }
    intrinsic_step_ = dt_ * active_volatility_scale(prior);
    // σ²(p) = c(p, 1 − p) p(1 − p) ∝ p^β on an edge near p = 0: β from two points (snapped to 0 or 1
    // within 1e-6, where the local law's mixing variable is an exponential or a half-gamma).
    const auto edge_variance = [&](double p) {
        Vector mu(2);
        mu << p, 1 - p;
        return active_volatility_scale(mu) * p * (1 - p);
    };
    const double beta = std::clamp(std::log10(edge_variance(1e-8) / edge_variance(1e-9)), 0.0, 1.0);
    edge_exponent_ = beta < 1e-6 ? 0.0 : beta > 1 - 1e-6 ? 1.0 : beta;
    // s = m²A/4 at the face, A = lim σ²(p)/p^β (relative error ~p^{β'} at p = 1e-30: none).
    edge_face_clock_ = std::pow(2 - edge_exponent_, 2) * edge_variance(1e-30) / std::pow(1e-30, edge_exponent_) / 4;
}

double DiffusionModel::boundary_at(double t) const {
    if (!spec_.boundary) return 0.5;
    const double kappa = spec_.boundary(t);
    BELIEFSIM_CHECK(kappa >= 0 && kappa <= 0.5, "boundary",
                    "κ(t) must be in [0, ½]; κ(" << significant(t) << ") = " << significant(kappa));
    return kappa;
}

double DiffusionModel::active_volatility_scale(const Vector& active_mu) const {
    return 2 * spec_.chi * spec_.fraction / spec_.entropy.wright_fisher_trace(active_mu);
}

double DiffusionModel::volatility_scale(const Vector& mu) const {
    BELIEFSIM_REQUIRE(mu.size() == spec_.prior.size(), "belief must have " << spec_.prior.size() << " entries");
    BELIEFSIM_REQUIRE(mu.minCoeff() >= 0, "belief must be >= 0, got " << describe(mu));
    const ActiveStates active = positive_entries(mu);
    BELIEFSIM_REQUIRE(active.size() >= 2, "volatility needs two states with positive belief, got " << describe(mu));
    return active_volatility_scale(restrict_to(mu, active));
}

Matrix DiffusionModel::covariance(const Vector& mu) const {
    const Matrix wright_fisher = Matrix(mu.asDiagonal()) - mu * mu.transpose();
    return volatility_scale(mu) * wright_fisher;
}

} // namespace beliefsim::process
