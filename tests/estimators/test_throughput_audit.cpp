#include "beliefsim/estimators/throughput_audit.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace beliefsim::estimators;

namespace {

/// A path whose entropy rises at `rate` until `stop`, then stays.
AuditPath linear_path(double rate, double stop, const ThroughputAuditSpec& spec) {
    AuditPath path{{}, stop};
    for (int k = 0; k <= spec.intervals; ++k) path.entropy.push_back(-1 + rate * std::min(stop, spec.step * k));
    return path;
}

ThroughputAudit audit_of(double rate, const ThroughputAuditSpec& spec, int paths = 100) {
    ThroughputAuditAccumulator acc(spec);
    std::vector<AuditPath> batch;
    for (int i = 0; i < paths; ++i) batch.push_back(linear_path(rate, 0.05 * (i + 1), spec));
    acc.add(batch, 0);
    return acc.summary();
}

} // namespace

TEST_CASE("audit: paths at, under and over the budget get binding, slack and violated", "[unit][estimators]") {
    const ThroughputAuditSpec spec{0.5, 12, 0.3, 4};
    const auto binding = audit_of(0.3, spec);
    CHECK(binding.verdict == AuditVerdict::binding);
    CHECK(binding.total_excess.value == Approx(0).margin(1e-12));
    CHECK(binding.bound[0] == Approx(0.15));
    // Every path ran 0.5 in the first interval except the first nine (stopped at 0.05·(i+1)).
    CHECK(binding.alive_bound[0] == Approx(0.3 * (0.05 * 45 + 0.5 * 91) / 100));
    CHECK(audit_of(0.2, spec).verdict == AuditVerdict::slack);
    CHECK(audit_of(0.31, spec).verdict == AuditVerdict::violated);
}

TEST_CASE("audit: fewer than 30 paths judge nothing (one path over the budget is not a violation)",
          "[unit][estimators]") {
    const ThroughputAuditSpec spec{0.5, 12, 0.3, 4};
    CHECK(audit_of(0.31, spec, 1).verdict == AuditVerdict::insufficient);
    CHECK(audit_of(0.31, spec, 29).verdict == AuditVerdict::insufficient);
    CHECK(audit_of(0.31, spec, 30).verdict == AuditVerdict::violated);
    CHECK(verdict_name(AuditVerdict::insufficient) == "insufficient");
}

TEST_CASE("audit: merging blocks equals one batch", "[unit][estimators]") {
    const ThroughputAuditSpec spec{0.25, 8, 1.0, 4};
    ThroughputAuditAccumulator whole(spec), a(spec), b(spec);
    std::vector<AuditPath> batch;
    for (int i = 0; i < 50; ++i) batch.push_back(linear_path(1.0 - 0.01 * i, 0.04 * i + 0.01, spec));
    whole.add(batch, 0);
    a.add(std::span(batch).first(20), 0);
    b.add(std::span(batch).subspan(20), 20);
    a.merge(b);
    const auto x = whole.summary(), y = a.summary();
    for (std::size_t k = 0; k < x.t.size(); ++k) {
        CHECK(y.increment_mean[k] == Approx(x.increment_mean[k]).epsilon(1e-12));
        CHECK(y.excess_stderr[k] == Approx(x.excess_stderr[k]).epsilon(1e-9).margin(1e-15));
    }
    CHECK(y.paths == 50);
}
