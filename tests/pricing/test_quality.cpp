#include "beliefsim/pricing/quality.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/diffusion.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include "../support.hpp"
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/hypergeometric_1F1.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace beliefsim;
using pricing::QualitySpec;
using test::Mean;

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

/// Figure 1's type r of Zhong's leading example: χ = 1/8, α = 2, r ~ U[1, 2], T(r) = g/G = 1/(r − 1).
QualitySpec figure1(double r) { return {0.125, 2.0, r, r > 1 ? 1 / (r - 1) : INF}; }

double relative(double a, double b) { return std::abs(a - b) / std::abs(b); }

/// κ^α by the printed product e^{−z}·₁F₁(α+1; α+2; z), the form the library avoids (overflows for
/// z ≳ 709). Only the ₁F₁ route is shared with the library; this is the oracle for Kummer's step.
double kappa_power_direct(const QualitySpec& q, double t) {
    const double s = q.time_cap - t, z = q.alpha * q.r * s;
    return q.alpha * q.chi / ((q.alpha - 1) * (q.alpha + 1)) * s * std::exp(-z) *
           boost::math::hypergeometric_1F1(q.alpha + 1, q.alpha + 2, z);
}

/// κ^α by Euler's integral ₁F₁(a; a+1; z) = a∫_0^1 u^{a−1}e^{zu}du, i.e.
/// κ^α = αχ/(α−1) ∫_0^s (1 − x/s)^α e^{−αrx} dx (s = T − t): no ₁F₁ at all. Tanh-sinh, because
/// (1 − x/s)^α is not smooth at x = s for non-integer α (Gauss-Kronrod converges slowly there).
double kappa_power_quadrature(const QualitySpec& q, double t) {
    const double s = q.time_cap - t;
    const auto integrand = [&](double x) { return std::pow(1 - x / s, q.alpha) * std::exp(-q.alpha * q.r * x); };
    const double integral = boost::math::quadrature::tanh_sinh<double>().integrate(integrand, 0.0, s, 1e-14);
    return q.alpha * q.chi / (q.alpha - 1) * integral;
}

/// Value of (13), E[κ(τ) ρ(τ)] with ρ(t) = e^{−rt}(1 − t/T), for the design that holds the belief
/// at ½ and jumps to ½ ± c·κ(t) at rate λ = χ/(cκ)^α (throughput binding), by nested quadrature:
/// ∫_0^T cκ ρ λ S dt, S = exp(−∫_0^t λ). Near T, λ ~ 1/(T − t) but λS → 0, so the outer integrand
/// is bounded.
double jump_design_value(const QualitySpec& q, double c) {
    using GK = boost::math::quadrature::gauss_kronrod<double, 31>;
    const auto quality = [&](double t) { return c * pricing::kappa(q, t); };
    const auto rate = [&](double t) { return q.chi / std::pow(quality(t), q.alpha); };
    const auto outer = [&](double t) {
        if (t >= q.time_cap) return 0.0;
        const double hazard = GK::integrate(rate, 0.0, t, 10, 1e-12);
        const double rho = std::exp(-q.r * t) * (1 - t / q.time_cap);
        return quality(t) * rho * rate(t) * std::exp(-hazard);
    };
    return GK::integrate(outer, 0.0, q.time_cap, 10, 1e-10);
}

/// Streaming mean with its standard error.
std::string parameter_of(const QualitySpec& q) {
    try {
        pricing::validate(q);
    } catch (const InvalidArgument& e) {
        return e.parameter();
    }
    return "";
}

} // namespace

