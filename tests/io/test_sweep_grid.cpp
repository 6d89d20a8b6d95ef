// Sweep grids (include/beliefsim/io/sweep_grid.hpp): Cartesian product and zip groups, per-point
// configs, seeds that depend only on a point's own settings, and field-named errors.

#include <catch2/catch.hpp>

#include <cmath>

#include <string>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/sweep_grid.hpp"

using beliefsim::io::make_grid;

namespace {

const std::string BASE = "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n"
                         "[simulation]\npaths = 1000\nseed = 7\n";

std::string error_of(const std::string& text) {
    try {
        (void)make_grid(text);
    } catch (const beliefsim::ConfigError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("sweep grid: Cartesian product, last key fastest, configs that parse", "[sweep]") {
    const auto grid = make_grid(BASE + "[sweep]\n\"model.chi\" = [0.1, 0.2, 0.4]\n\"simulation.paths\" = [100, 200]\n");
    REQUIRE(grid.keys == std::vector<std::string>{"model.chi", "simulation.paths"});
    REQUIRE(grid.points.size() == 6);
    CHECK_FALSE(grid.menu);
    for (std::size_t i = 0; i < 6; ++i) {
        const auto& p = grid.points[i];
        CHECK(p.index == i);
        const double chi = std::get<double>(p.settings[0].value);
        const std::int64_t paths = std::get<std::int64_t>(p.settings[1].value); // integers stay integers
        CHECK(chi == std::vector<double>{0.1, 0.2, 0.4}[i / 2]);
        CHECK(paths == std::vector<std::int64_t>{100, 200}[i % 2]);
        const auto spec = beliefsim::io::parse_simulation_config(p.config);
        CHECK(spec.model.chi == chi);
        CHECK(spec.plan.paths == static_cast<std::uint64_t>(paths));
        CHECK(spec.plan.seed == p.seed);
    }
}

TEST_CASE("sweep grid: zip groups vary together", "[sweep]") {
    const auto grid = make_grid(BASE + "[sweep]\n\"model.chi\" = [0.1, 0.2]\n\"simulation.paths\" = [100, 200]\n"
                                       "\"model.entropy\" = [\"quadratic\", \"shannon\"]\n"
                                       "zip = [[\"model.chi\", \"simulation.paths\"]]\n");
    // Keys by name: model.chi, model.entropy, simulation.paths.
    REQUIRE(grid.points.size() == 4);
    for (const auto& p : grid.points)
        CHECK(std::get<std::int64_t>(p.settings[2].value) == std::lround(1000 * std::get<double>(p.settings[0].value)));
    CHECK(grid.points[0].settings[2].text == "100");
    // The seed hashes toml++'s spelling (a literal string); the summary gets the string itself.
    CHECK(grid.points[1].settings[1].text == "'shannon'");
    CHECK(std::get<std::string>(grid.points[1].settings[1].value) == "shannon");
}

TEST_CASE("sweep grid: lists of numbers, the [sweep] table and the base seed are kept", "[sweep]") {
    const auto grid = make_grid(BASE + "[sweep]\n\"model.prior\" = [[0.5, 0.5], [1, 0]]\n");
    CHECK(std::get<std::vector<double>>(grid.points[1].settings[0].value) == std::vector<double>{1, 0});
    CHECK(grid.table == "[sweep]\n\"model.prior\" = [[0.5, 0.5], [1, 0]]\n");
    CHECK(grid.base_seed == beliefsim::io::parse_simulation_config(BASE).plan.seed);
}

TEST_CASE("sweep grid: a point's seed depends only on its own settings", "[sweep][repro]") {
    const auto narrow = make_grid(BASE + "[sweep]\n\"model.chi\" = [0.1, 0.2]\n");
    const auto wide = make_grid(BASE + "[sweep]\n\"model.chi\" = [0.05, 0.1, 0.2, 0.3]\n");
    CHECK(narrow.points[0].seed == wide.points[1].seed);
    CHECK(narrow.points[1].seed == wide.points[2].seed);
    CHECK(narrow.points[0].config == wide.points[1].config);
    CHECK(narrow.points[0].seed != narrow.points[1].seed);
    CHECK(narrow.fingerprint != wide.fingerprint);
    const auto other_base = make_grid("[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n"
                                      "[simulation]\npaths = 1000\nseed = 8\n[sweep]\n\"model.chi\" = [0.1, 0.2]\n");
    CHECK(other_base.points[0].seed != narrow.points[0].seed);
}

TEST_CASE("sweep grid: errors name the field", "[sweep][bad-input]") {
    CHECK(error_of(BASE) == "sweep: table [sweep] with at least one key is required");
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = 0.1\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: must be a non-empty array"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = []\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: must be a non-empty array"));
    CHECK_THAT(error_of(BASE + "[sweep]\nchi = [0.1]\n"),
               Catch::Matchers::StartsWith("sweep.chi: must be a dotted key"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi.x\" = [0.1]\n"),
               Catch::Matchers::StartsWith("sweep.model.chi.x:"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = [0.1, 0.2]\n\"simulation.paths\" = [1]\nzip = "
                               "[[\"model.chi\", \"simulation.paths\"]]\n"),
               Catch::Matchers::StartsWith("sweep.zip: lists zipped together must have equal lengths"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = [0.1]\nzip = [[\"model.chi\", \"model.q\"]]\n"),
               Catch::Matchers::StartsWith("sweep.zip: names a key that is not swept"));
}
