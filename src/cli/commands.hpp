#pragma once
/// The `beliefsim` subcommands (private to the executable). Each `add_*` registers its CLI11
/// subcommand and returns the action to run once parsing succeeded.

#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "beliefsim/core/error.hpp"
#include "beliefsim/mc/engine.hpp"

namespace beliefsim::cli {

/// Exit statuses: 2 for bad input of any kind (usage, config, files), 1 for internal failures.
inline constexpr int EXIT_BAD_INPUT = 2;
inline constexpr int EXIT_INTERNAL = 1;

/// A registered subcommand and what it does; `run` returns the exit status.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command add_simulate_command(CLI::App& app);
Command add_inspect_command(CLI::App& app);
Command add_bench_command(CLI::App& app);
Command add_reproduce_command(CLI::App& app);
Command add_menu_command(CLI::App& app);
Command add_sweep_command(CLI::App& app);
Command add_ttc_command(CLI::App& app);
Command add_bbs_command(CLI::App& app);
Command add_convergence_command(CLI::App& app);

/// The options shared by the commands that run one config: CONFIG, -o, --threads, --seed,
/// --paths, --quiet.
struct RunOptions {
    std::string config;
    std::string output;
    std::optional<std::int64_t> seed, threads, paths;
    bool quiet = false;
};
void add_run_options(CLI::App* sub, RunOptions& opts, const std::string& config_help);

/// Throws ConfigError("--output") when the output's directory does not exist or the output is a
/// directory: checked before a run, so a long run never ends in an unwritable destination.
void check_output(const std::filesystem::path& out);

/// A progress bar with rate and ETA on stderr, or an empty callback when `enabled` is false (not a terminal,
/// or --quiet), so logs and CI stay silent. `on_done` is called once with the wall time of the
/// Monte Carlo part when the last path is done.
[[nodiscard]] mc::ProgressCallback make_progress(bool enabled, std::function<void(double)> on_done,
                                                 std::string unit = "paths");

/// Runs `action`, turning errors into one `error: ...` line on stderr and an exit status.
[[nodiscard]] inline int run_reporting_errors(const std::function<int()>& action) {
    try {
        return action();
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "error: %s: %s\n", e.field().c_str(), e.rule().c_str());
        return EXIT_BAD_INPUT;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return EXIT_INTERNAL;
    }
}

} // namespace beliefsim::cli
