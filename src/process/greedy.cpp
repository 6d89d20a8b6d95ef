#include "beliefsim/process/greedy.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/simd.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "beliefsim/rng/variates.hpp"

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
constexpr double MAX_GRID_STEP = 1.0 / 256; // Λ spacing of the interpolation table
constexpr int MIN_CELLS_PER_PHASE = 64;
constexpr double ODE_TOL = 1e-13;

// Cubic Hermite basis on s ∈ [0,1] for a cell of width w with end values f0,f1 and slopes m0,m1.
double hermite(double f0, double f1, double m0, double m1, double w, double s) {
    const double s2 = s * s, s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * f0 + (s3 - 2 * s2 + s) * w * m0 + (-2 * s3 + 3 * s2) * f1 +
           (s3 - s2) * w * m1;
}

Vector to_belief(const OdeState& x, Eigen::Index n) {
    Vector mu(n);
    for (Eigen::Index i = 0; i < n; ++i) mu[i] = x[static_cast<std::size_t>(i)];
    return mu;
}

bool contains(const std::vector<int>& set, int theta) {
    return std::find(set.begin(), set.end(), theta) != set.end();
}

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

std::vector<int> closest_states(const entropy::Entropy& h, const Vector& mu, double rel_tol) {
    const Vector d = h.vertex_divergences(mu);
    const double dmin = d.minCoeff();
    std::vector<int> out;
    for (Eigen::Index i = 0; i < d.size(); ++i)
        if (d[i] - dmin <= rel_tol * std::abs(dmin)) out.push_back(static_cast<int>(i));
    return out;
}

Vector greedy_rates(const entropy::Entropy& h, const Vector& mu, const std::vector<int>& closest,
                    double chi) {
    const auto n = mu.size();
    const auto m = static_cast<Eigen::Index>(closest.size());
    const Vector d = h.vertex_divergences(mu);
    Vector beta = Vector::Zero(n);
    if (m == n) {
        const double zeta = d.sum() / static_cast<double>(n);
        beta = chi * mu / zeta;
    } else {
        const Matrix hess = h.hessian(mu);
        Matrix sigma(m, m);
        Vector d_closest(m);
        for (Eigen::Index a = 0; a < m; ++a) {
            d_closest[a] = d[closest[static_cast<std::size_t>(a)]];
            for (Eigen::Index b = 0; b < m; ++b)
                sigma(a, b) = hess(closest[static_cast<std::size_t>(a)], closest[static_cast<std::size_t>(b)]);
        }
        // Σ is positive definite for a proper closest set (Zhong, proof of Proposition 1, Step I).
        const Vector x = sigma.ldlt().solve(Vector::Ones(m));
        const double scale = chi / d_closest.dot(x);
        for (Eigen::Index a = 0; a < m; ++a) beta[closest[static_cast<std::size_t>(a)]] = scale * x[a];
    }
    for (const int theta : closest)
        BELIEFSIM_REQUIRE(std::isfinite(beta[theta]) && beta[theta] > 0,
                          "greedy jump rate for state " << theta << " is " << beta[theta]
                              << " at belief (" << mu.transpose()
                              << "): the Hessian block is not a Stieltjes matrix here "
                                 "(Zhong, Assumption 1 part 3 fails for this entropy and prior)");
    return beta;
}

GreedyModel::GreedyModel(GreedySpec spec) : spec_(std::move(spec)) {
    spec_.prior = checked_prior(spec_.prior);
    check_chi(spec_.chi);
    integrate();
}

