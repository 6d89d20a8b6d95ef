#include "beliefsim/io/config_text.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <sstream>

#include "beliefsim/core/format.hpp"
#include "beliefsim/io/bbs_config.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/io/convergence_config.hpp"
#include "beliefsim/io/menu_config.hpp"
#include "beliefsim/io/ttc_config.hpp"
#include "toml_section.hpp"

namespace beliefsim::io {
namespace {

// "a.b.c" → {a, b, c}; a quoted part keeps its dots: sweep."model.chi" → {sweep, model.chi}.
std::vector<std::string> split_key(const std::string& key) {
    std::vector<std::string> parts(1);
    bool quoted = false;
    for (const char c : key) {
        if (c == '"')
            quoted = !quoted;
        else if (c == '.' && !quoted)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

// The table that holds `parts.back()`, creating missing tables; nullptr when a part is not a table.
toml::table* parent_table(toml::table& root, const std::vector<std::string>& parts, bool create) {
    toml::table* t = &root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        toml::node* child = t->get(parts[i]);
        if (child == nullptr) {
            if (!create) return nullptr;
            child = t->insert_or_assign(parts[i], toml::table{}).first->second.as_table();
        }
        if (!child->is_table()) return nullptr;
        t = child->as_table();
    }
    return t;
}

// toml++ writes floats with 17 digits (0.3 as 0.29999999999999999): each float outside a string is
// rewritten in its shortest round-trip form, so the resolved config reads as typed.
std::string shorten_floats(const std::string& text) {
    std::string out;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0 || c == '"' || c == '\'') {
            if (quote == 0)
                quote = c;
            else if (c == quote && (quote == '\'' || text[i - 1] != '\\'))
                quote = 0;
            out += c;
            continue;
        }
        const bool starts = (std::isdigit(static_cast<unsigned char>(c)) || c == '-') &&
                            (out.empty() || std::string_view(" [,=").find(out.back()) != std::string_view::npos);
        std::size_t end = i;
        while (end < text.size() && std::string_view("0123456789.eE+-_").find(text[end]) != std::string_view::npos)
            ++end;
        const std::string token = text.substr(i, end - i);
        if (starts && token.find_first_of(".eE") != std::string::npos && token.find('_') == std::string::npos) {
            out += shortest(std::strtod(token.c_str(), nullptr));
            i = end - 1;
        } else {
            out += c;
        }
    }
    return out;
}

std::string render(const toml::table& root) {
    std::ostringstream os;
    os << root << '\n';
    return shorten_floats(os.str());
}

// A value that passes the rules of the required fields, so that the errors after it still show.
const std::map<std::string, std::string>& neutral_values() {
    static const std::map<std::string, std::string> values = {
        {"model.states", "2"},
        {"model.prior", "\"uniform\""},
        {"model.entropy", "\"quadratic\""},
        {"model.chi", "1.0"},
        {"simulation.paths", "1"},
        {"simulation.seed", "0"},
        {"types.distribution", "\"uniform\""},
        {"types.low", "1.0"},
        {"types.high", "2.0"},
    };
    return values;
}

} // namespace

ConfigKind detail::config_kind(const toml::table& root) {
    if (root.contains("model"))
        return root.contains("types")         ? ConfigKind::menu
               : root.contains("convergence") ? ConfigKind::convergence
                                              : ConfigKind::simulate;
    for (const char* table : {"data", "synthetic", "curves", "market", "dynamics", "beta_sweep"})
        if (root.contains(table)) return ConfigKind::ttc;
    for (const char* table : {"technology", "types", "menus", "monte_carlo"})
        if (root.contains(table)) return ConfigKind::bbs;
    return ConfigKind::simulate;
}

ConfigKind config_kind(std::string_view text) { return detail::config_kind(detail::parse_toml(text)); }

bool has_table(std::string_view text, std::string_view name) {
    const toml::table root = detail::parse_toml(text);
    const toml::node* node = root.get(name);
    return node != nullptr && node->is_table();
}

std::string_view command_name(ConfigKind kind) {
    switch (kind) {
    case ConfigKind::menu:
        return "menu";
    case ConfigKind::convergence:
        return "convergence";
    case ConfigKind::bbs:
        return "bbs";
    case ConfigKind::ttc:
        return "ttc";
    case ConfigKind::simulate:
        break;
    }
    return "simulate";
}

std::function<void(std::string_view)> config_parser(ConfigKind kind, const std::filesystem::path& config_dir) {
    switch (kind) {
    case ConfigKind::menu:
        return [config_dir](std::string_view t) { (void)parse_menu_config(t, config_dir); };
    case ConfigKind::convergence:
        return [](std::string_view t) { (void)parse_convergence_config(t); };
    case ConfigKind::bbs:
        return [config_dir](std::string_view t) { (void)parse_bbs_config(t, config_dir); };
    case ConfigKind::ttc:
        return [config_dir](std::string_view t) { (void)parse_ttc_config(t, config_dir); };
    case ConfigKind::simulate:
        break;
    }
    return [](std::string_view t) { (void)parse_simulation_config(t); };
}

std::string apply_settings(std::string_view text, std::span<const std::string> settings) {
    if (settings.empty()) return std::string(text);
    toml::table root = detail::parse_toml(text);
    for (const std::string& setting : settings) {
        const std::size_t eq = setting.find('=');
        const std::string key = eq == std::string::npos ? "" : setting.substr(0, eq);
        const auto parts = split_key(key);
        if (key.empty() || std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); }))
            throw ConfigError("--set",
                              "expected KEY=VALUE with a dotted KEY such as model.chi=0.3 (got '" + setting + "')");
        const std::string value_text = setting.substr(eq + 1);
        toml::table parsed;
        try {
            parsed = toml::parse("v = " + value_text);
        } catch (const toml::parse_error&) {
            const bool bare_word = !value_text.empty() && value_text.find_first_of("\"'[]{}=#\n") == std::string::npos;
            if (!bare_word) throw ConfigError("--set", key + ": '" + value_text + "' is not a TOML value");
            parsed.insert("v", value_text);
        }
        toml::table* parent = parent_table(root, parts, true);
        if (parent == nullptr) throw ConfigError("--set", key + ": a part of the key is not a table in the config");
        parent->insert_or_assign(parts.back(), *parsed.get("v"));
    }
    return render(root);
}

std::vector<ConfigError> config_errors(std::string_view text, const std::function<void(std::string_view)>& parse) {
    std::vector<ConfigError> errors;
    std::string current(text);
    toml::table root;
    try {
        root = detail::parse_toml(current);
    } catch (const ConfigError& e) {
        return {e};
    }
    constexpr int MAX_ERRORS = 64;
    for (int round = 0; round < MAX_ERRORS; ++round) {
        try {
            parse(current);
            return errors;
        } catch (const ConfigError& e) {
            const bool seen =
                std::any_of(errors.begin(), errors.end(), [&](const ConfigError& x) { return x.field() == e.field(); });
            if (!seen) errors.push_back(e);
            const auto parts = split_key(e.field());
            toml::table* parent = parent_table(root, parts, false);
            const bool present = parent != nullptr && parent->contains(parts.back());
            const auto neutral = neutral_values().find(e.field());
            if (present && !seen) {
                parent->erase(parts.back());
            } else if (!present && neutral != neutral_values().end() && parent != nullptr) {
                const toml::table value = toml::parse("v = " + neutral->second);
                parent->insert_or_assign(parts.back(), *value.get("v"));
            } else {
                return errors; // nothing left to set aside
            }
            current = render(root);
        }
    }
    return errors;
}

} // namespace beliefsim::io
