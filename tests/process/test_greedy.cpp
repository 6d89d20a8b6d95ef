#include "beliefsim/process/greedy.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/estimators/stopping_time.hpp"
#include "beliefsim/mc/engine.hpp"

#include "../support.hpp"
#include <boost/math/quadrature/tanh_sinh.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>

using namespace beliefsim;
using beliefsim::test::belief;

namespace {

process::GreedyModel model(const char* entropy, Vector prior, double chi) {
    const auto n = static_cast<int>(prior.size());
    return process::GreedyModel({entropy::Entropy::from_name(entropy, std::nullopt, n), std::move(prior), chi});
}

estimators::StoppingTimeSummary run_mc(const process::GreedyModel& m, std::uint64_t paths, std::uint64_t seed,
                                       std::vector<double> laplace_r, double t_max = 20, int ecdf_points = 201) {
    estimators::StoppingTimeSpec spec;
    spec.states = m.states();
    spec.histogram_max = t_max;
    spec.ecdf_max = t_max;
    spec.ecdf_points = ecdf_points;
    spec.laplace_r = std::move(laplace_r);
    return mc::run({.paths = paths, .seed = seed}, m, estimators::StoppingTimeAccumulator(spec)).summary();
}

} // namespace

// Zhong §3.1: prior ½, quadratic entropy, χ = 1/8. Both states tie at D = ¼, each is reached at rate
// 1/4, so τ ~ Exp(½): f*(t) = ½e^{−t/2} (papers/README: the text's "each with rate ½" is a slip).
TEST_CASE("binary example: exact law is exponential with rate 1/2", "[paper][process]") {
    const auto m = model("quadratic", belief({0.5, 0.5}), 0.125);
    REQUIRE(m.phases().size() == 1);
    CHECK(m.phases()[0].closest.size() == 2);
    for (const double t : {0.0, 0.3, 1.0, 2.0, 7.5, 30.0}) {
        CHECK(m.survival(t) == Approx(std::exp(-t / 2)).epsilon(1e-13));
        CHECK(m.density(t) == Approx(0.5 * std::exp(-t / 2)).epsilon(1e-13));
        CHECK(m.state_densities(t)[0] == Approx(0.25 * std::exp(-t / 2)).epsilon(1e-13));
    }
    CHECK(m.mean() == Approx(2.0).epsilon(1e-13));
    CHECK(m.variance() == Approx(4.0).epsilon(1e-12));
    for (const double r : {0.5, 1.0, 1.5, 2.0}) CHECK(m.laplace(r) == Approx(0.5 / (r + 0.5)).epsilon(1e-12));
}

