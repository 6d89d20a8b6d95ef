#include "beliefsim/io/simulation_file.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/version.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {
namespace {

namespace st = schema::stopping_time;
namespace ex = schema::exact;

const std::string TIME = "model time";
const std::string RATE = "1/model time";

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

void write_provenance(const File& file, const app::SimulationResult& r, const std::string& config_text) {
    write_attribute(file, schema::root::SEED, static_cast<std::uint64_t>(r.spec.plan.seed));
    write_attribute(file, schema::root::THREADS, static_cast<std::int64_t>(r.threads));
    write_attribute(file, schema::root::PATHS, static_cast<std::uint64_t>(r.estimates.paths));
    write_attribute(file, schema::root::BLOCK_SIZE, static_cast<std::uint64_t>(r.spec.plan.block_size));
    (void)write_string(file, schema::CONFIG, config_text,
                       {"TOML configuration file as read; command-line overrides of seed, threads and paths "
                        "are recorded in the root attributes",
                        ""});
}

void write_model(const File& file, const app::SimulationResult& r) {
    const app::ModelSpec& m = r.spec.model;
    const Group model = create_group(file, schema::MODEL);
    write_attribute(model, "states", static_cast<std::int64_t>(m.states));
    write_attribute(model, "prior", std::span<const double>(m.prior));
    write_attribute(model, "entropy", m.entropy);
    if (m.entropy_parameter)
        write_attribute(model, std::string(entropy::Entropy::parameter_name(m.entropy)), *m.entropy_parameter);
    write_attribute(model, "chi", m.chi);
    write_attribute(model, "process", m.process);
    write_attribute(model, "throughput_fraction", m.throughput_fraction);
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
        write_dataset(file, au::EXCESS_MEAN, a.excess_mean,
                      {"E[increment - chi * alive time]: > 0 beyond noise means the constraint is violated", "entropy"}),
        write_dataset(file, au::EXCESS_STDERR, a.excess_stderr, {"standard error of excess_mean", "entropy"}),
    };
    std::vector<const Dataset*> along_t;
    for (const Dataset& ds : sets) along_t.push_back(&ds);
    attach_scale(t, "t", along_t, 0);
}

void write_sample_paths(const File& file, const std::vector<app::SamplePath>& paths, int states) {
    if (paths.empty()) return;
    (void)create_group(file, schema::SAMPLE_PATHS);
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::ostringstream name;
        name << schema::SAMPLE_PATHS << '/' << std::setw(6) << std::setfill('0') << i;
        const Group group = create_group(file, name.str());
        write_attribute(group, "terminal_state", static_cast<std::int64_t>(paths[i].terminal_state));
        const Dataset t = write_dataset(file, name.str() + "/t", paths[i].t, {"times of the stored points", TIME});
        const Dataset mu = write_dataset(file, name.str() + "/belief", paths[i].belief,
                                         Shape2{paths[i].t.size(), static_cast<std::size_t>(states)},
                                         {"belief mu_t at each time (points x states)", ""});
        attach_scale(t, "t", std::array{&mu}, 0);
    }
}

