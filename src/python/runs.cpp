// The commands as Python functions: the same io parsers, app runs and io writers as src/cli, with
// the GIL released while a run computes and Ctrl-C checked between its waves of paths.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "beliefsim/app/bbs_run.hpp"
#include "beliefsim/app/exact_law.hpp"
#include "beliefsim/app/menu_run.hpp"
#include "beliefsim/app/registry.hpp"
#include "beliefsim/app/reproduce.hpp"
#include "beliefsim/app/simulate.hpp"
#include "beliefsim/app/ttc_run.hpp"
#include "beliefsim/io/bbs_config.hpp"
#include "beliefsim/io/bbs_file.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/config_text.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/menu_file.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/point_results.hpp"
#include "beliefsim/io/reproduce_file.hpp"
#include "beliefsim/io/simulation_file.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "beliefsim/io/ttc_file.hpp"
#include "beliefsim/sweep/run.hpp"
#include "bindings.hpp"

namespace beliefsim::python {
namespace {

namespace fs = std::filesystem;
using Settings = std::vector<std::string>;

/// A finished run and the config text it ran from (its provenance when written).
template <class Run>
struct Completed {
    Run run;
    std::string config;
};

void write(const Completed<app::SimulationResult>& r, const fs::path& out) {
    io::write_simulation(r.run, r.config, out);
}
void write(const Completed<app::MenuRun>& r, const fs::path& out) { io::write_menu_run(r.run, r.config, out); }
void write(const Completed<app::BbsRun>& r, const fs::path& out) { io::write_bbs_run(r.run, r.config, out); }
void write(const Completed<app::TtcRun>& r, const fs::path& out) { io::write_ttc_run(r.run, r.config, out); }
void write(const Completed<app::Reproduction>& r, const fs::path& out) { io::write_reproduction(r.run, out); }

/// The Python callable a run reports to, released under the GIL whichever thread drops the last
/// copy of the callback holding it (std::function copies it without the GIL).
struct Reporter {
    py::object report;
    ~Reporter() {
        py::gil_scoped_acquire gil;
        report = py::object();
    }
};

/// The progress callback of a run started from Python. mc::run calls it between waves of blocks on
/// the calling thread, outside the OpenMP region: it takes the GIL for a moment and lets Python
/// handle a pending signal; Ctrl-C's KeyboardInterrupt leaves the run as py::error_already_set
/// before anything is written. `report` (a callable (done, total) or None) draws the progress.
mc::ProgressCallback interruptible(py::object report) {
    auto reporter = std::make_shared<Reporter>();
    reporter->report = std::move(report);
    return [reporter](std::uint64_t done, std::uint64_t total) {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (!reporter->report.is_none()) reporter->report(done, total);
    };
}

/// The spec `parse` makes of `text`; when it breaks a rule, every error at once (as the CLI lists
/// them).
template <class Parse>
auto parse_config(const std::string& text, const Parse& parse) {
    try {
        return parse(text);
    } catch (const ConfigError&) {
        throw ConfigErrors{io::config_errors(text, [&](std::string_view t) { (void)parse(t); })};
    }
}

std::unique_ptr<Completed<app::SimulationResult>> simulate(const std::string& text, const Settings& settings,
                                                           std::optional<std::uint64_t> seed,
                                                           std::optional<std::int64_t> threads,
                                                           std::optional<std::int64_t> paths, py::object progress) {
    auto out = std::make_unique<Completed<app::SimulationResult>>();
    out->config = io::apply_settings(text, settings);
    app::SimulationSpec spec = parse_config(out->config, io::parse_simulation_config);
    io::apply_overrides(spec, {seed, threads, paths});
    const mc::ProgressCallback callback = interruptible(std::move(progress));
    py::gil_scoped_release release;
    out->run = io::with_fields(io::simulation_fields(), [&] { return app::simulate(std::move(spec), callback); });
    return out;
}

std::unique_ptr<Completed<app::MenuRun>> menu(const std::string& text, const fs::path& config_dir,
                                              const Settings& settings, std::optional<std::uint64_t> seed,
                                              std::optional<std::int64_t> threads, std::optional<std::int64_t> paths,
                                              py::object progress) {
    auto out = std::make_unique<Completed<app::MenuRun>>();
    out->config = io::apply_settings(text, settings);
    app::MenuSpec spec =
        parse_config(out->config, [&](std::string_view t) { return io::parse_menu_config(t, config_dir); });
    io::apply_overrides(spec.simulation, {seed, threads, paths});
    const mc::ProgressCallback callback = interruptible(std::move(progress));
    py::gil_scoped_release release;
    out->run = io::with_fields(io::menu_fields(), [&] { return app::run_menu(std::move(spec), callback); });
    return out;
}

std::unique_ptr<Completed<app::BbsRun>> bbs(const std::string& text, const fs::path& config_dir,
                                            const Settings& settings, std::optional<std::int64_t> seed,
                                            std::optional<std::int64_t> threads) {
    const std::string config = io::apply_settings(text, settings);
    app::BbsSpec spec = parse_config(config, [&](std::string_view t) { return io::parse_bbs_config(t, config_dir); });
    io::apply_bbs_overrides(spec, seed, threads);
    py::gil_scoped_release release;
    return std::make_unique<Completed<app::BbsRun>>(
        Completed<app::BbsRun>{io::with_fields(io::bbs_run_fields(), [&] { return app::run_bbs(spec); }), config});
}

std::unique_ptr<Completed<app::TtcRun>> ttc(const std::string& text, const fs::path& config_dir,
                                            const Settings& settings, std::optional<std::int64_t> seed,
                                            std::optional<std::int64_t> threads) {
    const std::string config = io::apply_settings(text, settings);
    app::TtcSpec spec = parse_config(config, [&](std::string_view t) { return io::parse_ttc_config(t, config_dir); });
    io::apply_ttc_overrides(spec, seed, threads);
    py::gil_scoped_release release;
    return std::make_unique<Completed<app::TtcRun>>(Completed<app::TtcRun>{app::run_ttc(spec), config});
}

std::unique_ptr<Completed<app::Reproduction>> reproduce(const std::string& name) {
    py::gil_scoped_release release;
    return std::make_unique<Completed<app::Reproduction>>(Completed<app::Reproduction>{app::reproduce(name), {}});
}

/// The exact law a `simulate` run of the config would tabulate, without the run.
py::dict exact_law(const std::string& text, const Settings& settings) {
    app::SimulationSpec spec = parse_config(io::apply_settings(text, settings), io::parse_simulation_config);
    const app::ExactLaw law = io::with_fields(io::simulation_fields(), [&] { return app::exact_law(spec); });
    py::dict d;
    d["source"] = law.source;
    d["t"] = law.t;
    d["survival"] = law.survival;
    d["density"] = law.density;
    d["state_density"] = law.state_density;
    d["state_cdf"] = law.state_cdf;
    d["states"] = spec.model.states;
    d["r"] = spec.estimators.laplace_r;
    d["laplace"] = law.laplace;
    d["terminal_probability"] = law.terminal_probability;
    d["phase_times"] = law.phase_times;
    d["mean"] = law.mean;
    d["variance"] = law.variance;
    const std::optional<double> cap = app::time_cap(spec);
    d["time_cap"] = cap ? py::object(py::float_(*cap)) : py::none();
    return d;
}

/// A sweep (sweep/run.hpp) into `output`. Ctrl-C stops it at once, as in the CLI: the point being
/// computed is abandoned, the finished points stay committed (resume=True continues), `output` is
/// not written.
py::dict run_sweep(const std::string& text, const fs::path& config_dir, const Settings& settings,
                   const fs::path& output, std::optional<std::int64_t> threads, bool resume, bool force,
                   py::object progress) {
    const std::string config = io::apply_settings(text, settings);
    if (auto errors = io::grid_errors(config, config_dir); !errors.empty()) throw ConfigErrors{std::move(errors)};
    const io::Grid grid = io::make_grid(config);
    io::check_output(output, true); // the sweep checks its own output and points
    if (threads && *threads < 0) throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*threads) + ")");
    sweep::SweepOptions options;
    options.out = output;
    options.config_dir = config_dir;
    options.resume = resume;
    options.force = force;
    options.threads = threads;
    options.progress = interruptible(std::move(progress));
    sweep::SweepReport report;
    {
        py::gil_scoped_release release;
        report = sweep::run_sweep(grid, options);
    }
    py::dict d;
    d["computed"] = report.computed;
    d["reused"] = report.reused;
    d["total"] = report.total;
    d["missing"] = report.missing;
    d["assembled"] = report.assembled;
    return d;
}

