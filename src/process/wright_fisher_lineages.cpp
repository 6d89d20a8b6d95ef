#include "beliefsim/process/wright_fisher_lineages.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "beliefsim/rng/variates.hpp"

#include <boost/math/special_functions/bernoulli.hpp>
#include <boost/math/special_functions/factorials.hpp>
#include <boost/random/gamma_distribution.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

namespace beliefsim::process {
namespace {

constexpr int J0 = WrightFisherLineages::EXPLICIT_LEVELS;
/// Runs of at most this many levels are summed exactly (also where a difference of tails cancels).
constexpr double SHORT_RUN = 16;
/// From this level on a run is replaced by its mean: its variance is below 4/(3·2^96) < 1e-28.
constexpr double MEAN_ONLY_LEVEL = 4294967296.0; // 2^32

/// 2/(j(j − 1)): the mean holding time of A at level j (entries 0 and 1 unused).
constexpr std::array<double, J0> MEAN_HOLDING = [] {
    std::array<double, J0> mean{};
    for (int j = 2; j < J0; ++j) mean[static_cast<std::size_t>(j)] = 2.0 / (j * (j - 1.0));
    return mean;
}();

/// Terms kept in the expansion of tail_power_sum.
constexpr int EXPANSION_TERMS = 11;

/// Coefficients c_p of Σ_{j ≥ a} (j(j − 1))^{−m} = x^{1−2m} Σ_p c_p x^{−p}, x = a − ½: with
/// (j(j − 1))^{−m} = ((j − ½)² − ¼)^{−m} = Σ_l C(m+l−1, l) 4^{−l} (j − ½)^{−2m−2l}, each ζ(s, x) =
/// Σ_{i≥0} (x + i)^{−s} expanded by Euler-Maclaurin: x^{1−s}/(s − 1) + x^{−s}/2
/// + Σ_k B_{2k}/(2k)! s(s+1)…(s+2k−2) x^{−s−2k+1}.
std::array<double, EXPANSION_TERMS> tail_expansion(int m) {
    std::array<double, EXPANSION_TERMS> c{};
    constexpr int last = EXPANSION_TERMS - 1;
    double binomial = 1; // C(m+l−1, l) 4^{−l}
    for (int l = 0; 2 * l <= last; ++l) {
        const int s = 2 * m + 2 * l;
        c[static_cast<std::size_t>(2 * l)] += binomial / (s - 1);
        if (2 * l + 1 <= last) c[static_cast<std::size_t>(2 * l + 1)] += binomial / 2;
        double rising = s; // s(s+1)…(s+2k−2)
        for (int k = 1; 2 * l + 2 * k <= last; ++k) {
            c[static_cast<std::size_t>(2 * l + 2 * k)] += binomial * boost::math::bernoulli_b2n<double>(k) /
                                                          boost::math::factorial<double>(static_cast<unsigned>(2 * k)) *
                                                          rising;
            rising *= (s + 2 * k - 1) * (s + 2 * k);
        }
        binomial *= (m + l) / (4.0 * (l + 1));
    }
    return c;
}

/// Σ_{j ≥ first} (j(j − 1))^{−m} for m = 2, 3 and first ≥ 64: the expansion above truncated after
/// x^{−10} (relative error ≤ 4e-16 at first = 64 against 40-digit Hurwitz zeta sums; smaller beyond).
double tail_power_sum(int m, double first) {
    static const std::array<std::array<double, EXPANSION_TERMS>, 2> coefficients = {tail_expansion(2),
                                                                                    tail_expansion(3)};
    const auto& c = coefficients[static_cast<std::size_t>(m - 2)];
    const double y = 1 / (first - 0.5);
    double series = 0;
    for (int p = EXPANSION_TERMS - 1; p >= 0; --p) series = series * y + c[static_cast<std::size_t>(p)];
    return std::pow(y, 2 * m - 1) * series;
}

WrightFisherLineages::ShiftedGamma fit(const CoalescentTimeCumulants& k) {
    WrightFisherLineages::ShiftedGamma g;
    g.scale = k.third / (2 * k.variance);
    g.shape = k.variance / (g.scale * g.scale);
    g.shift = std::max(0.0, k.mean - g.shape * g.scale); // ≥ 0 but for rounding (one level: 0)
    return g;
}

double draw(const WrightFisherLineages::ShiftedGamma& g, rng::PathRng& rng) {
    return g.shift + boost::random::gamma_distribution<double>(g.shape, g.scale)(rng);
}

/// κ1 of the levels first, …, first + count − 1 (count may be +∞).
double run_mean(double first, double count) {
    return std::isinf(count) ? 2 / (first - 1) : 2 * count / ((first - 1) * (first + count - 1));
}

/// Σ E_j over the levels first, …, first + count − 1 (first ≥ J0; count may be +∞).
double run_time(double first, double count, rng::PathRng& rng) {
    if (first >= MEAN_ONLY_LEVEL) return run_mean(first, count);
    if (count <= SHORT_RUN) {
        double sum = 0;
        for (int i = 0; i < static_cast<int>(count); ++i) {
            const double j = first + i;
            sum += 2 / (j * (j - 1)) * rng::exponential_from_uniform(rng::uniform_open_closed(rng));
        }
        return sum;
    }
    return draw(fit(coalescent_time_cumulants(first, count)), rng);
}

} // namespace

CoalescentTimeCumulants coalescent_time_cumulants(double first, double count) {
    BELIEFSIM_REQUIRE(first >= J0 && count >= 1, "coalescent levels need first >= " << J0 << ", count >= 1 (got "
                                                                                    << first << ", " << count << ")");
    CoalescentTimeCumulants k;
    k.mean = run_mean(first, count);
    if (count <= SHORT_RUN) {
        for (int i = 0; i < static_cast<int>(count); ++i) {
            const double mean = 2 / ((first + i) * (first + i - 1));
            k.variance += mean * mean;
            k.third += 2 * mean * mean * mean;
        }
        return k;
    }
    const auto run_sum = [&](int m) {
        return tail_power_sum(m, first) - (std::isinf(count) ? 0.0 : tail_power_sum(m, first + count));
    };
    k.variance = 4 * run_sum(2);
    k.third = 16 * run_sum(3);
    return k;
}

WrightFisherLineages::WrightFisherLineages(Vector prior, double chi_f)
    : prior_(checked_prior(prior)), chi_f_(chi_f),
      tail_(fit(coalescent_time_cumulants(J0, std::numeric_limits<double>::infinity()))) {
    check_chi(chi_f);
}

PathOutcome WrightFisherLineages::sample(rng::PathRng& rng) const {
    const auto n = static_cast<int>(prior_.size());

    // Lowest levels of the types in the order found: rank[0] = 1 < rank[1] < … (as doubles: a tiny
    // prior entry gives gaps beyond any integer type).
    std::array<double, MAX_STATES> rank{};
    std::array<bool, MAX_STATES> seen{};
    const std::int32_t terminal = state_by_inversion(prior_, rng::uniform_open_closed(rng));
    seen[static_cast<std::size_t>(terminal)] = true;
    double seen_mass = prior_[terminal];
    rank[0] = 1;
    for (int m = 1; m < n; ++m) {
        double unseen_mass = 0;
        for (int theta = 0; theta < n; ++theta)
            if (!seen[static_cast<std::size_t>(theta)]) unseen_mass += prior_[theta];
        // Geometric(1 − M) by inversion, log M without the cancellation of 1 − (1 − M) (Boost's
        // geometric_distribution takes log(1 − p), which rounds a tiny p away, and an integer type).
        const double log_seen = seen_mass < unseen_mass ? std::log(seen_mass) : std::log1p(-unseen_mass);
        const double gap = 1 + std::floor(std::log(rng::uniform_open_closed(rng)) / log_seen);
        rank[static_cast<std::size_t>(m)] = rank[static_cast<std::size_t>(m - 1)] + gap;
        if (m + 1 == n) break; // the last type needs no draw: only its rank matters
        const double target = rng::uniform_open_closed(rng) * unseen_mass;
        double cumulative = 0;
        int found = -1;
        for (int theta = 0; theta < n; ++theta) {
            if (seen[static_cast<std::size_t>(theta)]) continue;
            found = theta; // the last unseen type takes what rounding leaves above the sum
            cumulative += prior_[theta];
            if (target <= cumulative) break;
        }
        seen[static_cast<std::size_t>(found)] = true;
        seen_mass += prior_[found];
    }

    // Σ_j (k(j) − 1) E_j in standard time; `dying` = k(j) − 1 counts the ranks ≤ j beyond rank[0].
    double standard = 0;
    int next = 1;
    int dying = 0;
    const double second = rank[1];
    if (second < J0) {
        const auto low = static_cast<int>(second);
        const auto count = static_cast<std::size_t>(J0 - low);
        std::array<std::uint64_t, J0> words;
        std::array<double, J0> uniform, exponential;
        for (std::size_t i = 0; i < count; ++i) words[i] = rng();
        rng::uniform_open_closed(std::span(words.data(), count), std::span(uniform.data(), count));
        rng::exponential_from_uniform(std::span<const double>(uniform.data(), count),
                                      std::span(exponential.data(), count));
        for (int j = low; j < J0; ++j) {
            while (next < n && rank[static_cast<std::size_t>(next)] <= j) ++dying, ++next;
            standard +=
                dying * MEAN_HOLDING[static_cast<std::size_t>(j)] * exponential[static_cast<std::size_t>(j - low)];
        }
    }
    double level = std::max<double>(J0, second);
    while (next < n && rank[static_cast<std::size_t>(next)] <= level) ++dying, ++next;
    for (; next < n; ++next) {
        const double to = rank[static_cast<std::size_t>(next)];
        standard += dying * run_time(level, to - level, rng);
        level = to;
        ++dying;
    }
    standard +=
        dying * (level == J0 ? draw(tail_, rng) : run_time(level, std::numeric_limits<double>::infinity(), rng));
    return {standard / (2 * chi_f_), terminal};
}

} // namespace beliefsim::process
