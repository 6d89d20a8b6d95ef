// End to end: `beliefsim sweep` (sweep/run.hpp): the 12-point sweep's /summary, identical datasets
// for 1 and 2 threads, SIGKILL mid-run then --resume identical to an uninterrupted run, SIGINT, refusal of
// misplaced or damaged points, the README's shard recipe, resume after a comment and after a
// widened grid, the overwrite policy, bbs and ttc sweeps, ranges, common random numbers, and
// progress shown on a terminal only.

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <csignal>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "cli_support.hpp"

namespace fs = std::filesystem;
namespace io = beliefsim::io;

using beliefsim::test::run_cli;
using beliefsim::test::TempDir;
using beliefsim::test::write_text;

namespace {

const std::string SWEEP = std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/sweep/chi_prior.toml";

/// Every numeric dataset under /points and /summary, by path.
std::map<std::string, std::vector<double>> numeric_datasets(const fs::path& file) {
    const io::File f = io::File::open_read(file);
    std::map<std::string, std::vector<double>> out;
    for (const auto& name : io::list_datasets(f)) {
        if (name == "/summary/model.prior" || name.ends_with("/provenance/config") || name.ends_with("/provenance") ||
            name.ends_with("/provider") || name.ends_with("/mechanism") || name.ends_with("/sweep/table"))
            continue; // strings
        if (name.starts_with("/points/") || name.starts_with("/summary/"))
            out[name] = io::read_doubles(io::open_dataset(f, name));
    }
    return out;
}

/// Every dataset as text (numbers and strings), by path: "equal (every dataset)".
std::map<std::string, std::string> every_dataset(const fs::path& file) {
    const io::File f = io::File::open_read(file);
    std::map<std::string, std::string> out;
    for (const auto& name : io::list_datasets(f)) {
        const io::Dataset d = io::open_dataset(f, name);
        try {
            std::string text;
            for (const double x : io::read_doubles(d)) {
                char exact[32];
                std::snprintf(exact, sizeof exact, "%.17g,", x); // every bit; NaN equals NaN here
                text += exact;
            }
            out[name] = text;
        } catch (const beliefsim::Error&) {
            std::string text;
            for (const auto& s : io::read_strings(d)) text += s + "\n";
            out[name] = text;
        }
    }
    return out;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::size_t committed(const fs::path& out) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(out.string() + ".points"), ec))
        n += e.path().extension() == ".h5" ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("e2e.sweep: 12 points, summary values, identical for 1 and 2 threads", "[e2e][repro]") {
    TempDir dir;
    const fs::path one = dir.path / "one.h5", two = dir.path / "two.h5";
    const auto run = run_cli(dir, "sweep '" + SWEEP + "' -o '" + one.string() + "' --threads 1");
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Matchers::Contains("12 computed, 0 reused"));
    CHECK(run.err.empty()); // no progress bar in a pipe
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o '" + two.string() + "' --threads 2 --quiet").status == 0);
    CHECK(numeric_datasets(one) == numeric_datasets(two));

    const io::File f = io::File::open_read(one);
    const auto column = [&](const std::string& name) {
        return io::read_doubles(io::open_dataset(f, "/summary/" + name));
    };
    const auto chi = column("model.chi"), mean = column("stopping_time.mean"), se = column("stopping_time.mean_stderr"),
               exact = column("exact.mean");
    REQUIRE(chi.size() == 12);
    const std::vector<double> p = {0.5, 0.6, 0.7, 0.9};
    for (std::size_t i = 0; i < 12; ++i) {
        CAPTURE(i);
        CHECK(chi[i] == std::vector<double>{0.1, 0.2, 0.4}[i / 4]);
        // Quadratic entropy, two states: E[τ] = p(1 − p)/χ (the greedy model's exact law).
        CHECK(exact[i] == Approx(p[i % 4] * (1 - p[i % 4]) / chi[i]).epsilon(1e-9));
        CHECK(std::abs(mean[i] - exact[i]) < 4 * se[i]);
    }
}

