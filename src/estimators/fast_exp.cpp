#include "beliefsim/estimators/fast_exp.hpp"

#include <bit>
#include <cstdint>

namespace beliefsim::estimators {
namespace {

constexpr double LOG2E = 1.4426950408889634;
// ln 2 split so that k * LN2_HI is exact for |k| < 2^11 (Cody-Waite).
constexpr double LN2_HI = 6.93147180369123816490e-01;
constexpr double LN2_LO = 1.90821492927058770002e-10;
constexpr double SHIFTER = 0x1.8p52; // adding it rounds to an integer held in the low mantissa bits
constexpr double FLUSH_BELOW = -708.39;

inline double exp_kernel(double x) {
    const double xc = x < FLUSH_BELOW ? FLUSH_BELOW : x;
    const double shifted = xc * LOG2E + SHIFTER;
    const double k = shifted - SHIFTER;
    const double r = (xc - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^r to degree 13 (truncation < 1e-17 relative for |r| ≤ 0.347), Horner form.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const auto k_bits = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(SHIFTER);
    const double scale = std::bit_cast<double>((k_bits + 1023) << 52);
    const double y = p * scale;
    return x < FLUSH_BELOW ? 0.0 : y;
}

} // namespace

double exp_nonpositive(double x) { return exp_kernel(x); }

#define BELIEFSIM_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

BELIEFSIM_TARGET_CLONES
void exp_values(std::span<const double> tau, double r, std::span<double> values, double& sum,
                double& sum_sq) {
    double s = 0, s2 = 0;
    const double* t = tau.data();
    double* v = values.data();
    const auto n = tau.size();
#pragma omp simd reduction(+ : s, s2)
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = exp_kernel(-r * t[i]);
        s += v[i];
        s2 += v[i] * v[i];
    }
    sum += s;
    sum_sq += s2;
}

BELIEFSIM_TARGET_CLONES
void multiply_values(std::span<const double> factor, std::span<double> values, double& sum,
                     double& sum_sq) {
    double s = 0, s2 = 0;
    const double* f = factor.data();
    double* v = values.data();
    const auto n = values.size();
#pragma omp simd reduction(+ : s, s2)
    for (std::size_t i = 0; i < n; ++i) {
        v[i] *= f[i];
        s += v[i];
        s2 += v[i] * v[i];
    }
    sum += s;
    sum_sq += s2;
}

} // namespace beliefsim::estimators
