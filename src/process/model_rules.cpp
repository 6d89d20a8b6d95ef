#include "beliefsim/process/model_rules.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "message_text.hpp"

#include <algorithm>
#include <cmath>

namespace beliefsim::process {

Vector checked_prior(const Vector& prior) {
    const auto n = prior.size();
    BELIEFSIM_CHECK(n >= 2 && n <= MAX_STATES, "prior",
                    "must have 2 to " << MAX_STATES << " entries (got " << n << ")");
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        BELIEFSIM_CHECK(std::isfinite(prior[i]) && prior[i] > 0, "prior",
                        "entry " << i + 1 << " must be > 0 (the open simplex; got " << significant(prior[i]) << ")");
        sum += prior[i];
    }
    BELIEFSIM_CHECK(std::abs(sum - 1) <= 1e-9, "prior", "must sum to 1 (sum = " << significant(sum) << ")");
    Vector out(n);
    for (Eigen::Index i = 0; i < n; ++i) out[i] = prior[i] / sum;
    return out;
}

void check_chi(double chi) {
    BELIEFSIM_CHECK(std::isfinite(chi) && chi > 0, "chi", "must be > 0 (got " << significant(chi) << ")");
    BELIEFSIM_CHECK(chi >= MIN_CHI && chi <= MAX_CHI, "chi",
                    "must be in [" << significant(MIN_CHI) << ", " << significant(MAX_CHI)
                                   << "]: the time scale is 1/chi, and rates and times beyond it overflow "
                                   << got(chi));
}

void check_exit_distance(double lower_distance, double upper_distance) {
    // Slack for the prior's renormalization, which may move an entry by 1e-9 of itself.
    BELIEFSIM_CHECK(std::min(lower_distance, upper_distance) >= MIN_EXIT_DISTANCE * (1 - 1e-9), "prior",
                    "every entry must be >= "
                        << significant(MIN_EXIT_DISTANCE) << " for the binary diffusion's exact law (got "
                        << significant(std::min(lower_distance, upper_distance)) << " from an end)");
}

void check_throughput_fraction(double fraction) {
    BELIEFSIM_CHECK(fraction > 0 && fraction <= 1, "throughput_fraction",
                    "must be in (0, 1] (got " << significant(fraction) << ")");
}

} // namespace beliefsim::process
