// beliefsim: parse the command line, dispatch to one subcommand (see src/cli/).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "beliefsim/core/version.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
    namespace cli = beliefsim::cli;
    CLI::App app{"beliefsim: Monte Carlo simulation of belief processes and stopping times"};
    app.set_version_flag("--version", std::string(beliefsim::VERSION) + " (git " + beliefsim::GIT_SHA1 + ")");
    app.require_subcommand(1);
    const std::vector<cli::Command> commands = {
        cli::add_simulate_command(app),  cli::add_inspect_command(app), cli::add_bench_command(app),
        cli::add_reproduce_command(app), cli::add_menu_command(app),    cli::add_ttc_command(app),
        cli::add_sweep_command(app),     cli::add_bbs_command(app),     cli::add_convergence_command(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every usage error is bad input.
        return app.exit(e) == 0 ? 0 : cli::EXIT_BAD_INPUT;
    }
    for (const auto& command : commands)
        if (command.app->parsed()) return cli::run_reporting_errors(command.run);
    return cli::EXIT_BAD_INPUT;
}