TEST_CASE("e2e.sweep: SIGKILL mid-run, then --resume: identical to an uninterrupted run", "[e2e][fault]") {
    TempDir dir;
    // Enough paths per point that the sweep is still running when it is killed.
    std::string text = beliefsim::test::slurp(SWEEP);
    text.replace(text.find("paths = 20_000"), 14, "paths = 400_000");
    const fs::path config = write_text(dir, "slow.toml", text);
    const fs::path clean = dir.path / "clean.h5", killed = dir.path / "killed.h5";
    REQUIRE(run_cli(dir, "sweep '" + config.string() + "' -o '" + clean.string() + "' --quiet").status == 0);

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        execl(BELIEFSIM_EXE, BELIEFSIM_EXE, "sweep", config.c_str(), "-o", killed.c_str(), "--quiet", "--threads", "1",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (committed(killed) < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    const std::size_t before = committed(killed);
    CAPTURE(before);
    REQUIRE(before >= 3);
    REQUIRE(before < 12); // killed mid-run
    CHECK_FALSE(fs::exists(killed));

    const auto refused = run_cli(dir, "sweep '" + config.string() + "' -o '" + killed.string() + "'");
    CHECK(refused.status == 2);
    CHECK_THAT(refused.err, Catch::Matchers::StartsWith("error: --force:") && Catch::Matchers::Contains("--resume"));

    const auto resumed = run_cli(dir, "sweep '" + config.string() + "' -o '" + killed.string() + "' --resume");
    INFO(resumed.err);
    REQUIRE(resumed.status == 0);
    CHECK_THAT(resumed.out, Catch::Matchers::Contains(std::to_string(12 - before) + " computed, " +
                                                      std::to_string(before) + " reused"));
    CHECK(numeric_datasets(killed) == numeric_datasets(clean));
}

TEST_CASE("e2e.sweep: SIGINT stops at once keeping the finished points, --resume finishes", "[e2e][fault]") {
    TempDir dir;
    std::string text = beliefsim::test::slurp(SWEEP);
    text.replace(text.find("paths = 20_000"), 14, "paths = 400_000");
    const fs::path config = write_text(dir, "slow.toml", text);
    const fs::path out = dir.path / "int.h5";
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        execl(BELIEFSIM_EXE, BELIEFSIM_EXE, "sweep", config.c_str(), "-o", out.c_str(), "--quiet", "--threads", "1",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (committed(out) < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kill(child, SIGINT);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    const std::size_t done = committed(out);
    CAPTURE(done);
    if (done < 12) { // stopped early: exit 130, nothing assembled, the point being computed dropped
        CHECK(WEXITSTATUS(status) == 130);
        CHECK_FALSE(fs::exists(out));
    }
    for (const auto& e : fs::directory_iterator(fs::path(out.string() + ".points")))
        CHECK(e.path().extension() == ".h5"); // no temporary or staged file left
    const auto resumed = run_cli(dir, "sweep '" + config.string() + "' -o '" + out.string() + "' --resume");
    REQUIRE(resumed.status == 0);
    CHECK_THAT(resumed.out, Catch::Matchers::Contains(std::to_string(done) + " reused"));
    CHECK(fs::exists(out));
}

TEST_CASE("e2e.sweep: --resume refuses a misplaced or damaged point file", "[e2e][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "s.h5";
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --quiet").status == 0);
    const io::Grid grid = io::make_grid(beliefsim::test::slurp(SWEEP));
    const auto file = [&](std::size_t i) {
        char name[32];
        std::snprintf(name, sizeof name, "%016llx.h5", static_cast<unsigned long long>(grid.points[i].fingerprint));
        return dir.path / "s.h5.points" / name;
    };
    REQUIRE(fs::exists(file(4)));
    fs::copy_file(file(5), file(4), fs::copy_options::overwrite_existing); // point 5's results under 4's name
    const auto misplaced = run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --resume");
    CHECK(misplaced.status == 2);
    CHECK_THAT(misplaced.err, Catch::Matchers::Contains("does not hold grid point 4"));

    std::ofstream(file(4), std::ios::trunc) << "not an HDF5 file";
    const auto damaged = run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --resume");
    CHECK(damaged.status == 2);
    CHECK_THAT(damaged.err, Catch::Matchers::Contains(file(4).filename().string() + "' is damaged"));
    const auto assembled = run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --assemble");
    CHECK(assembled.status == 2); // assembling checks every point file too
    const auto forced = run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --force");
    CHECK(forced.status == 0);
    CHECK_THAT(forced.out, Catch::Matchers::Contains("12 computed, 0 reused"));
    const auto shard = run_cli(dir, "sweep '" + SWEEP + "' -o '" + (dir.path / "x.h5").string() + "' --shard 2/2");
    CHECK(shard.status == 2);
    CHECK_THAT(shard.err, Catch::Matchers::StartsWith("error: --shard: must be i/N"));
}

TEST_CASE("e2e.sweep: the README's shard recipe (4 concurrent shards, then --assemble) equals the plain run",
          "[e2e][repro]") {
    TempDir dir;
    const fs::path config = write_text(dir, "s.toml", beliefsim::test::slurp(SWEEP));
    REQUIRE(run_cli(dir, "sweep " + quoted(config) + " -o " + quoted(dir.path / "whole.h5") + " --quiet").status == 0);
    const std::string exe = quoted(BELIEFSIM_EXE);
    // As the README writes it, in the config's directory, with a shell's background jobs.
    const std::string recipe = "cd " + quoted(dir.path) + " && bash -c 'for i in 0 1 2 3; do " + exe +
                               " sweep s.toml -o out.h5 --shard $i/4 & done; wait' >shards.txt 2>&1 && " + exe +
                               " sweep s.toml -o out.h5 --assemble >assemble.txt 2>&1";
    REQUIRE(std::system(recipe.c_str()) == 0);
    const std::string shards = beliefsim::test::slurp(dir.path / "shards.txt");
    INFO(shards);
    CHECK(shards.find("error") == std::string::npos);
    std::size_t computed = 0;
    for (std::size_t at = shards.find("3 computed"); at != std::string::npos; at = shards.find("3 computed", at + 1))
        ++computed;
    CHECK(computed == 4); // every shard computed its own 3 points
    CHECK_THAT(beliefsim::test::slurp(dir.path / "assemble.txt"), Catch::Matchers::Contains("wrote out.h5"));
    CHECK(every_dataset(dir.path / "out.h5") == every_dataset(dir.path / "whole.h5"));
    CHECK(numeric_datasets(dir.path / "out.h5") == numeric_datasets(dir.path / "whole.h5"));
    // The other final step the README names: --resume finds every point and assembles the same file.
    const auto resumed = run_cli(dir, "sweep " + quoted(config) + " -o " + quoted(dir.path / "out.h5") + " --resume");
    CHECK_THAT(resumed.out, Catch::Matchers::Contains("0 computed, 12 reused"));
    CHECK(every_dataset(dir.path / "out.h5") == every_dataset(dir.path / "whole.h5"));
}

TEST_CASE("e2e.sweep: --assemble before every shard finished names what is missing", "[e2e][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "s.h5";
    const auto first = run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --shard 0/2");
    REQUIRE(first.status == 0);
    CHECK_THAT(first.out, Catch::Matchers::Contains("6 computed") && Catch::Matchers::Contains("6 points pending"));
    CHECK_FALSE(fs::exists(out));
    const auto early = run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --assemble");
    CHECK(early.status == 2);
    CHECK_THAT(early.err, Catch::Matchers::StartsWith("error: --assemble: 6 of the 12 points are not finished"));
    // Rerunning a finished shard without --resume is refused; another shard is not.
    CHECK(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --shard 0/2").status == 2);
    const auto second = run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --shard 1/2");
    REQUIRE(second.status == 0);
    CHECK_THAT(second.out, Catch::Matchers::Contains("every point is done"));
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --assemble").status == 0);
    CHECK(fs::exists(out));
}

TEST_CASE("e2e.sweep: --resume after a comment and after a widened grid reuses every finished point", "[e2e][repro]") {
    TempDir dir;
    const std::string text = beliefsim::test::slurp(SWEEP);
    const fs::path out = dir.path / "s.h5";
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --quiet").status == 0);

    // A comment and another key order: the same points.
    std::string edited = "# a comment that changes the file's bytes\n" + text;
    edited.replace(edited.find("paths = 20_000\nseed = 1"), 23, "seed = 1 # the base seed\npaths = 20000");
    const fs::path commented = write_text(dir, "commented.toml", edited);
    const auto again = run_cli(dir, "sweep " + quoted(commented) + " -o " + quoted(out) + " --resume");
    INFO(again.err);
    REQUIRE(again.status == 0);
    CHECK_THAT(again.out, Catch::Matchers::Contains("12 points: 0 computed, 12 reused"));

    // χ from 3 to 4 values (a new one in the middle): only the 4 new points are computed.
    std::string wide = text;
    wide.replace(wide.find("[0.1, 0.2, 0.4]"), 15, "[0.1, 0.2, 0.3, 0.4]");
    const fs::path widened = write_text(dir, "wide.toml", wide);
    const auto extended = run_cli(dir, "sweep " + quoted(widened) + " -o " + quoted(out) + " --resume");
    INFO(extended.err);
    REQUIRE(extended.status == 0);
    CHECK_THAT(extended.out, Catch::Matchers::Contains("16 points: 4 computed, 12 reused"));
    const fs::path fresh = dir.path / "fresh.h5";
    REQUIRE(run_cli(dir, "sweep " + quoted(widened) + " -o " + quoted(fresh) + " --quiet").status == 0);
    CHECK(numeric_datasets(out) == numeric_datasets(fresh));
    CHECK(every_dataset(out) == every_dataset(fresh));
}

TEST_CASE("e2e.sweep: an existing output is never replaced silently", "[e2e][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "s.h5";
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --quiet").status == 0);
    const auto before = fs::last_write_time(out);
    const auto refused = run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out));
    CHECK(refused.status == 2);
    CHECK_THAT(refused.err,
               Catch::Matchers::Contains("'" + out.string() + "' exists") && Catch::Matchers::Contains("--force"));
    CHECK(fs::last_write_time(out) == before);
    const auto rerun = run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --resume");
    CHECK(rerun.status == 0);
    CHECK_THAT(rerun.out, Catch::Matchers::Contains("0 computed, 12 reused"));
    // Another kind of file under the name: only --force replaces it.
    const fs::path other = write_text(dir, "other.h5", "not a sweep");
    const auto foreign = run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(other) + " --resume");
    CHECK(foreign.status == 2);
    CHECK_THAT(foreign.err, Catch::Matchers::Contains("is not a sweep: --force replaces it"));
    CHECK(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(other) + " --force --quiet").status == 0);
    CHECK(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(out) + " --force --resume").status == 2); // exclusive

    // A rejected sweep leaves no points directory behind that would block the corrected rerun.
    std::string text = beliefsim::test::slurp(SWEEP);
    text.replace(text.find("[0.1, 0.2, 0.4]"), 15, "[0.1, -0.2, 0.4]");
    const fs::path bad = write_text(dir, "bad.toml", text);
    const fs::path fresh = dir.path / "fresh.h5";
    const auto rejected = run_cli(dir, "sweep " + quoted(bad) + " -o " + quoted(fresh));
    CHECK(rejected.status == 2);
    CHECK_THAT(rejected.err, Catch::Matchers::StartsWith("error: model.chi:"));
    CHECK_FALSE(fs::exists(dir.path / "fresh.h5.points"));
    // The same for a run that fails in its first point (a diffusion path outliving max_time).
    std::string diffusion = beliefsim::test::slurp(SWEEP);
    diffusion.replace(diffusion.find("chi = 0.125"), 11, "chi = 0.125\nprocess = \"diffusion\"");
    diffusion.replace(diffusion.find("seed = 1"), 8, "seed = 1\nmax_time = 0.01");
    const fs::path failing = write_text(dir, "failing.toml", diffusion);
    const auto failed = run_cli(dir, "sweep " + quoted(failing) + " -o " + quoted(fresh));
    CHECK(failed.status != 0);
    CHECK_THAT(failed.err, Catch::Matchers::Contains("max_time"));
    CHECK_FALSE(fs::exists(dir.path / "fresh.h5.points"));
    CHECK(run_cli(dir, "sweep '" + SWEEP + "' -o " + quoted(fresh) + " --quiet").status == 0);
}

