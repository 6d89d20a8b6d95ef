#pragma once
/// Counter-based random streams of the test-time-compute (TTC) module. Every random number is a
/// pure function of (seed, purpose, a, b, c) (rng::make_keyed_rng: Random123 Philox4x64-10 through
/// the same MicroURNG adapter as rng::PathRng), so results do not depend on the thread that draws them. Tested by:
/// tests/ttc/test_curves.cpp (thread-count reproducibility), tests/ttc/test_synthetic.cpp.

#include "beliefsim/rng/path_rng.hpp"

#include <cstdint>

namespace beliefsim::ttc {

/// Independent purposes, so adding draws to one never shifts another.
enum class Purpose : std::uint64_t {
    question = 1, ///< latent question traits of the synthetic generator: (question)
    sample = 2,   ///< one provider's samples on one question: (provider, question)
    resample = 3, ///< curve resampling: (provider, question, replicate)
    order = 4,    ///< provider order of one round of the market dynamics: (round)
};

/// The stream for `purpose` at counter (a, b, c). Key = {seed, TAG + purpose}: the second key word
/// is 0 in rng::make_path_rng, so TTC streams never overlap the path simulator's. The last counter
/// word is left to the MicroURNG adapter (2^32 Philox blocks per stream).
[[nodiscard]] inline rng::PathRng make_stream(rng::Seed seed, Purpose purpose, std::uint64_t a, std::uint64_t b = 0,
                                              std::uint64_t c = 0) {
    constexpr std::uint64_t TAG = 0x7474'6300'0000'0000ULL; // "ttc\0": marks the TTC key space
    return rng::make_keyed_rng(seed, TAG + static_cast<std::uint64_t>(purpose), a, b, c);
}

} // namespace beliefsim::ttc
