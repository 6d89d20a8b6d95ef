#include "beliefsim/app/simulate.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/app/audit.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/binary_reference.hpp"
#include "beliefsim/process/constant_delay.hpp"
#include "beliefsim/process/diffusion.hpp"
#include "beliefsim/process/greedy.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>
#include <variant>

namespace beliefsim::app {
namespace {

using process::ConstantDelayModel;
using process::DiffusionModel;
using process::GreedyModel;
using Process = std::variant<GreedyModel, DiffusionModel, ConstantDelayModel>;

constexpr double GRID_QUANTILE = 0.9999; // default grids reach this quantile of τ

std::string text(double x) {
    std::ostringstream os;
    os.precision(12);
    os << x;
    return os.str();
}

Vector validated_prior(const ModelSpec& m) {
    if (m.states < 2 || m.states > MAX_STATES)
        throw ConfigError("model.states", "must be an integer in [2, " + std::to_string(MAX_STATES) + "] (got " +
                                              std::to_string(m.states) + ")");
    if (static_cast<int>(m.prior.size()) != m.states)
        throw ConfigError("model.prior", "must have `states` = " + std::to_string(m.states) + " entries (got " +
                                             std::to_string(m.prior.size()) + ")");
    double sum = 0;
    for (const double p : m.prior) {
        if (!(std::isfinite(p) && p > 0))
            throw ConfigError("model.prior", "every entry must be > 0 (the open simplex; got " + text(p) + ")");
        sum += p;
    }
    if (std::abs(sum - 1) > 1e-9) throw ConfigError("model.prior", "must sum to 1 (sum = " + text(sum) + ")");
    Vector prior(m.states);
    for (int i = 0; i < m.states; ++i) prior[i] = m.prior[static_cast<std::size_t>(i)] / sum;
    return prior; // renormalized: removes the rounding of TOML decimals, bounded by the check above
}

process::DiffusionSpec diffusion_spec(const SimulationSpec& spec, const entropy::Entropy& h, const Vector& prior,
                                      process::DiffusionScheme scheme) {
    process::DiffusionSpec d{h, prior, spec.model.chi, spec.model.throughput_fraction, scheme, spec.diffusion.dt,
                             spec.diffusion.max_time, {}};
    return d;
}

Process build_process(const SimulationSpec& spec) {
    const ModelSpec& m = spec.model;
    const Vector prior = validated_prior(m);
    if (!(std::isfinite(m.chi) && m.chi > 0)) throw ConfigError("model.chi", "must be > 0 (got " + text(m.chi) + ")");
    const double f = m.throughput_fraction;
    if (!(f > 0 && f <= 1)) throw ConfigError("model.throughput_fraction", "must be in (0, 1] (got " + text(f) + ")");
    const auto h = entropy::Entropy::from_name(m.entropy, m.entropy_parameter, m.states);
    if (m.process == "greedy") {
        if (f != 1)
            throw ConfigError("model.throughput_fraction",
                              "the greedy process spends the whole budget: it must be 1 (got " + text(f) + ")");
        return GreedyModel({h, prior, m.chi});
    }
    if (m.process == "constant-delay") return ConstantDelayModel({h, prior, m.chi, f});
    if (m.process == "diffusion") {
        if (spec.diffusion.scheme != "auto")
            return DiffusionModel(diffusion_spec(spec, h, prior, process::scheme_from_name(spec.diffusion.scheme)));
        DiffusionModel bridge(diffusion_spec(spec, h, prior, process::DiffusionScheme::bridge));
        if (!bridge.brownian()) return bridge;
        return DiffusionModel(diffusion_spec(spec, h, prior, process::DiffusionScheme::exact));
    }
    throw ConfigError("model.process",
                      "unknown process \"" + m.process + "\" (available: greedy, diffusion, constant-delay)");
}

// ---------------------------------------------------------------- exact laws

/// What a process knows exactly about its stopping law (uncapped). Empty functions: not known.
struct LawFunctions {
    std::string source;
    std::function<double(double)> survival, density;
    std::function<Vector(double)> state_cdf, state_density;
    std::function<double(double)> laplace;
    Vector terminal;
    double mean = 0, variance = 0;
    std::vector<double> kinks;       ///< times where the density is not smooth (phase switches)
    std::optional<double> atom;      ///< a deterministic τ (constant delay)
    std::vector<double> phase_times;
};

LawFunctions law_of(const GreedyModel& g) {
    LawFunctions law{"greedy: no-jump ODE (Boost.Odeint) and its cumulative hazard",
                     [&g](double t) { return g.survival(t); },
                     [&g](double t) { return g.density(t); },
                     [&g](double t) { return g.state_cdfs(t); },
                     [&g](double t) { return g.state_densities(t); },
                     [&g](double r) { return g.laplace(r); },
                     g.terminal_probabilities(),
                     g.mean(),
                     g.variance(),
                     {},
                     std::nullopt,
                     {}};
    for (const auto& phase : g.phases()) {
        law.phase_times.push_back(phase.start_time);
        if (phase.start_time > 0) law.kinks.push_back(phase.start_time);
    }
    return law;
}

LawFunctions law_of(const ConstantDelayModel& c) {
    const double tau = c.delay();
    LawFunctions law;
    law.source = "constant delay: deterministic tau";
    law.survival = [tau](double t) { return t < tau ? 1.0 : 0.0; };
    const Vector prior = c.spec().prior;
    law.state_cdf = [tau, prior](double t) { return t < tau ? Vector(Vector::Zero(prior.size())) : prior; };
    law.laplace = [tau](double r) { return std::exp(-r * tau); };
    law.terminal = prior;
    law.mean = tau;
    law.atom = tau;
    return law;
}

/// Var τ of x0 + σW leaving [0, 1]: E[τ²] = x(1−x)(1+x−x²)/(3σ⁴) solves ½σ²m₂'' = −2E_x[τ].
double brownian_variance(double x, double sigma2) {
    const double mean = x * (1 - x) / sigma2;
    return x * (1 - x) * (1 + x - x * x) / (3 * sigma2 * sigma2) - mean * mean;
}

/// Binary diffusions: the Brownian exit law in closed form, otherwise the Feynman-Kac reference.
std::optional<LawFunctions> law_of(const DiffusionModel& d, std::shared_ptr<const process::BinaryDiffusionReference>& keep) {
    if (d.states() != 2) return std::nullopt;
    Vector terminal(2);
    if (const process::BrownianExitLaw* b = d.exact_law()) {
        terminal << b->terminal_probability(0), b->terminal_probability(1);
        LawFunctions law{"binary Brownian motion: exit-time series (images / eigenfunctions)",
                         [b](double t) { return b->survival(t); },
                         [b](double t) { return b->density(t); },
                         [b](double t) {
                             Vector v(2);
                             v << b->state_cdf(0, t), b->state_cdf(1, t);
                             return v;
                         },
                         [b](double t) {
                             Vector v(2);
                             v << b->state_density(0, t), b->state_density(1, t);
                             return v;
                         },
                         [b](double r) { return b->laplace(r); },
                         terminal,
                         b->mean(),
                         brownian_variance(b->x0(), b->variance()),
                         {},
                         std::nullopt,
                         {}};
        return law;
    }
    keep = std::make_shared<const process::BinaryDiffusionReference>(process::BinaryDiffusionSpec{
        d.spec().prior[0], d.spec().entropy, d.spec().chi, d.spec().fraction, 0.5});
    const process::BinaryDiffusionReference* ref = keep.get();
    terminal << ref->probability_upper(), 1 - ref->probability_upper();
    LawFunctions law;
    law.source = "binary diffusion: Feynman-Kac boundary-value problem (Boost.Odeint), Laplace inversion";
    law.survival = [ref](double t) { return ref->survival(t); };
    law.density = [ref](double t) { return ref->density(t); };
    law.laplace = [ref](double r) { return ref->laplace(r); };
    law.terminal = terminal;
    law.mean = ref->mean();
    law.variance = ref->variance();
    return law;
}

/// ∫_a^b f over pieces split at the kinks (adaptive Gauss-Kronrod).
double integrate(const std::function<double(double)>& f, double a, double b, const std::vector<double>& kinks) {
    std::vector<double> cuts = {a};
    for (const double k : kinks)
        if (k > a && k < b) cuts.push_back(k);
    cuts.push_back(b);
    double total = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
        total += boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, cuts[i], cuts[i + 1], 15, 1e-12);
    return total;
}

/// t with P(τ > t) = 1 − p, by bracketing.
double quantile(const LawFunctions& law, double p) {
    if (law.atom) return *law.atom;
    double hi = std::max(law.mean, 1e-6);
    while (law.survival(hi) > 1 - p) hi *= 2;
    const auto gap = [&](double t) { return law.survival(t) - (1 - p); };
    std::uintmax_t iterations = 100;
    const auto root = boost::math::tools::toms748_solve(gap, 0.0, hi, gap(0.0), gap(hi),
                                                        boost::math::tools::eps_tolerance<double>(30), iterations);
    return 0.5 * (root.first + root.second);
}

ExactLaw tabulate(const LawFunctions& law, const SimulationSpec& spec, std::optional<double> cap) {
    ExactLaw x;
    x.source = law.source;
    x.phase_times = law.phase_times;
    const double T = cap.value_or(std::numeric_limits<double>::infinity());
    const int points = spec.exact_points;
    const auto states = static_cast<std::size_t>(spec.model.states);
    for (int j = 0; j < points; ++j) x.t.push_back(spec.estimators.ecdf_max * j / (points - 1));
    const bool densities = static_cast<bool>(law.density), by_state = static_cast<bool>(law.state_cdf);
    if (by_state) {
        x.state_cdf.resize(states * x.t.size());
        if (law.state_density) x.state_density.resize(states * x.t.size());
    }
    for (std::size_t j = 0; j < x.t.size(); ++j) {
        const double t = std::min(x.t[j], T); // the law of min(τ, T) is frozen from T on
        const bool after_cap = x.t[j] >= T;
        x.survival.push_back(after_cap ? 0.0 : law.survival(t));
        if (densities) x.density.push_back(after_cap ? 0.0 : law.density(t));
        if (!by_state) continue;
        const Vector cdf = law.state_cdf(t);
        for (std::size_t s = 0; s < states; ++s) x.state_cdf[s * x.t.size() + j] = cdf[static_cast<Eigen::Index>(s)];
        if (!law.state_density) continue;
        const Vector dens = after_cap ? Vector(Vector::Zero(static_cast<Eigen::Index>(states))) : law.state_density(t);
        for (std::size_t s = 0; s < states; ++s)
            x.state_density[s * x.t.size() + j] = dens[static_cast<Eigen::Index>(s)];
    }
    if (!cap || (law.atom && *law.atom <= T)) {
        for (const double r : spec.estimators.laplace_r) x.laplace.push_back(law.laplace(r));
        x.terminal_probability.assign(law.terminal.begin(), law.terminal.end());
        if (cap) x.terminal_probability.push_back(0.0);
        x.mean = law.mean;
        x.variance = law.atom ? 0.0 : law.variance;
        return x;
    }
    // Capped: E[e^{−rτ}; τ ≤ T] = ∫₀ᵀ e^{−rt} f(t) dt, E[min(τ,T)] = ∫₀ᵀ S, E[min(τ,T)²] = 2∫₀ᵀ t S.
    if (law.atom) { // a constant delay longer than the cap never learns
        x.laplace.assign(spec.estimators.laplace_r.size(), 0.0);
        x.terminal_probability.assign(states, 0.0);
        x.terminal_probability.push_back(1.0);
        x.mean = T;
        return x;
    }
    if (densities)
        for (const double r : spec.estimators.laplace_r)
            x.laplace.push_back(integrate([&](double t) { return std::exp(-r * t) * law.density(t); }, 0, T, law.kinks));
    if (by_state) {
        const Vector learned = law.state_cdf(T);
        x.terminal_probability.assign(learned.begin(), learned.end());
        x.terminal_probability.push_back(law.survival(T));
    }
    x.mean = integrate(law.survival, 0, T, law.kinks);
    x.variance = 2 * integrate([&](double t) { return t * law.survival(t); }, 0, T, law.kinks) - x.mean * x.mean;
    return x;
}

// ---------------------------------------------------------------- sample paths

/// Records (t, μ) of one stepped path, keeping at most `max_points` (then the last point).
struct PathRecorder final : process::PathObserver {
    std::span<const double> stops; // {T} when capped: the belief at T ends a capped path
    std::size_t max_points;
    double cap;
    SamplePath path;
    std::optional<Vector> at_cap;
    PathRecorder(std::span<const double> s, std::size_t m, double T) : stops(s), max_points(m), cap(T) {}
    [[nodiscard]] std::span<const double> times() const override { return stops; }
    void at_time(std::size_t /*k*/, const Vector& mu) override { at_cap = mu; }
    void on_step(double t, const Vector& mu) override {
        if (t > cap || path.t.size() >= max_points) return;
        path.t.push_back(t);
        path.belief.insert(path.belief.end(), mu.begin(), mu.end());
    }
};

void append(SamplePath& path, double t, const Vector& mu) {
    path.t.push_back(t);
    path.belief.insert(path.belief.end(), mu.begin(), mu.end());
}

std::vector<SamplePath> sample_paths(const Process& model, const DiffusionModel* path_model, const SimulationSpec& spec,
                                     double cap) {
    std::vector<SamplePath> out;
    const auto max_points = static_cast<std::size_t>(spec.sample_paths.max_points);
    for (int i = 0; i < spec.sample_paths.count; ++i) {
        auto rng = rng::make_path_rng(spec.plan.seed, static_cast<rng::PathIndex>(i));
        SamplePath path;
        if (const auto* g = std::get_if<GreedyModel>(&model)) {
            const auto o = g->sample(rng);
            const double stop = std::min(o.tau, cap);
            const std::size_t points = std::max<std::size_t>(2, std::min<std::size_t>(max_points - 1, 200));
            for (std::size_t j = 0; j < points; ++j) {
                const double t = stop * static_cast<double>(j) / static_cast<double>(points - 1);
                append(path, t, g->belief(t));
            }
            path.terminal_state = o.tau <= cap ? o.terminal_state : process::NOT_LEARNED;
            if (o.tau <= cap) append(path, o.tau, Vector::Unit(g->states(), o.terminal_state));
        } else if (const auto* c = std::get_if<ConstantDelayModel>(&model)) {
            const auto o = c->sample(rng);
            append(path, 0, c->spec().prior);
            append(path, std::min(o.tau, cap), c->spec().prior);
            path.terminal_state = o.tau <= cap ? o.terminal_state : process::NOT_LEARNED;
            if (o.tau <= cap) append(path, o.tau, Vector::Unit(c->states(), o.terminal_state));
        } else {
            const std::vector<double> stops = std::isfinite(cap) ? std::vector<double>{cap} : std::vector<double>{};
            PathRecorder recorder(stops, max_points, cap);
            const auto o = path_model->sample(rng, recorder);
            path = std::move(recorder.path);
            path.terminal_state = o.tau <= cap ? o.terminal_state : process::NOT_LEARNED;
            if (o.tau > cap && recorder.at_cap) append(path, cap, *recorder.at_cap);
        }
        out.push_back(std::move(path));
    }
    return out;
}

/// Time grid maximum: the cap, or a clean number above the GRID_QUANTILE quantile of τ (from the
/// exact law, or from a pilot of the run's own first paths).
double horizon(const Process& model, const std::optional<LawFunctions>& law, const SimulationSpec& spec) {
    if (spec.token_cap) return *spec.token_cap / spec.model.chi;
    if (law) return std::ceil(1.25 * quantile(*law, GRID_QUANTILE));
    const auto* d = std::get_if<DiffusionModel>(&model);
    double longest = 0;
    for (rng::PathIndex i = 0; i < std::min<std::uint64_t>(spec.plan.paths, 500); ++i) {
        auto rng = rng::make_path_rng(spec.plan.seed, i);
        longest = std::max(longest, d->sample(rng).tau);
    }
    return std::ceil(1.5 * longest);
}

} // namespace

