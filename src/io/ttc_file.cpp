#include "beliefsim/io/ttc_file.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/schema.hpp"
#include "beliefsim/ttc/game.hpp"

namespace beliefsim::io {

namespace {

using schema::child;
namespace sc = schema::ttc;

const std::string DOLLARS = "dollars per query";
const std::string TOKENS = "tokens per query";
const std::string THETA = "samples per query";

/// Row-major providers × levels table of `field` over the (provider, level) grid.
template <class F>
std::vector<double> table(std::size_t providers, std::size_t levels, F field) {
    std::vector<double> out;
    for (std::size_t i = 0; i < providers; ++i)
        for (std::size_t l = 0; l < levels; ++l) out.push_back(field(i, l));
    return out;
}

/// The axes a group's datasets use, written into the group itself (netCDF readers find a
/// dimension only in the dataset's group or an ancestor, and xarray then labels each group on its
/// own): provider names and, for providers × levels tables, the compute levels θ.
struct Axes {
    Dataset provider;
    std::optional<Dataset> theta;
};

Dataset provider_scale(const Object& group, const app::TtcRun& r) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < r.market.providers(); ++i) names.push_back(r.market.name(i));
    Dataset scale =
        write_strings(group, "provider", names, {"provider name (the row order of every per-provider dataset)", ""});
    attach_scale(scale, "provider", std::span<const Dataset* const>{});
    return scale;
}

Axes write_axes(const Group& group, const app::TtcRun& r, bool levels) {
    Axes axes{provider_scale(group, r), std::nullopt};
    if (levels) {
        axes.theta = write_dataset(group, "theta", r.spec.curves.levels,
                                   {"compute level theta: samples drawn per query", THETA});
        attach_scale(*axes.theta, "theta", std::span<const Dataset* const>{});
    }
    return axes;
}

/// Labels the axes of providers × levels (or per-provider) datasets.
template <class Sets>
void label(const Axes& axes, const Sets& sets) {
    attach_scale(axes.provider, "provider", sets, 0);
    if (axes.theta) attach_scale(*axes.theta, "theta", sets, 1);
}

void write_settings(const File& file, const app::TtcRun& r) {
    const app::TtcSpec& s = r.spec;
    const Group g = create_group(file, sc::GROUP);
    (void)provider_scale(g, r);
    write_attribute(g, "data", r.data_label);
    write_attribute(g, "curves", r.curves_given ? "given" : "resampled");
    write_attribute(g, "method", s.aggregation == ttc::Aggregation::majority_vote ? "majority-vote" : "best-of-n");
    if (!r.curves_given) {
        write_attribute(g, "questions", static_cast<std::int64_t>(r.questions));
        write_attribute(g, "samples_per_question", static_cast<std::int64_t>(r.samples));
        write_attribute(g, "replicates", static_cast<std::int64_t>(s.curves.replicates));
        write_attribute(g, "band", s.curves.band);
    }
    write_attribute(g, "beta", s.beta);
    write_attribute(g, "alpha", s.market.alpha);
    write_attribute(g, "baseline", s.market.baseline);
    const ttc::ValueShape shape = s.market.value.shape;
    write_attribute(g, "value_curve",
                    shape == ttc::ValueShape::linear  ? "linear"
                    : shape == ttc::ValueShape::power ? "power"
                                                      : "exp");
    if (shape == ttc::ValueShape::power) write_attribute(g, "gamma", s.market.value.gamma);
    if (shape == ttc::ValueShape::exponential) write_attribute(g, "kappa", s.market.value.kappa);
    if (s.margin) write_attribute(g, "margin", *s.margin);
    write_attribute(g, "rule",
                    s.dynamics.rule == ttc::ResponseRule::nearest_better ? "nearest-better" : "best-response");
    write_attribute(g, "tolerance", s.dynamics.tolerance);
    write_attribute(g, "dynamics_seed", static_cast<std::uint64_t>(s.dynamics.seed));
}

