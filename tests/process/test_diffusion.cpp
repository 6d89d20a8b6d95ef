#include "beliefsim/process/diffusion.hpp"

#include "beliefsim/process/binary_reference.hpp"

#include "beliefsim/core/error.hpp"

#include "../support.hpp"
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/random/normal_distribution.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

using namespace beliefsim;
using beliefsim::test::belief;
using beliefsim::test::Mean;
using process::DiffusionScheme;

namespace {

/// A bridge-scheme spec with default step; tests change the fields they need.
process::DiffusionSpec spec(const char* entropy, Vector prior, double chi,
                            std::optional<double> parameter = std::nullopt) {
    const auto n = static_cast<int>(prior.size());
    return {entropy::Entropy::from_name(entropy, parameter, n),
            std::move(prior),
            chi,
            1.0,
            DiffusionScheme::bridge,
            std::nullopt,
            std::nullopt,
            {}};
}

process::DiffusionModel model(const char* entropy, Vector prior, double chi) {
    return process::DiffusionModel(spec(entropy, std::move(prior), chi));
}

process::DiffusionSpec with_scheme(process::DiffusionSpec s, DiffusionScheme scheme,
                                   std::optional<double> dt = std::nullopt) {
    s.scheme = scheme;
    s.dt = dt;
    return s;
}

/// Streaming mean with its standard error.
/// E[e^{−rτ}] for each r, and the terminal-state frequencies, over `paths` paths of seed `seed`.
struct Summary {
    std::vector<Mean> laplace;
    std::vector<Mean> terminal;
    Mean tau;
};

Summary run(const process::DiffusionModel& m, long paths, std::uint64_t seed, const std::vector<double>& rs) {
    Summary out{std::vector<Mean>(rs.size()), std::vector<Mean>(static_cast<std::size_t>(m.states())), {}};
    for (long i = 0; i < paths; ++i) {
        auto rng = rng::make_path_rng(seed, static_cast<std::uint64_t>(i));
        const auto o = m.sample(rng);
        out.tau.add(o.tau);
        for (std::size_t j = 0; j < rs.size(); ++j) out.laplace[j].add(std::exp(-rs[j] * o.tau));
        for (std::size_t theta = 0; theta < out.terminal.size(); ++theta)
            out.terminal[theta].add(o.terminal_state == static_cast<int>(theta) ? 1.0 : 0.0);
    }
    return out;
}

/// Records every belief a path reports, and the beliefs at fixed times.
class Recorder : public process::PathObserver {
public:
    explicit Recorder(std::vector<double> times) : times_(std::move(times)), at_(times_.size()) {}
    [[nodiscard]] std::span<const double> times() const override { return times_; }
    void at_time(std::size_t k, const Vector& mu) override {
        in_order_ = in_order_ && k == next_k_;
        ++next_k_;
        at_[k] = mu;
    }
    void on_step(double t, const Vector& mu) override {
        steps_.push_back(t);
        beliefs_.push_back(mu);
    }
    void reset() {
        next_k_ = 0;
        steps_.clear();
        beliefs_.clear();
    }
    std::vector<double> times_;
    std::vector<Vector> at_;
    std::vector<double> steps_;
    std::vector<Vector> beliefs_;
    std::size_t next_k_ = 0;
    bool in_order_ = true;
};

// Zhong §2.2: dμ = σ dB from ½, killed at {0, 1}: E[e^{−rτ}] = sech(√(r/2)/σ) (footnote 6).
double sech_laplace(double r, double sigma) { return 1 / std::cosh(std::sqrt(r / 2) / sigma); }

} // namespace

TEST_CASE("diffusion: Boost's ziggurat normals from a fixed PathRng are pinned", "[diffusion][unit][rng]") {
    // Known-answer values of boost::random::normal_distribution<double> (Boost 1.74, Debian bookworm)
    // on make_path_rng(42, 0): they change if Boost changes its algorithm or the generator plumbing.
    auto rng = rng::make_path_rng(42, 0);
    boost::random::normal_distribution<double> normal;
    for (const double expected : {-1.7923656129628707, 1.0784121409795222, 0.60941744755271809, -0.68432728125604159,
                                  0.76499782820430406, 0.73836257313434628})
        CHECK(normal(rng) == expected);
}