TEST_CASE("quality: invalid parameters are named", "[quality][bad-input]") {
    CHECK(parameter_of({0.125, 2, 1.5, 2}).empty());
    CHECK(parameter_of({0.125, 2, 1.0, INF}).empty());
    CHECK(parameter_of({0.125, 2, 0.0, 2}).empty()); // r = 0 is fine with a finite cap
    CHECK(parameter_of({0, 2, 1.5, 2}) == "chi");
    CHECK(parameter_of({-0.1, 2, 1.5, 2}) == "chi");
    CHECK(parameter_of({INF, 2, 1.5, 2}) == "chi");
    CHECK(parameter_of({0.125, 1, 1.5, 2}) == "alpha");
    CHECK(parameter_of({0.125, std::nan(""), 1.5, 2}) == "alpha");
    CHECK(parameter_of({0.125, 2, -1, 2}) == "r");
    CHECK(parameter_of({0.125, 2, 0, INF}) == "r");
    CHECK(parameter_of({0.125, 2, 1.5, 0}) == "time_cap");
    CHECK(parameter_of({0.125, 2, 1.5, std::nan("")}) == "time_cap");
    CHECK_THROWS_AS(pricing::kappa_limit(0.125, 0.5, 1), InvalidArgument);
    CHECK_THROWS_AS(pricing::kappa_limit(0.125, 2, 0), InvalidArgument);
    CHECK_THROWS_AS(pricing::kappa({0.125, 2, 1.5, 2}, -1e-9), InvalidArgument);
    CHECK_THROWS_AS(pricing::kappa({0.125, 2, 1.5, 2}, std::nan("")), InvalidArgument);
    CHECK_THROWS_AS(pricing::tabulate_kappa({0.125, 2, 1.5, 2}, 2, 1), InvalidArgument);
    CHECK_THROWS_AS(pricing::tabulate_kappa({0.125, 2, 1.5, 2}, INF, 5), InvalidArgument);
}

TEST_CASE("quality: κ(t) tends to the T → ∞ limit (χ/((α−1)r))^{1/α}", "[quality][paper]") {
    for (const double alpha : {1.5, 2.0, 3.0}) {
        for (const double r : {0.5, 1.0, 2.0}) {
            const double limit = pricing::kappa_limit(0.125, alpha, r);
            CHECK(pricing::kappa_formula({0.125, alpha, r, INF}, 3.0) == limit);
            double previous = INF;
            for (const double T : {10.0, 1e2, 1e4, 1e7}) {
                const double error = relative(pricing::kappa_formula({0.125, alpha, r, T}, 1.0), limit);
                CAPTURE(alpha, r, T, error);
                CHECK(error < previous); // approached from below, measured error ≈ 1/(αr(T − t))
                previous = error;
            }
            CHECK(previous < 1e-6);
        }
    }
    // Figure 1's most patient type r = 1 (T = ∞): (1/8)^{1/2}.
    CHECK(pricing::kappa(figure1(1.0), 0.0) == Approx(std::sqrt(0.125)).epsilon(1e-15));
}

TEST_CASE("quality: κ decreases to κ(T) = 0 and stays 0 after T", "[quality][invariant]") {
    for (const double alpha : {1.2, 2.0, 4.0}) {
        for (const double r : {0.0, 1.25, 2.0}) {
            const QualitySpec q{0.125, alpha, r, 2.5};
            const auto table = pricing::tabulate_kappa(q, q.time_cap, 501);
            REQUIRE(table.t.size() == 501);
            CHECK(table.t.front() == 0);
            CHECK(table.t.back() == q.time_cap);
            // Strictly decreasing as printed; the ½ clamp (reached here for α = 1.2, r = 0) flattens it.
            for (std::size_t j = 1; j < table.t.size(); ++j) {
                CAPTURE(alpha, r, table.t[j]);
                CHECK(pricing::kappa_formula(q, table.t[j]) < pricing::kappa_formula(q, table.t[j - 1]));
                CHECK(table.kappa[j] <= table.kappa[j - 1]);
                CHECK(table.kappa[j] <= 0.5);
            }
            CHECK(table.kappa.back() == 0);
            CHECK(pricing::kappa(q, q.time_cap + 1) == 0);
            if (r > 0) CHECK(table.kappa.front() < pricing::kappa_limit(q.chi, alpha, r));
        }
    }
}

TEST_CASE("quality: Kummer's form equals the printed e^{−z}₁F₁ product, which overflows later", "[quality][unit]") {
    for (const double alpha : {1.1, 1.5, 2.0, 3.0, 7.0}) {
        for (const double r : {0.0, 0.5, 1.5, 2.0}) {
            // z = αr(T − t) ≤ 630: e^{z} stays finite, so the printed product can serve as oracle.
            const QualitySpec q{0.125, alpha, r, 45.0};
            for (const double t : {0.0, 1.0, 20.0, 40.0, 44.0, 44.999}) {
                const double direct = std::pow(kappa_power_direct(q, t), 1 / alpha);
                REQUIRE(std::isfinite(direct));
                const double error = relative(pricing::kappa_formula(q, t), direct);
                CAPTURE(alpha, r, t, error);
                CHECK(error < 1e-12); // measured: at most 2.5e-16
            }
        }
    }
    // r = 1, α = 2, T − t = 400: z = 800, e^{z} overflows; the Kummer form is finite and near its limit.
    const QualitySpec far{0.125, 2.0, 1.0, 400.0};
    CHECK_THROWS_AS(kappa_power_direct(far, 0.0), std::overflow_error); // Boost's default policy
    CHECK(relative(pricing::kappa(far, 0.0), std::sqrt(0.125)) < 2e-3);
}

