#pragma once
// The one OpenMP loop of the TTC module (private to src/ttc): iterations write their own result
// slots, so results never depend on the schedule, and exceptions never cross the parallel region:
// each iteration's exception is kept and the lowest-index one is rethrown afterwards.

#include "beliefsim/mc/parallel.hpp"

#include <cstdint>
#include <exception>
#include <vector>

namespace beliefsim::ttc::detail {

template <class Body> void parallel_for(std::int64_t count, int threads, const Body& body) {
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count > 0 ? count : 0));
    const int team = mc::resolve_threads(threads); // 1 without OpenMP
    (void)team;
#pragma omp parallel for num_threads(team) schedule(dynamic, 1)
    for (std::int64_t k = 0; k < count; ++k) {
        try {
            body(k);
        } catch (...) {
            errors[static_cast<std::size_t>(k)] = std::current_exception();
        }
    }
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace beliefsim::ttc::detail
