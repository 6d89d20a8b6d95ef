// `beliefsim ttc CONFIG.toml -o out.h5`: the test-time-compute market of a config (curves, the
// equilibrium at β, price of anarchy, reverse second-price auction, β sweep), HDF5 and a summary.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "beliefsim/app/ttc_run.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "beliefsim/io/ttc_file.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

struct TtcOptions {
    std::string config;
    std::string output;
    std::optional<std::int64_t> seed, threads;
    bool quiet = false;
    ConfigOptions config_options;
};

int theta(const app::TtcRun& r, int level) { return r.spec.curves.levels[static_cast<std::size_t>(level)]; }

/// Per provider at the equilibrium: level, accuracy ± stderr, tokens, price, share, utility, and
/// the level of a welfare-maximizing profile.
void equilibrium_table(std::ostringstream& os, const app::TtcRun& r) {
    const bool majority = r.spec.aggregation == ttc::Aggregation::majority_vote;
    os << "  " << std::left << std::setw(12) << "provider" << std::right << std::setw(6) << "theta" << std::setw(18)
       << "accuracy" << std::setw(9) << "tokens" << std::setw(12) << "price $" << std::setw(10) << "share"
       << std::setw(12) << "utility $" << std::setw(10) << "optimum" << '\n';
    for (std::size_t i = 0; i < r.market.providers(); ++i) {
        const auto l = static_cast<std::size_t>(r.dynamics.equilibrium[i]);
        const auto& acc = (majority ? r.curves[i].majority : r.curves[i].best_of_n)[l].estimate;
        std::ostringstream a;
        a << std::fixed << std::setprecision(4) << acc.value;
        if (!std::isnan(acc.std_error)) a << " ± " << acc.std_error; // given curves may come without one
        os << "  " << std::left << std::setw(12) << r.market.name(i) << std::right << std::setw(6)
           << theta(r, static_cast<int>(l)) << std::setw(18) << a.str() << std::setw(9) << std::fixed
           << std::setprecision(0) << r.curves[i].tokens[l].estimate.value << std::defaultfloat << std::setprecision(4)
           << std::setw(12) << r.market.offer(i, l).p << std::setw(10) << r.shares[i] << std::setw(12) << r.utilities[i]
           << std::setw(10) << theta(r, r.optimum.profile[i]) << '\n';
    }
}

void auction_table(std::ostringstream& os, const app::TtcRun& r) {
    const ttc::AuctionOutcome& a = r.comparison.auction;
    os << "  " << std::left << std::setw(12) << "provider" << std::right << std::setw(10) << "bid theta"
       << std::setw(12) << "W $" << '\n';
    for (const ttc::Bid& b : a.bids) {
        const char* role = b.provider == a.winner.provider      ? "  winner"
                           : b.provider == a.runner_up.provider ? "  runner-up"
                                                                : "";
        os << "  " << std::left << std::setw(12) << r.market.name(static_cast<std::size_t>(b.provider)) << std::right
           << std::setw(10) << theta(r, b.level) << std::setw(12) << std::setprecision(6) << b.w << role << '\n';
    }
    os << "  payment to the winner " << a.price << " $, winner's utility " << a.winner_utility << " $\n";
}

/// The notebooks' comparison: what users get and pay, and the welfare, in both mechanisms.
void comparison_table(std::ostringstream& os, const app::TtcRun& r) {
    const ttc::MarketSummary& m = r.comparison.market;
    const ttc::AuctionOutcome& a = r.comparison.auction;
    const auto row = [&](const char* name, double value, double price, double welfare) {
        os << "  " << std::left << std::setw(22) << name << std::right << std::setprecision(6) << std::setw(14) << value
           << std::setw(14) << price << std::setw(14) << welfare << '\n';
    };
    os << "  " << std::left << std::setw(22) << "mechanism" << std::right << std::setw(14) << "user value $"
       << std::setw(14) << "price $" << std::setw(14) << "welfare $" << '\n';
    row("market (equilibrium)", m.weighted_value, m.weighted_price, m.welfare);
    row("second-price auction", a.user_value, a.price, a.welfare);
}

