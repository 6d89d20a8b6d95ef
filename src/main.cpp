// beliefsim: parse the command line, dispatch to one subcommand (see src/cli/).
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "beliefsim/core/version.hpp"
#include "beliefsim/io/output_file.hpp"
#include "cli/commands.hpp"

namespace {

// The command line as a shell would reread it (arguments with special characters single-quoted).
std::string shell_words(int argc, char** argv) {
    std::string out;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool plain = !arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                 "0123456789_./=:,+-@%") == std::string::npos;
        std::string quoted = "'";
        for (const char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        out += (i > 0 ? " " : "") + (plain ? arg : quoted + "'");
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    namespace cli = beliefsim::cli;
    beliefsim::io::record_invocation(shell_words(argc, argv));
    CLI::App app{"beliefsim: Monte Carlo simulation of belief processes and stopping times"};
    const std::string version = std::string(beliefsim::VERSION) + " (git " + beliefsim::GIT_SHA1 + ")";
    app.set_version_flag("--version", version);
    app.require_subcommand(1);
    app.option_defaults()->always_capture_default(); // --help shows every default (subcommands inherit it)
    const std::vector<cli::Command> commands = {cli::add_simulate_command(app),    cli::add_inspect_command(app),
                                                cli::add_bench_command(app),       cli::add_reproduce_command(app),
                                                cli::add_menu_command(app),        cli::add_ttc_command(app),
                                                cli::add_sweep_command(app),       cli::add_bbs_command(app),
                                                cli::add_convergence_command(app), cli::add_validate_command(app)};
    std::string names;
    bool known = argc < 2 || argv[1][0] == '-';
    for (const auto& command : commands) {
        command.app->set_version_flag("--version", version); // `beliefsim SUB --version` works too
        names += (names.empty() ? "" : ", ") + command.app->get_name();
        known = known || command.app->get_name() == argv[1];
    }
    if (!known) {
        std::fprintf(stderr, "error: unknown subcommand '%s' (expected one of %s)\n", argv[1], names.c_str());
        return cli::EXIT_BAD_INPUT;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every usage error is bad input, on one line like every error.
        if (e.get_exit_code() == 0) return app.exit(e);
        std::string message = e.what();
        for (char& c : message)
            if (c == '\n') c = ' ';
        std::fprintf(stderr, "error: %s (see --help)\n", message.c_str());
        return cli::EXIT_BAD_INPUT;
    }
    cli::exit_on_interrupt();
    for (const auto& command : commands)
        if (command.app->parsed()) return cli::run_reporting_errors(command.run);
    return cli::EXIT_BAD_INPUT;
}
