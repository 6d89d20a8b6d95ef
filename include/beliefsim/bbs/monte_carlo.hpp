#pragma once
/// The numerical BBS path for arbitrary type distributions (SPEC §2 "BBS"): value-scale types
/// (w, s) drawn from pricing::TypeDistribution families or read from a sample file, the law of
/// the representative type θ = w s^{1−α−β} (12) by Monte Carlo as a streaming histogram, the
/// screening solution on it (ironed: screening.hpp), and revenue and profit with standard errors.
/// Tested by: tests/bbs/test_monte_carlo.cpp.
///
/// Reproducibility. Type i is drawn from make_path_rng(seed, i) (Philox, stream `path`) by
/// inversion: w from the first word, s from the second (closed form for `uniform`, TOMS748 on the
/// CDF otherwise). The revenue pass re-uses path i's counter space but its words 3 and 4, so its
/// types are independent of those that built the law. Blocks run through mc::run (OpenMP, merged
/// in block order): results are bitwise identical for any thread count. Memory is one histogram.
///
/// Estimates. Revenue and profit are means over fresh types of T and T − C of the menu built from
/// the histogram: unbiased for that menu; its shortfall against the exact optimum is second order
/// in the histogram error (the optimum is flat), far below the standard error at 10⁶ types.

#include "beliefsim/bbs/allocations.hpp"
#include "beliefsim/bbs/packages.hpp"
#include "beliefsim/bbs/screening.hpp"
#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/pricing/types.hpp"
#include "beliefsim/rng/path_rng.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace beliefsim::bbs {

struct ValueScaleDraw {
    double w = 0;
    double s = 0;
};

/// Draws (w, s) by inversion, two generator words per type. Immutable.
class ValueScaleSampler {
public:
    /// Requires the s support inside [0, 1] (InvalidArgument "s").
    ValueScaleSampler(pricing::TypeDistribution w, pricing::TypeDistribution s);
    [[nodiscard]] ValueScaleDraw sample(rng::PathRng& rng) const;
    [[nodiscard]] const pricing::TypeDistribution& w() const noexcept { return w_; }
    [[nodiscard]] const pricing::TypeDistribution& s() const noexcept { return s_; }

private:
    pricing::TypeDistribution w_, s_;
};

/// Streaming fixed-edge histogram of θ on [low, high] (mergeable; values outside are clamped).
class ThetaHistogram {
public:
    ThetaHistogram(double low, double high, std::size_t bins);
    void add(double theta);
    void merge(const ThetaHistogram& other);
    [[nodiscard]] std::uint64_t count() const noexcept { return n_; }
    /// Piecewise-linear CDF, piecewise-constant density (a `piecewise` ScalarLaw). Requires count > 0.
    [[nodiscard]] ScalarLaw law() const;

private:
    double low_, high_;
    std::vector<std::uint64_t> counts_;
    std::uint64_t n_ = 0;
};

struct MonteCarloPlan {
    std::uint64_t law_samples = 1'000'000;     ///< types for the θ histogram
    std::uint64_t revenue_samples = 1'000'000; ///< fresh types for revenue and profit
    std::size_t bins = 256;                    ///< histogram bins = ironing cells
    rng::Seed seed = 0;
    int threads = 0; ///< 0: OpenMP default
    std::uint64_t block_size = 4096;
};

struct MonteCarloPackages {
    PackageMenu menu;
    estimators::Estimate revenue;
    estimators::Estimate profit;
};

/// Token packages (Proposition 5) for w, s from `sampler`, θ's law estimated from plan.law_samples.
[[nodiscard]] MonteCarloPackages monte_carlo_packages(const Technology& tech, const ValueScaleSampler& sampler,
                                                      const MonteCarloPlan& plan);

/// Token packages from stored types: the law from the even rows, revenue and profit from the odd
/// rows (so the standard errors stay honest). Requires ≥ 2 rows, each w ≥ 0, s ∈ [0, 1]
/// (InvalidArgument "types"). io reads them from a file (io/type_tables.hpp).
[[nodiscard]] MonteCarloPackages packages_from_samples(const Technology& tech, std::span<const ValueScaleDraw> types,
                                                       std::size_t bins = 256);

/// Revenue and profit of an allocation menu (Proposition 4) over plan.revenue_samples types.
struct MonteCarloValues {
    estimators::Estimate revenue;
    estimators::Estimate profit;
};
[[nodiscard]] MonteCarloValues monte_carlo_allocations(const AllocationMenu& menu, const ValueScaleSampler& sampler,
                                                       const MonteCarloPlan& plan);

} // namespace beliefsim::bbs
