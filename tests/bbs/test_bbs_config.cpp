// `beliefsim bbs` configuration (io/bbs_config.hpp) and the run pipeline (bbs/run.hpp): defaults,
// the three type models, every bad field named by its dotted TOML key, and small runs whose
// results are checked against the paper (Example 1) and the theory (IC/IR, binary types).

#include "../support.hpp"
#include "beliefsim/app/bbs_run.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/bbs_config.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace beliefsim;

namespace {

/// The field of the ConfigError that parsing (and, with `run`, running) `text` throws ("" if none).
std::string error_field(const std::string& text, bool run = false, const std::filesystem::path& dir = ".") {
    try {
        const app::BbsSpec spec = io::parse_bbs_config(text, dir);
        if (run) (void)app::run_bbs(spec);
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "";
}

/// Example 1 with small tables: a run in well under a second.
const std::string SMALL = "[menus]\npoints = 21\nscale_points = 5\nfigure_points = 11\nassumption_points = 11\n";

} // namespace

TEST_CASE("bbs config: an empty file is Example 1 with both menus and no Monte Carlo", "[bbs][unit]") {
    const app::BbsSpec spec = io::parse_bbs_config("");
    const app::BbsSpec lib;
    CHECK(spec.technology.alpha == lib.technology.alpha);
    CHECK(spec.technology.c_z == lib.technology.c_z);
    const auto* types = std::get_if<app::ValueScaleTypes>(&spec.types);
    REQUIRE(types != nullptr);
    CHECK(types->w.name() == "uniform");
    CHECK(types->s.high() == 1.0);
    CHECK(spec.allocations);
    CHECK(spec.packages);
    CHECK(spec.tariffs);
    CHECK(spec.points == lib.points);
    CHECK(spec.monte_carlo.revenue_samples == 0);
}

TEST_CASE("bbs config: keys reach the spec and overrides apply", "[bbs][unit]") {
    app::BbsSpec spec = io::parse_bbs_config(
        "[technology]\nalpha = 0.2\nc_y = 0.3\n[types]\nw = {distribution = \"beta\", low = 0, high = 2, a = 2, b = "
        "3}\ns = {low = 0.1, high = 0.9}\n[menus]\ntariffs = false\npoints = 11\n[monte_carlo]\nsamples = 1000\nseed "
        "= 3\nbins = 64\n");
    CHECK(spec.technology.alpha == 0.2);
    CHECK(spec.technology.c_y == 0.3);
    const auto& types = std::get<app::ValueScaleTypes>(spec.types);
    CHECK(types.w.name() == "beta");
    CHECK(types.w.high() == 2.0);
    CHECK(types.s.low() == 0.1);
    CHECK_FALSE(spec.tariffs);
    CHECK(spec.points == 11);
    CHECK(spec.monte_carlo.law_samples == 1000);
    CHECK(spec.monte_carlo.revenue_samples == 1000);
    CHECK(spec.monte_carlo.seed == 3);
    CHECK(spec.monte_carlo.bins == 64);
    io::apply_bbs_overrides(spec, 9, 2);
    CHECK(spec.monte_carlo.seed == 9);
    CHECK(spec.monte_carlo.threads == 2);
}

TEST_CASE("bbs config: sample files and binary types pick their menus", "[bbs][unit]") {
    const app::BbsSpec samples = io::parse_bbs_config("[types]\nsamples = \"types.txt\"\n", "/data");
    REQUIRE(std::holds_alternative<app::SampleTypes>(samples.types));
    CHECK(std::get<app::SampleTypes>(samples.types).file == "/data/types.txt");
    CHECK_FALSE(samples.allocations);
    CHECK(samples.packages);
    const app::BbsSpec binary = io::parse_bbs_config(
        "[types.binary]\nf1 = 0.3\nw1 = {w = 1.0, s = 0.5}\nw2 = {nodes = [0, 0.5, 1], values = [0.2, 0.9]}\n");
    REQUIRE(std::holds_alternative<app::BinaryTypes>(binary.types));
    const auto& b = std::get<app::BinaryTypes>(binary.types);
    CHECK(b.f1 == 0.3);
    CHECK(b.w1(0.25) == 1.0);
    CHECK(b.w1(0.75) == 0.0);
    CHECK(b.w2(0.75) == 0.9);
    CHECK_FALSE(binary.allocations);
    CHECK_FALSE(binary.packages);
}

TEST_CASE("bbs config: every bad field is named", "[bbs][bad-input]") {
    CHECK(error_field("[technology]\nalpha = -0.1\n") == "technology.alpha");
    CHECK(error_field("[technology]\nalpha = 0.5\nbeta = 0.3\ngamma = 0.3\n") == "technology.gamma");
    CHECK(error_field("[technology]\nc_z = 0\n") == "technology.c_z");
    CHECK(error_field("[technology]\ndelta = 1\n") == "technology.delta");
    CHECK(error_field("[types]\nw = {distribution = \"cauchy\", low = 0, high = 1}\n") == "types.w.distribution");
    CHECK(error_field("[types]\nw = {low = 1, high = 0.5}\n") == "types.w.high");
    CHECK(error_field("[types]\nw = {low = 0}\n") == "types.w.high");
    CHECK(error_field("[types]\nw = {low = 0, high = 1, sd = 1}\n") == "types.w.sd");
    CHECK(error_field("[types]\nw = {distribution = \"truncated-normal\", low = 0, high = 1, mean = 0.5, sd = -1}\n") ==
          "types.w.sd");
    CHECK(error_field("[types]\ns = {low = 0, high = 2}\n") == "types.s.high");
    CHECK(error_field("[types]\ns = {low = -1, high = 1}\n") == "types.s.low");
    CHECK(error_field("[types]\nw = 3\n") == "types.w");
    CHECK(error_field("[types]\nsamples = \"x.txt\"\nw = {low = 0, high = 1}\n") == "types");
    CHECK(error_field("[types]\nz = 1\n") == "types.z");
    CHECK(error_field("[types.binary]\nf1 = 1.5\nw1 = {w = 1, s = 1}\nw2 = {w = 0.5, s = 1}\n") == "types.binary.f1");
    CHECK(error_field("[types.binary]\nw1 = {w = 1, s = 1}\n") == "types.binary.w2");
    CHECK(error_field("[types.binary]\nw1 = {w = 1, s = 0}\nw2 = {w = 0.5, s = 1}\n") == "types.binary.w1.s");
    CHECK(error_field("[types.binary]\nw1 = {nodes = [0, 1], values = [1, 2]}\nw2 = {w = 0.5, s = 1}\n") ==
          "types.binary.w1");
    CHECK(error_field("[menus]\npoints = 1\n") == "menus.points");
    CHECK(error_field("[menus]\ntariffs = 1\n") == "menus.tariffs");
    CHECK(error_field("[menus]\ncells = 8\n") == "menus.cells");
    CHECK(error_field("[monte_carlo]\nsamples = -5\n") == "monte_carlo.samples");
    CHECK(error_field("[monte_carlo]\nsamples = 1\n") == "monte_carlo.samples");
    CHECK(error_field("[monte_carlo]\nthreads = -1\n") == "monte_carlo.threads");
    CHECK(error_field("[model]\nchi = 1\n") == "model");
    CHECK(error_field("[technology\n") == "config");
    app::BbsSpec spec;
    CHECK_THROWS_AS(io::apply_bbs_overrides(spec, -1, std::nullopt), ConfigError);
}

TEST_CASE("bbs run: rules across fields name the field", "[bbs][bad-input]") {
    CHECK(error_field("[types]\nsamples = \"missing.txt\"\n", true) == "types.samples");
    CHECK(error_field("[types]\nsamples = \"missing.txt\"\n[menus]\nallocations = true\n", true) ==
          "menus.allocations");
    CHECK(error_field("[types]\nsamples = \"missing.txt\"\n[menus]\npackages = false\n", true) == "menus.packages");
    CHECK(error_field("[types.binary]\nw1 = {w = 1, s = 1}\nw2 = {w = 0.5, s = 1}\n[monte_carlo]\nsamples = 100\n",
                      true) == "monte_carlo.samples");
}

TEST_CASE("bbs run: Example 1 from a small config, tables consistent and IC", "[bbs][paper]") {
    const app::BbsRun r = app::run_bbs(io::parse_bbs_config(SMALL));
    REQUIRE(r.allocations);
    REQUIRE(r.packages);
    // BBS §4.2 and §5: R* = 139/480, Π* = 97/960 (allocations); 139/540, 97/1080 (packages).
    CHECK(std::abs(*r.allocations->values.revenue - 139.0 / 480) < 1e-9);
    CHECK(std::abs(*r.allocations->values.profit - 97.0 / 960) < 1e-9);
    CHECK(std::abs(*r.packages->values.revenue - 139.0 / 540) < 1e-9);
    CHECK(std::abs(*r.packages->values.profit - 97.0 / 1080) < 1e-9);
    const app::BbsMenuTable& p = r.packages->table;
    REQUIRE(p.transfer.size() == 21);
    for (std::size_t i = 0; i < 21; ++i) {
        const double theta = r.packages->theta[i];
        CAPTURE(theta);
        // The accumulated table equals the menu's own transfer at each point.
        CHECK(p.transfer[i] == Approx(r.packages->menu.transfer(theta)).margin(1e-10));
        if (theta > 1.0 / 3 + 1e-9) CHECK(p.markup[i] == Approx(2 * theta / (3 * theta - 1)).epsilon(1e-9));
    }
    for (const app::BbsMenuTable* t : {&r.allocations->table, &p}) {
        CHECK(t->max_ic_violation < 1e-10);
        CHECK(t->max_ir_violation < 1e-10);
        CHECK(t->max_tariff_ic_violation < 1e-10);
    }
    // Figure 1, packages: exclusion at θ = w √s = 1/3, fine-tuning at 2/3 (clamped to w ≤ 1).
    const app::Figure1& f = r.figure1;
    for (std::size_t k = 0; k < f.s.size(); ++k) {
        const double s = f.s[k];
        CAPTURE(s);
        CHECK(f.packages->w_exclusion[k] == Approx(s > 0 ? std::min(1.0, 1 / (3 * std::sqrt(s))) : 1).epsilon(1e-9));
        CHECK(f.packages->w_fine_tuning[k] == Approx(s > 0 ? std::min(1.0, 2 / (3 * std::sqrt(s))) : 1).epsilon(1e-9));
        CHECK(f.allocations->w_exclusion[k] == Approx(0.5).epsilon(1e-9));
    }
}

TEST_CASE("bbs run: a sample file gives packages with standard errors", "[bbs][stat]") {
    test::TempDir dir;
    {
        std::ofstream out(dir.path / "types.txt");
        out << "# w s\n";
        for (int i = 0; i < 2000; ++i) out << (i % 97) / 96.0 << ' ' << ((i * 37) % 101) / 100.0 << '\n';
    }
    const app::BbsRun r = app::run_bbs(io::parse_bbs_config("[types]\nsamples = \"types.txt\"\n" + SMALL, dir.path));
    REQUIRE(r.packages);
    CHECK_FALSE(r.allocations);
    CHECK(r.sample_rows == 2000);
    CHECK_FALSE(r.packages->values.revenue);
    REQUIRE(r.packages->values.mc_revenue);
    CHECK(r.packages->values.mc_revenue->std_error > 0);
    CHECK(r.packages->table.max_ic_violation < 1e-10);
}

TEST_CASE("bbs run: binary types on both sides of the full-extraction boundary", "[bbs][paper]") {
    // Proposition 3: H (higher θ) does not envy L iff ∫ (w_H − w_L) w_L^{p−1} ≤ 0. Vertical types
    // (same tasks, w₂ > w₁): H envies L → screening. Disjoint supports: H values L's tokens at 0 →
    // full extraction.
    const auto run = [](const std::string& w1, const std::string& w2) {
        return app::run_bbs(
                   io::parse_bbs_config("[types.binary]\nf1 = 0.5\nw1 = " + w1 + "\nw2 = " + w2 + "\n" + SMALL))
            .binary->menu;
    };
    const bbs::BinaryMenu vertical = run("{w = 0.5, s = 1.0}", "{w = 1.0, s = 1.0}");
    CHECK_FALSE(vertical.full_surplus);
    CHECK(vertical.high == 1);
    CHECK(vertical.extraction_margin > 0);
    // H's IC binds: H is indifferent between its item and L's.
    CHECK(vertical.value[1][1] - vertical.item[1].transfer ==
          Approx(vertical.value[1][0] - vertical.item[0].transfer).epsilon(1e-9));
    const bbs::BinaryMenu disjoint =
        run("{nodes = [0, 0.5, 1], values = [1.0, 0.0]}", "{nodes = [0, 0.5, 1], values = [0.0, 1.2]}");
    CHECK(disjoint.full_surplus);
    // Full extraction: each type pays its whole value of its own item.
    for (int i = 0; i < 2; ++i) CHECK(disjoint.item[i].transfer == Approx(disjoint.value[i][i]).epsilon(1e-9));
}
