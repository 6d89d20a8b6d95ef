// `beliefsim bbs CONFIG.toml -o out.h5`: token pricing of Bergemann-Bonatti-Smolin for a config
// (efficient allocation, menus of token allocations and packages, two-part tariffs, binary types,
// Figure 1 boundaries), HDF5 and a summary.

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "beliefsim/app/bbs_run.hpp"
#include "beliefsim/io/bbs_config.hpp"
#include "beliefsim/io/bbs_file.hpp"
#include "beliefsim/io/config.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

struct BbsOptions {
    std::string config;
    std::string output;
    std::optional<std::int64_t> seed, threads;
    bool quiet = false;
    ConfigOptions config_options;
};

std::string money(const std::optional<double>& exact, const std::optional<estimators::Estimate>& mc) {
    std::ostringstream os;
    os << std::setprecision(9);
    if (exact) os << *exact;
    if (exact && mc) os << "   (Monte Carlo ";
    if (mc) os << std::setprecision(6) << mc->value << " ± " << std::setprecision(2) << mc->std_error;
    if (exact && mc) os << ", " << mc->n << " types)";
    return os.str();
}

void audit_line(std::ostringstream& os, const app::BbsMenuTable& t, bool tariffs) {
    os << "    IC/IR audit on the table: max IC violation " << std::setprecision(2) << t.max_ic_violation
       << ", max IR violation " << t.max_ir_violation;
    if (tariffs) os << ", best other tariff gains " << t.max_tariff_ic_violation;
    os << '\n';
}

void allocations(std::ostringstream& os, const app::BbsRun& r) {
    const app::AllocationResult& a = *r.allocations;
    os << "\n  token allocations (Proposition 4), " << a.w.size() << " w x " << a.s.size() << " s\n"
       << "    revenue R* " << money(a.values.revenue, a.values.mc_revenue) << "\n    profit  Pi* "
       << money(a.values.profit, a.values.mc_profit) << '\n'
       << "    excluded below w = " << std::setprecision(6) << a.lowest_served
       << (a.menu.virtual_value().ironed() ? " (ironed)" : "") << "; fine-tuning from w hat(s):";
    for (const double s : {0.25, 0.5, 1.0})
        if (s >= a.s.front() && s <= a.s.back()) os << "  w hat(" << s << ") = " << a.menu.fine_tuning_value(s);
    os << "\n    Assumption 1 " << (a.assumptions.assumption1() ? "holds" : "FAILS") << " (worst "
       << std::setprecision(3) << a.assumptions.worst_a1 << "), Assumption 2 "
       << (a.assumptions.assumption2() ? "holds" : "FAILS") << " (worst " << a.assumptions.worst_a2 << ")\n";
    audit_line(os, a.table, r.spec.tariffs);
}

void packages(std::ostringstream& os, const app::BbsRun& r) {
    const app::PackageResult& p = *r.packages;
    os << "\n  token packages (Proposition 5), " << p.theta.size() << " theta in [" << std::setprecision(4)
       << p.theta.front() << ", " << p.theta.back() << "]\n"
       << "    revenue R* " << money(p.values.revenue, p.values.mc_revenue) << "\n    profit  Pi* "
       << money(p.values.profit, p.values.mc_profit) << '\n'
       << "    excluded below theta = " << std::setprecision(6) << p.lowest_served
       << ", fine-tuning above theta = " << p.fine_tuning_type
       << (p.menu.screening().virtual_value().ironed() ? " (ironed)" : "") << '\n';
    if (r.spec.tariffs) {
        os << "    " << std::setw(10) << "theta" << std::setw(12) << "Q" << std::setw(12) << "T" << std::setw(12)
           << "markup m" << std::setw(12) << "fee p0" << '\n';
        const std::size_t step = std::max<std::size_t>(1, (p.theta.size() - 1) / 6);
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < p.theta.size(); i += step) rows.push_back(i);
        if (rows.back() + 1 != p.theta.size()) rows.push_back(p.theta.size() - 1);
        for (const std::size_t i : rows)
            os << "    " << std::setprecision(4) << std::setw(10) << p.theta[i] << std::setprecision(6) << std::setw(12)
               << p.table.quality[i] << std::setw(12) << p.table.transfer[i] << std::setw(12) << p.table.markup[i]
               << std::setw(12) << p.table.fee[i] << '\n';
    }
    audit_line(os, p.table, r.spec.tariffs);
}

