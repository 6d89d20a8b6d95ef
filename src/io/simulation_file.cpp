#include "beliefsim/io/simulation_file.hpp"

#include <array>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {
namespace {

namespace st = schema::stopping_time;
namespace ex = schema::exact;

const std::string TIME = "model time";
const std::string RATE = "1/model time";

void write_model(const File& file, const app::SimulationResult& r) {
    const Group model = write_model_group(file, r.spec.model);
    if (!r.scheme.empty()) write_attribute(model, "scheme", r.scheme);
    if (r.time_cap) {
        write_attribute(model, "token_cap", *r.spec.token_cap);
        write_attribute(model, "time_cap", *r.time_cap);
    }
}

void write_audit(const File& file, const estimators::ThroughputAudit& a) {
    namespace au = schema::audit;
    const Group group = create_group(file, au::GROUP);
    write_attribute(group, au::VERDICT, std::string(estimators::verdict_name(a.verdict)));
    write_attribute(group, "paths", static_cast<std::uint64_t>(a.paths));
    write_attribute(group, "interval", a.t.size() > 1 ? a.t[1] - a.t[0] : 0.0);
    write_attribute(group, "total_increment", a.total_increment.value);
    write_attribute(group, "total_increment_stderr", a.total_increment.std_error);
    write_attribute(group, "total_alive_bound", a.total_alive_bound.value);
    write_attribute(group, "total_excess", a.total_excess.value);
    write_attribute(group, "total_excess_stderr", a.total_excess.std_error);
    const Dataset t = write_dataset(file, au::T, a.t, {"interval starts t (intervals [t, t + s))", TIME});
    const std::array sets = {
        write_dataset(file, au::INCREMENT_MEAN, a.increment_mean, {"estimated E[H(mu_{t+s}) - H(mu_t)]", "entropy"}),
        write_dataset(file, au::INCREMENT_STDERR, a.increment_stderr, {"standard error of increment_mean", "entropy"}),
        write_dataset(file, au::BOUND, a.bound, {"budget chi * s of the interval", "entropy"}),
        write_dataset(file, au::ALIVE_BOUND, a.alive_bound,
                      {"chi * E[time the path ran in the interval] (stopped paths gain nothing)", "entropy"}),
        write_dataset(file, au::ALIVE_BOUND_STDERR, a.alive_bound_stderr, {"standard error of alive_bound", "entropy"}),
        write_dataset(
            file, au::EXCESS_MEAN, a.excess_mean,
            {"E[increment - chi * alive time]: > 0 beyond noise means the constraint is violated", "entropy"}),
        write_dataset(file, au::EXCESS_STDERR, a.excess_stderr, {"standard error of excess_mean", "entropy"}),
    };
    attach_scale(t, "t", sets, 0);
}

void write_sample_paths(const File& file, const std::vector<app::SamplePath>& paths, int states) {
    if (paths.empty()) return;
    (void)create_group(file, schema::SAMPLE_PATHS);
    const Dataset state = write_index(file, schema::SAMPLE_PATH_STATE, static_cast<std::size_t>(states),
                                      {"state index of the belief columns (0-based: theta - 1)", ""});
    std::vector<Dataset> beliefs;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::ostringstream name;
        name << schema::SAMPLE_PATHS << '/' << std::setw(6) << std::setfill('0') << i;
        const Group group = create_group(file, name.str());
        write_attribute(group, "terminal_state", static_cast<std::int64_t>(paths[i].terminal_state));
        // 1: the record stopped at the point cap (sample_paths.max_points) before the path ended.
        write_attribute(group, "truncated", static_cast<std::int32_t>(paths[i].truncated));
        const Dataset t = write_dataset(file, name.str() + "/t", paths[i].t, {"times of the stored points", TIME});
        beliefs.push_back(write_dataset(file, name.str() + "/belief", paths[i].belief,
                                        Shape2{paths[i].t.size(), static_cast<std::size_t>(states)},
                                        {"belief mu_t at each time (points x states)", ""}));
        attach_scale(t, "t", std::array{&beliefs.back()}, 0);
    }
    attach_scale(state, "state", beliefs, 1);
}

