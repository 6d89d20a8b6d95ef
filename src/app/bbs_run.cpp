#include "beliefsim/app/bbs_run.hpp"

#include "beliefsim/bbs/quadrature.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/grid.hpp"
#include "beliefsim/mc/parallel.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>

namespace beliefsim::app {
using namespace beliefsim::bbs; // the job runner is bbs's client

namespace {

void require_points(std::size_t n, std::size_t least, const char* parameter) {
    BELIEFSIM_CHECK(n >= least, parameter, "must be >= " << least << " (got " << n << ")");
}

std::string describe(const pricing::TypeDistribution& d) {
    std::ostringstream os;
    os << d.name() << "[" << d.low() << ", " << d.high() << "]";
    return os.str();
}

/// One column of a menu over increasing types t: what an item is made of, given its quality.
struct Column {
    const Screening& menu;
    const std::vector<double>& types;
    std::function<Tokens(double)> tokens; ///< of quality q
    std::function<double(double)> cost;   ///< of quality q
    std::function<double(double)> demand; ///< quality bought at marginal value λ at cost `cost`
    double task_cap = 0;                  ///< 0: none (packages)
};

/// Fills `rows` (positions in the table) of `out` from `col`, and folds the column's audits in.
void fill_column(const Column& col, const std::vector<std::size_t>& rows, bool tariffs, BbsMenuTable& out) {
    const std::size_t n = col.types.size();
    std::vector<double> q(n), T(n), m(n, 0.0), p0(n, 0.0);
    double rent = col.menu.rent(col.types[0]);
    const auto quality = [&](double t) { return col.menu.quality(t); };
    for (std::size_t i = 0; i < n; ++i) {
        const double t = col.types[i];
        if (i > 0) rent += integrate_pieces(quality, col.types[i - 1], t, col.menu.breaks(), QUADRATURE);
        q[i] = col.menu.quality(t);
        T[i] = q[i] > 0 ? t * q[i] - rent : 0.0;
        const Tokens k = col.tokens(q[i]);
        const double c = col.cost(q[i]);
        const std::size_t r = rows[i];
        out.quality[r] = q[i];
        out.tokens_x[r] = k.x;
        out.tokens_y[r] = k.y;
        out.tokens_z[r] = k.z;
        out.transfer[r] = T[i];
        out.cost[r] = c;
        if (tariffs && q[i] > 0) {
            m[i] = col.menu.markup(t);
            p0[i] = T[i] - m[i] * c;
            out.markup[r] = m[i];
            out.fee[r] = p0[i];
            out.task_cap[r] = col.task_cap;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double t = col.types[i], own = t * q[i] - T[i];
        out.max_ir_violation = std::max(out.max_ir_violation, -own);
        for (std::size_t j = 0; j < n; ++j) {
            out.max_ic_violation = std::max(out.max_ic_violation, t * q[j] - T[j] - own);
            if (!tariffs || !(m[j] > 0)) continue;
            // The buyer buys her own best quantity at item j's linear prices m_j c.
            const double qb = col.demand(t / m[j]);
            out.max_tariff_ic_violation =
                std::max(out.max_tariff_ic_violation, t * qb - m[j] * col.cost(qb) - p0[j] - own);
        }
    }
}

BbsMenuTable empty_table(std::size_t size, bool tariffs) {
    BbsMenuTable t;
    for (auto* v : {&t.quality, &t.tokens_x, &t.tokens_y, &t.tokens_z, &t.transfer, &t.cost}) v->assign(size, 0.0);
    if (tariffs)
        for (auto* v : {&t.markup, &t.fee, &t.task_cap}) v->assign(size, 0.0);
    return t;
}

AllocationResult run_allocations(const BbsSpec& spec, const Technology& tech, const ValueScaleTypes& types) {
    AllocationMenu menu(tech, scalar_law(types.w), scalar_law(types.s), spec.cells);
    const double s_hi = types.s.high(), s_lo = std::max(types.s.low(), 1e-3 * s_hi);
    AllocationResult out{
        .menu = menu,
        .w = linspace(types.w.low(), types.w.high(), spec.points),
        .s = linspace(s_lo, s_hi, spec.scale_points),
        .theta = {},
        .table = empty_table(spec.points * spec.scale_points, spec.tariffs),
        .values = {.revenue = menu.revenue(), .profit = menu.profit(), .mc_revenue = {}, .mc_profit = {}},
        .assumptions = menu.check_assumptions(spec.assumption_points),
        .lowest_served = menu.lowest_served()};
    const std::size_t S = out.s.size();
    const double k = 1 - tech.task_returns();
    for (const double w : out.w)
        for (const double s : out.s) out.theta.push_back(w * std::pow(s, k));
    for (std::size_t j = 0; j < S; ++j) {
        const double s = out.s[j];
        const Screening scale = menu.at_scale(s);
        std::vector<std::size_t> rows(out.w.size());
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i * S + j;
        fill_column({scale, out.w, [&](double q) { return tech.allocation(q, s); },
                     [&](double q) { return tech.cost(q, s); }, [&](double l) { return tech.demand(l, s); }, s},
                    rows, spec.tariffs, out.table);
    }
    return out;
}

PackageResult run_packages(const BbsSpec& spec, const Technology& tech, PackageMenu menu, MenuValues values) {
    const ScalarLaw& law = menu.screening().virtual_value().law();
    PackageResult out{.menu = std::move(menu),
                      .theta = linspace(law.low, law.high, spec.points),
                      .table = empty_table(spec.points, spec.tariffs),
                      .values = std::move(values),
                      .lowest_served = 0,
                      .fine_tuning_type = 0};
    out.lowest_served = out.menu.screening().lowest_served();
    out.fine_tuning_type = out.menu.fine_tuning_type();
    std::vector<std::size_t> rows(out.theta.size());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    fill_column({out.menu.screening(), out.theta, [&](double q) { return tech.package(q); },
                 [&](double q) { return tech.cost(q); }, [&](double l) { return tech.demand(l); }, 0.0},
                rows, spec.tariffs, out.table);
    return out;
}

EfficientTable efficient_table(const Technology& tech, std::vector<double> theta) {
    EfficientTable out;
    for (const double t : theta) {
        const double Q = tech.demand(t);
        const Tokens k = tech.package(Q);
        out.quality.push_back(Q);
        out.tokens_x.push_back(k.x);
        out.tokens_y.push_back(k.y);
        out.tokens_z.push_back(k.z);
        out.welfare.push_back(t * Q - tech.cost(Q));
    }
    out.theta = std::move(theta);
    return out;
}

void figure1(const BbsSpec& spec, const Technology& tech, double s_lo, double s_hi, BbsRun& r) {
    Figure1& f = r.figure1;
    f.s = linspace(s_lo, s_hi, spec.figure_points);
    const auto clamp = [&](double w) { return std::clamp(w, f.w_low, f.w_high); };
    const double k = 1 - tech.task_returns();
    if (r.allocations) {
        Figure1::Curves c;
        for (const double s : f.s) {
            c.w_exclusion.push_back(clamp(r.allocations->lowest_served));
            c.w_fine_tuning.push_back(clamp(r.allocations->menu.fine_tuning_value(s)));
        }
        f.allocations = std::move(c);
    }
    if (r.packages) {
        Figure1::Curves c;
        // θ = w s^k: at s = 0 every type has θ = 0 (w = θ/0 → +∞, clamped to w_high).
        const auto w_of = [&](double theta, double s) {
            return clamp(s > 0 ? theta / std::pow(s, k) : std::numeric_limits<double>::infinity());
        };
        for (const double s : f.s) {
            c.w_exclusion.push_back(w_of(r.packages->lowest_served, s));
            c.w_fine_tuning.push_back(w_of(r.packages->fine_tuning_type, s));
        }
        f.packages = std::move(c);
    }
}

void run_value_scale(const BbsSpec& spec, const ValueScaleTypes& types, BbsRun& r) {
    const Technology& tech = r.technology;
    r.types_label = "w ~ " + describe(types.w) + ", s ~ " + describe(types.s);
    const MonteCarloPlan& plan = spec.monte_carlo;
    const bool mc = plan.revenue_samples > 0;
    const ValueScaleSampler sampler(types.w, types.s);
    if (spec.allocations) {
        r.allocations.emplace(run_allocations(spec, tech, types));
        if (mc) {
            const MonteCarloValues v = monte_carlo_allocations(r.allocations->menu, sampler, plan);
            r.allocations->values.mc_revenue = v.revenue;
            r.allocations->values.mc_profit = v.profit;
        }
    }
    const double k = 1 - tech.task_returns();
    if (spec.packages) {
        PackageMenu menu(tech, value_scale_theta_law(tech, scalar_law(types.w), scalar_law(types.s)), spec.cells);
        MenuValues values{.revenue = menu.revenue(), .profit = menu.profit(), .mc_revenue = {}, .mc_profit = {}};
        if (mc) {
            const MonteCarloPackages p = monte_carlo_packages(tech, sampler, plan);
            values.mc_revenue = p.revenue;
            values.mc_profit = p.profit;
        }
        r.packages.emplace(run_packages(spec, tech, std::move(menu), std::move(values)));
        r.efficient = efficient_table(tech, r.packages->theta);
    } else {
        r.efficient = efficient_table(tech, linspace(types.w.low() * std::pow(types.s.low(), k),
                                                     types.w.high() * std::pow(types.s.high(), k), spec.points));
    }
    r.figure1.w_low = types.w.low();
    r.figure1.w_high = types.w.high();
    figure1(spec, tech, types.s.low(), types.s.high(), r);
}

void run_samples(const BbsSpec& spec, const SampleTypes& types, BbsRun& r) {
    BELIEFSIM_REQUIRE(types.read, "sample types need a reader");
    const std::vector<ValueScaleDraw> rows = types.read();
    r.sample_rows = rows.size();
    r.types_label = types.file.string() + " (" + std::to_string(rows.size()) + " rows)";
    MonteCarloPackages p = packages_from_samples(r.technology, rows, spec.monte_carlo.bins);
    r.packages.emplace(run_packages(spec, r.technology, std::move(p.menu),
                                    {.revenue = {}, .profit = {}, .mc_revenue = p.revenue, .mc_profit = p.profit}));
    r.efficient = efficient_table(r.technology, r.packages->theta);
    double s_lo = 1, s_hi = 0;
    r.figure1.w_low = std::numeric_limits<double>::infinity();
    r.figure1.w_high = 0;
    for (const ValueScaleDraw& d : rows) {
        s_lo = std::min(s_lo, d.s);
        s_hi = std::max(s_hi, d.s);
        r.figure1.w_low = std::min(r.figure1.w_low, d.w);
        r.figure1.w_high = std::max(r.figure1.w_high, d.w);
    }
    figure1(spec, r.technology, s_lo, s_hi, r);
}

void run_binary(const BbsSpec& spec, const BinaryTypes& types, BbsRun& r) {
    BinaryResult b{
        .menu = binary_menu(r.technology, types.w1, types.w2, types.f1),
        .efficient = {efficient_allocation(r.technology, types.w1), efficient_allocation(r.technology, types.w2)}};
    std::ostringstream os;
    os << "binary: theta1 = " << b.menu.theta[0] << " (f1 = " << types.f1 << "), theta2 = " << b.menu.theta[1];
    r.types_label = os.str();
    r.efficient = efficient_table(r.technology, linspace(0, std::max(b.menu.theta[0], b.menu.theta[1]), spec.points));
    r.binary.emplace(std::move(b));
}

} // namespace

BbsSpec example1_spec() {
    BbsSpec spec;
    spec.monte_carlo.law_samples = spec.monte_carlo.revenue_samples = 200'000;
    return spec;
}

void check_spec(const BbsSpec& spec) {
    require_points(spec.points, 2, "points");
    require_points(spec.scale_points, 2, "scale_points");
    require_points(spec.figure_points, 2, "figure_points");
    require_points(spec.assumption_points, 2, "assumption_points");
    require_points(spec.cells, 16, "cells");
    const bool value_scale = std::holds_alternative<ValueScaleTypes>(spec.types);
    BELIEFSIM_CHECK(!spec.allocations || value_scale, "allocations",
                    "needs w and s distributions (a sample file or binary types have none)");
    BELIEFSIM_CHECK(!spec.packages || !std::holds_alternative<BinaryTypes>(spec.types), "packages",
                    "binary types have their own menu (Proposition 2)");
    BELIEFSIM_CHECK(spec.packages || !std::holds_alternative<SampleTypes>(spec.types), "packages",
                    "a sample file supports token packages only: must be true");
    const std::uint64_t samples = spec.monte_carlo.revenue_samples;
    BELIEFSIM_CHECK(samples == 0 || value_scale, "revenue_samples", "needs w and s distributions to draw from");
    BELIEFSIM_CHECK(samples != 1 && !(value_scale && samples > 0 && spec.monte_carlo.law_samples == 0),
                    "revenue_samples", "must be 0 (off) or >= 2");
}

BbsRun run_bbs(const BbsSpec& spec) {
    const auto start = std::chrono::steady_clock::now();
    check_spec(spec);

    BbsRun r{.spec = spec, .technology = Technology(spec.technology), .types_label = {}, .sample_rows = 0};
    if (const auto* v = std::get_if<ValueScaleTypes>(&spec.types)) run_value_scale(spec, *v, r);
    if (const auto* s = std::get_if<SampleTypes>(&spec.types)) run_samples(spec, *s, r);
    if (const auto* b = std::get_if<BinaryTypes>(&spec.types)) run_binary(spec, *b, r);
    r.threads = mc::resolve_threads(spec.monte_carlo.threads);
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace beliefsim::app
