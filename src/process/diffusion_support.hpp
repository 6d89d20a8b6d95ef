#pragma once
/// What the diffusion's model (diffusion.cpp) and its stepping schemes (diffusion_scheme.cpp) share:
/// the active states of a belief.

#include "beliefsim/core/linalg.hpp"

namespace beliefsim::process::detail {

// Indices of the states not yet absorbed, in increasing order (fixed capacity: no allocation).
using ActiveStates = Eigen::Matrix<int, Eigen::Dynamic, 1, Eigen::ColMajor, MAX_STATES, 1>;

inline ActiveStates positive_entries(const Vector& mu) {
    ActiveStates out(mu.size());
    Eigen::Index count = 0;
    for (Eigen::Index i = 0; i < mu.size(); ++i)
        if (mu[i] > 0) out[count++] = static_cast<int>(i);
    out.conservativeResize(count);
    return out;
}

// The entries of `mu` at `active`, a belief on the face's own simplex.
inline Vector restrict_to(const Vector& mu, const ActiveStates& active) {
    Vector out(active.size());
    for (Eigen::Index i = 0; i < active.size(); ++i) out[i] = mu[active[i]];
    return out;
}

} // namespace beliefsim::process::detail
