#pragma once
/// The `beliefsim` subcommands (private to the executable). Each `add_*` registers its CLI11
/// subcommand and returns the action to run once parsing succeeded.

#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "beliefsim/core/error.hpp"
#include "beliefsim/mc/engine.hpp"

namespace beliefsim::cli {

/// Exit statuses: 0 success; 2 bad input of any kind (usage, config, files, an existing output);
/// 3 a run that could not finish (a numerical or time limit: beliefsim::Error from the run);
/// 1 an internal failure; 130 interrupted (SIGINT).
inline constexpr int EXIT_BAD_INPUT = 2;
inline constexpr int EXIT_INTERNAL = 1;
inline constexpr int EXIT_RUN_FAILED = 3;

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

Command add_validate_command(CLI::App& app);

/// Options of every command that reads a config and writes a file: --set KEY=VALUE (repeatable),
/// --dry-run, --json, --force.
struct ConfigOptions {
    std::vector<std::string> settings;
    bool dry_run = false, json = false, force = false;
};
void add_config_options(CLI::App* sub, ConfigOptions& opts);

/// A config parser: throws ConfigError for the first broken rule.
using ConfigParser = std::function<void(std::string_view)>;

/// The config text a command runs: CONFIG's text with the --set settings applied. Every error of it
/// is printed at once (one `error: FIELD: RULE` line each) and the status is 2; with --dry-run the
/// resolved config is printed and the status is 0. Either way `text` is then empty: nothing runs and
/// nothing is written. `output` is checked too (check_output). `parse` runs once on a valid text, so a
/// command keeps what it parsed instead of parsing again; with errors it also runs on modified texts.
struct PreparedRun {
    std::string text;
    std::optional<int> exit_status; ///< set: return it without running
};
[[nodiscard]] PreparedRun prepare_run(const std::string& config_path, const ConfigOptions& opts,
                                      const ConfigParser& parse, const std::string& output);

/// The options shared by the commands that run one config: CONFIG, -o, --threads, --seed,
/// --paths, --quiet and the ConfigOptions.
struct RunOptions {
    std::string config;
    std::string output;
    std::optional<std::int64_t> threads, paths;
    std::optional<std::uint64_t> seed;
    bool quiet = false;
    std::string progress = "auto";
    ConfigOptions config_options;
};
void add_run_options(CLI::App* sub, RunOptions& opts, const std::string& config_help);

/// Throws ConfigError("--output") when the output is empty, its directory does not exist or is not
/// writable, the output is a directory, or it exists and `force` is false: checked before a run, so
/// a long run never ends in an unwritable destination and never replaces a file silently.
void check_output(const std::filesystem::path& out, bool force);

/// Prints the headline numbers of a written file as one JSON object on stdout (--json).
void print_json(const std::filesystem::path& out);

/// How progress is shown on stderr: a redrawn bar (a terminal), a line every LOG_SECONDS (batch
/// jobs: `--progress log`), or nothing.
enum class ProgressStyle { none, bar, log };
inline constexpr double LOG_SECONDS = 10;
/// The style for `--progress` (auto | bar | log | none): auto is a bar on a terminal, else nothing;
/// --quiet and ranks other than 0 show nothing. Throws: ConfigError("--progress").
[[nodiscard]] ProgressStyle progress_style(const std::string& option, bool quiet, bool rank0 = true);
void add_progress_option(CLI::App* sub, std::string& option);

/// Progress with rate and ETA in `style`, or an empty callback for none, so logs and CI stay silent.
/// `on_done` is called once with the wall time of the Monte Carlo part when the last path is done.
[[nodiscard]] mc::ProgressCallback make_progress(ProgressStyle style, std::function<void(double)> on_done,
                                                 std::string unit = "paths");

/// Runs `action`, turning errors into one `error: ...` line on stderr and an exit status.
[[nodiscard]] inline int run_reporting_errors(const std::function<int()>& action) {
    try {
        return action();
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "error: %s: %s\n", e.field().c_str(), e.rule().c_str());
        return EXIT_BAD_INPUT;
    } catch (const InvalidArgument& e) {
        // A rule on a named parameter is bad input; without one it is a violated precondition.
        std::fprintf(stderr, "error: %s\n", e.what());
        return e.parameter().empty() ? EXIT_INTERNAL : EXIT_BAD_INPUT;
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return EXIT_RUN_FAILED;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return EXIT_INTERNAL;
    }
}

} // namespace beliefsim::cli
