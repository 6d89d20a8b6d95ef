#include "beliefsim/process/binary_exit_sampler.hpp"

#include "beliefsim/core/error.hpp"
#include "hermite.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

namespace beliefsim::process {
namespace {

// A time is a node of θ's table when G = P(τ ≤ t | θ) ≥ HEAD_MIN and 1 − G ≥ TAIL_MIN: there the
// reference's relative error in G (resp. 1 − G) is below ~1e-3 (its absolute error is ~1e-12 of
// P(θ)), good enough for z = logit G at this tolerance.
constexpr double HEAD_MIN = 1e-11;
constexpr double TAIL_MIN = 1e-9;
// The outermost nodes are pushed out until the mass left to the extrapolations is below these.
constexpr double HEAD_MAX = 1e-10;
constexpr double TAIL_MAX = 1e-8;
// Tolerance on G at each cell midpoint. The midpoint then becomes a node too, whether the cell
// passed or not, so the final table (error ~w⁶, 64 times smaller) is more accurate than checked.
constexpr double CELL_TOLERANCE = 1e-10;
// Signs that a cell's error is the reference's noise, not interpolation (see the refinement),
// both needed: a width in z where the interpolation error is already below ~1e-11, and an error
// that halving the cell did not reduce this many times.
constexpr double NOISE_WIDTH = 0.2;
constexpr double NOISE_DROP = 4;
// First grid: steps of log t.
constexpr double FIRST_STEP = 1.0;
constexpr int MAX_STEPS = 200;    // of the first grid, each way
constexpr double MIN_CELL = 1e-7; // in log t

// The reference law at one time, seen from one end θ.
struct SidePoint {
    double g = 0;        // G
    double tail = 0;     // 1 − G
    double z = 0;        // logit G
    double slope = 0;    // dz/dy, y = log t
    double curve = 0;    // d²z/dy²
    double hazard = 0;   // density/tail, d/dt of −log(1 − G)
    double log_rate = 0; // d log G/dy
    bool node = false;
};

struct Point {
    double y = 0;
    std::array<SidePoint, 2> side; // by θ
};

SidePoint side_point(double t, double p, double cdf, double density, double slope) {
    SidePoint s;
    const double tail = p - cdf;
    s.g = cdf / p;
    s.tail = tail / p;
    s.node = s.g >= HEAD_MIN && s.tail >= TAIL_MIN && density > 0;
    if (!s.node) return s;
    // z = log C − log T (C + T = P), dz/dt = f(1/C + 1/T), and one more derivative in y = log t.
    const double sum = 1 / cdf + 1 / tail;
    s.z = std::log(cdf) - std::log(tail);
    s.slope = t * density * sum;
    s.curve = s.slope + t * t * slope * sum + t * t * density * density * (1 / (tail * tail) - 1 / (cdf * cdf));
    s.hazard = density / tail;
    s.log_rate = t * density / cdf;
    return s;
}

// dy/dz and d²y/dz² of the inverse, from dz/dy and d²z/dy².
template <class Node>
Node inverse_node(double y, const SidePoint& s) {
    return Node{y, 1 / s.slope, -s.curve / (s.slope * s.slope * s.slope)};
}

double logistic(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }
double log_logistic(double z) { return z >= 0 ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z)); }

} // namespace

