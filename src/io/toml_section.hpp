#pragma once
// TOML reading helpers shared by the config parsers (private to src/io): a [table] view whose
// accessors check types and ranges and throw ConfigError naming the dotted field.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "beliefsim/app/simulate.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/io/config_text.hpp"

namespace beliefsim::io::detail {

inline std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string:
        return "string";
    case toml::node_type::integer:
        return "integer";
    case toml::node_type::floating_point:
        return "float";
    case toml::node_type::boolean:
        return "boolean";
    case toml::node_type::array:
        return "array";
    case toml::node_type::table:
        return "table";
    default:
        return "date/time";
    }
}

inline std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

/// One TOML table with its dotted prefix; typed getters name the field in their errors.
class Section {
public:
    Section(const toml::table& table, std::string name) : table_(table), name_(std::move(name)) {}

    [[nodiscard]] std::string field(std::string_view key) const { return name_ + "." + std::string(key); }

    /// Rejects keys outside `allowed`, so a misspelt key never passes silently.
    void reject_unknown(const std::vector<std::string>& allowed) const {
        for (const auto& [key, node] : table_) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
                throw ConfigError(field(key.str()), "unknown key (expected one of " + join(allowed) + ")");
        }
    }

    [[nodiscard]] bool has(std::string_view key) const { return table_.contains(key); }

    [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (!node->is_integer()) throw ConfigError(field(key), "must be an integer (got " + type_name(*node) + ")");
        return node->as_integer()->get();
    }

    /// Integer in [lo, hi]; `fallback` when absent, or an error when there is none.
    [[nodiscard]] std::int64_t integer_in(std::string_view key, std::int64_t lo, std::int64_t hi,
                                          std::optional<std::int64_t> fallback = std::nullopt) const {
        const auto value = integer(key);
        if (!value) return required(key, fallback);
        if (*value < lo || *value > hi) {
            const std::string range = hi == std::numeric_limits<std::int64_t>::max()
                                          ? "must be >= " + std::to_string(lo)
                                          : "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
            throw ConfigError(field(key), range + " (got " + std::to_string(*value) + ")");
        }
        return *value;
    }

    [[nodiscard]] std::optional<double> number(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        return as_number(*node, field(key));
    }

    /// A number at most `most`, when present: times and token budgets whose grids (×10⁶ points) or
    /// quotients by χ must stay finite.
    [[nodiscard]] std::optional<double> number_at_most(std::string_view key, double most) const {
        const auto value = number(key);
        if (value && *value > most)
            throw ConfigError(field(key), "must be <= " + significant(most) + " (got " + significant(*value) + ")");
        return value;
    }

    /// A finite number > 0, when present.
    [[nodiscard]] std::optional<double> positive(std::string_view key) const {
        const auto value = number(key);
        if (value && !(*value > 0)) throw ConfigError(field(key), "must be > 0 (got " + significant(*value) + ")");
        return value;
    }

    [[nodiscard]] std::optional<std::string> string(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (!node->is_string()) throw ConfigError(field(key), "must be a string (got " + type_name(*node) + ")");
        return node->as_string()->get();
    }

    /// The key's string, when it holds one (no error for other types).
    [[nodiscard]] std::optional<std::string> string_if_string(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr || !node->is_string()) return std::nullopt;
        return node->as_string()->get();
    }

    /// True when the key holds exactly the string `word` (a keyword in place of a value).
    [[nodiscard]] bool string_is(std::string_view key, std::string_view word) const {
        const toml::node* node = table_.get(key);
        return node != nullptr && node->is_string() && node->as_string()->get() == word;
    }

    [[nodiscard]] std::optional<std::vector<double>> numbers(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (!node->is_array())
            throw ConfigError(field(key), "must be an array of numbers (got " + type_name(*node) + ")");
        std::vector<double> out;
        for (const toml::node& item : *node->as_array()) out.push_back(as_number(item, field(key)));
        return out;
    }

    template <class T>
    [[nodiscard]] T required(std::string_view key, std::optional<T> value) const {
        if (!value) throw ConfigError(field(key), "is required");
        return *value;
    }

private:
    static double as_number(const toml::node& node, const std::string& name) {
        // TOML writes `chi = 1` as an integer; it is still a number.
        double value = 0;
        if (node.is_floating_point())
            value = node.as_floating_point()->get();
        else if (node.is_integer())
            value = static_cast<double>(node.as_integer()->get());
        else
            throw ConfigError(name, "must be a number (got " + type_name(node) + ")");
        if (!std::isfinite(value)) throw ConfigError(name, "must be finite (got " + significant(value) + ")");
        return value;
    }

    const toml::table& table_;
    std::string name_;
};

/// io::config_kind of a parsed config.
[[nodiscard]] ConfigKind config_kind(const toml::table& root);

/// The [name] table, or an empty one when absent and optional.
inline const toml::table& table_of(const toml::table& root, const std::string& name, bool required_table) {
    static const toml::table empty;
    const toml::node* node = root.get(name);
    if (node == nullptr) {
        if (required_table) throw ConfigError(name, "table [" + name + "] is required");
        return empty;
    }
    if (!node->is_table()) throw ConfigError(name, "must be a table (got " + type_name(*node) + ")");
    return *node->as_table();
}

/// The tables of a `simulate` config.
inline const std::vector<std::string> SIMULATION_TABLES = {"model", "simulation", "estimators", "audit",
                                                           "sample_paths"};

/// Rejects root keys outside `allowed`, naming the key (and the command, for tables of another).
void check_tables(const toml::table& root, const std::vector<std::string>& allowed, const std::string& command);

/// The simulate tables of `root` (SIMULATION_TABLES), validated.
[[nodiscard]] app::SimulationSpec simulation_tables(const toml::table& root);

/// Parses TOML text. Throws ConfigError("config", ...) with line and column on syntax errors.
[[nodiscard]] toml::table parse_toml(std::string_view text);

} // namespace beliefsim::io::detail
