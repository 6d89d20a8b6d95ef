#pragma once
/// A Monte Carlo number always travels with its standard error.

#include <cstdint>

namespace beliefsim::estimators {

struct Estimate {
    double value = 0;
    double std_error = 0;
    std::uint64_t n = 0;
};

} // namespace beliefsim::estimators
