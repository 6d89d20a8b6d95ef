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

void write_provenance(const File& file, const simulation::SimulationResult& r, const std::string& config_text) {
    write_attribute(file, schema::root::TOOL, std::string_view(schema::TOOL_NAME));
    write_attribute(file, schema::root::VERSION, std::string_view(VERSION));
    write_attribute(file, schema::root::GIT_SHA1, std::string_view(GIT_SHA1));
    write_attribute(file, schema::root::CREATED_UTC, utc_now());
    write_attribute(file, schema::root::SEED, static_cast<std::uint64_t>(r.spec.plan.seed));
    write_attribute(file, schema::root::THREADS, static_cast<std::int64_t>(r.threads));
    write_attribute(file, schema::root::PATHS, static_cast<std::uint64_t>(r.estimates.paths));
    write_attribute(file, schema::root::BLOCK_SIZE, static_cast<std::uint64_t>(r.spec.plan.block_size));
    (void)write_string(file, schema::CONFIG, config_text,
                       {"TOML configuration file as read; command-line overrides of seed, threads and paths "
                        "are recorded in the root attributes",
                        ""});
}

void write_model(const File& file, const simulation::ModelSpec& m) {
    const Group model = create_group(file, schema::MODEL);
    write_attribute(model, "states", static_cast<std::int64_t>(m.states));
    write_attribute(model, "prior", std::span<const double>(m.prior));
    write_attribute(model, "entropy", m.entropy);
    if (m.entropy_parameter)
        write_attribute(model, std::string(entropy::Entropy::parameter_name(m.entropy)), *m.entropy_parameter);
    write_attribute(model, "chi", m.chi);
    write_attribute(model, "process", m.process);
}

void write_estimates(const File& file, const simulation::SimulationResult& r) {
    const estimators::StoppingTimeSummary& e = r.estimates;
    const auto states = static_cast<std::size_t>(r.spec.model.states);
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

    std::vector<std::int32_t> state_index(states);
    for (std::size_t s = 0; s < states; ++s) state_index[s] = static_cast<std::int32_t>(s);
    const Dataset state = write_dataset(file, st::STATE, state_index, {"terminal state index (0-based: theta - 1)", ""});

    const Dataset t = write_dataset(file, st::ECDF_T, e.ecdf_t, {"ECDF grid t_j = j * t_max / (points - 1)", TIME});
    const Dataset F = write_dataset(file, st::ECDF_F, e.ecdf_F, {"empirical CDF P(tau <= t) on the grid t", ""});
    const Dataset F_se = write_dataset(file, st::ECDF_F_STDERR, e.ecdf_F_stderr, {"standard error of F", ""});
    const Dataset F_state = write_dataset(file, st::ECDF_F_BY_STATE, e.ecdf_F_by_state, Shape2{states, e.ecdf_t.size()},
                                          {"P(tau <= t, terminal state = state) (states x points)", ""});
    attach_scale(t, "t", std::array{&F, &F_se}, 0);
    attach_scale(t, "t", std::array{&F_state}, 1);

    const Dataset r_axis = write_dataset(file, st::LAPLACE_R, e.laplace_r, {"discount rates r", RATE});
    const Dataset lap = write_dataset(file, st::LAPLACE_MEAN, e.laplace_mean, {"Monte Carlo estimate of E[exp(-r tau)]", ""});
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
    std::vector<Dataset> exact_sets;
    if (r.exact) {
        const simulation::ExactLaw& x = *r.exact;
        const Group group = create_group(file, ex::GROUP);
        write_attribute(group, ex::MEAN, x.mean);
        write_attribute(group, ex::VARIANCE, x.variance);
        const Dataset xt = write_dataset(file, ex::T, x.t, {"grid of the exact law", TIME});
        const Shape2 grid{states, x.t.size()};
        exact_sets.push_back(write_dataset(file, ex::SURVIVAL, x.survival, {"exact P(tau > t)", ""}));
        exact_sets.push_back(write_dataset(file, ex::DENSITY, x.density, {"exact density of tau", RATE}));
        exact_sets.push_back(write_dataset(file, ex::STATE_DENSITY, x.state_density, grid,
                                           {"exact density of (tau, terminal state) (states x points)", RATE}));
        exact_sets.push_back(write_dataset(file, ex::STATE_CDF, x.state_cdf, grid,
                                           {"exact P(tau <= t, terminal state) (states x points)", ""}));
        exact_sets.push_back(write_dataset(file, ex::LAPLACE, x.laplace, {"exact E[exp(-r tau)] at laplace/r", ""}));
        exact_sets.push_back(write_dataset(file, ex::TERMINAL_PROBABILITY, x.terminal_probability,
                                           {"exact probability of each terminal state", ""}));
        (void)write_dataset(file, ex::PHASE_TIMES, x.phase_times,
                            {"start times of the greedy phases (closest-set changes)", TIME});
        attach_scale(xt, "t", std::array{&exact_sets[0], &exact_sets[1]}, 0);
        attach_scale(xt, "t", std::array{&exact_sets[2], &exact_sets[3]}, 1);
        by_r.push_back(&exact_sets[4]);
        by_state.insert(by_state.end(), {&exact_sets[2], &exact_sets[3], &exact_sets[5]});
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
    for (std::size_t s = 0; s < freq.size() && s < freq_se.size(); ++s)
        line("P(terminal state " + std::to_string(s) + ")", freq[s], freq_se[s], exact_value(prob, s));
    os << std::right;
}

} // namespace

std::filesystem::path temporary_path(const std::filesystem::path& out) {
    std::filesystem::path tmp = out;
    tmp += ".tmp";
    return tmp;
}

void write_simulation(const simulation::SimulationResult& result, const std::string& config_text,
                      const std::filesystem::path& out) {
    const std::filesystem::path tmp = temporary_path(out);
    try {
        File file = File::create(tmp);
        write_provenance(file, result, config_text);
        write_model(file, result.spec.model);
        write_estimates(file, result);
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
