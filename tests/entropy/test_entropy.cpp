#include "beliefsim/entropy/entropy.hpp"

#include "beliefsim/core/error.hpp"

#include "../support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <optional>

using namespace beliefsim;
using beliefsim::test::belief;
using entropy::Entropy;

namespace {

struct Case {
    const char* name;
    std::optional<double> parameter;
    Vector mu;
};

std::vector<Case> cases() {
    return {{"shannon", std::nullopt, belief({0.5, 0.3, 0.2})},
            {"quadratic", std::nullopt, belief({0.5, 0.3, 0.2})},
            {"tsallis", 1.5, belief({0.6, 0.1, 0.2, 0.1})},
            {"tsallis", 3.0, belief({0.25, 0.75})},
            {"shannon", std::nullopt, belief({1e-9, 0.5 - 1e-9, 0.5})},
            {"power", 2.5, belief({0.3, 0.7})},
            {"power", 1.5, belief({0.8, 0.2})}};
}

} // namespace

TEST_CASE("homogeneous normalization: grad·mu = H and Hess·mu = 0", "[unit][entropy][invariant]") {
    for (const auto& c : cases()) {
        const Entropy h = Entropy::from_name(c.name, c.parameter, static_cast<int>(c.mu.size()));
        CAPTURE(c.name, c.mu.transpose());
        CHECK(h.gradient(c.mu).dot(c.mu) == Approx(h.value(c.mu)).margin(1e-12));
        const Matrix hess = h.hessian(c.mu);
        CHECK((hess * c.mu).cwiseAbs().maxCoeff() <= 1e-9 * (1 + hess.cwiseAbs().maxCoeff()));
        CHECK((hess - hess.transpose()).cwiseAbs().maxCoeff() <= 1e-12 * (1 + hess.cwiseAbs().maxCoeff()));
    }
}

TEST_CASE("wright_fisher_trace is tr(Hess H (diag mu - mu mu^T)) from the full Hessian", "[unit][entropy]") {
    for (const auto& c : cases()) {
        const Entropy h = Entropy::from_name(c.name, c.parameter, static_cast<int>(c.mu.size()));
        CAPTURE(c.name, c.mu.transpose());
        const Matrix wright_fisher = Matrix(c.mu.asDiagonal()) - c.mu * c.mu.transpose();
        const double from_hessian = (h.hessian(c.mu) * wright_fisher).trace();
        CHECK(h.wright_fisher_trace(c.mu) == Approx(from_hessian).epsilon(1e-9));
    }
    // Shannon: k - 1 with k the positive entries, exactly, also on a face.
    const Entropy shannon = Entropy::from_name("shannon", std::nullopt, 4);
    CHECK(shannon.wright_fisher_trace(belief({0.25, 0.0, 0.5, 0.25})) == 2.0);
    // Next to a vertex 1 − μ_i comes from the other entries (1 − 1.0 would give half the trace).
    const Entropy quadratic = Entropy::from_name("quadratic", std::nullopt, 3);
    CHECK(quadratic.wright_fisher_trace(belief({1e-30, 1.0})) == Approx(2e-30).epsilon(1e-12));
    CHECK(quadratic.wright_fisher_trace(belief({1e-20, 1.0, 1e-20})) == Approx(4e-20).epsilon(1e-12));
}

TEST_CASE("edge_curvature is (1, -1)^T Hess H (1, -1) from the full Hessian", "[unit][entropy]") {
    for (const auto& c : cases()) {
        if (c.mu.size() != 2) continue;
        const Entropy h = Entropy::from_name(c.name, c.parameter, 2);
        CAPTURE(c.name, c.mu.transpose());
        const Vector v = belief({1, -1});
        CHECK(h.edge_curvature(c.mu[0], c.mu[1]) == Approx(v.dot(h.hessian(c.mu) * v)).epsilon(1e-12));
    }
}

