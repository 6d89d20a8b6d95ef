#include "beliefsim/bbs/binary.hpp"

#include <boost/math/tools/roots.hpp>

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace beliefsim::bbs {

void check_type_share(double f1) { BELIEFSIM_CHECK(f1 > 0 && f1 < 1, "f1", "must be in (0, 1) " << got(f1)); }

BinaryMenu binary_menu(const Technology& tech, const TaskProfile& w1, const TaskProfile& w2, double f1) {
    check_type_share(f1);
    const TaskProfile* w[2] = {&w1, &w2};
    const double f[2] = {f1, 1 - f1};
    BinaryMenu out;
    const EfficientAllocation eff[2] = {efficient_allocation(tech, w1), efficient_allocation(tech, w2)};
    out.theta[0] = eff[0].theta;
    out.theta[1] = eff[1].theta;
    const int H = out.theta[1] > out.theta[0] ? 1 : 0, L = 1 - H;
    out.high = H;
    const double p = 1 / (1 - tech.task_returns());
    const TaskProfile& wH = *w[H];
    const TaskProfile& wL = *w[L];
    out.extraction_margin = wH.integrate([&](double i) { return (wH(i) - wL(i)) * std::pow(wL(i), p - 1); }, &wL);
    out.full_surplus = out.extraction_margin <= 0;

    // L's bundle: efficient for the profile w_L − (μ/f_L)(w_H − w_L), tasks at ≤ 0 get nothing.
    std::vector<double> cuts = wH.breaks();
    cuts.insert(cuts.end(), wL.breaks().begin(), wL.breaks().end());
    const auto shape_for = [&](double mu) {
        const double ratio = mu / f[L];
        return TaskProfile::from_function([&wH, &wL, ratio](double i) { return wL(i) - ratio * (wH(i) - wL(i)); },
                                          cuts);
    };
    // H's gain from L's bundle at L's full price: g(μ) = v_H(L) − v_L(L).
    const auto gain = [&](double mu) {
        const TaskProfile shape = shape_for(mu);
        const Tokens total = efficient_allocation(tech, shape).total;
        return bundle_value(tech, wH, shape, total) - bundle_value(tech, wL, shape, total);
    };
    out.virtual_weight = 0;
    if (!out.full_surplus) {
        out.virtual_weight = f[H];
        if (gain(f[H]) < 0) {
            // H's IR binds too: the profit f_L(∫w_L q − C) − f_H max(0, g) is concave in q_L and
            // peaks on the kink g = 0, at the multiplier μ ∈ (0, f_H) found here.
            const auto r = boost::math::tools::bisect(gain, 0.0, f[H], boost::math::tools::eps_tolerance<double>(40));
            out.virtual_weight = r.second;
        }
    }
    const TaskProfile shape_L = shape_for(out.virtual_weight);
    const TaskProfile* shape[2];
    shape[H] = &wH;
    shape[L] = &shape_L;
    out.item[H].total = eff[H].total;
    out.item[L].total = efficient_allocation(tech, shape_L).total;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) out.value[i][j] = bundle_value(tech, *w[i], *shape[j], out.item[j].total);
    out.item[L].transfer = out.value[L][L];
    out.item[H].transfer = out.value[H][H] - std::max(0.0, out.value[H][L] - out.item[L].transfer);
    for (int i = 0; i < 2; ++i) {
        out.item[i].cost = tech.token_cost(out.item[i].total);
        out.revenue += f[i] * out.item[i].transfer;
        out.profit += f[i] * (out.item[i].transfer - out.item[i].cost);
    }
    return out;
}

} // namespace beliefsim::bbs
