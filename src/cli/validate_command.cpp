// `beliefsim validate CONFIG [--set KEY=VALUE ...]`: every error of a config at once, or "valid".
// The command a config belongs to is read from its tables (io::config_kind); a [sweep] table
// makes it a sweep whose every point is checked.

#include <cstdio>
#include <memory>
#include <string>

#include "beliefsim/io/config.hpp"
#include "beliefsim/io/config_text.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "commands.hpp"

namespace beliefsim::cli {

Command add_validate_command(CLI::App& app) {
    auto config = std::make_shared<std::string>();
    auto settings = std::make_shared<std::vector<std::string>>();
    CLI::App* sub = app.add_subcommand("validate", "Check a config: every error at once (field and rule), exit 2");
    sub->add_option("CONFIG", *config, "TOML configuration file of any command")->required();
    sub->add_option("--set", *settings, "KEY=VALUE: set a config value first (as the commands do; repeatable)");
    return {sub, [config, settings] {
                const std::string text = io::apply_settings(io::read_config_file(*config), *settings);
                const std::filesystem::path path(*config);
                const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
                const io::ConfigKind kind = io::config_kind(text);
                const bool sweep = io::has_table(text, "sweep");
                const auto parse = io::config_parser(kind, dir);
                const auto errors = io::config_errors(text, [&](std::string_view t) {
                    if (!sweep) return parse(t);
                    for (const io::Point& p : io::make_grid(t).points) parse(p.config);
                });
                for (const auto& e : errors) print_config_error(e);
                if (!errors.empty()) return EXIT_BAD_INPUT;
                std::printf("%s: a valid %s%s config\n", config->c_str(), sweep ? "sweep of a " : "",
                            std::string(io::command_name(kind)).c_str());
                return 0;
            }};
}

} // namespace beliefsim::cli