void write_estimates(const File& file, const app::SimulationResult& r) {
    const estimators::StoppingTimeSummary& e = r.estimates;
    const auto states = static_cast<std::size_t>(r.spec.model.states);
    const std::size_t categories = e.terminal_freq.size(); // states, + "not learned" when capped
    (void)write_scalar(file, st::MEAN, e.mean.value, {"Monte Carlo estimate of E[tau]", TIME});
    (void)write_scalar(file, st::MEAN_STDERR, e.mean.std_error, {"standard error of mean", TIME});
    (void)write_scalar(file, st::VARIANCE, e.variance.value, {"Monte Carlo estimate of Var[tau]", "model time^2"});
    (void)write_scalar(file, st::VARIANCE_STDERR, e.variance.std_error,
                       {"standard error of variance", "model time^2"});

    (void)write_dataset(file, st::HISTOGRAM_EDGES, e.histogram_edges,
                        {"bin edges of the stopping-time histogram (bins + 1 values)", TIME});
    (void)write_dataset(file, st::HISTOGRAM_COUNTS, e.histogram_counts,
                        {"paths with tau in [edges[i], edges[i+1])", ""});
    (void)write_scalar(file, st::HISTOGRAM_OVERFLOW, e.histogram_overflow, {"paths with tau >= edges[-1]", ""});

    std::vector<std::int32_t> state_index(categories);
    for (std::size_t s = 0; s < categories; ++s)
        state_index[s] = s < states ? static_cast<std::int32_t>(s) : process::NOT_LEARNED;
    const Dataset state = write_dataset(file, st::STATE, state_index,
                                        {"terminal state index (0-based: theta - 1; -1: not learned by the token cap)", ""});

    const Dataset t = write_dataset(file, st::ECDF_T, e.ecdf_t, {"ECDF grid t_j = j * t_max / (points - 1)", TIME});
    const Dataset F = write_dataset(file, st::ECDF_F, e.ecdf_F, {"empirical CDF P(tau <= t) on the grid t", ""});
    const Dataset F_se = write_dataset(file, st::ECDF_F_STDERR, e.ecdf_F_stderr, {"standard error of F", ""});
    const Dataset F_state = write_dataset(file, st::ECDF_F_BY_STATE, e.ecdf_F_by_state, Shape2{categories, e.ecdf_t.size()},
                                          {"P(tau <= t, terminal state = state) (states x points)", ""});
    attach_scale(t, "t", std::array{&F, &F_se}, 0);
    attach_scale(t, "t", std::array{&F_state}, 1);

    const Dataset r_axis = write_dataset(file, st::LAPLACE_R, e.laplace_r, {"discount rates r", RATE});
    const Dataset lap = write_dataset(file, st::LAPLACE_MEAN, e.laplace_mean,
                                      {r.time_cap ? "Monte Carlo estimate of E[exp(-r tau); learned by the cap]"
                                                  : "Monte Carlo estimate of E[exp(-r tau)]",
                                       ""});
    const Dataset lap_se = write_dataset(file, st::LAPLACE_STDERR, e.laplace_stderr, {"standard error of laplace/mean", ""});

    const Dataset freq = write_dataset(file, st::TERMINAL_FREQ, e.terminal_freq, {"frequency of each terminal state", ""});
    const Dataset freq_se = write_dataset(file, st::TERMINAL_FREQ_STDERR, e.terminal_freq_stderr,
                                          {"standard error of terminal_state_freq", ""});

    if (r.spec.estimators.raw_sample_cap > 0) {
        (void)write_dataset(file, st::RAW_TAU, e.raw_tau, {"stopping times of the first paths, by path index", TIME});
        (void)write_dataset(file, st::RAW_STATE, e.raw_state, {"terminal state (0-based) of the same paths", ""});
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
        add(along_t, write_dataset(file, ex::SURVIVAL, x.survival, {"exact P(min(tau, T) > t) (T: token cap, if any)", ""}));
        if (!x.density.empty())
            add(along_t, write_dataset(file, ex::DENSITY, x.density, {"exact density of tau (continuous part)", RATE}));
        if (!x.state_density.empty())
            add(along_t_by_state, write_dataset(file, ex::STATE_DENSITY, x.state_density, grid,
                                                {"exact density of (tau, terminal state) (states x points)", RATE}));
        if (!x.state_cdf.empty())
            add(along_t_by_state, write_dataset(file, ex::STATE_CDF, x.state_cdf, grid,
                                                {"exact P(tau <= min(t, T), terminal state) (states x points)", ""}));
        by_state.insert(by_state.end(), along_t_by_state.begin(), along_t_by_state.end());
        if (!x.laplace.empty())
            add(by_r, write_dataset(file, ex::LAPLACE, x.laplace, {"exact E[exp(-r tau); learned] at laplace/r", ""}));
        if (!x.terminal_probability.empty())
            add(by_state, write_dataset(file, ex::TERMINAL_PROBABILITY, x.terminal_probability,
                                        {"exact probability of each terminal state (last: not learned, if capped)", ""}));
        if (!x.phase_times.empty())
            (void)write_dataset(file, ex::PHASE_TIMES, x.phase_times,
                                {"start times of the greedy phases (closest-set changes)", TIME});
        attach_scale(xt, "t", along_t, 0);
        attach_scale(xt, "t", along_t_by_state, 1);
    }
    attach_scale(r_axis, "r", by_r, 0);
    attach_scale(state, "state", by_state, 0);
}

