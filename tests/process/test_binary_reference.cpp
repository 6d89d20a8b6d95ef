#include "beliefsim/process/binary_reference.hpp"
#include "beliefsim/process/brownian_exit_law.hpp"

#include "beliefsim/core/error.hpp"

#include <boost/math/quadrature/gauss.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

using namespace beliefsim;
using process::BinaryDiffusionReference;
using process::BinaryDiffusionSpec;

namespace {

entropy::Entropy kind(const char* name, std::optional<double> parameter = std::nullopt) {
    return entropy::Entropy::from_name(name, parameter, 2);
}

// 20-point Gauss-Legendre on the pieces [t0, 4t0], [4t0, 16t0], ... up to T: ∫_{t0}^{T} g(t) dt for
// g with the e^{−c/t} onset of an exit-time law. On each piece the Bernstein ellipse of parameter 2
// stays in Re t > 0, where |e^{−c/t}| ≤ 1, so the rule's error is ~2^{−40} of the integrand's size.
struct TimeRule {
    std::vector<double> t, w;
};
TimeRule time_rule(double t0, double t_end) {
    using Gauss = boost::math::quadrature::gauss<double, 20>;
    TimeRule rule;
    for (double a = t0; a < t_end; a *= 4) {
        const double b = std::min(4 * a, t_end), mid = 0.5 * (a + b), half = 0.5 * (b - a);
        for (std::size_t j = 0; j < Gauss::abscissa().size(); ++j)
            for (const double sign : {-1.0, 1.0}) {
                rule.t.push_back(mid + sign * half * Gauss::abscissa()[j]);
                rule.w.push_back(half * Gauss::weights()[j]);
            }
    }
    return rule;
}

// E[τ] by Itô's formula, a route independent of the Green's-function quadrature in mean():
// dH(p_t) = H' dp + ½H''σ² dt = H' dp + χf dt, so χf E[τ] = E[H(p_τ)] − H(p0).
double ito_mean(const BinaryDiffusionReference& ref) {
    const auto h = [&](double p) {
        Vector mu(2);
        mu << p, 1 - p;
        return ref.spec().entropy.value(mu);
    };
    const double a = ref.lower(), b = ref.upper(), p = ref.spec().prior;
    return (((b - p) * h(a) + (p - a) * h(b)) / (b - a) - h(p)) / (ref.spec().chi * ref.spec().fraction);
}

std::string parameter_of(const BinaryDiffusionSpec& spec) {
    try {
        const BinaryDiffusionReference ref(spec);
    } catch (const InvalidArgument& e) {
        return e.parameter();
    }
    return "(accepted)";
}

} // namespace

// Zhong §2.2: Brownian belief from ½ with σ² = 1/8 (quadratic entropy, χ = 1/8) has
// U(σ|r) = sech(√(r/2)/σ) = sech(2√r); the diffusion family's revenue is sech(2√2) ≈ 0.117800.
TEST_CASE("binary reference: quadratic from 1/2 gives sech(sqrt(r/2)/sigma)", "[binary_reference][paper]") {
    const BinaryDiffusionReference ref({.prior = 0.5, .entropy = kind("quadratic"), .chi = 0.125});
    CHECK(ref.sigma2(0.3) == Approx(0.125).epsilon(1e-14));
    for (const double r : {0.5, 1.0, 1.5, 2.0}) {
        const double exact = 1 / std::cosh(2 * std::sqrt(r));
        CAPTURE(r);
        CHECK(ref.laplace(r) == Approx(exact).epsilon(1e-9));
        const auto split = ref.laplace_by_end(r);
        CHECK(split.lower == Approx(split.upper).epsilon(1e-12));
    }
    CHECK(ref.laplace(2.0) == Approx(0.117800).margin(5e-7));
    // E[τ] = x(L − x)/σ² and E[τ²] = (xL³ − 2x³L + x⁴)/(3σ⁴) (solve ½σ²m₂'' = −2m₁): 2 and 20/3.
    CHECK(ref.mean() == Approx(2.0).epsilon(1e-12));
    CHECK(ref.variance() == Approx(20.0 / 3 - 4).epsilon(1e-12));
    CHECK(ref.probability_upper() == 0.5);
}

