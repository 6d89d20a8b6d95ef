#include "beliefsim/process/greedy.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "hermite.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace beliefsim::process {
namespace {

namespace odeint = boost::numeric::odeint;
using OdeState = std::vector<double>; // [μ̂ (n), t, ∫S dt, ∫2tS dt]

// The sampler's exponential variate is −log u with u ≥ 2^-64, so E ≤ 64 log 2 ≈ 44.4: tabulating the
// path up to Λ = 50 covers every draw; beyond it the law has mass e^{-50}.
constexpr double HAZARD_LIMIT = 50.0;
// The moments' ODE runs on to the all-tied phase, which a prior entry ε reaches near Λ = log(1/ε) ≤ 745.
constexpr double MOMENT_LIMIT = 1000.0;
constexpr double MAX_GRID_STEP = 1.0 / 256; // Λ spacing of the interpolation table
constexpr int MIN_CELLS_PER_PHASE = 64;
// Relative error control only: an absolute tolerance would swamp the small entries of a prior near
// a vertex and the model times they set (prior 1e-12: E[τ] 4% off with an absolute 1e-13).
constexpr double ODE_TOL = 1e-13;
constexpr double MAX_RATE = 1e300;
constexpr double ODE_ABS_TOL = 0;

// The belief in the ODE state with its largest entry set to 1 − (the others): near a vertex the
// stored entry is 1 to rounding and its ODE stands still (1 − 1e-300 is 1), while the small entries
// carry full precision.
Vector to_belief(const OdeState& x, Eigen::Index n) {
    Vector mu(n);
    for (Eigen::Index i = 0; i < n; ++i) mu[i] = x[static_cast<std::size_t>(i)];
    Eigen::Index largest = 0;
    (void)mu.maxCoeff(&largest);
    double rest = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        if (i != largest) rest += mu[i];
    mu[largest] = 1 - rest;
    return mu;
}

bool contains(const std::vector<int>& set, int theta) { return std::find(set.begin(), set.end(), theta) != set.end(); }

// D(e_θ|μ) of the nearest state outside the closest set minus the common divergence inside it:
// the phase ends when this reaches 0 (a new state joins Θ^k).
double phase_gap(const entropy::Entropy& h, const Vector& mu, const std::vector<int>& closest) {
    const Vector d = h.vertex_divergences(mu);
    double inside = 0, outside = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        if (contains(closest, static_cast<int>(i)))
            inside += d[i] / static_cast<double>(closest.size());
        else
            outside = std::min(outside, d[i]);
    }
    return outside - inside;
}

} // namespace

using detail::hermite;

GreedyModel::GreedyModel(GreedySpec spec) : spec_(std::move(spec)) {
    spec_.prior = checked_prior(spec_.prior);
    check_chi(spec_.chi);
    // The first rate is about χ/D to the nearest vertex: an entropy flat there (quadratic: D ~ ε²)
    // sends it past any double for a prior entry ε that Shannon still handles (D ~ ε).
    Eigen::Index nearest = 0;
    const double divergence = spec_.entropy.vertex_divergences(spec_.prior).minCoeff(&nearest);
    BELIEFSIM_CHECK(spec_.chi <= MAX_RATE * divergence, "prior",
                    "is too close to vertex "
                        << nearest + 1 << " for this entropy and chi: the greedy jump rate chi/D = "
                        << significant(spec_.chi / divergence) << " exceeds " << significant(MAX_RATE) << " (D(e_"
                        << nearest + 1 << "|prior) = " << significant(divergence) << ")");
    integrate();
}

