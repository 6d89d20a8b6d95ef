#include "beliefsim/process/wright_fisher_lineages.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "beliefsim/rng/variates.hpp"

#include <boost/math/special_functions/factorials.hpp>
#include <boost/math/special_functions/polygamma.hpp>
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

/// Σ_{j ≥ first} (j(j − 1))^{−m} = Σ_k C(m+k−1, k) 4^{−k} ζ(2m + 2k, first − ½).
double tail_power_sum(int m, double first) {
    const double x = first - 0.5;
    double sum = 0;
    double coefficient = 1; // C(m+k−1, k) 4^{−k}
    for (int k = 0; k < 60; ++k) {
        const int order = 2 * m + 2 * k - 1; // ζ(s, x) = ψ^{(s−1)}(x)/(s − 1)! for even s
        const double term = coefficient * boost::math::polygamma(order, x) /
                            boost::math::factorial<double>(static_cast<unsigned>(order));
        sum += term;
        if (term <= 1e-17 * sum) break;
        coefficient *= (m + k) / (4.0 * (k + 1));
    }
    return sum;
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
    BELIEFSIM_REQUIRE(first >= 2 && count >= 1,
                      "coalescent levels need first >= 2, count >= 1 (got " << first << ", " << count << ")");
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
        // log M without the cancellation of 1 − (1 − M).
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