std::string pm(double value, double se) {
    std::ostringstream os;
    os << std::setprecision(6) << value << " ± " << std::setprecision(2) << se;
    return os.str();
}

void summarize_estimates(const File& file, std::ostringstream& os) {
    const auto scalar = [&](const char* path) { return read_doubles(open_dataset(file, path)).at(0); };
    const bool has_exact = exists(file, ex::GROUP);
    const std::optional<Group> exact = has_exact ? std::optional<Group>(open_group(file, ex::GROUP)) : std::nullopt;
    const auto exact_attr = [&](const char* name) {
        return exact ? "exact " + attribute_text(*exact, name) : std::string();
    };
    const auto line = [&](const std::string& label, double value, double se, const std::string& exact_text) {
        os << "  " << std::left << std::setw(24) << label << std::setw(24) << pm(value, se) << exact_text << '\n';
    };
    const auto exact_value = [](const std::vector<double>& v, std::size_t i) {
        std::ostringstream e;
        if (i < v.size()) e << "exact " << std::setprecision(6) << v[i];
        return e.str();
    };
    os << "\nestimates (Monte Carlo ± standard error)\n";
    line("E[tau]", scalar(st::MEAN), scalar(st::MEAN_STDERR), exact_attr(ex::MEAN));
    line("Var[tau]", scalar(st::VARIANCE), scalar(st::VARIANCE_STDERR), exact_attr(ex::VARIANCE));
    const auto column = [&](const char* path) {
        return exists(file, path) ? read_doubles(open_dataset(file, path)) : std::vector<double>{};
    };
    const auto r = column(st::LAPLACE_R), lap = column(st::LAPLACE_MEAN), lap_se = column(st::LAPLACE_STDERR);
    const auto lap_exact = column(ex::LAPLACE);
    for (std::size_t i = 0; i < r.size() && i < lap.size() && i < lap_se.size(); ++i) {
        std::ostringstream label;
        label << "E[exp(-r tau)] r=" << r[i];
        line(label.str(), lap[i], lap_se[i], exact_value(lap_exact, i));
    }
    const auto freq = column(st::TERMINAL_FREQ), freq_se = column(st::TERMINAL_FREQ_STDERR);
    const auto prob = column(ex::TERMINAL_PROBABILITY);
    const auto state = column(st::STATE);
    for (std::size_t s = 0; s < freq.size() && s < freq_se.size(); ++s) {
        const bool not_learned = s < state.size() && state[s] < 0;
        line(not_learned ? "P(not learned)" : "P(terminal state " + std::to_string(s) + ")", freq[s], freq_se[s],
             exact_value(prob, s));
    }
    os << std::right;
}

} // namespace

std::filesystem::path temporary_path(const std::filesystem::path& out) {
    std::filesystem::path tmp = out;
    tmp += ".tmp";
    return tmp;
}

void write_atomically(const std::filesystem::path& out, const std::function<void(const File&)>& fill) {
    const std::filesystem::path tmp = temporary_path(out);
    try {
        File file = File::create(tmp);
        write_attribute(file, schema::root::TOOL, std::string_view(schema::TOOL_NAME));
        write_attribute(file, schema::root::VERSION, std::string_view(VERSION));
        write_attribute(file, schema::root::GIT_SHA1, std::string_view(GIT_SHA1));
        write_attribute(file, schema::root::CREATED_UTC, utc_now());
        fill(file);
        file.close();
        std::error_code ec;
        std::filesystem::rename(tmp, out, ec);
        if (ec) throw Error("cannot rename '" + tmp.string() + "' to '" + out.string() + "': " + ec.message());
    } catch (...) {
        // A partial file must never look finished: drop the temporary, whatever failed.
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw;
    }
}

