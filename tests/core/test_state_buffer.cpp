// Accumulator state through bytes (include/beliefsim/core/state_buffer.hpp): what MPI ranks send.
// A restored accumulator must merge to the same bits as the original.

#include <catch2/catch.hpp>

#include <vector>

#include "beliefsim/core/state_buffer.hpp"
#include "beliefsim/estimators/stopping_time.hpp"
#include "beliefsim/process/outcome.hpp"

using namespace beliefsim;

namespace {

estimators::StoppingTimeAccumulator filled(std::uint64_t first, std::size_t n) {
    estimators::StoppingTimeSpec spec;
    spec.states = 3;
    spec.histogram_bins = 20;
    spec.histogram_max = 5;
    spec.ecdf_points = 11;
    spec.ecdf_max = 5;
    spec.laplace_r = {0.5, 1.0, 2.0};
    spec.raw_sample_cap = 7;
    estimators::StoppingTimeAccumulator acc(spec);
    std::vector<process::PathOutcome> batch;
    for (std::size_t i = 0; i < n; ++i)
        batch.push_back(
            {0.37 * static_cast<double>((first + i) % 17) + 0.01, static_cast<std::int32_t>((first + i) % 3)});
    acc.add(batch, first);
    return acc;
}

} // namespace

TEST_CASE("state buffer: a restored accumulator merges to the same bits", "[unit][repro]") {
    auto a = filled(0, 100), b = filled(100, 57);
    StateWriter writer;
    b.visit_state(writer);
    auto restored = filled(999, 3); // overwritten entirely by the read
    StateReader reader(writer.bytes());
    restored.visit_state(reader);
    CHECK(reader.consumed() == writer.bytes().size());

    auto direct = a, via_bytes = a;
    direct.merge(b);
    via_bytes.merge(restored);
    const auto x = direct.summary(), y = via_bytes.summary();
    CHECK(x.paths == 157);
    CHECK(x.mean.value == y.mean.value);
    CHECK(x.variance.std_error == y.variance.std_error);
    CHECK(x.histogram_counts == y.histogram_counts);
    CHECK(x.ecdf_F_by_state == y.ecdf_F_by_state);
    CHECK(x.laplace_mean == y.laplace_mean);
    CHECK(x.laplace_stderr == y.laplace_stderr);
    CHECK(x.raw_tau == y.raw_tau);
}

TEST_CASE("state buffer: a short buffer is an error, not a silent read", "[unit][bad-input]") {
    auto acc = filled(0, 10);
    StateWriter writer;
    acc.visit_state(writer);
    std::vector<std::byte> cut(writer.bytes().begin(), writer.bytes().end() - 1);
    StateReader reader(cut);
    CHECK_THROWS_AS(acc.visit_state(reader), InvalidArgument);
}
