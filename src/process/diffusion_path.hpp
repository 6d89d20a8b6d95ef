#pragma once
/// One diffusion path in progress, shared by the stepping schemes (diffusion_scheme.cpp: bridge and
/// euler; diffusion_face.cpp: face).

#include "beliefsim/process/diffusion.hpp"
#include "diffusion_support.hpp"

#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <span>

namespace beliefsim::process {

/// One path in progress: its generator, time, belief, active states and observation cursor.
struct DiffusionModel::PathState {
    rng::PathRng& rng;
    PathObserver* observer;
    std::span<const double> times;
    std::size_t next_time = 0;
    boost::random::normal_distribution<double> normal;
    double t = 0;
    Vector mu;
    detail::ActiveStates active;

    /// The end of a step that starts now: at most dt later, never past the next observation time or
    /// max_time (an observation time is hit exactly, not up to rounding).
    [[nodiscard]] double step_end(double dt, double max_time) const {
        double end = std::min(t + dt, max_time);
        if (next_time < times.size()) end = std::min(end, times[next_time]);
        return end;
    }
    /// Reports the current (t, μ) and the observation times it reaches.
    void report() {
        if (observer == nullptr) return;
        observer->on_step(t, mu);
        while (next_time < times.size() && times[next_time] <= t) observer->at_time(next_time++, mu);
    }
    /// τ = t, μ_τ = mu: the observation times still ahead all see the stopped belief.
    PathOutcome stop(int theta) {
        if (observer != nullptr) {
            observer->on_step(t, mu);
            while (next_time < times.size()) observer->at_time(next_time++, mu);
        }
        return {t, theta};
    }
};

} // namespace beliefsim::process