TEST_CASE("binary example: Monte Carlo Laplace transform within 4 SE, SE shrinks as 1/sqrt(paths)",
          "[paper][stat][process]") {
    const auto m = model("quadratic", belief({0.5, 0.5}), 0.125);
    const std::vector<double> rs = {1.0, 1.5, 2.0};
    const auto small = run_mc(m, 250'000, 11, rs);
    const auto large = run_mc(m, 1'000'000, 12, rs);
    for (std::size_t j = 0; j < rs.size(); ++j) {
        const double exact = 0.5 / (rs[j] + 0.5);
        CAPTURE(rs[j], large.laplace_mean[j], large.laplace_stderr[j], exact);
        CHECK(std::abs(large.laplace_mean[j] - exact) <= 4 * large.laplace_stderr[j]);
        CHECK(std::abs(small.laplace_mean[j] - exact) <= 4 * small.laplace_stderr[j]);
        // 4x the paths halves the standard error (the SE estimate itself is accurate to ~0.3%).
        CHECK(small.laplace_stderr[j] / large.laplace_stderr[j] == Approx(2.0).epsilon(0.02));
    }
}

TEST_CASE("n = 3: phases, equal divergences, throughput binding, martingale", "[invariant][process]") {
    for (const char* kind : {"shannon", "quadratic"}) {
        CAPTURE(kind);
        const double chi = 0.3;
        const auto m = model(kind, belief({0.5, 0.3, 0.2}), chi);
        const auto& h = m.spec().entropy;
        // Closest sets {0}, {0,1}, {0,1,2}: states join in order of prior mass.
        REQUIRE(m.phases().size() == 3);
        CHECK(m.phases()[0].closest == std::vector<int>{0});
        CHECK(m.phases()[1].closest == std::vector<int>{0, 1});
        CHECK(m.phases()[2].closest == std::vector<int>{0, 1, 2});
        // At each switch the joining state's divergence equals the closest set's (Definition 1).
        for (std::size_t k = 1; k < m.phases().size(); ++k) {
            const Vector d = h.vertex_divergences(m.phases()[k].start_belief);
            for (const int theta : m.phases()[k].closest) CHECK(d[theta] == Approx(d[0]).epsilon(1e-9));
            CHECK(m.phases()[k].start_time > m.phases()[k - 1].start_time);
        }
        // Along the path: beliefs in the simplex, equal divergences inside Θ^k, Σ β D = χ.
        const double t_end = m.phases().back().start_time * 1.5;
        for (int i = 0; i <= 200; ++i) {
            const double t = t_end * i / 200.0;
            const Vector mu = m.belief(t);
            const Vector beta = m.rates(t);
            const Vector d = h.vertex_divergences(mu);
            CAPTURE(t, mu.transpose(), beta.transpose());
            CHECK(mu.sum() == Approx(1.0).epsilon(1e-12));
            CHECK(mu.minCoeff() > 0);
            CHECK(beta.dot(d) == Approx(chi).epsilon(1e-8));
            for (int theta = 0; theta < 3; ++theta)
                if (beta[theta] > 0) CHECK(d[theta] == Approx(d.minCoeff()).epsilon(1e-8));
        }
        // Martingale: the terminal law, by quadrature of the rates, is the prior.
        const Vector terminal = m.terminal_probabilities();
        for (int theta = 0; theta < 3; ++theta) CHECK(terminal[theta] == Approx(m.spec().prior[theta]).margin(1e-8));
        // E[τ] = ∫ S dt by an independent quadrature of the survival function.
        const double mean_quad =
            boost::math::quadrature::tanh_sinh<double>().integrate([&](double t) { return m.survival(t); }, 0.0, 250.0);
        CHECK(m.mean() == Approx(mean_quad).epsilon(1e-8));
        // Density is −dS/dt.
        for (const double t : {0.2, 1.0, 3.0}) {
            const double eps = 1e-5;
            CHECK(m.density(t) == Approx((m.survival(t - eps) - m.survival(t + eps)) / (2 * eps)).epsilon(1e-7));
        }
    }
}

TEST_CASE("n = 3: Monte Carlo agrees with the exact law", "[stat][process]") {
    for (const char* kind : {"shannon", "quadratic"}) {
        CAPTURE(kind);
        const auto m = model(kind, belief({0.5, 0.3, 0.2}), 0.3);
        const std::uint64_t paths = 400'000;
        const double t_max = std::ceil(m.quantile(0.9999));
        const auto est = run_mc(m, paths, 2024, {0.5, 1.0, 2.0}, t_max, 401);
        for (int theta = 0; theta < 3; ++theta) {
            CAPTURE(theta, est.terminal_freq[theta], est.terminal_freq_stderr[theta]);
            CHECK(std::abs(est.terminal_freq[theta] - m.spec().prior[theta]) <= 4 * est.terminal_freq_stderr[theta]);
        }
        CHECK(std::abs(est.mean.value - m.mean()) <= 4 * est.mean.std_error);
        CHECK(std::abs(est.variance.value - m.variance()) <= 4 * est.variance.std_error);
        for (std::size_t j = 0; j < est.laplace_r.size(); ++j)
            CHECK(std::abs(est.laplace_mean[j] - m.laplace(est.laplace_r[j])) <= 4 * est.laplace_stderr[j]);
        // Kolmogorov-Smirnov-type bound on the grid: sup |F̂ − F| ≤ 1.95/√n (p ≈ 0.001), overall and
        // per terminal state against the exact P(τ ≤ t, θ).
        double ks = 0, ks_state = 0;
        for (std::size_t j = 0; j < est.ecdf_t.size(); ++j) {
            const double t = est.ecdf_t[j];
            ks = std::max(ks, std::abs(est.ecdf_F[j] - (1 - m.survival(t))));
            const Vector cdf = m.state_cdfs(t);
            for (int theta = 0; theta < 3; ++theta)
                ks_state =
                    std::max(ks_state, std::abs(est.ecdf_F_by_state[theta * est.ecdf_t.size() + j] - cdf[theta]));
        }
        CHECK(ks <= 1.95 / std::sqrt(static_cast<double>(paths)));
        CHECK(ks_state <= 1.95 / std::sqrt(static_cast<double>(paths)));
    }
}

TEST_CASE("Tsallis n = 4: the path stays a martingale", "[invariant][process]") {
    const Vector prior = belief({0.4, 0.3, 0.2, 0.1});
    const process::GreedyModel m({entropy::Entropy::from_name("tsallis", 1.7, 4), prior, 0.5});
    CHECK(m.phases().size() == 4);
    const Vector terminal = m.terminal_probabilities();
    for (int theta = 0; theta < 4; ++theta) CHECK(terminal[theta] == Approx(prior[theta]).margin(1e-8));
}

TEST_CASE("rates that are not positive and finite fail loudly", "[bad-input][process]") {
    // The power entropy with α > 2 has a vanishing Hessian at p = ½: no rate solves (4) there.
    const auto h = entropy::Entropy::from_name("power", 3.0, 2);
    const Vector mu = belief({0.5, 0.5});
    CHECK_THROWS_AS(process::greedy_rates(h, mu, {0}, 0.3), InvalidArgument);
    CHECK_THROWS_WITH(process::greedy_rates(h, mu, {0}, 0.3), Catch::Contains("Assumption 1"));
}

TEST_CASE("sampler: same rng, same outcome, and the first jump inverts the cumulative hazard", "[unit][process]") {
    const auto m = model("shannon", belief({0.5, 0.3, 0.2}), 0.3);
    for (std::uint64_t i = 0; i < 1000; ++i) {
        auto a = rng::make_path_rng(5, i);
        auto b = rng::make_path_rng(5, i);
        const auto oa = m.sample(a);
        const auto ob = m.sample(b);
        CHECK(oa.tau == ob.tau);
        CHECK(oa.terminal_state == ob.terminal_state);
        auto c = rng::make_path_rng(5, i);
        const double e = -std::log(rng::uniform_open_closed(c));
        CHECK(m.cumulative_hazard(oa.tau) == Approx(e).epsilon(1e-10).margin(1e-12));
    }
}

TEST_CASE("block sampling gives each path exactly what sampling it alone gives", "[unit][process]") {
    // n = 3 has a phase switch and a stationary phase; a 2-state prior at ½ is stationary at once.
    for (const auto& m :
         {model("shannon", belief({0.5, 0.3, 0.2}), 0.3), model("quadratic", belief({0.5, 0.5}), 0.125)}) {
        std::vector<process::PathOutcome> block(5000);
        m.sample_block(11, 100, block);
        for (std::size_t i = 0; i < block.size(); ++i) {
            auto g = rng::make_path_rng(11, 100 + i);
            const auto alone = m.sample(g);
            REQUIRE(std::bit_cast<std::uint64_t>(block[i].tau) == std::bit_cast<std::uint64_t>(alone.tau));
            REQUIRE(block[i].terminal_state == alone.terminal_state);
        }
    }
}

// Binary Shannon greedy from μ0 = (p, 1 − p), p ≪ 1: state 1 alone is closest, β = χ/D₁ with
// D₁ = −log(1 − μ̂₀) and μ̂₀ = p e^Λ until it reaches ½ at Λ* = log(1/2p); then both tie (ζ = log 2).
// So t(Λ) = Σ_k p^k(e^{kΛ} − 1)/(k²χ) and E[min(τ, t(L))] = Σ_k p^k ∫₀ᴸ e^{(k−1)Λ}dΛ / (kχ), and
// E[τ] was computed with mpmath (log1p, 30 digits). The law is heavy-tailed (each unit of Λ up to Λ*
// adds ~p to E[τ] but has mass e^{−Λ}), so the Monte Carlo checks use bounded functionals.
TEST_CASE("near a vertex (prior 1e-12, 1e-300) the exact law and the sampler keep full relative precision",
          "[stat][process][boundary]") {
    const double chi = 0.7;
    for (const auto& [p, mean] :
         {std::pair{1e-12, 2.8631021115900417e-11}, std::pair{1e-300, 6.9177552796095085e-298}}) {
        CAPTURE(p);
        const auto m = model("shannon", belief({p, 1 - p}), chi);
        CHECK(m.mean() * chi == Approx(mean).epsilon(1e-9));
        const auto time_at = [&](double lam) {
            double t = 0;
            for (int k = 1; k <= 4; ++k) t += std::pow(p, k) * std::expm1(k * lam) / (k * k * chi);
            return t;
        };
        // Cubic Hermite cells of width 1/256 in Λ: ~1e-13 of a cell's time, so relative 1e-9 in the first.
        for (const double lam : {1e-3, 0.5, 3.0, 10.0}) {
            CAPTURE(lam);
            CHECK(m.quantile(-std::expm1(-lam)) / time_at(lam) == Approx(1).epsilon(lam < 0.01 ? 1e-9 : 1e-11));
        }
        CHECK(m.cumulative_hazard(time_at(20.0)) == Approx(20.0).epsilon(1e-11));

        const double cut = 10; // Λ of the truncation time
        double truncated_mean = p * cut / chi;
        for (int k = 2; k <= 4; ++k) truncated_mean += std::pow(p, k) * std::expm1((k - 1) * cut) / (k * (k - 1) * chi);
        std::vector<process::PathOutcome> paths(1'000'000);
        m.sample_block(2026, 0, paths);
        test::Mean capped, below;
        for (const auto& o : paths) {
            capped.add(std::min(o.tau, time_at(cut)) / p);
            below.add(o.tau <= time_at(3.0) ? 1.0 : 0.0);
        }
        CAPTURE(capped.mean, capped.standard_error(), truncated_mean / p);
        CHECK(std::abs(capped.z(truncated_mean / p)) <= 4);
        CHECK(std::abs(below.z(-std::expm1(-3.0))) <= 4);
    }
}
