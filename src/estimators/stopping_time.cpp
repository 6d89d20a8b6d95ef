#include "beliefsim/estimators/stopping_time.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/simd.hpp"
#include "beliefsim/estimators/fast_exp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::estimators {
namespace {

/// First guesses of each τ's histogram bin (floor(τ·bins/max), capped at `bins` = overflow) and ECDF
/// cell (ceil(τ·(points−1)/max), capped at `points`), in one vectorized pass. Returns false if some
/// τ is not finite and ≥ 0.
BELIEFSIM_TARGET_CLONES
bool guess_cells(std::span<const double> tau, double bins_per_time, std::size_t bins, double points_per_time,
                 std::size_t points, std::span<std::int32_t> bin, std::span<std::int32_t> cell) {
    const double bin_cap = static_cast<double>(bins), cell_cap = static_cast<double>(points);
    const double* t = tau.data();
    std::int32_t* b = bin.data();
    std::int32_t* c = cell.data();
    int bad = 0;
#pragma omp simd reduction(| : bad)
    for (std::size_t i = 0; i < tau.size(); ++i) {
        bad |= static_cast<int>(!((t[i] >= 0) & (t[i] <= std::numeric_limits<double>::max())));
        // Clamped to [0, cap] first, so that NaN, ∞ and negative values (flagged above) convert
        // safely; for x ≥ 0 truncation is floor, which vectorizes where std::floor does not.
        const double x_bin = t[i] * bins_per_time, x_cell = t[i] * points_per_time;
        const double bin_x = (x_bin >= 0) & (x_bin < bin_cap) ? x_bin : bin_cap;
        const double cell_x = (x_cell >= 0) & (x_cell < cell_cap) ? x_cell : cell_cap;
        b[i] = static_cast<std::int32_t>(bin_x);
        const auto whole = static_cast<std::int32_t>(cell_x);
        c[i] = whole + (static_cast<double>(whole) < cell_x ? 1 : 0);
    }
    return bad == 0;
}

} // namespace

StoppingTimeAccumulator::StoppingTimeAccumulator(StoppingTimeSpec spec) : spec_(std::move(spec)) {
    BELIEFSIM_REQUIRE(spec_.states >= 1, "states must be >= 1 (got " << spec_.states << ")");
    BELIEFSIM_REQUIRE(spec_.histogram_max > 0 && spec_.histogram_bins >= 1, "histogram needs max > 0 and bins >= 1");
    BELIEFSIM_REQUIRE(spec_.ecdf_max > 0 && spec_.ecdf_points >= 2, "ECDF grid needs max > 0 and >= 2 points");
    for (const double r : spec_.laplace_r)
        BELIEFSIM_REQUIRE(std::isfinite(r) && r >= 0, "Laplace r must be finite and >= 0 (got " << r << ")");
    histogram_.assign(static_cast<std::size_t>(spec_.histogram_bins) + 1, 0);
    for (int i = 0; i <= spec_.histogram_bins; ++i)
        histogram_edges_.push_back(spec_.histogram_max * i / spec_.histogram_bins);
    for (int j = 0; j < spec_.ecdf_points; ++j) ecdf_t_.push_back(spec_.ecdf_max * j / (spec_.ecdf_points - 1));
    ecdf_cells_.assign(static_cast<std::size_t>(categories()) * (static_cast<std::size_t>(spec_.ecdf_points) + 1), 0);
    laplace_mean_.assign(spec_.laplace_r.size(), 0.0);
    laplace_m2_.assign(spec_.laplace_r.size(), 0.0);
    values_.resize(512);
    factors_.resize(512);

    // Runs of equally spaced r (to rounding) are stepped by multiplication, with a fresh exp every
    // ANCHOR_EVERY points: each step adds at most ~2.5 ulp (the factor's exp and the product), so
    // values stay within ~160 ulp (4e-14 relative), far below any Monte Carlo standard error.
    constexpr std::size_t ANCHOR_EVERY = 64;
    const auto& r = spec_.laplace_r;
    double scale = 0;
    for (const double v : r) scale = std::max(scale, std::abs(v));
    for (std::size_t j = 0; j < r.size();) {
        LaplaceSegment segment{j, 0, 0};
        if (j + 1 < r.size() && r[j + 1] > r[j]) { // factors e^{−Δτ} ≤ 1 only
            segment.step = r[j + 1] - r[j];
            while (segment.steps + 1 < ANCHOR_EVERY && j + segment.steps + 1 < r.size() &&
                   std::abs((r[j + segment.steps + 1] - r[j + segment.steps]) - segment.step) <= 1e-14 * scale)
                ++segment.steps;
        }
        laplace_segments_.push_back(segment);
        j += segment.steps + 1;
    }
}