void write_curves(const File& file, const app::TtcRun& r) {
    const std::size_t n = r.curves.size(), m = r.spec.curves.levels.size();
    const bool majority = r.spec.aggregation == ttc::Aggregation::majority_vote;
    const auto acc = [&](std::size_t i, std::size_t l) -> const ttc::CurveValue& {
        return majority ? r.curves[i].majority[l] : r.curves[i].best_of_n[l];
    };
    const Group g = create_group(file, sc::CURVES);
    write_attribute(g, "method", majority ? "majority-vote" : "best-of-n");
    const Shape2 shape{n, m};
    // Given curves were not resampled: their standard errors are the file's (NaN: not given), and
    // they have no percentile band.
    const bool given = r.curves_given;
    std::ostringstream band_text;
    if (given)
        band_text << " of the percentile band: NaN (the curves were given in data.curves, not resampled)";
    else
        band_text << " of the central " << 100 * r.spec.curves.band << "% percentile band of the replicate accuracies";
    const std::string band = band_text.str();
    const auto stderr_text = [&](const std::string& quantity) {
        return given ? "standard error of " + quantity + " as given in data.curves (NaN: not given)"
                     : "Monte Carlo standard error of " + quantity;
    };
    label(write_axes(g, r, true),
          std::array{
              write_dataset(g, "accuracy", table(n, m, [&](auto i, auto l) { return acc(i, l).estimate.value; }), shape,
                            {given ? "accuracy a(theta) as given in data.curves (providers x levels)"
                                   : "accuracy a(theta): mean over resampling replicates (providers x levels)",
                             ""}),
              write_dataset(g, "accuracy_stderr",
                            table(n, m, [&](auto i, auto l) { return acc(i, l).estimate.std_error; }), shape,
                            {stderr_text("accuracy"), ""}),
              write_dataset(g, "accuracy_lo", table(n, m, [&](auto i, auto l) { return acc(i, l).band_lo; }), shape,
                            {"lower end" + band, ""}),
              write_dataset(g, "accuracy_hi", table(n, m, [&](auto i, auto l) { return acc(i, l).band_hi; }), shape,
                            {"upper end" + band, ""}),
              write_dataset(g, "tokens",
                            table(n, m, [&](auto i, auto l) { return r.curves[i].tokens[l].estimate.value; }), shape,
                            {given ? "mean tokens per query n(theta) as given in data.curves"
                                   : "mean tokens of the theta drawn samples n(theta)",
                             TOKENS}),
              write_dataset(g, "tokens_stderr",
                            table(n, m, [&](auto i, auto l) { return r.curves[i].tokens[l].estimate.std_error; }),
                            shape, {stderr_text("tokens"), TOKENS}),
          });
}

void write_offers(const File& file, const app::TtcRun& r) {
    const ttc::Market& mk = r.market;
    const Shape2 shape{mk.providers(), mk.levels()};
    const auto offer = [&](auto field) {
        return table(mk.providers(), mk.levels(), [&](auto i, auto l) { return field(mk.offer(i, l)); });
    };
    const Group g = create_group(file, sc::OFFERS);
    label(write_axes(g, r, true),
          std::array{
              write_dataset(g, "quality", offer([](const ttc::Offer& o) { return o.q; }), shape,
                            {"quality q = alpha (b + (1 - b) f(a)) (providers x levels)", DOLLARS}),
              write_dataset(g, "price", offer([](const ttc::Offer& o) { return o.p; }), shape,
                            {"price p = n(theta) x price per token", DOLLARS}),
              write_dataset(g, "cost", offer([](const ttc::Offer& o) { return o.c; }), shape,
                            {"provider cost c = p / (1 + margin)", DOLLARS}),
              write_dataset(g, "user_value", offer([](const ttc::Offer& o) { return o.v; }), shape,
                            {"user value V = q - p", DOLLARS}),
          });
}

