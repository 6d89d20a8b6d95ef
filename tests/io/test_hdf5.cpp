// HDF5 RAII layer and the simulate file layout: round trips, descriptions, dimension scales,
// temp-then-rename, and refusal of non-beliefsim files.

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../support.hpp"
#include "beliefsim/app/simulate.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/schema.hpp"
#include "beliefsim/io/simulation_file.hpp"
#include "beliefsim/io/summary.hpp"

namespace fs = std::filesystem;
namespace io = beliefsim::io;

using beliefsim::test::TempDir;

namespace {

beliefsim::app::SimulationResult small_run(std::uint64_t raw_samples) {
    beliefsim::app::SimulationSpec spec;
    spec.model = {.states = 2,
                  .prior = {0.5, 0.5},
                  .entropy = "quadratic",
                  .entropy_parameter = std::nullopt,
                  .chi = 0.125,
                  .process = "greedy"};
    spec.plan = {.paths = 2000, .block_size = 256, .seed = 3, .threads = 1};
    spec.estimators.histogram_max = 0;
    spec.estimators.ecdf_max = 0;
    spec.estimators.laplace_r = {0.5, 1.0};
    spec.estimators.raw_sample_cap = raw_samples;
    return beliefsim::app::simulate(spec);
}

} // namespace

TEST_CASE("io.hdf5: datasets and attributes round-trip with description and units", "[unit]") {
    TempDir dir;
    const fs::path file_path = dir.path / "a.h5";
    {
        io::File file = io::File::create(file_path);
        const std::vector<double> x = {0.0, 0.5, 1.0};
        const std::vector<std::uint64_t> counts = {1, 2, 3, 4, 5, 6};
        const io::Dataset t = io::write_dataset(file, "g/sub/t", x, {"grid", "model time"});
        const io::Dataset y = io::write_dataset(file, "g/sub/y", std::vector<double>{1, 2, 3}, {"values", ""});
        (void)io::write_dataset(file, "g/m", counts, io::Shape2{2, 3}, {"a matrix", ""});
        (void)io::write_dataset(file, "g/empty", std::vector<double>{}, {"nothing", ""});
        (void)io::write_scalar(file, "g/s", std::int32_t{-4}, {"a scalar", ""});
        (void)io::write_string(file, "text", "héllo\nworld", {"some text", ""});
        io::attach_scale(t, "t", std::array{&y});
        io::write_attribute(file, "name", std::string_view("value"));
        io::write_attribute(file, "n", std::int64_t{12});
        io::write_attribute(file, "x", 0.25);
        const std::vector<double> prior = {0.5, 0.3, 0.2};
        io::write_attribute(file, "prior", std::span<const double>(prior));
        io::write_attribute(file, "x", 0.75); // replaces
        CHECK_THROWS_AS(io::write_dataset(file, "bad", counts, io::Shape2{4, 2}, {"", ""}), beliefsim::InvalidArgument);
        file.close();
    }
    const io::File file = io::File::open_read(file_path);
    CHECK(io::list_datasets(file) ==
          std::vector<std::string>{"/g/empty", "/g/m", "/g/s", "/g/sub/t", "/g/sub/y", "/text"});
    for (const auto& name : io::list_datasets(file)) {
        INFO(name);
        CHECK(io::has_attribute(io::open_dataset(file, name), io::schema::DESCRIPTION));
    }
    const io::Dataset t = io::open_dataset(file, "/g/sub/t");
    CHECK(io::read_doubles(t) == std::vector<double>{0.0, 0.5, 1.0});
    CHECK(io::read_string_attribute(t, "units") == "model time");
    CHECK_FALSE(io::has_attribute(io::open_dataset(file, "g/sub/y"), "units"));
    CHECK(io::scale_count(io::open_dataset(file, "g/sub/y")) == 1);
    CHECK(io::shape(io::open_dataset(file, "g/m")) == std::vector<std::size_t>{2, 3});
    CHECK(io::read_doubles(io::open_dataset(file, "g/m")) == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(io::read_doubles(io::open_dataset(file, "g/empty")).empty());
    CHECK(io::shape(io::open_dataset(file, "g/s")).empty());
    CHECK(io::read_doubles(io::open_dataset(file, "g/s")) == std::vector<double>{-4});
    CHECK(io::read_string(io::open_dataset(file, "text")) == "héllo\nworld");
    CHECK(io::attribute_names(file) == std::vector<std::string>{"n", "name", "prior", "x"});
    CHECK(io::attribute_text(file, "name") == "value");
    CHECK(io::attribute_text(file, "n") == "12");
    CHECK(io::attribute_text(file, "x") == "0.75");
    CHECK(io::attribute_text(file, "prior") == "[0.5, 0.3, 0.2]");
    CHECK(io::exists(file, "/g/sub/t"));
    CHECK_FALSE(io::exists(file, "/g/nope/t"));
    CHECK_FALSE(io::exists(file, "missing"));
    CHECK_THROWS_AS(io::open_dataset(file, "missing"), beliefsim::Error);
}

TEST_CASE("io.hdf5: opening a missing or non-HDF5 file is a config error naming it", "[unit][bad-input]") {
    TempDir dir;
    CHECK_THROWS_WITH(io::File::open_read(dir.path / "none.h5"), (dir.path / "none.h5").string() + ": no such file");
    std::ofstream(dir.path / "text.h5") << "not hdf5\n";
    CHECK_THROWS_AS(io::File::open_read(dir.path / "text.h5"), beliefsim::ConfigError);
    {
        io::File other = io::File::create(dir.path / "other.h5");
        io::write_attribute(other, "tool", std::string_view("something else"));
    }
    CHECK_THROWS_WITH(io::summarize_file(dir.path / "other.h5"), Catch::Matchers::Contains("not a beliefsim output"));
}

TEST_CASE("io.hdf5: write_simulation writes the SPEC layout and renames only when complete", "[unit]") {
    namespace st = io::schema::stopping_time;
    namespace ex = io::schema::exact;
    TempDir dir;
    const auto result = small_run(50);
    const fs::path out = dir.path / "run.h5";
    const std::string config = "# the TOML text as run\n";
    io::write_simulation(result, config, out);
    CHECK(fs::exists(out));
    CHECK_FALSE(fs::exists(io::temporary_path(out)));

    const io::File file = io::File::open_read(out);
    for (const char* attr :
         {io::schema::root::TOOL, io::schema::root::VERSION, io::schema::root::GIT_SHA1, io::schema::root::CREATED_UTC,
          io::schema::root::SEED, io::schema::root::THREADS, io::schema::root::PATHS})
        CHECK(io::has_attribute(file, attr));
    CHECK(io::attribute_text(file, io::schema::root::TOOL) == "beliefsim");
    CHECK(io::attribute_text(file, io::schema::root::SEED) == "3");
    CHECK(io::read_string(io::open_dataset(file, io::schema::CONFIG)) == config);
    const io::Group model = io::open_group(file, io::schema::MODEL);
    CHECK(io::attribute_text(model, "prior") == "[0.5, 0.5]");
    CHECK(io::attribute_text(model, "entropy") == "quadratic");
    for (const char* path : {st::MEAN,
                             st::MEAN_STDERR,
                             st::VARIANCE,
                             st::VARIANCE_STDERR,
                             st::HISTOGRAM_EDGES,
                             st::HISTOGRAM_COUNTS,
                             st::HISTOGRAM_OVERFLOW,
                             st::ECDF_T,
                             st::ECDF_F,
                             st::ECDF_F_STDERR,
                             st::ECDF_F_BY_STATE,
                             st::LAPLACE_R,
                             st::LAPLACE_MEAN,
                             st::LAPLACE_STDERR,
                             st::TERMINAL_FREQ,
                             st::TERMINAL_FREQ_STDERR,
                             st::RAW_TAU,
                             st::RAW_STATE,
                             ex::T,
                             ex::SURVIVAL,
                             ex::DENSITY,
                             ex::STATE_DENSITY,
                             ex::STATE_CDF,
                             ex::LAPLACE,
                             ex::TERMINAL_PROBABILITY,
                             ex::PHASE_TIMES}) {
        INFO(path);
        REQUIRE(io::exists(file, path));
        CHECK(io::has_attribute(io::open_dataset(file, path), io::schema::DESCRIPTION));
    }
    CHECK(io::read_doubles(io::open_dataset(file, st::MEAN)).at(0) == result.estimates.mean.value);
    CHECK(io::read_doubles(io::open_dataset(file, st::RAW_TAU)).size() == 50);
    CHECK(io::shape(io::open_dataset(file, st::ECDF_F_BY_STATE)) ==
          std::vector<std::size_t>{2, result.estimates.ecdf_t.size()});
    CHECK(io::scale_count(io::open_dataset(file, st::ECDF_F), 0) == 1);
    CHECK(io::scale_count(io::open_dataset(file, st::ECDF_F_BY_STATE), 1) == 1);
    CHECK(io::scale_count(io::open_dataset(file, ex::LAPLACE), 0) == 1);
    const auto mean = io::read_numeric_attribute(io::open_group(file, ex::GROUP), ex::MEAN);
    CHECK(mean.at(0) == result.exact->mean);

    const std::string summary = io::summarize_file(out);
    CHECK_THAT(summary, Catch::Matchers::Contains("E[tau]"));
    CHECK_THAT(summary, Catch::Matchers::Contains("entropy = quadratic"));
    CHECK_THAT(summary, Catch::Matchers::Contains(st::ECDF_F));
}

TEST_CASE("io.hdf5: raw samples are written only when requested", "[unit]") {
    TempDir dir;
    io::write_simulation(small_run(0), "", dir.path / "run.h5");
    const io::File file = io::File::open_read(dir.path / "run.h5");
    CHECK_FALSE(io::exists(file, io::schema::stopping_time::RAW_TAU));
}

TEST_CASE("io.hdf5: a failed write leaves neither the file nor its temporary", "[unit][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "missing-dir" / "run.h5";
    CHECK_THROWS_AS(io::write_simulation(small_run(0), "", out), beliefsim::Error);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(io::temporary_path(out)));
    // Rename onto a directory fails after the whole file was written: the temporary must go too.
    fs::create_directory(dir.path / "taken.h5");
    fs::create_directory(dir.path / "taken.h5" / "child");
    CHECK_THROWS_AS(io::write_simulation(small_run(0), "", dir.path / "taken.h5"), beliefsim::Error);
    CHECK_FALSE(fs::exists(io::temporary_path(dir.path / "taken.h5")));
}

