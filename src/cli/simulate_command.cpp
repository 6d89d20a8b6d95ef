// `beliefsim simulate CONFIG.toml -o out.h5`: run one model, write the HDF5 file, print a summary.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <unistd.h>

#include "beliefsim/app/simulate.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/simulation_file.hpp"
#include "beliefsim/mc/cluster.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

// Linear interpolation on an increasing grid (the exact law's grid need not contain the ECDF's).
double interpolate(const std::vector<double>& x, const std::vector<double>& y, double at) {
    const auto hi = std::lower_bound(x.begin(), x.end(), at);
    if (hi == x.begin()) return y.front();
    if (hi == x.end()) return y.back();
    const auto j = static_cast<std::size_t>(hi - x.begin());
    const double w = (at - x[j - 1]) / (x[j] - x[j - 1]);
    return (1 - w) * y[j - 1] + w * y[j];
}

/// One line "label   value ± se   exact   z".
std::string row(const std::string& label, double value, double se, std::optional<double> exact) {
    std::ostringstream os;
    os << "  " << std::left << std::setw(22) << label << std::right << std::setw(12) << std::setprecision(6) << value
       << " ± " << std::left << std::setw(10) << std::setprecision(2) << se << std::right;
    if (exact) {
        os << std::setw(12) << std::setprecision(6) << *exact;
        if (se > 0) os << std::setw(8) << std::fixed << std::setprecision(2) << (value - *exact) / se;
    }
    os << '\n';
    return os.str();
}

std::string summary(const app::SimulationResult& r, double mc_seconds, const std::string& out) {
    const auto& e = r.estimates;
    const auto& x = r.exact;
    const auto exact = [&](auto member) { return x ? std::optional<double>((*x).*member) : std::nullopt; };
    const auto exact_at = [&](const std::vector<double>& v, std::size_t i) {
        return i < v.size() ? std::optional<double>(v[i]) : std::nullopt;
    };
    std::ostringstream os;
    os << "beliefsim simulate: " << r.spec.model.process << ", " << r.spec.model.entropy << ", " << r.spec.model.states
       << " states, chi = " << r.spec.model.chi;
    if (!r.scheme.empty()) os << ", scheme " << r.scheme;
    if (r.time_cap) os << ", token cap " << *r.spec.token_cap << " (T = " << *r.time_cap << ")";
    os << '\n'
       << "  " << e.paths << " paths on " << r.threads << " threads in " << std::setprecision(3) << mc_seconds << " s ("
       << std::setprecision(4) << static_cast<double>(e.paths) / std::max(mc_seconds, 1e-9)
       << " paths/s, Monte Carlo part; total " << std::setprecision(3) << r.wall_seconds << " s)\n"
       << "  wrote " << out << "\n\n"
       << "  " << std::left << std::setw(22) << "quantity" << std::right << std::setw(12) << "estimate"
       << "   " << std::left << std::setw(10) << "stderr" << std::right << std::setw(12) << "exact" << std::setw(8)
       << "z" << '\n';
    os << row("E[tau]", e.mean.value, e.mean.std_error, exact(&app::ExactLaw::mean));
    os << row("Var[tau]", e.variance.value, e.variance.std_error, exact(&app::ExactLaw::variance));
    for (std::size_t i = 0; i < e.laplace_r.size(); ++i) {
        std::ostringstream label;
        label << "E[exp(-r tau)] r=" << e.laplace_r[i];
        os << row(label.str(), e.laplace_mean[i], e.laplace_stderr[i], x ? exact_at(x->laplace, i) : std::nullopt);
    }
    for (std::size_t s = 0; s < e.terminal_freq.size(); ++s) {
        const bool not_learned = s == static_cast<std::size_t>(r.spec.model.states);
        os << row(not_learned ? "P(not learned)" : "P(terminal = " + std::to_string(s) + ")", e.terminal_freq[s],
                  e.terminal_freq_stderr[s], x ? exact_at(x->terminal_probability, s) : std::nullopt);
    }
    // A few points across the grid; the grid ends near the 0.9999 quantile, where S(t) is tiny.
    for (const double fraction : {0.0625, 0.125, 0.25, 0.375, 0.5, 0.75}) {
        const auto j = static_cast<std::size_t>(std::lround(fraction * static_cast<double>(e.ecdf_t.size() - 1)));
        std::ostringstream label;
        label << "P(tau > " << std::setprecision(4) << e.ecdf_t[j] << ")";
        os << row(label.str(), 1 - e.ecdf_F[j], e.ecdf_F_stderr[j],
                  x ? std::optional<double>(interpolate(x->t, x->survival, e.ecdf_t[j])) : std::nullopt);
    }
    if (r.audit)
        os << "\n  throughput audit: " << estimators::verdict_name(r.audit->verdict)
           << " (E[H(mu_t) - H(mu_0)] = " << std::setprecision(6) << r.audit->total_increment.value << " ± "
           << std::setprecision(2) << r.audit->total_increment.std_error
           << " against chi E[min(tau, t)] = " << std::setprecision(6) << r.audit->total_alive_bound.value
           << ", t = " << r.audit->t.back() + (r.audit->t.size() > 1 ? r.audit->t[1] : 0) << ")\n";
    return os.str();
}

std::string format_duration(double seconds) {
    const auto s = static_cast<long>(std::max(0.0, seconds));
    std::ostringstream os;
    os << s / 60 << ':' << std::setw(2) << std::setfill('0') << s % 60;
    return os.str();
}

} // namespace