void GreedyModel::integrate() {
    const auto n = spec_.prior.size();
    const auto un = static_cast<std::size_t>(n);
    OdeState x(un + 3, 0.0);
    for (std::size_t i = 0; i < un; ++i) x[i] = spec_.prior[static_cast<Eigen::Index>(i)];
    double hazard = 0;
    std::vector<int> closest = closest_states(spec_.entropy, spec_.prior);
    // Past HAZARD_LIMIT only the moments are integrated, to the all-tied phase: near a vertex most
    // of E[τ] comes from there (prior 1e-300: Λ reaches 690 before a second state ties, and each unit
    // of Λ adds about as much to E[τ] as the first).
    bool tabulating = true;
    const auto record_final = [&](const Vector& mu) {
        phases_.push_back({x[un], hazard, closest, mu});
        const Vector beta = greedy_rates(spec_.entropy, mu, closest, spec_.chi);
        final_hazard_ = hazard;
        final_time_ = x[un];
        final_rate_ = beta.sum();
        final_mean_wait_ = 1.0 / final_rate_;
        final_probs_ = beta / final_rate_;
    };

    while (static_cast<Eigen::Index>(closest.size()) < n) {
        BELIEFSIM_CHECK(hazard < MOMENT_LIMIT, "prior",
                        "is too close to a vertex for the greedy process: the no-jump path does not reach "
                        "the phase where every state ties by cumulative hazard "
                            << MOMENT_LIMIT);
        if (tabulating) phases_.push_back({x[un], hazard, closest, to_belief(x, n)});
        const auto rhs = [&](const OdeState& y, OdeState& dy, double lam) {
            const Vector mu = to_belief(y, n);
            const Vector beta = greedy_rates(spec_.entropy, mu, closest, spec_.chi);
            const double rate = beta.sum();
            for (std::size_t i = 0; i < un; ++i)
                dy[i] = mu[static_cast<Eigen::Index>(i)] - beta[static_cast<Eigen::Index>(i)] / rate;
            const double survival_dt = std::exp(-lam) / rate;
            dy[un] = 1.0 / rate;
            dy[un + 1] = survival_dt;
            dy[un + 2] = 2.0 * y[un] * survival_dt;
        };
        const auto gap = [&](const OdeState& y) { return phase_gap(spec_.entropy, to_belief(y, n), closest); };
        const auto make_stepper = [] {
            return odeint::make_dense_output(ODE_ABS_TOL, ODE_TOL, odeint::runge_kutta_dopri5<OdeState>());
        };

        // Pass 1: step with dense output until the gap changes sign, then bracket the root
        // (Odeint has no event location).
        auto stepper = make_stepper();
        stepper.initialize(x, hazard, 1e-3);
        double phase_end = MOMENT_LIMIT;
        OdeState probe(un + 3);
        while (true) {
            const auto [a, b] = stepper.do_step(rhs);
            const double gb = gap(stepper.current_state());
            if (gb <= 0) {
                const auto at = [&](double lam) {
                    stepper.calc_state(lam, probe);
                    return gap(probe);
                };
                std::uintmax_t iters = 200;
                const auto root = boost::math::tools::toms748_solve(
                    at, a, b, at(a), gb, boost::math::tools::eps_tolerance<double>(52), iters);
                phase_end = 0.5 * (root.first + root.second);
                break;
            }
            if (b >= MOMENT_LIMIT) break;
        }

        // Pass 2: the interpolation table on a uniform Λ grid ending exactly at the switch (or at
        // HAZARD_LIMIT), then the moments alone to the switch.
        const double table_end = tabulating ? std::min(phase_end, HAZARD_LIMIT) : hazard;
        if (tabulating) {
            const int cells =
                std::max(MIN_CELLS_PER_PHASE, static_cast<int>(std::ceil((table_end - hazard) / MAX_GRID_STEP)));
            const double step = (table_end - hazard) / cells;
            std::vector<double> grid(static_cast<std::size_t>(cells) + 1);
            for (int j = 0; j <= cells; ++j) grid[static_cast<std::size_t>(j)] = hazard + j * step;
            grid.back() = table_end;
            PhaseTable table{hazard, step, 1.0 / step, {}, {}, {}};
            odeint::integrate_times(make_stepper(), rhs, x, grid.begin(), grid.end(), step,
                                    [&](const OdeState& y, double /*lam*/) {
                                        const Vector mu = to_belief(y, n);
                                        const Vector beta = greedy_rates(spec_.entropy, mu, closest, spec_.chi);
                                        const double rate = beta.sum();
                                        table.nodes.push_back({y[un], 1.0 / rate});
                                        for (Eigen::Index i = 0; i < n; ++i) {
                                            table.beliefs.push_back(mu[i]);
                                            table.probs.push_back(beta[i] / rate);
                                        }
                                    });
            tables_.push_back(std::move(table));
            if (table_end < phase_end) {
                // The sampler's and the exact law's end: the rates there carry on (mass e^{-50}).
                hazard = table_end;
                record_final(to_belief(x, n));
                tabulating = false;
            }
        }
        if (table_end < phase_end) odeint::integrate_adaptive(make_stepper(), rhs, x, table_end, phase_end, 1e-3);
        hazard = phase_end;

        // The states that tie at the switch join; at least the one that triggered it.
        std::vector<int> next = closest_states(spec_.entropy, to_belief(x, n), 1e-8);
        for (const int c : closest)
            if (!contains(next, c)) next.push_back(c);
        if (next.size() == closest.size()) {
            const Vector d = spec_.entropy.vertex_divergences(to_belief(x, n));
            int best = -1;
            for (int i = 0; i < static_cast<int>(n); ++i)
                if (!contains(closest, i) && (best < 0 || d[i] < d[best])) best = i;
            next.push_back(best);
        }
        std::sort(next.begin(), next.end());
        closest = std::move(next);
    }

    // The stationary last phase: every state tied, constant rates.
    const Vector beta = greedy_rates(spec_.entropy, to_belief(x, n), closest, spec_.chi);
    if (tabulating) record_final(to_belief(x, n));
    const double tail = std::exp(-hazard) / beta.sum();
    mean_ = x[un + 1] + tail;
    second_moment_ = x[un + 2] + 2.0 * tail * (x[un] + 1.0 / beta.sum());

    build_sampling_table();
    BELIEFSIM_ENSURE(std::isfinite(mean_) && std::isfinite(second_moment_),
                     "greedy model: non-finite moments (mean " << mean_ << ")");
}

