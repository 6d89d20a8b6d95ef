#pragma once
/// Monte Carlo scheduling: paths in fixed blocks, blocks spread over threads, one accumulator per
/// block, merged in block order. A path's randomness depends only on (seed, path index), and the merge
/// order only on the plan, so results are bitwise identical for any number of threads.
/// Generic over a Sampler and an Accumulator; names no process and no estimator.
/// Tested by: tests/mc/test_engine.cpp.

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/state_buffer.hpp"
#include "beliefsim/mc/cluster.hpp"
#include "beliefsim/mc/parallel.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <span>
#include <vector>

namespace beliefsim::mc {

/// What to run. `block_size` fixes the merge tree, so it is part of the result's identity; the
/// thread count is not.
struct RunPlan {
    std::uint64_t paths = 0;
    std::uint64_t block_size = 4096;
    rng::Seed seed = 0;
    int threads = 0; ///< 0: OpenMP default
};

/// Called between waves of blocks from the calling thread: (paths done, paths total).
using ProgressCallback = std::function<void(std::uint64_t, std::uint64_t)>;

template <class S>
concept Sampler = requires(const S& s, rng::PathRng& rng) {
    s.sample(rng);
};

/// A sampler that can also fill a block at once (to vectorize across paths); it must give exactly
/// what `sample(make_path_rng(seed, i))` gives path by path.
template <class S, class Outcome>
concept BlockSampler = requires(const S& s, rng::Seed seed, rng::PathIndex first, std::span<Outcome> out) {
    s.sample_block(seed, first, out);
};

template <class A, class Outcome>
concept Accumulator = requires(A& a, const A& b, std::span<const Outcome> batch, std::uint64_t first) {
    a.add(batch, first); // `first` = path index of batch[0]
    a.merge(b);
};

/// Runs `plan.paths` paths of `sampler` and returns `empty` with every path added.
/// Memory: one wave (32 × threads blocks) of accumulators and outcome buffers, independent of
/// paths. Waves keep memory flat; 32 blocks per thread keep the idle time at a wave's end small.
/// Throws: the exception of the lowest-index failing block, whatever the schedule.
///
/// With a `cluster` of K > 1 ranks (mc/cluster.hpp), each wave's blocks are split into K
/// contiguous ranges, one per rank; rank 0 gathers the other ranks' block accumulators (serialized
/// by `visit_state`, core/state_buffer.hpp) and merges every block in block order, so the result
/// on rank 0 is bitwise the single-process one. Other ranks return `empty`.
template <Sampler S, class A>
requires Accumulator<A, decltype(std::declval<const S&>().sample(std::declval<rng::PathRng&>()))>
[[nodiscard]] A run(const RunPlan& plan, const S& sampler, const A& empty, const ProgressCallback& progress = {},
                    Cluster* cluster = nullptr) {
    using Outcome = decltype(sampler.sample(std::declval<rng::PathRng&>()));
    BELIEFSIM_REQUIRE(plan.block_size > 0, "block_size must be > 0");
    const int threads = resolve_threads(plan.threads);
    const std::uint64_t blocks = (plan.paths + plan.block_size - 1) / plan.block_size;
    const auto ranks = static_cast<std::uint64_t>(cluster != nullptr ? cluster->size() : 1);
    const auto rank = static_cast<std::uint64_t>(cluster != nullptr ? cluster->rank() : 0);
    const std::uint64_t wave = 32 * static_cast<std::uint64_t>(threads) * ranks;

    A total = empty;
    std::vector<A> partial(static_cast<std::size_t>(std::min(wave, std::max<std::uint64_t>(blocks, 1))), empty);
    std::vector<std::exception_ptr> errors(partial.size());
    for (std::uint64_t first_block = 0; first_block < blocks; first_block += wave) {
        const auto count = static_cast<std::int64_t>(std::min(wave, blocks - first_block));
        // This rank's slots of the wave: [mine_begin, mine_end).
        const auto share = [&](std::uint64_t r) {
            return static_cast<std::int64_t>(r * static_cast<std::uint64_t>(count) / ranks);
        };
        const std::int64_t mine_begin = share(rank), mine_end = share(rank + 1);
#pragma omp parallel num_threads(threads)
        {
            std::vector<Outcome> buffer(static_cast<std::size_t>(plan.block_size));
#pragma omp for schedule(dynamic, 1)
            for (std::int64_t j = mine_begin; j < mine_end; ++j) {
                const auto slot = static_cast<std::size_t>(j);
                try {
                    partial[slot] = empty;
                    const std::uint64_t begin = (first_block + slot) * plan.block_size;
                    const std::uint64_t end = std::min(begin + plan.block_size, plan.paths);
                    const std::span<Outcome> outcomes(buffer.data(), end - begin);
                    if constexpr (BlockSampler<S, Outcome>) {
                        sampler.sample_block(plan.seed, begin, outcomes);
                    } else {
                        for (std::uint64_t i = begin; i < end; ++i) {
                            auto rng = rng::make_path_rng(plan.seed, i);
                            outcomes[i - begin] = sampler.sample(rng);
                        }
                    }
                    partial[slot].add(std::span<const Outcome>(outcomes), begin);
                } catch (...) {
                    errors[slot] = std::current_exception();
                }
            }
        }
        for (auto slot = static_cast<std::size_t>(mine_begin); slot < static_cast<std::size_t>(mine_end); ++slot)
            if (errors[slot]) std::rethrow_exception(errors[slot]);
        if (ranks > 1) {
            if constexpr (requires(A & a, StateWriter & w) { a.visit_state(w); }) {
                StateWriter writer;
                for (auto slot = mine_begin; slot < mine_end; ++slot)
                    partial[static_cast<std::size_t>(slot)].visit_state(writer);
                const auto gathered = cluster->gather(writer.bytes());
                if (rank != 0) continue;
                for (std::uint64_t r = 1; r < ranks; ++r) {
                    StateReader reader(gathered[r]);
                    for (auto slot = share(r); slot < share(r + 1); ++slot) {
                        A& a = partial[static_cast<std::size_t>(slot)];
                        a = empty;
                        a.visit_state(reader);
                    }
                }
            } else {
                BELIEFSIM_REQUIRE(false, "this accumulator cannot be sent between ranks (no visit_state)");
            }
        }
        for (std::size_t slot = 0; slot < static_cast<std::size_t>(count); ++slot) total.merge(partial[slot]);
        if (progress) progress(std::min((first_block + count) * plan.block_size, plan.paths), plan.paths);
    }
    return total;
}

} // namespace beliefsim::mc
