// TOML → SimulationSpec: defaults, every rule of every field, and unknown keys (SPEC §3, §4).

#include <catch2/catch.hpp>

#include <limits>

#include <filesystem>
#include <string>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/config.hpp"

namespace io = beliefsim::io;

namespace {

const std::string MODEL = "[model]\nstates = 3\nprior = [0.5, 0.3, 0.2]\nentropy = \"shannon\"\nchi = 0.3\n";
const std::string SIMULATION = "[simulation]\npaths = 1_000\nseed = 42\n";

/// The ConfigError `text` raises, as "field: rule" ("" when it parses).
std::string error_of(const std::string& text) {
    try {
        (void)io::parse_simulation_config(text);
    } catch (const beliefsim::ConfigError& e) {
        return e.field() + ": " + e.rule();
    }
    return "";
}

} // namespace

TEST_CASE("io.config: a minimal config gets the documented defaults", "[unit]") {
    const auto spec = io::parse_simulation_config(MODEL + SIMULATION);
    CHECK(spec.model.states == 3);
    CHECK(spec.model.prior == std::vector<double>{0.5, 0.3, 0.2});
    CHECK(spec.model.entropy == "shannon");
    CHECK_FALSE(spec.model.entropy_parameter);
    CHECK(spec.model.chi == 0.3);
    CHECK(spec.model.process == "greedy");
    CHECK(spec.plan.paths == 1000);
    CHECK(spec.plan.seed == 42);
    CHECK(spec.plan.threads == 0);
    CHECK(spec.plan.block_size == 4096);
    CHECK(spec.estimators.states == 3);
    CHECK(spec.estimators.laplace_r == std::vector<double>{0.5, 1.0, 2.0});
    CHECK(spec.estimators.histogram_bins == 100);
    CHECK(spec.estimators.histogram_max == 0); // auto: from the exact law
    CHECK(spec.estimators.ecdf_points == 201);
    CHECK(spec.estimators.ecdf_max == 0);
    CHECK(spec.estimators.raw_sample_cap == 0);
    CHECK(spec.exact_points == 401);
}

TEST_CASE("io.config: every optional field is read", "[unit]") {
    const auto spec = io::parse_simulation_config(
        "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"tsallis\"\nq = 1.5\nchi = 1\nprocess = \"greedy\"\n"
        "[simulation]\npaths = 7\nseed = 0\nthreads = 3\nblock_size = 16\n"
        "[estimators]\nlaplace_r = [0, 2]\nhistogram_bins = 10\nhistogram_max = 5.5\necdf_points = 11\n"
        "ecdf_max = 4\nraw_samples = 100\nexact_points = 21\n");
    CHECK(spec.model.entropy_parameter == Approx(1.5));
    CHECK(spec.model.chi == 1.0); // a TOML integer is a number
    CHECK(spec.plan.threads == 3);
    CHECK(spec.plan.block_size == 16);
    CHECK(spec.estimators.laplace_r == std::vector<double>{0.0, 2.0});
    CHECK(spec.estimators.histogram_bins == 10);
    CHECK(spec.estimators.histogram_max == 5.5);
    CHECK(spec.estimators.ecdf_points == 11);
    CHECK(spec.estimators.ecdf_max == 4.0);
    CHECK(spec.estimators.raw_sample_cap == 100);
    CHECK(spec.exact_points == 21);
}

