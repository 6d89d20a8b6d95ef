#pragma once
/// Error hierarchy and precondition/postcondition macros used across the library.

#include "beliefsim/core/format.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

namespace beliefsim {

/// Base of every error the library throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A library argument breaks a rule. Domain code states the rule where it is checked, naming the
/// parameter in the domain's own words (`parameter()`, e.g. "chi"), the rule and the value
/// (`rule()`, e.g. "must be > 0 (got -1)"; another parameter it mentions is written {name}); the
/// io layer maps parameters to config fields
/// (io/fields.hpp), so a config error names its TOML field and domain code never knows one.
/// Without a parameter it is a violated precondition (a programming error, with file:line).
class InvalidArgument : public Error {
public:
    explicit InvalidArgument(const std::string& what) : Error(what) {}
    InvalidArgument(std::string parameter, std::string rule)
        : Error(parameter + ": " + rule), parameter_(std::move(parameter)), rule_(std::move(rule)) {}
    [[nodiscard]] const std::string& parameter() const noexcept { return parameter_; }
    [[nodiscard]] const std::string& rule() const noexcept { return rule_; }

private:
    std::string parameter_; ///< empty for a precondition
    std::string rule_;
};

/// A user-supplied configuration field breaks a rule. `what()` reads "field: rule".
class ConfigError : public Error {
public:
    ConfigError(std::string field, std::string rule)
        : Error(field + ": " + rule), field_(std::move(field)), rule_(std::move(rule)) {}
    [[nodiscard]] const std::string& field() const noexcept { return field_; }
    [[nodiscard]] const std::string& rule() const noexcept { return rule_; }

private:
    std::string field_;
    std::string rule_;
};

/// "(got x)": the tail of a rule that shows the offending value (6 significant digits).
[[nodiscard]] inline std::string got(double x) { return "(got " + significant(x, 6) + ")"; }

namespace detail {
[[noreturn]] inline void throw_invalid(const char* file, int line, const std::string& msg) {
    throw InvalidArgument(msg + " [" + file + ":" + std::to_string(line) + "]");
}
} // namespace detail

} // namespace beliefsim

/// Precondition: the message is streamed only when `cond` fails, e.g.
/// `BELIEFSIM_REQUIRE(chi > 0, "chi must be > 0 (got " << chi << ")")`.
#define BELIEFSIM_REQUIRE(cond, msg)                                                                                   \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::ostringstream beliefsim_os_;                                                                          \
            beliefsim_os_ << msg;                                                                                      \
            ::beliefsim::detail::throw_invalid(__FILE__, __LINE__, beliefsim_os_.str());                               \
        }                                                                                                              \
    } while (false)

/// A rule on a named parameter (user-facing: no file:line), e.g.
/// `BELIEFSIM_CHECK(chi > 0, "chi", "must be > 0 " << got(chi))`.
#define BELIEFSIM_CHECK(cond, parameter, rule)                                                                         \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::ostringstream beliefsim_os_;                                                                          \
            beliefsim_os_ << rule;                                                                                     \
            throw ::beliefsim::InvalidArgument(parameter, beliefsim_os_.str());                                        \
        }                                                                                                              \
    } while (false)

/// Postcondition (e.g. finiteness of a computed quantity); same mechanics as BELIEFSIM_REQUIRE.
#define BELIEFSIM_ENSURE(cond, msg) BELIEFSIM_REQUIRE(cond, msg)
