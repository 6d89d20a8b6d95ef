// `beliefsim._core`: the module's errors and its two halves (runs.cpp, library.cpp).

#include <string>

#include "beliefsim/core/version.hpp"
#include "bindings.hpp"

namespace beliefsim::python {
namespace {

/// beliefsim.ConfigError, a ValueError subclass (alive as long as the interpreter).
py::handle config_error_type;

/// A library rule as a Python caller reads it: another parameter it mentions, written {name}, is
/// the argument `name` (a config run names its field instead: io/fields.hpp).
std::string plain_rule(std::string rule) {
    std::erase_if(rule, [](char c) { return c == '{' || c == '}'; });
    return rule;
}

/// Raises beliefsim.ConfigError(message) with `errors`, the (field, rule) pairs.
void raise_config_errors(const std::vector<ConfigError>& errors) {
    std::string message;
    py::list pairs;
    for (const auto& e : errors) {
        message += (message.empty() ? "" : "\n") + e.field() + ": " + e.rule();
        pairs.append(py::make_tuple(e.field(), e.rule()));
    }
    py::object error = py::reinterpret_borrow<py::object>(config_error_type)(message);
    error.attr("errors") = pairs;
    PyErr_SetObject(config_error_type.ptr(), error.ptr());
}

/// Bad input of any kind (a config field, a library parameter) is a ValueError naming the field and
/// the rule, as the CLI prints it; a run that cannot finish is a RuntimeError.
void add_errors(py::module_& m) {
    config_error_type = PyErr_NewExceptionWithDoc(
        "beliefsim.ConfigError",
        "Bad input: a config field or a parameter breaks a rule. `str(error)` is one 'FIELD: RULE' "
        "line per error (the CLI's text); `error.errors` the (field, rule) pairs.",
        PyExc_ValueError, nullptr);
    m.attr("ConfigError") = config_error_type;
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ConfigErrors& e) {
            raise_config_errors(e.errors);
        } catch (const ConfigError& e) {
            raise_config_errors({e});
        } catch (const InvalidArgument& e) {
            // A rule on a named parameter is bad input; without one it is a violated precondition.
            if (e.parameter().empty())
                PyErr_SetString(PyExc_RuntimeError, e.what());
            else
                raise_config_errors({ConfigError(e.parameter(), plain_rule(e.rule()))});
        } catch (const Error& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });
}

} // namespace
} // namespace beliefsim::python

PYBIND11_MODULE(_core, m) {
    m.doc() = "beliefsim's compiled core; use the package `beliefsim`, which wraps it.";
    m.attr("__version__") = std::string(beliefsim::VERSION);
    m.attr("git_sha1") = std::string(beliefsim::GIT_SHA1);
    beliefsim::python::add_errors(m);
    beliefsim::python::add_runs(m);
    beliefsim::python::add_library(m);
}