void sweep_summary(std::ostringstream& os, const app::TtcRun& r) {
    if (r.sweep.empty()) return;
    const auto worst = std::max_element(r.sweep.begin(), r.sweep.end(), [](const auto& x, const auto& y) {
        return x.price_of_anarchy < y.price_of_anarchy;
    });
    const auto converged = std::count_if(r.sweep.begin(), r.sweep.end(), [](const auto& p) { return p.converged; });
    os << "\n  beta sweep: " << r.sweep.size() << " points in [" << r.sweep.front().beta << ", " << r.sweep.back().beta
       << "], " << converged << " converged; largest PoA " << std::setprecision(6) << worst->price_of_anarchy
       << " at beta = " << std::setprecision(4) << worst->beta << '\n';
    const std::size_t step = std::max<std::size_t>(1, (r.sweep.size() - 1) / 6);
    os << "  " << std::setw(12) << "beta" << std::setw(12) << "PoA" << std::setw(14) << "welfare $" << std::setw(14)
       << "optimum $" << '\n';
    for (std::size_t k = 0; k < r.sweep.size(); k += step)
        os << "  " << std::setprecision(4) << std::setw(12) << r.sweep[k].beta << std::setprecision(6) << std::setw(12)
           << r.sweep[k].price_of_anarchy << std::setw(14) << r.sweep[k].equilibrium_welfare << std::setw(14)
           << r.sweep[k].optimum_welfare << '\n';
}

std::string summary(const app::TtcRun& r, const std::string& out) {
    const app::TtcSpec& s = r.spec;
    std::ostringstream os;
    os << "beliefsim ttc: " << r.market.providers() << " providers x " << r.market.levels() << " compute levels (theta";
    for (const int t : s.curves.levels) os << ' ' << t;
    os << "), " << (s.aggregation == ttc::Aggregation::majority_vote ? "majority-vote" : "best-of-n") << " curves";
    if (r.curves_given)
        os << " as given\n  data: " << r.data_label << " (curves)\n";
    else
        os << ", " << s.curves.replicates << " replicates\n  data: " << r.data_label << " (" << r.questions
           << " questions x " << r.samples << " samples)\n";
    os << "  " << r.threads << " threads, " << std::setprecision(3) << r.wall_seconds << " s; wrote " << out << "\n\n"
       << "  equilibrium at beta = " << std::setprecision(6) << s.beta << " ("
       << (s.dynamics.rule == ttc::ResponseRule::nearest_better ? "nearest-better" : "best") << " response, "
       << r.dynamics.rounds << " rounds, " << r.dynamics.moves << " moves, "
       << (r.dynamics.converged ? "converged" : "NOT converged") << ", Nash gap " << std::setprecision(2)
       << r.dynamics.nash_gap << " $)\n";
    equilibrium_table(os, r);
    os << "  welfare " << std::setprecision(6) << r.welfare << " $, optimum " << r.optimum.welfare
       << " $, price of anarchy " << r.price_of_anarchy << "\n\n  reverse second-price auction\n";
    auction_table(os, r);
    os << '\n';
    comparison_table(os, r);
    sweep_summary(os, r);
    return os.str();
}

} // namespace

Command add_ttc_command(CLI::App& app) {
    auto opts = std::make_shared<TtcOptions>();
    CLI::App* sub = app.add_subcommand("ttc", "Test-time-compute market: equilibrium, price of anarchy, auction");
    sub->add_option("CONFIG", opts->config, "TOML configuration file ([data], [curves], [market], ...)")->required();
    sub->add_option("-o,--output", opts->output, "output HDF5 file (written as <output>.<pid>.tmp, then renamed)")
        ->required();
    sub->add_option("--threads", opts->threads, "threads (0: all cores); results do not depend on it");
    sub->add_option("--seed", opts->seed, "override curves.seed and dynamics.seed");
    sub->add_flag("--quiet", opts->quiet, "no summary");
    add_config_options(sub, opts->config_options);
    return {sub, [opts] {
                if (const auto refused = refuse_several_ranks("ttc")) return *refused;
                const std::filesystem::path path(opts->config);
                const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
                std::optional<app::TtcSpec> parsed; // parsed once, by the check of the config
                const PreparedRun prepared = prepare_run(
                    opts->config, opts->config_options,
                    [&](std::string_view t) { parsed = io::parse_ttc_config(t, dir); }, opts->output);
                if (prepared.exit_status) return *prepared.exit_status;
                const std::string& text = prepared.text;
                app::TtcSpec spec = std::move(*parsed);
                io::apply_ttc_overrides(spec, opts->seed, opts->threads);
                const app::TtcRun run = app::run_ttc(spec);
                io::write_ttc_run(run, text, opts->output);
                if (opts->config_options.json)
                    print_json(opts->output);
                else if (!opts->quiet)
                    std::fputs(summary(run, opts->output).c_str(), stdout);
                return 0;
            }};
}

} // namespace beliefsim::cli
