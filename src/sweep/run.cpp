#include "beliefsim/sweep/run.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <span>
#include <type_traits>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/bbs_config.hpp"
#include "beliefsim/io/bbs_file.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/menu_file.hpp"
#include "beliefsim/io/point_results.hpp"
#include "beliefsim/io/schema.hpp"
#include "beliefsim/io/simulation_file.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "beliefsim/io/ttc_file.hpp"

namespace beliefsim::sweep {
using io::Grid;
using io::Point;
using io::Setting;

namespace {

namespace fs = std::filesystem;
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

/// The committed file of a point, named by its fingerprint.
fs::path point_file(const fs::path& dir, const Point& p) { return dir / (hex(p.fingerprint) + ".h5"); }

/// The work of a point in the progress's units: its paths (simulate, menu), else 1.
std::uint64_t work_of(const Point& p, const Grid& grid, const SweepOptions& options) {
    switch (grid.kind) {
    case io::PointKind::menu:
        return io::parse_menu_config(p.config, options.config_dir).simulation.plan.paths;
    case io::PointKind::simulate:
        return io::parse_simulation_config(p.config).plan.paths;
    default:
        return 1;
    }
}

/// Runs one point as its command would and commits it as its own file; `progress` sees the run's
/// (done, total) paths.
void run_point(const Point& p, const Grid& grid, const SweepOptions& options, const fs::path& file,
               const mc::ProgressCallback& progress) {
    fs::create_directories(file.parent_path()); // a failed shard may have removed the empty directory
    const io::Overrides overrides{std::nullopt, options.threads, std::nullopt};
    switch (grid.kind) {
    case io::PointKind::menu: {
        app::MenuSpec spec = io::parse_menu_config(p.config, options.config_dir);
        io::apply_overrides(spec.simulation, overrides);
        const app::MenuRun run =
            io::with_fields(io::menu_fields(), [&] { return app::run_menu(std::move(spec), progress); });
        io::write_atomically(file, io::simulation_provenance(run.simulation, p.config),
                             [&](const io::File& f) { io::write_menu_run_groups(f, run); });
        return;
    }
    case io::PointKind::simulate: {
        app::SimulationSpec spec = io::parse_simulation_config(p.config);
        io::apply_overrides(spec, overrides);
        const app::SimulationResult result =
            io::with_fields(io::simulation_fields(), [&] { return app::simulate(std::move(spec), progress); });
        io::write_atomically(file, io::simulation_provenance(result, p.config),
                             [&](const io::File& f) { io::write_simulation_groups(f, result); });
        return;
    }
    case io::PointKind::bbs: {
        app::BbsSpec spec = io::parse_bbs_config(p.config, options.config_dir);
        io::apply_bbs_overrides(spec, std::nullopt, options.threads);
        const app::BbsRun run = io::with_fields(io::bbs_run_fields(), [&] { return app::run_bbs(spec); });
        io::write_bbs_run(run, p.config, file);
        return;
    }
    case io::PointKind::convergence:
        throw ConfigError("sweep", "a convergence config cannot be swept");
    case io::PointKind::ttc: {
        app::TtcSpec spec = io::parse_ttc_config(p.config, options.config_dir);
        io::apply_ttc_overrides(spec, std::nullopt, options.threads);
        const app::TtcRun run = app::run_ttc(spec);
        io::write_ttc_run(run, p.config, file);
        return;
    }
    }
}

/// Parses the point's config as its run would (errors name the field).
void validate_point(const Point& p, const Grid& grid, const SweepOptions& options) {
    io::config_parser(grid.kind, options.config_dir)(p.config);
}

/// A committed file that holds exactly this point (its config as run), or a clear refusal.
void check_point_file(const fs::path& file, const Point& p) {
    const auto refuse = [&](const std::string& why) {
        return ConfigError("--resume", "point file '" + file.string() + "' " + why +
                                           ": remove it to recompute the point (or run with --force)");
    };
    try {
        const io::File f = io::File::open_read(file);
        if (!io::exists(f, io::schema::CONFIG) || io::read_string(io::open_dataset(f, io::schema::CONFIG)) != p.config)
            throw refuse("does not hold grid point " + std::to_string(p.index) + " (its config differs)");
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
        io::write_attribute(sweep, "common_random_numbers", static_cast<std::int64_t>(grid.common_random_numbers));
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
            const io::File pf = io::File::open_read(point_file(dir, p));
            const std::string group = io::schema::child(sc::POINTS, point_name(p.index));
            io::copy_object(pf, "/", file, group);
            const io::Group g = io::open_group(file, group);
            for (const Setting& s : p.settings) write_setting(g, s);
            io::write_attribute(g, "seed", p.seed);
            io::write_attribute(g, "fingerprint", hex(p.fingerprint));
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
        columns.push_back(io::write_dataset(
            file, io::schema::child(sc::SUMMARY, "seed"), seed,
            {"the point's seed (simulation.seed; monte_carlo.seed for bbs, curves.seed for ttc)", ""}));
        for (std::size_t k = 0; k < grid.keys.size(); ++k) write_key_columns(file, grid, k, columns);
        for (const auto& name : names)
            columns.push_back(io::write_dataset(file, io::schema::child(sc::SUMMARY, name), results[name],
                                                {"result " + name + " of each point (NaN: the point has none)", ""}));
        io::attach_scale(rows, "index", columns, 0);
    });
}

bool is_sweep_output(const fs::path& out) {
    try {
        return io::exists(io::File::open_read(out), sc::GROUP);
    } catch (const Error&) {
        return false;
    }
}

/// The overwrite policy (header): refuses before anything is written.
void check_overwrite(const SweepOptions& options, const fs::path& dir, const std::vector<const Point*>& share,
                     bool sharded) {
    std::error_code ec;
    if (!sharded && !options.force && fs::exists(options.out, ec)) {
        if (!(options.resume || options.assemble_only))
            throw ConfigError("--force", "'" + options.out.string() +
                                             "' exists: add --resume to reuse its sweep's points (or extend it), "
                                             "or --force to replace it");
        if (!is_sweep_output(options.out))
            throw ConfigError("--force",
                              "'" + options.out.string() + "' exists and is not a sweep: --force replaces it");
    }
    if (options.resume || options.force || options.assemble_only) return;
    const auto finished =
        std::count_if(share.begin(), share.end(), [&](const Point* p) { return fs::exists(point_file(dir, *p), ec); });
    if (finished > 0)
        throw ConfigError("--force", "'" + dir.string() + "' holds " + std::to_string(finished) + " of the " +
                                         std::to_string(share.size()) +
                                         " points this run computes: add --resume to reuse them, or --force to "
                                         "recompute them");
}

/// A lock on the points directory held for a whole run (flock on the directory itself, so nothing
/// is left behind): shards share it, any other run needs it alone, so two runs that would both
/// assemble `out` (two --resume, say) never overlap; the second is refused at once.
class DirectoryLock {
public:
    DirectoryLock(const fs::path& dir, bool shared, const fs::path& out)
        : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_ < 0) throw Error("cannot open '" + dir.string() + "': " + std::strerror(errno));
        struct stat held {};
        struct stat named {};
        // Locked, and still the directory of that name (a failing run removes an empty one).
        if (::flock(fd_, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 || ::fstat(fd_, &held) != 0 ||
            ::stat(dir.c_str(), &named) != 0 || held.st_ino != named.st_ino || held.st_dev != named.st_dev) {
            ::close(fd_);
            throw ConfigError("--output", "another beliefsim sweep is running on '" + out.string() +
                                              "' (its points directory is locked): wait for it to end; only "
                                              "--shard runs may share a sweep");
        }
    }
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;
    ~DirectoryLock() { ::close(fd_); }

private:
    int fd_;
};

} // namespace

