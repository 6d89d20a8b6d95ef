#include "beliefsim/app/reproduce.hpp"

#include "beliefsim/core/error.hpp"

#include <catch2/catch.hpp>

using namespace beliefsim;

TEST_CASE("reproduce: every number of Zhong's binary example agrees with the paper", "[pricing][reproduce]") {
    const auto rep = app::reproduce("zhong-binary");
    REQUIRE(rep.numbers.size() >= 15);
    for (const auto& n : rep.numbers) {
        INFO(n.quantity << ": paper " << n.paper << ", ours " << n.ours);
        CHECK(n.agrees());
    }
    CHECK(rep.audit.max_ic_violation <= 1e-9);
    CHECK(rep.audit.max_ir_violation <= 1e-9);
    CHECK(rep.menu.r.size() == 101);
}

TEST_CASE("reproduce: Figure 1's kappa boundaries and their limit", "[pricing][reproduce]") {
    const auto rep = app::reproduce("zhong-quality");
    for (const auto& n : rep.numbers) {
        INFO(n.quantity);
        CHECK(n.agrees());
    }
    CHECK(rep.kappa.size() == 3 * 101);
}

TEST_CASE("reproduce: an unknown name is a config error", "[bad-input][reproduce]") {
    CHECK_THROWS_AS(app::reproduce("zhong-trinary"), InvalidArgument);
}
