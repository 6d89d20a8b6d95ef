// Sweep grids (include/beliefsim/io/sweep_grid.hpp): Cartesian product and zip groups, per-point
// configs, seeds that depend only on a point's own settings, fingerprints of the resolved config,
// ranges, common random numbers, bbs and ttc bases, and field-named errors.

#include <catch2/catch.hpp>

#include <cmath>

#include <string>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/bbs_config.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "beliefsim/io/ttc_config.hpp"

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
    CHECK(grid.kind == beliefsim::io::PointKind::simulate);
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
    CHECK(narrow.points[0].fingerprint == wide.points[1].fingerprint); // its finished file is reused
    CHECK(narrow.fingerprint != wide.fingerprint);
    const auto other_base = make_grid("[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n"
                                      "[simulation]\npaths = 1000\nseed = 8\n[sweep]\n\"model.chi\" = [0.1, 0.2]\n");
    CHECK(other_base.points[0].seed != narrow.points[0].seed);
}

TEST_CASE("sweep grid: errors name the field", "[sweep][bad-input]") {
    CHECK(error_of(BASE) == "sweep: table [sweep] with at least one key is required");
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = 0.1\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: must be a non-empty array"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = {start = 0.1, stop = 0.2}\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: a range needs an integer num in [1, 100000]"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = {start = 0.1, stop = 0.2, num = 100001}\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: a range needs an integer num in [1, 100000]"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = {start = 0.1, stop = 0.2, num = 2, step = 1}\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: a range takes start, stop, num and log"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = {start = 0, stop = 1, num = 3, log = true}\n"),
               Catch::Matchers::StartsWith("sweep.model.chi: a log range needs start > 0"));
    CHECK_THAT(error_of(BASE + "[sweep]\n\"model.chi\" = [0.1]\ncommon_random_numbers = 1\n"),
               Catch::Matchers::StartsWith("sweep.common_random_numbers: must be true or false"));
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

TEST_CASE("sweep grid: a point's fingerprint is its resolved config's, not the file's bytes", "[sweep][repro]") {
    const std::string table = "[sweep]\n\"model.chi\" = [0.1, 0.2]\n\"simulation.paths\" = [100, 200]\n";
    const auto plain = make_grid(BASE + table);
    const auto edited = make_grid("# a comment\n[simulation]\nseed = 7 # the base seed\npaths = 1_000\n"
                                  "[model]\nchi = 0.125\nentropy = 'quadratic'\nprior = [0.5, 0.5]\nstates = 2\n"
                                  "[sweep]\n\"simulation.paths\" = [100, 200]\n\"model.chi\" = [0.1, 0.2]\n");
    REQUIRE(plain.points.size() == edited.points.size());
    for (std::size_t i = 0; i < plain.points.size(); ++i) {
        CHECK(plain.points[i].fingerprint == edited.points[i].fingerprint);
        CHECK(plain.points[i].fingerprint == beliefsim::io::fnv1a(plain.points[i].config));
    }
    CHECK(plain.fingerprint == edited.fingerprint);
    CHECK(plain.points[0].fingerprint != plain.points[1].fingerprint);
    // Any change of the base changes every point.
    auto other = BASE;
    other.replace(other.find("[0.5, 0.5]"), 10, "[0.6, 0.4]");
    CHECK(make_grid(other + table).points[0].fingerprint != plain.points[0].fingerprint);
}

