#pragma once
/// Throughput audit (SPEC §1, "Information-throughput constraint"): estimates, on a time grid, the
/// increments E[H(μ_{t+s}) − H(μ_t)] of simulated paths with standard errors and checks them against
/// the budget. A stopped path gains nothing after it stops, so each interval is judged per path against
/// χ × (time the path ran in the interval): the excess H(μ_{t+s}) − H(μ_t) − χ·(alive time) must not be
/// positive beyond noise. Reported against χs as the SPEC asks, and with the alive-time bound that the
/// verdict uses.
/// Tested by: tests/estimators/test_throughput_audit.cpp.

#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/estimators/moments.hpp"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace beliefsim::estimators {

/// One audited path: H(μ_t) at the grid times t_0 = 0, t_1, …, t_K (after the path stops, at its
/// stopped belief) and the time it stopped (τ, or the cap).
struct AuditPath {
    std::vector<double> entropy;
    double stop_time = 0;
};

/// Grid t_k = k·step, k = 0..intervals; budget χ. Requires: step > 0, intervals ≥ 1, chi > 0.
struct ThroughputAuditSpec {
    double step = 1;
    int intervals = 40;
    double chi = 1;
    double tolerance_se = 4; ///< standard errors allowed before a deviation counts
};

/// `insufficient`: fewer than MIN_VERDICT_PATHS audited paths, too few for standard errors to judge
/// by (one path has none, and its own increment may exceed the budget the mean obeys).
enum class AuditVerdict { binding, slack, violated, insufficient };
inline constexpr std::uint64_t MIN_VERDICT_PATHS = 30;
[[nodiscard]] std::string_view verdict_name(AuditVerdict verdict);

struct ThroughputAudit {
    std::uint64_t paths = 0;
    std::vector<double> t;                                ///< interval starts t_k (K values)
    std::vector<double> increment_mean, increment_stderr; ///< E[H(μ_{t_k+s}) − H(μ_{t_k})]
    std::vector<double> bound;                            ///< χs
    std::vector<double> alive_bound, alive_bound_stderr;  ///< χ·E[alive time in the interval]
    std::vector<double> excess_mean, excess_stderr;       ///< increment − χ·alive time
    Estimate total_increment;                             ///< E[H(μ_{t_K}) − H(μ_0)]
    Estimate total_alive_bound;                           ///< χ·E[min(stop, t_K)]
    Estimate total_excess;
    AuditVerdict verdict = AuditVerdict::binding;
};

/// Verdict: `insufficient` below MIN_VERDICT_PATHS paths; else `violated` if some interval's excess is positive by more
/// than tolerance_se standard errors; else `binding` if the total excess is within tolerance_se standard errors of 0 or
/// within 1% of the total budget (the process uses all of it); else `slack`.
[[nodiscard]] AuditVerdict audit_verdict(const ThroughputAudit& audit, double tolerance_se);

/// The mc::Accumulator over AuditPath.
class ThroughputAuditAccumulator {
public:
    explicit ThroughputAuditAccumulator(ThroughputAuditSpec spec);

    void add(std::span<const AuditPath> batch, std::uint64_t first_path);
    void merge(const ThroughputAuditAccumulator& other);
    [[nodiscard]] ThroughputAudit summary() const;

private:
    ThroughputAuditSpec spec_;
    std::vector<Moments> increment_, alive_, excess_; // per interval
    Moments total_increment_, total_alive_, total_excess_;
};

} // namespace beliefsim::estimators