const GreedyModel::PhaseTable* GreedyModel::table_for(double hazard, double& local) const {
    if (hazard >= final_hazard_ || tables_.empty()) return nullptr;
    std::size_t k = tables_.size() - 1;
    while (k > 0 && hazard < tables_[k].hazard_begin) --k;
    local = (hazard - tables_[k].hazard_begin) * tables_[k].cells_per_hazard;
    return &tables_[k];
}

double GreedyModel::time_at(double hazard) const {
    double local = 0;
    const PhaseTable* table = table_for(hazard, local);
    if (table == nullptr) return final_time_ + (hazard - final_hazard_) * final_mean_wait_;
    const auto i = std::min(static_cast<std::size_t>(local), table->nodes.size() - 2);
    const Node& a = table->nodes[i];
    const Node& b = table->nodes[i + 1];
    return hermite(a.t, b.t, a.dt_dhazard, b.dt_dhazard, table->hazard_step, local - static_cast<double>(i));
}

Vector GreedyModel::belief_at(double hazard) const {
    double local = 0;
    const PhaseTable* table = table_for(hazard, local);
    if (table == nullptr) return phases_.back().start_belief;
    const auto i = std::min(static_cast<std::size_t>(local), table->nodes.size() - 2);
    const double s = local - static_cast<double>(i);
    const auto n = spec_.prior.size();
    const auto un = static_cast<std::size_t>(n);
    const double* a = &table->beliefs[i * un];
    const double* b = a + un;
    const double* pa = &table->probs[i * un];
    const double* pb = pa + un;
    Vector mu(n);
    for (std::size_t j = 0; j < un; ++j)
        mu[static_cast<Eigen::Index>(j)] = hermite(a[j], b[j], a[j] - pa[j], b[j] - pb[j], table->hazard_step, s);
    return mu;
}

int GreedyModel::phase_index_at_hazard(double hazard) const {
    int k = static_cast<int>(phases_.size()) - 1;
    while (k > 0 && hazard < phases_[static_cast<std::size_t>(k)].start_hazard) --k;
    return k;
}

Vector GreedyModel::probs_at(double hazard) const {
    if (hazard >= final_hazard_) return final_probs_;
    const auto& closest = phases_[static_cast<std::size_t>(phase_index_at_hazard(hazard))].closest;
    const Vector beta = greedy_rates(spec_.entropy, belief_at(hazard), closest, spec_.chi);
    return beta / beta.sum();
}