TEST_CASE("quality: Figure 1 (χ = 1/8, α = 2) against the elementary α = 2 form", "[quality][paper]") {
    // For α = 2, ₁F₁(1; 4; −z) = 6(1 − z + z²/2 − e^{−z})/z³, so κ² = 4χs(1 − z + z²/2 − e^{−z})/z³,
    // z = 2rs, s = T(r) − t. Values of that expression, evaluated with Python's math module, for
    // Figure 1's types r with T(r) = 1/(r − 1) at t = 0, T/2, 0.9T.
    struct Point {
        double r, t_over_T, kappa;
    };
    const Point points[] = {
        {1.25, 0.0, 0.28635626272205134}, {1.25, 0.5, 0.2606647203286385},  {1.25, 0.9, 0.16255494998833941},
        {1.5, 0.0, 0.24530330099830205},  {1.5, 0.5, 0.2130124727539288},   {1.5, 0.9, 0.12016262881560415},
        {1.75, 0.0, 0.21751875348432276}, {1.75, 0.5, 0.18411598170924504}, {1.75, 0.9, 0.0996342555509428},
        {2.0, 0.0, 0.19728002704577513},  {2.0, 0.5, 0.1643799634957249},   {2.0, 0.9, 0.08696242886820041},
    };
    for (const auto& p : points) {
        const QualitySpec q = figure1(p.r);
        CAPTURE(p.r, p.t_over_T);
        CHECK(pricing::kappa(q, p.t_over_T * q.time_cap) == Approx(p.kappa).epsilon(1e-13));
    }
    // The quality-delay trade-off Figure 1 shows: at every t a more urgent type (larger r, shorter
    // T(r)) gets lower quality, and every type stays below the most patient type's (1/8)^{1/2}.
    const double rs[] = {1.0, 1.25, 1.5, 1.75, 2.0};
    for (const double t : {0.0, 0.5, 0.9, 1.5, 3.0}) {
        for (std::size_t i = 1; i < std::size(rs); ++i) {
            CAPTURE(t, rs[i]);
            CHECK(pricing::kappa(figure1(rs[i]), t) <= pricing::kappa(figure1(rs[i - 1]), t));
            CHECK(pricing::kappa(figure1(rs[i]), t) < std::sqrt(0.125));
        }
    }
}

TEST_CASE("quality: κ^α equals Euler's integral, computed without ₁F₁", "[quality][unit]") {
    for (const double alpha : {1.3, 2.0, 2.5, 3.7}) {
        for (const double r : {0.0, 0.7, 2.0}) {
            const QualitySpec q{0.2, alpha, r, 3.0};
            for (const double t : {0.0, 1.0, 2.9}) {
                CAPTURE(alpha, r, t);
                CHECK(std::pow(pricing::kappa_formula(q, t), alpha) ==
                      Approx(kappa_power_quadrature(q, t)).epsilon(1e-12));
            }
        }
    }
}

TEST_CASE("quality: κ solves the HJB condition of problem (13)", "[quality][paper]") {
    // Optimality (header note): y = κ^α satisfies y' = αy(r + 1/(T − t)) − αχ/(α − 1). Checked by
    // central differences, h = 1e-5 (truncation and rounding both ≲ 1e-8 relative here).
    const double h = 1e-5;
    for (const double alpha : {1.5, 2.0, 3.0}) {
        for (const double r : {0.5, 1.5}) {
            const QualitySpec q{0.125, alpha, r, 2.0};
            const auto y = [&](double t) { return std::pow(pricing::kappa_formula(q, t), alpha); };
            for (const double t : {0.1, 0.7, 1.3, 1.9}) {
                const double derivative = (y(t + h) - y(t - h)) / (2 * h);
                const double hjb = alpha * y(t) * (r + 1 / (q.time_cap - t)) - alpha * q.chi / (alpha - 1);
                CAPTURE(alpha, r, t, derivative, hjb);
                CHECK(derivative == Approx(hjb).epsilon(1e-6).margin(1e-9));
            }
        }
    }
}

