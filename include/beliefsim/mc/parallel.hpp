#pragma once
/// The only place that touches OpenMP; the library builds without it (BELIEFSIM_USE_OPENMP=OFF).

#ifdef _OPENMP
#include <omp.h>
#endif

#include <cstdint>
#include <exception>
#include <vector>

namespace beliefsim::mc {

/// Threads a parallel region will use when `requested` is 0 (the OpenMP default) or positive.
[[nodiscard]] inline int resolve_threads(int requested) {
#ifdef _OPENMP
    return requested > 0 ? requested : omp_get_max_threads();
#else
    (void)requested;
    return 1;
#endif
}

/// Runs body(k) for k = 0..count−1 on `threads` threads (0: the OpenMP default), one iteration at
/// a time (dynamic schedule, for iterations of uneven cost). Iterations must write only their own
/// result slots, so results never depend on the schedule. Exceptions never cross the parallel
/// region: each iteration's is kept and the lowest-index one is rethrown afterwards.
template <class Body>
void parallel_for(std::int64_t count, int threads, const Body& body) {
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count > 0 ? count : 0));
    const int team = resolve_threads(threads); // 1 without OpenMP
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
        if (e) std::rethrow_exception(e);
}

} // namespace beliefsim::mc
