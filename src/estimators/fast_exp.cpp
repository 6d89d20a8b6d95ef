#include "beliefsim/estimators/fast_exp.hpp"

#include "beliefsim/core/simd.hpp"

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
    // Taylor series of e^r to degree 13 (truncation < 1e-17 relative for |r| ≤ 0.347). The terms of
    // degree ≥ 4 go by Estrin's scheme (short dependency chains keep the vector units busy), the
    // leading ones by Horner, which keeps the rounding of the large terms at ~1 ulp.
    const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const double q0 = 1.0 / 24.0 + r * (1.0 / 120.0);
    const double q1 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    const double q2 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
    const double q3 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
    const double q4 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    const double tail = (q0 + r2 * q1) + r4 * (q2 + r2 * q3) + r8 * q4;
    double p = 1.0 / 6.0 + r * tail;
    p = 0.5 + r * p;
    p = 1.0 + r * p;
    p = 1.0 + r * p;
    const auto k_bits = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(SHIFTER);
    const double scale = std::bit_cast<double>((k_bits + 1023) << 52);
    const double y = p * scale;
    return x < FLUSH_BELOW ? 0.0 : y;
}

} // namespace

double exp_nonpositive(double x) { return exp_kernel(x); }

BELIEFSIM_TARGET_CLONES
void exp_values(std::span<const double> tau, double r, std::span<double> values, double& sum, double& sum_sq) {
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
void multiply_values(std::span<const double> factor, std::span<double> values, std::span<double> sums,
                     std::span<double> sums_sq) {
    const double* f = factor.data();
    double* v = values.data();
    const auto n = values.size();
    std::size_t step = 0;
    // Four steps per pass over the values: one load and one store of each value per four products,
    // so the loop runs at the speed of the arithmetic rather than of memory.
    for (; step + 4 <= sums.size(); step += 4) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3, q0, q1, q2, q3)
        for (std::size_t i = 0; i < n; ++i) {
            const double x0 = v[i] * f[i], x1 = x0 * f[i], x2 = x1 * f[i], x3 = x2 * f[i];
            s0 += x0;
            s1 += x1;
            s2 += x2;
            s3 += x3;
            q0 += x0 * x0;
            q1 += x1 * x1;
            q2 += x2 * x2;
            q3 += x3 * x3;
            v[i] = x3;
        }
        sums[step] += s0;
        sums[step + 1] += s1;
        sums[step + 2] += s2;
        sums[step + 3] += s3;
        sums_sq[step] += q0;
        sums_sq[step + 1] += q1;
        sums_sq[step + 2] += q2;
        sums_sq[step + 3] += q3;
    }
    for (; step < sums.size(); ++step) {
        double s = 0, q = 0;
#pragma omp simd reduction(+ : s, q)
        for (std::size_t i = 0; i < n; ++i) {
            v[i] *= f[i];
            s += v[i];
            q += v[i] * v[i];
        }
        sums[step] += s;
        sums_sq[step] += q;
    }
}

} // namespace beliefsim::estimators
