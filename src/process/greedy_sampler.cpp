#include "beliefsim/process/greedy.hpp"

#include "beliefsim/core/simd.hpp"
#include "beliefsim/rng/variates.hpp"
#include "hermite.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace beliefsim::process {

using detail::hermite;

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
    return {st.phase_begin.data(),
            st.phase_step.data(),
            st.phase_cells_per_hazard.data(),
            st.phase_last_cell.data(),
            st.phase_first_row.data(),
            st.phase_begin.size(),
            st.thresholds,
            st.t.data(),
            st.slope.data(),
            st.cumulative.data(),
            st.stationary_row,
            final_hazard_,
            final_time_,
            final_mean_wait_,
            st.tolerance};
}

std::int32_t GreedyModel::exact_state(double jump_hazard, double u) const {
    return state_by_inversion(probs_at(jump_hazard), u);
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
    jump_times(sampling_view(), jump_hazard, state_uniform, tau, state, near,
               {phase.data(), row.data(), weight.data()});
    for (std::size_t i = 0; i < count; ++i)
        out[i] = {tau[i], near[i] != 0 ? exact_state(jump_hazard[i], state_uniform[i]) : state[i]};
}

} // namespace beliefsim::process
