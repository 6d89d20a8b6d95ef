#include "beliefsim/bbs/screening.hpp"

#include <boost/math/tools/roots.hpp>

#include "beliefsim/bbs/quadrature.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/pava.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::bbs {

ScalarLaw scalar_law(const pricing::TypeDistribution& d) {
    return {d.low(), d.high(), [d](double t) { return d.cdf(t); }, [d](double t) { return d.pdf(t); }, false};
}

VirtualValue::VirtualValue(ScalarLaw law, std::size_t cells) : law_(std::move(law)) {
    BELIEFSIM_REQUIRE(law_.low < law_.high, "type law needs low < high");
    BELIEFSIM_REQUIRE(law_.cdf && law_.pdf, "type law needs cdf and pdf");
    BELIEFSIM_REQUIRE(cells >= 16, "ironing needs >= 16 cells (got " << cells << ")");
    const double lo = law_.low, h = (law_.high - law_.low) / static_cast<double>(cells);
    struct Block {
        std::size_t first, last; // cells [first, last]
        double mass, surplus;    // ∫ f, ∫ φ f over the block
        double top;              // largest cell average inside
        [[nodiscard]] double average() const {
            return mass > 0 ? surplus / mass : -std::numeric_limits<double>::infinity();
        }
    };
    const auto noise = [&](const Block& b) {
        return b.mass > 0 ? 2 * law_.cdf_error * (std::abs(law_.high) + std::abs(b.average())) / b.mass : 0.0;
    };
    // Pool while the averages decrease; the tolerance absorbs rounding in F.
    const auto violates = [&](const Block& a, const Block& b) {
        const double tol = 1e-9 * (std::abs(a.average()) + (law_.high - law_.low)) + noise(a) + noise(b);
        if (!(a.average() > b.average() + tol) && b.mass > 0) return false;
        return !(a.mass == 0 && b.mass == 0 && a.first == 0); // a leading gap stays excluded
    };
    const auto merge = [](const Block& a, const Block& b) {
        return Block{a.first, b.last, a.mass + b.mass, a.surplus + b.surplus, std::max(a.top, b.top)};
    };
    std::vector<Block> blocks;
    double t0 = lo, F0 = law_.cdf(lo);
    for (std::size_t k = 0; k < cells; ++k) {
        const double t1 = k + 1 == cells ? law_.high : lo + static_cast<double>(k + 1) * h;
        const double F1 = law_.cdf(t1);
        Block cell{k, k, std::max(0.0, F1 - F0), t0 * (1 - F0) - t1 * (1 - F1), 0.0};
        cell.top = cell.average();
        pool_adjacent_violators(blocks, cell, violates, merge);
        t0 = t1;
        F0 = F1;
    }
    // Pooling among types that are excluded anyway (every cell average ≤ 0) changes no allocation:
    // keep the exact φ then (e.g. the appendix's θ law for ρ < 1/4 dips near θ = 0).
    for (const Block& b : blocks) ironed_ = ironed_ || (b.last > b.first && b.top > 0);
    if (!ironed_ && !law_.piecewise) return;
    for (const Block& b : blocks) {
        edges_.push_back(lo + static_cast<double>(b.first) * h);
        values_.push_back(b.average());
    }
    edges_.push_back(law_.high);
}

double VirtualValue::raw(double t) const {
    const double survival = 1 - law_.cdf(t);
    if (!(survival > 0)) return t; // no type above t: no information rent to pay (the f → 0 limit)
    const double f = law_.pdf(t);
    if (!(f > 0)) return -std::numeric_limits<double>::infinity();
    return t - survival / f;
}

double VirtualValue::operator()(double t) const {
    if (!stepped()) return raw(t);
    const auto it = std::upper_bound(edges_.begin(), edges_.end(), t);
    const auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, (it - edges_.begin()) - 1));
    return values_[std::min(k, values_.size() - 1)];
}

double VirtualValue::level_type(double level) const {
    if (stepped()) {
        for (std::size_t k = 0; k < values_.size(); ++k)
            if (values_[k] >= level) return edges_[k];
        return law_.high;
    }
    if (raw(law_.low) >= level) return law_.low;
    if (raw(law_.high) < level) return law_.high;
    // φ is nondecreasing here (nothing was pooled), so bisection brackets the first crossing.
    const auto r = boost::math::tools::bisect([&](double t) { return raw(t) - level; }, law_.low, law_.high,
                                              boost::math::tools::eps_tolerance<double>(50));
    return r.second;
}