namespace {

/// A process and its exact law's functions, which refer into it: kept together on the heap.
struct HeldLaw {
    Process model;
    std::shared_ptr<const process::BinaryDiffusionReference> reference;
    std::optional<LawFunctions> law;
    explicit HeldLaw(Process m) : model(std::move(m)) {
        std::visit(
            [&](const auto& p) {
                if constexpr (std::is_same_v<std::decay_t<decltype(p)>, DiffusionModel>)
                    law = law_of(p, reference);
                else
                    law = law_of(p);
            },
            model);
    }
};

} // namespace

std::optional<StoppingLawFunctions> exact_stopping_law(const SimulationSpec& spec) {
    const auto held = std::make_shared<const HeldLaw>(build_process(spec));
    if (!held->law || !held->law->density) return std::nullopt;
    return StoppingLawFunctions{held->law->source, [held](double t) { return held->law->survival(t); },
                                [held](double t) { return held->law->density(t); },
                                [held](double r) { return held->law->laplace(r); }, held->law->mean,
                                held->law->kinks};
}

FamilyLaws family_laws(const SimulationSpec& spec) {
    SimulationSpec full = spec;
    full.model.throughput_fraction = 1;
    full.model.process = "constant-delay";
    FamilyLaws out;
    out.constant_delay = std::get<ConstantDelayModel>(build_process(full)).delay();
    full.model.process = "diffusion";
    full.diffusion.scheme = "auto";
    const auto held = std::make_shared<const HeldLaw>(build_process(full));
    if (held->law) {
        out.diffusion_laplace = [held](double r) { return held->law->laplace(r); };
        out.diffusion_mean = held->law->mean;
        out.diffusion_source = held->law->source;
    }
    return out;
}

