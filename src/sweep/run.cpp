#include "beliefsim/sweep/run.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <type_traits>
#include <variant>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/menu_file.hpp"
#include "beliefsim/io/point_results.hpp"
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

// The swept value as a point attribute, in its natural type.
void write_setting(const io::Group& g, const Setting& s) {
    std::visit(
        [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::vector<double>>)
                io::write_attribute(g, s.key, std::span<const double>(v));
            else
                io::write_attribute(g, s.key, v);
        },
        s.value);
}

// The /summary column(s) of one swept key: integers as integers, numbers as doubles, lists of
// numbers of one length as one column per entry ("KEY[i]"), anything else as strings.
void write_key_columns(const io::File& file, const Grid& grid, std::size_t k, std::vector<io::Dataset>& columns) {
    const std::string& key = grid.keys[k];
    const auto all = [&](auto test) {
        return std::all_of(grid.points.begin(), grid.points.end(),
                           [&](const Point& p) { return test(p.settings[k].value); });
    };
    const io::Meta meta{"swept value of " + key, ""};
    const auto path = [&](const std::string& name) { return io::schema::child(sc::SUMMARY, name); };
    if (all([](const io::SettingValue& v) { return std::holds_alternative<std::int64_t>(v); })) {
        std::vector<std::int64_t> values;
        for (const Point& p : grid.points) values.push_back(std::get<std::int64_t>(p.settings[k].value));
        columns.push_back(io::write_dataset(file, path(key), values, meta));
    } else if (all([](const io::SettingValue& v) {
                   return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
               })) {
        std::vector<double> values;
        for (const Point& p : grid.points)
            values.push_back(std::visit(
                [](const auto& v) -> double {
                    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(v)>>)
                        return static_cast<double>(v);
                    else
                        return 0; // unreachable: checked above
                },
                p.settings[k].value));
        columns.push_back(io::write_dataset(file, path(key), values, meta));
    } else if (const auto* first = std::get_if<std::vector<double>>(&grid.points.front().settings[k].value);
               first != nullptr && all([&](const io::SettingValue& v) {
                   const auto* list = std::get_if<std::vector<double>>(&v);
                   return list != nullptr && list->size() == first->size();
               })) {
        for (std::size_t i = 0; i < first->size(); ++i) {
            std::vector<double> values;
            for (const Point& p : grid.points) values.push_back(std::get<std::vector<double>>(p.settings[k].value)[i]);
            const std::string name = key + "[" + std::to_string(i) + "]";
            columns.push_back(io::write_dataset(file, path(name), values,
                                                {"entry " + std::to_string(i) + " of the swept " + key, ""}));
        }
    } else {
        std::vector<std::string> values;
        for (const Point& p : grid.points) {
            const auto* text = std::get_if<std::string>(&p.settings[k].value);
            values.push_back(text != nullptr ? *text : p.settings[k].text);
        }
        columns.push_back(io::write_strings(file, path(key), values, meta));
    }
}

void assemble(const Grid& grid, const fs::path& dir, const fs::path& out) {
    io::write_atomically(out, {}, [&](const io::File& file) {
        const io::Group sweep = io::create_group(file, sc::GROUP);
        io::write_attribute(sweep, "fingerprint", hex(grid.fingerprint));
        io::write_attribute(sweep, "points", static_cast<std::uint64_t>(grid.points.size()));
        io::write_attribute(sweep, "base_seed", grid.base_seed);
        const io::Dataset key = io::write_index(file, io::schema::child(sc::GROUP, "key"), grid.keys.size(),
                                                {"index of the swept key", ""});
        const io::Dataset keys = io::write_strings(file, io::schema::child(sc::GROUP, "keys"), grid.keys,
                                                   {"the swept keys, in grid order", ""});
        io::attach_scale(key, "key", std::array{&keys}, 0);
        (void)io::write_string(file, io::schema::child(sc::GROUP, "table"), grid.table,
                               {"the [sweep] table as run (TOML)", ""});

        // Result columns in order of first appearance; a point without one gets NaN there.
        std::vector<std::string> names;
        std::map<std::string, std::vector<double>> results;
        std::vector<std::uint64_t> index, seed;
        for (std::size_t i = 0; i < grid.points.size(); ++i) {
            const Point& p = grid.points[i];
            const io::File pf = io::File::open_read(dir / (point_name(p.index) + ".h5"));
            const std::string group = io::schema::child(sc::POINTS, point_name(p.index));
            io::copy_object(pf, "/", file, group);
            const io::Group g = io::open_group(file, group);
            for (const Setting& s : p.settings) write_setting(g, s);
            io::write_attribute(g, "seed", p.seed);
            index.push_back(p.index);
            seed.push_back(p.seed);
            for (const auto& [name, value] : io::point_results(pf)) {
                auto [column, added] = results.try_emplace(name, grid.points.size(), std::nan(""));
                if (added) names.push_back(name);
                column->second[i] = value;
            }
        }
        const io::Dataset rows = io::write_dataset(file, io::schema::child(sc::SUMMARY, "index"), index,
                                                   {"grid point index (/points/NNNNNN)", ""});
        std::vector<io::Dataset> columns;
        columns.push_back(io::write_dataset(file, io::schema::child(sc::SUMMARY, "seed"), seed,
                                            {"the point's derived simulation.seed", ""}));
        for (std::size_t k = 0; k < grid.keys.size(); ++k) write_key_columns(file, grid, k, columns);
        for (const auto& name : names)
            columns.push_back(io::write_dataset(file, io::schema::child(sc::SUMMARY, name), results[name],
                                                {"result " + name + " of each point (NaN: the point has none)", ""}));
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