void write_equilibrium(const File& file, const app::TtcRun& r) {
    const ttc::Market& mk = r.market;
    const ttc::Profile& eq = r.dynamics.equilibrium;
    std::vector<std::int32_t> level, theta, optimum;
    std::vector<double> price, quality, value;
    double outside = 1;
    for (std::size_t i = 0; i < mk.providers(); ++i) {
        const ttc::Offer& o = mk.offer(i, static_cast<std::size_t>(eq[i]));
        level.push_back(eq[i]);
        theta.push_back(r.spec.curves.levels[static_cast<std::size_t>(eq[i])]);
        optimum.push_back(r.optimum.profile[i]);
        price.push_back(o.p);
        quality.push_back(o.q);
        value.push_back(o.v);
        outside -= r.shares[i];
    }
    const Group g = create_group(file, sc::EQUILIBRIUM);
    write_attribute(g, "beta", r.spec.beta);
    write_attribute(g, "welfare", r.welfare);
    write_attribute(g, "optimum_welfare", r.optimum.welfare);
    write_attribute(g, "poa", r.price_of_anarchy);
    write_attribute(g, "potential", r.potential);
    write_attribute(g, "rounds", static_cast<std::int64_t>(r.dynamics.rounds));
    write_attribute(g, "moves", static_cast<std::int64_t>(r.dynamics.moves));
    write_attribute(g, "converged", static_cast<std::int64_t>(r.dynamics.converged));
    write_attribute(g, "nash_gap", r.dynamics.nash_gap);
    write_attribute(g, "outside_share", outside);
    label(write_axes(g, r, false),
          std::array{
              write_dataset(g, "level", level, {"equilibrium level index into curves/theta", ""}),
              write_dataset(g, "theta", theta, {"equilibrium compute level theta", THETA}),
              write_dataset(g, "share", r.shares, {"logit market share (outside option: attr)", ""}),
              write_dataset(g, "utility", r.utilities, {"provider utility share (p - c)", DOLLARS}),
              write_dataset(g, "price", price, {"price p at the equilibrium level", DOLLARS}),
              write_dataset(g, "quality", quality, {"quality q at the equilibrium level", DOLLARS}),
              write_dataset(g, "user_value", value, {"user value V = q - p", DOLLARS}),
              write_dataset(g, "optimum_level", optimum, {"level index of a welfare-maximizing profile", ""}),
          });
}

void write_dynamics(const File& file, const app::TtcRun& r) {
    const auto& path = r.dynamics.trajectory;
    const std::size_t n = r.market.providers();
    std::vector<std::int32_t> turn, round, mover, level;
    std::vector<double> potential, welfare, share;
    for (const ttc::TrajectoryPoint& p : path) {
        turn.push_back(static_cast<std::int32_t>(turn.size()));
        round.push_back(p.round);
        mover.push_back(p.provider);
        potential.push_back(p.potential);
        welfare.push_back(p.welfare);
        level.insert(level.end(), p.profile.begin(), p.profile.end());
        share.insert(share.end(), p.shares.begin(), p.shares.end());
    }
    const Group g = create_group(file, sc::DYNAMICS);
    const Dataset turns = write_dataset(g, "turn", turn, {"turn number (0: the start)", ""});
    const std::array by_turn = {
        write_dataset(g, "round", round, {"round of the turn (0: the start)", ""}),
        write_dataset(g, "mover", mover, {"index of the provider who had the turn (-1: the start)", ""}),
        write_dataset(g, "potential", potential, {"potential Phi after the turn", ""}),
        write_dataset(g, "welfare", welfare, {"expected social welfare after the turn", DOLLARS}),
    };
    const std::array by_turn_and_provider = {
        write_dataset(g, "level", level, Shape2{path.size(), n},
                      {"level index of every provider after the turn (turns x providers)", ""}),
        write_dataset(g, "share", share, Shape2{path.size(), n},
                      {"market shares after the turn (turns x providers)", ""}),
    };
    attach_scale(turns, "turn", by_turn);
    attach_scale(turns, "turn", by_turn_and_provider, 0);
    attach_scale(provider_scale(g, r), "provider", by_turn_and_provider, 1);
}

void write_auction(const File& file, const app::TtcRun& r) {
    const ttc::AuctionOutcome& a = r.comparison.auction;
    std::vector<std::int32_t> level, theta;
    std::vector<double> w, q, p, c;
    for (const ttc::Bid& b : a.bids) {
        level.push_back(b.level);
        theta.push_back(r.spec.curves.levels[static_cast<std::size_t>(b.level)]);
        w.push_back(b.w);
        q.push_back(b.q);
        p.push_back(b.p);
        c.push_back(b.c);
    }
    const Group g = create_group(file, sc::AUCTION);
    write_attribute(g, "winner", r.market.name(static_cast<std::size_t>(a.winner.provider)));
    write_attribute(g, "runner_up", r.market.name(static_cast<std::size_t>(a.runner_up.provider)));
    write_attribute(g, "winner_index", static_cast<std::int64_t>(a.winner.provider));
    write_attribute(g, "runner_up_index", static_cast<std::int64_t>(a.runner_up.provider));
    write_attribute(g, "payment", a.price);
    write_attribute(g, "user_value", a.user_value);
    write_attribute(g, "winner_utility", a.winner_utility);
    write_attribute(g, "welfare", a.welfare);
    label(write_axes(g, r, false),
          std::array{
              write_dataset(g, "bid_level", level, {"level index of the best bid (max W)", ""}),
              write_dataset(g, "bid_theta", theta, {"compute level theta of the best bid", THETA}),
              write_dataset(g, "W", w, {"social surplus of the bid W = V + (p - c) = q - c", DOLLARS}),
              write_dataset(g, "quality", q, {"quality q of the bid", DOLLARS}),
              write_dataset(g, "price", p, {"list price p of the bid", DOLLARS}),
              write_dataset(g, "cost", c, {"cost c of the bid", DOLLARS}),
          });
}