void GreedyModel::integrate() {
    const auto n = spec_.prior.size();
    const auto un = static_cast<std::size_t>(n);
    OdeState x(un + 3, 0.0);
    for (std::size_t i = 0; i < un; ++i) x[i] = spec_.prior[static_cast<Eigen::Index>(i)];
    double hazard = 0;
    std::vector<int> closest = closest_states(spec_.entropy, spec_.prior);

    while (static_cast<Eigen::Index>(closest.size()) < n && hazard < HAZARD_LIMIT) {
        phases_.push_back({x[un], hazard, closest, to_belief(x, n)});
        const auto rhs = [&](const OdeState& y, OdeState& dy, double lam) {
            const Vector mu = to_belief(y, n);
            const Vector beta = greedy_rates(spec_.entropy, mu, closest, spec_.chi);
            const double rate = beta.sum();
            for (std::size_t i = 0; i < un; ++i)
                dy[i] = y[i] - beta[static_cast<Eigen::Index>(i)] / rate;
            const double survival_dt = std::exp(-lam) / rate;
            dy[un] = 1.0 / rate;
            dy[un + 1] = survival_dt;
            dy[un + 2] = 2.0 * y[un] * survival_dt;
        };
        const auto gap = [&](const OdeState& y) {
            return phase_gap(spec_.entropy, to_belief(y, n), closest);
        };

        // Pass 1: step with dense output until the gap changes sign, then bracket the root
        // (Odeint has no event location).
        auto stepper = odeint::make_dense_output(ODE_TOL, ODE_TOL, odeint::runge_kutta_dopri5<OdeState>());
        stepper.initialize(x, hazard, 1e-3);
        double phase_end = HAZARD_LIMIT;
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
            if (b >= HAZARD_LIMIT) break;
        }

        // Pass 2: the interpolation table on a uniform Λ grid ending exactly at the switch.
        const int cells = std::max(MIN_CELLS_PER_PHASE,
                                   static_cast<int>(std::ceil((phase_end - hazard) / MAX_GRID_STEP)));
        const double step = (phase_end - hazard) / cells;
        std::vector<double> grid(static_cast<std::size_t>(cells) + 1);
        for (int j = 0; j <= cells; ++j) grid[static_cast<std::size_t>(j)] = hazard + j * step;
        grid.back() = phase_end;
        PhaseTable table{hazard, step, 1.0 / step, {}, {}, {}};
        odeint::integrate_times(
            odeint::make_dense_output(ODE_TOL, ODE_TOL, odeint::runge_kutta_dopri5<OdeState>()), rhs, x,
            grid.begin(), grid.end(), step, [&](const OdeState& y, double /*lam*/) {
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
        hazard = phase_end;

        // The states that tie at the switch join; at least the one that triggered it.
        std::vector<int> next = closest_states(spec_.entropy, to_belief(x, n), 1e-8);
        for (const int c : closest)
            if (!contains(next, c)) next.push_back(c);
        if (next.size() == closest.size() && hazard < HAZARD_LIMIT) {
            const Vector d = spec_.entropy.vertex_divergences(to_belief(x, n));
            int best = -1;
            for (int i = 0; i < static_cast<int>(n); ++i)
                if (!contains(closest, i) && (best < 0 || d[i] < d[best])) best = i;
            next.push_back(best);
        }
        std::sort(next.begin(), next.end());
        closest = std::move(next);
    }

    // Stationary last phase (all states tied), or the end of the table at HAZARD_LIMIT.
    const Vector mu = to_belief(x, n);
    phases_.push_back({x[un], hazard, closest, mu});
    const Vector beta = greedy_rates(spec_.entropy, mu, closest, spec_.chi);
    final_hazard_ = hazard;
    final_time_ = x[un];
    final_rate_ = beta.sum();
    final_mean_wait_ = 1.0 / final_rate_;
    final_probs_ = beta / final_rate_;
    const double tail = std::exp(-hazard) / final_rate_;
    mean_ = x[un + 1] + tail;
    second_moment_ = x[un + 2] + 2.0 * tail * (final_time_ + 1.0 / final_rate_);

    build_sampling_table();
    BELIEFSIM_ENSURE(std::isfinite(mean_) && std::isfinite(second_moment_),
                     "greedy model: non-finite moments (mean " << mean_ << ")");
}

void GreedyModel::build_sampling_table() {
    const auto n = static_cast<std::size_t>(spec_.prior.size());
    SamplingTable& st = sampling_;
    st.thresholds = n - 1;
    const auto add_row = [&](double t, double slope, const double* probs) {
        st.t.push_back(t);
        st.slope.push_back(slope);
        double cumulative = 0;
        for (std::size_t j = 0; j + 1 < n; ++j) st.cumulative.push_back(cumulative += probs[j]);
    };
    for (const auto& table : tables_) {
        st.phase_begin.push_back(table.hazard_begin);
        st.phase_step.push_back(table.hazard_step);
        st.phase_cells_per_hazard.push_back(table.cells_per_hazard);
        st.phase_first_row.push_back(static_cast<std::int64_t>(st.t.size()));
        st.phase_last_cell.push_back(static_cast<double>(table.nodes.size() - 2));
        for (std::size_t i = 0; i < table.nodes.size(); ++i)
            add_row(table.nodes[i].t, table.nodes[i].dt_dhazard, &table.probs[i * n]);
    }
    // The stationary phase as two identical rows, read with weight s = 0.
    st.stationary_row = static_cast<std::int64_t>(st.t.size());
    add_row(final_time_, final_mean_wait_, final_probs_.data());
    add_row(final_time_, final_mean_wait_, final_probs_.data());
    if (tables_.empty()) { // a phase-0 entry keeps the kernel free of special cases
        st.phase_begin.push_back(0);
        st.phase_step.push_back(1);
        st.phase_cells_per_hazard.push_back(0);
        st.phase_first_row.push_back(st.stationary_row);
        st.phase_last_cell.push_back(0);
    }

    // Bound the error of the linearly interpolated cumulative terminal-state law: the sampler
    // recomputes it exactly whenever its uniform falls within this distance of a threshold.
    double worst = 0;
    for (std::size_t k = 0; k < tables_.size(); ++k)
        for (std::size_t i = 0; i + 1 < tables_[k].nodes.size(); ++i) {
            const double lam = tables_[k].hazard_begin + (static_cast<double>(i) + 0.5) * tables_[k].hazard_step;
            const Vector exact = probs_at(lam);
            const auto row = static_cast<std::size_t>(st.phase_first_row[k]) + i;
            double cumulative = 0;
            for (std::size_t j = 0; j + 1 < n; ++j) {
                cumulative += exact[static_cast<Eigen::Index>(j)];
                const double linear = 0.5 * (st.cumulative[row * (n - 1) + j] + st.cumulative[(row + 1) * (n - 1) + j]);
                worst = std::max(worst, std::abs(cumulative - linear));
            }
        }
    st.tolerance = 8 * worst + 1e-12;
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

/// What the sampling kernel reads: the flat table as raw pointers, so one inline function serves the
/// scalar `sample` and the vectorized block loop with the same arithmetic.
struct detail::GreedySamplingView {
    const double *phase_begin, *phase_step, *phase_cells_per_hazard, *phase_last_cell;
    const std::int64_t* phase_first_row;
    std::size_t phases, thresholds;
    const double *t, *slope, *cumulative;
    std::int64_t stationary_row;
    double final_hazard, final_time, final_mean_wait, tolerance;
};

namespace {

using SamplingView = detail::GreedySamplingView;

/// Per-path intermediate values of `jump_times`, one element per path.
struct JumpScratch {
    std::int32_t* phase;
    std::int64_t* row;
    double* weight;
};

/// For each path: τ = t(Λ) at the jump's cumulative hazard Λ = jump_hazard[i] (Hermite interpolation
/// of the table), and the terminal state for the uniform u[i] from the linearly interpolated
/// cumulative law; near[i] = 1 when u[i] is too close to a threshold to trust the interpolation.
/// Written as a few passes of simple loops so that each vectorizes (gathers from the table); `sample`
/// runs it on one path, so a path gets the same bits alone or in a block.
BELIEFSIM_TARGET_CLONES
void jump_times(const SamplingView& v, std::span<const double> jump_hazard, std::span<const double> u,
                std::span<double> tau, std::span<std::int32_t> state, std::span<std::uint8_t> near,
                const JumpScratch& scratch) {
    const std::size_t count = jump_hazard.size();
    const double* e = jump_hazard.data();
    const double* w = u.data();
    double* t = tau.data();
    std::int32_t* th = state.data();
    std::uint8_t* nr = near.data();
    std::int32_t* phase = scratch.phase;
    std::int64_t* row = scratch.row;
    double* weight = scratch.weight;

    // The phase: how many of the later phases have begun by Λ.
#pragma omp simd
    for (std::size_t i = 0; i < count; ++i) phase[i] = 0;
    for (std::size_t p = 1; p < v.phases; ++p) {
        const double begin = v.phase_begin[p];
#pragma omp simd
        for (std::size_t i = 0; i < count; ++i) phase[i] += e[i] >= begin ? 1 : 0;
    }

    // The table row and the weight s of the next row; τ. The stationary phase is exact. Locals, not
    // members of `v`, and selects after unconditional loads: both keep the loop vectorizable.
    const double final_hazard = v.final_hazard, final_time = v.final_time, final_mean_wait = v.final_mean_wait;
    const std::int64_t stationary_row = v.stationary_row;
    const double *begin = v.phase_begin, *cells_per_hazard = v.phase_cells_per_hazard, *last_cell = v.phase_last_cell;
    const double *step = v.phase_step, *node_t = v.t, *slope = v.slope;
    const std::int64_t* first_row = v.phase_first_row;
#pragma omp simd
    for (std::size_t i = 0; i < count; ++i) {
        const std::int32_t k = phase[i];
        const bool stationary = e[i] >= final_hazard;
        const double in_phase = (e[i] - begin[k]) * cells_per_hazard[k];
        const double local = stationary ? 0.0 : in_phase;
        // local ≥ 0, so truncation is floor (and vectorizes, where std::floor does not without
        // -fno-trapping-math).
        const double floor_local = static_cast<double>(static_cast<std::int64_t>(local)), cap = last_cell[k];
        const double cell = floor_local < cap ? floor_local : cap;
        const double s = local - cell;
        const std::int64_t phase_row = first_row[k] + static_cast<std::int64_t>(cell);
        const std::int64_t r = stationary ? stationary_row : phase_row;
        const double interpolated = hermite(node_t[r], node_t[r + 1], slope[r], slope[r + 1], step[k], s);
        t[i] = stationary ? final_time + (e[i] - final_hazard) * final_mean_wait : interpolated;
        row[i] = r;
        weight[i] = s;
        th[i] = 0;
        nr[i] = 0;
    }

    // The terminal state: the number of cumulative thresholds below u.
    const auto thresholds = static_cast<std::int64_t>(v.thresholds);
    const double* cumulative = v.cumulative;
    const double tolerance = v.tolerance;
    for (std::int64_t j = 0; j < thresholds; ++j) {
#pragma omp simd
        for (std::size_t i = 0; i < count; ++i) {
            const std::int64_t r = row[i];
            const double s = weight[i];
            const std::int64_t at = thresholds * r + j;
            const double c = (1 - s) * cumulative[at] + s * cumulative[at + thresholds];
            th[i] += w[i] > c ? 1 : 0;
            const bool close = std::abs(w[i] - c) <= tolerance;
            const bool interpolated = r != stationary_row;
            nr[i] |= static_cast<std::uint8_t>(close & interpolated);
        }
    }
}

} // namespace

detail::GreedySamplingView GreedyModel::sampling_view() const {
    const SamplingTable& st = sampling_;
    return {st.phase_begin.data(), st.phase_step.data(), st.phase_cells_per_hazard.data(), st.phase_last_cell.data(),
            st.phase_first_row.data(), st.phase_begin.size(), st.thresholds, st.t.data(), st.slope.data(),
            st.cumulative.data(), st.stationary_row, final_hazard_, final_time_, final_mean_wait_, st.tolerance};
}

std::int32_t GreedyModel::exact_state(double jump_hazard, double u) const {
    const Vector probs = probs_at(jump_hazard);
    double cumulative = 0;
    std::int32_t theta = 0;
    for (; theta + 1 < probs.size(); ++theta) {
        cumulative += probs[theta];
        if (u <= cumulative) break;
    }
    return theta;
}

PathOutcome GreedyModel::sample(rng::PathRng& rng) const {
    const double jump_hazard = rng::exponential_from_uniform(rng::uniform_open_closed(rng));
    const double u = rng::uniform_open_closed(rng);
    PathOutcome out;
    std::uint8_t near = 0;
    std::int32_t phase = 0;
    std::int64_t row = 0;
    double weight = 0;
    jump_times(sampling_view(), {&jump_hazard, 1}, {&u, 1}, {&out.tau, 1}, {&out.terminal_state, 1}, {&near, 1},
               {&phase, &row, &weight});
    if (near != 0) out.terminal_state = exact_state(jump_hazard, u);
    return out;
}

void GreedyModel::sample_block(rng::Seed seed, rng::PathIndex first_path, std::span<PathOutcome> out) const {
    // Stage the raw words so that the conversions, logarithms and table lookups run as vector loops.
    thread_local std::vector<std::uint64_t> words;
    thread_local std::vector<double> uniforms, jump_hazard, tau;
    thread_local std::vector<std::int32_t> state, phase;
    thread_local std::vector<std::int64_t> row;
    thread_local std::vector<double> weight;
    thread_local std::vector<std::uint8_t> near;
    const std::size_t count = out.size();
    words.resize(2 * count);
    uniforms.resize(2 * count);
    jump_hazard.resize(count);
    tau.resize(count);
    state.resize(count);
    near.resize(count);
    phase.resize(count);
    row.resize(count);
    weight.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto draws = rng::first_draws(seed, first_path + i);
        words[i] = draws[0];         // the jump's uniform, as `sample` draws it first
        words[count + i] = draws[1]; // the terminal state's uniform
    }
    rng::uniform_open_closed(words, uniforms);
    const std::span<const double> state_uniform(uniforms.data() + count, count);
    rng::exponential_from_uniform(std::span<const double>(uniforms.data(), count), jump_hazard);
    jump_times(sampling_view(), jump_hazard, state_uniform, tau, state, near, {phase.data(), row.data(), weight.data()});
    for (std::size_t i = 0; i < count; ++i)
        out[i] = {tau[i], near[i] != 0 ? exact_state(jump_hazard[i], state_uniform[i]) : state[i]};
}

double GreedyModel::cumulative_hazard(double t) const {
    BELIEFSIM_REQUIRE(t >= 0, "time must be >= 0 (got " << t << ")");
    if (t >= final_time_) return final_hazard_ + (t - final_time_) * final_rate_;
    std::size_t k = tables_.size() - 1;
    while (k > 0 && t < tables_[k].nodes.front().t) --k;
    const auto& nodes = tables_[k].nodes;
    const auto it = std::upper_bound(nodes.begin(), nodes.end(), t,
                                     [](double v, const Node& node) { return v < node.t; });
    const auto i = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(it - nodes.begin() - 1, 0,
                                                                       static_cast<std::ptrdiff_t>(nodes.size()) - 2));
    const double lo = tables_[k].hazard_begin + static_cast<double>(i) * tables_[k].hazard_step;
    const double hi = lo + tables_[k].hazard_step;
    const auto f = [&](double lam) { return time_at(lam) - t; };
    const double flo = f(lo), fhi = f(hi);
    if (flo >= 0) return lo;
    if (fhi <= 0) return hi;
    std::uintmax_t iters = 100;
    const auto root = boost::math::tools::toms748_solve(f, lo, hi, flo, fhi,
                                                        boost::math::tools::eps_tolerance<double>(52), iters);
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
