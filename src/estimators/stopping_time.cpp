#include "beliefsim/estimators/stopping_time.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/estimators/fast_exp.hpp"

#include <algorithm>
#include <cmath>

namespace beliefsim::estimators {

StoppingTimeAccumulator::StoppingTimeAccumulator(StoppingTimeSpec spec) : spec_(std::move(spec)) {
    BELIEFSIM_REQUIRE(spec_.states >= 1, "states must be >= 1 (got " << spec_.states << ")");
    BELIEFSIM_REQUIRE(spec_.histogram_max > 0 && spec_.histogram_bins >= 1,
                      "histogram needs max > 0 and bins >= 1");
    BELIEFSIM_REQUIRE(spec_.ecdf_max > 0 && spec_.ecdf_points >= 2, "ECDF grid needs max > 0 and >= 2 points");
    for (const double r : spec_.laplace_r)
        BELIEFSIM_REQUIRE(std::isfinite(r) && r >= 0, "Laplace r must be finite and >= 0 (got " << r << ")");
    histogram_.assign(static_cast<std::size_t>(spec_.histogram_bins) + 1, 0);
    ecdf_cells_.assign(static_cast<std::size_t>(spec_.states) * (static_cast<std::size_t>(spec_.ecdf_points) + 1), 0);
    laplace_mean_.assign(spec_.laplace_r.size(), 0.0);
    laplace_m2_.assign(spec_.laplace_r.size(), 0.0);

    // Runs of equally spaced r (to rounding) are stepped by multiplication, with a fresh exp every
    // ANCHOR_EVERY points so the rounding error stays below ~20 ulp.
    constexpr std::size_t ANCHOR_EVERY = 8;
    const auto& r = spec_.laplace_r;
    laplace_step_.assign(r.size(), 0.0);
    double scale = 0;
    for (const double v : r) scale = std::max(scale, std::abs(v));
    std::size_t run = 0;
    double run_step = 0; // one value per run, so the factors are computed once per run
    for (std::size_t j = 2; j < r.size(); ++j) {
        const double step = r[j - 1] - r[j - 2];
        const bool continues = step != 0 && std::abs((r[j] - r[j - 1]) - step) <= 1e-14 * scale;
        if (continues && run == 0) run_step = step;
        run = continues ? run + 1 : 0;
        if (continues && run % ANCHOR_EVERY != 0) laplace_step_[j] = run_step;
    }
}

void StoppingTimeAccumulator::add(std::span<const process::PathOutcome> batch, std::uint64_t first_path) {
    if (batch.empty()) return;
    scratch_.resize(batch.size());
    values_.resize(batch.size());
    factors_.resize(batch.size());
    const auto bins = static_cast<std::size_t>(spec_.histogram_bins);
    const auto points = static_cast<std::size_t>(spec_.ecdf_points);
    const double bin_width = spec_.histogram_max / static_cast<double>(bins);
    const double grid_step = spec_.ecdf_max / static_cast<double>(points - 1);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const double tau = batch[i].tau;
        const auto state = batch[i].terminal_state;
        BELIEFSIM_ENSURE(std::isfinite(tau) && tau >= 0, "stopping time must be finite and >= 0 (got " << tau << ")");
        BELIEFSIM_ENSURE(state >= 0 && state < spec_.states, "terminal state out of range (got " << state << ")");
        scratch_[i] = tau;
        const double b = std::floor(tau / bin_width);
        ++histogram_[b < static_cast<double>(bins) ? static_cast<std::size_t>(b) : bins];
        const double c = std::ceil(tau / grid_step);
        const std::size_t cell = c < static_cast<double>(points) ? static_cast<std::size_t>(c) : points;
        ++ecdf_cells_[static_cast<std::size_t>(state) * (points + 1) + cell];
    }
    moments_.add(scratch_);

    // Per-batch sums, folded in with Chan's pairwise update so that blocks merge exactly like this.
    const auto n_prev = static_cast<double>(moments_.count() - batch.size());
    const auto nb = static_cast<double>(batch.size());
    for (std::size_t j = 0; j < spec_.laplace_r.size(); ++j) {
        double sum = 0, sum_sq = 0;
        if (laplace_step_[j] == 0) {
            exp_values(scratch_, spec_.laplace_r[j], values_, sum, sum_sq);
        } else {
            if (laplace_step_[j] != laplace_step_[j - 1]) {
                double unused = 0, unused_sq = 0;
                exp_values(scratch_, laplace_step_[j], factors_, unused, unused_sq);
            }
            multiply_values(factors_, values_, sum, sum_sq);
        }
        const double mean_b = sum / nb;
        const double m2_b = std::max(0.0, sum_sq - sum * mean_b);
        const double delta = mean_b - laplace_mean_[j];
        laplace_mean_[j] += delta * nb / (n_prev + nb);
        laplace_m2_[j] += m2_b + delta * delta * n_prev * nb / (n_prev + nb);
    }