double GreedyModel::cumulative_hazard(double t) const {
    BELIEFSIM_REQUIRE(t >= 0, "time must be >= 0 (got " << t << ")");
    if (t >= final_time_) return final_hazard_ + (t - final_time_) * final_rate_;
    std::size_t k = tables_.size() - 1;
    while (k > 0 && t < tables_[k].nodes.front().t) --k;
    const auto& nodes = tables_[k].nodes;
    const auto it =
        std::upper_bound(nodes.begin(), nodes.end(), t, [](double v, const Node& node) { return v < node.t; });
    const auto i = static_cast<std::size_t>(
        std::clamp<std::ptrdiff_t>(it - nodes.begin() - 1, 0, static_cast<std::ptrdiff_t>(nodes.size()) - 2));
    const double lo = tables_[k].hazard_begin + static_cast<double>(i) * tables_[k].hazard_step;
    const double hi = lo + tables_[k].hazard_step;
    const auto f = [&](double lam) { return time_at(lam) - t; };
    const double flo = f(lo), fhi = f(hi);
    if (flo >= 0) return lo;
    if (fhi <= 0) return hi;
    std::uintmax_t iters = 100;
    const auto root =
        boost::math::tools::toms748_solve(f, lo, hi, flo, fhi, boost::math::tools::eps_tolerance<double>(52), iters);
    return 0.5 * (root.first + root.second);
}

double GreedyModel::survival(double t) const { return std::exp(-cumulative_hazard(t)); }

Vector GreedyModel::rates(double t) const {
    const double lam = cumulative_hazard(t);
    if (lam >= final_hazard_) return final_rate_ * final_probs_;
    const auto& closest = phases_[static_cast<std::size_t>(phase_index_at_hazard(lam))].closest;
    return greedy_rates(spec_.entropy, belief_at(lam), closest, spec_.chi);
}

double GreedyModel::hazard(double t) const { return rates(t).sum(); }

double GreedyModel::density(double t) const { return hazard(t) * survival(t); }

Vector GreedyModel::belief(double t) const { return belief_at(cumulative_hazard(t)); }

Vector GreedyModel::state_densities(double t) const { return rates(t) * survival(t); }

Vector GreedyModel::state_cdfs(double t) const {
    const double lam = cumulative_hazard(t);
    return spec_.prior - belief_at(lam) * std::exp(-lam);
}

double GreedyModel::quantile(double p) const {
    BELIEFSIM_REQUIRE(p >= 0 && p < 1, "quantile level must be in [0, 1) (got " << p << ")");
    return time_at(-std::log1p(-p));
}

std::vector<std::pair<double, double>> GreedyModel::hazard_cells() const {
    std::vector<std::pair<double, double>> cells;
    for (const auto& table : tables_)
        for (std::size_t i = 0; i + 1 < table.nodes.size(); ++i) {
            const double lo = table.hazard_begin + static_cast<double>(i) * table.hazard_step;
            cells.emplace_back(lo, lo + table.hazard_step);
        }
    return cells;
}

double GreedyModel::laplace(double r) const {
    BELIEFSIM_REQUIRE(r >= 0, "discount rate r must be >= 0 (got " << r << ")");
    double total = 0;
    for (const auto& [lo, hi] : hazard_cells())
        total += boost::math::quadrature::gauss_kronrod<double, 15>::integrate(
            [&](double lam) { return std::exp(-r * time_at(lam) - lam); }, lo, hi, 0);
    return total + std::exp(-r * final_time_ - final_hazard_) / (1 + r / final_rate_);
}

Vector GreedyModel::terminal_probabilities() const {
    Vector total = std::exp(-final_hazard_) * final_probs_;
    for (const auto& [lo, hi] : hazard_cells())
        for (Eigen::Index theta = 0; theta < total.size(); ++theta)
            total[theta] += boost::math::quadrature::gauss_kronrod<double, 15>::integrate(
                [&](double lam) { return probs_at(lam)[theta] * std::exp(-lam); }, lo, hi, 0);
    return total;
}

} // namespace beliefsim::process
