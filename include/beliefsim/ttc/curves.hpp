#pragma once
/// Accuracy and token curves of a provider over test-time-compute levels θ (samples per query),
/// estimated by Monte Carlo resampling of its generation records, as the paper's experiments do
/// (reference: strategic_ttc/core/accuracy_analysis.py, compute_curves_for_model_fast):
///  - each replicate draws, for every question, a uniformly random order of its samples and uses
///    the first θ (so the levels share one draw, without replacement, as in the reference);
///  - majority vote: the answer with most votes among answered samples; ties go to the answer that
///    appears first in the drawn order (a uniform tie-break); correct if a drawn sample with that
///    answer is correct; a question with no answered sample scores 0;
///  - best-of-n: the drawn sample with the highest reward score (first in drawn order on ties);
///  - tokens: the total tokens of the θ drawn samples;
///  - a replicate's value is the mean over questions; the curve is the mean over replicates.
/// The standard error is that of the mean over replicates (its Monte Carlo error); the band is the
/// central percentile band of the replicate values (the reference's error bars, numpy's linear
/// quantiles). Reproducible: (provider, question, replicate) has its own counter-based stream and
/// replicates are reduced in index order, so results are bitwise identical for any thread count.
/// Tested by: tests/ttc/test_curves.cpp.

#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/rng/path_rng.hpp"
#include "beliefsim/ttc/samples.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace beliefsim::ttc {

struct CurveOptions {
    std::vector<int> levels{1, 4, 8, 16, 32, 64}; ///< strictly increasing, in [1, samples per question]
    int replicates = 50;                          ///< ≥ 2 (the reference uses 50)
    double band = 0.95;                           ///< coverage of the percentile band, in (0, 1)
    rng::Seed seed = 0;
    int threads = 0; ///< 0: OpenMP default
};

/// One point of a curve: the estimate and the percentile band of the replicate values.
struct CurveValue {
    estimators::Estimate estimate;
    double band_lo = 0;
    double band_hi = 0;
};

struct ProviderCurves {
    std::string name;
    std::vector<int> levels;
    std::vector<CurveValue> majority;  ///< majority-vote accuracy per level
    std::vector<CurveValue> best_of_n; ///< best-of-n accuracy per level
    std::vector<CurveValue> tokens;    ///< mean tokens per query per level
};

/// Curves of one provider; `stream` (e.g. its position in the market) keys its random streams.
/// Throws: InvalidArgument naming the option (levels, replicates, band), or a precondition for
/// invalid data.
[[nodiscard]] ProviderCurves estimate_curves(const ProviderSamples& data, std::uint64_t stream,
                                             const CurveOptions& options);

/// Curves of every provider; provider k uses stream k.
[[nodiscard]] std::vector<ProviderCurves> estimate_curves(std::span<const ProviderSamples> data,
                                                          const CurveOptions& options);

} // namespace beliefsim::ttc
