#include "beliefsim/bbs/monte_carlo.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/estimators/moments.hpp"
#include "beliefsim/mc/engine.hpp"

#include <algorithm>
#include <cmath>

namespace beliefsim::bbs {

namespace {

double theta_of(const Technology& tech, const ValueScaleDraw& d) {
    return d.w * std::pow(d.s, 1 - tech.task_returns());
}

/// θ of the types that build the law (words 1-2 of path i).
struct ThetaSampler {
    const Technology* tech;
    const ValueScaleSampler* types;
    [[nodiscard]] double sample(rng::PathRng& rng) const { return theta_of(*tech, types->sample(rng)); }
};

struct HistogramAccumulator {
    ThetaHistogram hist;
    void add(std::span<const double> batch, std::uint64_t) {
        for (const double t : batch) hist.add(t);
    }
    void merge(const HistogramAccumulator& o) { hist.merge(o.hist); }
};

struct Values {
    double revenue = 0, profit = 0;
};

/// Revenue and profit of fresh types (words 3-4 of path i: independent of the law's types).
template <class Evaluate>
struct ValueSampler {
    const ValueScaleSampler* types;
    Evaluate evaluate;
    [[nodiscard]] Values sample(rng::PathRng& rng) const {
        (void)rng();
        (void)rng();
        return evaluate(types->sample(rng));
    }
};

struct ValueAccumulator {
    estimators::Moments revenue, profit;
    void add(std::span<const Values> batch, std::uint64_t) {
        std::vector<double> r(batch.size()), p(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            r[i] = batch[i].revenue;
            p[i] = batch[i].profit;
        }
        revenue.add(r);
        profit.add(p);
    }
    void merge(const ValueAccumulator& o) {
        revenue.merge(o.revenue);
        profit.merge(o.profit);
    }
};

mc::RunPlan run_plan(const MonteCarloPlan& plan, std::uint64_t paths) {
    return {paths, plan.block_size, plan.seed, plan.threads};
}

Values package_values(const PackageMenu& menu, double theta) {
    const double T = menu.transfer(theta);
    return {T, T - menu.cost(theta)};
}

} // namespace

ValueScaleSampler::ValueScaleSampler(pricing::TypeDistribution w, pricing::TypeDistribution s)
    : w_(std::move(w)), s_(std::move(s)) {
    BELIEFSIM_CHECK(s_.low() >= 0 && s_.high() <= 1, "s", "scale support must lie in [0, 1]");
}

ValueScaleDraw ValueScaleSampler::sample(rng::PathRng& rng) const {
    const double uw = rng::uniform_open_closed(rng);
    const double us = rng::uniform_open_closed(rng);
    return {w_.quantile(uw), s_.quantile(us)};
}

ThetaHistogram::ThetaHistogram(double low, double high, std::size_t bins) : low_(low), high_(high), counts_(bins, 0) {
    BELIEFSIM_REQUIRE(high > low && bins >= 16, "histogram needs high > low and >= 16 bins");
}

void ThetaHistogram::add(double theta) {
    const double x = (theta - low_) / (high_ - low_) * static_cast<double>(counts_.size());
    const auto k = static_cast<std::size_t>(std::clamp(x, 0.0, static_cast<double>(counts_.size() - 1)));
    ++counts_[k];
    ++n_;
}

void ThetaHistogram::merge(const ThetaHistogram& other) {
    BELIEFSIM_REQUIRE(other.counts_.size() == counts_.size(), "histograms differ in bins");
    for (std::size_t k = 0; k < counts_.size(); ++k) counts_[k] += other.counts_[k];
    n_ += other.n_;
}

ScalarLaw ThetaHistogram::law() const {
    BELIEFSIM_REQUIRE(n_ > 0, "empty histogram");
    const std::size_t bins = counts_.size();
    const double h = (high_ - low_) / static_cast<double>(bins);
    auto cum = std::make_shared<std::vector<double>>(bins + 1, 0.0);
    for (std::size_t k = 0; k < bins; ++k)
        (*cum)[k + 1] = (*cum)[k] + static_cast<double>(counts_[k]) / static_cast<double>(n_);
    (*cum)[bins] = 1.0;
    const double lo = low_, hi = high_;
    const auto cell = [=](double t) {
        return std::min<std::size_t>(bins - 1, static_cast<std::size_t>(std::max(0.0, (t - lo) / h)));
    };
    ScalarLaw out;
    out.low = lo;
    out.high = hi;
    out.piecewise = true;
    out.cdf = [=](double t) {
        if (t <= lo) return 0.0;
        if (t >= hi) return 1.0;
        const std::size_t k = cell(t);
        const double frac = (t - (lo + static_cast<double>(k) * h)) / h;
        return (*cum)[k] + frac * ((*cum)[k + 1] - (*cum)[k]);
    };
    out.pdf = [=](double t) {
        if (t < lo || t > hi) return 0.0;
        const std::size_t k = cell(t);
        return ((*cum)[k + 1] - (*cum)[k]) / h;
    };
    return out;
}

MonteCarloPackages monte_carlo_packages(const Technology& tech, const ValueScaleSampler& sampler,
                                        const MonteCarloPlan& plan) {
    BELIEFSIM_REQUIRE(plan.law_samples > 0 && plan.revenue_samples > 1, "need law and revenue samples");
    const double k = 1 - tech.task_returns();
    const ThetaHistogram empty(sampler.w().low() * std::pow(sampler.s().low(), k),
                               sampler.w().high() * std::pow(sampler.s().high(), k), plan.bins);
    const auto law =
        mc::run(run_plan(plan, plan.law_samples), ThetaSampler{&tech, &sampler}, HistogramAccumulator{empty});
    PackageMenu menu(tech, law.hist.law(), plan.bins);
    const auto evaluate = [&](const ValueScaleDraw& d) { return package_values(menu, theta_of(tech, d)); };
    const auto values = mc::run(run_plan(plan, plan.revenue_samples),
                                ValueSampler<decltype(evaluate)>{&sampler, evaluate}, ValueAccumulator{});
    return {std::move(menu), values.revenue.mean(), values.profit.mean()};
}

MonteCarloPackages packages_from_samples(const Technology& tech, std::span<const ValueScaleDraw> types,
                                         std::size_t bins) {
    BELIEFSIM_REQUIRE(types.size() >= 2, "need >= 2 sampled types (got " << types.size() << ")");
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& d : types) {
        BELIEFSIM_CHECK(d.w >= 0 && std::isfinite(d.w) && d.s >= 0 && d.s <= 1, "types",
                        "each row needs w >= 0 and s in [0, 1]");
        lo = std::min(lo, theta_of(tech, d));
        hi = std::max(hi, theta_of(tech, d));
    }
    if (!(hi > lo)) hi = lo + 1;
    ThetaHistogram hist(lo, hi, bins);
    for (std::size_t i = 0; i < types.size(); i += 2) hist.add(theta_of(tech, types[i]));
    PackageMenu menu(tech, hist.law(), bins);
    ValueAccumulator acc;
    std::vector<Values> held;
    for (std::size_t i = 1; i < types.size(); i += 2) held.push_back(package_values(menu, theta_of(tech, types[i])));
    acc.add(held, 0);
    return {std::move(menu), acc.revenue.mean(), acc.profit.mean()};
}

MonteCarloValues monte_carlo_allocations(const AllocationMenu& menu, const ValueScaleSampler& sampler,
                                         const MonteCarloPlan& plan) {
    BELIEFSIM_REQUIRE(plan.revenue_samples > 1, "need revenue samples");
    const auto evaluate = [&](const ValueScaleDraw& d) -> Values {
        if (!(d.s > 0) || !(menu.quality(d.w, d.s) > 0)) return {};
        const double T = menu.transfer(d.w, d.s);
        return {T, T - menu.cost(d.w, d.s)};
    };
    const auto values = mc::run(run_plan(plan, plan.revenue_samples),
                                ValueSampler<decltype(evaluate)>{&sampler, evaluate}, ValueAccumulator{});
    return {values.revenue.mean(), values.profit.mean()};
}

} // namespace beliefsim::bbs
