#include "beliefsim/io/ttc_config.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/fields.hpp"
#include "beliefsim/io/ttc_csv.hpp"
#include "beliefsim/io/ttc_curves.hpp"
#include "beliefsim/io/ttc_samples_file.hpp"
#include "beliefsim/ttc/game.hpp"
#include "toml_section.hpp"

namespace beliefsim::io {

namespace {

using detail::Section;
using detail::table_of;

constexpr std::int64_t ANY = std::numeric_limits<std::int64_t>::max();
// Upper bounds that keep a typo (an extra zero or three) from exhausting memory or time.
constexpr std::int64_t MAX_QUESTIONS = 1'000'000;
constexpr std::int64_t MAX_SAMPLES = 100'000;
constexpr std::int64_t MAX_REPLICATES = 1'000'000;
constexpr std::int64_t MAX_ROUNDS = 1'000'000;
constexpr std::int64_t MAX_SWEEP_POINTS = 1'000'000;

// The config fields of the parameters that the ttc library and app::run_ttc name in their rules.
// The market's own "providers" checks cannot fail on a parsed config (run_ttc needs 2 providers
// first, and the price list, margin and curves are checked before), so "providers" is the generator's.
constexpr FieldName FIELDS[] = {
    {"questions", "synthetic.questions"},
    {"samples", "synthetic.samples"},
    {"difficulty_sd", "synthetic.difficulty_sd"},
    {"distractors", "synthetic.distractors"},
    {"distractor_shape", "synthetic.distractor_shape"},
    {"reward_gap", "synthetic.reward_gap"},
    {"reward_noise", "synthetic.reward_noise"},
    {"reward_decimals", "synthetic.reward_decimals"},
    {"token_log_sd", "synthetic.token_log_sd"},
    {"token_difficulty", "synthetic.token_difficulty"},
    {"providers", "synthetic.providers"},
    {"providers[", "synthetic.providers["},
    {"levels", "curves.levels"},
    {"replicates", "curves.replicates"},
    {"band", "curves.band"},
    {"beta", "market.beta"},
    {"alpha", "market.alpha"},
    {"baseline", "market.baseline"},
    {"value_curve", "market.value_curve"},
    {"gamma", "market.gamma"},
    {"kappa", "market.kappa"},
    {"margin", "market.margin"},
    {"prices", "data.prices"},
    {"tolerance", "dynamics.tolerance"},
    {"max_rounds", "dynamics.max_rounds"},
};

std::optional<bool> boolean(const toml::table& t, const Section& s, std::string_view key) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean())
        throw ConfigError(s.field(key), "must be true or false (got " + detail::type_name(*node) + ")");
    return node->as_boolean()->get();
}

std::filesystem::path resolve(const std::filesystem::path& file, const std::filesystem::path& dir) {
    return file.is_absolute() ? file : (dir / file).lexically_normal();
}

/// The optional [[synthetic.providers]] array: one table per provider.
std::vector<ttc::SyntheticProvider> parse_synthetic_providers(const toml::node& node) {
    if (!node.is_array_of_tables())
        throw ConfigError("synthetic.providers", "must be an array of tables ([[synthetic.providers]])");
    std::vector<ttc::SyntheticProvider> out;
    for (const toml::node& item : *node.as_array()) {
        const Section p(*item.as_table(), "synthetic.providers[" + std::to_string(out.size()) + "]");
        p.reject_unknown({"name", "skill", "verbosity", "no_answer_rate", "price_per_million"});
        ttc::SyntheticProvider d;
        d.name = p.required("name", p.string("name"));
        d.skill = p.required("skill", p.number("skill"));
        d.verbosity = p.number("verbosity").value_or(d.verbosity);
        d.no_answer_rate = p.number("no_answer_rate").value_or(d.no_answer_rate);
        d.price_per_million = p.number("price_per_million").value_or(d.price_per_million);
        out.push_back(std::move(d));
    }
    return out;
}

