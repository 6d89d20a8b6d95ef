// Domain parameters to config fields (include/beliefsim/io/fields.hpp): the one translation of a
// broken domain rule into the config error a user reads.

#include <catch2/catch.hpp>

#include <string>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/fields.hpp"

using namespace beliefsim;

namespace {

constexpr io::FieldName TABLE[] = {
    {"low", "types.w.low"}, {"high", "types.w.high"}, {"providers[", "synthetic.providers["}};

std::string config_error_text(const std::string& parameter, const std::string& rule) {
    try {
        io::with_fields(TABLE, [&] { throw InvalidArgument(parameter, rule); });
    } catch (const ConfigError& e) {
        return e.field() + ": " + e.rule();
    }
    return "no ConfigError";
}

} // namespace

TEST_CASE("fields: a broken rule names its config field, and the fields of the parameters it mentions",
          "[unit][io][bad-input]") {
    CHECK(config_error_text("high", "must be finite and > {low} (got 0.2)") ==
          "types.w.high: must be finite and > types.w.low (got 0.2)");
    CHECK(config_error_text("high", "no mass on [{low}, {high}]") ==
          "types.w.high: no mass on [types.w.low, types.w.high]");
    // An indexed family keeps its index; a parameter the table does not know keeps its own name.
    CHECK(config_error_text("providers[2].cost", "must be > 0") == "synthetic.providers[2].cost: must be > 0");
    CHECK(config_error_text("sd", "must be > 0 {unknown}") == "sd: must be > 0 {unknown}");
}

TEST_CASE("fields: preconditions and results pass through unchanged", "[unit][io]") {
    CHECK_THROWS_AS(io::with_fields(TABLE, [] { BELIEFSIM_REQUIRE(false, "a programming error"); }), InvalidArgument);
    CHECK(io::with_fields(TABLE, [] { return 7; }) == 7);
}