TEST_CASE("io.config: each invalid field is named with its rule", "[unit][bad-input]") {
    const std::string S = SIMULATION;
    const auto model = [](const std::string& body) { return "[model]\n" + body; };
    const std::string ok_model = "states = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\n";
    CHECK(error_of(model(ok_model + "chi = -0.3\n") + S) == "model.chi: must be > 0 (got -0.3)");
    CHECK(error_of(model(ok_model + "chi = \"fast\"\n") + S) == "model.chi: must be a number (got string)");
    CHECK(error_of(model(ok_model) + S) == "model.chi: is required");
    CHECK(error_of(model("states = 3\nprior = [0.5, 0.3, 0.17]\nentropy = \"shannon\"\nchi = 1\n") + S) ==
          "model.prior: must sum to 1 (sum = 0.97)");
    CHECK(error_of(model("states = 3\nprior = [0.5, 0.5]\nentropy = \"shannon\"\nchi = 1\n") + S) ==
          "model.prior: must have `states` = 3 entries (got 2)");
    CHECK(error_of(model("states = 2\nprior = [1.5, -0.5]\nentropy = \"shannon\"\nchi = 1\n") + S)
              .starts_with("model.prior: entry 2 must be > 0"));
    CHECK(error_of(model("states = 2.0\nprior = [0.5, 0.5]\nentropy = \"shannon\"\nchi = 1\n") + S) ==
          "model.states: must be an integer (got float)");
    CHECK(error_of(model("states = 1\nprior = [1.0]\nentropy = \"shannon\"\nchi = 1\n") + S)
              .starts_with("model.states: must be in [2, "));
    CHECK(error_of(model("states = 2\nprior = [0.5, 0.5]\nentropy = \"renyi\"\nchi = 1\n") + S)
              .starts_with("model.entropy: unknown entropy \"renyi\""));
    CHECK(error_of(model("states = 2\nprior = [0.5, 0.5]\nentropy = \"tsallis\"\nchi = 1\n") + S)
              .starts_with("model.q: required"));
    CHECK(error_of(model("states = 2\nprior = [0.5, 0.5]\nentropy = \"tsallis\"\nq = 0.5\nchi = 1\n") + S)
              .starts_with("model.q: must be > 1"));
    CHECK(error_of(model("states = 2\nprior = [0.5, 0.5]\nentropy = \"tsallis\"\nalpha = 2\nq = 2\nchi = 1\n") + S)
              .starts_with("model.alpha: not a parameter of entropy \"tsallis\""));
    CHECK(error_of(model(ok_model + "chi = 1\nq = 2\n") + S).starts_with("model.q: entropy \"quadratic\" takes no"));
    CHECK(error_of(model(ok_model + "chi = 1\nchii = 2\n") + S).starts_with("model.chii: unknown key"));
    CHECK(error_of(model(ok_model + "chi = 1\nprocess = 3\n") + S) == "model.process: must be a string (got integer)");
}

TEST_CASE("io.config: simulation and estimator fields are checked", "[unit][bad-input]") {
    const auto with_simulation = [](const std::string& body) { return MODEL + "[simulation]\n" + body; };
    CHECK(error_of(with_simulation("paths = 0\nseed = 1\n")) == "simulation.paths: must be >= 1 (got 0)");
    CHECK(error_of(with_simulation("paths = 10\nseed = -1\n")) == "simulation.seed: must be >= 0 (got -1)");
    CHECK(error_of(with_simulation("paths = 10\n")) == "simulation.seed: is required");
    CHECK(error_of(with_simulation("paths = 10\nseed = 1\nthreads = -2\n")).starts_with("simulation.threads: "));
    CHECK(error_of(with_simulation("paths = 10\nseed = 1\nblock_size = 0\n")).starts_with("simulation.block_size: "));
    CHECK(error_of(with_simulation("paths = 1e6\nseed = 1\n")) == "simulation.paths: must be an integer (got float)");

    const auto with_estimators = [](const std::string& body) { return MODEL + SIMULATION + "[estimators]\n" + body; };
    CHECK(error_of(with_estimators("laplace_r = [1, -1]\n")) == "estimators.laplace_r: every r must be >= 0 (got -1)");
    CHECK(error_of(with_estimators("laplace_r = 1\n")) ==
          "estimators.laplace_r: must be an array of numbers (got integer)");
    CHECK(error_of(with_estimators("laplace_r = [\"a\"]\n")) == "estimators.laplace_r: must be a number (got string)");
    CHECK(error_of(with_estimators("histogram_bins = 0\n")).starts_with("estimators.histogram_bins: must be in [1, "));
    CHECK(error_of(MODEL + "[simulation]\npaths = 10\nseed = 1\n[audit]\nintervals = 1_000_000\n") ==
          "audit.intervals: must be in [1, 10000] (got 1000000)");
    // ≤ 0 asks for the grid from the exact law, as the README states (the same as leaving it out).
    CHECK(error_of(with_estimators("histogram_max = 0\n")).empty());
    CHECK(error_of(with_estimators("histogram_max = nan\n")) == "estimators.histogram_max: must be finite (got nan)");
    CHECK(error_of(with_estimators("ecdf_points = 1\n")).starts_with("estimators.ecdf_points: must be in [2, "));
    CHECK(error_of(with_estimators("ecdf_max = -1\n")).empty());
    // Maxima whose grids would overflow to inf (1e308 wrote inf grids with exit 0).
    CHECK(error_of(with_estimators("histogram_max = 1e308\n")) ==
          "estimators.histogram_max: must be <= 1e+100 (got 1e+308)");
    CHECK(error_of(with_estimators("ecdf_max = 1e308\n")).starts_with("estimators.ecdf_max: must be <= "));
    CHECK(error_of(with_estimators("raw_samples = 10_000_001\n")) ==
          "estimators.raw_samples: must be in [0, 10000000] (got 10000001)");
    CHECK(error_of(with_estimators("exact_points = 1\n")).starts_with("estimators.exact_points: "));
    CHECK(error_of(with_estimators("ecdf_maxx = 3\n")).starts_with("estimators.ecdf_maxx: unknown key"));
}