/// The generator's parameters; its own check names the same "synthetic.FIELD" for domain rules.
ttc::SyntheticSpec parse_synthetic(const toml::table& t) {
    const Section s(t, "synthetic");
    s.reject_unknown({"questions", "samples", "difficulty_sd", "distractors", "distractor_shape", "reward_gap",
                      "reward_noise", "reward_decimals", "token_log_sd", "token_difficulty", "seed", "providers"});
    ttc::SyntheticSpec spec = ttc::default_market_spec();
    spec.questions = static_cast<std::size_t>(
        s.integer_in("questions", 1, MAX_QUESTIONS, static_cast<std::int64_t>(spec.questions)));
    spec.samples =
        static_cast<std::size_t>(s.integer_in("samples", 1, MAX_SAMPLES, static_cast<std::int64_t>(spec.samples)));
    spec.difficulty_sd = s.number("difficulty_sd").value_or(spec.difficulty_sd);
    spec.distractors = static_cast<int>(s.integer_in("distractors", 1, 1000, spec.distractors));
    spec.distractor_shape = s.number("distractor_shape").value_or(spec.distractor_shape);
    spec.reward_gap = s.number("reward_gap").value_or(spec.reward_gap);
    spec.reward_noise = s.number("reward_noise").value_or(spec.reward_noise);
    spec.reward_decimals = static_cast<int>(s.integer_in("reward_decimals", 0, 15, spec.reward_decimals));
    spec.token_log_sd = s.number("token_log_sd").value_or(spec.token_log_sd);
    spec.token_difficulty = s.number("token_difficulty").value_or(spec.token_difficulty);
    spec.seed = static_cast<rng::Seed>(s.integer_in("seed", 0, ANY, static_cast<std::int64_t>(spec.seed)));
    if (const toml::node* providers = t.get("providers")) spec.providers = parse_synthetic_providers(*providers);
    return spec;
}

app::DataSource parse_data(const toml::table& root, const std::filesystem::path& dir) {
    const toml::table& t = table_of(root, "data", true);
    const Section s(t, "data");
    s.reject_unknown({"samples", "curves", "prices", "synthetic"});
    const bool synthetic = boolean(t, s, "synthetic").value_or(false);
    app::DataSource data;
    if (synthetic) {
        for (const char* key : {"samples", "curves", "prices"})
            if (s.has(key)) throw ConfigError(s.field(key), "must be left out with data.synthetic = true");
        data.synthetic = parse_synthetic(table_of(root, "synthetic", false));
        return data;
    }
    if (root.contains("synthetic")) throw ConfigError("synthetic", "table [synthetic] needs data.synthetic = true");
    if (!s.has("samples") && !s.has("curves") && !s.has("prices"))
        throw ConfigError("data", "needs samples (or curves) and prices files, or synthetic = true");
    if (s.has("samples") && s.has("curves"))
        throw ConfigError(s.field("curves"), "must be left out when data.samples is given (one source of curves)");
    data.prices = resolve(s.required("prices", s.string("prices")), dir);
    data.read_prices = [file = data.prices] { return read_price_list_csv(file); };
    if (s.has("curves")) {
        data.curves = resolve(*s.string("curves"), dir);
        data.read_curves = [file = data.curves](ttc::Aggregation a) { return read_curves(file, a); };
        return data;
    }
    data.samples = resolve(s.required("samples", s.string("samples")), dir);
    data.read_samples = [file = data.samples] {
        return is_hdf5_name(file) ? read_samples_h5(file) : read_samples_csv(file);
    };
    return data;
}

void parse_curves(const Section& s, app::TtcSpec& spec) {
    if (spec.data.read_curves) {
        for (const char* key : {"levels", "replicates", "band", "seed"})
            if (s.has(key))
                throw ConfigError(s.field(key), "must be left out with data.curves (the curves are given, not "
                                                "resampled; their levels are the file's theta)");
    }
    s.reject_unknown({"method", "levels", "replicates", "band", "seed"});
    const std::string method = s.string("method").value_or("majority-vote");
    if (method == "majority-vote")
        spec.aggregation = ttc::Aggregation::majority_vote;
    else if (method == "best-of-n")
        spec.aggregation = ttc::Aggregation::best_of_n;
    else
        throw ConfigError(s.field("method"), "must be majority-vote or best-of-n (got '" + method + "')");
    if (const auto levels = s.numbers("levels")) {
        spec.curves.levels.clear();
        for (const double x : *levels) {
            if (x != std::round(x) || x < 1 || x > MAX_SAMPLES)
                throw ConfigError(s.field("levels"), "must be whole numbers of samples in [1, " +
                                                         std::to_string(MAX_SAMPLES) + "] " + got(x));
            spec.curves.levels.push_back(static_cast<int>(x));
        }
    }
    spec.curves.replicates = static_cast<int>(s.integer_in("replicates", 2, MAX_REPLICATES, spec.curves.replicates));
    spec.curves.band = s.number("band").value_or(spec.curves.band);
    spec.curves.seed = static_cast<rng::Seed>(s.integer_in("seed", 0, ANY, 0));
}

