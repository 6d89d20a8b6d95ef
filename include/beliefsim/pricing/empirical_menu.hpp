#pragma once
/// The optimal token-cap menu priced with a sampled stopping law (SPEC §1 "Token-cap menu"; issue:
/// "otherwise the Monte Carlo estimate with its error propagated to prices and revenue"). The
/// schedule T(r) does not depend on the law (pricing/cap_schedule.hpp); every integral against f*
/// becomes a mean over N i.i.d. stopping times τ_i, reported with its standard error
/// (sample standard deviation / √N, the deviations summed about the mean by estimators::Moments). With ρ(t) =
/// last_type_served_at(t) and h(τ) = q(ρ(τ))e^{−ρ(τ)τ}:
///   price     P(r) = mean h(τ_i) 1{τ_i ≤ T(r)}                      (pricing/menu.hpp, "Prices without nesting")
///   surplus   S(r) = mean (q(r)e^{−rτ_i} − h(τ_i)) 1{τ_i ≤ T(r)}     (= q D − P, one mean so its SE is right)
///   tokens    χ mean min(τ_i, T(r))
///   revenue   mean G(ρ)q(ρ)e^{−ρτ_i}                                  (= revenue_monte_carlo)
///   marginal  q(r)e^{−rT} f̂(T)/χ per token, f̂ the fraction of τ_i within h of T over 2h, with the
///             Freedman-Diaconis width h = IQR·N^{−1/3} (a histogram estimate: O(h²) bias, binomial SE).
/// The envelope prices hold for any law, so the menu is exactly IC/IR against the sampled law
/// itself; `audit` checks that (to rounding) with every type against every item.
/// Tested by: tests/pricing/test_empirical_menu.cpp.

#include "beliefsim/estimators/estimate.hpp"
#include "beliefsim/pricing/audit.hpp"
#include "beliefsim/pricing/cap_schedule.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace beliefsim::pricing {

/// MenuTable plus the standard errors of its Monte Carlo columns (time and token caps are exact).
struct EmpiricalMenuTable {
    MenuTable values;
    std::vector<double> price_stderr, surplus_stderr, expected_tokens_stderr, marginal_price_stderr;
};

class EmpiricalMenu {
public:
    /// Requires χ > 0 (InvalidArgument "chi"), ≥ 2 samples, each finite and ≥ 0 (InvalidArgument).
    EmpiricalMenu(CapSchedule schedule, double chi, std::vector<double> tau);

    [[nodiscard]] const CapSchedule& schedule() const noexcept { return schedule_; }
    [[nodiscard]] std::size_t samples() const noexcept { return tau_.size(); }

    /// The menu on `r` (each in [low, high], else InvalidArgument).
    [[nodiscard]] EmpiricalMenuTable tabulate(std::span<const double> r) const;
    [[nodiscard]] estimators::Estimate revenue() const noexcept { return revenue_; }
    /// IC/IR of the menu on `points` equally spaced types against the sampled law.
    [[nodiscard]] AuditReport audit(std::size_t points) const;

private:
    /// Number of τ_i ≤ T(r): the samples that type r's cap lets finish.
    [[nodiscard]] std::size_t finished(double r) const;
    [[nodiscard]] double price_value(double r) const;
    [[nodiscard]] estimators::Estimate price(double r) const;
    CapSchedule schedule_;
    double chi_;
    std::vector<double> tau_;             ///< sorted
    std::vector<double> h_;               ///< h(τ_i)
    std::vector<double> h_sum_, tau_sum_; ///< prefix sums of h(τ_i) and τ_i, size N + 1
    estimators::Estimate revenue_;
    double window_; ///< half-width h of the density window
};

} // namespace beliefsim::pricing
