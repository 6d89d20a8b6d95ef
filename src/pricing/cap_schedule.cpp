#include "beliefsim/pricing/cap_schedule.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/pava.hpp"

#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beliefsim::pricing {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
// The range of q (and of q/scale): products of values, prices and densities stay finite inside it.
constexpr double MIN_VALUATION = 1e-100;
constexpr double MAX_VALUATION = 1e100;

/// Root of a sign-changing function on [a, b] (f(a) ≥ 0 > f(b)) by bisection: T may be +∞ at a
/// and, once ironed, discontinuous, which rules out interpolating solvers.
template <class F>
double bisect_sign(F f, double a, double b) {
    for (int i = 0; i < 80 && b - a > 4 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(b)); ++i) {
        const double m = 0.5 * (a + b);
        (f(m) >= 0 ? a : b) = m;
    }
    return 0.5 * (a + b);
}

} // namespace

Valuation valuation_profile(const std::string& form, double scale, double slope, const TypeDistribution& types) {
    BELIEFSIM_CHECK(std::isfinite(scale) && scale > 0, "scale", "must be > 0 " << got(scale));
    BELIEFSIM_CHECK(scale >= MIN_VALUATION && scale <= MAX_VALUATION, "scale",
                    "must be in [1e-100, 1e100] (values and prices beyond it overflow) " << got(scale));
    BELIEFSIM_CHECK(std::isfinite(slope), "slope", "must be finite " << got(slope));
    const double low = types.low();
    Valuation v;
    if (form == "constant") {
        v.q = [scale](double) { return scale; };
    } else if (form == "linear") {
        v.q = [=](double r) { return scale * (1 + slope * (r - low)); };
        v.dq = [=](double) { return scale * slope; };
        BELIEFSIM_CHECK(1 + slope * (types.high() - low) > 0, "slope",
                        "linear q = scale (1 + slope (r - low)) must stay > 0 up to {high} " << got(slope));
    } else if (form == "exponential") {
        v.q = [=](double r) { return scale * std::exp(slope * (r - low)); };
        v.dq = [=](double r) { return scale * slope * std::exp(slope * (r - low)); };
    } else if (form == "power") {
        BELIEFSIM_CHECK(low > 0, "low", "must be > 0 for valuation.form = \"power\" " << got(low));
        v.q = [=](double r) { return scale * std::pow(r, slope); };
        v.dq = [=](double r) { return scale * slope * std::pow(r, slope - 1); };
    } else {
        throw InvalidArgument("form",
                              "unknown form \"" + form + "\" (available: constant, linear, exponential, power)");
    }
    // slope = 1e308 made q inf (exit 1 from the run): the rule is the field's, stated up front.
    for (int i = 0; i <= 256; ++i) {
        const double r = low + (types.high() - low) * i / 256.0;
        const double ratio = v.q(r) / scale;
        BELIEFSIM_CHECK(ratio >= MIN_VALUATION && ratio <= MAX_VALUATION && std::isfinite(v.dq(r)), "slope",
                        "q(r)/scale must stay in [1e-100, 1e100] with a finite derivative on the type support; at r = "
                            << significant(r) << " it is " << significant(ratio) << " " << got(slope));
    }
    return v;
}

void require_valid_valuation(const TypeDistribution& types, const Valuation& valuation) {
    BELIEFSIM_REQUIRE(valuation.q && valuation.dq, "the valuation needs q and q'");
    for (int i = 0; i <= 256; ++i) {
        const double r = types.low() + (types.high() - types.low()) * i / 256.0;
        const double q = valuation.q(r);
        BELIEFSIM_REQUIRE(std::isfinite(q) && q > 0 && std::isfinite(valuation.dq(r)),
                          "q must be > 0 with finite q' on the support (r = " << r << ", q = " << q << ")");
    }
}

double pooled_cap(const TypeDistribution& types, const Valuation& valuation, double a, double b) {
    const double upper = types.cdf(b) * valuation.q(b);
    const double lower = types.cdf(a) * valuation.q(a);
    if (!(lower > 0) || !(b > a)) return inf;
    if (upper <= lower) return 0;
    return std::log(upper / lower) / (b - a);
}