void parse_market(const Section& s, app::TtcSpec& spec) {
    ttc::MarketConfig& m = spec.market;
    m.value.shape = ttc::value_shape_from_name(s.string("value_curve").value_or("exp"));
    std::vector<std::string> allowed = {"beta", "alpha", "baseline", "value_curve", "margin"};
    if (m.value.shape == ttc::ValueShape::power) allowed.push_back("gamma");
    if (m.value.shape == ttc::ValueShape::exponential) allowed.push_back("kappa");
    s.reject_unknown(allowed);
    spec.beta = s.number("beta").value_or(spec.beta);
    ttc::check_beta(spec.beta);
    m.alpha = s.number("alpha").value_or(m.alpha);
    m.baseline = s.number("baseline").value_or(m.baseline);
    m.value.gamma = s.number("gamma").value_or(m.value.gamma);
    m.value.kappa = s.number("kappa").value_or(m.value.kappa);
    spec.margin = s.number("margin");
}

void parse_dynamics(const Section& s, ttc::DynamicsOptions& d) {
    s.reject_unknown({"rule", "tolerance", "max_rounds", "seed"});
    const std::string rule = s.string("rule").value_or("nearest-better");
    if (rule == "nearest-better")
        d.rule = ttc::ResponseRule::nearest_better;
    else if (rule == "best-response")
        d.rule = ttc::ResponseRule::best;
    else
        throw ConfigError(s.field("rule"), "must be nearest-better or best-response (got '" + rule + "')");
    d.tolerance = s.number("tolerance").value_or(d.tolerance);
    d.max_rounds = static_cast<int>(s.integer_in("max_rounds", 1, MAX_ROUNDS, d.max_rounds));
    d.seed = static_cast<rng::Seed>(s.integer_in("seed", 0, ANY, 0));
}

std::vector<double> parse_sweep(const Section& s) {
    s.reject_unknown({"betas", "log10_min", "log10_max", "points"});
    if (const auto betas = s.numbers("betas")) {
        for (const char* key : {"log10_min", "log10_max", "points"})
            if (s.has(key)) throw ConfigError(s.field(key), "must be left out when beta_sweep.betas is given");
        if (betas->empty()) throw ConfigError(s.field("betas"), "must list at least one beta");
        for (const double b : *betas)
            if (!(b >= 0)) throw ConfigError(s.field("betas"), "must be >= 0 " + got(b));
        return *betas;
    }
    const double lo = s.number("log10_min").value_or(0), hi = s.number("log10_max").value_or(6);
    if (!(hi >= lo)) throw ConfigError(s.field("log10_max"), "must be >= log10_min " + got(hi));
    if (hi > 300) throw ConfigError(s.field("log10_max"), "must be <= 300 (beta must be finite) " + got(hi));
    return ttc::log_space(lo, hi, static_cast<int>(s.integer_in("points", 2, MAX_SWEEP_POINTS, 100)));
}

} // namespace

app::TtcSpec parse_ttc_config(std::string_view toml_text, const std::filesystem::path& config_dir) {
    const toml::table root = detail::parse_toml(toml_text);
    detail::check_tables(root, {"data", "synthetic", "curves", "market", "dynamics", "beta_sweep"}, "ttc");
    app::TtcSpec spec;
    with_fields(FIELDS, [&] {
        spec.data = parse_data(root, config_dir);
        parse_curves(Section(table_of(root, "curves", false), "curves"), spec);
        parse_market(Section(table_of(root, "market", false), "market"), spec);
        parse_dynamics(Section(table_of(root, "dynamics", false), "dynamics"), spec.dynamics);
        if (root.contains("beta_sweep"))
            spec.sweep_betas = parse_sweep(Section(table_of(root, "beta_sweep", true), "beta_sweep"));
    });
    spec.name_field = [](const InvalidArgument& e) {
        if (!e.parameter().empty()) throw config_error(e, FIELDS);
    };
    return spec;
}

void apply_ttc_overrides(app::TtcSpec& spec, std::optional<std::int64_t> seed, std::optional<std::int64_t> threads) {
    if (seed) {
        if (*seed < 0) throw ConfigError("--seed", "must be >= 0 (got " + std::to_string(*seed) + ")");
        spec.curves.seed = static_cast<rng::Seed>(*seed);
        spec.dynamics.seed = static_cast<rng::Seed>(*seed);
    }
    if (threads) {
        if (*threads < 0 || *threads > std::numeric_limits<int>::max())
            throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*threads) + ")");
        spec.threads = static_cast<int>(*threads);
    }
}

} // namespace beliefsim::io