void add_run_options(CLI::App* sub, RunOptions& opts, const std::string& config_help) {
    sub->add_option("CONFIG", opts.config, config_help)->required();
    sub->add_option("-o,--output", opts.output, "output HDF5 file (written as <output>.<pid>.tmp, then renamed)")
        ->required();
    sub->add_option("--threads", opts.threads, "threads (0: all cores); results do not depend on it");
    // CLI11 reads "-1" into an unsigned as 2^64 - 1: the sign is refused first.
    sub->add_option("--seed", opts.seed, "override simulation.seed (0 to 2^64 - 1)")
        ->check(CLI::Validator(
            [](const std::string& text) { return text.starts_with('-') ? "must be >= 0 (got " + text + ")" : ""; }, "",
            "NON-NEGATIVE"));
    sub->add_option("--paths", opts.paths, "override simulation.paths");
    sub->add_flag("--quiet", opts.quiet, "no progress bar and no summary");
    add_progress_option(sub, opts.progress);
    add_config_options(sub, opts.config_options);
}

void add_progress_option(CLI::App* sub, std::string& option) {
    sub->add_option("--progress", option, "auto (a bar on a terminal) | bar | log (a line every 10 s) | none")
        ->check(CLI::IsMember({"auto", "bar", "log", "none"}));
}

ProgressStyle progress_style(const std::string& option, bool quiet, bool rank0) {
    if (quiet || !rank0 || option == "none") return ProgressStyle::none;
    if (option == "log") return ProgressStyle::log;
    if (option == "bar") return ProgressStyle::bar;
    if (option != "auto") throw ConfigError("--progress", "must be auto, bar, log or none (got " + option + ")");
    return isatty(STDERR_FILENO) == 1 ? ProgressStyle::bar : ProgressStyle::none;
}

mc::ProgressCallback make_progress(ProgressStyle style, std::function<void(double)> on_done, std::string unit) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto last_draw = std::make_shared<Clock::time_point>(start);
    return [=](std::uint64_t done, std::uint64_t total) {
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - start).count();
        const bool finished = done >= total;
        if (finished && on_done) on_done(elapsed);
        // A bar redraws at most ten times a second (a terminal write per wave would slow small
        // blocks); a log writes a line every LOG_SECONDS and at the end.
        const auto every = style == ProgressStyle::log ? std::chrono::duration<double>(LOG_SECONDS)
                                                       : std::chrono::duration<double>(0.1);
        if (style == ProgressStyle::none || (!finished && now - *last_draw < every)) return;
        *last_draw = now;
        const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
        const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0.0;
        const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
        if (style == ProgressStyle::log) {
            std::fprintf(stderr, "  %3d%%  %llu/%llu %s  %.3g %s/s  elapsed %s  ETA %s\n",
                         static_cast<int>(100 * fraction), static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(total), unit.c_str(), rate, unit.c_str(),
                         format_duration(elapsed).c_str(), format_duration(eta).c_str());
        } else {
            constexpr int WIDTH = 30;
            const auto filled = static_cast<int>(fraction * WIDTH);
            std::fprintf(stderr, "\r  [%s%s] %3d%%  %llu/%llu %s  %.3g %s/s  ETA %s ", std::string(filled, '#').c_str(),
                         std::string(WIDTH - filled, '-').c_str(), static_cast<int>(100 * fraction),
                         static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), unit.c_str(),
                         rate, unit.c_str(), format_duration(eta).c_str());
            if (finished) std::fputc('\n', stderr);
        }
        std::fflush(stderr);
    };
}

Command add_simulate_command(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* sub = app.add_subcommand("simulate", "Simulate one model's paths and write estimates to HDF5");
    add_run_options(sub, *opts, "TOML configuration file");
    return {sub, [opts] {
                std::optional<app::SimulationSpec> parsed; // parsed once, by the check of the config
                const PreparedRun prepared = prepare_run(
                    opts->config, opts->config_options,
                    [&](std::string_view t) { parsed = io::parse_simulation_config(t); }, opts->output);
                if (prepared.exit_status) return *prepared.exit_status;
                const std::string& text = prepared.text;
                app::SimulationSpec spec = std::move(*parsed);
                io::apply_overrides(spec, {opts->seed, opts->threads, opts->paths});
                double mc_seconds = 0;
                mc::Cluster cluster; // several ranks under mpirun: paths are shared out, rank 0 writes
                io::record_ranks(cluster.size());
                const ProgressStyle draw = progress_style(opts->progress, opts->quiet, cluster.rank() == 0);
                const app::SimulationResult result = [&] {
                    try {
                        return io::with_fields(io::simulation_fields(), [&] {
                            return app::simulate(std::move(spec),
                                                 make_progress(draw, [&](double s) { mc_seconds = s; }), &cluster);
                        });
                    } catch (const std::exception& e) {
                        if (cluster.size() == 1) throw;
                        // The other ranks would wait for this one's blocks forever.
                        std::fprintf(stderr, "error (rank %d): %s\n", cluster.rank(), e.what());
                        cluster.abort(EXIT_INTERNAL);
                    }
                }();
                if (cluster.rank() != 0) return 0;
                io::write_simulation(result, text, opts->output);
                if (opts->config_options.json)
                    print_json(opts->output);
                else if (!opts->quiet)
                    std::fputs(summary(result, mc_seconds, opts->output).c_str(), stdout);
                return 0;
            }};
}

} // namespace beliefsim::cli
