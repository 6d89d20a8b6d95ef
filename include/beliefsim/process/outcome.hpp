#pragma once
/// What one simulated path reports to the estimators.

#include <cstdint>

namespace beliefsim::process {

/// Stopping time τ (first time the belief is a vertex) and the vertex reached.
struct PathOutcome {
    double tau = 0;
    std::int32_t terminal_state = 0;
};

} // namespace beliefsim::process