TEST_CASE("e2e.sweep: bbs and ttc configs sweep with ranges; their headline numbers in /summary", "[e2e]") {
    TempDir dir;
    const fs::path bbs = write_text(dir, "bbs.toml", R"([technology]
alpha = 0.25
beta = 0.25
gamma = 0.25
[types]
w = { distribution = "uniform", low = 0.0, high = 1.0 }
s = { distribution = "uniform", low = 0.0, high = 1.0 }
[menus]
points = 21
scale_points = 5
figure_points = 11
[monte_carlo]
samples = 2000
seed = 3
[sweep]
"technology.c_x" = {start = 0.1, stop = 0.2, num = 3}
)");
    const auto b = run_cli(dir, "sweep " + quoted(bbs) + " -o " + quoted(dir.path / "bbs.h5"));
    INFO(b.err);
    REQUIRE(b.status == 0);
    CHECK_THAT(b.out, Catch::Matchers::Contains("3 points: 3 computed"));
    {
        const io::File f = io::File::open_read(dir.path / "bbs.h5");
        const auto column = [&](const std::string& name) {
            return io::read_doubles(io::open_dataset(f, "/summary/" + name));
        };
        CHECK(column("technology.c_x") == std::vector<double>{0.1, 0.15, 0.2});
        const auto revenue = column("bbs.allocations.revenue"), profit = column("bbs.packages.profit");
        REQUIRE(revenue.size() == 3);
        CHECK(revenue[0] > revenue[1]); // dearer tokens, less revenue
        CHECK(revenue[1] > revenue[2]);
        CHECK(profit[2] > 0);
        CHECK(io::exists(f, "/points/000002/bbs/allocations"));
        CHECK(column("seed")[0] != 3); // each point its own monte_carlo.seed
    }

    std::string ttc = beliefsim::test::slurp(std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/ttc/default.toml");
    const std::string data = std::string(BELIEFSIM_SOURCE_DIR) + "/data/ttc/";
    for (const char* name : {"samples.csv", "prices.csv"})
        ttc.replace(ttc.find(std::string("../../data/ttc/") + name), 15 + std::string(name).size(), data + name);
    ttc.replace(ttc.find("replicates = 50"), 15, "replicates = 5");
    ttc += "\n[sweep]\n\"market.beta\" = {start = 10, stop = 1000, num = 3, log = true}\n";
    const fs::path ttc_config = write_text(dir, "ttc.toml", ttc);
    const auto t = run_cli(dir, "sweep " + quoted(ttc_config) + " -o " + quoted(dir.path / "ttc.h5"));
    INFO(t.err);
    REQUIRE(t.status == 0);
    const io::File f = io::File::open_read(dir.path / "ttc.h5");
    const auto beta = io::open_dataset(f, "/summary/market.beta");
    CHECK(io::read_doubles(beta) == std::vector<double>{10, 100, 1000}); // integers: whole start, stop, values
    const auto poa = io::read_doubles(io::open_dataset(f, "/summary/ttc.equilibrium.poa"));
    REQUIRE(poa.size() == 3);
    for (const double x : poa) CHECK(x >= 1);
    CHECK(io::read_doubles(io::open_dataset(f, "/summary/ttc.auction.welfare")).size() == 3);
}

TEST_CASE("e2e.sweep: common random numbers lower the variance of a revenue difference", "[e2e][stat]") {
    // Two neighbouring χ, 12 base seeds (swept), the menu priced from the Monte Carlo law: the
    // difference of revenue between the two χ, with and without common random numbers.
    TempDir dir;
    const auto variance_of_difference = [&](bool crn) {
        const std::string name = crn ? "crn" : "independent";
        const fs::path config = write_text(dir, name + ".toml", R"([model]
states = 2
prior = [0.5, 0.5]
entropy = "quadratic"
chi = 0.125
process = "greedy"
[simulation]
paths = 2000
seed = 1
[types]
distribution = "uniform"
low = 1.0
high = 2.0
[menu]
law = "monte-carlo"
points = 41
audit_points = 41
tiers = 1
[sweep]
common_random_numbers = )" + std::string(crn ? "true" : "false") + R"(
"simulation.seed" = {start = 1, stop = 12, num = 12}
"model.chi" = [0.125, 0.135]
)");
        const fs::path out = dir.path / (name + ".h5");
        const auto run = run_cli(dir, "sweep " + quoted(config) + " -o " + quoted(out) + " --quiet");
        INFO(run.err);
        REQUIRE(run.status == 0);
        const io::File f = io::File::open_read(out);
        const auto revenue = io::read_doubles(io::open_dataset(f, "/summary/menu.revenue"));
        const auto chi = io::read_doubles(io::open_dataset(f, "/summary/model.chi"));
        const auto seed = io::read_doubles(io::open_dataset(f, "/summary/seed"));
        REQUIRE(revenue.size() == 24);
        // Keys by name: model.chi, then simulation.seed (fastest): rows i and 12 + i share a base seed.
        std::vector<double> d;
        for (std::size_t i = 0; i < 12; ++i) {
            REQUIRE(chi[i] == 0.125);
            REQUIRE(chi[12 + i] == 0.135);
            CHECK((seed[i] == seed[12 + i]) == crn);
            d.push_back(revenue[12 + i] - revenue[i]);
        }
        double mean = 0, var = 0;
        for (const double x : d) mean += x / 12;
        for (const double x : d) var += (x - mean) * (x - mean) / 11;
        return var;
    };
    const double independent = variance_of_difference(false), common = variance_of_difference(true);
    CAPTURE(independent, common);
    CHECK(common < independent / 20); // measured: about 800 times lower
}

TEST_CASE("e2e.sweep: the progress bar shows on a terminal", "[e2e]") {
    TempDir dir;
    const fs::path out = dir.path / "p.h5";
    // `script` gives the command a pseudo-terminal and copies what it printed to a file.
    const fs::path log = dir.path / "tty.txt";
    const std::string command = "script -qec \"'" + std::string(BELIEFSIM_EXE) + "' sweep '" + SWEEP + "' -o '" +
                                out.string() + "'\" '" + log.string() + "' >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    // The bar counts the paths of the computed points (12 x 20,000), inside each point too.
    CHECK_THAT(beliefsim::test::slurp(log),
               Catch::Matchers::Contains("240000/240000 paths") && Catch::Matchers::Contains("paths/s"));
}

TEST_CASE("e2e.sweep: --progress log writes lines a batch log keeps, and reused points are not work", "[e2e]") {
    TempDir dir;
    const fs::path out = dir.path / "log.h5";
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --shard 0/2 --quiet").status == 0);
    const auto run = run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --resume --progress log");
    INFO(run.err);
    REQUIRE(run.status == 0);
    // Six points were reused: the work left is the other six (6 x 20,000 paths), one line at the end.
    CHECK_THAT(run.err, Catch::Matchers::Contains("100%  120000/120000 paths"));
    CHECK(run.err.find('\r') == std::string::npos);
}
