// `beliefsim validate CONFIG [--set KEY=VALUE ...]`: every error of a config at once, or "valid".
// The command a config belongs to is read from its tables.

#include <cstdio>
#include <memory>
#include <string>

#include <toml++/toml.h>

#include "beliefsim/io/bbs_config.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/config_text.hpp"
#include "beliefsim/io/convergence_config.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/sweep_grid.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

struct ConfigKind {
    std::string command;
    ConfigParser parse;
};

// simulate, menu ([types]), convergence ([convergence]) have [model]; ttc has its market tables;
// the rest is bbs. A [sweep] table makes it a sweep of that kind: every point is checked.
ConfigKind kind_of(std::string_view text, const std::filesystem::path& dir) {
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error&) {
        return {"simulate", [](std::string_view t) { (void)io::parse_simulation_config(t); }};
    }
    ConfigKind kind;
    if (root.contains("model")) {
        if (root.contains("types"))
            kind = {"menu", [dir](std::string_view t) { (void)io::parse_menu_config(t, dir); }};
        else if (root.contains("convergence"))
            kind = {"convergence", [](std::string_view t) { (void)io::parse_convergence_config(t); }};
        else
            kind = {"simulate", [](std::string_view t) { (void)io::parse_simulation_config(t); }};
    } else if (root.contains("data") || root.contains("synthetic") || root.contains("market")) {
        kind = {"ttc", [dir](std::string_view t) { (void)io::parse_ttc_config(t, dir); }};
    } else {
        kind = {"bbs", [dir](std::string_view t) { (void)io::parse_bbs_config(t, dir); }};
    }
    if (!root.contains("sweep")) return kind;
    return {"sweep (" + kind.command + ")", [point = kind.parse](std::string_view t) {
                for (const io::Point& p : io::make_grid(t).points) point(p.config);
            }};
}

} // namespace

Command add_validate_command(CLI::App& app) {
    auto config = std::make_shared<std::string>();
    auto settings = std::make_shared<std::vector<std::string>>();
    CLI::App* sub = app.add_subcommand("validate", "Check a config: every error at once (field and rule), exit 2");
    sub->add_option("CONFIG", *config, "TOML configuration file of any command")->required();
    sub->add_option("--set", *settings, "KEY=VALUE: set a config value first (as the commands do; repeatable)");
    return {sub, [config, settings] {
                const std::string text = io::apply_settings(io::read_config_file(*config), *settings);
                const std::filesystem::path path(*config);
                const ConfigKind kind = kind_of(text, path.has_parent_path() ? path.parent_path() : ".");
                const auto errors = io::config_errors(text, kind.parse);
                for (const auto& e : errors)
                    std::fprintf(stderr, "error: %s: %s\n", e.field().c_str(), e.rule().c_str());
                if (!errors.empty()) return EXIT_BAD_INPUT;
                std::printf("%s: a valid %s config\n", config->c_str(), kind.command.c_str());
                return 0;
            }};
}

} // namespace beliefsim::cli
