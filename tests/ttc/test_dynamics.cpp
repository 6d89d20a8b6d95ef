#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/dynamics.hpp"
#include "beliefsim/ttc/sweep.hpp"
#include "beliefsim/ttc/welfare.hpp"

#include "ttc_support.hpp"

#include <catch2/catch.hpp>

using namespace beliefsim;
using namespace beliefsim::ttc;

namespace {

void check_run(const Market& m, double beta, const DynamicsOptions& o) {
    const DynamicsResult r = run_dynamics(m, beta, o);
    CAPTURE(beta, o.seed, static_cast<int>(o.rule));
    REQUIRE(r.converged);
    REQUIRE(r.trajectory.size() == 1 + static_cast<std::size_t>(r.rounds) * m.providers());
    int moves = 0;
    for (std::size_t k = 1; k < r.trajectory.size(); ++k) {
        const auto& before = r.trajectory[k - 1];
        const auto& after = r.trajectory[k];
        if (after.profile != before.profile) {
            ++moves;
            CHECK(after.potential > before.potential); // every improving move raises Φ
        } else {
            CHECK(after.potential == before.potential);
        }
    }
    CHECK(moves == r.moves);
    CHECK(r.trajectory.back().profile == r.equilibrium);
    // Pure Nash within the tolerance, checked by the all-deviations scan of game.hpp (the dynamics
    // only try levels until the first improvement).
    CHECK(is_equilibrium(m, r.equilibrium, beta, o.tolerance));
    CHECK(r.nash_gap == nash_gap(m, r.equilibrium, beta));
}

} // namespace

TEST_CASE("ttc dynamics: potential rises at every move and the end is a Nash equilibrium", "[ttc][invariant]") {
    const Market def = test::default_market();
    const Market small = test::random_market(5, 4, 7, test::notebook_config());
    MarketConfig exp_config; // the reference defaults: α = 10, exponential value curve
    const Market convex = test::random_market(6, 6, 8, exp_config);
    for (const Market* m : {&def, &small, &convex}) {
        for (const double beta : {1.0, 200.0, 1000.0, 1e5}) {
            for (const auto rule : {ResponseRule::nearest_better, ResponseRule::best}) {
                DynamicsOptions o;
                o.rule = rule;
                o.seed = 17;
                check_run(*m, beta, o);
            }
        }
    }
}

TEST_CASE("ttc dynamics: nearest better response tries the lower level first", "[ttc][unit]") {
    // One provider, β = 0: its share is 1/2 at every level, so its utility grows with its token
    // count (100, 300, 200, 500). From level 2 the nearest improvement is level 1 (distance 1,
    // tried before level 3); best response jumps to level 3 at once.
    MarketConfig c;
    c.value.shape = ValueShape::linear;
    const Market m({{"solo", 1e-6, 0.25, {0.5, 0.5, 0.5, 0.5}, {100, 300, 200, 500}}}, c);
    DynamicsOptions o;
    o.start = {2};
    const DynamicsResult nbr = run_dynamics(m, 0.0, o);
    REQUIRE(nbr.trajectory.size() >= 3);
    CHECK(nbr.trajectory[1].profile == Profile{1});
    CHECK(nbr.trajectory[2].profile == Profile{3}); // then distance 2 from level 1
    CHECK(nbr.equilibrium == Profile{3});
    o.rule = ResponseRule::best;
    const DynamicsResult br = run_dynamics(m, 0.0, o);
    CHECK(br.trajectory[1].profile == Profile{3});
    CHECK(br.rounds == 2);
}

TEST_CASE("ttc dynamics: the seed fixes the order of play", "[ttc][repro]") {
    const Market m = test::default_market();
    DynamicsOptions o;
    o.seed = 4;
    const auto a = run_dynamics(m, 1000.0, o);
    const auto b = run_dynamics(m, 1000.0, o);
    REQUIRE(a.trajectory.size() == b.trajectory.size());
    for (std::size_t k = 0; k < a.trajectory.size(); ++k) {
        CHECK(a.trajectory[k].provider == b.trajectory[k].provider);
        CHECK(a.trajectory[k].potential == b.trajectory[k].potential);
    }
    o.seed = 5;
    const auto c = run_dynamics(m, 1000.0, o);
    bool differs = false;
    for (std::size_t k = 1; k < std::min(a.trajectory.size(), c.trajectory.size()); ++k)
        differs = differs || a.trajectory[k].provider != c.trajectory[k].provider;
    CHECK(differs);
}

TEST_CASE("ttc sweep: PoA at least 1 and identical for 1 and 2 threads", "[ttc][repro]") {
    const Market m = test::default_market();
    const auto betas = log_space(0, 6, 24);
    CHECK(betas.front() == 1.0);
    CHECK(betas.back() == Approx(1e6));
    const auto one = beta_sweep(m, betas, DynamicsOptions{}, 1);
    const auto two = beta_sweep(m, betas, DynamicsOptions{}, 2);
    for (std::size_t k = 0; k < betas.size(); ++k) {
        CAPTURE(betas[k]);
        CHECK(one[k].converged);
        CHECK(one[k].price_of_anarchy >= 1.0);
        CHECK(one[k].optimum_welfare >= one[k].equilibrium_welfare);
        CHECK(one[k].price_of_anarchy == Approx(one[k].optimum_welfare / one[k].equilibrium_welfare));
        CHECK(one[k].equilibrium == two[k].equilibrium);
        CHECK(one[k].price_of_anarchy == two[k].price_of_anarchy);
        CHECK(one[k].potential == two[k].potential);
    }
}

TEST_CASE("ttc dynamics: bad options are rejected", "[ttc][bad-input]") {
    const Market m = test::random_market(3, 3, 1, test::notebook_config());
    DynamicsOptions o;
    o.tolerance = -1;
    CHECK_THROWS_AS(run_dynamics(m, 1.0, o), InvalidArgument);
    o = {};
    o.max_rounds = 0;
    CHECK_THROWS_AS(run_dynamics(m, 1.0, o), InvalidArgument);
    o = {};
    o.start = {0, 0, 3};
    CHECK_THROWS_AS(run_dynamics(m, 1.0, o), InvalidArgument);
    CHECK_THROWS_AS(run_dynamics(m, -2.0, DynamicsOptions{}), InvalidArgument);
}
