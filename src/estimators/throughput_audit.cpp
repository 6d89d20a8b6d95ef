#include "beliefsim/estimators/throughput_audit.hpp"

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace beliefsim::estimators {

std::string_view verdict_name(AuditVerdict verdict) {
    switch (verdict) {
    case AuditVerdict::binding:
        return "binding";
    case AuditVerdict::slack:
        return "slack";
    case AuditVerdict::violated:
        return "violated";
    case AuditVerdict::insufficient:
        return "insufficient";
    }
    return "unknown";
}

AuditVerdict audit_verdict(const ThroughputAudit& audit, double tolerance_se) {
    if (audit.paths < MIN_VERDICT_PATHS) return AuditVerdict::insufficient;
    for (std::size_t k = 0; k < audit.excess_mean.size(); ++k)
        if (audit.excess_mean[k] > tolerance_se * audit.excess_stderr[k] + 1e-12 * audit.bound[k])
            return AuditVerdict::violated;
    const double unused = -audit.total_excess.value;
    if (unused <= tolerance_se * audit.total_excess.std_error || unused <= 0.01 * audit.total_alive_bound.value)
        return AuditVerdict::binding;
    return AuditVerdict::slack;
}

ThroughputAuditAccumulator::ThroughputAuditAccumulator(ThroughputAuditSpec spec) : spec_(spec) {
    BELIEFSIM_REQUIRE(spec_.step > 0 && spec_.intervals >= 1 && spec_.chi > 0,
                      "audit needs step > 0, intervals >= 1, chi > 0");
    const auto k = static_cast<std::size_t>(spec_.intervals);
    increment_.resize(k);
    alive_.resize(k);
    excess_.resize(k);
}

void ThroughputAuditAccumulator::add(std::span<const AuditPath> batch, std::uint64_t /*first_path*/) {
    const auto k_max = static_cast<std::size_t>(spec_.intervals);
    std::vector<double> increment(batch.size()), alive(batch.size()), excess(batch.size());
    // k < K: interval k; k = K: the whole grid [0, t_K].
    for (std::size_t k = 0; k <= k_max; ++k) {
        const bool total = k == k_max;
        const double lo = total ? 0.0 : spec_.step * static_cast<double>(k);
        const double hi = spec_.step * static_cast<double>(total ? k_max : k + 1);
        const std::size_t first = total ? 0 : k, last = total ? k_max : k + 1;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const AuditPath& path = batch[i];
            BELIEFSIM_ENSURE(path.entropy.size() == k_max + 1,
                             "audit path has " << path.entropy.size() << " entropies, grid needs " << k_max + 1);
            increment[i] = path.entropy[last] - path.entropy[first];
            BELIEFSIM_ENSURE(std::isfinite(increment[i]), "audit: non-finite entropy increment");
            alive[i] = spec_.chi * (std::min(path.stop_time, hi) - std::min(path.stop_time, lo));
            excess[i] = increment[i] - alive[i];
        }
        if (total) {
            total_increment_.add(increment);
            total_alive_.add(alive);
            total_excess_.add(excess);
        } else {
            increment_[k].add(increment);
            alive_[k].add(alive);
            excess_[k].add(excess);
        }
    }
}

void ThroughputAuditAccumulator::merge(const ThroughputAuditAccumulator& other) {
    for (std::size_t k = 0; k < increment_.size(); ++k) {
        increment_[k].merge(other.increment_[k]);
        alive_[k].merge(other.alive_[k]);
        excess_[k].merge(other.excess_[k]);
    }
    total_increment_.merge(other.total_increment_);
    total_alive_.merge(other.total_alive_);
    total_excess_.merge(other.total_excess_);
}

ThroughputAudit ThroughputAuditAccumulator::summary() const {
    ThroughputAudit out;
    out.paths = total_increment_.count();
    for (std::size_t k = 0; k < increment_.size(); ++k) {
        out.t.push_back(spec_.step * static_cast<double>(k));
        out.increment_mean.push_back(increment_[k].mean().value);
        out.increment_stderr.push_back(increment_[k].mean().std_error);
        out.bound.push_back(spec_.chi * spec_.step);
        out.alive_bound.push_back(alive_[k].mean().value);
        out.alive_bound_stderr.push_back(alive_[k].mean().std_error);
        out.excess_mean.push_back(excess_[k].mean().value);
        out.excess_stderr.push_back(excess_[k].mean().std_error);
    }
    out.total_increment = total_increment_.mean();
    out.total_alive_bound = total_alive_.mean();
    out.total_excess = total_excess_.mean();
    out.verdict = audit_verdict(out, spec_.tolerance_se);
    return out;
}

} // namespace beliefsim::estimators
