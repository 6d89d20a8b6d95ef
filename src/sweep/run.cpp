#include "beliefsim/sweep/run.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/menu_file.hpp"
#include "beliefsim/io/schema.hpp"
#include "beliefsim/io/simulation_file.hpp"

namespace beliefsim::sweep {
using io::Grid;
using io::Point;
using io::Setting;

namespace {

namespace fs = std::filesystem;
namespace st = io::schema::stopping_time;
namespace sc = io::schema::sweep;

std::string hex(std::uint64_t x) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
    return buf;
}

std::string point_name(std::size_t index) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06zu", index);
    return buf;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs one point and commits it as its own file.
void run_point(const Point& p, const Grid& grid, const SweepOptions& options, const fs::path& file) {
    const auto stamp = [&](const io::File& f) {
        io::write_attribute(f, sc::FINGERPRINT, hex(grid.fingerprint));
        io::write_attribute(f, sc::POINT_INDEX, static_cast<std::uint64_t>(p.index));
    };
    const io::Overrides overrides{std::nullopt, options.threads, std::nullopt};
    if (grid.menu) {
        app::MenuSpec spec = io::parse_menu_config(p.config, options.config_dir);
        io::apply_overrides(spec.simulation, overrides);
        const app::MenuRun run = io::with_fields(io::menu_fields(), [&] { return app::run_menu(std::move(spec)); });
        io::write_atomically(file, io::simulation_provenance(run.simulation, p.config), [&](const io::File& f) {
            io::write_menu_run_groups(f, run);
            stamp(f);
        });
        return;
    }
    app::SimulationSpec spec = io::parse_simulation_config(p.config);
    io::apply_overrides(spec, overrides);
    const app::SimulationResult result =
        io::with_fields(io::simulation_fields(), [&] { return app::simulate(std::move(spec)); });
    io::write_atomically(file, io::simulation_provenance(result, p.config), [&](const io::File& f) {
        io::write_simulation_groups(f, result);
        stamp(f);
    });
}

/// Parses the point's config as its run would (errors name the field).
void validate_point(const Point& p, const Grid& grid, const SweepOptions& options) {
    if (grid.menu)
        (void)io::parse_menu_config(p.config, options.config_dir);
    else
        (void)io::parse_simulation_config(p.config);
}

/// A committed point file of this sweep, or a clear refusal.
void check_point_file(const fs::path& file, const Grid& grid) {
    const auto refuse = [&](const std::string& why) {
        return ConfigError("--resume",
                           "point file '" + file.string() + "' " + why + ": remove it to recompute the point");
    };
    try {
        const io::File f = io::File::open_read(file);
        if (!io::has_attribute(f, sc::FINGERPRINT) || io::attribute_text(f, sc::FINGERPRINT) != hex(grid.fingerprint))
            throw refuse("belongs to another sweep");
        if (!io::exists(f, st::MEAN)) throw refuse("is incomplete");
    } catch (const ConfigError& e) {
        if (e.field() == "--resume") throw;
        throw refuse("is damaged (" + e.rule() + ")");
    } catch (const Error& e) {
        throw refuse(std::string("is damaged (") + e.what() + ")");
    }
}

double scalar(const io::File& f, const std::string& path) { return io::read_doubles(io::open_dataset(f, path)).at(0); }

void assemble(const Grid& grid, const fs::path& dir, const fs::path& out) {
    io::write_atomically(out, {}, [&](const io::File& file) {
        const io::Group sweep = io::create_group(file, sc::GROUP);
        io::write_attribute(sweep, "fingerprint", hex(grid.fingerprint));
        io::write_attribute(sweep, "points", static_cast<std::uint64_t>(grid.points.size()));
        std::string keys;
        for (const auto& k : grid.keys) keys += (keys.empty() ? "" : "\n") + k;
        io::write_attribute(sweep, "keys", keys);

        std::map<std::string, std::vector<double>> results;
        std::vector<std::uint64_t> index, seed;
        bool all_exact = true, all_menu = true;
        for (const Point& p : grid.points) {
            const io::File pf = io::File::open_read(dir / (point_name(p.index) + ".h5"));
            const std::string group = io::schema::child(sc::POINTS, point_name(p.index));
            io::copy_object(pf, "/", file, group);
            const io::Group g = io::open_group(file, group);
            for (const Setting& s : p.settings) {
                if (s.number)
                    io::write_attribute(g, s.key, *s.number);
                else
                    io::write_attribute(g, s.key, s.text);
            }
            io::write_attribute(g, "seed", p.seed);
            index.push_back(p.index);
            seed.push_back(p.seed);
            for (const char* path : {st::MEAN, st::MEAN_STDERR, st::VARIANCE, st::VARIANCE_STDERR})
                results[std::string("stopping_time.") + (path + std::string(st::GROUP).size() + 1)].push_back(
                    scalar(pf, path));
            all_exact = all_exact && io::exists(pf, io::schema::exact::GROUP);
            if (all_exact)
                results["exact.mean"].push_back(
                    io::read_numeric_attribute(io::open_group(pf, io::schema::exact::GROUP), io::schema::exact::MEAN)
                        .at(0));
            all_menu = all_menu && io::exists(pf, io::schema::menu::GROUP);
            if (all_menu)
                for (const char* name : {"revenue", "revenue_stderr", "max_ic_violation", "max_ir_violation"})
                    results[std::string("menu.") + name].push_back(
                        io::read_numeric_attribute(io::open_group(pf, io::schema::menu::GROUP), name).at(0));
        }
        const io::Dataset rows = io::write_dataset(file, io::schema::child(sc::SUMMARY, "index"), index,
                                                   {"grid point index (/points/NNNNNN)", ""});
        std::vector<io::Dataset> columns;
        columns.push_back(io::write_dataset(file, io::schema::child(sc::SUMMARY, "seed"), seed,
                                            {"the point's derived simulation.seed", ""}));
        for (const auto& key : grid.keys) {
            bool numeric = true;
            std::vector<double> numbers;
            std::vector<std::string> texts;
            for (const Point& p : grid.points)
                for (const Setting& s : p.settings)
                    if (s.key == key) {
                        numeric = numeric && s.number.has_value();
                        numbers.push_back(s.number.value_or(0));
                        texts.push_back(s.text);
                    }
            const io::Meta meta{"swept value of " + key, ""};
            columns.push_back(numeric ? io::write_dataset(file, io::schema::child(sc::SUMMARY, key), numbers, meta)
                                      : io::write_strings(file, io::schema::child(sc::SUMMARY, key), texts, meta));
        }
        for (const auto& [name, values] : results) {
            if (values.size() != grid.points.size()) continue; // not every point has it
            columns.push_back(io::write_dataset(file, io::schema::child(sc::SUMMARY, name), values,
                                                {"scalar result " + name + " per point", ""}));
        }
        io::attach_scale(rows, "index", columns, 0);
    });
}

/// Creates `<out>.points` with its FINGERPRINT, or checks that it belongs to this sweep.
void prepare_directory(const Grid& grid, const SweepOptions& options, const fs::path& dir) {
    const fs::path marker = dir / "FINGERPRINT";
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!options.resume)
            throw ConfigError("--resume", "'" + dir.string() +
                                              "' holds a sweep's finished points: add --resume to "
                                              "continue it, or remove the directory");
        const std::string found = read_text(marker);
        if (found != hex(grid.fingerprint) + "\n")
            throw ConfigError("--resume", "'" + dir.string() + "' belongs to another sweep (fingerprint " +
                                              (found.empty() ? std::string("missing") : found.substr(0, 16)) +
                                              ", this config " + hex(grid.fingerprint) + ")");
        return;
    }
    fs::create_directories(dir);
    const fs::path tmp = marker.string() + ".tmp";
    std::ofstream(tmp) << hex(grid.fingerprint) << '\n';
    fs::rename(tmp, marker);
}

} // namespace

