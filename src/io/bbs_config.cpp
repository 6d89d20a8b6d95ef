#include "beliefsim/io/bbs_config.hpp"

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/fields.hpp"
#include "beliefsim/io/type_tables.hpp"
#include "toml_section.hpp"

namespace beliefsim::io {

namespace {

using detail::Section;
using detail::table_of;

constexpr std::int64_t ANY = std::numeric_limits<std::int64_t>::max();
// Upper bounds that keep a typo (an extra zero or three) from exhausting memory or time.
constexpr std::int64_t MAX_POINTS = 100'000;
constexpr std::int64_t MAX_CELLS = 1'000'000;
constexpr std::int64_t MAX_SAMPLES = 10'000'000'000;

/// bbs::Technology's parameters.
constexpr FieldName TECHNOLOGY_FIELDS[] = {
    {"alpha", "technology.alpha"}, {"beta", "technology.beta"}, {"gamma", "technology.gamma"}, {"b", "technology.b"},
    {"c_x", "technology.c_x"},     {"c_y", "technology.c_y"},   {"c_z", "technology.c_z"}};
/// pricing::TypeDistribution's parameters and their keys in a law table {distribution, low, ...}.
constexpr FieldName LAW_KEYS[] = {{"low", "low"}, {"high", "high"}, {"mean", "mean"},   {"sd", "sd"},
                                  {"a", "a"},     {"b", "b"},       {"density", "file"}};
/// bbs::TaskProfile's parameters and their keys in a profile table ("": the table itself).
constexpr FieldName PROFILE_KEYS[] = {{"w", "w"}, {"s", "s"}, {"profile", ""}};
constexpr FieldName BINARY_FIELDS[] = {{"f1", "types.binary.f1"}};
/// app::check_spec and the run (app::run_bbs and the bbs modules it calls).
constexpr FieldName RUN_FIELDS[] = {{"points", "menus.points"},
                                    {"scale_points", "menus.scale_points"},
                                    {"figure_points", "menus.figure_points"},
                                    {"assumption_points", "menus.assumption_points"},
                                    {"cells", "menus.cells"},
                                    {"allocations", "menus.allocations"},
                                    {"packages", "menus.packages"},
                                    {"revenue_samples", "monte_carlo.samples"},
                                    {"f1", "types.binary.f1"},
                                    {"types", "types.samples"},
                                    {"s", "types.s"}};

/// Runs `fn` with the fields of the table `prefix`: `keys` with each key under `prefix`.
template <class F>
decltype(auto) with_fields_under(const std::string& prefix, FieldTable keys, F&& fn) {
    std::vector<std::string> fields;
    for (const FieldName& k : keys) fields.push_back(k.field.empty() ? prefix : prefix + "." + std::string(k.field));
    std::vector<FieldName> table;
    for (std::size_t i = 0; i < keys.size(); ++i) table.push_back({keys[i].parameter, fields[i]});
    return with_fields(table, std::forward<F>(fn));
}

std::optional<bool> boolean(const Section& s, const toml::table& t, std::string_view key) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean())
        throw ConfigError(s.field(key), "must be true or false (got " + detail::type_name(*node) + ")");
    return node->as_boolean()->get();
}

const toml::table& inline_table(const toml::table& t, const Section& s, std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node->is_table())
        throw ConfigError(s.field(key), "must be a table {...} (got " + detail::type_name(*node) + ")");
    return *node->as_table();
}

std::filesystem::path resolve(const std::filesystem::path& file, const std::filesystem::path& dir) {
    return file.is_absolute() ? file : (dir / file).lexically_normal();
}

bbs::TechnologyParams parse_technology(const Section& s) {
    s.reject_unknown({"alpha", "beta", "gamma", "b", "c_x", "c_y", "c_z"});
    bbs::TechnologyParams p;
    for (auto [key, value] :
         {std::pair{"alpha", &p.alpha}, std::pair{"beta", &p.beta}, std::pair{"gamma", &p.gamma}, std::pair{"b", &p.b},
          std::pair{"c_x", &p.c_x}, std::pair{"c_y", &p.c_y}, std::pair{"c_z", &p.c_z}})
        *value = s.number(key).value_or(*value);
    (void)with_fields(TECHNOLOGY_FIELDS, [&] { return bbs::Technology(p); });
    return p;
}

