#pragma once
/// The rules every process model shares, each stated once: the prior, the throughput χ and the
/// fraction f of it a process spends. Every process constructor calls these (InvalidArgument naming
/// "prior", "chi" or "throughput_fraction"; io maps them to config fields).
/// Tested by: tests/process/test_model_rules.cpp.

#include "beliefsim/core/linalg.hpp"

namespace beliefsim::process {

/// μ0 in the open simplex: 2 ≤ n ≤ MAX_STATES entries, each finite and > 0, |Σ − 1| ≤ 1e-9.
/// Returns μ0 divided by its sum (added in index order): removes the rounding of decimal input,
/// bounded by the rule.
[[nodiscard]] Vector checked_prior(const Vector& prior);
/// χ in [MIN_CHI, MAX_CHI] (entropy per unit time): a wider range only overflows (χ = 5e-324 made
/// every rate 0, χ = 1.7e308 every rate inf, χ = 1e-100 put τ⁴ of a heavy tail past 1e308 in
/// the variance's standard error), and time is scale-free in χ anyway.
inline constexpr double MIN_CHI = 1e-50;
inline constexpr double MAX_CHI = 1e50;
void check_chi(double chi);
/// The binary diffusion's exact laws (the Brownian exit law, the Feynman-Kac reference and its
/// sampler) resolve a start at distance ≥ MIN_EXIT_DISTANCE from an end of the interval; nearer, the
/// reference's ODE needs more than 1e6 steps (1e-12 after 17 s) and the Brownian tables lose their
/// relative precision when the distance is 1 − p0. InvalidArgument naming "prior".
inline constexpr double MIN_EXIT_DISTANCE = 1e-10;
void check_exit_distance(double lower_distance, double upper_distance);
/// f ∈ (0, 1].
void check_throughput_fraction(double fraction);

} // namespace beliefsim::process
