// `beliefsim menu CONFIG.toml -o out.h5`: simulate the model, build and audit the optimal token-cap
// menu for the [types] distribution, compare families and tiers, write HDF5, print a summary.

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <unistd.h>

#include "beliefsim/app/menu_run.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/menu_file.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

std::string summary(const app::MenuRun& run, const std::string& out) {
    const auto& spec = run.simulation.spec;
    std::ostringstream os;
    os << std::setprecision(6);
    os << "beliefsim menu: " << spec.model.process << ", " << spec.model.entropy << ", " << spec.model.states
       << " states, chi = " << spec.model.chi << "; types " << run.types << " on [" << run.types_low << ", "
       << run.types_high << "], valuation " << run.valuation << '\n'
       << "  law: " << (run.monte_carlo_law ? "monte-carlo" : "exact") << " (" << run.law_source << ")\n"
       << "  wrote " << out << "\n\n"
       << "  revenue              " << run.revenue.value;
    if (run.monte_carlo_law) os << " ± " << std::setprecision(2) << run.revenue.std_error << std::setprecision(6);
    os << '\n';
    if (!run.monte_carlo_law) os << "  revenue (virtual)    " << run.revenue_virtual << '\n';
    if (run.revenue_from_samples)
        os << "  revenue (MC samples) " << run.revenue_from_samples->value << " ± " << std::setprecision(2)
           << run.revenue_from_samples->std_error << std::setprecision(6) << '\n';
    os << "  audit                max IC violation " << std::setprecision(2) << run.audit.max_ic_violation
       << ", max IR violation " << run.audit.max_ir_violation << std::setprecision(6) << '\n'
       << "  ironed               " << (run.ironed ? "yes" : "no") << "; types served up to " << run.served_high
       << "\n\n";
    for (const auto* family : {&run.constant_delay, &run.diffusion})
        if (*family)
            os << "  family " << std::left << std::setw(15) << (*family)->family << std::right << "revenue "
               << (*family)->revenue << "  (" << std::setprecision(4) << 100 * (*family)->revenue / run.revenue.value
               << "% of the menu)" << std::setprecision(6) << '\n';
    if (!run.diffusion_note.empty()) os << "  family diffusion      not built: " << run.diffusion_note << '\n';
    for (const auto& tier : run.tiers)
        os << "  " << tier.price.size() << "-tier menu          revenue " << tier.revenue << "  ("
           << std::setprecision(4) << 100 * tier.revenue / run.revenue.value << "% of the menu)" << std::setprecision(6)
           << '\n';
    const auto& m = run.table.values;
    os << "\n  " << std::setw(8) << "r" << std::setw(12) << "token cap" << std::setw(12) << "price" << std::setw(14)
       << "per token" << std::setw(12) << "E tokens" << std::setw(12) << "surplus" << '\n';
    const std::size_t step = std::max<std::size_t>(1, (m.r.size() - 1) / 8);
    for (std::size_t i = 0; i < m.r.size(); i += step)
        os << "  " << std::setw(8) << m.r[i] << std::setw(12) << m.token_cap[i] << std::setw(12) << m.price[i]
           << std::setw(14) << m.marginal_price[i] << std::setw(12) << m.expected_tokens[i] << std::setw(12)
           << m.surplus[i] << '\n';
    return os.str();
}

} // namespace

Command add_menu_command(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* sub = app.add_subcommand("menu", "Price a model with the optimal token-cap menu and write HDF5");
    add_run_options(sub, *opts, "TOML configuration file with a [types] table");
    return {sub, [opts] {
                if (const auto refused = refuse_several_ranks("menu")) return *refused;
                const std::filesystem::path path(opts->config);
                const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
                std::optional<app::MenuSpec> parsed; // parsed once, by the check of the config
                const PreparedRun prepared = prepare_run(
                    opts->config, opts->config_options,
                    [&](std::string_view t) { parsed = io::parse_menu_config(t, dir); }, opts->output);
                if (prepared.exit_status) return *prepared.exit_status;
                const std::string& text = prepared.text;
                app::MenuSpec spec = std::move(*parsed);
                io::apply_overrides(spec.simulation, {opts->seed, opts->threads, opts->paths});
                const ProgressStyle draw = progress_style(opts->progress, opts->quiet);
                const app::MenuRun run = io::with_fields(
                    io::menu_fields(), [&] { return app::run_menu(std::move(spec), make_progress(draw, {})); });
                io::write_menu_run(run, text, opts->output);
                if (opts->config_options.json)
                    print_json(opts->output);
                else if (!opts->quiet)
                    std::fputs(summary(run, opts->output).c_str(), stdout);
                return 0;
            }};
}

} // namespace beliefsim::cli