TEST_CASE("gradient and Hessian agree with finite differences along the simplex", "[unit][entropy]") {
    for (const auto& c : cases()) {
        if (c.mu.minCoeff() < 1e-3) continue; // finite differences need room inside the simplex
        const Entropy h = Entropy::from_name(c.name, c.parameter, static_cast<int>(c.mu.size()));
        CAPTURE(c.name, c.mu.transpose());
        const auto n = c.mu.size();
        Vector v = Vector::Zero(n); // a tangent direction (entries sum to 0)
        v[0] = 1;
        v[n - 1] = -1;
        const double eps = 1e-5;
        const double d1 = (h.value(c.mu + eps * v) - h.value(c.mu - eps * v)) / (2 * eps);
        const double d2 = (h.value(c.mu + eps * v) - 2 * h.value(c.mu) + h.value(c.mu - eps * v)) / (eps * eps);
        CHECK(h.gradient(c.mu).dot(v) == Approx(d1).epsilon(1e-7));
        CHECK(v.dot(h.hessian(c.mu) * v) == Approx(d2).epsilon(1e-4));
    }
}

TEST_CASE("Bregman divergences: closed forms, zero on the diagonal, nonnegative", "[unit][entropy]") {
    const Entropy shannon = Entropy::from_name("shannon", std::nullopt, 3);
    const Entropy quadratic = Entropy::from_name("quadratic", std::nullopt, 3);
    const Vector mu = belief({0.5, 0.3, 0.2});
    const Vector d_shannon = shannon.vertex_divergences(mu);
    const Vector d_quadratic = quadratic.vertex_divergences(mu);
    for (int theta = 0; theta < 3; ++theta) {
        Vector e = Vector::Zero(3);
        e[theta] = 1;
        CHECK(d_shannon[theta] == Approx(-std::log(mu[theta])).epsilon(1e-14));
        CHECK(d_quadratic[theta] == Approx(0.5 * (e - mu).squaredNorm()).epsilon(1e-14));
        CHECK(shannon.divergence(e, mu) == Approx(d_shannon[theta]).epsilon(1e-12));
    }
    // Zhong §3.1: D(0|½) = D(1|½) = ¼ for the quadratic-variation entropy.
    const Entropy binary = Entropy::from_name("quadratic", std::nullopt, 2);
    const Vector d_half = binary.vertex_divergences(belief({0.5, 0.5}));
    CHECK(d_half[0] == Approx(0.25).epsilon(1e-15));
    CHECK(d_half[1] == Approx(0.25).epsilon(1e-15));

    // Near a face: −log of a tiny coordinate, no cancellation.
    const Vector edge = belief({1e-12, 0.5 - 1e-12, 0.5});
    CHECK(shannon.vertex_divergences(edge)[0] == Approx(-std::log(1e-12)).epsilon(1e-14));

    for (const auto& c : cases()) {
        const Entropy h = Entropy::from_name(c.name, c.parameter, static_cast<int>(c.mu.size()));
        CHECK(h.divergence(c.mu, c.mu) == Approx(0).margin(1e-14));
        Vector other = Vector::Constant(c.mu.size(), 1.0 / static_cast<double>(c.mu.size()));
        if (std::string(c.name) == "power") other = belief({0.45, 0.55});
        CHECK(h.divergence(other, c.mu) > 0);
    }
}

TEST_CASE("Tsallis approaches Shannon as q -> 1", "[unit][entropy]") {
    const Vector mu = belief({0.5, 0.3, 0.2});
    const Vector shannon = Entropy::from_name("shannon", std::nullopt, 3).vertex_divergences(mu);
    const Vector tsallis = Entropy::from_name("tsallis", 1.0 + 1e-6, 3).vertex_divergences(mu);
    for (int i = 0; i < 3; ++i) CHECK(tsallis[i] == Approx(shannon[i]).epsilon(1e-5));
}

