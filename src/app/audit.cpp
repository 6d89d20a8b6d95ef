#include "beliefsim/app/audit.hpp"

namespace beliefsim::app {

std::vector<double> audit_times(AuditGrid grid, double cap) {
    std::vector<double> times;
    for (int k = 0; k <= grid.intervals; ++k) times.push_back(grid.step * k);
    BELIEFSIM_REQUIRE(times.back() <= cap * (1 + 1e-12), "audit grid must end by the cap");
    return times;
}

} // namespace beliefsim::app
