// End to end: `beliefsim menu` on the paper's binary example (SPEC §5) and on a sampled law, read
// back with the project's HDF5 reader; bad input (exit 2, the field named, no file); `inspect`.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "beliefsim/io/hdf5.hpp"
#include "cli_support.hpp"

namespace fs = std::filesystem;
namespace io = beliefsim::io;

using beliefsim::test::run_cli;
using beliefsim::test::TempDir;
using beliefsim::test::write_text;

namespace {

const std::string BINARY_MENU = std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/menu/binary.toml";

double attr(const io::File& f, const std::string& group, const std::string& name) {
    return io::read_numeric_attribute(io::open_group(f, group), name).at(0);
}

std::vector<double> column(const io::File& f, const std::string& path) {
    return io::read_doubles(io::open_dataset(f, path));
}

} // namespace

TEST_CASE("e2e.menu: the binary example's menu, families and tiers in HDF5", "[e2e][paper]") {
    TempDir dir;
    const fs::path out = dir.path / "menu.h5";
    const auto run = run_cli(dir, "menu '" + BINARY_MENU + "' -o '" + out.string() + "' --paths 20000");
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Matchers::Contains("revenue") && Catch::Matchers::Contains("5-tier menu"));
    const io::File f = io::File::open_read(out);
    CHECK(attr(f, "/menu", "revenue") == Approx(0.201981).margin(1e-6)); // SPEC §5
    CHECK(attr(f, "/menu", "revenue_stderr") == 0);
    CHECK(attr(f, "/menu", "max_ic_violation") < 1e-9);
    CHECK(attr(f, "/menu", "max_ir_violation") < 1e-9);
    CHECK(attr(f, "/menu", "ironed") == 0);
    CHECK(io::read_string_attribute(io::open_group(f, "/menu"), "law") == "exact");
    CHECK(attr(f, "/menu/families/constant_delay", "revenue") == Approx(0.024894).margin(1e-6));
    CHECK(attr(f, "/menu/families/diffusion", "revenue") == Approx(0.117800).margin(1e-6));
    CHECK(attr(f, "/menu/families/diffusion", "revenue_ratio") == Approx(0.117800 / 0.201981).epsilon(1e-5));
    // P(r) = (3 + 2e^{−5/2} − 5e^{−(r+½)/(r−1)})/15 on the whole table (SPEC §5).
    const auto r = column(f, "/menu/r"), price = column(f, "/menu/price");
    REQUIRE(r.size() == price.size());
    for (std::size_t i = 1; i < r.size(); i += 25)
        CHECK(price[i] ==
              Approx((3 + 2 * std::exp(-2.5) - 5 * std::exp(-(r[i] + 0.5) / (r[i] - 1))) / 15).epsilon(1e-8));
    const auto fraction = column(f, "/menu/tiers/revenue_fraction");
    REQUIRE(fraction.size() == 5);
    for (std::size_t k = 1; k < fraction.size(); ++k) CHECK(fraction[k] >= fraction[k - 1]);
    CHECK(fraction.back() < 1);
    CHECK(column(f, "/menu/tiers/03/price").size() == 3);
    // The simulation of the model sold is in the same file.
    CHECK(io::exists(f, "/stopping_time/mean"));

    const auto inspect = run_cli(dir, "inspect '" + out.string() + "'");
    REQUIRE(inspect.status == 0);
    CHECK_THAT(inspect.out, Catch::Matchers::Contains("token-cap menu") && Catch::Matchers::Contains("/menu/price"));
}

TEST_CASE("e2e.menu: the Monte Carlo law's revenue is within 4 SE of the exact law's", "[e2e][statistical]") {
    TempDir dir;
    const fs::path exact = dir.path / "exact.h5", sampled = dir.path / "sampled.h5";
    const std::string body = beliefsim::test::slurp(BINARY_MENU) + "[menu]\ntiers = 0\nlaw = ";
    const fs::path exact_toml = write_text(dir, "exact.toml", body + "\"exact\"\n");
    const fs::path sampled_toml = write_text(dir, "sampled.toml", body + "\"monte-carlo\"\n");
    REQUIRE(run_cli(dir, "menu '" + exact_toml.string() + "' -o '" + exact.string() + "' --quiet").status == 0);
    REQUIRE(run_cli(dir, "menu '" + sampled_toml.string() + "' -o '" + sampled.string() + "' --quiet").status == 0);
    const io::File e = io::File::open_read(exact), s = io::File::open_read(sampled);
    const double se = attr(s, "/menu", "revenue_stderr");
    REQUIRE(se > 0);
    CHECK(std::abs(attr(s, "/menu", "revenue") - attr(e, "/menu", "revenue")) < 4 * se);
    CHECK(io::read_string_attribute(io::open_group(s, "/menu"), "law") == "monte-carlo");
    const auto price = column(s, "/menu/price"), price_se = column(s, "/menu/price_stderr"),
               truth = column(e, "/menu/price");
    for (std::size_t i = 0; i < price.size(); i += 20) CHECK(std::abs(price[i] - truth[i]) < 4 * price_se[i]);
    CHECK_FALSE(io::exists(s, "/menu/tiers"));
}

TEST_CASE("e2e.menu: bad input exits 2, names the field and writes nothing", "[e2e][bad-input]") {
    TempDir dir;
    const std::string model = "[model]\nstates = 2\nprior = [0.5, 0.5]\nentropy = \"quadratic\"\nchi = 0.125\n"
                              "[simulation]\npaths = 1000\nseed = 1\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {model, "error: types: table [types] is required"},
        {model + "[types]\nlow = 2\nhigh = 1\n", "error: types.high: must be finite and > types.low"},
        {model + "[types]\nlow = 1\nhigh = 2\nmean = 1.5\n", "error: types.mean: unknown key"},
        {model + "[types]\ndistribution = \"truncated-normal\"\nlow = 1\nhigh = 2\nmean = 1.5\n",
         "error: types.sd: is required"},
        {model + "[types]\ndistribution = \"tabulated\"\nlow = 1\nhigh = 2\nfile = \"missing.txt\"\n",
         "error: types.file: cannot open"},
        {model + "[types]\nlow = 1\nhigh = 2\n[valuation]\nform = \"cubic\"\n", "error: valuation.form: unknown form"},
        {model + "[types]\nlow = 1\nhigh = 2\n[menu]\nlaw = \"exakt\"\n", "error: menu.law: must be"},
        {model + "token_cap = 1\n[types]\nlow = 1\nhigh = 2\n", "error: simulation.token_cap: is set by the menu"},
    };
    for (const auto& [text, message] : cases) {
        CAPTURE(text);
        const fs::path config = write_text(dir, "bad.toml", text);
        const fs::path out = dir.path / "bad.h5";
        const auto run = run_cli(dir, "menu '" + config.string() + "' -o '" + out.string() + "'");
        CHECK(run.status == 2);
        CHECK_THAT(run.err, Catch::Matchers::StartsWith(message));
        CHECK_FALSE(fs::exists(out));
        CHECK_FALSE(beliefsim::test::has_temporary(dir.path));
    }
}