SimulationResult simulate(SimulationSpec spec, const mc::ProgressCallback& progress, mc::Cluster* cluster) {
    const auto start = std::chrono::steady_clock::now();
    const HeldLaw held(build_process(spec));
    const Process& model = held.model;
    const std::optional<LawFunctions>& law = held.law;
    if (spec.token_cap && !(*spec.token_cap > 0))
        throw ConfigError("simulation.token_cap", "must be > 0 (got " + text(*spec.token_cap) + ")");
    const double cap = spec.token_cap ? *spec.token_cap / spec.model.chi : std::numeric_limits<double>::infinity();

    spec.estimators.states = spec.model.states;
    spec.estimators.capped = spec.token_cap.has_value();
    const double t_hi = horizon(model, law, spec);
    if (spec.estimators.histogram_max <= 0) spec.estimators.histogram_max = t_hi;
    if (spec.estimators.ecdf_max <= 0) spec.estimators.ecdf_max = t_hi;

    SimulationResult result;
    result.threads = mc::resolve_threads(spec.plan.threads);
    if (spec.token_cap) result.time_cap = cap;
    const estimators::StoppingTimeAccumulator empty(spec.estimators);
    const auto estimates = std::visit(
        [&](const auto& m) {
            using Model = std::decay_t<decltype(m)>;
            if (spec.token_cap) return mc::run(spec.plan, process::Capped<Model>{m, cap}, empty, progress, cluster);
            return mc::run(spec.plan, m, empty, progress, cluster);
        },
        model);
    if (cluster != nullptr && cluster->rank() != 0) return result; // rank 0 holds the run
    result.estimates = estimates.summary();
    if (law) result.exact = tabulate(*law, spec, result.time_cap);

    // The exact Brownian sampler has no path: the audit and the sample paths step the same law.
    std::optional<DiffusionModel> stepped;
    const DiffusionModel* path_model = nullptr;
    if (const auto* d = std::get_if<DiffusionModel>(&model)) {
        result.scheme = std::string(process::scheme_name(d->spec().scheme));
        if (d->spec().scheme == process::DiffusionScheme::exact) {
            auto s = d->spec();
            s.scheme = process::DiffusionScheme::bridge;
            stepped.emplace(std::move(s));
            path_model = &*stepped;
        } else {
            path_model = d;
        }
    }

    if (spec.audit.paths > 0) {
        const double audit_max = std::min(spec.audit.t_max > 0 ? spec.audit.t_max : spec.estimators.ecdf_max, cap);
        const AuditGrid grid{audit_max / spec.audit.intervals, spec.audit.intervals};
        const mc::RunPlan plan{std::min(spec.audit.paths, spec.plan.paths), 256, spec.plan.seed, spec.plan.threads};
        if (const auto* g = std::get_if<GreedyModel>(&model))
            result.audit = audit(*g, spec.model.chi, grid, plan, cap);
        else if (const auto* c = std::get_if<ConstantDelayModel>(&model))
            result.audit = audit(*c, spec.model.chi, grid, plan, cap);
        else
            result.audit = audit(*path_model, spec.model.chi, grid, plan, cap);
    }
    result.sample_paths = sample_paths(model, path_model, spec, cap);

    result.spec = std::move(spec);
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace beliefsim::app