TEST_CASE("quality: the jump design with boundary κ attains W(0) = (α−1)κ(0)/α, and scaling κ loses",
          "[quality][paper]") {
    // Value of (13) by nested quadrature (jump_design_value), independent of the HJB algebra that
    // gives W(0) = (α−1)κ(0)/α. Scaling the boundary by c ≠ 1 (same throughput) must lose value.
    for (const double alpha : {1.5, 2.0, 3.0}) {
        const QualitySpec q{0.125, alpha, 1.5, 2.0};
        const double optimum = (alpha - 1) / alpha * pricing::kappa(q, 0.0);
        const double value = jump_design_value(q, 1.0);
        CAPTURE(alpha, value, optimum);
        CHECK(value == Approx(optimum).epsilon(1e-7));
        CHECK(jump_design_value(q, 0.9) < value);
        CHECK(jump_design_value(q, 1.1) < value);
    }
}

TEST_CASE("quality: where the formula exceeds ½, kappa clamps it to ½", "[quality][invariant]") {
    // κ < (χ/((α−1)r))^{1/α}, which exceeds ½ iff r < 2^α χ/(α − 1) (½ for Figure 1's χ, α).
    const QualitySpec patient{0.125, 2.0, 0.4, INF};
    CHECK(pricing::kappa_formula(patient, 0.0) == Approx(std::sqrt(0.125 / 0.4)).epsilon(1e-15));
    CHECK(pricing::kappa_formula(patient, 0.0) > 0.5);
    CHECK(pricing::kappa(patient, 0.0) == 0.5);
    const QualitySpec capped{0.125, 2.0, 0.4, 50.0};
    CHECK(pricing::kappa_formula(capped, 0.0) > 0.5);
    CHECK(pricing::kappa(capped, 0.0) == 0.5);
    CHECK(pricing::kappa(capped, 49.9) < 0.5);
    // Inside the model's range (Figure 1's types r ∈ [1, 2]) no clamping happens.
    for (const double r : {1.0, 1.5, 2.0}) CHECK(pricing::kappa_formula(figure1(r), 0.0) < 0.5);
}

TEST_CASE("quality: the α = 2 diffusion stopped at |μ − ½| ≥ κ(t) spends the throughput exactly", "[quality][stat]") {
    // Power entropy α = 2: H = |p − ½|², H'' = 2, so σ² = 2χ/H'' = χ: Brownian motion. The constraint
    // binds, so (μ_t − ½)² − χt is a martingale and, stopped on the boundary, E[κ(τ)²] = χE[τ]
    // (information gained = tokens spent). κ(T) = 0 forces every path to stop by T.
    // Specific to this κ: W(0) = κ(0)/2 is the optimum of (13), so the diffusion (a feasible but
    // different design) must earn less: E[κ(τ)ρ(τ)] < κ(0)/2.
    const QualitySpec q = figure1(1.5); // T = 2
    process::DiffusionSpec spec{entropy::Entropy::from_name("power", 2.0, 2),
                                test::belief({0.5, 0.5}),
                                q.chi,
                                1.0,
                                process::DiffusionScheme::bridge,
                                0.008 /* = 1e-3/χ, the default */,
                                std::nullopt,
                                [q](double t) { return pricing::kappa(q, t); }};
    const process::DiffusionModel model(spec);
    const std::uint64_t seed = 2025;
    const long paths = 20'000;
    Mean gap, tau, value, upper;
    double latest = 0;
    for (long i = 0; i < paths; ++i) {
        auto rng = rng::make_path_rng(seed, static_cast<std::uint64_t>(i));
        const auto out = model.sample(rng);
        const double k = pricing::kappa(q, out.tau);
        gap.add(k * k - q.chi * out.tau);
        tau.add(out.tau);
        value.add(k * std::exp(-q.r * out.tau) * (1 - out.tau / q.time_cap));
        upper.add(out.terminal_state == 0 ? 1.0 : 0.0);
        latest = std::max(latest, out.tau);
    }
    const double optimum = pricing::kappa(q, 0.0) / 2;
    CAPTURE(seed, paths, gap.mean, gap.standard_error(), tau.mean, tau.standard_error(), value.mean,
            value.standard_error(), optimum, latest);
    CHECK(std::abs(gap.mean) <= 4 * gap.standard_error());
    CHECK(std::abs(upper.mean - 0.5) <= 4 * upper.standard_error());
    CHECK(latest <= q.time_cap);
    CHECK(value.mean + 4 * value.standard_error() < optimum);
}