TEST_CASE("diffusion: the covariance binds the throughput constraint, ½ tr(Hess H Σ) = χf", "[diffusion][invariant]") {
    const double chi = 0.3, f = 0.6;
    for (const char* kind : {"shannon", "quadratic", "tsallis"}) {
        CAPTURE(kind);
        const std::optional<double> q = std::string(kind) == "tsallis" ? std::optional(1.5) : std::nullopt;
        for (const Vector& mu : {belief({0.5, 0.3, 0.2}), belief({0.01, 0.09, 0.9}), belief({0.25, 0.25, 0.5})}) {
            auto s = spec(kind, belief({0.5, 0.3, 0.2}), chi, q);
            s.fraction = f;
            const process::DiffusionModel m(s);
            const Matrix sigma = m.covariance(mu);
            CHECK((0.5 * (m.spec().entropy.hessian(mu) * sigma).trace()) == Approx(chi * f).epsilon(1e-12));
            CHECK(sigma.rowwise().sum().cwiseAbs().maxCoeff() < 1e-15); // moves stay on the simplex
            // On a face (state 2 absorbed) the same holds with the entropy of the two active states.
            const Vector face = belief({mu[0] / (mu[0] + mu[1]), mu[1] / (mu[0] + mu[1]), 0.0});
            const Vector pair = belief({face[0], face[1]});
            const Matrix face_sigma = m.covariance(face);
            CHECK(face_sigma.row(2).cwiseAbs().maxCoeff() == 0.0);
            CHECK(0.5 * (m.spec().entropy.hessian(pair) * face_sigma.topLeftCorner(2, 2)).trace() ==
                  Approx(chi * f).epsilon(1e-12));
        }
    }
    // n = 2 (SPEC §1): Brownian σ² = χf under quadratic, Wright-Fisher σ² = 2χf p(1 − p) under Shannon.
    auto quadratic = spec("quadratic", belief({0.5, 0.5}), chi);
    auto shannon = spec("shannon", belief({0.5, 0.5}), chi);
    quadratic.fraction = shannon.fraction = f;
    for (const double p : {0.5, 0.1, 1e-6}) {
        const Vector mu = belief({p, 1 - p});
        CHECK(process::DiffusionModel(quadratic).covariance(mu)(0, 0) == Approx(chi * f).epsilon(1e-9));
        CHECK(process::DiffusionModel(shannon).covariance(mu)(0, 0) ==
              Approx(2 * chi * f * p * (1 - p)).epsilon(1e-12));
    }
    CHECK(model("quadratic", belief({0.3, 0.7}), chi).brownian());
    CHECK(process::DiffusionModel(spec("power", belief({0.3, 0.7}), chi, 2.0)).brownian());
    CHECK_FALSE(model("shannon", belief({0.3, 0.7}), chi).brownian());
    CHECK_FALSE(model("quadratic", belief({0.3, 0.3, 0.4}), chi).brownian());
}

