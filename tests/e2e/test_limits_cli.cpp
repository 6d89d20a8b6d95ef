// End to end: inputs at the edge of what doubles can carry (issue 16, items 9 and 11). Each is either
// rejected with exit 2 and one line naming the field and its rule (no source path, no internal
// text, no output), or runs with exit 0 and no NaN or inf in any dataset.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace fs = std::filesystem;

using beliefsim::test::run_cli;
using beliefsim::test::TempDir;
using beliefsim::test::write_text;
using Run = beliefsim::test::CliRun;

namespace {

std::string model(const std::string& prior, const std::string& entropy, const std::string& chi,
                  const std::string& process = "greedy") {
    return "[model]\nstates = " + std::to_string(std::count(prior.begin(), prior.end(), ',') + 1) +
           "\nprior = " + prior + "\nentropy = " + entropy + "\nchi = " + chi + "\nprocess = \"" + process +
           "\"\n[simulation]\npaths = 1000\nseed = 1\n";
}

struct Rejected {
    std::string name, command, config, field;
};

/// Exit 2, one `error: FIELD: ...` line without a source path, no output file.
void check_rejected(const TempDir& dir, const Rejected& c) {
    const fs::path config = write_text(dir, "case.toml", c.config);
    const fs::path out = dir.path / "out.h5";
    const Run run = run_cli(dir, c.command + " '" + config.string() + "' -o '" + out.string() + "' --quiet");
    INFO(c.name << "\n" << run.err);
    CHECK(run.status == 2);
    CHECK(run.err.starts_with("error: " + c.field + ": "));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(run.err.find(".cpp") == std::string::npos);
    CHECK_FALSE(fs::exists(out));
}

} // namespace

TEST_CASE("e2e.limits: inputs no double can carry are rejected naming the field", "[e2e][bad-input][limits]") {
    TempDir dir;
    const std::string shannon = "\"shannon\"", quadratic = "\"quadratic\"";
    const std::vector<Rejected> cases = {
        {"chi = 5e-324 (every rate 0)", "simulate", model("[0.3, 0.7]", shannon, "5e-324"), "model.chi"},
        {"chi = 1.7e308 (every rate inf)", "simulate", model("[0.3, 0.7]", shannon, "1.7e308"), "model.chi"},
        {"quadratic greedy prior 1e-300 (rate chi/D with D = 1e-600)", "simulate", model("[1e-300, 1]", quadratic, "1"),
         "model.prior"},
        {"quadratic greedy, 3 states: Assumption 1 fails on the path", "simulate",
         model("[1e-13, 0.5, 0.5]", quadratic, "1"), "model.prior"},
        {"binary diffusion prior 1e-12 (was: Brownian table inversion failed)", "simulate",
         model("[1e-12, 1]", quadratic, "1", "diffusion"), "model.prior"},
        {"binary Shannon diffusion prior 1e-12 (was: Feynman-Kac ODE > 1e6 steps after 17 s)", "simulate",
         model("[1, 1e-12]", shannon, "1", "diffusion"), "model.prior"},
    };
    for (const auto& c : cases) check_rejected(dir, c);
}

TEST_CASE("e2e.limits: menu, bbs and ttc values that overflowed to inf with exit 0", "[e2e][bad-input][limits]") {
    TempDir dir;
    const std::string menu = "[model]\nstates = 3\nprior = [0.5, 0.3, 0.2]\nentropy = \"shannon\"\nchi = 0.3\n"
                             "[simulation]\npaths = 1000\nseed = 7\n[types]\ndistribution = \"uniform\"\nlow = 0.5\n"
                             "high = 2.5\n[valuation]\nform = \"exponential\"\nslope = ";
    const std::string bbs = "[technology]\nalpha = 0.25\nbeta = 0.25\ngamma = 0.25\nb = 1.0\nc_y = 0.125\n"
                            "c_z = 0.125\nc_x = ";
    const std::string ttc = "[data]\nsynthetic = true\n[market]\n";
    const std::vector<Rejected> cases = {
        {"valuation.slope = 1e308 (q = inf)", "menu", menu + "1e308\n", "valuation.slope"},
        {"technology.c_x = 1e-300 (inf tokens)", "bbs", bbs + "1e-300\n", "technology.c_x"},
        {"technology.c_x = 1e308 (inf tokens)", "bbs", bbs + "1e308\n", "technology.c_x"},
        {"market.alpha = 1e308 (NaN shares)", "ttc", ttc + "alpha = 1e308\n", "market.alpha"},
        {"market.margin = 0 (potential -inf)", "ttc", ttc + "margin = 0\n", "market.margin"},
        {"technology.alpha = 5e-324 (c/alpha = inf)", "bbs",
         "[technology]\nalpha = 5e-324\nbeta = 0.25\ngamma = 0.25\nb = 1\nc_x = 0.125\nc_y = 0.125\nc_z = 0.125\n",
         "technology.alpha"},
        {"types.high = 1e308 (was: exit 1, type inf outside the support)", "menu",
         "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n[simulation]\npaths = 1000\n"
         "seed = 1\n[types]\ndistribution = \"uniform\"\nlow = 1\nhigh = 1e308\n",
         "types.high"},
        {"chi = 1e-12 in a menu (was: exit 1, the Laplace transform must be > 0)", "menu",
         "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 1e-12\n[simulation]\npaths = 1000\n"
         "seed = 1\n[types]\ndistribution = \"uniform\"\nlow = 1\nhigh = 2\n",
         "model.chi"},
        {"token_cap = 5e-324 (was: exit 1, audit grid step 0)", "simulate",
         model("[0.5, 0.5]", "\"quadratic\"", "0.125") + "token_cap = 5e-324\n", "simulation.token_cap"},
    };
    for (const auto& c : cases) check_rejected(dir, c);
}

TEST_CASE("e2e.limits: an empty output path is bad input, before anything runs", "[e2e][bad-input][limits]") {
    TempDir dir;
    const fs::path config = write_text(dir, "ok.toml", model("[0.5, 0.5]", "\"quadratic\"", "0.125"));
    for (const char* command : {"simulate", "menu", "bbs", "ttc", "convergence"}) {
        const Run run = run_cli(dir, std::string(command) + " '" + config.string() + "' -o '' --quiet");
        INFO(command << ": " << run.err);
        CHECK(run.status == 2);
        CHECK(run.err.find("error: --output: must name a file") != std::string::npos);
    }
}
