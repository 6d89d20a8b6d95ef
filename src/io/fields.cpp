#include "beliefsim/io/fields.hpp"

#include <algorithm>
#include <string>

namespace beliefsim::io {

ConfigError config_error(const InvalidArgument& e, FieldTable table) {
    const auto it =
        std::find_if(table.begin(), table.end(), [&](const FieldName& f) { return f.parameter == e.parameter(); });
    return {it == table.end() ? e.parameter() : std::string(it->field), e.rule()};
}

} // namespace beliefsim::io