    if (first_path < spec_.raw_sample_cap) {
        const auto keep = std::min<std::uint64_t>(batch.size(), spec_.raw_sample_cap - first_path);
        for (std::size_t i = 0; i < keep; ++i) {
            raw_tau_.push_back(batch[i].tau);
            raw_state_.push_back(batch[i].terminal_state);
        }
    }
}

void StoppingTimeAccumulator::merge(const StoppingTimeAccumulator& other) {
    const auto na = static_cast<double>(moments_.count());
    const auto nb = static_cast<double>(other.moments_.count());
    if (nb == 0) return;
    for (std::size_t j = 0; j < laplace_mean_.size(); ++j) {
        const double delta = other.laplace_mean_[j] - laplace_mean_[j];
        laplace_mean_[j] += delta * nb / (na + nb);
        laplace_m2_[j] += other.laplace_m2_[j] + delta * delta * na * nb / (na + nb);
    }
    moments_.merge(other.moments_);
    for (std::size_t i = 0; i < histogram_.size(); ++i) histogram_[i] += other.histogram_[i];
    for (std::size_t i = 0; i < ecdf_cells_.size(); ++i) ecdf_cells_[i] += other.ecdf_cells_[i];
    const auto room = spec_.raw_sample_cap - std::min<std::uint64_t>(raw_tau_.size(), spec_.raw_sample_cap);
    const auto keep = std::min<std::uint64_t>(room, other.raw_tau_.size());
    raw_tau_.insert(raw_tau_.end(), other.raw_tau_.begin(), other.raw_tau_.begin() + static_cast<std::ptrdiff_t>(keep));
    raw_state_.insert(raw_state_.end(), other.raw_state_.begin(), other.raw_state_.begin() + static_cast<std::ptrdiff_t>(keep));
}

StoppingTimeSummary StoppingTimeAccumulator::summary() const {
    StoppingTimeSummary out;
    const std::uint64_t n = moments_.count();
    const double nd = static_cast<double>(n);
    const auto bins = static_cast<std::size_t>(spec_.histogram_bins);
    const auto points = static_cast<std::size_t>(spec_.ecdf_points);
    const auto states = static_cast<std::size_t>(spec_.states);
    out.paths = n;
    out.mean = moments_.mean();
    out.variance = moments_.variance();

    for (std::size_t i = 0; i <= bins; ++i)
        out.histogram_edges.push_back(spec_.histogram_max * static_cast<double>(i) / static_cast<double>(bins));
    out.histogram_counts.assign(histogram_.begin(), histogram_.end() - 1);
    out.histogram_overflow = histogram_.back();

    const auto proportion_se = [nd](double p) { return nd > 0 ? std::sqrt(p * (1 - p) / nd) : 0.0; };
    out.ecdf_F.assign(points, 0.0);
    out.ecdf_F_by_state.assign(states * points, 0.0);
    for (std::size_t j = 0; j < points; ++j)
        out.ecdf_t.push_back(spec_.ecdf_max * static_cast<double>(j) / static_cast<double>(points - 1));
    for (std::size_t s = 0; s < states; ++s) {
        std::uint64_t running = 0, total = 0;
        for (std::size_t j = 0; j <= points; ++j) {
            total += ecdf_cells_[s * (points + 1) + j];
            if (j < points) {
                running += ecdf_cells_[s * (points + 1) + j];
                out.ecdf_F_by_state[s * points + j] = nd > 0 ? static_cast<double>(running) / nd : 0.0;
                out.ecdf_F[j] += out.ecdf_F_by_state[s * points + j];
            }
        }
        const double p = nd > 0 ? static_cast<double>(total) / nd : 0.0;
        out.terminal_freq.push_back(p);
        out.terminal_freq_stderr.push_back(proportion_se(p));
    }
    for (const double f : out.ecdf_F) out.ecdf_F_stderr.push_back(proportion_se(f));

    out.laplace_r = spec_.laplace_r;
    for (std::size_t j = 0; j < laplace_mean_.size(); ++j) {
        out.laplace_mean.push_back(laplace_mean_[j]);
        out.laplace_stderr.push_back(n > 1 ? std::sqrt(laplace_m2_[j] / (nd - 1) / nd) : 0.0);
    }
    out.raw_tau = raw_tau_;
    out.raw_state = raw_state_;
    return out;
}

} // namespace beliefsim::estimators
