#include "beliefsim/bbs/allocations.hpp"

#include "beliefsim/bbs/quadrature.hpp"
#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::bbs {

AllocationMenu::AllocationMenu(Technology tech, ScalarLaw w_law, ScalarLaw s_law, std::size_t cells)
    : tech_(std::move(tech)), phi_(std::make_shared<const VirtualValue>(std::move(w_law), cells)),
      s_law_(std::move(s_law)) {
    BELIEFSIM_CHECK(s_law_.low >= 0 && s_law_.high <= 1, "s",
                    "scale support must lie in [0, 1] (got [" << std::to_string(s_law_.low) << ", "
                                                              << std::to_string(s_law_.high) << "])");
    BELIEFSIM_REQUIRE(s_law_.cdf && s_law_.pdf, "scale law needs cdf and pdf");
}

Screening AllocationMenu::at_scale(double s) const {
    // C_q(q, s) = s^{a−1} C'(q s^{a−1}): fine-tuning starts where φ̄(w) reaches θ̂ s^{a−1}.
    const double kink = tech_.theta_hat() * std::pow(s, tech_.task_returns() - 1);
    const Technology* t = &tech_;
    return Screening(
        phi_, {[t, s](double l) { return t->demand(l, s); }, [t, s](double q) { return t->cost(q, s); }, {kink}});
}

double AllocationMenu::lowest_served() const { return phi_->level_type(std::numeric_limits<double>::min()); }

double AllocationMenu::fine_tuning_value(double s) const {
    return phi_->level_type(tech_.theta_hat() * std::pow(s, tech_.task_returns() - 1));
}

double AllocationMenu::quality(double w, double s) const { return tech_.demand((*phi_)(w), s); }

Tokens AllocationMenu::tokens(double w, double s) const { return tech_.allocation(quality(w, s), s); }

double AllocationMenu::transfer(double w, double s) const { return at_scale(s).transfer(w); }

double AllocationMenu::cost(double w, double s) const { return tech_.cost(quality(w, s), s); }

TwoPartTariff AllocationMenu::tariff(double w, double s) const {
    const Screening menu = at_scale(s);
    if (!(menu.quality(w) > 0)) return {};
    const double m = menu.markup(w);
    const auto& p = tech_.params();
    return {m * p.c_x, m * p.c_y, m * p.c_z, menu.upfront_fee(w), s};
}

template <class F>
double AllocationMenu::over_scales(const F& per_scale) const {
    // R(s) has a kink wherever the fine-tuning threshold crosses w_high or a block edge of φ̄:
    // φ̄ = v reaches θ̂ s^{a−1} at s = (θ̂/v)^{1/(1−a)}.
    std::vector<double> breaks;
    const double a = tech_.task_returns();
    const auto add = [&](double v) {
        if (v > 0) breaks.push_back(std::pow(tech_.theta_hat() / v, 1 / (1 - a)));
    };
    add((*phi_)(phi_->law().high));
    for (const double e : phi_->edges()) add((*phi_)(e));
    return integrate_pieces([&](double s) { return s > 0 ? s_law_.pdf(s) * per_scale(at_scale(s)) : 0.0; }, s_law_.low,
                            s_law_.high, std::move(breaks), QUADRATURE);
}

double AllocationMenu::revenue() const {
    return over_scales([](const Screening& m) { return m.revenue(); });
}

double AllocationMenu::profit() const {
    return over_scales([](const Screening& m) { return m.profit(); });
}

AssumptionReport AllocationMenu::check_assumptions(std::size_t points) const {
    BELIEFSIM_REQUIRE(points >= 2, "assumption grid needs >= 2 points (got " << points << ")");
    AssumptionReport out{-std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    const double w_lo = lowest_served(), w_hi = phi_->law().high;
    const double s_lo = std::max(s_law_.low, 1e-3 * s_law_.high);
    for (std::size_t j = 0; j < points; ++j) {
        const double s = s_lo + (s_law_.high - s_lo) * static_cast<double>(j) / static_cast<double>(points - 1);
        const Screening menu = at_scale(s);
        const auto q_s = [&](double k) { return tech_.demand_ds((*phi_)(k), s); };
        for (std::size_t i = 1; i < points; ++i) {
            const double w = w_lo + (w_hi - w_lo) * static_cast<double>(i) / static_cast<double>(points - 1);
            const double q = menu.quality(w);
            if (!(q > 0)) continue;
            const double rent_ds = integrate_pieces(q_s, w_lo, w, menu.breaks(), QUADRATURE);
            out.worst_a1 = std::max(out.worst_a1, s * rent_ds - w * q);
            out.worst_a2 = std::max(out.worst_a2, rent_ds + menu.markup(w) * tech_.cost_ds(q, s));
        }
    }
    return out;
}

} // namespace beliefsim::bbs
