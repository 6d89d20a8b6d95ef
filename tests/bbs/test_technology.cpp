// Cobb-Douglas technology (include/beliefsim/bbs/technology.hpp).
// Oracles: brute-force cost minimization by nested Brent (an independent route to Corollaries 1-2),
// the paper's threshold formulas (11) and Q̂, and Example 1's appendix numbers (Q̂ = 1, q̂(s) = s^{1/2}).

#include <catch2/catch.hpp>

#include <boost/math/tools/minima.hpp>

#include "beliefsim/bbs/technology.hpp"
#include "beliefsim/core/error.hpp"

#include <cmath>

using namespace beliefsim::bbs;

namespace {

const TechnologyParams asymmetric{0.2, 0.35, 0.15, 0.7, 0.3, 0.5, 0.9};

/// min c_x X + c_y Y + c_z Z s.t. X^α Y^β (b + Z)^γ = Q, by Brent over log X (Y from the
/// constraint) inside Brent over log(1 + Z/b).
double brute_cost(const TechnologyParams& p, double Q, double* z_out = nullptr) {
    const auto for_z = [&](double Z) {
        const double M = Q / std::pow(p.b + Z, p.gamma);
        const auto f = [&](double lx) {
            const double X = std::exp(lx);
            return p.c_x * X + p.c_y * std::pow(M / std::pow(X, p.alpha), 1 / p.beta);
        };
        return boost::math::tools::brent_find_minima(f, -60.0, 60.0, 50).second + p.c_z * Z;
    };
    const auto g = [&](double u) { return for_z(p.b * std::expm1(u)); };
    const auto best = boost::math::tools::brent_find_minima(g, 0.0, 12.0, 50);
    // The corner Z = 0 is a candidate of its own (Brent only approaches the end of its bracket).
    const double corner = for_z(0);
    if (z_out) *z_out = corner <= best.second ? 0.0 : p.b * std::expm1(best.first);
    return std::min(corner, best.second);
}

} // namespace

TEST_CASE("Corollary 2 cost and tokens match brute-force minimization in both regimes", "[bbs][unit]") {
    for (const TechnologyParams& p : {TechnologyParams{}, asymmetric}) {
        const Technology tech(p);
        for (const double r : {0.05, 0.4, 0.9, 1.1, 3.0, 20.0}) {
            const double Q = r * tech.q_hat();
            CAPTURE(p.alpha, Q);
            double z = 0;
            CHECK(tech.cost(Q) == Approx(brute_cost(p, Q, &z)).epsilon(1e-8));
            const Tokens t = tech.package(Q);
            CHECK(t.z == Approx(z).margin(1e-5 * (1 + z)));
            CHECK(tech.production(t) == Approx(Q).epsilon(1e-12));
            CHECK(tech.token_cost(t) == Approx(tech.cost(Q)).epsilon(1e-12));
            CHECK((Q < tech.q_hat()) == (t.z == 0.0));
        }
    }
}

TEST_CASE("marginal cost is continuous at Q hat and equals theta hat of equation 11", "[bbs][unit]") {
    const Technology tech(asymmetric);
    const auto& p = asymmetric;
    const double theta_hat = std::pow(p.b, 1 - p.alpha - p.beta - p.gamma) * std::pow(p.c_x / p.alpha, p.alpha) *
                             std::pow(p.c_y / p.beta, p.beta) * std::pow(p.c_z / p.gamma, 1 - p.alpha - p.beta);
    CHECK(tech.theta_hat() == Approx(theta_hat).epsilon(1e-14));
    const double h = 1e-7 * tech.q_hat();
    CHECK(tech.marginal_cost(tech.q_hat() - h) == Approx(theta_hat).epsilon(1e-6));
    CHECK(tech.marginal_cost(tech.q_hat() + h) == Approx(theta_hat).epsilon(1e-6));
    // C' by a central difference of C: the two branches are assembled consistently.
    for (const double Q : {0.3 * tech.q_hat(), 2.5 * tech.q_hat()}) {
        const double d = 1e-5 * Q;
        CHECK((tech.cost(Q + d) - tech.cost(Q - d)) / (2 * d) == Approx(tech.marginal_cost(Q)).epsilon(1e-8));
        CHECK(tech.demand(tech.marginal_cost(Q)) == Approx(Q).epsilon(1e-12));
    }
    CHECK(tech.demand(0) == 0.0);
    CHECK(tech.demand(-1) == 0.0);
}

