// End to end: run the `beliefsim` executable, read its HDF5 back with the project's reader, and
// check every bad-input class of SPEC §4 (exit 2, one line naming the field, no output file).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"
#include "cli_support.hpp"

namespace fs = std::filesystem;
namespace io = beliefsim::io;
namespace st = beliefsim::io::schema::stopping_time;

using beliefsim::test::run_cli;
using beliefsim::test::slurp;
using beliefsim::test::TempDir;
using beliefsim::test::write_text;
using Run = beliefsim::test::CliRun;

namespace {

double scalar(const io::File& f, const char* path) { return io::read_doubles(io::open_dataset(f, path)).at(0); }

const std::string BINARY = "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n"
                           "[simulation]\npaths = 20_000\nseed = 11\n";
const std::string SHANNON3 = "[model]\nstates = 3\nprior = [0.5, 0.3, 0.2]\nentropy = \"shannon\"\nchi = 0.3\n"
                             "[simulation]\npaths = 20_000\nseed = 5\n[estimators]\nlaplace_r = [0.5, 1, 2]\n";

} // namespace

TEST_CASE("e2e.cli: simulate writes a complete, self-describing file", "[e2e]") {
    TempDir dir;
    const fs::path config = write_text(dir, "binary.toml", BINARY);
    const Run run = run_cli(dir, "simulate '" + config.string() + "' -o '" + (dir.path / "out.h5").string() + "'");
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Matchers::Contains("E[tau]") && Catch::Matchers::Contains("paths/s"));
    CHECK(run.err.empty()); // no progress bar when stderr is not a terminal
    CHECK_FALSE(beliefsim::test::has_temporary(dir.path));

    const io::File f = io::File::open_read(dir.path / "out.h5");
    for (const char* attr : {"tool", "version", "git_sha1", "created_utc", "seed", "threads", "paths"})
        CHECK(io::has_attribute(f, attr));
    CHECK(io::attribute_text(f, "tool") == "beliefsim");
    CHECK(io::attribute_text(f, "paths") == "20000");
    CHECK(io::read_string(io::open_dataset(f, io::schema::CONFIG)) == BINARY);
    const auto datasets = io::list_datasets(f);
    CHECK(datasets.size() >= 20);
    for (const auto& name : datasets) {
        INFO(name);
        CHECK_FALSE(io::read_string_attribute(io::open_dataset(f, name), "description").empty());
    }
    // Zhong §3 binary example: f(t) = ½e^{−t/2}, so E[τ] = 2 (k = 4 standard errors).
    const double mean = scalar(f, st::MEAN), se = scalar(f, st::MEAN_STDERR);
    CAPTURE(mean, se);
    CHECK(std::abs(mean - 2.0) <= 4 * se);
    CHECK(io::read_numeric_attribute(io::open_group(f, io::schema::exact::GROUP), "mean").at(0) == Approx(2.0));
}

TEST_CASE("e2e.cli: simulate and inspect the n = 3 Shannon model", "[e2e]") {
    TempDir dir;
    const fs::path config = write_text(dir, "s3.toml", SHANNON3);
    const fs::path out = dir.path / "s3.h5";
    REQUIRE(run_cli(dir, "simulate '" + config.string() + "' -o '" + out.string() + "' --quiet --paths 30000").status ==
            0);
    const io::File f = io::File::open_read(out);
    CHECK(io::attribute_text(f, "paths") == "30000");
    const double mean = scalar(f, st::MEAN), se = scalar(f, st::MEAN_STDERR);
    const double exact = io::read_numeric_attribute(io::open_group(f, io::schema::exact::GROUP), "mean").at(0);
    CAPTURE(mean, se, exact);
    CHECK(std::abs(mean - exact) <= 4 * se);
    // Martingale: terminal frequencies equal the prior.
    const auto freq = io::read_doubles(io::open_dataset(f, st::TERMINAL_FREQ));
    const auto freq_se = io::read_doubles(io::open_dataset(f, st::TERMINAL_FREQ_STDERR));
    const std::vector<double> prior = {0.5, 0.3, 0.2};
    for (std::size_t s = 0; s < 3; ++s) CHECK(std::abs(freq.at(s) - prior[s]) <= 4 * freq_se.at(s));

    const Run inspect = run_cli(dir, "inspect '" + out.string() + "'");
    REQUIRE(inspect.status == 0);
    for (const char* line : {"beliefsim output", "tool = beliefsim", "entropy = shannon", "prior = [0.5, 0.3, 0.2]",
                             "E[tau]", "P(terminal state 2)", "/stopping_time/ecdf/F_by_state", "/provenance/config"})
        CHECK_THAT(inspect.out, Catch::Matchers::Contains(line));
}

TEST_CASE("e2e.cli: same seed, different thread counts: identical datasets", "[e2e][repro]") {
    TempDir dir;
    const fs::path config = write_text(dir, "repro.toml", BINARY + "block_size = 1000\n");
    std::vector<std::vector<double>> runs[2];
    for (int threads : {1, 2}) {
        const std::string n = std::to_string(threads);
        const fs::path out = dir.path / ("t" + n + ".h5");
        REQUIRE(run_cli(dir, "simulate '" + config.string() + "' -o '" + out.string() + "' --quiet --threads " + n)
                    .status == 0);
        const io::File f = io::File::open_read(out);
        for (const auto& name : io::list_datasets(f))
            if (name.starts_with(st::GROUP)) runs[threads - 1].push_back(io::read_doubles(io::open_dataset(f, name)));
    }
    REQUIRE(runs[0].size() == runs[1].size());
    for (std::size_t i = 0; i < runs[0].size(); ++i) CHECK(runs[0][i] == runs[1][i]); // exact equality
}

