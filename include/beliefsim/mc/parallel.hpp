#pragma once
/// The only place that touches OpenMP; the library builds without it (BELIEFSIM_USE_OPENMP=OFF).

#ifdef _OPENMP
#include <omp.h>
#endif

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

} // namespace beliefsim::mc
