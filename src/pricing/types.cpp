#include "beliefsim/pricing/types.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/tools/roots.hpp>

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <variant>

namespace beliefsim::pricing {

namespace {
// Double arithmetic throughout: Boost.Math's default promotion to long double makes pdf/cdf several
// times slower (x87), and the pricing quadratures evaluate them millions of times.
using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
using Normal = boost::math::normal_distribution<double, Policy>;
using Beta = boost::math::beta_distribution<double, Policy>;
} // namespace

namespace {

void validate_support(double low, double high) {
    BELIEFSIM_CHECK(std::isfinite(low) && low >= 0, "low", "must be finite and >= 0 (discount rates) " << got(low));
    BELIEFSIM_CHECK(std::isfinite(high) && high > low, "high", "must be finite and > {low} " << got(high));
    BELIEFSIM_CHECK(high <= 1e100, "high", "must be <= 1e100 (discounts beyond it overflow) " << got(high));
}

struct Uniform {};

/// Φ(b) − Φ(a) as ½(erf − erf) when both ends are within a standard deviation of the mean: exact to
/// rounding however narrow [a, b] is against the sd, where the difference of two Φ ≈ ½ is not.
std::optional<double> normal_mass_near_mean(const Normal& law, double a, double b) {
    const double scale = std::sqrt(2.0) * law.standard_deviation();
    const double za = (a - law.mean()) / scale, zb = (b - law.mean()) / scale;
    if (std::abs(za) > 1 || std::abs(zb) > 1) return std::nullopt;
    return 0.5 * (std::erf(zb) - std::erf(za));
}

struct TruncatedNormal {
    Normal law;
    double cdf_low; // Φ at `low`
    double mass;    // Φ(high) − Φ(low) > 0
};

struct ScaledBeta {
    Beta law;
};

/// Piecewise-linear density on nodes covering [low, high], already normalized there.
struct Table {
    std::vector<double> r;
    std::vector<double> g;
    std::vector<double> cum; // G at each node (relative to `low`; may be < 0 before low)
};

double lerp_density(const Table& t, std::size_t i, double x) {
    const double w = (x - t.r[i]) / (t.r[i + 1] - t.r[i]);
    return t.g[i] + w * (t.g[i + 1] - t.g[i]);
}

/// ∫_{r_i}^{x} of the linear interpolant (exact).
double partial_mass(const Table& t, std::size_t i, double x) {
    return 0.5 * (t.g[i] + lerp_density(t, i, x)) * (x - t.r[i]);
}

std::size_t cell_of(const Table& t, double x) {
    const auto it = std::upper_bound(t.r.begin(), t.r.end(), x);
    const auto idx = static_cast<std::size_t>(std::distance(t.r.begin(), it));
    return std::clamp<std::size_t>(idx == 0 ? 0 : idx - 1, 0, t.r.size() - 2);
}

} // namespace

struct TypeDistribution::Impl {
    std::string name;
    std::variant<Uniform, TruncatedNormal, ScaledBeta, Table> family;
};

TypeDistribution TypeDistribution::uniform(double low, double high) {
    validate_support(low, high);
    return {low, high, std::make_shared<const Impl>(Impl{"uniform", Uniform{}})};
}

TypeDistribution TypeDistribution::truncated_normal(double low, double high, double mean, double sd) {
    validate_support(low, high);
    BELIEFSIM_CHECK(std::isfinite(mean), "mean", "must be finite " << got(mean));
    BELIEFSIM_CHECK(std::isfinite(sd) && sd > 0, "sd", "must be > 0 and finite " << got(sd));
    // Narrower, the law is numerically a point mass: its density overflows and the menu's tiers are NaN.
    BELIEFSIM_CHECK(sd >= 1e-9 * (high - low), "sd", "must be at least 1e-9 × (high − low) " << got(sd));
    const Normal law(mean, sd);
    // Upper tail by the complement so a support far above the mean keeps its relative accuracy.
    namespace bm = boost::math;
    const double mass =
        normal_mass_near_mean(law, low, high)
            .value_or(mean <= low ? bm::cdf(bm::complement(law, low)) - bm::cdf(bm::complement(law, high))
                                  : bm::cdf(law, high) - bm::cdf(law, low));
    BELIEFSIM_CHECK(mass > 1e-300, "mean", "the normal law puts no mass on [{low}, {high}] " << got(mean));
    return {low, high,
            std::make_shared<const Impl>(Impl{"truncated-normal", TruncatedNormal{law, bm::cdf(law, low), mass}})};
}

TypeDistribution TypeDistribution::beta(double low, double high, double a, double b) {
    validate_support(low, high);
    BELIEFSIM_CHECK(std::isfinite(a) && a > 0, "a", "must be > 0 and finite " << got(a));
    BELIEFSIM_CHECK(std::isfinite(b) && b > 0, "b", "must be > 0 and finite " << got(b));
    return {low, high, std::make_shared<const Impl>(Impl{"beta", ScaledBeta{Beta(a, b)}})};
}

TypeDistribution TypeDistribution::tabulated(double low, double high, std::vector<double> r,
                                             std::vector<double> density) {
    validate_support(low, high);
    BELIEFSIM_CHECK(r.size() == density.size() && r.size() >= 2, "density", "needs at least two rows of 'r density'");
    for (std::size_t i = 0; i < r.size(); ++i) {
        BELIEFSIM_CHECK(std::isfinite(r[i]) && (i == 0 || r[i] > r[i - 1]), "density",
                        "r must be finite and strictly increasing (row " << i + 1 << ")");
        BELIEFSIM_CHECK(std::isfinite(density[i]) && density[i] >= 0, "density",
                        "density must be finite and >= 0 (row " << i + 1 << ")");
    }
    BELIEFSIM_CHECK(r.front() <= low, "low", "is below the table's first r " << got(low));
    BELIEFSIM_CHECK(r.back() >= high, "high", "is above the table's last r " << got(high));
    Table t{std::move(r), std::move(density), {}};
    // Cumulative mass from the first node, then shifted and scaled so that G(low) = 0, G(high) = 1.
    t.cum.assign(t.r.size(), 0.0);
    for (std::size_t i = 1; i < t.r.size(); ++i) t.cum[i] = t.cum[i - 1] + partial_mass(t, i - 1, t.r[i]);
    const auto mass_to = [&t](double x) {
        const std::size_t i = cell_of(t, x);
        return t.cum[i] + partial_mass(t, i, x);
    };
    const double at_low = mass_to(low);
    const double mass = mass_to(high) - at_low;
    BELIEFSIM_CHECK(mass > 0, "density", "density has no mass on [{low}, {high}]");
    for (std::size_t i = 0; i < t.r.size(); ++i) {
        t.g[i] /= mass;
        t.cum[i] = (t.cum[i] - at_low) / mass;
    }
    return {low, high, std::make_shared<const Impl>(Impl{"tabulated", std::move(t)})};
}

const std::string& TypeDistribution::name() const noexcept { return impl_->name; }

double TypeDistribution::pdf(double r) const {
    if (!(r >= low_ && r <= high_)) return 0;
    const double width = high_ - low_;
    struct Visitor {
        double r, low, width;
        double operator()(const Uniform&) const { return 1 / width; }
        double operator()(const TruncatedNormal& n) const { return boost::math::pdf(n.law, r) / n.mass; }
        double operator()(const ScaledBeta& b) const {
            const double x = std::clamp((r - low) / width, 0.0, 1.0);
            // A shape below 1 makes the density infinite at that end (Boost.Math throws there).
            if ((x == 0 && b.law.alpha() < 1) || (x == 1 && b.law.beta() < 1))
                return std::numeric_limits<double>::infinity();
            return boost::math::pdf(b.law, x) / width;
        }
        double operator()(const Table& t) const { return lerp_density(t, cell_of(t, r), r); }
    };
    return std::visit(Visitor{r, low_, width}, impl_->family);
}

double TypeDistribution::quantile(double u) const {
    BELIEFSIM_REQUIRE(u >= 0 && u <= 1, "quantile level must be in [0, 1], got " << u);
    if (name() == "uniform") return low_ + u * (high_ - low_);
    if (u <= 0) return low_;
    if (u >= 1) return high_;
    std::uintmax_t iterations = 200;
    const auto r = boost::math::tools::toms748_solve([&](double x) { return cdf(x) - u; }, low_, high_, -u, 1 - u,
                                                     boost::math::tools::eps_tolerance<double>(50), iterations);
    return 0.5 * (r.first + r.second);
}

double TypeDistribution::cdf(double r) const {
    if (r <= low_) return 0;
    if (r >= high_) return 1;
    const double width = high_ - low_;
    struct Visitor {
        double r, low, width;
        double operator()(const Uniform&) const { return (r - low) / width; }
        double operator()(const TruncatedNormal& n) const {
            // Φ(r) − Φ(low) by the complement above the mean (no cancellation in the upper tail),
            // and near the mean as a difference of erf (sd = 5e5: two Φ ≈ ½ kept 6 digits).
            const double m = boost::math::mean(n.law);
            if (const auto near = normal_mass_near_mean(n.law, low, r)) return *near / n.mass;
            if (low >= m)
                return (boost::math::cdf(boost::math::complement(n.law, low)) -
                        boost::math::cdf(boost::math::complement(n.law, r))) /
                       n.mass;
            return (boost::math::cdf(n.law, r) - n.cdf_low) / n.mass;
        }
        double operator()(const ScaledBeta& b) const { return boost::math::cdf(b.law, (r - low) / width); }
        double operator()(const Table& t) const {
            const std::size_t i = cell_of(t, r);
            return t.cum[i] + partial_mass(t, i, r);
        }
    };
    return std::clamp(std::visit(Visitor{r, low_, width}, impl_->family), 0.0, 1.0);
}

bool TypeDistribution::log_concave() const {
    struct Visitor {
        double low, high;
        bool operator()(const Uniform&) const { return true; }
        bool operator()(const TruncatedNormal&) const { return true; }
        bool operator()(const ScaledBeta& b) const { return b.law.alpha() >= 1 && b.law.beta() >= 1; }
        bool operator()(const Table& t) const {
            // Nodes inside [low, high] plus the interpolated end points.
            std::vector<double> x{low};
            for (const double ri : t.r)
                if (ri > low && ri < high) x.push_back(ri);
            x.push_back(high);
            std::vector<double> lg;
            for (const double xi : x) {
                const double g = lerp_density(t, cell_of(t, xi), xi);
                if (!(g > 0)) return false;
                lg.push_back(std::log(g));
            }
            double previous_slope = INFINITY;
            for (std::size_t i = 1; i < x.size(); ++i) {
                const double slope = (lg[i] - lg[i - 1]) / (x[i] - x[i - 1]);
                if (slope > previous_slope + 1e-12 * (1 + std::abs(previous_slope))) return false;
                previous_slope = slope;
            }
            return true;
        }
    };
    return std::visit(Visitor{low_, high_}, impl_->family);
}

} // namespace beliefsim::pricing
