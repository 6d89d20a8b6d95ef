#include "beliefsim/ttc/game.hpp"

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::ttc {

namespace {

/// log(e^a + e^b) without overflow.
double log_add_exp(double a, double b) {
    const double hi = std::max(a, b), lo = std::min(a, b);
    return hi + std::log1p(std::exp(lo - hi));
}

/// log(1 + Σ_{j ∈ set} e^{βV_j}) over the providers for which `keep(j)` holds.
template <class Keep>
double log_partition_if(const Market& m, const Profile& pr, double beta, const Keep& keep) {
    double hi = 0; // the outside option's exponent
    for (std::size_t j = 0; j < m.providers(); ++j)
        if (keep(j)) hi = std::max(hi, beta * m.offer(j, static_cast<std::size_t>(pr[j])).v);
    double sum = std::exp(-hi);
    for (std::size_t j = 0; j < m.providers(); ++j)
        if (keep(j)) sum += std::exp(beta * m.offer(j, static_cast<std::size_t>(pr[j])).v - hi);
    return hi + std::log(sum);
}

} // namespace

void check_beta(double beta) {
    BELIEFSIM_CHECK(beta >= 0 && std::isfinite(beta), "beta", "must be finite and >= 0 " << got(beta));
}

void check_profile(const Market& market, const Profile& profile) {
    BELIEFSIM_REQUIRE(profile.size() == market.providers(), "profile must have one level per provider ("
                                                                << market.providers() << "), got " << profile.size());
    for (std::size_t i = 0; i < profile.size(); ++i)
        BELIEFSIM_REQUIRE(profile[i] >= 0 && static_cast<std::size_t>(profile[i]) < market.levels(),
                          "profile[" << i << "] must be a level in [0, " << market.levels() << ") (got " << profile[i]
                                     << ")");
}

double log_partition(const Market& market, const Profile& profile, double beta) {
    check_profile(market, profile);
    check_beta(beta);
    return log_partition_if(market, profile, beta, [](std::size_t) { return true; });
}

double log_partition_without(const Market& market, const Profile& profile, std::size_t i, double beta) {
    return log_partition_if(market, profile, beta, [i](std::size_t j) { return j != i; });
}

std::vector<double> shares(const Market& market, const Profile& profile, double beta) {
    const double lz = log_partition(market, profile, beta);
    std::vector<double> out(market.providers());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = std::exp(beta * market.offer(i, static_cast<std::size_t>(profile[i])).v - lz);
    return out;
}

std::vector<double> utilities(const Market& market, const Profile& profile, double beta) {
    std::vector<double> out = shares(market, profile, beta);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] *= market.offer(i, static_cast<std::size_t>(profile[i])).profit();
    return out;
}

double welfare(const Market& market, const Profile& profile, double beta) {
    const std::vector<double> s = shares(market, profile, beta);
    double w = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        w += s[i] * market.offer(i, static_cast<std::size_t>(profile[i])).surplus();
    return w;
}

double potential(const Market& market, const Profile& profile, double beta) {
    const double lz = log_partition(market, profile, beta);
    double phi = -lz;
    for (std::size_t i = 0; i < market.providers(); ++i) {
        const Offer& o = market.offer(i, static_cast<std::size_t>(profile[i]));
        if (o.profit() <= 1e-12) return -std::numeric_limits<double>::infinity();
        phi += std::log(o.profit()) + beta * o.v;
    }
    return phi;
}

double deviation_utility(const Market& market, std::size_t i, std::size_t l, double beta, double log_partition_others) {
    const Offer& o = market.offer(i, l);
    const double z = beta * o.v;
    return std::exp(z - log_add_exp(log_partition_others, z)) * o.profit();
}

double improvement_bar(double utility, double tolerance) {
    const double margin = std::abs(utility) * tolerance;
    return utility + (margin == 0 ? 1e-9 : margin);
}

namespace {

/// Calls visit(i, current utility, best deviation utility) for every provider.
template <class Visit>
void scan_deviations(const Market& market, const Profile& profile, double beta, const Visit& visit) {
    check_profile(market, profile);
    check_beta(beta);
    for (std::size_t i = 0; i < market.providers(); ++i) {
        const double lo = log_partition_without(market, profile, i, beta);
        const double now = deviation_utility(market, i, static_cast<std::size_t>(profile[i]), beta, lo);
        double best = now;
        for (std::size_t l = 0; l < market.levels(); ++l)
            best = std::max(best, deviation_utility(market, i, l, beta, lo));
        visit(now, best);
    }
}

} // namespace

bool is_equilibrium(const Market& market, const Profile& profile, double beta, double tolerance) {
    bool stable = true;
    scan_deviations(market, profile, beta,
                    [&](double now, double best) { stable = stable && !(best > improvement_bar(now, tolerance)); });
    return stable;
}

double nash_gap(const Market& market, const Profile& profile, double beta) {
    double gap = 0;
    scan_deviations(market, profile, beta, [&](double now, double best) { gap = std::max(gap, best - now); });
    return gap;
}

} // namespace beliefsim::ttc
