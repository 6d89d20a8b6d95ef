#pragma once
/// Vectorizable exponential sums for the Laplace-transform estimator, the hot loop of a run
/// (64 transforms per path cost far more than sampling the path). Written by hand because glibc
/// only vectorizes exp under -ffast-math, which we never use (it breaks isnan and reproducibility).
/// Cody-Waite reduction x = k ln2 + r, |r| ≤ ln2/2, degree-13 Taylor polynomial (Estrin for the tail), 2^k by exponent
/// bits: error ≤ 2 ulp for x ≥ −708; results below DBL_MIN (x < −708.39) flush to 0.
/// The kernels' summation order is fixed by the instruction set the CPU offers (AVX-512, AVX2 or
/// SSE2 clone), so results are bitwise identical across thread counts on one machine.
/// Tested by: tests/estimators/test_fast_exp.cpp.

#include <span>

namespace beliefsim::estimators {

/// e^x for x ≤ 0 (scalar entry point; same arithmetic as the kernels).
[[nodiscard]] double exp_nonpositive(double x);

/// values[i] = e^{−r τ_i}; adds Σ values to `sum` and Σ values² to `sum_sq`.
/// Requires: r ≥ 0, τ_i ≥ 0, values.size() == tau.size().
void exp_values(std::span<const double> tau, double r, std::span<double> values, double& sum, double& sum_sq);

/// Steps along an arithmetic r grid, e^{−(r+Δ)τ} = e^{−rτ} e^{−Δτ} (a multiplication instead of an
/// exp), `sums.size()` times: step k multiplies values[i] by factor[i], then adds Σ values to
/// sums[k] and Σ values² to sums_sq[k]. Requires: equal sizes of factor and values, of sums and sums_sq.
void multiply_values(std::span<const double> factor, std::span<double> values, std::span<double> sums,
                     std::span<double> sums_sq);

} // namespace beliefsim::estimators
