#include "beliefsim/io/menu_config.hpp"

#include "beliefsim/io/config.hpp"
#include "beliefsim/io/type_tables.hpp"
#include "toml_section.hpp"

#include <vector>

namespace beliefsim::io {

namespace {

using detail::Section;
using detail::table_of;

/// Domain parameters of the type distribution, the valuation and the menu settings
/// (app::MenuSettings), and their fields.
constexpr FieldName MENU_FIELDS[] = {
    {"low", "types.low"},
    {"high", "types.high"},
    {"mean", "types.mean"},
    {"sd", "types.sd"},
    {"a", "types.a"},
    {"b", "types.b"},
    {"density", "types.file"},
    {"form", "valuation.form"},
    {"scale", "valuation.scale"},
    {"slope", "valuation.slope"},
    {"law", "menu.law"},
    {"points", "menu.points"},
    {"audit_points", "menu.audit_points"},
    {"tiers", "menu.tiers"},
    {"min_fraction", "menu.min_fraction"},
};

/// Each distribution's parameter keys; any other family's keys are rejected.
pricing::TypeDistribution parse_types(const Section& s, const std::filesystem::path& config_dir) {
    const std::string name = s.string("distribution").value_or("uniform");
    std::vector<std::string> allowed = {"distribution", "low", "high"};
    if (name == "truncated-normal")
        allowed.insert(allowed.end(), {"mean", "sd"});
    else if (name == "beta")
        allowed.insert(allowed.end(), {"a", "b"});
    else if (name == "tabulated")
        allowed.push_back("file");
    else if (name != "uniform")
        throw ConfigError(s.field("distribution"), "unknown distribution \"" + name +
                                                       "\" (available: uniform, truncated-normal, beta, tabulated)");
    s.reject_unknown(allowed);
    const double low = s.required("low", s.number("low"));
    const double high = s.required("high", s.number("high"));
    if (name == "truncated-normal")
        return pricing::TypeDistribution::truncated_normal(low, high, s.required("mean", s.number("mean")),
                                                           s.required("sd", s.number("sd")));
    if (name == "beta")
        return pricing::TypeDistribution::beta(low, high, s.required("a", s.number("a")),
                                               s.required("b", s.number("b")));
    if (name == "tabulated") {
        const std::filesystem::path file = s.required("file", s.string("file"));
        const DensityTable t = read_density_table(file.is_absolute() ? file : config_dir / file, s.field("file"));
        return pricing::TypeDistribution::tabulated(low, high, t.r, t.density);
    }
    return pricing::TypeDistribution::uniform(low, high);
}

void parse_valuation(const Section& s, app::MenuSpec& spec) {
    s.reject_unknown({"form", "scale", "slope"});
    spec.valuation_form = s.string("form").value_or("constant");
    spec.valuation = pricing::valuation_profile(spec.valuation_form, s.number("scale").value_or(1.0),
                                                s.number("slope").value_or(0.0), spec.types);
}

void parse_menu(const Section& s, app::MenuSettings& m) {
    s.reject_unknown({"law", "points", "audit_points", "tiers", "min_fraction"});
    m.law = s.string("law").value_or(m.law);
    m.points = static_cast<int>(s.integer_in("points", 2, 100'000, m.points));
    m.audit_points = static_cast<int>(s.integer_in("audit_points", 2, 10'000, m.audit_points));
    m.tiers = static_cast<int>(s.integer_in("tiers", 0, 8, m.tiers));
    m.min_fraction = s.number("min_fraction").value_or(m.min_fraction);
}

} // namespace

app::MenuSpec parse_menu_config(std::string_view toml_text, const std::filesystem::path& config_dir) {
    const toml::table root = detail::parse_toml(toml_text);
    std::vector<std::string> tables = detail::SIMULATION_TABLES;
    tables.insert(tables.end(), {"types", "valuation", "menu"});
    detail::check_tables(root, tables, "menu");
    app::MenuSpec spec;
    spec.simulation = detail::simulation_tables(root);
    with_fields(menu_fields(), [&] {
        spec.types = parse_types(Section(table_of(root, "types", true), "types"), config_dir);
        parse_valuation(Section(table_of(root, "valuation", false), "valuation"), spec);
    });
    parse_menu(Section(table_of(root, "menu", false), "menu"), spec.menu);
    return spec;
}

FieldTable menu_fields() {
    static const std::vector<FieldName> fields = [] {
        const FieldTable simulation = simulation_fields();
        std::vector<FieldName> all(simulation.begin(), simulation.end());
        all.insert(all.end(), std::begin(MENU_FIELDS), std::end(MENU_FIELDS));
        return all;
    }();
    return fields;
}

} // namespace beliefsim::io
