#include "beliefsim/estimators/stopping_time.hpp"

#include "beliefsim/mc/engine.hpp"

#include <catch2/catch.hpp>

#include <boost/random/exponential_distribution.hpp>

#include <cmath>
#include <numeric>
#include <vector>

using namespace beliefsim;
using estimators::StoppingTimeAccumulator;
using estimators::StoppingTimeSpec;
using process::PathOutcome;

namespace {

std::vector<PathOutcome> synthetic(std::size_t n) {
    std::vector<PathOutcome> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({0.37 * static_cast<double>((i * 7919) % 101), static_cast<std::int32_t>(i % 3)});
    return out;
}

StoppingTimeSpec spec3() {
    StoppingTimeSpec s;
    s.states = 3;
    s.histogram_max = 30;
    s.histogram_bins = 40;
    s.ecdf_max = 30;
    s.ecdf_points = 61;
    s.laplace_r = {0.0, 0.5, 2.0};
    s.raw_sample_cap = 10;
    return s;
}

// Exp(1) stopping times from a Boost.Random distribution (an oracle independent of our samplers).
struct ExpSampler {
    PathOutcome sample(rng::PathRng& g) const { return {boost::random::exponential_distribution<double>(1.0)(g), 0}; }
};

} // namespace

TEST_CASE("estimators match direct computations on a fixed data set", "[unit][estimators]") {
    const auto data = synthetic(1000);
    StoppingTimeAccumulator whole(spec3());
    whole.add(data, 0);
    const auto s = whole.summary();
    const double n = 1000;

    const double mean =
        std::accumulate(data.begin(), data.end(), 0.0, [](double a, const PathOutcome& o) { return a + o.tau; }) / n;
    double ss = 0;
    for (const auto& o : data) ss += (o.tau - mean) * (o.tau - mean);
    CHECK(s.mean.value == Approx(mean).epsilon(1e-14));
    CHECK(s.variance.value == Approx(ss / (n - 1)).epsilon(1e-12));
    CHECK(s.mean.std_error == Approx(std::sqrt(ss / (n - 1) / n)).epsilon(1e-12));

    for (std::size_t j = 0; j < s.ecdf_t.size(); ++j) {
        double below = 0, below_state1 = 0;
        for (const auto& o : data) {
            below += o.tau <= s.ecdf_t[j] + 1e-12;
            below_state1 += (o.tau <= s.ecdf_t[j] + 1e-12 && o.terminal_state == 1);
        }
        CHECK(s.ecdf_F[j] == Approx(below / n).margin(1e-15));
        CHECK(s.ecdf_F_by_state[1 * s.ecdf_t.size() + j] == Approx(below_state1 / n).margin(1e-15));
    }
    std::uint64_t counted = s.histogram_overflow;
    for (const auto c : s.histogram_counts) counted += c;
    CHECK(counted == 1000);
    CHECK(s.histogram_edges.size() == 41);

    for (std::size_t j = 0; j < s.laplace_r.size(); ++j) {
        double sum = 0, sq = 0;
        for (const auto& o : data) {
            const double v = std::exp(-s.laplace_r[j] * o.tau);
            sum += v;
            sq += v * v;
        }
        const double m = sum / n;
        CHECK(s.laplace_mean[j] == Approx(m).epsilon(1e-13));
        CHECK(s.laplace_stderr[j] == Approx(std::sqrt((sq - n * m * m) / (n - 1) / n)).epsilon(1e-6).margin(1e-15));
    }
    CHECK(s.terminal_freq[0] == Approx(334 / n));
    CHECK(s.raw_tau.size() == 10);
    CHECK(s.raw_tau[3] == data[3].tau);
}

TEST_CASE("merging batches equals adding everything at once", "[unit][estimators]") {
    const auto data = synthetic(999);
    StoppingTimeAccumulator whole(spec3()), left(spec3()), right(spec3());
    whole.add(data, 0);
    left.add(std::span(data).first(4), 0);
    right.add(std::span(data).subspan(4), 4);
    left.merge(right);
    const auto a = whole.summary(), b = left.summary();
    CHECK(b.mean.value == Approx(a.mean.value).epsilon(1e-13));
    CHECK(b.variance.value == Approx(a.variance.value).epsilon(1e-12));
    CHECK(b.variance.std_error == Approx(a.variance.std_error).epsilon(1e-10));
    CHECK(b.ecdf_F == a.ecdf_F);
    CHECK(b.histogram_counts == a.histogram_counts);
    for (std::size_t j = 0; j < a.laplace_mean.size(); ++j) {
        CHECK(b.laplace_mean[j] == Approx(a.laplace_mean[j]).epsilon(1e-13));
        CHECK(b.laplace_stderr[j] == Approx(a.laplace_stderr[j]).epsilon(1e-9).margin(1e-15));
    }
    CHECK(b.raw_tau == a.raw_tau);
}

