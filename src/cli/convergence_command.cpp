// `beliefsim convergence CONFIG.toml -o out.h5`: the dt ladder of every stepped diffusion scheme,
// the bias against the exact law (or a Richardson reference) and the fitted weak order, to HDF5.

#include <cstdio>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <unistd.h>

#include "beliefsim/app/convergence.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/convergence_config.hpp"
#include "beliefsim/io/convergence_file.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/mc/cluster.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

/// One line per quantity: the bias at each rung with its z, then the fitted order.
void ladder_rows(std::ostringstream& os, const std::string& label, const app::QuantityLadder& q, std::size_t column,
                 std::size_t rungs) {
    const std::size_t K = q.reference.size();
    os << "    " << std::left << std::setw(20) << label << std::right;
    for (std::size_t i = 0; i < rungs; ++i) {
        const double bias = q.bias[i * K + column], se = q.bias_stderr[i * K + column];
        std::ostringstream cell;
        cell << std::showpos << std::setprecision(2) << bias << " (" << std::fixed << std::setprecision(1)
             << (se > 0 ? bias / se : 0.0) << ")";
        os << std::setw(20) << cell.str();
    }
    const app::PowerLawFit& f = q.fits[column];
    if (f.status == "fitted")
        os << "   p = " << std::fixed << std::setprecision(2) << f.order << " ± " << f.order_stderr << std::defaultfloat
           << " (" << f.points << " rungs)";
    else
        os << "   " << f.status;
    os << '\n';
}

std::string summary(const app::ConvergenceResult& r, const std::string& out) {
    const auto& m = r.spec.simulation.model;
    std::ostringstream os;
    os << "beliefsim convergence: " << m.process << ", " << m.entropy << ", " << m.states << " states, chi = " << m.chi
       << "; reference " << r.reference << " (" << r.reference_source << ")\n"
       << "  " << r.spec.simulation.plan.paths << " paths per rung, " << r.schemes.size() << " schemes x "
       << r.dt.size() << " rungs on " << r.threads << " threads in " << std::setprecision(3) << r.wall_seconds << " s\n"
       << "  wrote " << out << "\n\n"
       << "  bias (z = bias/SE) at dt =";
    os << std::setprecision(4);
    for (const double dt : r.dt) os << ' ' << dt;
    os << "; fitted order p of |bias| = |C| dt^p on rungs with |z| >= " << app::RESOLVED_Z << '\n';
    for (const app::SchemeLadder& s : r.schemes) {
        os << "  " << s.scheme << '\n';
        ladder_rows(os, "E[tau]", s.mean, 0, r.dt.size());
        for (std::size_t j = 0; j < r.laplace_r.size(); ++j) {
            std::ostringstream label;
            label << "E[exp(-" << r.laplace_r[j] << " tau)]";
            ladder_rows(os, label.str(), s.laplace, j, r.dt.size());
        }
        for (std::size_t j = 0; j < r.ecdf_t.size(); ++j) {
            std::ostringstream label;
            label << "P(tau <= " << std::setprecision(4) << r.ecdf_t[j] << ")";
            ladder_rows(os, label.str(), s.ecdf, j, r.dt.size());
        }
    }
    return os.str();
}

} // namespace

Command add_convergence_command(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* sub = app.add_subcommand(
        "convergence", "Run a dt ladder of every stepped diffusion scheme, fit the weak order, write HDF5");
    add_run_options(sub, *opts, "TOML configuration file (a diffusion model; optional [convergence] table)");
    return {sub, [opts] {
                std::optional<app::ConvergenceSpec> parsed; // parsed once, by the check of the config
                const PreparedRun prepared = prepare_run(
                    opts->config, opts->config_options,
                    [&](std::string_view t) { parsed = io::parse_convergence_config(t); }, opts->output);
                if (prepared.exit_status) return *prepared.exit_status;
                const std::string& text = prepared.text;
                app::ConvergenceSpec spec = std::move(*parsed);
                io::apply_overrides(spec.simulation, {opts->seed, opts->threads, opts->paths});
                mc::Cluster cluster; // several ranks under mpirun: each rung's paths are shared out, rank 0 writes
                io::record_ranks(cluster.size());
                const ProgressStyle draw = progress_style(opts->progress, opts->quiet, cluster.rank() == 0);
                const app::ConvergenceResult result = [&] {
                    try {
                        return io::with_fields(io::convergence_fields(), [&] {
                            return app::run_convergence(std::move(spec), make_progress(draw, {}), &cluster);
                        });
                    } catch (const std::exception& e) {
                        if (cluster.size() == 1) throw;
                        // The other ranks would wait for this one's blocks forever.
                        std::fprintf(stderr, "error (rank %d): %s\n", cluster.rank(), e.what());
                        cluster.abort(EXIT_INTERNAL);
                    }
                }();
                if (cluster.rank() != 0) return 0;
                io::write_convergence(result, text, opts->output);
                if (opts->config_options.json)
                    print_json(opts->output);
                else if (!opts->quiet)
                    std::fputs(summary(result, opts->output).c_str(), stdout);
                return 0;
            }};
}

} // namespace beliefsim::cli