void write_estimates(const File& file, const app::SimulationResult& r) {
    const estimators::StoppingTimeSummary& e = r.estimates;
    const auto states = static_cast<std::size_t>(r.spec.model.states);
    const std::size_t categories = e.terminal_freq.size(); // states, + "not learned" when capped
    // With a token cap every path stops by T: the moments are those of min(τ, T).
    const std::string tau = r.time_cap ? "min(tau, T), T = /model time_cap" : "tau";
    (void)write_scalar(file, st::MEAN, e.mean.value, {"Monte Carlo estimate of E[" + tau + "]", TIME});
    (void)write_scalar(file, st::MEAN_STDERR, e.mean.std_error, {"standard error of mean", TIME});
    (void)write_scalar(file, st::VARIANCE, e.variance.value,
                       {"Monte Carlo estimate of Var[" + tau + "]", "model time^2"});
    (void)write_scalar(file, st::VARIANCE_STDERR, e.variance.std_error, {"standard error of variance", "model time^2"});

    const Dataset edges = write_dataset(file, st::HISTOGRAM_EDGES, e.histogram_edges,
                                        {"bin edges of the stopping-time histogram (bins + 1 values)", TIME});
    std::vector<double> centers;
    for (std::size_t i = 0; i + 1 < e.histogram_edges.size(); ++i)
        centers.push_back(0.5 * e.histogram_edges[i] + 0.5 * e.histogram_edges[i + 1]); // no overflow near DBL_MAX
    const Dataset bin =
        write_dataset(file, st::HISTOGRAM_BIN, centers, {"bin centers (edges[i] + edges[i+1]) / 2", TIME});
    const Dataset counts = write_dataset(file, st::HISTOGRAM_COUNTS, e.histogram_counts,
                                         {"paths with " + tau + " in [edges[i], edges[i+1])", ""});
    attach_scale(bin, "bin_center", std::array{&counts}, 0);
    attach_scale(edges, "edges", std::span<const Dataset* const>{}, 0);
    (void)write_scalar(file, st::HISTOGRAM_OVERFLOW, e.histogram_overflow, {"paths with tau >= edges[-1]", ""});

    std::vector<std::int32_t> state_index(categories);
    for (std::size_t s = 0; s < categories; ++s)
        state_index[s] = s < states ? static_cast<std::int32_t>(s) : process::NOT_LEARNED;
    const Dataset state =
        write_dataset(file, st::STATE, state_index,
                      {"terminal state index (0-based: theta - 1; -1: not learned by the token cap)", ""});

    const Dataset t = write_dataset(file, st::ECDF_T, e.ecdf_t, {"ECDF grid t_j = j * t_max / (points - 1)", TIME});
    const Dataset F = write_dataset(
        file, st::ECDF_F, e.ecdf_F,
        {r.time_cap ? "empirical P(tau <= t) on the grid t, which ends at the cap T; censored: the paths not "
                      "learned by T (not_learned) never count"
                    : "empirical CDF P(tau <= t) on the grid t",
         ""});
    const Dataset F_se = write_dataset(file, st::ECDF_F_STDERR, e.ecdf_F_stderr, {"standard error of F", ""});
    const Dataset F_state =
        write_dataset(file, st::ECDF_F_BY_STATE, e.ecdf_F_by_state, Shape2{categories, e.ecdf_t.size()},
                      {r.time_cap ? "P(min(tau, T) <= t, terminal state = state) (states x points; the last "
                                    "row, not learned, is 0 before T and not_learned at T)"
                                  : "P(tau <= t, terminal state = state) (states x points)",
                       ""});
    attach_scale(t, "t", std::array{&F, &F_se}, 0);
    attach_scale(t, "t", std::array{&F_state}, 1);

    const Dataset r_axis = write_dataset(file, st::LAPLACE_R, e.laplace_r, {"discount rates r", RATE});
    const Dataset lap = write_dataset(file, st::LAPLACE_MEAN, e.laplace_mean,
                                      {r.time_cap ? "Monte Carlo estimate of E[exp(-r tau); learned by the cap]"
                                                  : "Monte Carlo estimate of E[exp(-r tau)]",
                                       ""});
    const Dataset lap_se =
        write_dataset(file, st::LAPLACE_STDERR, e.laplace_stderr, {"standard error of laplace/mean", ""});

    const Dataset freq =
        write_dataset(file, st::TERMINAL_FREQ, e.terminal_freq, {"frequency of each terminal state", ""});
    const Dataset freq_se = write_dataset(file, st::TERMINAL_FREQ_STDERR, e.terminal_freq_stderr,
                                          {"standard error of terminal_state_freq", ""});

    if (r.time_cap) {
        const std::size_t last = categories - 1;
        (void)write_scalar(file, st::NOT_LEARNED, e.terminal_freq[last],
                           {"fraction of paths the token cap stopped before they learned (tau > T)", ""});
        (void)write_scalar(file, st::NOT_LEARNED_STDERR, e.terminal_freq_stderr[last],
                           {"standard error of not_learned", ""});
    }
    if (r.spec.estimators.raw_sample_cap > 0) {
        const Dataset path = write_index(file, st::RAW_PATH, e.raw_tau.size(), {"path index", ""});
        const std::array raw = {
            write_dataset(file, st::RAW_TAU, e.raw_tau, {"stopping times " + tau + " of the first paths", TIME}),
            write_dataset(file, st::RAW_STATE, e.raw_state,
                          {"terminal state (0-based; -1: not learned by the token cap) of the same paths", ""})};
        attach_scale(path, "path", raw, 0);
    }

    std::vector<const Dataset*> by_state = {&freq, &freq_se, &F_state};
    std::vector<const Dataset*> by_r = {&lap, &lap_se};
    std::vector<Dataset> exact_sets; // reserved: the pointers above must stay valid
    exact_sets.reserve(8);
    if (r.exact) {
        const app::ExactLaw& x = *r.exact;
        const Group group = create_group(file, ex::GROUP);
        write_attribute(group, ex::MEAN, x.mean);
        write_attribute(group, ex::VARIANCE, x.variance);
        write_attribute(group, ex::SOURCE, x.source);
        const Dataset xt = write_dataset(file, ex::T, x.t, {"grid of the exact law", TIME});
        const Shape2 grid{states, x.t.size()};
        std::vector<const Dataset*> along_t, along_t_by_state;
        const auto add = [&](std::vector<const Dataset*>& axis, Dataset ds) {
            exact_sets.push_back(std::move(ds));
            axis.push_back(&exact_sets.back());
        };
        const Dataset exact_r = write_dataset(file, ex::R, e.laplace_r, {"discount rates r", RATE});
        // Rows of the per-state law: the learned states only (a cap's "not learned" has no density).
        const Dataset exact_state =
            write_index(file, ex::LEARNED_STATE, states, {"learned terminal state index (0-based: theta - 1)", ""});
        std::vector<const Dataset*> exact_by_r;
        add(along_t,
            write_dataset(file, ex::SURVIVAL, x.survival, {"exact P(min(tau, T) > t) (T: token cap, if any)", ""}));
        if (!x.density.empty())
            add(along_t, write_dataset(file, ex::DENSITY, x.density, {"exact density of tau (continuous part)", RATE}));
        if (!x.state_density.empty())
            add(along_t_by_state, write_dataset(file, ex::STATE_DENSITY, x.state_density, grid,
                                                {"exact density of (tau, terminal state) (states x points)", RATE}));
        if (!x.state_cdf.empty())
            add(along_t_by_state, write_dataset(file, ex::STATE_CDF, x.state_cdf, grid,
                                                {"exact P(tau <= min(t, T), terminal state) (states x points)", ""}));
        if (!x.laplace.empty())
            add(exact_by_r, write_dataset(file, ex::LAPLACE, x.laplace, {"exact E[exp(-r tau); learned] at r", ""}));
        if (!x.terminal_probability.empty())
            add(by_state,
                write_dataset(file, ex::TERMINAL_PROBABILITY, x.terminal_probability,
                              {"exact probability of each terminal state (last: not learned, if capped)", ""}));
        if (!x.phase_times.empty()) {
            const Dataset phases = write_dataset(file, ex::PHASE_TIMES, x.phase_times,
                                                 {"start times of the greedy phases (closest-set changes)", TIME});
            attach_scale(phases, "phase_times", std::span<const Dataset* const>{}, 0);
        }
        attach_scale(xt, "t", along_t, 0);
        attach_scale(xt, "t", along_t_by_state, 1);
        attach_scale(exact_state, "learned_state", along_t_by_state, 0);
        attach_scale(exact_r, "r", exact_by_r, 0);
    }
    attach_scale(r_axis, "r", by_r, 0);
    attach_scale(state, "state", by_state, 0);
}

} // namespace

