#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/game.hpp"

#include "ttc_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace beliefsim;
using namespace beliefsim::ttc;

namespace {

/// Linear value, α = 1, b = 0: q = accuracy. Both providers price a query at 0.1 with margin 0.25,
/// so c = 0.08; V = 0.5 and 0.8.
Market hand_market() {
    MarketConfig c;
    c.alpha = 1;
    c.baseline = 0;
    c.value.shape = ValueShape::linear;
    return Market({{"a", 1e-3, 0.25, {0.6, 0.6}, {100, 50}}, {"b", 5e-4, 0.25, {0.9, 0.9}, {200, 100}}}, c);
}

} // namespace

TEST_CASE("ttc game: logit shares utilities welfare and potential by hand", "[ttc][unit]") {
    const Market m = hand_market();
    const Profile pr{0, 0};
    // β = 2: shares e^{1}/(1 + e^{1} + e^{1.6}) and e^{1.6}/(1 + e^{1} + e^{1.6}).
    const auto s = shares(m, pr, 2.0);
    CHECK(s[0] == Approx(0.31347979662532977));
    CHECK(s[1] == Approx(0.5711974309736066));
    const auto u = utilities(m, pr, 2.0);
    CHECK(u[0] == Approx(0.006269595932506596));
    CHECK(u[1] == Approx(0.011423948619472133));
    CHECK(welfare(m, pr, 2.0) == Approx(0.631391387643529));
    CHECK(potential(m, pr, 2.0) == Approx(-7.384066376418394));
    CHECK(log_partition(m, pr, 2.0) == Approx(std::log(1 + std::exp(1.0) + std::exp(1.6))));
    // β = 0: users pick uniformly among the two providers and the outside option.
    for (const double x : shares(m, pr, 0.0)) CHECK(x == Approx(1.0 / 3.0));
}

TEST_CASE("ttc game: the potential changes by the log-utility change of the mover", "[ttc][invariant]") {
    const Market m = test::random_market(4, 5, 3, test::notebook_config());
    for (const double beta : {1.0, 300.0, 1e5}) {
        Profile pr{0, 2, 4, 1};
        for (std::size_t i = 0; i < 4; ++i) {
            for (int l = 0; l < 5; ++l) {
                Profile q = pr;
                q[i] = l;
                const double d_phi = potential(m, q, beta) - potential(m, pr, beta);
                const double d_log_u = std::log(utilities(m, q, beta)[i]) - std::log(utilities(m, pr, beta)[i]);
                CAPTURE(beta, i, l);
                CHECK(d_phi == Approx(d_log_u).margin(1e-9));
            }
        }
    }
}

TEST_CASE("ttc game: huge beta stays finite", "[ttc][unit]") {
    const Market m = test::random_market(9, 6, 1, test::notebook_config());
    const Profile pr(9, 3);
    const auto s = shares(m, pr, 1e6);
    double total = 0;
    for (const double x : s) {
        CHECK(std::isfinite(x));
        total += x;
    }
    CHECK(total <= 1.0 + 1e-12);
    CHECK(std::isfinite(welfare(m, pr, 1e6)));
    CHECK(std::isfinite(potential(m, pr, 1e6)));
}

TEST_CASE("ttc game: bad beta and profiles are rejected", "[ttc][bad-input]") {
    const Market m = hand_market();
    CHECK_THROWS_AS(shares(m, {0, 0}, -1.0), InvalidArgument);
    CHECK_THROWS_AS(shares(m, {0, 0}, INFINITY), InvalidArgument);
    CHECK_THROWS_AS(shares(m, {0}, 1.0), InvalidArgument);
    CHECK_THROWS_AS(shares(m, {0, 2}, 1.0), InvalidArgument);
}
