// `menu` configuration (include/beliefsim/io/menu_config.hpp): defaults, every table read, paths of
// tabulated types relative to the config's directory, and field-named errors.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "../support.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/menu_config.hpp"

using beliefsim::io::parse_menu_config;

namespace {

const std::string MODEL = "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n"
                          "[simulation]\npaths = 1000\nseed = 3\n";

std::string error_of(const std::string& text) {
    try {
        (void)parse_menu_config(text);
    } catch (const beliefsim::ConfigError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("io.menu_config: defaults and the simulate tables", "[unit]") {
    const auto spec = parse_menu_config(MODEL + "[types]\nlow = 1\nhigh = 2\n");
    CHECK(spec.simulation.plan.paths == 1000);
    CHECK(spec.types.name() == "uniform");
    CHECK(spec.types.cdf(1.5) == Approx(0.5));
    CHECK(spec.valuation_form == "constant");
    CHECK(spec.valuation.q(1.7) == 1.0);
    CHECK(spec.menu.law == "auto");
    CHECK(spec.menu.points == 201);
    CHECK(spec.menu.tiers == 5);
}

TEST_CASE("io.menu_config: every table is read", "[unit]") {
    beliefsim::test::TempDir dir;
    std::ofstream(dir.path / "g.txt") << "# r density\n0.5 1\n1.5 3\n2.5 1\n";
    const auto spec =
        parse_menu_config(MODEL + "[types]\ndistribution = \"tabulated\"\nlow = 1\nhigh = 2\nfile = \"g.txt\"\n"
                                  "[valuation]\nform = \"exponential\"\nscale = 2\nslope = -0.5\n"
                                  "[menu]\nlaw = \"monte-carlo\"\npoints = 11\naudit_points = 21\ntiers = 2\n"
                                  "min_fraction = 0.1\n",
                          dir.path);
    CHECK(spec.types.name() == "tabulated");
    CHECK(spec.types.cdf(1.5) == Approx(0.5)); // symmetric tent on [1, 2]
    CHECK(spec.valuation.q(1.0) == Approx(2.0));
    CHECK(spec.valuation.dq(2.0) == Approx(-0.5 * 2 * std::exp(-0.5)));
    CHECK(spec.menu.law == "monte-carlo");
    CHECK(spec.menu.points == 11);
    CHECK(spec.menu.audit_points == 21);
    CHECK(spec.menu.tiers == 2);
    CHECK(spec.menu.min_fraction == 0.1);
    const auto beta = parse_menu_config(MODEL + "[types]\ndistribution = \"beta\"\nlow = 1\nhigh = 3\na = 2\nb = 2\n");
    CHECK(beta.types.cdf(2.0) == Approx(0.5));
}

TEST_CASE("io.menu_config: each invalid field is named with its rule", "[unit][bad-input]") {
    const std::string types = "[types]\nlow = 1\nhigh = 2\n";
    CHECK(error_of(MODEL) == "types: table [types] is required");
    CHECK_THAT(error_of(MODEL + "[types]\ndistribution = \"lognormal\"\nlow = 1\nhigh = 2\n"),
               Catch::Matchers::StartsWith("types.distribution: unknown distribution \"lognormal\""));
    CHECK_THAT(error_of(MODEL + "[types]\ndistribution = \"beta\"\nlow = 1\nhigh = 2\na = 2\n"),
               Catch::Matchers::StartsWith("types.b: is required"));
    CHECK_THAT(error_of(MODEL + "[types]\nlow = -1\nhigh = 2\n"), Catch::Matchers::StartsWith("types.low:"));
    CHECK_THAT(error_of(MODEL + types + "[valuation]\nform = \"linear\"\nslope = -2\n"),
               Catch::Matchers::StartsWith("valuation.slope: linear q"));
    CHECK_THAT(error_of(MODEL + types + "[valuation]\nscale = 0\n"), Catch::Matchers::StartsWith("valuation.scale:"));
    CHECK_THAT(error_of(MODEL + types + "[valuation]\nshape = 1\n"),
               Catch::Matchers::StartsWith("valuation.shape: unknown key"));
    CHECK_THAT(error_of(MODEL + types + "[menu]\npoints = 1\n"),
               Catch::Matchers::StartsWith("menu.points: must be in"));
    CHECK_THAT(error_of(MODEL + types + "[menu]\ntiers = 9\n"), Catch::Matchers::StartsWith("menu.tiers: must be in"));
    CHECK_THAT(error_of(MODEL + types + "[sweep]\nx = 1\n"),
               Catch::Matchers::StartsWith("sweep: table [sweep] is not supported by `menu`"));
    CHECK_THAT(error_of("[model]\nstates = 2\n" + types), Catch::Matchers::StartsWith("model.prior"));
}
