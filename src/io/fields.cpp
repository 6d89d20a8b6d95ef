#include "beliefsim/io/fields.hpp"

#include <algorithm>
#include <string>

namespace beliefsim::io {

ConfigError config_error(const InvalidArgument& e, FieldTable table) {
    const std::string_view parameter = e.parameter();
    const auto it = std::find_if(table.begin(), table.end(), [&](const FieldName& f) {
        return f.parameter == parameter || (f.parameter.ends_with('[') && parameter.starts_with(f.parameter));
    });
    if (it == table.end()) return {e.parameter(), e.rule()};
    return {std::string(it->field).append(parameter.substr(it->parameter.size())), e.rule()};
}

} // namespace beliefsim::io
