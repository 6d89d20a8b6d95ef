// The options every config-reading command shares (--set, --dry-run, --json, --force), the
// output check, the one-rank rule and the JSON summary of a written file.

#include <cstdio>
#include <iostream>

#include "beliefsim/io/config.hpp"
#include "beliefsim/io/config_text.hpp"
#include "beliefsim/io/json_summary.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/mc/cluster.hpp"
#include "commands.hpp"

namespace beliefsim::cli {

void add_config_options(CLI::App* sub, ConfigOptions& opts) {
    sub->add_option("--set", opts.settings,
                    "KEY=VALUE: set a config value before validation (dotted KEY, TOML VALUE; repeatable), "
                    "e.g. --set model.chi=0.3 --set 'model.prior=[0.6, 0.4]'");
    sub->add_flag("--dry-run", opts.dry_run,
                  "check the config (every error at once) and print it as it would run; write nothing");
    sub->add_flag("--json", opts.json, "print the headline results as one JSON object on stdout");
    sub->add_flag("--force", opts.force, "replace an existing output file");
}

PreparedRun prepare_run(const std::string& config_path, const ConfigOptions& opts, const ConfigParser& parse,
                        const std::string& output) {
    io::record_replace(opts.force);
    std::string text = io::apply_settings(io::read_config_file(config_path), opts.settings);
    std::vector<ConfigError> errors = io::config_errors(text, parse);
    // Every caller's -o is required, so an empty one is `-o ""` (it would run, then fail to rename).
    try {
        check_output(output, opts.force, config_path);
    } catch (const ConfigError& e) {
        errors.push_back(e);
    }
    for (const auto& e : errors) print_config_error(e);
    if (!errors.empty()) return {{}, EXIT_BAD_INPUT};
    if (opts.dry_run) {
        std::fputs(text.c_str(), stdout);
        std::fprintf(stdout, "%s# dry run: the config is valid; nothing was run or written\n",
                     text.ends_with('\n') ? "" : "\n");
        return {{}, 0};
    }
    return {std::move(text), std::nullopt};
}

std::optional<int> refuse_several_ranks(const std::string& command) {
    const mc::Cluster cluster;
    if (cluster.size() == 1) return std::nullopt;
    if (cluster.rank() == 0)
        print_config_error(ConfigError("mpirun", "`" + command + "` runs on one rank (got " +
                                                     std::to_string(cluster.size()) +
                                                     "): only simulate, convergence and sweep share their work across "
                                                     "ranks; run it without mpirun"));
    return EXIT_BAD_INPUT;
}

void print_json(const std::filesystem::path& out) { std::cout << io::json_summary(out) << std::endl; }

} // namespace beliefsim::cli
