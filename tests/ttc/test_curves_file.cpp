// Curves given in a file (`[data] curves`, io/ttc_curves.hpp): the market they price equals the one
// the samples path builds from the same curves, bit for bit (CSV and HDF5), and every malformed file
// is a ConfigError naming the file, cell or dataset.

#include "../support.hpp"
#include "beliefsim/app/ttc_run.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "beliefsim/io/ttc_curves.hpp"
#include "beliefsim/io/ttc_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

using namespace beliefsim;

namespace {

const std::string SOURCE = BELIEFSIM_SOURCE_DIR;

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/// Every number the market, dynamics, welfare and auction produce, compared exactly.
void check_same_market(const app::TtcRun& a, const app::TtcRun& b) {
    REQUIRE(a.market.providers() == b.market.providers());
    REQUIRE(a.market.levels() == b.market.levels());
    CHECK(a.spec.curves.levels == b.spec.curves.levels);
    for (std::size_t i = 0; i < a.market.providers(); ++i) {
        CHECK(a.market.name(i) == b.market.name(i));
        for (std::size_t l = 0; l < a.market.levels(); ++l) {
            const ttc::Offer &x = a.market.offer(i, l), &y = b.market.offer(i, l);
            CHECK(x.q == y.q);
            CHECK(x.p == y.p);
            CHECK(x.c == y.c);
            CHECK(x.v == y.v);
        }
    }
    CHECK(a.dynamics.equilibrium == b.dynamics.equilibrium);
    CHECK(a.dynamics.trajectory.size() == b.dynamics.trajectory.size());
    CHECK(a.shares == b.shares);
    CHECK(a.utilities == b.utilities);
    CHECK(a.welfare == b.welfare);
    CHECK(a.potential == b.potential);
    CHECK(a.optimum.welfare == b.optimum.welfare);
    CHECK(a.optimum.profile == b.optimum.profile);
    CHECK(a.price_of_anarchy == b.price_of_anarchy);
    CHECK(a.comparison.auction.welfare == b.comparison.auction.welfare);
    CHECK(a.comparison.auction.price == b.comparison.auction.price);
    CHECK(a.comparison.auction.user_value == b.comparison.auction.user_value);
}

/// The ConfigError that reading `csv` as a curves file throws.
ConfigError curves_error(const std::string& csv, ttc::Aggregation aggregation = ttc::Aggregation::majority_vote) {
    test::TempDir dir;
    const auto file = dir.path / "curves.csv";
    std::ofstream(file) << csv;
    try {
        (void)io::read_curves(file, aggregation);
    } catch (const ConfigError& e) {
        return e;
    }
    FAIL("no ConfigError for:\n" << csv);
    return ConfigError("", "");
}

/// The config field (or file location) of the ConfigError that running `toml` throws.
std::string run_error_field(const std::string& toml, const std::filesystem::path& dir) {
    try {
        (void)app::run_ttc(io::parse_ttc_config(toml, dir));
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "";
}

const std::string HEADER = "provider,theta,accuracy,tokens\n";

} // namespace

TEST_CASE("ttc curves: given the samples path's own curves, the curves path prices the same market",
          "[ttc][curves-file]") {
    // data/ttc/curves.csv was written from default.toml's output by data/ttc/make_curves.py in
    // shortest round-trip form, so it holds exactly the doubles the samples path estimates.
    const std::string dir = SOURCE + "/experiments/ttc";
    const app::TtcRun samples = app::run_ttc(io::parse_ttc_config(read(dir + "/default.toml"), dir));
    const app::TtcRun csv = app::run_ttc(io::parse_ttc_config(read(dir + "/curves.toml"), dir));
    CHECK_FALSE(samples.curves_given);
    CHECK(csv.curves_given);
    CHECK(csv.questions == 0);
    for (std::size_t i = 0; i < samples.curves.size(); ++i)
        for (std::size_t l = 0; l < samples.curves[i].levels.size(); ++l) {
            CHECK(csv.curves[i].majority[l].estimate.value == samples.curves[i].majority[l].estimate.value);
            CHECK(csv.curves[i].majority[l].estimate.std_error == samples.curves[i].majority[l].estimate.std_error);
            CHECK(csv.curves[i].tokens[l].estimate.value == samples.curves[i].tokens[l].estimate.value);
            CHECK(std::isnan(csv.curves[i].majority[l].band_lo));
        }
    check_same_market(samples, csv);

    // The /ttc/curves group of the samples run's output, read back as a curves file.
    test::TempDir tmp;
    const auto out = tmp.path / "samples.h5";
    io::write_ttc_run(samples, "", out);
    const std::string toml = "[data]\ncurves = \"" + out.string() + "\"\nprices = \"" + SOURCE +
                             "/data/ttc/prices.csv\"\n[market]\nbeta = 1000\nalpha = 0.008\nbaseline = 0.1\n"
                             "value_curve = \"linear\"\n";
    const app::TtcRun h5 = app::run_ttc(io::parse_ttc_config(toml));
    check_same_market(samples, h5);
    // A best-of-n label on majority-vote curves is refused, naming the config field.
    CHECK(run_error_field(toml + "[curves]\nmethod = \"best-of-n\"\n", ".") == "curves.method");
}

TEST_CASE("ttc curves: CSV columns in any order, standard errors optional, stored as the method's curve",
          "[ttc][curves-file]") {
    test::TempDir dir;
    const auto file = dir.path / "c.csv";
    std::ofstream(file) << "tokens,theta,provider,accuracy,extra\n10,1,a,0.5,x\n40,4,a,0.75,x\n"
                           "12,1,b,0.25,x\n48,4,b,1,x\n";
    const auto curves = io::read_curves(file, ttc::Aggregation::best_of_n);
    REQUIRE(curves.size() == 2);
    CHECK(curves[0].name == "a");
    CHECK(curves[1].levels == std::vector<int>{1, 4});
    CHECK(curves[1].best_of_n[1].estimate.value == 1);
    CHECK(curves[1].majority.empty());
    CHECK(curves[0].tokens[1].estimate.value == 40);
    CHECK(std::isnan(curves[0].best_of_n[0].estimate.std_error));
    CHECK(std::isnan(curves[0].tokens[0].estimate.std_error));
}

TEST_CASE("ttc curves: malformed CSV files name the file, line and column", "[ttc][curves-file][bad-input]") {
    const auto field = [](const std::string& csv) {
        const std::string f = curves_error(csv).field();
        return f.substr(f.find("curves.csv"));
    };
    CHECK(curves_error("provider,theta,tokens\na,1,10\n").rule() == "missing column 'accuracy' in the header");
    CHECK(field(HEADER) == "curves.csv");
    CHECK(field(HEADER + "a,1,1.5,10\n") == "curves.csv:2:accuracy");
    CHECK(field(HEADER + "a,1,-0.1,10\n") == "curves.csv:2:accuracy");
    CHECK(field(HEADER + "a,1,0.5,-10\n") == "curves.csv:2:tokens");
    CHECK(field(HEADER + "a,1,0.5,ten\n") == "curves.csv:2:tokens");
    CHECK(field(HEADER + "a,0,0.5,10\n") == "curves.csv:2:theta");
    CHECK(field(HEADER + "a,1.5,0.5,10\n") == "curves.csv:2:theta");
    CHECK(field(HEADER + ",1,0.5,10\n") == "curves.csv:2:provider");
    const ConfigError duplicate = curves_error(HEADER + "a,1,0.5,10\na,4,0.6,40\na,4,0.7,40\n");
    CHECK_THAT(duplicate.field(), Catch::Matchers::EndsWith("curves.csv:4:theta"));
    CHECK_THAT(duplicate.rule(), Catch::Matchers::StartsWith("duplicate compute level for provider 'a'"));
    const ConfigError decreasing = curves_error(HEADER + "a,4,0.5,10\na,1,0.6,40\n");
    CHECK_THAT(decreasing.rule(), Catch::Matchers::StartsWith("decreasing compute level"));
    const ConfigError levels = curves_error(HEADER + "a,1,0.5,10\na,4,0.6,40\nb,1,0.5,10\n");
    CHECK_THAT(levels.field(), Catch::Matchers::EndsWith("curves.csv"));
    CHECK_THAT(levels.rule(), Catch::Matchers::Contains("'b' has theta 1, 'a' has 1 4"));
    CHECK(field("provider,theta,accuracy,tokens,accuracy_stderr\na,1,0.5,10,-1\n") == "curves.csv:2:accuracy_stderr");
    // An empty standard error is "not given".
    test::TempDir dir;
    std::ofstream(dir.path / "ok.csv") << "provider,theta,accuracy,tokens,tokens_stderr\na,1,0.5,10,\n";
    CHECK(std::isnan(
        io::read_curves(dir.path / "ok.csv", ttc::Aggregation::majority_vote)[0].tokens[0].estimate.std_error));
}

TEST_CASE("ttc curves: malformed HDF5 files name the dataset", "[ttc][curves-file][bad-input]") {
    test::TempDir dir;
    const auto file = dir.path / "c.h5";
    const auto error_of = [&](const auto& write) {
        {
            io::File f = io::File::create(file);
            write(f);
            f.close();
        }
        try {
            (void)io::read_curves(file, ttc::Aggregation::majority_vote);
        } catch (const ConfigError& e) {
            return e;
        }
        FAIL("no ConfigError");
        return ConfigError("", "");
    };
    const std::vector<std::string> names = {"a", "b"};
    const std::vector<std::int32_t> theta = {1, 4};
    const std::vector<double> accuracy = {0.5, 0.6, 0.4, 0.45}, tokens = {10, 40, 12, 48};
    const auto good = [&](const io::File& f) {
        (void)io::write_strings(f, "/ttc/curves/provider", names, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/theta", theta, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/accuracy", accuracy, io::Shape2{2, 2}, {"", ""});
    };
    CHECK(error_of([](const io::File&) {}).rule() == "not a curves file: no group /ttc/curves");
    CHECK(error_of(good).rule() == "missing dataset /ttc/curves/tokens");
    CHECK_THAT(error_of([&](const io::File& f) {
                   good(f);
                   (void)io::write_dataset(f, "/ttc/curves/tokens", tokens, {"", ""});
               }).field(),
               Catch::Matchers::EndsWith("c.h5:/ttc/curves/tokens"));
    CHECK_THAT(error_of([&](const io::File& f) {
                   good(f);
                   (void)io::write_dataset(f, "/ttc/curves/tokens", std::vector<double>{10, 40, 12, -1},
                                           io::Shape2{2, 2}, {"", ""});
               }).field(),
               Catch::Matchers::EndsWith("c.h5:/ttc/curves/tokens[1][1]"));
    const ConfigError twice = error_of([&](const io::File& f) {
        (void)io::write_strings(f, "/ttc/curves/provider", {"a", "a"}, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/theta", theta, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/accuracy", accuracy, io::Shape2{2, 2}, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/tokens", tokens, io::Shape2{2, 2}, {"", ""});
    });
    CHECK(twice.rule() == "names provider 'a' twice");
    CHECK_THAT(error_of([&](const io::File& f) {
                   (void)io::write_strings(f, "/ttc/curves/provider", names, {"", ""});
                   (void)io::write_dataset(f, "/ttc/curves/theta", std::vector<std::int32_t>{4, 4}, {"", ""});
                   (void)io::write_dataset(f, "/ttc/curves/accuracy", accuracy, io::Shape2{2, 2}, {"", ""});
                   (void)io::write_dataset(f, "/ttc/curves/tokens", tokens, io::Shape2{2, 2}, {"", ""});
               }).field(),
               Catch::Matchers::EndsWith("c.h5:/ttc/curves/theta[1]"));
    const ConfigError text_theta = error_of([&](const io::File& f) {
        (void)io::write_strings(f, "/ttc/curves/provider", names, {"", ""});
        (void)io::write_strings(f, "/ttc/curves/theta", {"1", "4"}, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/accuracy", accuracy, io::Shape2{2, 2}, {"", ""});
        (void)io::write_dataset(f, "/ttc/curves/tokens", tokens, io::Shape2{2, 2}, {"", ""});
    });
    CHECK_THAT(text_theta.field(), Catch::Matchers::EndsWith("c.h5:/ttc/curves/theta"));
    CHECK(text_theta.rule() == "must hold numbers");
    CHECK_THAT(error_of([&](const io::File& f) {
                   (void)io::write_dataset(f, "/ttc/curves/provider", theta, {"", ""});
                   (void)io::write_dataset(f, "/ttc/curves/theta", theta, {"", ""});
                   (void)io::write_dataset(f, "/ttc/curves/accuracy", accuracy, io::Shape2{2, 2}, {"", ""});
                   (void)io::write_dataset(f, "/ttc/curves/tokens", tokens, io::Shape2{2, 2}, {"", ""});
               }).rule(),
               Catch::Matchers::Contains("provider names as strings"));
}

TEST_CASE("ttc curves: config rules of data.curves", "[ttc][curves-file][bad-input]") {
    test::TempDir dir;
    std::ofstream(dir.path / "c.csv") << HEADER << "a,1,0.5,10\na,4,0.6,40\nb,1,0.4,12\nb,4,0.45,48\n";
    std::ofstream(dir.path / "p.csv") << "name,price_per_million\na,0.1\nb,0.2\n";
    std::ofstream(dir.path / "p3.csv") << "name,price_per_million\na,0.1\nb,0.2\nB,0.3\n";
    std::ofstream(dir.path / "p1.csv") << "name,price_per_million\na,0.1\n";
    const std::string data = "[data]\ncurves = \"c.csv\"\n";
    CHECK(run_error_field(data + "prices = \"p.csv\"\n", dir.path).empty());
    CHECK(run_error_field(data + "prices = \"p3.csv\"\n", dir.path) == "data.prices");
    CHECK(run_error_field(data + "prices = \"p1.csv\"\n", dir.path) == "data.prices");
    CHECK(run_error_field(data, dir.path) == "data.prices");
    CHECK(run_error_field(data + "prices = \"p.csv\"\nsamples = \"s.csv\"\n", dir.path) == "data.curves");
    CHECK(run_error_field(data + "prices = \"p.csv\"\n[curves]\nlevels = [1, 4]\n", dir.path) == "curves.levels");
    CHECK(run_error_field(data + "prices = \"p.csv\"\n[curves]\nreplicates = 4\n", dir.path) == "curves.replicates");
    CHECK(run_error_field("[data]\nsynthetic = true\ncurves = \"c.csv\"\n", dir.path) == "data.curves");
    const app::TtcRun run = app::run_ttc(io::parse_ttc_config(data + "prices = \"p.csv\"\n", dir.path));
    CHECK(run.spec.curves.levels == std::vector<int>{1, 4});
    CHECK(run.market.offer(1, 1).p == 48 * (0.2 / 1e6)); // n(theta) x the price per token
}
