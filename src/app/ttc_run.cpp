#include "beliefsim/app/ttc_run.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/mc/parallel.hpp"
#include "beliefsim/ttc/game.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

namespace beliefsim::app {
using namespace beliefsim::ttc; // the job runner is ttc's client

namespace {

struct Inputs {
    std::vector<ProviderCurves> curves;
    std::vector<PriceEntry> prices;
    std::string label;
    std::size_t questions = 0, samples = 0; // of the records (0: curves given)
};

/// Given curves price only the providers they describe: a price without curves is most likely a
/// misspelt name, which would otherwise leave that provider out of the market silently.
Inputs load_curves(const TtcSpec& spec) {
    const DataSource& data = spec.data;
    BELIEFSIM_REQUIRE(data.read_prices, "the data source needs its price reader");
    Inputs in{data.read_curves(spec.aggregation), data.read_prices(), data.curves.string()};
    for (const PriceEntry& e : in.prices)
        BELIEFSIM_CHECK(
            std::any_of(in.curves.begin(), in.curves.end(), [&](const ProviderCurves& c) { return c.name == e.name; }),
            "prices", "provider '" << e.name << "' has a price but no curves in " << in.label);
    return in;
}

Inputs load(const TtcSpec& spec) {
    const DataSource& data = spec.data;
    if (data.read_curves) return load_curves(spec);
    std::vector<ProviderSamples> samples;
    Inputs in;
    if (data.synthetic) {
        samples = generate_samples(*data.synthetic);
        for (const SyntheticProvider& p : data.synthetic->providers)
            in.prices.push_back({p.name, p.price_per_million, PriceEntry{}.margin});
        in.label = "synthetic (seed " + std::to_string(data.synthetic->seed) + ")";
    } else {
        BELIEFSIM_REQUIRE(data.read_samples && data.read_prices, "the data source needs its readers or a generator");
        samples = data.read_samples();
        in.prices = data.read_prices();
        in.label = data.samples.string();
    }
    CurveOptions options = spec.curves;
    options.threads = spec.threads;
    in.curves = estimate_curves(samples, options);
    in.questions = samples.front().questions;
    in.samples = samples.front().samples;
    return in;
}

TtcRun run_market(const TtcSpec& spec) {
    const auto start = std::chrono::steady_clock::now();
    BELIEFSIM_CHECK(!spec.margin || (*spec.margin > 0 && std::isfinite(*spec.margin)), "margin",
                    "must be finite and > 0 (at 0 every profit is 0 and the potential log(profit) is -inf) "
                        << got(spec.margin.value_or(0)));
    check_beta(spec.beta);
    double largest_beta = spec.beta;
    for (const double b : spec.sweep_betas) {
        check_beta(b);
        largest_beta = std::max(largest_beta, b);
    }
    // Utilities are β·v with |v| ≤ α + price: α = 1e308 made them inf and the shares NaN.
    BELIEFSIM_CHECK(spec.market.alpha * largest_beta <= 1e300, "alpha",
                    "alpha times the largest beta must be <= 1e300 (the logit utilities beta v overflow) "
                        << got(spec.market.alpha));

    Inputs in = load(spec);
    std::vector<Provider> providers = make_providers(in.curves, in.prices, spec.aggregation);
    BELIEFSIM_CHECK(providers.size() >= 2, "data",
                    "the market needs at least 2 providers for the auction (got " << providers.size() << ")");
    if (spec.margin)
        for (Provider& p : providers) p.margin = *spec.margin;

    TtcRun out{.spec = spec,
               .data_label = std::move(in.label),
               .curves_given = static_cast<bool>(spec.data.read_curves),
               .questions = in.questions,
               .samples = in.samples,
               .curves = std::move(in.curves),
               .providers = providers,
               .market = Market(std::move(providers), spec.market)};
    out.spec.curves.levels = out.curves.front().levels;
    const Market& m = out.market;
    DynamicsOptions dynamics = spec.dynamics;
    dynamics.record = true;
    out.dynamics = run_dynamics(m, spec.beta, dynamics);
    const Profile& eq = out.dynamics.equilibrium;
    out.shares = shares(m, eq, spec.beta);
    out.utilities = utilities(m, eq, spec.beta);
    out.welfare = welfare(m, eq, spec.beta);
    out.potential = potential(m, eq, spec.beta);
    out.optimum = max_welfare(m, spec.beta);
    out.price_of_anarchy = price_of_anarchy(out.optimum.welfare, out.welfare);
    out.comparison = compare_market_auction(m, eq, spec.beta);
    if (!spec.sweep_betas.empty()) {
        out.sweep = beta_sweep(m, spec.sweep_betas, spec.dynamics, spec.threads);
        for (const SweepPoint& p : out.sweep) out.sweep_markets.push_back(summarize_market(m, p.equilibrium, p.beta));
    }
    out.threads = mc::resolve_threads(spec.threads);
    out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

} // namespace

TtcRun run_ttc(const TtcSpec& spec) {
    try {
        return run_market(spec);
    } catch (const InvalidArgument& e) {
        if (spec.name_field) spec.name_field(e);
        throw;
    }
}

TtcSpec default_synthetic_spec() {
    TtcSpec spec;
    spec.data.synthetic = default_market_spec();
    spec.market.alpha = 0.008;
    spec.market.baseline = 0.1;
    spec.market.value.shape = ValueShape::linear;
    spec.beta = 1000;
    spec.sweep_betas = log_space(0, 6, 100);
    return spec;
}

std::vector<PaperNumber> run_checks(const TtcRun& run) {
    const Market& m = run.market;
    const double beta = run.spec.beta;
    std::vector<PaperNumber> out;
    const auto add = [&](std::string quantity, double expected, double ours, double tolerance, std::string note) {
        out.push_back({std::move(quantity), expected, ours, tolerance, std::move(note)});
    };
    const Profile& eq = run.dynamics.equilibrium;
    add("dynamics converged (1 = yes)", 1, run.dynamics.converged ? 1 : 0, 0,
        std::to_string(run.dynamics.rounds) + " rounds, " + std::to_string(run.dynamics.moves) + " moves");
    add("no provider improves by more than the tolerance (1 = yes)", 1,
        is_equilibrium(m, eq, beta, run.spec.dynamics.tolerance) ? 1 : 0, 0, "pure Nash equilibrium");
    // Every move raises Φ by exactly Δ log u of the mover, so a fall would be a bug in the game.
    int falls = 0;
    const auto& path = run.dynamics.trajectory;
    for (std::size_t k = 1; k < path.size(); ++k)
        if (path[k].profile != path[k - 1].profile && !(path[k].potential > path[k - 1].potential)) ++falls;
    add("moves that did not raise the potential", 0, falls, 0, "potential game");
    const WelfareOptimum brute = max_welfare_exhaustive(m, beta, run.spec.threads);
    add("maximal welfare: Dinkelbach (exhaustive search expected)", brute.welfare, run.optimum.welfare,
        1e-12 * std::abs(brute.welfare), "over all profiles");
    add("max(0, 1 - PoA) at beta", 0, std::max(0.0, 1 - run.price_of_anarchy), 0,
        "PoA = " + std::to_string(run.price_of_anarchy));
    double worst = 0;
    for (const SweepPoint& p : run.sweep) worst = std::max(worst, 1 - p.price_of_anarchy);
    if (!run.sweep.empty())
        add("max(0, 1 - PoA) over the beta sweep", 0, worst, 0, std::to_string(run.sweep.size()) + " points");
    const AuctionOutcome& a = run.comparison.auction;
    // The second-highest best surplus, recomputed from the offers rather than taken from the bids.
    std::vector<double> best(m.providers(), -INFINITY);
    for (std::size_t i = 0; i < m.providers(); ++i)
        for (std::size_t l = 0; l < m.levels(); ++l) best[i] = std::max(best[i], m.offer(i, l).surplus());
    std::sort(best.begin(), best.end(), std::greater<>());
    add("auction: user value (second-highest best W expected)", best[1], a.user_value, 0, "second price");
    add("max(0, equilibrium welfare - auction welfare)", 0, std::max(0.0, run.welfare - a.welfare), 0,
        "auction " + std::to_string(a.welfare) + ", market " + std::to_string(run.welfare));
    return out;
}

} // namespace beliefsim::app
