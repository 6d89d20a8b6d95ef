#pragma once
/// Streaming estimators of the stopping-time law from path outcomes: moments, histogram, ECDF on a
/// grid (overall and per terminal state), Laplace transform E[e^{−rτ}], terminal-state frequencies,
/// and opt-in capped raw samples. Memory does not grow with the number of paths.
/// Tested by: tests/estimators/test_stopping_time.cpp.

#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/estimators/moments.hpp"
#include "beliefsim/process/outcome.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace beliefsim::estimators {

/// Grids and options. Requires: states ≥ 1, t_max > 0, bins ≥ 1, points ≥ 2, every r ≥ 0.
struct StoppingTimeSpec {
    int states = 2;
    double histogram_max = 10; ///< histogram covers [0, histogram_max); beyond counts as overflow
    int histogram_bins = 100;
    double ecdf_max = 10; ///< ECDF grid t_j = j·ecdf_max/(points−1)
    int ecdf_points = 201;
    std::vector<double> laplace_r;
    std::uint64_t raw_sample_cap = 0; ///< keep (τ, θ) of the first this-many paths
    /// Paths may end NOT_LEARNED (a token cap): they get the extra category `states` in the terminal
    /// frequencies and per-state ECDFs, count in the law of τ (an atom at the cap), and contribute 0
    /// to the Laplace transform, which then estimates E[e^{−rτ}; learned].
    bool capped = false;
};

/// Everything the estimators report. Vectors indexed [state][grid point] are stored row-major.
struct StoppingTimeSummary {
    std::uint64_t paths = 0;
    Estimate mean, variance;
    std::vector<double> histogram_edges;
    std::vector<std::uint64_t> histogram_counts;
    std::uint64_t histogram_overflow = 0;
    /// ecdf_F: P(τ ≤ t_j, a state learned), which is P(τ ≤ t_j) on a grid that ends at the cap.
    std::vector<double> ecdf_t, ecdf_F, ecdf_F_stderr;
    std::vector<double>
        ecdf_F_by_state; ///< categories × points, P(τ ≤ t_j, terminal = θ) (last row: not learned, if capped)
    std::vector<double> laplace_r, laplace_mean, laplace_stderr;
    std::vector<double> terminal_freq, terminal_freq_stderr; ///< per category (last: not learned, if capped)
    std::vector<double> raw_tau;
    std::vector<std::int32_t> raw_state;
};

/// The mc::Accumulator over process::PathOutcome.
class StoppingTimeAccumulator {
public:
    explicit StoppingTimeAccumulator(StoppingTimeSpec spec);

    void add(std::span<const process::PathOutcome> batch, std::uint64_t first_path);
    void merge(const StoppingTimeAccumulator& other);
    [[nodiscard]] StoppingTimeSummary summary() const;
    /// The fields `merge` reads (core/state_buffer.hpp): what an MPI rank sends for its blocks.
    template <class V>
    void visit_state(V& v) {
        v(moments_);
        v(histogram_);
        v(ecdf_cells_);
        v(laplace_mean_);
        v(laplace_m2_);
        v(raw_tau_);
        v(raw_state_);
    }

private:
    [[nodiscard]] int categories() const { return spec_.states + (spec_.capped ? 1 : 0); }

    StoppingTimeSpec spec_;
    Moments moments_;
    std::vector<double> histogram_edges_, ecdf_t_; ///< the grids as the summary reports them
    std::vector<std::uint64_t> histogram_;         ///< bins + 1 (last: overflow)
    std::vector<std::uint64_t> ecdf_cells_;        ///< states × (points + 1): first grid index with t_j ≥ τ
    std::vector<double> laplace_mean_, laplace_m2_;
    std::vector<double> raw_tau_;
    std::vector<std::int32_t> raw_state_;
    /// r_first by exp, then r_{first+1..first+steps} by multiplying with e^{−step·τ} (an arithmetic run).
    struct LaplaceSegment {
        std::size_t first, steps;
        double step;
    };
    std::vector<LaplaceSegment> laplace_segments_;
    std::vector<double> scratch_;                      ///< τ of the current batch, contiguous for the vector kernels
    std::vector<double> learned_;                      ///< τ of the batch's learned paths (capped runs)
    std::vector<std::int32_t> bin_guess_, cell_guess_; ///< histogram bin and ECDF cell of τ, to be checked
    std::vector<double> values_, factors_;             ///< e^{−r τ_i} and e^{−Δr τ_i} of the current chunk
    std::vector<double> batch_sum_, batch_sum_sq_;     ///< Σ e^{−r_j τ_i} and Σ e^{−2 r_j τ_i} of the batch
};

} // namespace beliefsim::estimators
