#include "beliefsim/io/fields.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace beliefsim::io {

namespace {

/// The field of `parameter` in `table` (a row ending in '[' maps an indexed family), or nothing.
std::optional<std::string> field_of(std::string_view parameter, FieldTable table) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const FieldName& f) {
        return f.parameter == parameter || (f.parameter.ends_with('[') && parameter.starts_with(f.parameter));
    });
    if (it == table.end()) return std::nullopt;
    return std::string(it->field).append(parameter.substr(it->parameter.size()));
}

} // namespace

ConfigError config_error(const InvalidArgument& e, FieldTable table) {
    // A rule that mentions another parameter writes it as {name}: the reader sees its field.
    std::string rule = e.rule();
    for (std::size_t open = rule.find('{'); open != std::string::npos; open = rule.find('{', open + 1)) {
        const std::size_t close = rule.find('}', open);
        if (close == std::string::npos) break;
        if (const auto field = field_of(std::string_view(rule).substr(open + 1, close - open - 1), table))
            rule.replace(open, close - open + 1, *field);
    }
    return {field_of(e.parameter(), table).value_or(e.parameter()), std::move(rule)};
}

} // namespace beliefsim::io