TEST_CASE("standard errors are honest: spread over seeds matches the reported SE", "[stat][estimators]") {
    // 200 independent runs of 2000 Exp(1) paths: the standard deviation of the 200 estimates of
    // E[e^{−τ}] = ½ and of E[τ] = 1 should match the mean reported SE (ratio within ±20%: the
    // sampling error of a 200-sample SD is ~5%).
    StoppingTimeSpec spec;
    spec.states = 1;
    spec.laplace_r = {1.0};
    std::vector<double> laplace, means, laplace_se, mean_se;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const auto s =
            mc::run({.paths = 2000, .block_size = 256, .seed = seed}, ExpSampler{}, StoppingTimeAccumulator(spec))
                .summary();
        laplace.push_back(s.laplace_mean[0]);
        laplace_se.push_back(s.laplace_stderr[0]);
        means.push_back(s.mean.value);
        mean_se.push_back(s.mean.std_error);
    }
    const auto sd = [](const std::vector<double>& x) {
        const double m = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
        double ss = 0;
        for (const double v : x) ss += (v - m) * (v - m);
        return std::sqrt(ss / static_cast<double>(x.size() - 1));
    };
    const auto avg = [](const std::vector<double>& x) {
        return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    };
    CHECK(sd(laplace) / avg(laplace_se) == Approx(1.0).margin(0.2));
    CHECK(sd(means) / avg(mean_se) == Approx(1.0).margin(0.2));
    // And the estimates centre on the truth: E[e^{−τ}] = ½ for τ ~ Exp(1).
    CHECK(std::abs(avg(laplace) - 0.5) <= 4 * avg(laplace_se) / std::sqrt(200.0));
}

TEST_CASE("atoms on grid points are counted where the output grid says", "[unit][estimators]") {
    // τ equal to a stored edge or grid point (as a token cap or a constant delay produces): the
    // histogram bin starts at that edge, and the ECDF includes it at that point (F(t) = P(τ ≤ t)).
    StoppingTimeSpec s = spec3();
    s.histogram_max = 3;
    s.histogram_bins = 30; // edges 0.1·k, most not exact in binary
    s.ecdf_max = 3;
    s.ecdf_points = 31;
    StoppingTimeAccumulator acc(s);
    std::vector<PathOutcome> batch;
    for (int k = 0; k <= 30; ++k) batch.push_back({s.ecdf_max * k / 30, 0});
    acc.add(batch, 0);
    const auto out = acc.summary();
    for (int k = 0; k < 30; ++k) CHECK(out.histogram_counts[static_cast<std::size_t>(k)] == 1);
    CHECK(out.histogram_overflow == 1);
    for (int k = 0; k <= 30; ++k) {
        CHECK(out.ecdf_t[static_cast<std::size_t>(k)] == batch[static_cast<std::size_t>(k)].tau);
        CHECK(out.ecdf_F[static_cast<std::size_t>(k)] == Approx((k + 1) / 31.0).epsilon(1e-15));
    }
}

TEST_CASE("a 64-point arithmetic r grid matches direct exponentials", "[unit][estimators]") {
    StoppingTimeSpec s = spec3();
    s.laplace_r.clear();
    for (int k = 0; k < 64; ++k) s.laplace_r.push_back(0.1 + 0.1 * k);
    s.laplace_r.push_back(0.05); // a decreasing step ends the run: computed directly
    StoppingTimeAccumulator acc(s);
    const auto batch = synthetic(3000);
    acc.add(batch, 0);
    const auto out = acc.summary();
    for (std::size_t j = 0; j < s.laplace_r.size(); ++j) {
        double sum = 0;
        for (const auto& o : batch) sum += std::exp(-s.laplace_r[j] * o.tau);
        CHECK(out.laplace_mean[j] == Approx(sum / 3000).epsilon(1e-13));
    }
}

TEST_CASE("capped runs: not-learned paths form their own category and are worth 0", "[unit][estimators]") {
    StoppingTimeSpec s = spec3();
    s.capped = true;
    StoppingTimeAccumulator acc(s);
    std::vector<PathOutcome> batch = synthetic(300);
    for (std::size_t i = 0; i < batch.size(); i += 4) batch[i] = {5.0, process::NOT_LEARNED};
    acc.add(batch, 0);
    const auto out = acc.summary();
    REQUIRE(out.terminal_freq.size() == 4);
    CHECK(out.terminal_freq[3] == Approx(75 / 300.0));
    CHECK(out.ecdf_F_by_state.size() == 4 * out.ecdf_t.size());
    for (std::size_t j = 0; j < s.laplace_r.size(); ++j) {
        double sum = 0;
        for (const auto& o : batch)
            if (o.terminal_state != process::NOT_LEARNED) sum += std::exp(-s.laplace_r[j] * o.tau);
        CHECK(out.laplace_mean[j] == Approx(sum / 300).epsilon(1e-13));
    }
    StoppingTimeAccumulator uncapped(spec3());
    CHECK_THROWS_WITH(uncapped.add(batch, 0), Catch::Contains("terminal state out of range"));
}

TEST_CASE("the ECDF is a probability with a finite standard error, and a cap's atom is not learning",
          "[unit][estimators]") {
    // 50 paths spread over three states: a float sum of per-state fractions used to give F = 1 + 2^-52
    // and a NaN standard error; now F counts paths. With a cap T, the paths stopped by it sit at T
    // but have not learned: F(T) = P(τ ≤ T) excludes them.
    StoppingTimeSpec s = spec3();
    s.capped = true;
    s.ecdf_max = 3;
    s.ecdf_points = 31;
    StoppingTimeAccumulator acc(s);
    std::vector<PathOutcome> batch;
    for (int i = 0; i < 50; ++i)
        batch.push_back(i < 40 ? PathOutcome{0.01 * i, i % 3} : PathOutcome{s.ecdf_max, process::NOT_LEARNED});
    acc.add(batch, 0);
    const auto out = acc.summary();
    for (std::size_t j = 0; j < out.ecdf_F.size(); ++j) {
        CHECK(out.ecdf_F[j] <= 1.0);
        CHECK(std::isfinite(out.ecdf_F_stderr[j]));
    }
    CHECK(out.ecdf_F.back() == 40.0 / 50);
    CHECK(out.terminal_freq.back() == 10.0 / 50);
}