TEST_CASE("diffusion: exact Brownian exit law against closed forms and its own series", "[diffusion][unit]") {
    const double sigma2 = 0.125;
    const process::BrownianExitLaw half(0.5, sigma2);
    for (const double r : {0.5, 1.0, 2.0})
        CHECK(half.laplace(r) == Approx(sech_laplace(r, std::sqrt(sigma2))).epsilon(1e-13));
    CHECK(half.mean() == Approx(2.0).epsilon(1e-15));

    // Another route to the Laplace transform: quadrature of the series density (the images below
    // unit time ½, eigenfunctions above) against the sinh-ratio closed form.
    const process::BrownianExitLaw law(0.3, sigma2);
    for (const double r : {0.0, 0.7, 3.0}) {
        const double by_quadrature = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
            [&](double t) { return std::exp(-r * t) * law.density(t); }, 0, std::numeric_limits<double>::infinity(), 15,
            1e-13);
        CHECK(by_quadrature == Approx(law.laplace(r)).epsilon(1e-10));
    }
    // t = 3.9 and 4.1 straddle the switch between the two series (unit time σ²t = ½).
    for (const double t : {1e-3, 0.3, 3.9, 4.1, 12.0, 60.0}) {
        CAPTURE(t);
        CHECK(law.survival(t) + law.state_cdf(0, t) + law.state_cdf(1, t) == Approx(1.0).epsilon(1e-14));
    }
    for (const double t : {0.3, 3.9, 4.1, 12.0}) {
        CAPTURE(t);
        const double h = 1e-5 * t;
        for (const int theta : {0, 1})
            CHECK((law.state_cdf(theta, t + h) - law.state_cdf(theta, t - h)) / (2 * h) ==
                  Approx(law.state_density(theta, t)).epsilon(1e-7));
    }
    CHECK(law.state_cdf(0, 500.0) == Approx(0.3).epsilon(1e-14));
    CHECK(law.state_cdf(1, 500.0) == Approx(0.7).epsilon(1e-14));
}

TEST_CASE("diffusion: exact sampler, binary Brownian, Laplace transform within 4 SE of sech at 10^6 paths",
          "[diffusion][stat][paper]") {
    // Zhong §2.2 with σ² = χf = 1/8 (quadratic entropy, prior ½, χ = 1/8).
    const process::DiffusionModel m(with_scheme(spec("quadratic", belief({0.5, 0.5}), 0.125), DiffusionScheme::exact));
    const std::vector<double> rs = {1.0, 1.5, 2.0};
    const auto s = run(m, 1'000'000, 5, rs);
    for (std::size_t j = 0; j < rs.size(); ++j) {
        const double exact = sech_laplace(rs[j], std::sqrt(0.125));
        CAPTURE(rs[j], s.laplace[j].mean, s.laplace[j].standard_error(), exact);
        CHECK(std::abs(s.laplace[j].z(exact)) <= 4);
    }
    CHECK(std::abs(s.tau.z(2.0)) <= 4); // E[τ] = x(1 − x)/σ²
    CHECK(std::abs(s.terminal[0].z(0.5)) <= 4);

    // Off-centre, per exit side: E[e^{−rτ}; exit at x = 1] = sinh(√(2r) x0/σ)/sinh(√(2r)/σ), and the
    // mirror image at x = 0 (solutions of ½σ²u'' = ru with u = 1 on that side, 0 on the other), which
    // the side-wise tables must reproduce.
    const double x0 = 0.3, sigma = std::sqrt(0.125), r = 1.0;
    const process::DiffusionModel off(
        with_scheme(spec("quadratic", belief({x0, 1 - x0}), 0.125), DiffusionScheme::exact));
    std::array<Mean, 2> by_side;
    Mean tau;
    for (std::uint64_t i = 0; i < 200'000; ++i) {
        auto rng = rng::make_path_rng(16, i);
        const auto o = off.sample(rng);
        tau.add(o.tau);
        for (const int theta : {0, 1})
            by_side[static_cast<std::size_t>(theta)].add(o.terminal_state == theta ? std::exp(-r * o.tau) : 0.0);
    }
    const double a = std::sqrt(2 * r) / sigma;
    CHECK(std::abs(by_side[0].z(std::sinh(a * x0) / std::sinh(a))) <= 4);
    CHECK(std::abs(by_side[1].z(std::sinh(a * (1 - x0)) / std::sinh(a))) <= 4);
    CHECK(std::abs(tau.z(x0 * (1 - x0) / 0.125)) <= 4);
}