TEST_CASE("binary reference: quadratic from 0.3 against the cosh and sinh formulas", "[binary_reference]") {
    const double sigma = std::sqrt(0.125), x0 = 0.3;
    const BinaryDiffusionReference ref({.prior = x0, .entropy = kind("quadratic"), .chi = 0.125});
    for (const double r : {0.01, 0.5, 1.0, 2.0, 20.0}) {
        CAPTURE(r);
        CHECK(ref.laplace(r) == Approx(process::brownian_exit_laplace(x0, 0, 1, sigma, r)).epsilon(1e-9));
        // E[e^{−rτ}; exit at 1] = sinh(c x0)/sinh(c), c = √(2r)/σ: the solution of ½σ²u'' = ru
        // with u(0) = 0, u(1) = 1.
        const double c = std::sqrt(2 * r) / sigma;
        CHECK(ref.laplace_by_end(r).upper == Approx(std::sinh(c * x0) / std::sinh(c)).epsilon(1e-9));
    }
    CHECK(ref.mean() == Approx(0.3 * 0.7 / 0.125).epsilon(1e-12));
    CHECK(ref.probability_upper() == Approx(0.3).epsilon(1e-15));
}

TEST_CASE("binary reference: Brownian exit-time law against the eigen and image series", "[binary_reference]") {
    const double sigma = std::sqrt(0.125);
    for (const double x0 : {0.5, 0.3}) {
        const BinaryDiffusionReference ref({.prior = x0, .entropy = kind("quadratic"), .chi = 0.125});
        const std::vector<double> t = {0.0, 0.05, 0.3, 1.0, 2.5, 6.0, 15.0, 60.0};
        const auto law = ref.table(t);
        REQUIRE(law.t == t);
        for (std::size_t j = 0; j < t.size(); ++j) {
            CAPTURE(x0, t[j]);
            CHECK(law.survival[j] == Approx(process::brownian_exit_survival(x0, 0, 1, sigma, t[j])).margin(1e-10));
            CHECK(law.density[j] == Approx(process::brownian_exit_density(x0, 0, 1, sigma, t[j])).margin(1e-10));
            CHECK(law.cdf_lower[j] + law.cdf_upper[j] + law.survival[j] == Approx(1).margin(1e-10));
            CHECK(law.density_lower[j] + law.density_upper[j] == Approx(law.density[j]).margin(1e-14));
        }
        // Martingale: the upper end is reached with probability x0 (S(60) ≈ 1e-16).
        CHECK(law.cdf_upper.back() == Approx(x0).margin(1e-10));
        CHECK(ref.survival(2.5) == law.survival[4]);
        CHECK(ref.density(2.5) == law.density[4]);
    }
}

TEST_CASE("binary reference: the Brownian oracles agree with each other", "[binary_reference]") {
    // The eigen series (σ²t ≥ L²/2) and the images (below) meet at t = 0.5 here: −dS/dt across the
    // switch equals the density, and the density's Laplace transform is the cosh formula.
    const double sigma = 0.5, a = -0.2, b = 0.3, x0 = 0.0, switch_t = (b - a) * (b - a) / (2 * sigma * sigma);
    const double h = 1e-5;
    const double slope = (process::brownian_exit_survival(x0, a, b, sigma, switch_t - h) -
                          process::brownian_exit_survival(x0, a, b, sigma, switch_t + h)) /
                         (2 * h);
    CHECK(slope == Approx(process::brownian_exit_density(x0, a, b, sigma, switch_t)).epsilon(1e-8));
    // P(τ ≤ 0.002) < 1e-60 and e^{−r·10} S(10) < 1e-20: the rule covers all the mass.
    const auto rule = time_rule(0.002, 10);
    for (const double r : {0.5, 3.0}) {
        double transform = 0;
        for (std::size_t j = 0; j < rule.t.size(); ++j)
            transform +=
                rule.w[j] * std::exp(-r * rule.t[j]) * process::brownian_exit_density(x0, a, b, sigma, rule.t[j]);
        CHECK(transform == Approx(process::brownian_exit_laplace(x0, a, b, sigma, r)).epsilon(1e-12));
    }
}