Screening::Screening(std::shared_ptr<const VirtualValue> phi, QualityMarket market)
    : phi_(std::move(phi)), market_(std::move(market)) {
    BELIEFSIM_REQUIRE(phi_ && market_.demand && market_.cost, "screening needs a virtual value, demand and cost");
    const ScalarLaw& law = phi_->law();
    served_ = phi_->level_type(std::numeric_limits<double>::min());
    breaks_ = {law.low, served_, law.high};
    for (const double level : market_.kink_levels)
        if (level > 0) breaks_.push_back(phi_->level_type(level));
    breaks_.insert(breaks_.end(), phi_->edges().begin(), phi_->edges().end());
    std::sort(breaks_.begin(), breaks_.end());
    breaks_.erase(std::unique(breaks_.begin(), breaks_.end()), breaks_.end());
    rent_at_.assign(breaks_.size(), 0.0);
    for (std::size_t k = 1; k < breaks_.size(); ++k) {
        const double a = breaks_[k - 1], b = breaks_[k];
        const auto q = [&](double t) { return quality(t); };
        const double piece =
            phi_->stepped() ? quality(0.5 * (a + b)) * (b - a) : beliefsim::integrate_pieces(q, a, b, {}, QUADRATURE);
        rent_at_[k] = rent_at_[k - 1] + piece;
    }
}

double Screening::quality(double t) const { return market_.demand((*phi_)(t)); }

double Screening::rent(double t) const {
    const ScalarLaw& law = phi_->law();
    t = std::clamp(t, law.low, law.high);
    const auto it = std::upper_bound(breaks_.begin(), breaks_.end(), t);
    const auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, (it - breaks_.begin()) - 1));
    const double a = breaks_[k];
    if (t <= a) return rent_at_[k];
    // Between two breaks q is smooth (or constant when stepped).
    if (phi_->stepped()) return rent_at_[k] + quality(0.5 * (a + t)) * (t - a);
    return rent_at_[k] + beliefsim::integrate_pieces([&](double x) { return quality(x); }, a, t, {}, QUADRATURE);
}

double Screening::transfer(double t) const { return t * quality(t) - rent(t); }

double Screening::markup(double t) const {
    const double v = (*phi_)(t);
    return v > 0 ? t / v : std::numeric_limits<double>::infinity();
}

double Screening::upfront_fee(double t) const {
    const double q = quality(t);
    if (!(q > 0)) return 0.0;
    return transfer(t) - markup(t) * market_.cost(q);
}

template <class G>
double Screening::integrate_pieces(const G& smooth, const std::function<double(std::size_t, double)>& step) const {
    double sum = 0;
    for (std::size_t k = 1; k < breaks_.size(); ++k) {
        const double a = breaks_[k - 1], b = breaks_[k];
        if (b <= served_) continue; // q = 0 below the exclusion type
        sum += phi_->stepped() ? step(k, quality(0.5 * (a + b)))
                               : beliefsim::integrate_pieces(smooth, a, b, {}, QUADRATURE);
    }
    return sum;
}

double Screening::revenue() const {
    const ScalarLaw& law = phi_->law();
    const auto w = [&](double t) { return t * (1 - law.cdf(t)); };
    return integrate_pieces([&](double t) { return quality(t) * (t * law.pdf(t) - (1 - law.cdf(t))); },
                            [&](std::size_t k, double q) { return q * (w(breaks_[k - 1]) - w(breaks_[k])); });
}

double Screening::profit() const {
    const ScalarLaw& law = phi_->law();
    const double cost = integrate_pieces(
        [&](double t) { return market_.cost(quality(t)) * law.pdf(t); },
        [&](std::size_t k, double q) { return market_.cost(q) * (law.cdf(breaks_[k]) - law.cdf(breaks_[k - 1])); });
    return revenue() - cost;
}

ScreeningAudit audit(const Screening& menu, std::size_t points) {
    BELIEFSIM_REQUIRE(points >= 2, "audit needs >= 2 points (got " << points << ")");
    const ScalarLaw& law = menu.virtual_value().law();
    std::vector<double> t(points), q(points), T(points);
    for (std::size_t i = 0; i < points; ++i) {
        t[i] = law.low + (law.high - law.low) * static_cast<double>(i) / static_cast<double>(points - 1);
        q[i] = menu.quality(t[i]);
        T[i] = menu.transfer(t[i]);
    }
    ScreeningAudit out;
    for (std::size_t i = 0; i < points; ++i) {
        const double own = t[i] * q[i] - T[i];
        out.max_ir_violation = std::max(out.max_ir_violation, -own);
        for (std::size_t j = 0; j < points; ++j)
            out.max_ic_violation = std::max(out.max_ic_violation, t[i] * q[j] - T[j] - own);
    }
    return out;
}

} // namespace beliefsim::bbs