template <class Run>
py::class_<Completed<Run>> bind_completed(py::module_& m, const char* name, const char* doc) {
    return py::class_<Completed<Run>>(m, name, doc)
        .def_property_readonly(
            "config", [](const Completed<Run>& r) { return r.config; }, "the TOML text the run ran from")
        .def(
            "write",
            [](const Completed<Run>& r, const fs::path& out) {
                io::check_output(out, true);
                py::gil_scoped_release release;
                write(r, out);
            },
            py::arg("path"),
            "Writes the file the CLI writes for this run (atomically: a temporary name, then the rename).");
}

} // namespace

void add_runs(py::module_& m) {
    bind_completed<app::SimulationResult>(m, "SimulationRun", "A finished `simulate` run.");
    bind_completed<app::MenuRun>(m, "MenuRun", "A finished `menu` run.");
    bind_completed<app::BbsRun>(m, "BbsRun", "A finished `bbs` run.");
    bind_completed<app::TtcRun>(m, "TtcRun", "A finished `ttc` run.");
    bind_completed<app::Reproduction>(m, "Reproduction", "A finished `reproduce` example.")
        .def_property_readonly(
            "numbers",
            [](const Completed<app::Reproduction>& r) {
                py::list out;
                for (const PaperNumber& n : r.run.numbers)
                    out.append(py::dict(py::arg("quantity") = n.quantity, py::arg("paper") = n.paper,
                                        py::arg("ours") = n.ours, py::arg("tolerance") = n.tolerance,
                                        py::arg("agrees") = n.agrees(), py::arg("note") = n.note));
                return out;
            },
            "every number of the example: quantity, paper, ours, tolerance, agrees, note");

    using py::arg;
    m.def("simulate", &simulate, arg("text"), arg("settings"), arg("seed"), arg("threads"), arg("paths"),
          arg("progress"));
    m.def("menu", &menu, arg("text"), arg("config_dir"), arg("settings"), arg("seed"), arg("threads"), arg("paths"),
          arg("progress"));
    m.def("bbs", &bbs, arg("text"), arg("config_dir"), arg("settings"), arg("seed"), arg("threads"));
    m.def("ttc", &ttc, arg("text"), arg("config_dir"), arg("settings"), arg("seed"), arg("threads"));
    m.def("reproduce", &reproduce, arg("name"));
    m.def("reproduction_names", &app::reproduction_names);
    m.def("exact_law", &exact_law, arg("text"), arg("settings"));
    m.def("sweep", &run_sweep, arg("text"), arg("config_dir"), arg("settings"), arg("output"), arg("threads"),
          arg("resume"), arg("force"), arg("progress"));

    m.def("read_config_file", &io::read_config_file, arg("path"));
    m.def("config_kind", [](const std::string& text) { return std::string(io::command_name(io::config_kind(text))); });
    m.def(
        "check_output", [](const fs::path& path, bool force) { io::check_output(path, force); }, arg("path"),
        arg("force"));
    m.def("record_invocation", &io::record_invocation, arg("command_line"));
    m.def(
        "point_results", [](const fs::path& path) { return io::point_results(io::File::open_read(path)); },
        arg("path"));
}

} // namespace beliefsim::python