void write_comparison(const File& file, const app::TtcRun& r) {
    const ttc::MarketSummary& mk = r.comparison.market;
    const ttc::AuctionOutcome& a = r.comparison.auction;
    const Group g = create_group(file, sc::COMPARISON);
    const Dataset mechanism =
        write_strings(g, "mechanism", {"market equilibrium", "second-price auction"},
                      {"the logit market at its equilibrium (share-weighted), the reverse second-price auction", ""});
    const std::vector<double> value = {mk.weighted_value, a.user_value}, price = {mk.weighted_price, a.price},
                              welfare = {mk.welfare, a.welfare};
    attach_scale(
        mechanism, "mechanism",
        std::array{
            write_dataset(g, "user_value", value,
                          {"user value: sum share V at the equilibrium; the runner-up's W in the auction", DOLLARS}),
            write_dataset(
                g, "price", price,
                {"price paid: sum share p at the equilibrium; q_winner - W_runner-up in the auction", DOLLARS}),
            write_dataset(g, "welfare", welfare,
                          {"expected social welfare: sum share (q - c); W_winner in the auction", DOLLARS}),
        });
}

void write_sweep(const File& file, const app::TtcRun& r) {
    if (r.sweep.empty()) return;
    std::vector<double> beta, poa, welfare, optimum, value, price, gap;
    std::vector<std::int32_t> rounds, converged, level;
    for (std::size_t k = 0; k < r.sweep.size(); ++k) {
        const ttc::SweepPoint& p = r.sweep[k];
        beta.push_back(p.beta);
        poa.push_back(p.price_of_anarchy);
        welfare.push_back(p.equilibrium_welfare);
        optimum.push_back(p.optimum_welfare);
        value.push_back(r.sweep_markets[k].weighted_value);
        price.push_back(r.sweep_markets[k].weighted_price);
        gap.push_back(p.nash_gap);
        rounds.push_back(p.rounds);
        converged.push_back(p.converged ? 1 : 0);
        level.insert(level.end(), p.equilibrium.begin(), p.equilibrium.end());
    }
    const Group g = create_group(file, sc::BETA_SWEEP);
    const Dataset axis = write_dataset(g, "beta", beta, {"user rationality beta", "1/dollar"});
    const std::array by_beta = {
        write_dataset(g, "poa", poa, {"price of anarchy optimum / welfare", ""}),
        write_dataset(g, "welfare", welfare, {"welfare at the equilibrium", DOLLARS}),
        write_dataset(g, "optimum", optimum, {"maximal welfare over profiles", DOLLARS}),
        write_dataset(g, "user_value", value, {"sum share V at the equilibrium", DOLLARS}),
        write_dataset(g, "price", price, {"sum share p at the equilibrium", DOLLARS}),
        write_dataset(g, "nash_gap", gap, {"largest unilateral utility gain at the equilibrium", DOLLARS}),
        write_dataset(g, "rounds", rounds, {"rounds of the dynamics", ""}),
        write_dataset(g, "converged", converged, {"1: the dynamics converged", ""}),
    };
    const std::array by_beta_and_provider = {write_dataset(g, "level", level,
                                                           Shape2{r.sweep.size(), r.market.providers()},
                                                           {"equilibrium level index (points x providers)", ""})};
    attach_scale(axis, "beta", by_beta);
    attach_scale(axis, "beta", by_beta_and_provider, 0);
    attach_scale(provider_scale(g, r), "provider", by_beta_and_provider, 1);
}

} // namespace

void write_ttc_run(const app::TtcRun& run, const std::string& config_text, const std::filesystem::path& out) {
    const Provenance provenance{.config = config_text, .seed = run.spec.curves.seed, .threads = run.threads};
    write_atomically(out, provenance, [&](const File& file) {
        write_settings(file, run);
        write_curves(file, run);
        write_offers(file, run);
        write_equilibrium(file, run);
        write_dynamics(file, run);
        write_auction(file, run);
        write_comparison(file, run);
        write_sweep(file, run);
    });
}

} // namespace beliefsim::io
