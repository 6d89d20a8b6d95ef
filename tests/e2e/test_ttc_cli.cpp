// End to end: `beliefsim ttc` on experiments/ttc/default.toml, its HDF5 read back with the project's
// reader and checked against the market's invariants (shares, pure Nash equilibrium, PoA ≥ 1,
// second-price auction), thread-count reproducibility, and bad input (exit 2, no output file).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"
#include "cli_support.hpp"

namespace fs = std::filesystem;
namespace io = beliefsim::io;

using beliefsim::test::run_cli;
using beliefsim::test::slurp;
using beliefsim::test::TempDir;
using Run = beliefsim::test::CliRun;

namespace {

const std::string DEFAULT_TOML = std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/ttc/default.toml";

std::vector<double> data(const io::File& f, const std::string& path) {
    return io::read_doubles(io::open_dataset(f, path));
}
double attr(const io::File& f, const std::string& group, const std::string& name) {
    return io::read_numeric_attribute(io::open_group(f, group), name).at(0);
}

/// Logit utilities share_i (p_i − c_i) of `profile`, from the offers in the file (log-sum-exp with
/// the outside option's 0).
std::vector<double> utilities(const std::vector<double>& v, const std::vector<double>& margin, std::size_t levels,
                              const std::vector<int>& profile, double beta) {
    double top = 0;
    for (std::size_t i = 0; i < profile.size(); ++i) top = std::max(top, beta * v[i * levels + profile[i]]);
    double z = std::exp(-top);
    for (std::size_t i = 0; i < profile.size(); ++i) z += std::exp(beta * v[i * levels + profile[i]] - top);
    std::vector<double> u;
    for (std::size_t i = 0; i < profile.size(); ++i)
        u.push_back(std::exp(beta * v[i * levels + profile[i]] - top) / z * margin[i * levels + profile[i]]);
    return u;
}

} // namespace

TEST_CASE("e2e.ttc: the default market's file satisfies the market's invariants", "[e2e][invariant]") {
    TempDir dir;
    const fs::path out = dir.path / "ttc.h5";
    const Run run = run_cli(dir, "ttc '" + DEFAULT_TOML + "' -o '" + out.string() + "'");
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Matchers::Contains("price of anarchy") && Catch::Matchers::Contains("auction"));
    CHECK_FALSE(beliefsim::test::has_temporary(dir.path));

    const io::File f = io::File::open_read(out);
    CHECK(io::attribute_text(f, "tool") == "beliefsim");
    CHECK(io::has_attribute(f, "seed"));
    CHECK(io::read_string(io::open_dataset(f, io::schema::CONFIG)) == slurp(DEFAULT_TOML));
    // Every axis is labelled (netCDF readers and xarray need a dimension scale per axis; the
    // scale's group is checked by tests/e2e/check_readers.py).
    for (const std::string& path : io::list_datasets(f)) {
        INFO(path);
        const io::Dataset ds = io::open_dataset(f, path);
        CHECK(io::has_attribute(ds, io::schema::DESCRIPTION));
        if (path == io::schema::CONFIG) continue;
        for (unsigned axis = 0; axis < io::shape(ds).size(); ++axis)
            CHECK((io::scale_count(ds, axis) == 1 || io::has_attribute(ds, "CLASS")));
    }

    const std::vector<double> theta = data(f, "/ttc/curves/theta");
    const std::size_t m = theta.size();
    const std::vector<double> share = data(f, "/ttc/equilibrium/share"), level = data(f, "/ttc/equilibrium/level");
    const std::size_t n = share.size();
    CHECK(io::shape(io::open_dataset(f, io::schema::ttc::PROVIDER)) == std::vector<std::size_t>{n});
    CHECK(io::shape(io::open_dataset(f, "/ttc/curves/accuracy")) == std::vector<std::size_t>{n, m});
    const double sum = std::accumulate(share.begin(), share.end(), 0.0);
    CHECK(sum < 1);
    CHECK(sum + attr(f, "/ttc/equilibrium", "outside_share") == Approx(1).epsilon(1e-12));

    // No provider can raise its utility by more than the dynamics' tolerance (1e-8 relative).
    const double beta = attr(f, "/ttc/equilibrium", "beta");
    const std::vector<double> v = data(f, "/ttc/offers/user_value"), q = data(f, "/ttc/offers/quality"),
                              p = data(f, "/ttc/offers/price"), c = data(f, "/ttc/offers/cost");
    std::vector<double> margin(p.size());
    std::transform(p.begin(), p.end(), c.begin(), margin.begin(), std::minus<>());
    std::vector<int> eq(level.begin(), level.end());
    const std::vector<double> u = utilities(v, margin, m, eq, beta);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t l = 0; l < m; ++l) {
            std::vector<int> dev = eq;
            dev[i] = static_cast<int>(l);
            INFO("provider " << i << " level " << l);
            CHECK(utilities(v, margin, m, dev, beta)[i] <= u[i] * (1 + 1e-8) + 1e-18);
        }
    CHECK(data(f, "/ttc/equilibrium/utility")[0] == Approx(u[0]).epsilon(1e-10));
    const std::vector<double> phi = data(f, "/ttc/dynamics/potential");
    for (std::size_t k = 1; k < phi.size(); ++k) CHECK(phi[k] >= phi[k - 1]);

    const double welfare = attr(f, "/ttc/equilibrium", "welfare"), poa = attr(f, "/ttc/equilibrium", "poa");
    CHECK(poa >= 1);
    CHECK(poa == Approx(attr(f, "/ttc/equilibrium", "optimum_welfare") / welfare).epsilon(1e-12));

    // Second price: W = q − c at each provider's best level, the user gets the second-highest W.
    std::vector<double> best(n, -INFINITY);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t l = 0; l < m; ++l) best[i] = std::max(best[i], q[i * m + l] - c[i * m + l]);
    const std::vector<double> w = data(f, "/ttc/auction/W");
    for (std::size_t i = 0; i < n; ++i) CHECK(w[i] == Approx(best[i]).epsilon(1e-12));
    std::vector<double> ranked = best;
    std::sort(ranked.begin(), ranked.end(), std::greater<>());
    const auto winner = static_cast<std::size_t>(attr(f, "/ttc/auction", "winner_index"));
    const auto runner_up = static_cast<std::size_t>(attr(f, "/ttc/auction", "runner_up_index"));
    CHECK(w[winner] == ranked[0]);
    CHECK(w[runner_up] == ranked[1]);
    CHECK(attr(f, "/ttc/auction", "user_value") == w[runner_up]);
    const double auction_welfare = attr(f, "/ttc/auction", "welfare");
    CHECK(auction_welfare >= welfare);
    CHECK(data(f, "/ttc/comparison/welfare") == std::vector<double>{welfare, auction_welfare});
}

