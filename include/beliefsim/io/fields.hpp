#pragma once
/// Config fields of domain parameters: the one place where a rule broken in domain code
/// (InvalidArgument naming a parameter, core/error.hpp) becomes a ConfigError naming the TOML
/// field. Each config reader keeps its table next to its parser (io/config.cpp, menu_config.cpp,
/// bbs_config.cpp, ttc_config.cpp) and wraps whatever validates or runs a spec in `with_fields`.
/// Tested by: tests/io/test_config.cpp and the bad-input tests of every command.

#include "beliefsim/core/error.hpp"

#include <span>
#include <string_view>
#include <utility>

namespace beliefsim::io {

/// A domain parameter (as InvalidArgument::parameter() spells it) and its config field. A parameter
/// ending in '[' names a list: {"providers[", "synthetic.providers["} maps "providers[2].skill" to
/// "synthetic.providers[2].skill".
struct FieldName {
    std::string_view parameter, field;
};
using FieldTable = std::span<const FieldName>;

/// The ConfigError for `e`: the field of its parameter in `table` (the parameter itself when the
/// table has none), with the same rule, in which a parameter written {name} becomes its field.
[[nodiscard]] ConfigError config_error(const InvalidArgument& e, FieldTable table);

/// Runs `fn`; a broken rule on a named parameter leaves as the ConfigError naming its field.
/// Preconditions (no parameter) pass through unchanged.
template <class F>
decltype(auto) with_fields(FieldTable table, F&& fn) {
    try {
        return std::forward<F>(fn)();
    } catch (const InvalidArgument& e) {
        if (e.parameter().empty()) throw;
        throw config_error(e, table);
    }
}

} // namespace beliefsim::io