TEST_CASE("binary reference: quadratic law integrates to 1, to the mean and to E[tau^2]", "[binary_reference]") {
    // From 0.3 with σ² = 1/8: P(τ ≤ 0.01) ~ e^{−36}, S(41) ~ 1e-11, so [0.01, 41] holds the law.
    const BinaryDiffusionReference ref({.prior = 0.3, .entropy = kind("quadratic"), .chi = 0.125});
    const double t0 = 0.01, t_end = 40.96;
    const auto rule = time_rule(t0, t_end);
    const auto law = ref.table(rule.t);
    double mass = 0, first = 0, area = 0, second = 0;
    for (std::size_t j = 0; j < rule.t.size(); ++j) {
        mass += rule.w[j] * law.density[j];
        first += rule.w[j] * rule.t[j] * law.density[j];
        area += rule.w[j] * law.survival[j];
        second += rule.w[j] * 2 * rule.t[j] * law.survival[j];
    }
    CHECK(mass == Approx(ref.survival(t0) - ref.survival(t_end)).margin(1e-10));
    CHECK(first == Approx(ref.mean()).epsilon(1e-9));
    CHECK(t0 + area == Approx(ref.mean()).epsilon(1e-9));                                      // E τ = ∫ S
    CHECK(t0 * t0 + second == Approx(ref.variance() + ref.mean() * ref.mean()).epsilon(1e-9)); // E τ² = ∫ 2tS
}

TEST_CASE("binary reference: Shannon is Wright-Fisher (mean, moments, Kimura series)", "[binary_reference]") {
    const double chi = 0.125, c = 2 * chi; // σ² = 2χf p(1−p)
    for (const double p0 : {0.3, 0.5}) {
        CAPTURE(p0);
        const BinaryDiffusionReference ref({.prior = p0, .entropy = kind("shannon"), .chi = chi});
        CHECK(ref.sigma2(0.2) == Approx(c * 0.2 * 0.8).epsilon(1e-14));
        CHECK(ref.mean() == Approx(process::wright_fisher_mean_exit_time(p0, c)).epsilon(1e-8));
        // V(r) = 1 − r E[τ] + r² E[τ²]/2 − O(r³ E[τ³]): at r = 3e-5 the remainder is ~1e-7.
        const double r = 3e-5, second = ref.variance() + ref.mean() * ref.mean();
        CHECK((1 - ref.laplace(r)) / r == Approx(ref.mean() - r * second / 2).margin(3e-7));
        for (const double t : {0.5, 2.0, 6.0, 20.0})
            CHECK(ref.survival(t) == Approx(process::wright_fisher_survival(p0, c, t)).margin(1e-9));
    }
}

TEST_CASE("binary reference: tiny priors and small times, Shannon against Kimura and Feller", "[binary_reference]") {
    const double chi = 0.2, c = 2 * chi;
    {
        // Prior 1e-6: Kimura's series still converges at t ≥ 3p0; the times need |z| up to ~1e6.
        const double p0 = 1e-6;
        const BinaryDiffusionReference ref({.prior = p0, .entropy = kind("shannon"), .chi = chi});
        for (const double t : {3e-6, 1e-5, 1e-4, 1e-3, 1.0}) {
            CAPTURE(t);
            CHECK(ref.survival(t) == Approx(process::wright_fisher_survival(p0, c, t)).margin(5e-11));
        }
    }
    {
        // Prior 1e-9: next to the vertex, Wright-Fisher is Feller's dp = √(cp) dW, whose exit by
        // t is e^{−2p0/(ct)}; the two differ by O(p0) (paths that reach p ~ 1 first).
        const double p0 = 1e-9;
        const BinaryDiffusionReference ref({.prior = p0, .entropy = kind("shannon"), .chi = chi});
        const std::vector<double> ts = {3e-10, 1e-9, 3e-9, 1e-8, 1e-7, 1e-6};
        const auto law = ref.table(ts);
        for (std::size_t j = 0; j < ts.size(); ++j) {
            CAPTURE(ts[j]);
            CHECK(law.cdf_lower[j] == Approx(std::exp(-2 * p0 / (c * ts[j]))).margin(1e-9));
        }
    }
}

