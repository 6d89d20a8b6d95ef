#include "beliefsim/pricing/empirical_menu.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/estimators/moments.hpp"
#include "beliefsim/mc/parallel.hpp"
#include "beliefsim/process/model_rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace beliefsim::pricing {

namespace {

/// Mean ± standard error of the N = head.size() + tail_count values `head`, then tail_count copies
/// of `tail`. The mean is the caller's `sum` / N (prefix sums keep a price O(1) and the columns as
/// they were); the spread comes from Moments, which sums deviations about the mean (no
/// cancellation, unlike a sum of squares).
estimators::Estimate mean_of(double sum, std::span<const double> head, std::size_t tail_count, double tail) {
    estimators::Moments moments;
    moments.add(head);
    moments.add(std::vector<double>(tail_count, tail));
    const std::size_t n = head.size() + tail_count;
    return {sum / static_cast<double>(n), moments.mean().std_error, n};
}

/// Samples per parallel task: ρ(τ_i) costs ~10 evaluations of T, so a task of this many amortizes
/// the scheduling.
constexpr std::size_t CHUNK = 1024;

} // namespace

EmpiricalMenu::EmpiricalMenu(CapSchedule schedule, double chi, std::vector<double> tau)
    : schedule_(std::move(schedule)), chi_(chi), tau_(std::move(tau)) {
    process::check_chi(chi); // the model's rule, one place
    BELIEFSIM_REQUIRE(tau_.size() >= 2, "a sampled law needs >= 2 stopping times (got " << tau_.size() << ")");
    for (const double t : tau_)
        BELIEFSIM_REQUIRE(std::isfinite(t) && t >= 0, "stopping times must be finite and >= 0 (got " << t << ")");
    std::sort(tau_.begin(), tau_.end());
    const std::size_t n = tau_.size();

    // ρ(τ_i) costs a bisection each: the one expensive step, independent across samples.
    h_.resize(n);
    std::vector<double> w(n);
    const auto& q = schedule_.valuation().q;
    mc::parallel_for(static_cast<std::int64_t>((n + CHUNK - 1) / CHUNK), 0, [&](std::int64_t chunk) {
        const auto first = static_cast<std::size_t>(chunk) * CHUNK;
        for (std::size_t k = first; k < std::min(n, first + CHUNK); ++k) {
            const double rho = schedule_.last_type_served_at(tau_[k]);
            h_[k] = q(rho) * std::exp(-rho * tau_[k]);
            w[k] = schedule_.types().cdf(rho) * h_[k];
        }
    });
    h_sum_.assign(n + 1, 0.0);
    tau_sum_.assign(n + 1, 0.0);
    double w_sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        h_sum_[i + 1] = h_sum_[i] + h_[i];
        tau_sum_[i + 1] = tau_sum_[i] + tau_[i];
        w_sum += w[i];
    }
    revenue_ = mean_of(w_sum, w, 0, 0.0);
    const double iqr = tau_[(3 * n) / 4] - tau_[n / 4];
    // A point mass (constant delay) has no spread: any positive window then sees no mass off the atom.
    window_ = iqr > 0 ? iqr * std::cbrt(1.0 / static_cast<double>(n)) : 1e-9 * std::max(1.0, tau_[n / 2]);
}

std::size_t EmpiricalMenu::finished(double r) const {
    const double T = schedule_.time_cap(r);
    return static_cast<std::size_t>(std::upper_bound(tau_.begin(), tau_.end(), T) - tau_.begin());
}

double EmpiricalMenu::price_value(double r) const { return h_sum_[finished(r)] / static_cast<double>(tau_.size()); }

estimators::Estimate EmpiricalMenu::price(double r) const {
    const std::size_t k = finished(r);
    return mean_of(h_sum_[k], std::span(h_).first(k), tau_.size() - k, 0.0);
}

EmpiricalMenuTable EmpiricalMenu::tabulate(std::span<const double> r) const {
    const auto& types = schedule_.types();
    const auto& q = schedule_.valuation().q;
    const std::size_t n = tau_.size();
    const auto count = static_cast<double>(n);
    EmpiricalMenuTable out;
    MenuTable& m = out.values;
    std::vector<double> d;
    for (const double x : r) {
        BELIEFSIM_REQUIRE(x >= types.low() && x <= types.high(),
                          "type " << x << " outside [" << types.low() << ", " << types.high() << "]");
        const double T = schedule_.time_cap(x);
        const std::size_t k = finished(x);
        m.r.push_back(x);
        m.time_cap.push_back(T);
        m.token_cap.push_back(chi_ * T);

        const auto p = price(x);
        m.price.push_back(p.value);
        out.price_stderr.push_back(p.std_error);

        double d_sum = 0;
        const double qr = q(x);
        d.resize(k);
        for (std::size_t i = 0; i < k; ++i) {
            d[i] = qr * std::exp(-x * tau_[i]) - h_[i];
            d_sum += d[i];
        }
        const auto s = mean_of(d_sum, d, n - k, 0.0);
        m.surplus.push_back(s.value);
        out.surplus_stderr.push_back(s.std_error);

        const double tail = std::isfinite(T) ? static_cast<double>(n - k) : 0.0;
        const double capped = std::isfinite(T) ? T : 0.0;
        const auto tokens = mean_of(tau_sum_[k] + tail * capped, std::span(tau_).first(k), n - k, capped);
        m.expected_tokens.push_back(chi_ * tokens.value);
        out.expected_tokens_stderr.push_back(chi_ * tokens.std_error);

        if (T > 0 && std::isfinite(T)) {
            const auto lo = std::lower_bound(tau_.begin(), tau_.end(), T - window_);
            const auto hi = std::upper_bound(tau_.begin(), tau_.end(), T + window_);
            const double p_window = static_cast<double>(hi - lo) / count;
            const double scale = qr * std::exp(-x * T) / (2 * window_ * chi_);
            m.marginal_price.push_back(scale * p_window);
            out.marginal_price_stderr.push_back(scale * std::sqrt(p_window * (1 - p_window) / count));
        } else {
            m.marginal_price.push_back(0);
            out.marginal_price_stderr.push_back(0);
        }
    }
    return out;
}

AuditReport EmpiricalMenu::audit(std::size_t points) const {
    const std::vector<double> r = type_grid(schedule_.types(), points);
    std::vector<MenuItem> items;
    for (const double x : r) items.push_back({schedule_.time_cap(x), price_value(x)});
    const auto count = static_cast<double>(tau_.size());
    return pricing::audit(r, items, schedule_.valuation(), [&](double rate, double a, double b) {
        // (a, b], except that the first interval also holds τ = 0.
        const auto first = a > 0 ? std::upper_bound(tau_.begin(), tau_.end(), a) : tau_.begin();
        const auto last = std::upper_bound(first, tau_.end(), b);
        double sum = 0;
        for (auto it = first; it != last; ++it) sum += std::exp(-rate * *it);
        return sum / count;
    });
}

} // namespace beliefsim::pricing