TEST_CASE("io.hdf5: a file already named like the temporary is neither written nor removed", "[unit][bad-input]") {
    TempDir dir;
    const fs::path out = dir.path / "run.h5";
    std::ofstream(io::temporary_path(out)) << "another process's file";
    const auto text = [&] {
        std::ifstream in(io::temporary_path(out));
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    CHECK_THROWS_AS(io::write_simulation(small_run(0), "", out), beliefsim::ConfigError);
    CHECK(text() == "another process's file");
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("io.hdf5: the file layer writes the provenance a run has, and only that", "[unit]") {
    TempDir dir;
    io::write_atomically(dir.path / "bare.h5", {}, [](const io::File& f) { io::write_attribute(f, "x", 1.0); });
    io::write_atomically(dir.path / "run.h5", {.config = "a = 1\n", .seed = 7, .threads = 2}, [](const io::File&) {});
    const io::File bare = io::File::open_read(dir.path / "bare.h5");
    CHECK(io::attribute_text(bare, io::schema::root::TOOL) == "beliefsim");
    CHECK(io::has_attribute(bare, io::schema::root::CREATED_UTC));
    CHECK(io::attribute_text(bare, "x") == "1");
    CHECK_FALSE(io::has_attribute(bare, io::schema::root::SEED));
    CHECK_FALSE(io::exists(bare, io::schema::CONFIG));
    const io::File run = io::File::open_read(dir.path / "run.h5");
    CHECK(io::attribute_text(run, io::schema::root::SEED) == "7");
    CHECK(io::attribute_text(run, io::schema::root::THREADS) == "2");
    CHECK_FALSE(io::has_attribute(run, io::schema::root::PATHS));
    CHECK(io::read_string(io::open_dataset(run, io::schema::CONFIG)) == "a = 1\n");
}