void StoppingTimeAccumulator::add(std::span<const process::PathOutcome> batch, std::uint64_t first_path) {
    if (batch.empty()) return;
    scratch_.resize(batch.size());
    const auto bins = static_cast<std::size_t>(spec_.histogram_bins);
    const auto points = static_cast<std::size_t>(spec_.ecdf_points);
    const double bins_per_time = static_cast<double>(bins) / spec_.histogram_max;
    const double points_per_time = static_cast<double>(points - 1) / spec_.ecdf_max;
    bin_guess_.resize(batch.size());
    cell_guess_.resize(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) scratch_[i] = batch[i].tau;
    if (!guess_cells(scratch_, bins_per_time, bins, points_per_time, points, bin_guess_, cell_guess_)) {
        const auto bad =
            std::find_if(scratch_.begin(), scratch_.end(), [](double t) { return !(t >= 0) || std::isinf(t); });
        BELIEFSIM_ENSURE(false, "stopping time must be finite and >= 0 (got " << *bad << ")");
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const double tau = scratch_[i];
        const auto state = batch[i].terminal_state;
        BELIEFSIM_ENSURE((state >= 0 && state < spec_.states) || (spec_.capped && state == process::NOT_LEARNED),
                         "terminal state out of range (got " << state << ")");
        const auto category = static_cast<std::size_t>(state == process::NOT_LEARNED ? spec_.states : state);
        // The guesses come from a multiply; the stored edges decide, so an atom sitting on an edge
        // or grid point (a token cap, a constant delay) is counted where the output says.
        auto bin = static_cast<std::size_t>(bin_guess_[i]);
        if (bin > 0 && tau < histogram_edges_[bin])
            --bin;
        else if (bin < bins && tau >= histogram_edges_[bin + 1])
            ++bin;
        ++histogram_[bin];
        // Cell j counts the paths with t_{j−1} < τ ≤ t_j (the last one: τ > t_max).
        auto cell = static_cast<std::size_t>(cell_guess_[i]);
        if (cell > 0 && tau <= ecdf_t_[cell - 1])
            --cell;
        else if (cell < points && tau > ecdf_t_[cell])
            ++cell;
        ++ecdf_cells_[category * (points + 1) + cell];
    }
    moments_.add(scratch_);

    // E[e^{−rτ}; learned]: a path stopped by the cap is worth nothing, so only learned paths enter
    // the sums (the count below still includes every path).
    std::span<const double> learned_tau = scratch_;
    if (spec_.capped) {
        learned_.clear();
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (batch[i].terminal_state != process::NOT_LEARNED) learned_.push_back(scratch_[i]);
        learned_tau = learned_;
    }

    // Chunks small enough that the transforms of all r stay in L1 between one r and the next.
    constexpr std::size_t CHUNK = 512;
    const std::size_t transforms = spec_.laplace_r.size();
    batch_sum_.assign(transforms, 0.0);
    batch_sum_sq_.assign(transforms, 0.0);
    for (std::size_t begin = 0; begin < learned_tau.size(); begin += CHUNK) {
        const std::size_t size = std::min(CHUNK, learned_tau.size() - begin);
        const std::span<const double> tau = learned_tau.subspan(begin, size);
        const std::span<double> values(values_.data(), size), factors(factors_.data(), size);
        double factor_step = 0; // Δr of `factors`; 0: not computed for this chunk
        for (const LaplaceSegment& segment : laplace_segments_) {
            const std::size_t j = segment.first;
            exp_values(tau, spec_.laplace_r[j], values, batch_sum_[j], batch_sum_sq_[j]);
            if (segment.steps == 0) continue;
            if (segment.step != factor_step) {
                double unused = 0, unused_sq = 0;
                exp_values(tau, segment.step, factors, unused, unused_sq);
                factor_step = segment.step;
            }
            multiply_values(factors, values, std::span(batch_sum_).subspan(j + 1, segment.steps),
                            std::span(batch_sum_sq_).subspan(j + 1, segment.steps));
        }
    }

    // Per-batch sums, folded in with Chan's pairwise update so that blocks merge exactly like this.
    const auto n_prev = static_cast<double>(moments_.count() - batch.size());
    const auto nb = static_cast<double>(batch.size());
    for (std::size_t j = 0; j < transforms; ++j) {
        const double sum = batch_sum_[j], sum_sq = batch_sum_sq_[j];
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
    raw_state_.insert(raw_state_.end(), other.raw_state_.begin(),
                      other.raw_state_.begin() + static_cast<std::ptrdiff_t>(keep));
}

StoppingTimeSummary StoppingTimeAccumulator::summary() const {
    StoppingTimeSummary out;
    const std::uint64_t n = moments_.count();
    const double nd = static_cast<double>(n);
    const auto points = static_cast<std::size_t>(spec_.ecdf_points);
    const auto states = static_cast<std::size_t>(categories());
    out.paths = n;
    out.mean = moments_.mean();
    out.variance = moments_.variance();

    out.histogram_edges = histogram_edges_;
    out.histogram_counts.assign(histogram_.begin(), histogram_.end() - 1);
    out.histogram_overflow = histogram_.back();

    // Proportions from integer counts: a sum of per-state fractions can exceed 1 by a rounding, and
    // then p(1 − p) < 0 gives a NaN standard error.
    const auto proportion = [nd](std::uint64_t count) { return nd > 0 ? static_cast<double>(count) / nd : 0.0; };
    const auto proportion_se = [nd](double p) { return nd > 0 ? std::sqrt(std::max(p * (1 - p), 0.0) / nd) : 0.0; };
    std::vector<std::uint64_t> learned_by(points, 0); // paths with τ ≤ t_j that learned a state
    out.ecdf_F_by_state.assign(states * points, 0.0);
    out.ecdf_t = ecdf_t_;
    for (std::size_t s = 0; s < states; ++s) {
        const bool learned = s < static_cast<std::size_t>(spec_.states); // the last category of a cap is not
        std::uint64_t running = 0, total = 0;
        for (std::size_t j = 0; j <= points; ++j) {
            total += ecdf_cells_[s * (points + 1) + j];
            if (j < points) {
                running += ecdf_cells_[s * (points + 1) + j];
                out.ecdf_F_by_state[s * points + j] = proportion(running);
                if (learned) learned_by[j] += running;
            }
        }
        const double p = proportion(total);
        out.terminal_freq.push_back(p);
        out.terminal_freq_stderr.push_back(proportion_se(p));
    }
    for (const std::uint64_t count : learned_by) {
        out.ecdf_F.push_back(proportion(count));
        out.ecdf_F_stderr.push_back(proportion_se(out.ecdf_F.back()));
    }

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