fs::path points_directory(const fs::path& out) { return fs::path(out.string() + ".points"); }

SweepReport run_sweep(const Grid& grid, const SweepOptions& options) {
    const fs::path dir = points_directory(options.out);
    std::error_code ec;
    const bool distributed = options.mpi != nullptr && options.mpi->size() > 1;
    const bool sharded = !distributed && options.shard.count > 1;
    for (const Point& p : grid.points) validate_point(p, grid, options);
    // This process's points: its shard's (ranks claim theirs from all of them as they go).
    std::vector<const Point*> share;
    for (const Point& p : grid.points)
        if (!sharded || p.index % options.shard.count == options.shard.index) share.push_back(&p);
    std::optional<DirectoryLock> lock;
    if (!distributed || options.mpi->rank() == 0) {
        check_overwrite(options, dir, share, sharded);
        if (!options.assemble_only) fs::create_directories(dir); // tolerates other shards' directory
        if (fs::is_directory(dir, ec)) lock.emplace(dir, sharded, options.out);
    }
    if (distributed) options.mpi->barrier(); // the directory is ready before any rank claims
    SweepReport report;
    report.total = grid.points.size();
    // Progress counts the work to compute (paths), inside each point too; reused points are not work.
    const auto pending = [&](const Point& p) { return options.force || !fs::exists(point_file(dir, p), ec); };
    std::uint64_t work_total = 0, work_done = 0;
    if (options.progress)
        for (const Point& p : grid.points)
            if ((distributed || !sharded || p.index % options.shard.count == options.shard.index) && pending(p))
                work_total += work_of(p, grid, options);
    /// Reuses or computes one point.
    const auto handle = [&](const Point& p) {
        const fs::path file = point_file(dir, p);
        if (!pending(p)) {
            check_point_file(file, p);
            ++report.reused;
        } else {
            const std::uint64_t work = options.progress ? work_of(p, grid, options) : 0;
            const auto inner = [&](std::uint64_t done, std::uint64_t total) {
                if (total > 0 && done < total)
                    options.progress(work_done + work * done / total, std::max(work_total, work_done + work));
            };
            run_point(p, grid, options, file, options.progress ? mc::ProgressCallback(inner) : mc::ProgressCallback{});
            work_done += work;
            if (options.progress) options.progress(work_done, std::max(work_total, work_done));
            ++report.computed;
        }
    };
    try {
        if (distributed) {
            for (std::size_t k = options.assemble_only ? grid.points.size() : options.mpi->claim();
                 k < grid.points.size(); k = options.mpi->claim())
                handle(grid.points[k]);
            options.mpi->barrier(); // every claimed point is committed
            if (options.mpi->rank() != 0) return report;
        } else if (!options.assemble_only) {
            for (const Point* p : share) handle(*p);
        }
    } catch (...) {
        fs::remove(dir, ec); // only when empty: nothing to resume, no trace
        throw;
    }
    std::vector<std::size_t> missing;
    for (const Point& p : grid.points) {
        const fs::path file = point_file(dir, p);
        if (!fs::exists(file, ec))
            missing.push_back(p.index);
        else if (options.assemble_only)
            check_point_file(file, p);
    }
    report.missing = missing.size();
    if (options.assemble_only && !missing.empty())
        throw ConfigError("--assemble", std::to_string(missing.size()) + " of the " +
                                            std::to_string(grid.points.size()) +
                                            " points are not finished (first: " + std::to_string(missing.front()) +
                                            "): run their shards, or --resume to compute them");
    if (!missing.empty() || sharded) return report; // a shard leaves assembly to one final run
    assemble(grid, dir, options.out);
    report.assembled = true;
    return report;
}

} // namespace beliefsim::sweep