TEST_CASE("binary reference: the density's time derivative against a difference quotient", "[binary_reference]") {
    const BinaryDiffusionReference ref({.prior = 0.3, .entropy = kind("tsallis", 1.5), .chi = 0.2});
    for (const double t : {0.5, 2.0, 8.0}) {
        const double h = 1e-4 * t;
        const std::vector<double> ts = {t - h, t, t + h};
        const auto law = ref.table(ts);
        CAPTURE(t);
        CHECK(law.density_slope_lower[1] ==
              Approx((law.density_lower[2] - law.density_lower[0]) / (2 * h)).epsilon(1e-6));
        CHECK(law.density_slope_upper[1] ==
              Approx((law.density_upper[2] - law.density_upper[0]) / (2 * h)).epsilon(1e-6));
    }
}

TEST_CASE("binary reference: Shannon exit-time law integrates to its transform and mean", "[binary_reference]") {
    const BinaryDiffusionReference ref({.prior = 0.3, .entropy = kind("shannon"), .chi = 0.125});
    // σ² ≤ 1/16, so P(τ ≤ 0.02) ≤ 4Φ(−8.5) ~ 1e-16 (reflection). Past t_end, S(t) = S(t_end)e^{−c(t
    // − t_end)} up to e^{−5c·t_end} (Kimura: the next mode from 0.3 decays at 6c, c = 1/4).
    const double t0 = 0.02, t_end = 81.92, c = 0.25;
    const auto rule = time_rule(t0, t_end);
    const auto law = ref.table(rule.t);
    double mass = 0, area = 0;
    for (std::size_t j = 0; j < rule.t.size(); ++j) {
        mass += rule.w[j] * law.density[j];
        area += rule.w[j] * law.survival[j];
    }
    CHECK(mass == Approx(ref.survival(t0) - ref.survival(t_end)).margin(1e-10));
    CHECK(t0 + area + ref.survival(t_end) / c == Approx(ref.mean()).epsilon(1e-9));
    for (const double r : {0.5, 1.0, 2.0}) {
        double transform = 0;
        for (std::size_t j = 0; j < rule.t.size(); ++j)
            transform += rule.w[j] * std::exp(-r * rule.t[j]) * law.density[j];
        CAPTURE(r);
        CHECK(transform == Approx(ref.laplace(r)).margin(1e-10));
    }
}

TEST_CASE("binary reference: Kimura's series integrates to the Wright-Fisher mean", "[binary_reference]") {
    // Checks the series oracle itself against the closed-form mean: ∫₀^∞ S dt = E[τ]. S(t) = 1 to
    // 1e-12 for t ≤ 0.2 from p0 = 0.4 with c = 0.25, so that piece contributes 0.2; S(300) ~
    // e^{−75}.
    const double p0 = 0.4, c = 0.25;
    const auto rule = time_rule(0.2, 300);
    double integral = 0.2;
    for (std::size_t j = 0; j < rule.t.size(); ++j)
        integral += rule.w[j] * process::wright_fisher_survival(p0, c, rule.t[j]);
    CHECK(integral == Approx(process::wright_fisher_mean_exit_time(p0, c)).epsilon(1e-8));
}

TEST_CASE("binary reference: Tsallis q = 2 is quadratic with chi halved", "[binary_reference]") {
    // kinds.hpp: Tsallis φ(y) = (y² − y)/(q − 1) at q = 2, twice the quadratic y²/2 up to a linear
    // term, so H'' = 4 and σ² = χf/2: the quadratic process at χ/2.
    const BinaryDiffusionReference tsallis(
        {.prior = 0.35, .entropy = kind("tsallis", 2.0), .chi = 0.3, .fraction = 0.5});
    const BinaryDiffusionReference quadratic(
        {.prior = 0.35, .entropy = kind("quadratic"), .chi = 0.15, .fraction = 0.5});
    CHECK(tsallis.sigma2(0.6) == Approx(0.3 * 0.5 / 2).epsilon(1e-14));
    CHECK(tsallis.mean() == Approx(quadratic.mean()).epsilon(1e-12));
    CHECK(tsallis.variance() == Approx(quadratic.variance()).epsilon(1e-12));
    for (const double r : {0.5, 2.0}) CHECK(tsallis.laplace(r) == Approx(quadratic.laplace(r)).epsilon(1e-10));
    for (const double t : {1.0, 4.0}) CHECK(tsallis.survival(t) == Approx(quadratic.survival(t)).margin(1e-10));
    CHECK(quadratic.laplace(0.7) ==
          Approx(process::brownian_exit_laplace(0.35, 0, 1, std::sqrt(0.15 * 0.5), 0.7)).epsilon(1e-9));
}

