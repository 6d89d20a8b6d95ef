// Known-answer tests for the RNG plumbing. Expected words: Random123 tests/kat_vectors, philox4x64 10.
#include "beliefsim/rng/path_rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace beliefsim;

TEST_CASE("Philox4x64-10 matches Random123's known-answer vectors", "[unit][rng]") {
    const r123::Philox4x64 philox;
    const r123::Philox4x64::ctr_type zero_ctr = {{0, 0, 0, 0}};
    const r123::Philox4x64::key_type zero_key = {{0, 0}};
    const auto out = philox(zero_ctr, zero_key);
    CHECK(out[0] == 0x16554d9eca36314cULL);
    CHECK(out[1] == 0xdb20fe9d672d0fdcULL);
    CHECK(out[2] == 0xd7e772cee186176bULL);
    CHECK(out[3] == 0x7e68b68aec7ba23bULL);

    const r123::Philox4x64::ctr_type pi_ctr = {
        {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL}};
    const r123::Philox4x64::key_type pi_key = {{0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL}};
    const auto pi_out = philox(pi_ctr, pi_key);
    CHECK(pi_out[0] == 0xa528f45403e61d95ULL);
    CHECK(pi_out[3] == 0x57bd43b5e52b7fe6ULL);
}

TEST_CASE("path generator maps (seed, path, stream) onto the Philox counter and key", "[unit][rng]") {
    // Seed 0, path 0, stream 0 is the all-zero counter and key: MicroURNG hands out the words from
    // the last one down.
    auto rng = rng::make_path_rng(0, 0, rng::Stream::path);
    CHECK(rng() == 0x7e68b68aec7ba23bULL);
    CHECK(rng() == 0xd7e772cee186176bULL);
    CHECK(rng() == 0xdb20fe9d672d0fdcULL);
    CHECK(rng() == 0x16554d9eca36314cULL);

    // The (0,1] conversion is x·2^-64 + 2^-65.
    auto again = rng::make_path_rng(0, 0, rng::Stream::path);
    const double expected = static_cast<double>(0x7e68b68aec7ba23bULL) * 0x1p-64 + 0x1p-65;
    CHECK(rng::uniform_open_closed(again) == expected);
}

TEST_CASE("first_draws gives the adapter's first four words", "[unit][rng]") {
    for (std::uint64_t path : {0ULL, 5ULL, 1ULL << 40})
        for (auto stream : {rng::Stream::path, rng::Stream::audit}) {
            auto g = rng::make_path_rng(42, path, stream);
            const auto words = rng::first_draws(42, path, stream);
            for (const auto w : words) CHECK(w == g());
        }
}

TEST_CASE("different paths, streams and seeds give different numbers", "[unit][rng]") {
    std::set<std::uint64_t> first_words;
    for (std::uint64_t seed : {1ULL, 2ULL})
        for (std::uint64_t path : {0ULL, 1ULL, 1ULL << 40})
            for (auto stream : {rng::Stream::path, rng::Stream::audit}) {
                auto g = rng::make_path_rng(seed, path, stream);
                first_words.insert(g());
            }
    CHECK(first_words.size() == 12);
}

TEST_CASE("uniform_open_closed never returns 0 and may return 1", "[unit][rng]") {
    struct Fixed {
        std::uint64_t v;
        std::uint64_t operator()() const { return v; }
    };
    Fixed zero{0}, ones{~0ULL};
    CHECK(rng::uniform_open_closed(zero) == 0x1p-65);
    CHECK(rng::uniform_open_closed(ones) == 1.0);
    CHECK(std::isfinite(-std::log(rng::uniform_open_closed(zero))));
}
