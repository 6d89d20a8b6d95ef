// `beliefsim sweep SWEEP.toml -o out.h5 [--resume | --force] [--shard i/N] [--assemble]`: run every
// grid point, commit each on its own, assemble /points and /summary (sweep/run.hpp). SIGINT stops
// after the current point; --resume continues. Under `mpirun` the points are shared out across
// ranks (mc/cluster.hpp).

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <unistd.h>

#include "beliefsim/io/config.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "beliefsim/mc/cluster.hpp"
#include "beliefsim/sweep/run.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

struct SweepCliOptions {
    std::string config, output, shard;
    std::optional<std::int64_t> threads;
    bool resume = false, force = false, assemble = false, quiet = false;
};

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
    const std::string text = io::read_config_file(opts.config);
    const io::Grid grid = io::make_grid(text);
    check_output(opts.output, true); // the sweep checks its own output and points
    if (opts.threads && *opts.threads < 0)
        throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*opts.threads) + ")");
    sweep::SweepOptions options;
    options.out = opts.output;
    const std::filesystem::path path(opts.config);
    options.config_dir = path.has_parent_path() ? path.parent_path() : ".";
    options.resume = opts.resume;
    options.force = opts.force;
    options.assemble_only = opts.assemble;
    options.threads = opts.threads;
    if (!opts.shard.empty()) options.shard = parse_shard(opts.shard);
    options.stop = &stop_requested;
    options.mpi = &mpi;
    const bool draw = !opts.quiet && mpi.rank() == 0 && isatty(STDERR_FILENO) == 1;
    const auto bar = make_progress(draw, {}, "points");
    options.progress = [bar](std::size_t done, std::size_t total) { bar(done, total); };
    std::signal(SIGINT, request_stop);
    const sweep::SweepReport report = sweep::run_sweep(grid, options);
    std::signal(SIGINT, SIG_DFL);
    if (mpi.rank() == 0 && (!opts.quiet || report.interrupted)) {
        const std::string outcome = report.assembled     ? "; wrote " + opts.output
                                    : report.interrupted ? "; interrupted: rerun with --resume to continue"
                                    : report.missing > 0
                                        ? "; " + std::to_string(report.missing) +
                                              " points pending: run them (their shards, or --resume), then --assemble"
                                        : "; every point is done: --assemble (or --resume) writes " + opts.output;
        std::printf("beliefsim sweep: %zu points: %zu computed, %zu reused%s%s\n", report.total, report.computed,
                    report.reused, mpi.size() > 1 ? " on rank 0" : "", outcome.c_str());
    }
    return report.interrupted ? 130 : 0;
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
    return {sub, [opts] {
                mc::Cluster mpi;
                io::record_ranks(mpi.size());
                if (mpi.size() == 1) return run_sweep_command(*opts, mpi);
                // One rank's error must end all of them: the others would wait at the barrier.
                try {
                    return run_sweep_command(*opts, mpi);
                } catch (const ConfigError& e) {
                    std::fprintf(stderr, "error (rank %d): %s: %s\n", mpi.rank(), e.field().c_str(), e.rule().c_str());
                    mpi.abort(EXIT_BAD_INPUT);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "error (rank %d): %s\n", mpi.rank(), e.what());
                    mpi.abort(EXIT_INTERNAL);
                }
            }};
}

} // namespace beliefsim::cli
