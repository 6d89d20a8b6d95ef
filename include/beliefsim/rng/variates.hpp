#pragma once
/// Variates from raw generator words, one at a time or a whole block of paths at once, with identical
/// bits either way: uniforms on (0, 1] (Random123's u01) and unit exponentials by inversion,
/// E = −log U. The block versions are vectorized (the conversions of 4096 paths otherwise cost about
/// as much as sampling them). The logarithm is written by hand (fdlibm's e_log.c algorithm: reduction to [√2/2, √2),
/// the s = f/(2+f) series; error < 1 ulp) because glibc only vectorizes log under -ffast-math, which we never use, and
/// a block of 4096 scalar logs costs as much as sampling the paths. The scalar and the block entry points share the
/// arithmetic, so a path gives the same bits sampled alone or in a block. Tested by: tests/rng/test_variates.cpp.

#include <cstdint>
#include <span>

namespace beliefsim::rng {

/// out[i] = uniform_open_closed of words[i]: words[i]·2^-64 + 2^-65, as `r123::u01<double>` rounds it.
/// Requires: out.size() == words.size().
void uniform_open_closed(std::span<const std::uint64_t> words, std::span<double> out);

/// −log u. Requires: u a normal double in (0, 1] (what `uniform_open_closed` returns).
[[nodiscard]] double exponential_from_uniform(double u);

/// e[i] = −log u[i] for a block. Requires: e.size() == u.size(), each u[i] as above.
void exponential_from_uniform(std::span<const double> u, std::span<double> e);

} // namespace beliefsim::rng