TEST_CASE("binary reference: power alpha = 2 is Brownian with sigma^2 = chi f", "[binary_reference]") {
    const double chi = 0.2, f = 0.8, sigma = std::sqrt(chi * f);
    const BinaryDiffusionReference ref(
        {.prior = 0.45, .entropy = kind("power", 2.0), .chi = chi, .fraction = f, .half_width = 0.3});
    CHECK(ref.lower() == Approx(0.2));
    CHECK(ref.upper() == Approx(0.8));
    for (const double r : {0.5, 2.0, 30.0})
        CHECK(ref.laplace(r) == Approx(process::brownian_exit_laplace(0.45, 0.2, 0.8, sigma, r)).epsilon(1e-9));
    for (const double t : {0.1, 0.7, 3.0})
        CHECK(ref.survival(t) == Approx(process::brownian_exit_survival(0.45, 0.2, 0.8, sigma, t)).margin(1e-9));
    CHECK(ref.mean() == Approx(0.25 * 0.35 / (sigma * sigma)).epsilon(1e-12));
}

// Zhong §4: H = |p − ½|^α. For α < 2, H'' is infinite at ½ (σ(½) = 0); for α > 2 it vanishes.
TEST_CASE("binary reference: power family against the Bessel closed form", "[binary_reference]") {
    for (const double alpha : {1.5, 3.0})
        for (const double kappa : {0.5, 0.3})
            for (const double p0 : {0.5, 0.35}) {
                CAPTURE(alpha, kappa, p0);
                const BinaryDiffusionReference ref(
                    {.prior = p0, .entropy = kind("power", alpha), .chi = 0.125, .half_width = kappa});
                for (const double r : {0.5, 2.0, 50.0})
                    CHECK(ref.laplace(r) ==
                          Approx(process::power_exit_laplace(p0 - 0.5, kappa, alpha, 0.125, r)).epsilon(1e-9));
                CHECK(ref.mean() == Approx(ito_mean(ref)).epsilon(1e-10));
            }
}

TEST_CASE("binary reference: power alpha = 1.5 from 1/2, law consistent with its transform", "[binary_reference]") {
    // The inversion through the singular point ½ (complex r, bridged gap) against the real-r
    // solver.
    const BinaryDiffusionReference ref({.prior = 0.5, .entropy = kind("power", 1.5), .chi = 0.125});
    const double t0 = 0.01, t_end = 10.24; // e^{−2t} S(t) < 1e-11 beyond
    const auto rule = time_rule(t0, t_end);
    const auto law = ref.table(rule.t);
    double transform = 0, mass = 0;
    for (std::size_t j = 0; j < rule.t.size(); ++j) {
        transform += rule.w[j] * std::exp(-2 * rule.t[j]) * law.density[j];
        mass += rule.w[j] * law.density[j];
    }
    CHECK(transform == Approx(ref.laplace(2)).margin(1e-10));
    CHECK(mass == Approx(ref.survival(t0) - ref.survival(t_end)).margin(1e-10));
    CHECK(law.cdf_upper.back() == Approx(law.cdf_lower.back()).margin(1e-10));
}

