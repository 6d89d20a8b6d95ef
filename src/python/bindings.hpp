#pragma once
/// The compiled core of the Python package `beliefsim` (module `beliefsim._core`), private to
/// src/python: the commands as functions over the app and io layers (runs.cpp) and the library
/// objects users call in loops (library.cpp). The pure-Python package (src/python/beliefsim) turns
/// configs into TOML and files into xarray.
/// Tested by: tests/python/test_*.py.

#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

#include "beliefsim/core/error.hpp"

namespace beliefsim::python {

namespace py = pybind11;

/// Every error of a config (io::config_errors), raised in Python as beliefsim.ConfigError, a
/// ValueError whose message is the CLI's `FIELD: RULE` lines and whose `errors` are the pairs.
struct ConfigErrors {
    std::vector<ConfigError> errors;
};

/// Registers the command functions and their result types.
void add_runs(py::module_& m);
/// Registers Entropy, Model, TypeDistribution, StoppingLaw and TokenCapMenu.
void add_library(py::module_& m);

} // namespace beliefsim::python
