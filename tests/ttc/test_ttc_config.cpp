// `beliefsim ttc` configuration (io/ttc_config.hpp) and the run pipeline (ttc/run.hpp): defaults,
// every bad field named by its dotted TOML key, and the default config equal to the in-memory
// synthetic market that `reproduce ttc-synthetic` runs.

#include "../support.hpp"
#include "beliefsim/app/ttc_run.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "beliefsim/io/ttc_csv.hpp"
#include "beliefsim/io/ttc_samples_file.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace beliefsim;

namespace {

const std::string SYNTHETIC = "[data]\nsynthetic = true\n";

/// A two-provider synthetic market small enough to run in milliseconds.
const std::string TINY = "[data]\nsynthetic = true\n[synthetic]\nquestions = 6\nsamples = 8\n"
                         "[[synthetic.providers]]\nname = \"a\"\nskill = 1.0\n"
                         "[[synthetic.providers]]\nname = \"b\"\nskill = 0.0\nprice_per_million = 0.2\n"
                         "[curves]\nlevels = [1, 2, 4, 8]\nreplicates = 4\n";

/// The field of the ConfigError that `parse_ttc_config(text)` throws ("" when none).
std::string parse_error_field(const std::string& text) {
    try {
        (void)io::parse_ttc_config(text);
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "";
}

/// The field of the ConfigError that parsing and running `text` throws ("" when none).
std::string run_error_field(const std::string& text) {
    try {
        (void)app::run_ttc(io::parse_ttc_config(text));
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "";
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("ttc config: defaults are the library's", "[ttc][unit]") {
    const app::TtcSpec spec = io::parse_ttc_config(SYNTHETIC);
    const app::TtcSpec lib;
    REQUIRE(spec.data.synthetic);
    CHECK(spec.data.synthetic->providers.size() == ttc::default_market_spec().providers.size());
    CHECK(spec.data.synthetic->seed == ttc::default_market_spec().seed);
    CHECK(spec.curves.levels == lib.curves.levels);
    CHECK(spec.curves.replicates == lib.curves.replicates);
    CHECK(spec.aggregation == ttc::Aggregation::majority_vote);
    CHECK(spec.market.alpha == lib.market.alpha);
    CHECK(spec.market.value.shape == ttc::ValueShape::exponential);
    CHECK_FALSE(spec.margin);
    CHECK(spec.beta == lib.beta);
    CHECK(spec.dynamics.rule == ttc::ResponseRule::nearest_better);
    CHECK(spec.dynamics.tolerance == lib.dynamics.tolerance);
    CHECK(spec.sweep_betas.empty());
}

TEST_CASE("ttc config: values, relative data paths and the beta sweep", "[ttc][unit]") {
    const app::TtcSpec spec = io::parse_ttc_config(
        "[data]\nsamples = \"s.csv\"\nprices = \"/abs/p.csv\"\n[curves]\nmethod = \"best-of-n\"\nlevels = [1, 2]\n"
        "[market]\nbeta = 50\nvalue_curve = \"power\"\ngamma = 2\nmargin = 0.5\n"
        "[dynamics]\nrule = \"best-response\"\nseed = 9\n[beta_sweep]\nlog10_min = 1\nlog10_max = 3\npoints = 3\n",
        "/cfg/dir");
    CHECK(spec.data.samples == "/cfg/dir/s.csv");
    CHECK(spec.data.prices == "/abs/p.csv");
    CHECK(spec.aggregation == ttc::Aggregation::best_of_n);
    CHECK(spec.curves.levels == std::vector<int>{1, 2});
    CHECK(spec.beta == 50);
    CHECK(spec.market.value.shape == ttc::ValueShape::power);
    CHECK(spec.market.value.gamma == 2);
    CHECK(spec.margin == 0.5);
    CHECK(spec.dynamics.rule == ttc::ResponseRule::best);
    CHECK(spec.dynamics.seed == 9);
    REQUIRE(spec.sweep_betas.size() == 3);
    CHECK(spec.sweep_betas[1] == Approx(100));

    app::TtcSpec over = spec;
    io::apply_ttc_overrides(over, 7, 1);
    CHECK(over.curves.seed == 7);
    CHECK(over.dynamics.seed == 7);
    CHECK(over.threads == 1);
    CHECK_THROWS_AS(io::apply_ttc_overrides(over, -1, std::nullopt), ConfigError);
}

TEST_CASE("ttc config: every bad field is named", "[ttc][bad-input]") {
    CHECK(parse_error_field("[data]\nsynthetic = true\n[market]\nbeta = -1\n") == "market.beta");
    CHECK(parse_error_field("[market]\nbeta = 1\n") == "data");
    CHECK(parse_error_field("[data]\nsamples = \"s.csv\"\n") == "data.prices");
    CHECK(parse_error_field("[data]\nsynthetic = 1\n") == "data.synthetic");
    CHECK(parse_error_field("[data]\nsynthetic = true\nsamples = \"s.csv\"\n") == "data.samples");
    CHECK(parse_error_field("[data]\nsamples = \"s\"\nprices = \"p\"\n[synthetic]\nseed = 1\n") == "synthetic");
    CHECK(parse_error_field(SYNTHETIC + "[synthetic]\nquestions = 0\n") == "synthetic.questions");
    CHECK(parse_error_field(SYNTHETIC + "[synthetic]\ncolour = 1\n") == "synthetic.colour");
    CHECK(parse_error_field(SYNTHETIC + "[[synthetic.providers]]\nskill = 1\n") == "synthetic.providers[0].name");
    CHECK(parse_error_field(SYNTHETIC + "[curves]\nmethod = \"vote\"\n") == "curves.method");
    CHECK(parse_error_field(SYNTHETIC + "[curves]\nlevels = [1, 2.5]\n") == "curves.levels");
    CHECK(parse_error_field(SYNTHETIC + "[curves]\nreplicates = 1\n") == "curves.replicates");
    CHECK(parse_error_field(SYNTHETIC + "[market]\nvalue_curve = \"cubic\"\n") == "market.value_curve");
    CHECK(parse_error_field(SYNTHETIC + "[market]\nvalue_curve = \"linear\"\nkappa = 2\n") == "market.kappa");
    CHECK(parse_error_field(SYNTHETIC + "[market]\nalpha = \"ten\"\n") == "market.alpha");
    CHECK(parse_error_field(SYNTHETIC + "[dynamics]\nrule = \"random\"\n") == "dynamics.rule");
    CHECK(parse_error_field(SYNTHETIC + "[dynamics]\nmax_rounds = 0\n") == "dynamics.max_rounds");
    CHECK(parse_error_field(SYNTHETIC + "[beta_sweep]\nbetas = [1, -2]\n") == "beta_sweep.betas");
    CHECK(parse_error_field(SYNTHETIC + "[beta_sweep]\nbetas = [1]\npoints = 3\n") == "beta_sweep.points");
    CHECK(parse_error_field(SYNTHETIC + "[beta_sweep]\nlog10_min = 2\nlog10_max = 1\n") == "beta_sweep.log10_max");
    CHECK(parse_error_field(SYNTHETIC + "[model]\nchi = 1\n") == "model");
    CHECK(parse_error_field("[data\n") == "config");
}

TEST_CASE("ttc config: rules checked at run time name the same fields", "[ttc][bad-input]") {
    CHECK(run_error_field(TINY) == "");
    CHECK(run_error_field(TINY + "[market]\nalpha = -1\n") == "market.alpha");
    CHECK(run_error_field(TINY + "[market]\nbaseline = 2\n") == "market.baseline");
    CHECK(run_error_field(TINY + "[market]\nmargin = -0.1\n") == "market.margin");
    CHECK(run_error_field(TINY + "[dynamics]\ntolerance = -1\n") == "dynamics.tolerance");
    CHECK(run_error_field(SYNTHETIC + "[synthetic]\nsamples = 8\nreward_noise = 0\n") == "synthetic.reward_noise");
    CHECK(run_error_field(SYNTHETIC + "[synthetic]\nsamples = 8\n") == "curves.levels"); // θ = 16 > 8 samples
    CHECK(run_error_field("[data]\nsamples = \"/nonexistent/s.csv\"\nprices = \"/nonexistent/p.csv\"\n") ==
          "/nonexistent/s.csv");
    const std::string one = "[data]\nsynthetic = true\n[synthetic]\nsamples = 8\n[[synthetic.providers]]\n"
                            "name = \"a\"\nskill = 1.0\n[curves]\nlevels = [1, 2]\n";
    CHECK(run_error_field(one) == "data");
}

TEST_CASE("ttc config: a rule on a listed provider names its index", "[ttc][bad-input]") {
    const std::string providers = "[[synthetic.providers]]\nname = \"a\"\nskill = 1\n"
                                  "[[synthetic.providers]]\nname = \"b\"\nskill = 0\nno_answer_rate = 1\n";
    CHECK(run_error_field(SYNTHETIC + "[synthetic]\nsamples = 8\n" + providers + "[curves]\nlevels = [1]\n") ==
          "synthetic.providers[1].no_answer_rate");
}

TEST_CASE("ttc run: experiments/ttc/default.toml equals the in-memory synthetic market", "[ttc][paper]") {
    // data/ttc is the generator's output (tests/ttc/test_synthetic.cpp), so reading the files and
    // generating in memory must give the same curves, equilibrium and auction, bit for bit.
    const std::string dir = std::string(BELIEFSIM_SOURCE_DIR) + "/experiments/ttc";
    app::TtcSpec from_files = io::parse_ttc_config(read(dir + "/default.toml"), dir);
    app::TtcSpec in_memory = app::default_synthetic_spec();
    in_memory.sweep_betas.clear();
    const app::TtcRun a = app::run_ttc(from_files), b = app::run_ttc(in_memory);
    CHECK(a.dynamics.equilibrium == b.dynamics.equilibrium);
    CHECK(a.welfare == b.welfare);
    CHECK(a.optimum.welfare == b.optimum.welfare);
    CHECK(a.comparison.auction.welfare == b.comparison.auction.welfare);
    for (std::size_t i = 0; i < a.curves.size(); ++i)
        CHECK(a.curves[i].majority.back().estimate.value == b.curves[i].majority.back().estimate.value);
}

TEST_CASE("ttc data: samples in HDF5 read back exactly and run as the CSV does", "[ttc][unit]") {
    const std::string source = std::string(BELIEFSIM_SOURCE_DIR) + "/data/ttc/samples.csv";
    const auto csv = io::read_samples_csv(source);
    beliefsim::test::TempDir dir;
    io::write_samples_h5(dir.path / "samples.h5", csv);
    const auto h5 = io::read_samples_h5(dir.path / "samples.h5");
    {
        // Every axis labelled by a scale of the dataset's own group (netCDF readers, xarray).
        const io::File f = io::File::open_read(dir.path / "samples.h5");
        CHECK(io::read_strings(io::open_dataset(f, "/samples/provider")).size() == csv.size());
        for (const std::string& path : io::list_datasets(f)) {
            INFO(path);
            const io::Dataset ds = io::open_dataset(f, path);
            for (unsigned axis = 0; axis < io::shape(ds).size(); ++axis)
                CHECK((io::scale_count(ds, axis) == 1 || io::has_attribute(ds, "CLASS")));
        }
    }
    REQUIRE(h5.size() == csv.size());
    for (std::size_t i = 0; i < csv.size(); ++i) {
        CAPTURE(i);
        CHECK(h5[i].name == csv[i].name);
        CHECK(h5[i].questions == csv[i].questions);
        CHECK(h5[i].samples == csv[i].samples);
        CHECK(h5[i].correct == csv[i].correct);
        CHECK(h5[i].answer == csv[i].answer);
        CHECK(h5[i].reward == csv[i].reward);
        CHECK(h5[i].tokens == csv[i].tokens);
    }
    // A config naming the .h5 file reads it instead of the CSV; the market comes out the same.
    const std::string prices = std::string(BELIEFSIM_SOURCE_DIR) + "/data/ttc/prices.csv";
    const std::string base =
        "[market]\nbeta = 1000\nalpha = 0.008\nvalue_curve = \"linear\"\n[data]\nprices = \"" + prices + "\"\n";
    const auto a = app::run_ttc(io::parse_ttc_config(base + "samples = \"" + source + "\"\n"));
    const auto b =
        app::run_ttc(io::parse_ttc_config(base + "samples = \"" + (dir.path / "samples.h5").string() + "\"\n"));
    CHECK(a.dynamics.equilibrium == b.dynamics.equilibrium);
    CHECK(a.welfare == b.welfare);
    CHECK_THROWS_AS(io::read_samples_h5(dir.path / "missing.h5"), ConfigError);
    std::ofstream(dir.path / "junk.h5") << "junk";
    CHECK_THROWS_AS(io::read_samples_h5(dir.path / "junk.h5"), ConfigError);
}

TEST_CASE("ttc run: the checks of reproduce ttc-synthetic all hold", "[ttc][paper]") {
    app::TtcSpec spec = app::default_synthetic_spec();
    spec.sweep_betas = ttc::log_space(0, 6, 13);
    const app::TtcRun run = app::run_ttc(spec);
    const std::vector<PaperNumber> checks = app::run_checks(run);
    CHECK(checks.size() >= 8);
    for (const PaperNumber& c : checks) {
        INFO(c.quantity << ": expected " << c.paper << ", ours " << c.ours << ", tolerance " << c.tolerance);
        CHECK(std::abs(c.ours - c.paper) <= c.tolerance);
    }
}