TEST_CASE("registry rejects unknown kinds and bad parameters, naming the parameter", "[unit][entropy][bad-input]") {
    CHECK(Entropy::names().size() == 4);
    CHECK(Entropy::from_name("tsallis", 2.0, 3).name() == "tsallis");
    CHECK(Entropy::from_name("tsallis", 2.0, 3).parameter() == 2.0);
    const auto broken_rule = [](auto&& make) {
        try {
            make();
        } catch (const InvalidArgument& e) {
            return e.parameter() + ": " + e.rule();
        }
        return std::string("no error");
    };
    CHECK(broken_rule([] { (void)Entropy::from_name("renyi", std::nullopt, 3); }) ==
          "entropy: unknown entropy \"renyi\" (expected one of shannon, quadratic, tsallis, power)");
    CHECK(broken_rule([] { (void)Entropy::from_name("tsallis", std::nullopt, 3); }) ==
          "q: required by entropy \"tsallis\"");
    CHECK(broken_rule([] { (void)Entropy::from_name("tsallis", 0.5, 3); }) == "q: must be > 1 (got 0.5)");
    CHECK(broken_rule([] { (void)Entropy::from_name("power", 2.0, 3); }) ==
          "alpha: the power entropy is defined for 2 states only (got 2)");
    CHECK(broken_rule([] { (void)Entropy::from_name("power", 1.0, 2); }) == "alpha: must be > 1 (got 1)");
}

TEST_CASE("vertex divergences keep full relative precision next to a vertex", "[unit][entropy][boundary]") {
    // References in closed form, with c = 1 − μ_θ known exactly (it is the small entry):
    // Shannon −log(1 − c), quadratic c² (binary: ½(c² + c²)), Tsallis q = 2 the same as quadratic
    // doubled, Tsallis q = 1.5: c^1.5 + ¾c²(1 + c/3 + ...), power α = 2: c².
    for (const double c : {1e-6, 1e-12, 1e-100, 1e-300}) {
        const Vector mu = belief({c, 1 - c});
        CHECK(Entropy::from_name("shannon", std::nullopt, 2).vertex_divergences(mu)[1] ==
              Approx(-std::log1p(-c)).epsilon(1e-14));
        CHECK(Entropy::from_name("shannon", std::nullopt, 2).vertex_divergences(mu)[0] ==
              Approx(-std::log(c)).epsilon(1e-14));
        if (c * c > 1e-300) {
            CHECK(Entropy::from_name("quadratic", std::nullopt, 2).vertex_divergences(mu)[1] ==
                  Approx(c * c).epsilon(1e-14));
            CHECK(Entropy::from_name("tsallis", 2.0, 2).vertex_divergences(mu)[1] == Approx(2 * c * c).epsilon(1e-14));
            CHECK(Entropy::from_name("power", 2.0, 2).vertex_divergences(mu)[1] == Approx(c * c).epsilon(1e-14));
        }
        const double tsallis = std::pow(c, 1.5) + 0.75 * c * c * (1 + c / 3);
        CHECK(Entropy::from_name("tsallis", 1.5, 2).vertex_divergences(mu)[1] == Approx(tsallis).epsilon(1e-14));
    }
    // Three states, two small entries: Shannon −log(1 − 3e-13).
    const Vector corner = belief({1e-13, 1 - 3e-13, 2e-13});
    CHECK(Entropy::from_name("shannon", std::nullopt, 3).vertex_divergences(corner)[1] ==
          Approx(-std::log1p(-3e-13)).epsilon(1e-14));
    // The series and the closed form meet continuously at the switch, c = 1/(2 max(q, 2)).
    for (const double q : {1.2, 3.0, 20.0}) {
        const double at = 0.5 / std::max(q, 2.0);
        const Entropy h = Entropy::from_name("tsallis", q, 2);
        CHECK(h.vertex_divergences(belief({at * (1 - 1e-9), 1 - at * (1 - 1e-9)}))[1] ==
              Approx(h.vertex_divergences(belief({at * (1 + 1e-9), 1 - at * (1 + 1e-9)}))[1]).epsilon(1e-8));
    }
}