TEST_CASE("io.config: tables and syntax are checked", "[unit][bad-input]") {
    CHECK(error_of(MODEL) == "simulation: table [simulation] is required");
    CHECK(error_of(SIMULATION) == "model: table [model] is required");
    CHECK(error_of(MODEL + SIMULATION + "[sweep]\n\"model.chi\" = [0.1]\n") ==
          "sweep: table [sweep] is not supported by `simulate`");
    CHECK(error_of(MODEL + SIMULATION + "[modle]\n").starts_with("modle: unknown table"));
    CHECK(error_of("seed = 3\n" + MODEL + SIMULATION).starts_with("seed: unknown key"));
    CHECK(error_of("model = 3\n" + SIMULATION) == "model: must be a table (got integer)");
    const std::string syntax = error_of(MODEL + "chi = = 2\n");
    CHECK(syntax.starts_with("config: TOML syntax error at line 6"));
}

TEST_CASE("io.config: command-line overrides replace the file's values and obey the same rules", "[unit]") {
    auto spec = io::parse_simulation_config(MODEL + SIMULATION);
    io::apply_overrides(spec, {.seed = 7, .threads = 2, .paths = 99});
    CHECK(spec.plan.seed == 7);
    CHECK(spec.plan.threads == 2);
    CHECK(spec.plan.paths == 99);
    io::apply_overrides(spec, {});
    CHECK(spec.plan.paths == 99);
    CHECK_THROWS_WITH(io::apply_overrides(spec, {.seed = std::nullopt, .threads = std::nullopt, .paths = 0}),
                      "--paths: must be >= 1 (got 0)");
    // --seed takes the whole unsigned 64-bit range (a TOML seed stops at 2^63 - 1).
    io::apply_overrides(spec, {.seed = std::numeric_limits<std::uint64_t>::max(), .threads = {}, .paths = {}});
    CHECK(spec.plan.seed == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("io.config: an unreadable config file is a config error", "[unit][bad-input]") {
    const auto missing = std::filesystem::temp_directory_path() / "beliefsim-no-such-dir" / "x.toml";
    CHECK_THROWS_WITH(io::read_config_file(missing),
                      "config: cannot read file '" + missing.string() + "': No such file or directory");
    CHECK_THROWS_WITH(io::read_config_file(std::filesystem::temp_directory_path()),
                      Catch::Matchers::EndsWith("is a directory"));
}