/// One law `name` = {distribution, low, high, ...}.
pricing::TypeDistribution parse_law(const toml::table& t, const std::string& name, const std::filesystem::path& dir) {
    const Section s(t, name);
    const std::string family = s.string("distribution").value_or("uniform");
    std::vector<std::string> allowed = {"distribution", "low", "high"};
    if (family == "truncated-normal")
        allowed.insert(allowed.end(), {"mean", "sd"});
    else if (family == "beta")
        allowed.insert(allowed.end(), {"a", "b"});
    else if (family == "tabulated")
        allowed.push_back("file");
    else if (family != "uniform")
        throw ConfigError(s.field("distribution"), "unknown distribution \"" + family +
                                                       "\" (available: uniform, truncated-normal, beta, tabulated)");
    s.reject_unknown(allowed);
    const double low = s.required("low", s.number("low")), high = s.required("high", s.number("high"));
    return with_fields_under(name, LAW_KEYS, [&] {
        if (family == "truncated-normal")
            return pricing::TypeDistribution::truncated_normal(low, high, s.required("mean", s.number("mean")),
                                                               s.required("sd", s.number("sd")));
        if (family == "beta")
            return pricing::TypeDistribution::beta(low, high, s.required("a", s.number("a")),
                                                   s.required("b", s.number("b")));
        if (family == "tabulated") {
            const auto file = resolve(s.required("file", s.string("file")), dir);
            const DensityTable table = read_density_table(file, s.field("file"));
            return pricing::TypeDistribution::tabulated(low, high, table.r, table.density);
        }
        return pricing::TypeDistribution::uniform(low, high);
    });
}

/// A binary type's task profile: {w, s} (value-scale) or {nodes, values, interpolation}.
bbs::TaskProfile parse_profile(const toml::table& t, const std::string& name) {
    const Section s(t, name);
    if (s.has("w") || s.has("s")) {
        s.reject_unknown({"w", "s"});
        const double w = s.required("w", s.number("w")), scale = s.required("s", s.number("s"));
        return with_fields_under(name, PROFILE_KEYS, [&] { return bbs::TaskProfile::value_scale(w, scale); });
    }
    s.reject_unknown({"nodes", "values", "interpolation"});
    const std::string kind = s.string("interpolation").value_or("step");
    if (kind != "step" && kind != "linear")
        throw ConfigError(s.field("interpolation"), "must be step or linear (got '" + kind + "')");
    std::vector<double> nodes = s.required("nodes", s.numbers("nodes"));
    std::vector<double> values = s.required("values", s.numbers("values"));
    return with_fields_under(name, PROFILE_KEYS, [&] {
        return bbs::TaskProfile::tabulated(std::move(nodes), std::move(values),
                                           kind == "step" ? bbs::TaskProfile::Interpolation::step
                                                          : bbs::TaskProfile::Interpolation::linear);
    });
}

app::BinaryTypes parse_binary(const toml::table& t) {
    const Section s(t, "types.binary");
    s.reject_unknown({"f1", "w1", "w2"});
    for (const char* key : {"w1", "w2"})
        if (!s.has(key)) throw ConfigError(s.field(key), "is required");
    app::BinaryTypes b{.w1 = parse_profile(inline_table(t, s, "w1"), "types.binary.w1"),
                       .w2 = parse_profile(inline_table(t, s, "w2"), "types.binary.w2"),
                       .f1 = s.number("f1").value_or(0.5)};
    with_fields(BINARY_FIELDS, [&] { bbs::check_type_share(b.f1); });
    return b;
}

