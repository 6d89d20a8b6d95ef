#pragma once
/// Numbers and beliefs in the process module's messages, printed as they always have been: a
/// number to 12 significant digits, a belief to 17 (it reads back exactly).

#include "beliefsim/core/linalg.hpp"

#include <sstream>
#include <string>

namespace beliefsim::process::detail {

inline std::string describe(const Vector& mu) {
    std::ostringstream os;
    os.precision(17);
    os << "(" << mu.transpose() << ")";
    return os.str();
}

inline std::string number(double x) {
    std::ostringstream os;
    os.precision(12);
    os << x;
    return os.str();
}

} // namespace beliefsim::process::detail