void binary(std::ostringstream& os, const app::BbsRun& r) {
    const bbs::BinaryMenu& m = r.binary->menu;
    os << "\n  binary types (Propositions 2-3): H = type " << m.high + 1 << "; "
       << (m.full_surplus ? "full surplus extraction" : "screening") << " (margin " << std::setprecision(6)
       << m.extraction_margin << ", virtual weight " << m.virtual_weight << ")\n";
    for (int i = 0; i < 2; ++i)
        os << "    type " << i + 1 << ": theta " << m.theta[i] << ", tokens (" << m.item[i].total.x << ", "
           << m.item[i].total.y << ", " << m.item[i].total.z << "), pays " << m.item[i].transfer << ", costs "
           << m.item[i].cost << '\n';
    os << "    revenue " << m.revenue << ", profit " << m.profit << '\n';
}

std::string summary(const app::BbsRun& r, const std::string& out) {
    const bbs::TechnologyParams& p = r.technology.params();
    std::ostringstream os;
    os << std::setprecision(6) << "beliefsim bbs: v = x^" << p.alpha << " y^" << p.beta << " (" << p.b << " + z)^"
       << p.gamma << ", costs (" << p.c_x << ", " << p.c_y << ", " << p.c_z << ")\n"
       << "  types: " << r.types_label << '\n'
       << "  efficient fine-tuning threshold theta hat = " << r.technology.theta_hat()
       << " (Q hat = " << r.technology.q_hat() << ")\n"
       << "  " << r.threads << " threads, " << std::setprecision(3) << r.wall_seconds << " s; wrote " << out << '\n';
    if (r.allocations) allocations(os, r);
    if (r.packages) packages(os, r);
    if (r.binary) binary(os, r);
    return os.str();
}

} // namespace

Command add_bbs_command(CLI::App& app) {
    auto opts = std::make_shared<BbsOptions>();
    CLI::App* sub = app.add_subcommand("bbs", "Token allocations, token packages and two-part tariffs (BBS)");
    sub->add_option("CONFIG", opts->config, "TOML configuration file ([technology], [types], [menus], ...)")
        ->required();
    sub->add_option("-o,--output", opts->output, "output HDF5 file (written as <output>.<pid>.tmp, then renamed)")
        ->required();
    sub->add_option("--threads", opts->threads, "threads (0: all cores); results do not depend on it");
    sub->add_option("--seed", opts->seed, "override monte_carlo.seed");
    sub->add_flag("--quiet", opts->quiet, "no summary");
    add_config_options(sub, opts->config_options);
    return {sub, [opts] {
                if (const auto refused = refuse_several_ranks("bbs")) return *refused;
                const std::filesystem::path path(opts->config);
                const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
                std::optional<app::BbsSpec> parsed; // parsed once, by the check of the config
                const PreparedRun prepared = prepare_run(
                    opts->config, opts->config_options,
                    [&](std::string_view t) { parsed = io::parse_bbs_config(t, dir); }, opts->output);
                if (prepared.exit_status) return *prepared.exit_status;
                const std::string& text = prepared.text;
                app::BbsSpec spec = std::move(*parsed);
                io::apply_bbs_overrides(spec, opts->seed, opts->threads);
                const app::BbsRun run = io::with_fields(io::bbs_run_fields(), [&] { return app::run_bbs(spec); });
                io::write_bbs_run(run, text, opts->output);
                if (opts->config_options.json)
                    print_json(opts->output);
                else if (!opts->quiet)
                    std::fputs(summary(run, opts->output).c_str(), stdout);
                return 0;
            }};
}

} // namespace beliefsim::cli
