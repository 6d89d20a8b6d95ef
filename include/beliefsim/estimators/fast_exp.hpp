#pragma once
/// Vectorizable exponential sums for the Laplace-transform estimator, the hot loop of a run
/// (64 transforms per path cost far more than sampling the path). Written by hand because glibc
/// only vectorizes exp under -ffast-math, which we never use (it breaks isnan and reproducibility).
/// Cody-Waite reduction x = k ln2 + r, |r| ≤ ln2/2, degree-13 Taylor polynomial, 2^k by exponent
/// bits: error ≤ 2 ulp for x ≥ −708; results below DBL_MIN (x < −708.39) flush to 0.
/// Tested by: tests/estimators/test_fast_exp.cpp.

#include <span>

namespace beliefsim::estimators {

/// e^x for x ≤ 0 (scalar entry point; same arithmetic as the kernel).
[[nodiscard]] double exp_nonpositive(double x);

/// Adds Σ e^{−r τ_i} to `sum` and Σ e^{−2 r τ_i} to `sum_sq`. Requires: r ≥ 0, τ_i ≥ 0.
/// The summation order is fixed by the instruction set the CPU offers (AVX-512, AVX2 or SSE2
/// clone), so results are bitwise identical across thread counts on one machine.
void add_exp_sums(std::span<const double> tau, double r, double& sum, double& sum_sq);

} // namespace beliefsim::estimators