TEST_CASE("diffusion: the bridge removes naive Euler's exit bias (binary Brownian)", "[diffusion][stat]") {
    // dt = 0.04 = 0.005/χ: σ√dt ≈ 0.07, so naive Euler overshoots the boundary by ≈ 0.58σ√dt ≈ 0.04
    // (its O(√dt) bias; measured −90 SE at 2·10^5 paths). The bridge is exact for Brownian motion.
    const std::vector<double> rs = {1.0, 1.5, 2.0};
    const auto binary = spec("quadratic", belief({0.5, 0.5}), 0.125);
    const auto with_step = [&](DiffusionScheme scheme) {
        return process::DiffusionModel(with_scheme(binary, scheme, 0.04));
    };
    const auto bridge = run(with_step(DiffusionScheme::bridge), 100'000, 6, rs);
    const auto euler = run(with_step(DiffusionScheme::euler), 100'000, 6, rs);
    for (std::size_t j = 0; j < rs.size(); ++j) {
        const double exact = sech_laplace(rs[j], std::sqrt(0.125));
        CAPTURE(rs[j], exact, bridge.laplace[j].mean, bridge.laplace[j].standard_error(), euler.laplace[j].mean,
                euler.laplace[j].standard_error());
        CHECK(std::abs(bridge.laplace[j].z(exact)) <= 4);
        CHECK(euler.laplace[j].z(exact) < -6);
    }
}

TEST_CASE("diffusion: binary Wright-Fisher absorption time and martingale", "[diffusion][stat]") {
    // σ² = c p(1 − p), c = 2χf: E[τ] = −(2/c)[p ln p + (1 − p) ln(1 − p)] solves ½σ²T'' = −1, T(0) = T(1) = 0.
    const double chi = 0.125, p = 0.3;
    const double c = 2 * chi;
    const double exact = -(2 / c) * (p * std::log(p) + (1 - p) * std::log(1 - p));
    for (const auto scheme : {DiffusionScheme::bridge, DiffusionScheme::face}) {
        const auto s =
            run(process::DiffusionModel(with_scheme(spec("shannon", belief({p, 1 - p}), chi), scheme)), 10'000, 7, {});
        CAPTURE(process::scheme_name(scheme), s.tau.mean, s.tau.standard_error(), exact);
        CHECK(std::abs(s.tau.z(exact)) <= 4);
        CHECK(std::abs(s.terminal[0].z(p)) <= 4);
    }
}

TEST_CASE("diffusion: n = 3 martingale, simplex invariants and throughput on observed paths",
          "[diffusion][stat][invariant]") {
    const double chi = 0.3, f = 0.5;
    const Vector prior = belief({0.5, 0.3, 0.2});
    const std::vector<double> times = {0.0, 2.0, 5.0};
    const std::array<std::pair<const char*, DiffusionScheme>, 3> cases = {{{"shannon", DiffusionScheme::bridge},
                                                                           {"shannon", DiffusionScheme::face},
                                                                           {"quadratic", DiffusionScheme::face}}};
    for (const auto& [kind, scheme] : cases) {
        CAPTURE(kind, process::scheme_name(scheme));
        auto s = with_scheme(spec(kind, prior, chi), scheme, 0.01 / (chi * f));
        s.fraction = f;
        const process::DiffusionModel m(s);
        const auto& h = m.spec().entropy;
        Recorder recorder(times);
        std::vector<Mean> terminal(3);
        Mean throughput_gap; // H(μ_5) − H(μ_2) − χf · (time alive in (2, 5])
        bool on_simplex = true, absorbed_stay = true, times_exact = true, ends_at_vertex = true;
        for (long i = 0; i < 20'000; ++i) {
            recorder.reset();
            auto rng = rng::make_path_rng(8, static_cast<std::uint64_t>(i));
            const auto out = m.sample(rng, recorder);
            REQUIRE(recorder.next_k_ == times.size());
            for (std::size_t j = 0; j < recorder.beliefs_.size(); ++j) {
                const Vector& mu = recorder.beliefs_[j];
                on_simplex = on_simplex && std::abs(mu.sum() - 1) <= 1e-12 && mu.minCoeff() >= 0;
                if (j > 0)
                    for (Eigen::Index theta = 0; theta < 3; ++theta)
                        absorbed_stay = absorbed_stay && !(recorder.beliefs_[j - 1][theta] == 0 && mu[theta] != 0);
            }
            for (const double t : times) {
                const auto& steps = recorder.steps_;
                const bool stepped_there = t >= out.tau || std::find(steps.begin(), steps.end(), t) != steps.end();
                times_exact = times_exact && stepped_there;
            }
            ends_at_vertex = ends_at_vertex && recorder.steps_.back() == out.tau &&
                             recorder.beliefs_.back()[out.terminal_state] == 1.0;
            for (std::size_t theta = 0; theta < 3; ++theta)
                terminal[theta].add(out.terminal_state == static_cast<int>(theta) ? 1.0 : 0.0);
            const double alive = std::min(out.tau, times[2]) - std::min(out.tau, times[1]);
            throughput_gap.add(h.value(recorder.at_[2]) - h.value(recorder.at_[1]) - chi * f * alive);
        }
        CHECK(recorder.in_order_);
        CHECK(on_simplex);
        CHECK(absorbed_stay);
        CHECK(times_exact);
        CHECK(ends_at_vertex);
        CHECK(recorder.at_[0] == prior);
        for (std::size_t theta = 0; theta < 3; ++theta) {
            CAPTURE(theta, terminal[theta].mean, terminal[theta].standard_error());
            CHECK(std::abs(terminal[theta].z(prior[static_cast<Eigen::Index>(theta)])) <= 4);
        }
        CAPTURE(throughput_gap.mean, throughput_gap.standard_error());
        CHECK(std::abs(throughput_gap.z(0.0)) <= 4);
    }
}

TEST_CASE("diffusion: a constant boundary κ reproduces the exit law from [½ − κ, ½ + κ]", "[diffusion][stat]") {
    // Brownian motion from x0 = m = ½ exiting [0.1, 0.9]: E[e^{−rτ}] = cosh(√(2r)(x0 − m)/σ) / cosh(√(2r)(b − a)/(2σ)).
    const double kappa = 0.4, sigma = std::sqrt(0.125);
    auto s = spec("quadratic", belief({0.5, 0.5}), 0.125);
    s.dt = 0.04;
    s.boundary = [kappa](double /*t*/) { return kappa; };
    const process::DiffusionModel m(s);
    CHECK(m.exact_law() == nullptr);
    const std::vector<double> rs = {1.0, 2.0};
    const auto out = run(m, 100'000, 9, rs);
    for (std::size_t j = 0; j < rs.size(); ++j) {
        const double exact = 1 / std::cosh(std::sqrt(2 * rs[j]) * kappa / sigma);
        CAPTURE(rs[j], out.laplace[j].mean, out.laplace[j].standard_error(), exact);
        CHECK(std::abs(out.laplace[j].z(exact)) <= 4);
    }
    CHECK(std::abs(out.terminal[0].z(0.5)) <= 4);

    // The stopped belief is on the boundary of the side reported, before and after τ.
    Recorder recorder({0.0, 1.0, 1e3});
    for (std::uint64_t i = 0; i < 200; ++i) {
        recorder.reset();
        auto rng = rng::make_path_rng(10, i);
        const auto o = m.sample(rng, recorder);
        const Vector stopped = o.terminal_state == 0 ? belief({0.9, 0.1}) : belief({0.1, 0.9});
        CHECK((recorder.beliefs_.back() - stopped).cwiseAbs().maxCoeff() < 1e-15);
        CHECK(recorder.at_[2] == recorder.beliefs_.back());
    }
}

TEST_CASE("diffusion: a linear boundary is followed exactly by the bridge, not by naive Euler", "[diffusion][stat]") {
    // κ(t) = 0.45 − 0.1t: straight between steps, so the bridge is exact at any step and a coarse step
    // must agree with a fine one; naive Euler at the coarse step must not.
    const auto linear = [](double t) { return std::max(0.0, 0.45 - 0.1 * t); };
    auto s = spec("quadratic", belief({0.6, 0.4}), 0.125);
    s.boundary = linear;
    const auto with_step = [&](DiffusionScheme scheme, double dt) {
        return process::DiffusionModel(with_scheme(s, scheme, dt));
    };
    const std::vector<double> rs = {1.0};
    const auto fine = run(with_step(DiffusionScheme::bridge, 0.005), 100'000, 11, rs);
    const auto coarse = run(with_step(DiffusionScheme::bridge, 0.25), 100'000, 12, rs);
    const auto euler = run(with_step(DiffusionScheme::euler, 0.25), 100'000, 12, rs);
    const auto gap = [&](const Summary& a) {
        return (a.laplace[0].mean - fine.laplace[0].mean) /
               std::hypot(a.laplace[0].standard_error(), fine.laplace[0].standard_error());
    };
    CAPTURE(fine.laplace[0].mean, coarse.laplace[0].mean, euler.laplace[0].mean);
    CHECK(std::abs(gap(coarse)) <= 4);
    CHECK(gap(euler) < -6);

    // Optional stopping (τ ≤ 4.5): E[μ_0(τ)] = 0.6 with μ_0(τ) = ½ ± κ(τ) by the side reported.
    const auto coarse_model = with_step(DiffusionScheme::bridge, 0.25);
    Mean stopped;
    for (std::uint64_t i = 0; i < 100'000; ++i) {
        auto rng = rng::make_path_rng(15, i);
        const auto o = coarse_model.sample(rng);
        stopped.add(0.5 + (o.terminal_state == 0 ? 1 : -1) * linear(o.tau));
    }
    CAPTURE(stopped.mean, stopped.standard_error());
    CHECK(std::abs(stopped.z(0.6)) <= 4);
}

TEST_CASE("diffusion: paths are pure functions of their generator", "[diffusion][repro]") {
    auto wright_fisher = spec("shannon", belief({0.5, 0.3, 0.2}), 0.3);
    wright_fisher.dt = 0.05;
    auto tsallis = spec("tsallis", belief({0.2, 0.1, 0.3, 0.4}), 0.3, 1.5);
    tsallis.dt = 0.05;
    const std::vector<process::DiffusionModel> stepped = {
        process::DiffusionModel(wright_fisher),
        process::DiffusionModel(with_scheme(wright_fisher, DiffusionScheme::face, 0.05)),
        process::DiffusionModel(with_scheme(tsallis, DiffusionScheme::face, 0.05)),
        process::DiffusionModel(
            with_scheme(spec("quadratic", belief({0.3, 0.7}), 0.125), DiffusionScheme::euler, 0.05))};
    for (const auto& m : stepped) {
        CAPTURE(process::scheme_name(m.scheme()), m.states());
        process::PathObserver silent;
        Recorder recorder({});
        for (std::uint64_t i = 0; i < 100; ++i) {
            auto a = rng::make_path_rng(13, i);
            auto b = rng::make_path_rng(13, i);
            auto c = rng::make_path_rng(13, i);
            const auto first = m.sample(a);
            const auto observed = m.sample(b, silent);
            const auto recorded = m.sample(c, recorder);
            CHECK(first.tau == observed.tau);
            CHECK(first.tau == recorded.tau);
            CHECK(first.terminal_state == observed.terminal_state);
            CHECK(a() == c()); // the observer changes no draw
        }
        auto x = rng::make_path_rng(13, 0);
        auto y = rng::make_path_rng(14, 0);
        CHECK(m.sample(x).tau != m.sample(y).tau);
    }
    // The exact sampler draws no path: the same generator gives the same (τ, θ); an observed path
    // is stepped by face and ends at a vertex at its own τ.
    const process::DiffusionModel exact(
        with_scheme(spec("quadratic", belief({0.3, 0.7}), 0.125), DiffusionScheme::exact));
    for (std::uint64_t i = 0; i < 100; ++i) {
        auto a = rng::make_path_rng(13, i);
        auto b = rng::make_path_rng(13, i);
        const auto first = exact.sample(a), second = exact.sample(b);
        CHECK(first.tau == second.tau);
        CHECK(first.terminal_state == second.terminal_state);
        Recorder recorder({1.0});
        const auto observed = exact.sample(a, recorder);
        CHECK(recorder.steps_.back() == observed.tau);
        CHECK(recorder.beliefs_.back()[observed.terminal_state] == 1.0);
    }
}

TEST_CASE("diffusion: invalid input is rejected naming the parameter", "[diffusion][bad-input]") {
    const auto field_of = [](const process::DiffusionSpec& s) {
        try {
            const process::DiffusionModel m(s);
        } catch (const InvalidArgument& e) {
            return e.parameter();
        }
        return std::string("(accepted)");
    };
    const auto base = spec("shannon", belief({0.3, 0.7}), 0.2);
    auto s = base;
    s.prior = belief({0.3, 0.6});
    CHECK(field_of(s) == "prior");
    s.prior = belief({-0.1, 1.1});
    CHECK(field_of(s) == "prior");
    s.prior = belief({1.0});
    CHECK(field_of(s) == "prior");
    s = base;
    s.chi = 0;
    CHECK(field_of(s) == "chi");
    s.chi = std::numeric_limits<double>::quiet_NaN();
    CHECK(field_of(s) == "chi");
    s = base;
    s.fraction = 1.5;
    CHECK(field_of(s) == "throughput_fraction");
    s.fraction = 0;
    CHECK(field_of(s) == "throughput_fraction");
    s = base;
    s.dt = -1e-3;
    CHECK(field_of(s) == "dt");
    // A step far above the time scale 1/(χf) (biased beyond use) or far below it (never finishes).
    for (const double dt : {100.0, 1e-300}) {
        s.dt = dt * (1 / (base.chi * base.fraction));
        CHECK(field_of(s) == "dt");
    }
    s = base;
    s.max_time = 0;
    CHECK(field_of(s) == "max_time");
    // No exact sampler for a three-state tsallis diffusion.
    CHECK(field_of(with_scheme(spec("tsallis", belief({0.3, 0.3, 0.4}), 0.2, 1.5), DiffusionScheme::exact)) ==
          "scheme");
    s = with_scheme(spec("quadratic", belief({0.3, 0.7}), 0.2), DiffusionScheme::exact);
    s.boundary = [](double) { return 0.3; };
    CHECK(field_of(s) == "scheme"); // exact needs the vertices as boundary
    s = with_scheme(base, DiffusionScheme::face);
    s.boundary = [](double) { return 0.3; };
    CHECK(field_of(s) == "scheme"); // face stops at the vertices only
    s.scheme = DiffusionScheme::automatic;
    CHECK(process::DiffusionModel(s).scheme() == DiffusionScheme::bridge);
    s = spec("shannon", belief({0.3, 0.3, 0.4}), 0.2);
    s.boundary = [](double) { return 0.3; };
    CHECK(field_of(s) == "boundary");
    s = base;
    s.boundary = [](double) { return 0.7; };
    CHECK(field_of(s) == "boundary");
    // Power family: H''(½) is 0 (alpha > 2) or ∞ (alpha < 2), so σ²(½) is singular.
    CHECK(field_of(spec("power", belief({0.3, 0.7}), 0.2, 1.5)) == "alpha");
    CHECK(field_of(spec("power", belief({0.3, 0.7}), 0.2, 3.0)) == "alpha");
    CHECK(field_of(spec("power", belief({0.3, 0.7}), 0.2, 2.0)) == "(accepted)");
    CHECK_THROWS_AS(process::scheme_from_name("milstein"), InvalidArgument);
    for (const auto scheme : {DiffusionScheme::automatic, DiffusionScheme::exact, DiffusionScheme::face,
                              DiffusionScheme::bridge, DiffusionScheme::euler})
        CHECK(process::scheme_from_name(process::scheme_name(scheme)) == scheme);

    // Found while sampling: κ leaving [0, ½], a path outliving max_time.
    s = base;
    s.boundary = [](double t) { return t < 0.5 ? 0.45 : std::numeric_limits<double>::quiet_NaN(); };
    auto rng = rng::make_path_rng(1, 0);
    CHECK_THROWS_AS(process::DiffusionModel(s).sample(rng), InvalidArgument);
    s = base;
    s.max_time = 0.01;
    CHECK_THROWS_WITH(process::DiffusionModel(s).sample(rng), Catch::Contains("max_time"));
    s.scheme = DiffusionScheme::face;
    CHECK_THROWS_WITH(process::DiffusionModel(s).sample(rng), Catch::Contains("max_time"));
}

TEST_CASE("diffusion: binary Wright-Fisher and Tsallis sampled exactly by auto, 10^6 paths against the exact law",
          "[diffusion][stat][exact]") {
    // Issue 13's checks: E[τ], E[e^{−rτ}] for r ∈ {0.1, 0.3, 1, 3} and the ECDF at five times, each
    // within 4 SE of the Feynman-Kac reference (process/binary_reference.hpp, tested against closed
    // forms); Shannon also against Kimura's series.
    const std::array<double, 4> rates = {0.1, 0.3, 1.0, 3.0};
    for (const auto& [kind, q] : {std::pair{"shannon", 0.0}, std::pair{"tsallis", 1.5}}) {
        const auto parameter = q > 0 ? std::optional<double>(q) : std::nullopt;
        const process::DiffusionModel m(
            with_scheme(spec(kind, belief({0.3, 0.7}), 0.2, parameter), DiffusionScheme::automatic));
        CAPTURE(kind);
        REQUIRE(m.scheme() == DiffusionScheme::exact);
        const process::BinaryDiffusionReference reference({0.3, m.spec().entropy, 0.2, 1.0, 0.5});
        const std::array<double, 5> times = {0.25 * reference.mean(), 0.5 * reference.mean(), reference.mean(),
                                             2 * reference.mean(), 4 * reference.mean()};
        std::array<Mean, 4> laplace;
        std::array<Mean, 5> ecdf;
        Mean tau, upper;
        for (long i = 0; i < 1'000'000; ++i) {
            auto rng = rng::make_path_rng(31, static_cast<std::uint64_t>(i));
            const auto out = m.sample(rng);
            tau.add(out.tau);
            upper.add(out.terminal_state == 0 ? 1.0 : 0.0);
            for (std::size_t j = 0; j < rates.size(); ++j) laplace[j].add(std::exp(-rates[j] * out.tau));
            for (std::size_t j = 0; j < times.size(); ++j) ecdf[j].add(out.tau <= times[j] ? 1.0 : 0.0);
        }
        CAPTURE(tau.z(reference.mean()), upper.z(0.3));
        CHECK(std::abs(tau.z(reference.mean())) <= 4);
        CHECK(std::abs(upper.z(0.3)) <= 4);
        for (std::size_t j = 0; j < rates.size(); ++j) {
            CAPTURE(rates[j], laplace[j].mean, reference.laplace(rates[j]), laplace[j].z(reference.laplace(rates[j])));
            CHECK(std::abs(laplace[j].z(reference.laplace(rates[j]))) <= 4);
        }
        for (std::size_t j = 0; j < times.size(); ++j) {
            const double exact = kind == std::string("shannon")
                                     ? 1 - process::wright_fisher_survival(0.3, 0.4, times[j])
                                     : 1 - reference.survival(times[j]);
            CAPTURE(times[j], ecdf[j].mean, exact, ecdf[j].z(exact));
            CHECK(std::abs(ecdf[j].z(exact)) <= 4);
        }
    }
}