Group write_model_group(const File& file, const app::ModelSpec& m) {
    Group model = create_group(file, schema::MODEL);
    write_attribute(model, "states", static_cast<std::int64_t>(m.states));
    write_attribute(model, "prior", std::span<const double>(m.prior));
    write_attribute(model, "entropy", m.entropy);
    if (m.entropy_parameter)
        write_attribute(model, std::string(entropy::Entropy::parameter_name(m.entropy)), *m.entropy_parameter);
    write_attribute(model, "chi", m.chi);
    write_attribute(model, "process", m.process);
    write_attribute(model, "throughput_fraction", m.throughput_fraction);
    return model;
}

Provenance simulation_provenance(const app::SimulationResult& result, const std::string& config_text) {
    return {config_text, result.spec.plan.seed, result.threads, result.estimates.paths, result.spec.plan.block_size};
}

void write_simulation_groups(const File& file, const app::SimulationResult& result) {
    write_model(file, result);
    write_estimates(file, result);
    if (result.audit) write_audit(file, *result.audit);
    write_sample_paths(file, result.sample_paths, result.spec.model.states);
}

void write_simulation(const app::SimulationResult& result, const std::string& config_text,
                      const std::filesystem::path& out) {
    write_atomically(out, simulation_provenance(result, config_text),
                     [&](const File& file) { write_simulation_groups(file, result); });
}

} // namespace beliefsim::io