TEST_CASE("Example 1 technology: Q hat is 1 and q hat of s is the square root of s", "[bbs][paper]") {
    const Technology tech(TechnologyParams{});
    CHECK(tech.q_hat() == Approx(1.0).epsilon(1e-14));
    // Appendix: C'(Q) = (c/ρ) Q^{(1−2ρ)/(2ρ)} = Q/2 below 1 and Q^{1/3}/2 above.
    CHECK(tech.marginal_cost(0.36) == Approx(0.18).epsilon(1e-14));
    CHECK(tech.marginal_cost(8.0) == Approx(1.0).epsilon(1e-14));
    for (const double s : {0.1, 0.5, 0.9}) {
        // Corollary 1: fine-tuning starts at q̂(s) = s^{1−α−β}.
        CHECK(tech.allocation(0.999 * std::sqrt(s), s).z == 0.0);
        CHECK(tech.allocation(1.001 * std::sqrt(s), s).z > 0.0);
    }
}

TEST_CASE("Corollary 1 is the package problem over s tasks and C_q decreases in s", "[bbs][unit]") {
    const Technology tech(asymmetric);
    const auto& p = asymmetric;
    for (const double s : {0.2, 0.6, 1.0}) {
        for (const double q : {0.05, 0.8, 4.0}) {
            CAPTURE(s, q);
            const Tokens t = tech.allocation(q, s);
            CHECK(s * tech.production(t) == Approx(q).epsilon(1e-12));
            const double cost = s * p.c_x * t.x + s * p.c_y * t.y + p.c_z * t.z;
            CHECK(cost == Approx(tech.cost(q, s)).epsilon(1e-12));
            // Brute force over per-task tokens: X = s x, Y = s y turns it into a package problem.
            CHECK(tech.cost(q, s) == Approx(brute_cost(p, q * std::pow(s, p.alpha + p.beta - 1))).epsilon(1e-8));
            const double d = 1e-6 * s;
            if (s < 1) {
                CHECK((tech.cost(q, s + d) - tech.cost(q, s - d)) / (2 * d) ==
                      Approx(tech.cost_ds(q, s)).epsilon(1e-6));
                CHECK(tech.marginal_cost(q, s + 0.1 * s * (1 - s)) < tech.marginal_cost(q, s)); // Lemma 1.3
            }
            const double lambda = tech.marginal_cost(q, s);
            CHECK(tech.demand(lambda, s) == Approx(q).epsilon(1e-12));
            if (s < 1)
                CHECK((tech.demand(lambda, s + d) - tech.demand(lambda, s - d)) / (2 * d) ==
                      Approx(tech.demand_ds(lambda, s)).epsilon(1e-6));
        }
    }
}

TEST_CASE("bad technology parameters are named", "[bbs][bad-input]") {
    const auto field_of = [](TechnologyParams p) {
        try {
            (void)Technology(p);
        } catch (const beliefsim::InvalidArgument& e) {
            return e.parameter();
        }
        return std::string("none");
    };
    TechnologyParams p;
    p.alpha = -0.1;
    CHECK(field_of(p) == "alpha");
    p = {};
    p.beta = std::nan("");
    CHECK(field_of(p) == "beta");
    p = {};
    p.gamma = 0.5; // α + β + γ = 1
    CHECK(field_of(p) == "gamma");
    p = {};
    p.b = 0;
    CHECK(field_of(p) == "b");
    p = {};
    p.c_x = 0;
    CHECK(field_of(p) == "c_x");
    p = {};
    p.c_y = -1;
    CHECK(field_of(p) == "c_y");
    p = {};
    p.c_z = INFINITY;
    CHECK(field_of(p) == "c_z");
    CHECK(field_of(TechnologyParams{}) == "none");
    CHECK_THROWS_AS(Technology(TechnologyParams{}).allocation(1.0, 0.0), beliefsim::InvalidArgument);
}
