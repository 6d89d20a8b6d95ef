#include "beliefsim/mc/engine.hpp"

#include "beliefsim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <vector>

using namespace beliefsim;

namespace {

// A sampler whose outcome is its first random word, and one that fails on chosen paths.
struct WordSampler {
    std::uint64_t sample(rng::PathRng& rng) const { return rng(); }
};

struct FailingSampler {
    std::uint64_t fail_from;
    std::uint64_t sample(rng::PathRng& rng) const {
        const auto w = rng();
        // Path index is not visible to a sampler; fail on a deterministic property of the word.
        if (w % fail_from == 0) throw Error("sampler failed on word " + std::to_string(w));
        return w;
    }
};

// Records every path's word in index order; merge appends, so the result exposes the merge order.
struct Recorder {
    std::vector<std::uint64_t> words;
    std::vector<std::uint64_t> firsts;
    void add(std::span<const std::uint64_t> batch, std::uint64_t first) {
        firsts.push_back(first);
        words.insert(words.end(), batch.begin(), batch.end());
    }
    void merge(const Recorder& o) {
        words.insert(words.end(), o.words.begin(), o.words.end());
        firsts.insert(firsts.end(), o.firsts.begin(), o.firsts.end());
    }
};

} // namespace

TEST_CASE("every path runs once, blocks merge in index order, for any thread count", "[repro][mc]") {
    const mc::RunPlan one{.paths = 10'001, .block_size = 128, .seed = 3, .threads = 1};
    mc::RunPlan two = one;
    two.threads = 2;
    mc::RunPlan many = one;
    many.threads = 7;
    const auto a = mc::run(one, WordSampler{}, Recorder{});
    const auto b = mc::run(two, WordSampler{}, Recorder{});
    const auto c = mc::run(many, WordSampler{}, Recorder{});
    REQUIRE(a.words.size() == 10'001);
    CHECK(a.words == b.words);
    CHECK(a.words == c.words);
    for (std::size_t k = 0; k < a.firsts.size(); ++k) CHECK(a.firsts[k] == 128 * k);
    // Path i's word is the first output of its own generator.
    for (const std::uint64_t i : {0ULL, 127ULL, 128ULL, 10'000ULL}) {
        auto g = rng::make_path_rng(3, i);
        CHECK(a.words[i] == g());
    }
}

TEST_CASE("progress is reported up to the total", "[unit][mc]") {
    std::vector<std::uint64_t> seen;
    (void)mc::run({.paths = 5000, .block_size = 100, .seed = 1, .threads = 2}, WordSampler{}, Recorder{},
                  [&](std::uint64_t done, std::uint64_t total) {
                      CHECK(total == 5000);
                      seen.push_back(done);
                  });
    REQUIRE(!seen.empty());
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == 5000);
}

TEST_CASE("the error of the lowest failing block is rethrown whatever the schedule", "[unit][mc]") {
    std::string first_message;
    for (const int threads : {1, 2, 4}) {
        try {
            (void)mc::run({.paths = 4000, .block_size = 50, .seed = 9, .threads = threads}, FailingSampler{97},
                          Recorder{});
            FAIL("expected an exception");
        } catch (const Error& e) {
            if (first_message.empty()) first_message = e.what();
            CHECK(first_message == e.what());
        }
    }
}

TEST_CASE("zero paths gives an empty accumulator", "[unit][mc]") {
    const auto r = mc::run({.paths = 0, .seed = 1}, WordSampler{}, Recorder{});
    CHECK(r.words.empty());
}

TEST_CASE("a single-rank cluster runs exactly as no cluster", "[repro][mc]") {
    mc::Cluster one; // not started by mpirun: one rank, no MPI
    REQUIRE(one.size() == 1);
    const mc::RunPlan plan{10'000, 256, 3, 2};
    const Recorder plain = mc::run(plan, WordSampler{}, Recorder{});
    const Recorder clustered = mc::run(plan, WordSampler{}, Recorder{}, {}, &one);
    CHECK(plain.words == clustered.words);
    CHECK(plain.firsts == clustered.firsts);
    CHECK(one.claim() == 0);
    CHECK(one.claim() == 1);
}
