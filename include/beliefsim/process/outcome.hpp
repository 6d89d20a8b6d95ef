#pragma once
/// What one simulated path reports to the estimators, and the draw of its terminal state.

#include "beliefsim/core/linalg.hpp"

#include <cstdint>
#include <span>

namespace beliefsim::process {

/// `terminal_state` of a path stopped by a token cap before the state was learned.
inline constexpr std::int32_t NOT_LEARNED = -1;

/// Stopping time τ (first time the belief is a vertex, or the cap time) and the vertex reached
/// (NOT_LEARNED when the cap stopped the path first).
struct PathOutcome {
    double tau = 0;
    std::int32_t terminal_state = 0;
};

/// The terminal state of a uniform u ∈ (0, 1] by inversion of the law `probs`: the first θ whose
/// cumulative probability reaches u (the last state takes what rounding leaves above the sum).
[[nodiscard]] inline std::int32_t state_by_inversion(const Vector& probs, double u) {
    double cumulative = 0;
    std::int32_t theta = 0;
    for (; theta + 1 < probs.size(); ++theta) {
        cumulative += probs[theta];
        if (u <= cumulative) break;
    }
    return theta;
}

/// A process truncated at a deterministic time T (token cap χT): a path that has not learned the
/// state by T stops there. A path that learns exactly at T counts as learned.
/// Requires: cap > 0 (may be +∞: no cap).
template <class Process>
struct Capped {
    const Process& process;
    double cap;

    [[nodiscard]] PathOutcome truncate(PathOutcome out) const {
        return out.tau <= cap ? out : PathOutcome{cap, NOT_LEARNED};
    }

    template <class Rng>
    [[nodiscard]] PathOutcome sample(Rng& rng) const {
        return truncate(process.sample(rng));
    }

    /// Block sampling where the process has it (same outcomes as `sample`, path by path).
    template <class Seed, class Index>
    void sample_block(Seed seed, Index first_path, std::span<PathOutcome> out) const requires requires {
        process.sample_block(seed, first_path, out);
    }
    {
        process.sample_block(seed, first_path, out);
        for (PathOutcome& o : out) o = truncate(o);
    }
};

} // namespace beliefsim::process