TEST_CASE("binary reference: singular ends, Tsallis q < 2 and Shannon, mean by Ito", "[binary_reference]") {
    for (const double kappa : {0.5, 0.3})
        for (const double p0 : {0.3, 0.45}) {
            CAPTURE(kappa, p0);
            const BinaryDiffusionReference t15(
                {.prior = p0, .entropy = kind("tsallis", 1.5), .chi = 0.2, .fraction = 0.6, .half_width = kappa});
            CHECK(t15.mean() == Approx(ito_mean(t15)).epsilon(1e-10));
            const double r = 3e-5, second = t15.variance() + t15.mean() * t15.mean();
            CHECK((1 - t15.laplace(r)) / r == Approx(t15.mean() - r * second / 2).margin(3e-7));
        }
    // Close to a vertex the start gap and the quadrature near the end matter most.
    const BinaryDiffusionReference edge({.prior = 1e-6, .entropy = kind("shannon"), .chi = 0.125});
    CHECK(edge.mean() == Approx(process::wright_fisher_mean_exit_time(1e-6, 0.25)).epsilon(1e-8));
    CHECK(edge.probability_upper() == Approx(1e-6).epsilon(1e-12));
    // Tsallis priors of a few 1e-6 (met on the edges of three-state paths): the quadrature's error
    // estimate there is ~1e-19 absolute and must not fail the construction.
    for (const double p0 : {1.1481536214968817e-06, 2.0892961308540407e-06, 3.3113112148259077e-06}) {
        CAPTURE(p0);
        const BinaryDiffusionReference t15({.prior = p0, .entropy = kind("tsallis", 1.5), .chi = 0.3});
        CHECK(t15.mean() == Approx(ito_mean(t15)).epsilon(1e-8));
    }
}

TEST_CASE("binary reference: bad input names the parameter", "[binary_reference][bad-input]") {
    const auto q = kind("quadratic");
    CHECK(parameter_of({.prior = 0.0, .entropy = q, .chi = 1}) == "prior");
    CHECK(parameter_of({.prior = 1.0, .entropy = q, .chi = 1}) == "prior");
    CHECK(parameter_of({.prior = std::nan(""), .entropy = q, .chi = 1}) == "prior");
    CHECK(parameter_of({.prior = 0.1, .entropy = q, .chi = 1, .half_width = 0.3}) == "prior");
    CHECK(parameter_of({.prior = 1e-11, .entropy = q, .chi = 1}) == "prior"); // below MIN_EXIT_DISTANCE
    CHECK(parameter_of({.prior = 1 - 1e-11, .entropy = q, .chi = 1}) == "prior");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = 0}) == "chi");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = -0.3}) == "chi");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = INFINITY}) == "chi");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = 1, .fraction = 0}) == "throughput_fraction");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = 1, .fraction = 1.5}) == "throughput_fraction");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = 1, .half_width = 0}) == "half_width");
    CHECK(parameter_of({.prior = 0.5, .entropy = q, .chi = 1, .half_width = 0.6}) == "half_width");

    const BinaryDiffusionReference ref({.prior = 0.5, .entropy = q, .chi = 1});
    CHECK_THROWS_AS(ref.laplace(-1), InvalidArgument);
    CHECK_THROWS_AS(ref.laplace(std::nan("")), InvalidArgument);
    CHECK_THROWS_AS(ref.survival(-1), InvalidArgument);
    CHECK_THROWS_AS(ref.density(INFINITY), InvalidArgument);
    CHECK_THROWS_AS(ref.sigma2(1.0), InvalidArgument);
    CHECK(ref.survival(0) == 1);
    CHECK(ref.density(0) == 0);
}

TEST_CASE("Brownian exit law: full relative precision a distance 1e-10 from an end", "[binary_reference][boundary]") {
    // Unit variance from x0 = ε: exit at 0 by t is erfc(ε/√(2t)) up to images e^{−2/t}; exit at 1,
    // P(τ ≤ t, at 1) = Σ_k erfc((2k + 1 − ε)/√(2t)) − erfc((2k + 1 + ε)/√(2t)), is linear in ε to
    // O(ε³): the law from 2ε is twice the law from ε, to the last digits only if no digit cancels.
    const double eps = 1e-10;
    const process::BrownianExitLaw law(eps, 1.0), twice(2 * eps, 1.0);
    for (const double t : {1e-21, 1e-20, 1e-19}) {
        CAPTURE(t);
        CHECK(law.state_cdf(1, t) == Approx(std::erfc(eps / std::sqrt(2 * t))).epsilon(1e-13));
    }
    for (const double t : {0.01, 0.1, 0.3, 1.0, 3.0}) {
        CAPTURE(t);
        CHECK(twice.state_cdf(0, t) / law.state_cdf(0, t) == Approx(2).epsilon(1e-12));
        CHECK(law.state_density(0, t) > 0);
        // The survival, O(ε/√t), keeps its digits too (not 1 − its complement).
        CHECK(twice.survival(t) / law.survival(t) == Approx(2).epsilon(1e-9));
    }
}