TEST_CASE("e2e.ttc: beta sweep file, identical datasets for 1 and 2 threads", "[e2e][repro]") {
    TempDir dir;
    const std::string config = std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/ttc/beta_sweep.toml";
    const fs::path one = dir.path / "one.h5", two = dir.path / "two.h5";
    REQUIRE(run_cli(dir, "ttc '" + config + "' -o '" + one.string() + "' --threads 1 --quiet").status == 0);
    REQUIRE(run_cli(dir, "ttc '" + config + "' -o '" + two.string() + "' --threads 2 --quiet").status == 0);
    const io::File a = io::File::open_read(one), b = io::File::open_read(two);
    const std::set<std::string> text_axes = {"provider", "mechanism"}; // names, the same by construction
    const std::vector<double> poa = data(a, "/ttc/beta_sweep/poa");
    CHECK(poa.size() == 100);
    for (const double x : poa) CHECK(x >= 1);
    const std::vector<double> converged = data(a, "/ttc/beta_sweep/converged");
    CHECK(std::count(converged.begin(), converged.end(), 1.0) == 100);
    for (const std::string& path : io::list_datasets(a)) {
        if (path == io::schema::CONFIG || text_axes.contains(path.substr(path.rfind('/') + 1))) continue;
        INFO(path);
        CHECK(data(a, path) == data(b, path));
    }
}