BinaryExitSampler::BinaryExitSampler(const BinaryDiffusionReference& reference) {
    const BinaryDiffusionSpec& spec = reference.spec();
    const double width = reference.upper() - reference.lower();
    // Both from their own end, so that each keeps its relative precision near that end.
    const std::array<double, 2> p = {(spec.prior - reference.lower()) / width,
                                     (reference.upper() - spec.prior) / width};
    probability_upper_ = p[0];

    std::map<double, Point> points; // by y = log t
    const auto evaluate = [&](const std::vector<double>& ys) {
        std::vector<double> ts(ys.size());
        std::transform(ys.begin(), ys.end(), ts.begin(), [](double y) { return std::exp(y); });
        const ExitTimeTable law = reference.table(ts);
        evaluations_ += ts.size();
        std::vector<Point> out;
        for (std::size_t i = 0; i < ts.size(); ++i) {
            Point q{ys[i], {}};
            q.side[0] = side_point(ts[i], p[0], law.cdf_upper[i], law.density_upper[i], law.density_slope_upper[i]);
            q.side[1] = side_point(ts[i], p[1], law.cdf_lower[i], law.density_lower[i], law.density_slope_lower[i]);
            out.push_back(q);
        }
        return out;
    };
    const auto evaluate_one = [&](double y) { return points.emplace(y, evaluate({y})[0]).first->second; };

    // The range: from E[τ] down until neither end has mass left above HEAD_MIN, up until neither
    // has more than TAIL_MIN.
    const double centre = std::log(reference.mean());
    evaluate_one(centre);
    for (int j = 1;; ++j) {
        BELIEFSIM_ENSURE(j < MAX_STEPS, "binary exit sampler: no lower end of the exit-time law found");
        const Point& q = evaluate_one(centre - j * FIRST_STEP);
        if (q.side[0].g < HEAD_MIN && q.side[1].g < HEAD_MIN) break;
    }
    for (int j = 1;; ++j) {
        BELIEFSIM_ENSURE(j < MAX_STEPS, "binary exit sampler: no upper end of the exit-time law found");
        const Point& q = evaluate_one(centre + j * FIRST_STEP);
        if (q.side[0].tail < TAIL_MIN && q.side[1].tail < TAIL_MIN) break;
    }

    // The outermost node of each end is moved out (by halving the cell beyond it) until the
    // extrapolations carry less than HEAD_MAX, TAIL_MAX.
    for (int theta = 0; theta < 2; ++theta) {
        const auto index = static_cast<std::size_t>(theta);
        for (;;) {
            const auto first =
                std::find_if(points.begin(), points.end(), [&](const auto& e) { return e.second.side[index].node; });
            BELIEFSIM_ENSURE(first != points.end(), "binary exit sampler: the law of end " << theta << " has no node");
            if (first->second.side[index].g <= HEAD_MAX || first == points.begin()) break;
            const double y = 0.5 * (first->first + std::prev(first)->first);
            BELIEFSIM_ENSURE(first->first - y > MIN_CELL, "binary exit sampler: the small-time end does not resolve");
            evaluate_one(y);
        }
        for (;;) {
            const auto last =
                std::find_if(points.rbegin(), points.rend(), [&](const auto& e) { return e.second.side[index].node; });
            if (last->second.side[index].tail <= TAIL_MAX || last == points.rbegin()) break;
            const double y = 0.5 * (last->first + std::prev(last)->first);
            BELIEFSIM_ENSURE(y - last->first > MIN_CELL, "binary exit sampler: the tail does not resolve");
            evaluate_one(y);
        }
    }

    // Adaptive refinement: each cell between two nodes of an end is checked at its midpoint; a
    // failing cell is halved and both halves are checked in turn. Every midpoint becomes a node
    // (the evaluation is paid for either way). An interpolation error falls ~64-fold per halving;
    // one that does not fall at least NOISE_DROP-fold is the reference's own noise (~1e-11 in G at
    // small t): a narrow cell where that happens is accepted and the error reported by checked_error().
    struct Cell {
        double y0, y1, parent_error;
    };
    std::vector<Cell> pending;
    for (auto it = points.begin(); std::next(it) != points.end(); ++it)
        pending.push_back({it->first, std::next(it)->first, INFINITY});
    while (!pending.empty()) {
        std::vector<Cell> cells;
        std::vector<double> mids;
        for (const Cell& cell : pending) {
            const Point &a = points.at(cell.y0), &b = points.at(cell.y1);
            if ((a.side[0].node && b.side[0].node) || (a.side[1].node && b.side[1].node)) {
                cells.push_back(cell);
                mids.push_back(0.5 * (cell.y0 + cell.y1));
            }
        }
        pending.clear();
        const std::vector<Point> checks = evaluate(mids);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const Point &a = points.at(cells[c].y0), &b = points.at(cells[c].y1), &m = checks[c];
            double error = 0, z_width = 0;
            for (std::size_t theta = 0; theta < 2; ++theta) {
                const SidePoint &sa = a.side[theta], &sb = b.side[theta], &sm = m.side[theta];
                if (!sa.node || !sb.node) continue;
                const double w = sb.z - sa.z, s = (sm.z - sa.z) / w;
                z_width = std::max(z_width, w);
                if (!sm.node || !(w > 0) || !(s >= 0 && s <= 1)) {
                    error = INFINITY;
                    break;
                }
                const double y =
                    detail::quintic_hermite(inverse_node<Node>(a.y, sa), inverse_node<Node>(b.y, sb), w, s);
                // |Δy| times dG/dy = G(1 − G) dz/dy.
                error = std::max(error, std::abs(y - m.y) * sm.g * sm.tail * sm.slope);
            }
            points.emplace(m.y, m);
            const bool noise =
                std::isfinite(error) && z_width < NOISE_WIDTH && error * NOISE_DROP > cells[c].parent_error;
            if (error <= CELL_TOLERANCE || noise) {
                checked_error_ = std::max(checked_error_, error);
                continue;
            }
            BELIEFSIM_ENSURE(m.y - a.y > MIN_CELL,
                             "binary exit sampler: the table does not converge near t = " << std::exp(m.y));
            pending.push_back({a.y, m.y, error});
            pending.push_back({m.y, b.y, error});
        }
    }

    for (std::size_t theta = 0; theta < 2; ++theta) {
        SideTable& table = tables_[theta];
        const SidePoint* first = nullptr;
        const SidePoint* last = nullptr;
        for (const auto& [y, q] : points) {
            const SidePoint& s = q.side[theta];
            if (!s.node) continue;
            BELIEFSIM_ENSURE(table.z.empty() || s.z > table.z.back(),
                             "binary exit sampler: the exit-time law is not increasing at t = " << std::exp(y));
            if (!first) first = &s;
            last = &s;
            table.z.push_back(s.z);
            table.nodes.push_back(inverse_node<Node>(y, s));
        }
        BELIEFSIM_ENSURE(table.z.size() >= 2, "binary exit sampler: fewer than two nodes for end " << theta);
        table.head_rate = std::exp(table.nodes.front().value) * first->log_rate;
        table.tail_rate = last->hazard;
        BELIEFSIM_ENSURE(table.head_rate > 0 && std::isfinite(table.head_rate) && table.tail_rate > 0 &&
                             std::isfinite(table.tail_rate),
                         "binary exit sampler: bad extrapolation rates for end " << theta);
    }
}