fs::path points_directory(const fs::path& out) { return fs::path(out.string() + ".points"); }

SweepReport run_sweep(const Grid& grid, const SweepOptions& options) {
    const fs::path dir = points_directory(options.out);
    std::error_code ec;
    const bool distributed = options.mpi != nullptr && options.mpi->size() > 1;
    if (!distributed || options.mpi->rank() == 0) prepare_directory(grid, options, dir);
    if (distributed) options.mpi->barrier(); // the directory is ready before any rank claims
    for (const Point& p : grid.points) validate_point(p, grid, options);
    SweepReport report;
    report.total = grid.points.size();
    std::size_t finished = 0;
    /// Reuses or computes one point; false when a stop was requested first.
    const auto handle = [&](const Point& p) {
        const fs::path file = dir / (point_name(p.index) + ".h5");
        if (fs::exists(file, ec)) {
            check_point_file(file, grid);
            ++report.reused;
        } else {
            if (options.stop != nullptr && options.stop->load()) return false;
            run_point(p, grid, options, file);
            ++report.computed;
        }
        return true;
    };
    if (distributed) {
        for (std::size_t k = options.mpi->claim(); k < grid.points.size(); k = options.mpi->claim()) {
            if (!handle(grid.points[k])) {
                report.interrupted = true;
                break;
            }
            if (options.progress) options.progress(++finished, grid.points.size());
        }
        options.mpi->barrier(); // every claimed point is committed
        if (options.mpi->rank() != 0) return report;
    } else {
        for (const Point& p : grid.points) {
            if (p.index % options.shard.count != options.shard.index) continue;
            if (!handle(p)) {
                report.interrupted = true;
                break;
            }
            if (options.progress) options.progress(++finished, grid.points.size() / options.shard.count);
        }
    }
    if (report.interrupted) return report;
    for (const Point& p : grid.points)
        if (!fs::exists(dir / (point_name(p.index) + ".h5"), ec)) return report; // another shard's
    assemble(grid, dir, options.out);
    report.assembled = true;
    return report;
}

} // namespace beliefsim::sweep