TEST_CASE("e2e.ttc: bad input: exit 2, the field named, no output file", "[e2e][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "out.h5";
    const auto check_rejected = [&](const std::string& toml, const std::string& field) {
        std::ofstream(dir.path / "bad.toml") << toml;
        const Run run = run_cli(dir, "ttc '" + (dir.path / "bad.toml").string() + "' -o '" + out.string() + "'");
        INFO(toml);
        CHECK(run.status == 2);
        CHECK_THAT(run.err, Catch::Matchers::StartsWith("error: " + field + ":"));
        CHECK_FALSE(fs::exists(out));
        CHECK_FALSE(beliefsim::test::has_temporary(dir.path));
    };
    check_rejected("[data]\nsynthetic = true\n[market]\nbeta = -1\n", "market.beta");
    check_rejected("[data]\nsynthetic = true\n[market]\nalpha = 0\n", "market.alpha");
    check_rejected("[data]\nsynthetic = true\n[curves]\nlevels = [1, 128]\n", "curves.levels");
    check_rejected("[data]\nsamples = \"missing.csv\"\nprices = \"missing.csv\"\n",
                   (dir.path / "missing.csv").string());
    const Run nowhere = run_cli(dir, "ttc '" + DEFAULT_TOML + "' -o '" + (dir.path / "no/dir/x.h5").string() + "'");
    CHECK(nowhere.status == 2);
    CHECK_THAT(nowhere.err, Catch::Matchers::StartsWith("error: --output:"));
}

TEST_CASE("e2e.ttc: curves given in a file run the same market as the samples", "[e2e][curves-file]") {
    TempDir dir;
    const std::string config = std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/ttc/curves.toml";
    const fs::path given = dir.path / "given.h5", resampled = dir.path / "resampled.h5";
    const Run run = run_cli(dir, "ttc '" + config + "' -o '" + given.string() + "'");
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Matchers::Contains("curves as given"));
    REQUIRE(run_cli(dir, "ttc '" + DEFAULT_TOML + "' -o '" + resampled.string() + "' --quiet").status == 0);
    const io::File a = io::File::open_read(given), b = io::File::open_read(resampled);
    CHECK(io::attribute_text(io::open_group(a, io::schema::ttc::GROUP), "curves") == "given");
    CHECK(io::attribute_text(io::open_group(b, io::schema::ttc::GROUP), "curves") == "resampled");
    for (const char* path : {"/ttc/offers/price", "/ttc/offers/user_value", "/ttc/equilibrium/level",
                             "/ttc/equilibrium/share", "/ttc/auction/W", "/ttc/comparison/welfare"}) {
        INFO(path);
        CHECK(data(a, path) == data(b, path));
    }
    for (const double band : data(a, "/ttc/curves/accuracy_lo")) CHECK(std::isnan(band));
}

TEST_CASE("e2e.ttc: bad curves files: exit 2, the file, cell or field named, no output file",
          "[e2e][bad-input][curves-file]") {
    TempDir dir;
    const fs::path out = dir.path / "out.h5";
    std::ofstream(dir.path / "prices.csv") << "name,price_per_million\na,0.1\nb,0.2\n";
    const std::string header = "provider,theta,accuracy,tokens\n", good = "a,1,0.5,10\na,4,0.6,40\nb,1,0.4,12\n";
    const auto check_rejected = [&](const std::string& csv, const std::string& field,
                                    const std::string& extra_toml = "") {
        std::ofstream(dir.path / "curves.csv") << csv;
        std::ofstream(dir.path / "bad.toml") << "[data]\ncurves = \"curves.csv\"\nprices = \"prices.csv\"\n"
                                             << extra_toml;
        const Run run = run_cli(dir, "ttc '" + (dir.path / "bad.toml").string() + "' -o '" + out.string() + "'");
        INFO(csv << extra_toml << "\n" << run.err);
        CHECK(run.status == 2);
        CHECK_THAT(run.err, Catch::Matchers::StartsWith("error: " + field + ":"));
        CHECK_FALSE(fs::exists(out));
    };
    const std::string csv = (dir.path / "curves.csv").string();
    check_rejected("provider,theta,tokens\na,1,10\n", csv);                // missing column
    check_rejected(header + good + "b,1,0.5,12\n", csv + ":5:theta");      // duplicate theta
    check_rejected(header + "a,4,0.5,10\na,1,0.6,40\n", csv + ":3:theta"); // decreasing theta
    check_rejected(header + good, csv);                                    // b lacks theta 4
    check_rejected(header + good + "b,4,1.2,48\n", csv + ":5:accuracy");   // accuracy > 1
    check_rejected(header + good + "b,4,0.5,-48\n", csv + ":5:tokens");    // negative tokens
    check_rejected(header + "a,1,0.5,10\na,4,0.6,40\n", "data.prices");    // b priced, no curves
    check_rejected(header + good + "b,4,0.5,48\n", "curves.levels", "[curves]\nlevels = [1]\n");
    check_rejected(header + good + "b,4,0.5,48\n", "data.curves", "samples = \"s.csv\"\n");
}
