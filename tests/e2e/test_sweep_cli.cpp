// End to end: `beliefsim sweep` (sweep/run.hpp): the 12-point sweep's /summary, identical datasets
// for 1 and 2 threads, SIGKILL mid-run then --resume identical to an uninterrupted run, refusal of
// foreign or damaged points, and progress shown on a terminal only.

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
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
        if (name == "/summary/model.prior" || name.ends_with("/provenance/config")) continue; // strings
        if (name.starts_with("/points/") || name.starts_with("/summary/"))
            out[name] = io::read_doubles(io::open_dataset(f, name));
    }
    return out;
}

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
    CHECK_THAT(refused.err, Catch::Matchers::StartsWith("error: --resume:"));

    const auto resumed = run_cli(dir, "sweep '" + config.string() + "' -o '" + killed.string() + "' --resume");
    INFO(resumed.err);
    REQUIRE(resumed.status == 0);
    CHECK_THAT(resumed.out, Catch::Matchers::Contains(std::to_string(12 - before) + " computed, " +
                                                      std::to_string(before) + " reused"));
    CHECK(numeric_datasets(killed) == numeric_datasets(clean));
}

TEST_CASE("e2e.sweep: SIGINT stops after the current point, --resume finishes", "[e2e][fault]") {
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
    if (done < 12) { // stopped early: exit 130, nothing assembled, no half-written point
        CHECK(WEXITSTATUS(status) == 130);
        CHECK_FALSE(fs::exists(out));
    }
    for (const auto& e : fs::directory_iterator(fs::path(out.string() + ".points")))
        CHECK(e.path().extension() != ".tmp");
    const auto resumed = run_cli(dir, "sweep '" + config.string() + "' -o '" + out.string() + "' --resume");
    REQUIRE(resumed.status == 0);
    CHECK_THAT(resumed.out, Catch::Matchers::Contains(std::to_string(done) + " reused"));
    CHECK(fs::exists(out));
}

TEST_CASE("e2e.sweep: --resume refuses a foreign sweep and a damaged point", "[e2e][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "s.h5";
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --quiet").status == 0);
    std::string text = beliefsim::test::slurp(SWEEP);
    text.replace(text.find("0.4]"), 4, "0.8]");
    const fs::path other = write_text(dir, "other.toml", text);
    const auto foreign = run_cli(dir, "sweep '" + other.string() + "' -o '" + out.string() + "' --resume");
    CHECK(foreign.status == 2);
    CHECK_THAT(foreign.err, Catch::Matchers::Contains("belongs to another sweep"));

    std::ofstream(dir.path / "s.h5.points" / "000004.h5", std::ios::trunc) << "not an HDF5 file";
    const auto damaged = run_cli(dir, "sweep '" + SWEEP + "' -o '" + out.string() + "' --resume");
    CHECK(damaged.status == 2);
    CHECK_THAT(damaged.err, Catch::Matchers::Contains("000004.h5' is damaged"));
    const auto shard = run_cli(dir, "sweep '" + SWEEP + "' -o '" + (dir.path / "x.h5").string() + "' --shard 2/2");
    CHECK(shard.status == 2);
    CHECK_THAT(shard.err, Catch::Matchers::StartsWith("error: --shard: must be i/N"));
}

TEST_CASE("e2e.sweep: shards then --resume assemble the same file", "[e2e][repro]") {
    TempDir dir;
    const fs::path whole = dir.path / "whole.h5", sharded = dir.path / "sharded.h5";
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o '" + whole.string() + "' --quiet").status == 0);
    const auto first = run_cli(dir, "sweep '" + SWEEP + "' -o '" + sharded.string() + "' --shard 0/2");
    REQUIRE(first.status == 0);
    CHECK_THAT(first.out, Catch::Matchers::Contains("6 computed") && Catch::Matchers::Contains("points pending"));
    CHECK_FALSE(fs::exists(sharded));
    REQUIRE(run_cli(dir, "sweep '" + SWEEP + "' -o '" + sharded.string() + "' --shard 1/2 --resume --quiet").status ==
            0);
    CHECK(numeric_datasets(sharded) == numeric_datasets(whole));
}

TEST_CASE("e2e.sweep: the progress bar shows on a terminal", "[e2e]") {
    TempDir dir;
    const fs::path out = dir.path / "p.h5";
    // `script` gives the command a pseudo-terminal and copies what it printed to a file.
    const fs::path log = dir.path / "tty.txt";
    const std::string command = "script -qec \"'" + std::string(BELIEFSIM_EXE) + "' sweep '" + SWEEP + "' -o '" +
                                out.string() + "'\" '" + log.string() + "' >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    CHECK_THAT(beliefsim::test::slurp(log),
               Catch::Matchers::Contains("12/12 points") && Catch::Matchers::Contains("points/s"));
}