app::TypeModel parse_types(const toml::table& root, const std::filesystem::path& dir) {
    const toml::table& t = table_of(root, "types", false);
    const Section s(t, "types");
    s.reject_unknown({"w", "s", "samples", "binary"});
    const bool laws = s.has("w") || s.has("s");
    if (static_cast<int>(laws) + static_cast<int>(s.has("samples")) + static_cast<int>(s.has("binary")) > 1)
        throw ConfigError("types", "give one type model: w and s laws, samples = \"FILE\", or [types.binary]");
    if (s.has("samples")) {
        const std::filesystem::path file = resolve(s.required("samples", s.string("samples")), dir);
        return app::SampleTypes{file, [file] { return read_value_scale_samples(file); }};
    }
    if (s.has("binary")) return parse_binary(inline_table(t, s, "binary"));
    app::ValueScaleTypes v;
    if (s.has("w")) v.w = parse_law(inline_table(t, s, "w"), "types.w", dir);
    if (s.has("s")) v.s = parse_law(inline_table(t, s, "s"), "types.s", dir);
    if (v.s.high() > 1) throw ConfigError("types.s.high", "must be <= 1 (s is the share of tasks) " + got(v.s.high()));
    return v;
}

void parse_menus(const toml::table& t, app::BbsSpec& spec) {
    const Section s(t, "menus");
    s.reject_unknown({"allocations", "packages", "tariffs", "points", "scale_points", "figure_points", "cells",
                      "assumption_points"});
    const bool value_scale = std::holds_alternative<app::ValueScaleTypes>(spec.types);
    spec.allocations = boolean(s, t, "allocations").value_or(value_scale);
    spec.packages = boolean(s, t, "packages").value_or(!std::holds_alternative<app::BinaryTypes>(spec.types));
    spec.tariffs = boolean(s, t, "tariffs").value_or(true);
    const auto count = [&](const char* key, std::int64_t lo, std::int64_t hi, std::size_t fallback) {
        return static_cast<std::size_t>(s.integer_in(key, lo, hi, static_cast<std::int64_t>(fallback)));
    };
    spec.points = count("points", 2, MAX_POINTS, spec.points);
    spec.scale_points = count("scale_points", 2, MAX_POINTS, spec.scale_points);
    spec.figure_points = count("figure_points", 2, MAX_POINTS, spec.figure_points);
    spec.cells = count("cells", 16, MAX_CELLS, spec.cells);
    spec.assumption_points = count("assumption_points", 2, MAX_POINTS, spec.assumption_points);
}

void parse_monte_carlo(const Section& s, bbs::MonteCarloPlan& plan) {
    s.reject_unknown({"samples", "bins", "seed", "threads"});
    const std::int64_t samples = s.integer_in("samples", 0, MAX_SAMPLES, 0);
    if (samples == 1) throw ConfigError(s.field("samples"), "must be 0 (off) or >= 2 (got 1)");
    plan.law_samples = plan.revenue_samples = static_cast<std::uint64_t>(samples);
    plan.bins = static_cast<std::size_t>(s.integer_in("bins", 16, MAX_CELLS, static_cast<std::int64_t>(plan.bins)));
    plan.seed = static_cast<rng::Seed>(s.integer_in("seed", 0, ANY, 0));
    plan.threads = static_cast<int>(s.integer_in("threads", 0, std::numeric_limits<int>::max(), 0));
}

} // namespace

app::BbsSpec parse_bbs_config(std::string_view toml_text, const std::filesystem::path& config_dir) {
    const toml::table root = detail::parse_toml(toml_text);
    detail::check_tables(root, {"technology", "types", "menus", "monte_carlo"}, "bbs");
    app::BbsSpec spec;
    spec.technology = parse_technology(Section(table_of(root, "technology", false), "technology"));
    spec.types = parse_types(root, config_dir);
    parse_menus(table_of(root, "menus", false), spec);
    parse_monte_carlo(Section(table_of(root, "monte_carlo", false), "monte_carlo"), spec.monte_carlo);
    with_fields(RUN_FIELDS, [&] { app::check_spec(spec); });
    return spec;
}

FieldTable bbs_run_fields() { return RUN_FIELDS; }

void apply_bbs_overrides(app::BbsSpec& spec, std::optional<std::int64_t> seed, std::optional<std::int64_t> threads) {
    if (seed) {
        if (*seed < 0) throw ConfigError("--seed", "must be >= 0 (got " + std::to_string(*seed) + ")");
        spec.monte_carlo.seed = static_cast<rng::Seed>(*seed);
    }
    if (threads) {
        if (*threads < 0 || *threads > std::numeric_limits<int>::max())
            throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*threads) + ")");
        spec.monte_carlo.threads = static_cast<int>(*threads);
    }
}

} // namespace beliefsim::io
