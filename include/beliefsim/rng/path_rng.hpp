#pragma once
/// Counter-based randomness: every path's numbers are a pure function of (seed, path index, stream),
/// so results do not depend on which thread runs which path (Random123 Philox4x64-10).

// philox.h first: it defines the R123 feature macros MicroURNG.hpp relies on.
#include <Random123/philox.h>
// clang-format off
#include <Random123/MicroURNG.hpp>
#include <Random123/uniform.hpp>
// clang-format on

#include <array>
#include <cstdint>

namespace beliefsim::rng {

using Seed = std::uint64_t;
using PathIndex = std::uint64_t;

/// Independent purposes draw from independent streams, so adding one never shifts another.
enum class Stream : std::uint64_t {
    path = 0,  ///< the dynamics of a path (jump times, terminal states, increments)
    audit = 1, ///< throughput-audit resampling
};

/// A C++11 uniform random bit generator over one path's counter space (64-bit outputs).
/// Period: 2^32 Philox calls of four 64-bit words per (seed, path, stream); far beyond one path.
using PathRng = r123::MicroURNG<r123::Philox4x64>;

/// The generator of path `i`, stream `s`: key = {seed, 0}, counter = {i, s, 0, 0}; the top 32 bits
/// of the last counter word belong to the MicroURNG adapter.
[[nodiscard]] inline PathRng make_path_rng(Seed seed, PathIndex i, Stream s = Stream::path) {
    const r123::Philox4x64::ctr_type counter = {{i, static_cast<std::uint64_t>(s), 0, 0}};
    const r123::Philox4x64::ukey_type key = {{seed, 0}};
    return PathRng(r123::Philox4x64(), counter, key);
}

/// A stream outside the path simulator's key space: key = {seed, key_word} with key_word ≠ 0 (the
/// second key word is 0 in make_path_rng, so such streams never overlap a path's), counter =
/// {a, b, c, 0}. Used by modules that number their draws by other indices than paths (TTC).
[[nodiscard]] inline PathRng make_keyed_rng(Seed seed, std::uint64_t key_word, std::uint64_t a, std::uint64_t b,
                                            std::uint64_t c) {
    const r123::Philox4x64::ctr_type counter = {{a, b, c, 0}};
    const r123::Philox4x64::ukey_type key = {{seed, key_word}};
    return PathRng(r123::Philox4x64(), counter, key);
}

/// The first four words `make_path_rng(seed, i, s)` hands out, in that order, from one Philox call
/// without the adapter: what block samplers use to draw many paths' first numbers quickly.
[[nodiscard]] inline std::array<std::uint64_t, 4> first_draws(Seed seed, PathIndex i, Stream s = Stream::path) {
    const r123::Philox4x64::ctr_type counter = {{i, static_cast<std::uint64_t>(s), 0, 0}};
    const r123::Philox4x64::ukey_type key = {{seed, 0}};
    const auto block = r123::Philox4x64()(counter, key);
    return {block[3], block[2], block[1], block[0]};
}

/// Uniform on (0, 1], never 0, so `log` of it is finite (Random123 `u01`; 2^-64 resolution near 0,
/// 2^-53 near 1).
template <class Urng>
[[nodiscard]] inline double uniform_open_closed(Urng& rng) {
    return r123::u01<double>(static_cast<std::uint64_t>(rng()));
}

} // namespace beliefsim::rng
