// Task profiles and the efficient allocation (include/beliefsim/bbs/{profile,efficient}.hpp).
// Oracles: the appendix's per-task formulas (46)-(51) of the proof of Proposition 1, (12), Lemma 2,
// composite Gauss-Legendre quadrature written here, and local optimality of the welfare.

#include <catch2/catch.hpp>

#include "beliefsim/bbs/efficient.hpp"
#include "beliefsim/core/error.hpp"
#include "paper_formulas.hpp"

#include <cmath>

using namespace beliefsim::bbs;
using beliefsim::bbs::test::appendix_tokens;
using beliefsim::bbs::test::panels;

namespace {

const TechnologyParams tech_params{0.2, 0.3, 0.2, 1.5, 0.4, 0.6, 0.5};

TaskProfile tent(double scale) {
    return TaskProfile::tabulated({0, 0.5, 1}, {0.2 * scale, 1.5 * scale, 0.7 * scale},
                                  TaskProfile::Interpolation::linear);
}

} // namespace

TEST_CASE("representative type of profiles: equation 10 and the value-scale form 12", "[bbs][paper]") {
    const Technology tech(tech_params);
    const TaskProfile w = tent(1.0);
    const double p = 2.0; // 1/(1 − α − β) with α + β = ½
    CHECK(representative_type(tech, w) ==
          Approx(std::pow(panels([&](double i) { return std::pow(w(i), p); }), 1 / p)).epsilon(1e-12));
    for (const double s : {0.1, 0.37, 1.0})
        for (const double v : {0.3, 0.9})
            CHECK(representative_type(tech, TaskProfile::value_scale(v, s)) ==
                  Approx(v * std::pow(s, 0.5)).epsilon(1e-13));
    const TaskProfile steps = TaskProfile::tabulated({0, 0.25, 1}, {2.0, 1.0}, TaskProfile::Interpolation::step);
    CHECK(steps(0.1) == 2.0);
    CHECK(steps(0.5) == 1.0);
    CHECK(steps.power_integral(2) == Approx(0.25 * 4 + 0.75).epsilon(1e-14));
}

TEST_CASE("Proposition 1: per-task tokens match the appendix formulas 46 to 51 in both regimes", "[bbs][paper]") {
    const Technology tech(tech_params);
    for (const double scale : {0.3, 3.0}) {
        const TaskProfile w = tent(scale);
        const EfficientAllocation e = efficient_allocation(tech, w);
        CAPTURE(scale, e.theta, tech.theta_hat());
        CHECK(e.fine_tunes == (e.theta > tech.theta_hat()));
        for (const double i : {0.05, 0.3, 0.5, 0.8}) {
            const Tokens got_t = task_tokens(tech, w, e.total, i);
            const Tokens want = appendix_tokens(tech_params, w(i), e.theta);
            CHECK(got_t.x == Approx(want.x).epsilon(1e-10));
            CHECK(got_t.y == Approx(want.y).epsilon(1e-10));
            CHECK(got_t.z == Approx(want.z).margin(1e-10));
        }
    }
    CHECK(efficient_allocation(tech, tent(0.3)).fine_tunes == false);
    CHECK(efficient_allocation(tech, tent(3.0)).fine_tunes == true);
}

TEST_CASE("efficient welfare is locally optimal and equals the task integral", "[bbs][invariant]") {
    const Technology tech(tech_params);
    const auto& p = tech_params;
    const TaskProfile w = tent(3.0);
    const EfficientAllocation e = efficient_allocation(tech, w);
    // Welfare of scaling every task's x by kx, y by ky and setting fine-tuning to z.
    const auto welfare = [&](double kx, double ky, double z) {
        return panels([&](double i) {
                   const Tokens t = task_tokens(tech, w, e.total, i);
                   return w(i) * std::pow(kx * t.x, p.alpha) * std::pow(ky * t.y, p.beta) * std::pow(p.b + z, p.gamma) -
                          p.c_x * kx * t.x - p.c_y * ky * t.y;
               }) -
               p.c_z * z;
    };
    const double best = welfare(1, 1, e.total.z);
    CHECK(best == Approx(e.welfare).epsilon(1e-10));
    for (const double d : {-0.02, 0.02}) {
        CHECK(welfare(1 + d, 1, e.total.z) < best);
        CHECK(welfare(1, 1 + d, e.total.z) < best);
        CHECK(welfare(1, 1, e.total.z * (1 + d)) < best);
    }
}

TEST_CASE("Lemma 2: spreading totals in proportion to w to the power p is best for the buyer", "[bbs][paper]") {
    const Technology tech(tech_params);
    const TaskProfile w = tent(1.0);
    const Tokens total{2.0, 1.5, 0.4};
    const double theta = representative_type(tech, w);
    CHECK(bundle_value(tech, w, w, total) == Approx(theta * tech.production(total)).epsilon(1e-12));
    const TaskProfile flat = TaskProfile::tabulated({0, 1}, {1.0}, TaskProfile::Interpolation::step);
    const TaskProfile other = TaskProfile::tabulated({0, 1}, {1.0, 0.1}, TaskProfile::Interpolation::linear);
    CHECK(bundle_value(tech, w, flat, total) < bundle_value(tech, w, w, total));
    CHECK(bundle_value(tech, w, other, total) < bundle_value(tech, w, w, total));
    // The flat spread gives each task X, Y: value ∫ w_i X^α Y^β (b+Z)^γ di, computed here directly.
    CHECK(bundle_value(tech, w, flat, total) ==
          Approx(panels([&](double i) { return w(i); }) * tech.production(total)).epsilon(1e-12));
}

TEST_CASE("bad task profiles name their parameter", "[bbs][bad-input]") {
    using I = TaskProfile::Interpolation;
    const auto field_of = [](auto make) {
        try {
            (void)make();
        } catch (const beliefsim::InvalidArgument& e) {
            return e.parameter();
        }
        return std::string("none");
    };
    CHECK(field_of([] { return TaskProfile::tabulated({0, 0.5}, {1.0}, I::step); }) == "profile");
    CHECK(field_of([] { return TaskProfile::tabulated({0, 0.6, 0.5, 1}, {1, 1, 1}, I::step); }) == "profile");
    CHECK(field_of([] { return TaskProfile::tabulated({0, 1}, {1, -1}, I::linear); }) == "profile");
    CHECK(field_of([] { return TaskProfile::tabulated({0, 1}, {1}, I::linear); }) == "profile");
    CHECK(field_of([] { return TaskProfile::value_scale(1, 0); }) == "s");
    CHECK(field_of([] { return TaskProfile::value_scale(-1, 0.5); }) == "w");
}