TEST_CASE("sweep grid: ranges give the list one would type", "[sweep]") {
    const auto linear = make_grid(BASE + "[sweep]\n\"model.chi\" = {start = 0.1, stop = 0.5, num = 5}\n");
    const auto typed = make_grid(BASE + "[sweep]\n\"model.chi\" = [0.1, 0.2, 0.3, 0.4, 0.5]\n");
    REQUIRE(linear.points.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(std::get<double>(linear.points[i].settings[0].value) ==
              std::get<double>(typed.points[i].settings[0].value));
        CHECK(linear.points[i].seed == typed.points[i].seed); // the same points
        CHECK(linear.points[i].fingerprint == typed.points[i].fingerprint);
    }
    const auto geometric = make_grid(BASE + "[sweep]\n\"model.chi\" = {start = 1e-3, stop = 1, num = 4, log = true}\n");
    std::vector<double> chi;
    for (const auto& p : geometric.points) chi.push_back(std::get<double>(p.settings[0].value));
    CHECK(chi == std::vector<double>{0.001, 0.01, 0.1, 1});
    // Integers when start and stop are integers and every value is whole; numbers otherwise.
    const auto paths = make_grid(BASE + "[sweep]\n\"simulation.paths\" = {start = 100, stop = 400, num = 4}\n");
    CHECK(std::get<std::int64_t>(paths.points[3].settings[0].value) == 400);
    CHECK(beliefsim::io::parse_simulation_config(paths.points[1].config).plan.paths == 200);
    const auto uneven = make_grid(BASE + "[sweep]\n\"simulation.block_size\" = {start = 1, stop = 2, num = 3}\n");
    CHECK(std::get<double>(uneven.points[1].settings[0].value) == 1.5);
    const auto powers =
        make_grid(BASE + "[sweep]\n\"simulation.paths\" = {start = 10, stop = 10000, num = 4, log = true}\n");
    CHECK(std::get<std::int64_t>(powers.points[2].settings[0].value) == 1000);
    CHECK(powers.table == "[sweep]\n\"simulation.paths\" = {log = true, num = 4, start = 10, stop = 10000}\n");
}

TEST_CASE("sweep grid: common random numbers keep the config's seeds", "[sweep][repro]") {
    const auto crn = make_grid(BASE + "[sweep]\ncommon_random_numbers = true\n\"model.chi\" = [0.1, 0.2]\n");
    CHECK(crn.common_random_numbers);
    for (const auto& p : crn.points) {
        CHECK(p.seed == 7);
        CHECK(beliefsim::io::parse_simulation_config(p.config).plan.seed == 7);
    }
    // A swept seed is each point's own: replicates that share their numbers across the other keys.
    const auto seeds = make_grid(BASE + "[sweep]\ncommon_random_numbers = true\n\"model.chi\" = [0.1, 0.2]\n"
                                        "\"simulation.seed\" = [1, 2]\n");
    CHECK(seeds.points[0].seed == 1);
    CHECK(seeds.points[2].seed == 1);
    CHECK(seeds.points[3].seed == 2);
    const auto independent = make_grid(BASE + "[sweep]\n\"model.chi\" = [0.1, 0.2]\n");
    CHECK_FALSE(independent.common_random_numbers);
    CHECK(independent.points[0].seed != independent.points[1].seed);
}

TEST_CASE("sweep grid: bbs and ttc bases, their seeds", "[sweep]") {
    const auto bbs = make_grid("[technology]\nalpha = 0.25\n[monte_carlo]\nsamples = 10\nseed = 3\n"
                               "[sweep]\n\"technology.c_x\" = [0.1, 0.2]\n");
    CHECK(bbs.kind == beliefsim::io::PointKind::bbs);
    CHECK(bbs.base_seed == 3);
    CHECK(beliefsim::io::parse_bbs_config(bbs.points[1].config).monte_carlo.seed == bbs.points[1].seed);
    const auto ttc = make_grid("[data]\nsynthetic = true\n[curves]\nseed = 4\n[sweep]\n\"market.beta\" = [10, 100]\n");
    CHECK(ttc.kind == beliefsim::io::PointKind::ttc);
    CHECK(ttc.base_seed == 4);
    const auto spec = beliefsim::io::parse_ttc_config(ttc.points[0].config);
    CHECK(spec.curves.seed == ttc.points[0].seed);
    CHECK(spec.dynamics.seed == ttc.points[0].seed);
    const auto menu = make_grid(BASE + "[types]\ndistribution = \"uniform\"\nlow = 1.0\nhigh = 2.0\n"
                                       "[sweep]\n\"model.chi\" = [0.1]\n");
    CHECK(menu.kind == beliefsim::io::PointKind::menu);
}

TEST_CASE("sweep grid: the base seed obeys the seed's rule although every point replaces it", "[sweep][bad-input]") {
    for (const char* seed : {"\"abc\"", "-5", "1.5", "[1, 2]", "nan"}) {
        std::string base = BASE;
        base.replace(base.find("seed = 7"), 8, std::string("seed = ") + seed);
        CAPTURE(seed);
        CHECK(error_of(base + "[sweep]\n\"model.chi\" = [0.1, 0.2]\n")
                  .starts_with("simulation.seed: must be an integer"));
    }
}
