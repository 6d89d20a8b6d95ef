#include "beliefsim/bbs/efficient.hpp"

#include <cmath>

namespace beliefsim::bbs {

namespace {

double exponent(const Technology& tech) { return 1 / (1 - tech.task_returns()); }

} // namespace

double representative_type(const Technology& tech, const TaskProfile& w) {
    const double p = exponent(tech);
    return std::pow(w.power_integral(p), 1 / p);
}

EfficientAllocation efficient_allocation(const Technology& tech, const TaskProfile& w) {
    EfficientAllocation out;
    out.theta = representative_type(tech, w);
    out.quality = tech.demand(out.theta);
    out.total = tech.package(out.quality);
    out.fine_tunes = out.theta > tech.theta_hat();
    out.welfare = out.theta * out.quality - tech.cost(out.quality);
    return out;
}

Tokens task_tokens(const Technology& tech, const TaskProfile& shape, const Tokens& total, double i) {
    const double p = exponent(tech);
    const double W = shape.power_integral(p);
    if (W <= 0) return {0, 0, total.z};
    const double share = std::pow(shape(i), p) / W;
    return {total.x * share, total.y * share, total.z};
}

double bundle_value(const Technology& tech, const TaskProfile& user, const TaskProfile& shape, const Tokens& total) {
    const double p = exponent(tech);
    const double W = shape.power_integral(p);
    if (W <= 0) return 0.0;
    const double overlap = user.integrate([&](double i) { return user(i) * std::pow(shape(i), p - 1); }, &shape);
    return tech.production(total) * std::pow(W, -tech.task_returns()) * overlap;
}

} // namespace beliefsim::bbs