CapSchedule::CapSchedule(TypeDistribution types, Valuation valuation, std::size_t iron_cells)
    : types_(std::move(types)), valuation_(std::move(valuation)), served_high_(types_.high()) {
    BELIEFSIM_REQUIRE(iron_cells >= 16, "iron_cells must be >= 16 (got " << iron_cells << ")");
    require_valid_valuation(types_, valuation_);
    const double low = types_.low();
    const double high = types_.high();
    const auto edge = [&](std::size_t c) { return low + (high - low) * static_cast<double>(c) / iron_cells; };

    std::vector<Block> cells(iron_cells);
    for (std::size_t c = 0; c < iron_cells; ++c)
        cells[c] = {edge(c), edge(c + 1), pooled_cap(types_, valuation_, edge(c), edge(c + 1))};
    bool monotone = true;
    for (std::size_t c = 1; c < iron_cells && monotone; ++c)
        monotone = !(cells[c].cap > cells[c - 1].cap * (1 + 1e-9) + 1e-12);

    if (monotone) {
        // Smooth T: exclude the types where it is ≤ 0 (an interval, T being decreasing).
        if (!(raw_time_cap(high) > 0))
            served_high_ = bisect_sign([&](double r) { return raw_time_cap(r) > 0 ? 1.0 : -1.0; }, low, high);
        return;
    }
    // Pool adjacent violators: merge while a block's cap exceeds its left neighbour's.
    const auto violates = [](const Block& left, const Block& right) { return right.cap > left.cap; };
    const auto merge = [&](const Block& left, const Block& right) {
        return Block{left.a, right.b, pooled_cap(types_, valuation_, left.a, right.b)};
    };
    for (const Block& cell : cells) pool_adjacent_violators(blocks_, cell, violates, merge);
    const auto excluded = std::find_if(blocks_.begin(), blocks_.end(), [](const Block& k) { return !(k.cap > 0); });
    if (excluded != blocks_.end()) {
        served_high_ = excluded->a;
        blocks_.erase(excluded, blocks_.end());
    }
}

double CapSchedule::raw_time_cap(double r) const {
    const double G = types_.cdf(r);
    if (!(G > 0)) return inf;
    return types_.pdf(r) / G + valuation_.dq(r) / valuation_.q(r);
}

double CapSchedule::time_cap(double r) const {
    if (r > served_high_ || r < types_.low()) return 0;
    if (blocks_.empty()) return std::max(0.0, raw_time_cap(r));
    const auto it =
        std::upper_bound(blocks_.begin(), blocks_.end(), r, [](double x, const Block& k) { return x < k.a; });
    return std::prev(it)->cap;
}

double CapSchedule::last_type_served_at(double t) const {
    const double low = types_.low();
    if (!blocks_.empty()) {
        double last = low;
        for (const Block& k : blocks_)
            if (k.cap >= t) last = k.b;
        return last;
    }
    if (time_cap(served_high_) >= t) return served_high_;
    if (time_cap(low) < t) return low;
    // T is continuous and decreasing here: TOMS 748 needs ~10 evaluations where bisection takes
    // ~50. T(low) may be +∞, so first move the left end to where T is finite (still ≥ t).
    double a = low;
    double b = served_high_;
    while (!std::isfinite(time_cap(a))) {
        const double m = 0.5 * (a + b);
        (time_cap(m) >= t ? a : b) = m;
        if (b - a <= 4 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(b))) return a;
    }
    const auto gap = [&](double r) { return time_cap(r) - t; };
    std::uintmax_t iterations = 100;
    const auto root = boost::math::tools::toms748_solve(gap, a, b, gap(a), gap(b),
                                                        boost::math::tools::eps_tolerance<double>(52), iterations);
    return 0.5 * (root.first + root.second);
}

} // namespace beliefsim::pricing