void write_simulation_groups(const File& file, const app::SimulationResult& result,
                             const std::string& config_text) {
    write_provenance(file, result, config_text);
    write_model(file, result);
    write_estimates(file, result);
    if (result.audit) write_audit(file, *result.audit);
    write_sample_paths(file, result.sample_paths, result.spec.model.states);
}

void write_simulation(const app::SimulationResult& result, const std::string& config_text,
                      const std::filesystem::path& out) {
    write_atomically(out, [&](const File& file) { write_simulation_groups(file, result, config_text); });
}

std::string summarize_file(const std::filesystem::path& path) {
    const File file = File::open_read(path);
    if (!has_attribute(file, schema::root::TOOL) ||
        attribute_text(file, schema::root::TOOL) != std::string(schema::TOOL_NAME))
        throw ConfigError(path.string(), "not a beliefsim output (root attribute `tool` is not \"beliefsim\")");

    std::ostringstream os;
    os << "beliefsim output " << path.string() << '\n';
    for (const auto& name : attribute_names(file)) os << "  " << name << " = " << attribute_text(file, name) << '\n';
    if (exists(file, schema::MODEL)) {
        const Group model = open_group(file, schema::MODEL);
        os << "\nmodel\n";
        for (const auto& name : attribute_names(model))
            os << "  " << name << " = " << attribute_text(model, name) << '\n';
    }
    if (exists(file, st::MEAN)) summarize_estimates(file, os);
    if (exists(file, schema::audit::GROUP)) {
        const Group audit = open_group(file, schema::audit::GROUP);
        os << "\nthroughput audit: " << attribute_text(audit, schema::audit::VERDICT) << " ("
           << attribute_text(audit, "paths") << " paths; E[H(mu_T) - H(mu_0)] = " << attribute_text(audit, "total_increment")
           << " ± " << attribute_text(audit, "total_increment_stderr") << " against chi E[min(tau, T)] = "
           << attribute_text(audit, "total_alive_bound") << ")\n";
    }

    if (exists(file, "/menu") && has_attribute(open_group(file, "/menu"), "revenue")) {
        const Group menu = open_group(file, "/menu");
        const auto text = [&](const char* name) { return has_attribute(menu, name) ? attribute_text(menu, name) : "-"; };
        os << "\ntoken-cap menu: revenue " << text("revenue") << " ± " << text("revenue_stderr") << " (law "
           << text("law") << "), max IC violation " << text("max_ic_violation") << ", max IR violation "
           << text("max_ir_violation") << ", ironed " << text("ironed") << '\n';
        for (const char* family : {"constant_delay", "diffusion"}) {
            const std::string group = std::string("/menu/families/") + family;
            if (exists(file, group))
                os << "  family " << family << ": revenue " << attribute_text(open_group(file, group), "revenue")
                   << " (ratio " << attribute_text(open_group(file, group), "revenue_ratio") << ")\n";
        }
    }

    os << "\ndatasets\n";
    for (const auto& name : list_datasets(file)) {
        const Dataset ds = open_dataset(file, name);
        std::string dims;
        for (const std::size_t d : shape(ds)) dims += (dims.empty() ? "" : " x ") + std::to_string(d);
        const std::string units = has_attribute(ds, schema::UNITS) ? " [" + attribute_text(ds, schema::UNITS) + "]" : "";
        const std::string description =
            has_attribute(ds, schema::DESCRIPTION) ? attribute_text(ds, schema::DESCRIPTION) : "(no description)";
        os << "  " << std::left << std::setw(46) << name << std::setw(10) << (dims.empty() ? "scalar" : dims)
           << std::right << description << units << '\n';
    }
    return os.str();
}

} // namespace beliefsim::io
