#include "beliefsim/bbs/packages.hpp"

#include "beliefsim/bbs/quadrature.hpp"
#include "beliefsim/core/error.hpp"

#include <cmath>

namespace beliefsim::bbs {

ScalarLaw value_scale_theta_law(const Technology& tech, const ScalarLaw& w, const ScalarLaw& s) {
    BELIEFSIM_CHECK(s.low >= 0 && s.high <= 1, "s", "scale support must lie in [0, 1]");
    const double k = 1 - tech.task_returns();
    // Where t s^{−k} equals an end of the w support: the integrands jump or kink there.
    const auto cuts = [=](double t) {
        std::vector<double> c;
        for (const double end : {w.low, w.high})
            if (end > 0) c.push_back(std::pow(t / end, 1 / k));
        return c;
    };
    ScalarLaw out;
    out.low = w.low * std::pow(s.low, k);
    out.high = w.high * std::pow(s.high, k);
    out.cdf = [=](double t) {
        if (t <= out.low) return 0.0;
        if (t >= out.high) return 1.0;
        return integrate_pieces([&](double x) { return x > 0 ? s.pdf(x) * w.cdf(t * std::pow(x, -k)) : s.pdf(x); },
                                s.low, s.high, cuts(t), FINE_QUADRATURE);
    };
    out.cdf_error = 1e-11; // the tolerance above, with margin
    out.pdf = [=](double t) {
        if (t < out.low || t > out.high) return 0.0;
        return integrate_pieces(
            [&](double x) {
                if (!(x > 0)) return 0.0;
                const double shrink = std::pow(x, -k);
                return s.pdf(x) * w.pdf(t * shrink) * shrink;
            },
            s.low, s.high, cuts(t), FINE_QUADRATURE);
    };
    return out;
}

PackageMenu::PackageMenu(Technology tech, ScalarLaw theta_law, std::size_t cells)
    : tech_(std::move(tech)), menu_(std::make_shared<const VirtualValue>(std::move(theta_law), cells),
                                    {[t = tech_](double l) { return t.demand(l); },
                                     [t = tech_](double q) { return t.cost(q); },
                                     {tech_.theta_hat()}}) {}

double PackageMenu::fine_tuning_type() const { return menu_.virtual_value().level_type(tech_.theta_hat()); }

TwoPartTariff PackageMenu::tariff(double theta) const {
    if (!(quality(theta) > 0)) return {};
    const double m = menu_.markup(theta);
    const auto& p = tech_.params();
    return {m * p.c_x, m * p.c_y, m * p.c_z, menu_.upfront_fee(theta), 0.0};
}

} // namespace beliefsim::bbs
