// The options every config-reading command shares (--set, --dry-run, --json, --force), the
// output check and the JSON summary of a written file.

#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "beliefsim/io/config.hpp"
#include "beliefsim/io/config_text.hpp"
#include "beliefsim/io/json_summary.hpp"
#include "beliefsim/io/output_file.hpp"
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
    // Every caller's -o is required, so an empty one is `-o ""` (it ran, then failed to rename: exit 3).
    try {
        check_output(output, opts.force);
    } catch (const ConfigError& e) {
        errors.push_back(e);
    }
    for (const auto& e : errors) std::fprintf(stderr, "error: %s: %s\n", e.field().c_str(), e.rule().c_str());
    if (!errors.empty()) return {{}, EXIT_BAD_INPUT};
    if (opts.dry_run) {
        std::fputs(text.c_str(), stdout);
        std::fprintf(stdout, "%s# dry run: the config is valid; nothing was run or written\n",
                     text.ends_with('\n') ? "" : "\n");
        return {{}, 0};
    }
    return {std::move(text), std::nullopt};
}

void check_output(const std::filesystem::path& out, bool force) {
    std::error_code ec;
    const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (out.empty()) throw ConfigError("--output", "must name a file");
    if (!std::filesystem::is_directory(dir, ec))
        throw ConfigError("--output", "directory '" + dir.string() + "' does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        throw ConfigError("--output", "directory '" + dir.string() + "' is not writable");
    if (std::filesystem::is_directory(out, ec)) throw ConfigError("--output", "'" + out.string() + "' is a directory");
    if (!force && std::filesystem::exists(out, ec))
        throw ConfigError("--output", "'" + out.string() + "' exists; pass --force to replace it");
}

void print_json(const std::filesystem::path& out) { std::cout << io::json_summary(out) << std::endl; }

} // namespace beliefsim::cli