TEST_CASE("e2e.cli: bad input: exit 2, one line naming the field, no output file", "[e2e][bad-input]") {
    TempDir dir;
    const std::string sim = "[simulation]\npaths = 100\nseed = 1\n";
    const auto model = [](const std::string& prior, const std::string& rest) {
        return "[model]\nstates = 2\nprior = " + prior + "\n" + rest;
    };
    struct Case {
        std::string name, config, field;
    };
    const std::vector<Case> cases = {
        {"negative chi", model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = -0.3\n") + sim, "model.chi"},
        {"prior off the simplex", model("[0.5, 0.45]", "entropy = \"shannon\"\nchi = 1\n") + sim, "model.prior"},
        {"prior of wrong length", model("[0.2, 0.3, 0.5]", "entropy = \"shannon\"\nchi = 1\n") + sim, "model.prior"},
        {"unknown entropy", model("[0.5, 0.5]", "entropy = \"renyi\"\nchi = 1\n") + sim, "model.entropy"},
        {"missing tsallis q", model("[0.5, 0.5]", "entropy = \"tsallis\"\nchi = 1\n") + sim, "model.q"},
        {"unknown key", model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = 1\ncho = 2\n") + sim, "model.cho"},
        {"wrong type", model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = \"x\"\n") + sim, "model.chi"},
        {"unknown process", model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = 1\nprocess = \"x\"\n") + sim,
         "model.process"},
        {"syntax error", "[model\n", "config"},
        {"throughput fraction above 1",
         model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = 1\nprocess = \"diffusion\"\nthroughput_fraction = 1.5\n") +
             sim,
         "model.throughput_fraction"},
        {"unknown scheme",
         model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = 1\nprocess = \"diffusion\"\n") + sim +
             "scheme = \"milstein\"\n",
         "simulation.scheme"},
        {"non-positive token cap", model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = 1\n") + sim + "token_cap = 0\n",
         "simulation.token_cap"},
        {"unknown audit key", model("[0.5, 0.5]", "entropy = \"shannon\"\nchi = 1\n") + sim + "[audit]\npath = 3\n",
         "audit.path"},
    };
    const fs::path out = dir.path / "out.h5";
    for (const auto& c : cases) {
        SECTION(c.name) {
            const fs::path config = write_text(dir, "bad.toml", c.config);
            const Run run = run_cli(dir, "simulate '" + config.string() + "' -o '" + out.string() + "'");
            INFO(run.err);
            CHECK(run.status == 2);
            CHECK(run.err.starts_with("error: " + c.field + ": "));
            CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
            CHECK(run.out.empty());
            CHECK_FALSE(fs::exists(out));
            CHECK_FALSE(beliefsim::test::has_temporary(dir.path));
        }
    }
    SECTION("unreadable config file") {
        const Run run = run_cli(dir, "simulate '" + (dir.path / "nope.toml").string() + "' -o '" + out.string() + "'");
        CHECK(run.status == 2);
        CHECK(run.err.starts_with("error: config: cannot read file"));
        CHECK_FALSE(fs::exists(out));
    }
    SECTION("missing output directory") {
        const fs::path config = write_text(dir, "ok.toml", BINARY);
        const fs::path nowhere = dir.path / "no-such-dir" / "out.h5";
        const Run run = run_cli(dir, "simulate '" + config.string() + "' -o '" + nowhere.string() + "'");
        CHECK(run.status == 2);
        CHECK(run.err.starts_with("error: --output: directory"));
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
        CHECK_FALSE(fs::exists(nowhere.parent_path()));
    }
    SECTION("usage errors") {
        CHECK(run_cli(dir, "simulate").status == 2);
        CHECK(run_cli(dir, "simulate x.toml").status == 2); // -o is required
        CHECK(run_cli(dir, "frobnicate").status == 2);
        CHECK(run_cli(dir, "").status == 2);
        CHECK(run_cli(dir, "--version").status == 0);
    }
    SECTION("inspect refuses what is not a beliefsim output") {
        write_text(dir, "plain.txt", "hello\n");
        for (const char* name : {"plain.txt", "missing.h5"}) {
            const Run run = run_cli(dir, "inspect '" + (dir.path / name).string() + "'");
            CHECK(run.status == 2);
            CHECK(run.err.starts_with("error: " + (dir.path / name).string() + ": "));
        }
    }
}

TEST_CASE("e2e.cli: reproduce all prints every paper number and writes one file per example", "[e2e]") {
    TempDir dir;
    const fs::path out = dir.path / "reproduce";
    const Run run = run_cli(dir, "reproduce all -o '" + out.string() + "'");
    INFO(run.err);
    CHECK(run.status == 0);
    for (const char* line : {"zhong-binary", "revenue pi*", "0.201981", "P(1.5) as printed", "sech(2 sqrt 2)",
                             "zhong-quality", "kappa limit"})
        CHECK(run.out.find(line) != std::string::npos);
    CHECK(run.out.find("DIFFERS") == std::string::npos);
    for (const char* name : {"zhong-binary.h5", "zhong-quality.h5"}) CHECK(fs::exists(out / name));
    const Run inspect = run_cli(dir, "inspect '" + (out / "zhong-binary.h5").string() + "'");
    CHECK(inspect.status == 0);
    CHECK(inspect.out.find("/menu/price") != std::string::npos);

    const Run bad = run_cli(dir, "reproduce zhong-trinary -o '" + (dir.path / "none").string() + "'");
    CHECK(bad.status == 2);
    CHECK(bad.err.starts_with("error: NAME: "));
    CHECK_FALSE(fs::exists(dir.path / "none"));
}
