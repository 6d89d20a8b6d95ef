#include "beliefsim/rng/variates.hpp"

#include "beliefsim/core/simd.hpp"

#include <Random123/features/compilerfeatures.h>
#include <Random123/uniform.hpp>

#include <bit>
#include <cstdint>

namespace beliefsim::rng {
namespace {

// fdlibm e_log.c: ln 2 split for an exact k·LN2_HI, and the minimax coefficients of
// (log(1+f) − 2s − s·R)/s with s = f/(2+f).
constexpr double LN2_HI = 6.93147180369123816490e-01;
constexpr double LN2_LO = 1.90821492927058770002e-10;
constexpr double LG1 = 6.666666666666735130e-01;
constexpr double LG2 = 3.999999999940941908e-01;
constexpr double LG3 = 2.857142874366239149e-01;
constexpr double LG4 = 2.222219843214978396e-01;
constexpr double LG5 = 1.818357216161805012e-01;
constexpr double LG6 = 1.531383769920937332e-01;
constexpr double LG7 = 1.479819860511658591e-01;

/// log x for a positive normal x, branch-free so that the loop below vectorizes.
inline double log_kernel(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto high = static_cast<std::int64_t>(bits >> 32);
    // Mantissa high word and whether the mantissa is ≥ √2 (then halve it and bump the exponent).
    const std::int64_t mantissa_high = high & 0x000fffff;
    const std::int64_t above_sqrt2 = (mantissa_high + 0x95f64) & 0x100000;
    const std::int64_t k = (high >> 20) - 1023 + (above_sqrt2 >> 20);
    const std::uint64_t reduced_bits =
        (static_cast<std::uint64_t>(mantissa_high | (above_sqrt2 ^ 0x3ff00000)) << 32) | (bits & 0xffffffffULL);
    const double f = std::bit_cast<double>(reduced_bits) - 1.0; // in [√2/2 − 1, √2 − 1)
    const double dk = static_cast<double>(k);
    const double s = f / (2.0 + f);
    const double z = s * s;
    const double w = z * z;
    const double t1 = w * (LG2 + w * (LG4 + w * LG6));
    const double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    const double r = t2 + t1;
    const double half_f2 = 0.5 * f * f;
    return dk * LN2_HI - ((half_f2 - (s * (half_f2 + r) + dk * LN2_LO)) - f);
}

} // namespace

double exponential_from_uniform(double u) { return -log_kernel(u); }

BELIEFSIM_TARGET_CLONES
void uniform_open_closed(std::span<const std::uint64_t> words, std::span<double> out) {
    const std::uint64_t* in = words.data();
    double* u = out.data();
    const auto n = words.size();
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) u[i] = r123::u01<double>(in[i]);
}

BELIEFSIM_TARGET_CLONES
void exponential_from_uniform(std::span<const double> u, std::span<double> e) {
    const double* in = u.data();
    double* out = e.data();
    const auto n = u.size();
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) out[i] = -log_kernel(in[i]);
}

} // namespace beliefsim::rng
