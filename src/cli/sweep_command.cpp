// `beliefsim sweep SWEEP.toml -o out.h5 [--resume | --force] [--shard i/N] [--assemble]`: run every
// grid point, commit each on its own, assemble /points and /summary (sweep/run.hpp). SIGINT and
// SIGTERM stop at once, keeping the finished points; --resume continues. Under `mpirun` the points
// are shared out across ranks (mc/cluster.hpp).

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "beliefsim/io/config.hpp"
#include "beliefsim/io/config_text.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "beliefsim/mc/cluster.hpp"
#include "beliefsim/sweep/run.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

struct SweepCliOptions {
    std::string config, output, progress = "auto";
    std::optional<std::string> shard; ///< set even when empty: `--shard ""` is an error
    std::optional<std::int64_t> threads, paths;
    std::vector<std::string> settings;
    bool resume = false, force = false, assemble = false, quiet = false, dry_run = false, json = false;
};

// The points of the grid as they would run: index, seed, fingerprint and swept values.
void print_plan(const io::Grid& grid, const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::printf("%s# dry run: %zu points (%s); nothing was run or written\n", text.ends_with('\n') ? "" : "\n",
                grid.points.size(), grid.common_random_numbers ? "common random numbers" : "a seed per point");
    std::printf("# %6s  %20s  %16s  values\n", "index", "seed", "fingerprint");
    for (const io::Point& p : grid.points) {
        std::string values;
        for (const io::Setting& s : p.settings) values += (values.empty() ? "" : ", ") + s.key + " = " + s.text;
        std::printf("# %6zu  %20llu  %016llx  %s\n", p.index, static_cast<unsigned long long>(p.seed),
                    static_cast<unsigned long long>(p.fingerprint), values.c_str());
    }
}

sweep::Shard parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    const auto bad = [&] { return ConfigError("--shard", "must be i/N with 0 <= i < N (got \"" + text + "\")"); };
    if (slash == std::string::npos) throw bad();
    try {
        std::size_t used = 0;
        const auto i = std::stoll(text.substr(0, slash), &used);
        if (used != slash) throw bad();
        const auto n = std::stoll(text.substr(slash + 1), &used);
        if (used != text.size() - slash - 1 || n < 1 || i < 0 || i >= n) throw bad();
        return {static_cast<std::size_t>(i), static_cast<std::size_t>(n)};
    } catch (const std::logic_error&) {
        throw bad();
    }
}

int run_sweep_command(const SweepCliOptions& opts, mc::Cluster& mpi) {
    std::vector<std::string> settings = opts.settings;
    if (opts.paths) {
        if (*opts.paths < 1) throw ConfigError("--paths", "must be >= 1 (got " + std::to_string(*opts.paths) + ")");
        settings.push_back("simulation.paths=" + std::to_string(*opts.paths));
    }
    const std::string text = io::apply_settings(io::read_config_file(opts.config), settings);
    const std::filesystem::path path(opts.config);
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
    const auto errors = io::grid_errors(text, dir);
    for (const auto& e : errors) print_config_error(e);
    if (!errors.empty()) return EXIT_BAD_INPUT;
    const io::Grid grid = io::make_grid(text);
    if (opts.paths && (grid.kind == io::PointKind::bbs || grid.kind == io::PointKind::ttc))
        throw ConfigError("--paths", "applies to simulate and menu sweeps (this is a " +
                                         std::string(io::command_name(grid.kind)) + " sweep)");
    if (opts.dry_run) {
        print_plan(grid, text);
        return 0;
    }
    check_output(opts.output, true, opts.config); // the sweep checks its own output and points
    if (opts.threads && *opts.threads < 0)
        throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*opts.threads) + ")");
    sweep::SweepOptions options;
    options.out = opts.output;
    options.config_dir = dir;
    options.resume = opts.resume;
    options.force = opts.force;
    options.assemble_only = opts.assemble;
    options.threads = opts.threads;
    if (opts.shard) options.shard = parse_shard(*opts.shard);
    options.mpi = &mpi;
    const ProgressStyle style = progress_style(opts.progress, opts.quiet, mpi.rank() == 0);
    const auto bar = make_progress(
        style, {}, grid.kind == io::PointKind::bbs || grid.kind == io::PointKind::ttc ? "points" : "paths");
    if (style != ProgressStyle::none) options.progress = bar;
    exit_on_interrupt(": finished points are kept; rerun with --resume to continue",
                      sweep::points_directory(opts.output));
    const sweep::SweepReport report = sweep::run_sweep(grid, options);
    if (mpi.rank() == 0 && opts.json && report.assembled) print_json(opts.output);
    if (mpi.rank() == 0 && !opts.json && !opts.quiet) {
        const std::string outcome = report.assembled ? "; wrote " + opts.output
                                    : report.missing > 0
                                        ? "; " + std::to_string(report.missing) +
                                              " points pending: run them (their shards, or --resume), then --assemble"
                                        : "; every point is done: --assemble (or --resume) writes " + opts.output;
        std::printf("beliefsim sweep: %zu points: %zu computed, %zu reused%s%s\n", report.total, report.computed,
                    report.reused, mpi.size() > 1 ? " on rank 0" : "", outcome.c_str());
    }
    return 0;
}

} // namespace

Command add_sweep_command(CLI::App& app) {
    auto opts = std::make_shared<SweepCliOptions>();
    CLI::App* sub = app.add_subcommand("sweep", "Run a grid of configurations ([sweep] table); resumable");
    sub->add_option("CONFIG", opts->config, "TOML base configuration with a [sweep] table")->required();
    sub->add_option("-o,--output", opts->output, "output HDF5 file (points are committed in <output>.points/)")
        ->required();
    CLI::Option* resume =
        sub->add_flag("--resume", opts->resume, "reuse the points already committed in <output>.points/");
    sub->add_flag("--force", opts->force, "recompute finished points and replace an existing <output>")
        ->excludes(resume);
    CLI::Option* shard =
        sub->add_option("--shard", opts->shard, "i/N: compute only the points with index = i mod N (no assembly)");
    sub->add_flag("--assemble", opts->assemble, "compute nothing: assemble <output> from the finished points")
        ->excludes(shard);
    sub->add_option("--threads", opts->threads, "threads per point (0: all cores); results do not depend on it");
    sub->add_flag("--quiet", opts->quiet, "no progress bar and no summary");
    sub->add_option("--paths", opts->paths, "override simulation.paths of every point");
    add_progress_option(sub, opts->progress);
    sub->add_option("--set", opts->settings,
                    "KEY=VALUE: set a base config value before the grid is built (repeatable)");
    sub->add_flag("--dry-run", opts->dry_run,
                  "check the base and every point (every error at once); print the config, the grid size and each "
                  "point's seed; write nothing");
    sub->add_flag("--json", opts->json, "print the assembled file's headline results (and /summary) as JSON");
    return {sub, [opts] {
                mc::Cluster mpi;
                io::record_ranks(mpi.size());
                if (mpi.size() == 1) return run_sweep_command(*opts, mpi);
                // One rank's error must end all of them: the others would wait at the barrier.
                try {
                    return run_sweep_command(*opts, mpi);
                } catch (const ConfigError& e) {
                    print_config_error(e, "error (rank " + std::to_string(mpi.rank()) + ")");
                    mpi.abort(EXIT_BAD_INPUT);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "error (rank %d): %s\n", mpi.rank(), e.what());
                    mpi.abort(EXIT_INTERNAL);
                }
            }};
}

} // namespace beliefsim::cli
