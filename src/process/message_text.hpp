#pragma once
/// Beliefs in the process module's messages, to 17 digits (they read back exactly); numbers are
/// core/format.hpp's `significant`.

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

} // namespace beliefsim::process::detail