const BinaryExitSampler::SideTable& BinaryExitSampler::table(const std::array<SideTable, 2>& tables, int theta) {
    BELIEFSIM_REQUIRE(theta == 0 || theta == 1, "terminal state must be 0 or 1 (got " << theta << ")");
    return tables[static_cast<std::size_t>(theta)];
}

double BinaryExitSampler::side_time(const SideTable& table, double u) {
    const double z = std::log1p(-u) - std::log(u);
    if (z < table.z.front()) {
        // G = 1 − u below G₀: 1/t = 1/t₀ + log(G₀/G)/c. u = 1 (probability 2^-54) is read as
        // G = 2^-55.
        const double log_g = std::log(std::max(1 - u, 0x1p-55));
        const double t0 = std::exp(table.nodes.front().value);
        return 1 / (1 / t0 + (log_logistic(table.z.front()) - log_g) / table.head_rate);
    }
    if (z >= table.z.back()) {
        // 1 − G = u below 1 − G_e = e^{log_logistic(−z_e)}.
        const double te = std::exp(table.nodes.back().value);
        return te + (log_logistic(-table.z.back()) - std::log(u)) / table.tail_rate;
    }
    const auto i = static_cast<std::size_t>(std::upper_bound(table.z.begin(), table.z.end(), z) - table.z.begin()) - 1;
    const double w = table.z[i + 1] - table.z[i];
    return std::exp(detail::quintic_hermite(table.nodes[i], table.nodes[i + 1], w, (z - table.z[i]) / w));
}

PathOutcome BinaryExitSampler::sample(rng::PathRng& rng) const {
    const int theta = rng::uniform_open_closed(rng) <= probability_upper_ ? 0 : 1;
    const double tau = side_time(tables_[static_cast<std::size_t>(theta)], rng::uniform_open_closed(rng));
    return {tau, theta};
}

double BinaryExitSampler::probability(int theta) const {
    BELIEFSIM_REQUIRE(theta == 0 || theta == 1, "terminal state must be 0 or 1 (got " << theta << ")");
    return theta == 0 ? probability_upper_ : 1 - probability_upper_;
}

std::size_t BinaryExitSampler::node_count(int theta) const { return table(tables_, theta).z.size(); }

double BinaryExitSampler::cdf(int theta, double t) const {
    const SideTable& s = table(tables_, theta);
    BELIEFSIM_REQUIRE(t >= 0, "time must be >= 0 (got " << t << ")");
    if (t == 0) return 0;
    const double y = std::log(t);
    const double t0 = std::exp(s.nodes.front().value), te = std::exp(s.nodes.back().value);
    if (t <= t0) return std::exp(log_logistic(s.z.front()) - s.head_rate * (1 / t - 1 / t0));
    if (t >= te) return 1 - std::exp(log_logistic(-s.z.back()) - s.tail_rate * (t - te));
    // The cell holding y, then z by bisection of the (increasing) interpolant.
    const auto after =
        std::upper_bound(s.nodes.begin(), s.nodes.end(), y, [](double v, const Node& n) { return v < n.value; });
    const auto i = static_cast<std::size_t>(after - s.nodes.begin()) - 1;
    const double w = s.z[i + 1] - s.z[i];
    double lo = 0, hi = 1;
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (lo + hi);
        (detail::quintic_hermite(s.nodes[i], s.nodes[i + 1], w, mid) < y ? lo : hi) = mid;
    }
    return logistic(s.z[i] + 0.5 * (lo + hi) * w);
}

} // namespace beliefsim::process
