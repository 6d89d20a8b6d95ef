#include "beliefsim/io/convergence_config.hpp"

#include <limits>
#include <string>
#include <vector>

#include "beliefsim/io/config.hpp"
#include "toml_section.hpp"

namespace beliefsim::io {
namespace {

using detail::Section;
using detail::table_of;

/// Domain parameters of app::ConvergenceSettings and their fields.
constexpr FieldName CONVERGENCE_FIELDS[] = {
    {"dts", "convergence.dts"},
    {"schemes", "convergence.schemes"},
    {"ecdf_times", "convergence.ecdf_times"},
};

constexpr std::int64_t DEFAULT_PATHS = 100'000;
constexpr std::int64_t DEFAULT_SEED = 42;
constexpr std::int64_t MAX_ECDF_TIMES = 100;

/// [simulation] keys that [convergence] replaces, and what to write instead.
void reject_replaced(const Section& s) {
    const std::pair<const char*, const char*> replaced[] = {
        {"paths", "set the paths per rung as convergence.paths"},
        {"seed", "set the seed as convergence.seed"},
        {"scheme", "list the schemes as convergence.schemes"},
        {"token_cap", "is not supported by `convergence` (the reference laws are uncapped)"},
    };
    for (const auto& [key, instead] : replaced)
        if (s.has(key)) throw ConfigError(s.field(key), instead);
}

std::vector<std::string> scheme_names(const toml::table& table) {
    const toml::node* node = table.get("schemes");
    if (node == nullptr) return {};
    const std::string field = "convergence.schemes";
    if (!node->is_array())
        throw ConfigError(field, "must be an array of scheme names (got " + detail::type_name(*node) + ")");
    std::vector<std::string> names;
    for (const toml::node& item : *node->as_array()) {
        if (!item.is_string())
            throw ConfigError(field, "every entry must be a string (got " + detail::type_name(item) + ")");
        names.push_back(item.as_string()->get());
    }
    if (names.empty()) throw ConfigError(field, "must list at least one scheme (or be left out: all stepped schemes)");
    return names;
}

} // namespace

app::ConvergenceSpec parse_convergence_config(std::string_view toml_text) {
    const toml::table root = detail::parse_toml(toml_text);
    detail::check_tables(root, {"model", "simulation", "estimators", "convergence"}, "convergence");
    const toml::table& table = table_of(root, "convergence", false);
    const Section s(table, "convergence");
    s.reject_unknown({"dts", "schemes", "paths", "seed", "ecdf_times"});
    reject_replaced(Section(table_of(root, "simulation", false), "simulation"));

    constexpr auto any = std::numeric_limits<std::int64_t>::max();
    const std::int64_t paths = s.integer_in("paths", 1, any, DEFAULT_PATHS);
    const std::int64_t seed = s.integer_in("seed", 0, any, DEFAULT_SEED);
    // The simulate tables, with the run's paths and seed where simulate keeps them.
    toml::table with_plan = root;
    if (!with_plan.contains("simulation")) with_plan.insert("simulation", toml::table{});
    with_plan["simulation"].as_table()->insert_or_assign("paths", paths);
    with_plan["simulation"].as_table()->insert_or_assign("seed", seed);

    app::ConvergenceSpec spec;
    spec.simulation = detail::simulation_tables(with_plan);
    spec.convergence.dts = s.numbers("dts").value_or(std::vector<double>{});
    if (s.has("dts") && spec.convergence.dts.size() < 2)
        throw ConfigError(s.field("dts"), "must list at least two time steps (or be left out: dt x {8, 4, 2, 1})");
    spec.convergence.schemes = scheme_names(table);
    spec.convergence.ecdf_times = static_cast<int>(s.integer_in("ecdf_times", 1, MAX_ECDF_TIMES, 5));
    return spec;
}

FieldTable convergence_fields() {
    static const std::vector<FieldName> fields = [] {
        const FieldTable simulation = simulation_fields();
        std::vector<FieldName> all(simulation.begin(), simulation.end());
        all.insert(all.end(), std::begin(CONVERGENCE_FIELDS), std::end(CONVERGENCE_FIELDS));
        return all;
    }();
    return fields;
}

} // namespace beliefsim::io
