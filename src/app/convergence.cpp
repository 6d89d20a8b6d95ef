#include "beliefsim/app/convergence.hpp"

#include "beliefsim/app/exact_law.hpp"
#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/registry.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/process/constant_delay.hpp"
#include "beliefsim/process/diffusion.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace beliefsim::app {
namespace {

constexpr double DEFAULT_LADDER[] = {8, 4, 2, 1}; // × the model's dt
constexpr double ECDF_QUANTILE = 0.9;             // the compared ECDF times reach this quantile of τ
constexpr std::uint64_t PILOT_PATHS = 1000;       // paths that find that quantile without a law

/// The order a Richardson reference assumes: naive Euler's exit bias is O(√dt) (a path is only seen
/// at step ends); the bridge and later schemes aim at O(dt).
double nominal_order(process::DiffusionScheme scheme) { return scheme == process::DiffusionScheme::euler ? 0.5 : 1.0; }

std::vector<process::DiffusionScheme> resolve_schemes(const std::vector<std::string>& names) {
    const std::span<const process::DiffusionScheme> stepped = process::stepped_schemes();
    if (names.empty()) return {stepped.begin(), stepped.end()};
    std::string available;
    for (const auto s : stepped) available += (available.empty() ? "" : ", ") + std::string(process::scheme_name(s));
    std::vector<process::DiffusionScheme> out;
    for (const std::string& name : names) {
        const auto it =
            std::find_if(stepped.begin(), stepped.end(), [&](auto s) { return process::scheme_name(s) == name; });
        BELIEFSIM_CHECK(it != stepped.end(), "schemes",
                        "\"" << name << "\" is not a stepped scheme (available: " << available << ")");
        BELIEFSIM_CHECK(std::find(out.begin(), out.end(), *it) == out.end(), "schemes",
                        "\"" << name << "\" is listed twice");
        out.push_back(*it);
    }
    return out;
}

/// The rungs, coarse to fine: the given ones, or the model's own dt times DEFAULT_LADDER.
std::vector<double> resolve_ladder(const ConvergenceSpec& spec) {
    std::vector<double> dts = spec.convergence.dts;
    if (dts.empty()) {
        const ProcessInputs in = process_inputs(spec.simulation.model, spec.simulation.diffusion);
        const process::DiffusionModel model({in.entropy,
                                             in.prior,
                                             in.chi,
                                             in.fraction,
                                             process::DiffusionScheme::bridge,
                                             in.diffusion.dt,
                                             in.diffusion.max_time,
                                             {}});
        for (const double factor : DEFAULT_LADDER) dts.push_back(factor * model.dt());
    }
    for (const double dt : dts) BELIEFSIM_CHECK(std::isfinite(dt) && dt > 0, "dts", "every dt must be > 0 " << got(dt));
    std::sort(dts.begin(), dts.end(), std::greater<>());
    dts.erase(std::unique(dts.begin(), dts.end()), dts.end());
    BELIEFSIM_CHECK(dts.size() >= 2, "dts", "needs at least two distinct time steps (got " << dts.size() << ")");
    return dts;
}

/// t_max of the compared ECDF times: the configured grid maximum, the law's quantile, or the
/// empirical quantile of a pilot at the finest rung; two significant digits keep the times legible.
double ecdf_horizon(const ConvergenceSpec& spec, const ModelProcess& finest) {
    if (spec.simulation.estimators.ecdf_max > 0) return spec.simulation.estimators.ecdf_max;
    double t = 0;
    if (finest.law()) {
        t = quantile(*finest.law(), ECDF_QUANTILE);
    } else {
        std::vector<double> tau;
        for (rng::PathIndex i = 0; i < std::min(PILOT_PATHS, spec.simulation.plan.paths); ++i) {
            auto rng = rng::make_path_rng(spec.simulation.plan.seed, i);
            tau.push_back(finest.sample(rng).tau);
        }
        const auto k = static_cast<std::ptrdiff_t>(ECDF_QUANTILE * static_cast<double>(tau.size() - 1));
        std::nth_element(tau.begin(), tau.begin() + k, tau.end());
        t = tau[static_cast<std::size_t>(k)];
    }
    const double unit = std::pow(10.0, std::floor(std::log10(t)) - 1);
    return std::round(t / unit) * unit;
}

/// One rung's estimates of the three kinds, K values each.
struct RungEstimates {
    std::vector<double> mean, mean_se, laplace, laplace_se, ecdf, ecdf_se;
};

RungEstimates rung_estimates(const estimators::StoppingTimeSummary& s) {
    RungEstimates e{{s.mean.value}, {s.mean.std_error}, s.laplace_mean, s.laplace_stderr, {}, {}};
    // Grid point 0 is t = 0, where F = 0 for every scheme.
    e.ecdf.assign(s.ecdf_F.begin() + 1, s.ecdf_F.end());
    e.ecdf_se.assign(s.ecdf_F_stderr.begin() + 1, s.ecdf_F_stderr.end());
    return e;
}

void append(QuantityLadder& q, const std::vector<double>& value, const std::vector<double>& se) {
    q.estimate.insert(q.estimate.end(), value.begin(), value.end());
    q.estimate_stderr.insert(q.estimate_stderr.end(), se.begin(), se.end());
}

/// The bias of every rung against `exact` (K values) or, without it, against the Richardson
/// extrapolation of the two finest rungs with order `order`; then one fit per column.
void finish(QuantityLadder& q, const std::vector<double>& dt, const std::optional<std::vector<double>>& exact,
            double order) {
    const std::size_t rungs = dt.size(), K = q.estimate.size() / rungs;
    // reference = Σ_k c_k X_k over the rungs (independent), so bias_i = Σ_k (δ_ik − c_k) X_k.
    std::vector<double> c(rungs, 0.0);
    if (!exact) {
        const double ratio = std::pow(dt[rungs - 2] / dt[rungs - 1], order);
        c[rungs - 1] = ratio / (ratio - 1);
        c[rungs - 2] = -1 / (ratio - 1);
    }
    const auto at = [&](const std::vector<double>& v, std::size_t i, std::size_t j) { return v[i * K + j]; };
    q.reference.assign(K, 0.0);
    q.reference_stderr.assign(K, 0.0);
    q.bias.assign(rungs * K, 0.0);
    q.bias_stderr.assign(rungs * K, 0.0);
    for (std::size_t j = 0; j < K; ++j) {
        double variance = 0;
        for (std::size_t k = 0; k < rungs; ++k) {
            q.reference[j] += c[k] * at(q.estimate, k, j);
            variance += c[k] * c[k] * std::pow(at(q.estimate_stderr, k, j), 2);
        }
        if (exact) q.reference[j] = (*exact)[j];
        q.reference_stderr[j] = std::sqrt(variance);
        std::vector<double> bias(rungs), se(rungs);
        for (std::size_t i = 0; i < rungs; ++i) {
            double v = 0;
            for (std::size_t k = 0; k < rungs; ++k)
                v += std::pow((i == k ? 1.0 : 0.0) - c[k], 2) * std::pow(at(q.estimate_stderr, k, j), 2);
            bias[i] = q.bias[i * K + j] = at(q.estimate, i, j) - q.reference[j];
            se[i] = q.bias_stderr[i * K + j] = std::sqrt(v);
        }
        q.fits.push_back(fit_power_law(dt, bias, se));
    }
}

} // namespace

PowerLawFit fit_power_law(std::span<const double> dt, std::span<const double> bias,
                          std::span<const double> bias_stderr) {
    BELIEFSIM_REQUIRE(dt.size() == bias.size() && dt.size() == bias_stderr.size(),
                      "fit_power_law: dt, bias and bias_stderr differ in size");
    double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    int points = 0, positive = 0;
    std::vector<double> x, y, w;
    for (std::size_t i = 0; i < dt.size(); ++i) {
        BELIEFSIM_REQUIRE(dt[i] > 0, "fit_power_law: dt must be > 0 (got " << dt[i] << ")");
        const double b = std::abs(bias[i]);
        if (!(b > 0) || b < RESOLVED_Z * bias_stderr[i]) continue;
        // Delta method: SE(log|b|) = SE(b)/|b|; an exact bias (SE 0) gets a tiny relative error.
        const double relative = std::max(bias_stderr[i] / b, 1e-12);
        x.push_back(std::log(dt[i]));
        y.push_back(std::log(b));
        w.push_back(1 / (relative * relative));
        ++points;
        positive += bias[i] > 0 ? 1 : 0;
    }
    PowerLawFit fit;
    fit.points = points;
    if (points < 2) {
        fit.status = "unresolved";
        return fit;
    }
    if (positive != 0 && positive != points) {
        fit.status = "mixed-sign";
        return fit;
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        s += w[i];
        sx += w[i] * x[i];
        sy += w[i] * y[i];
        sxx += w[i] * x[i] * x[i];
        sxy += w[i] * x[i] * y[i];
    }
    const double det = s * sxx - sx * sx;
    const double p = (s * sxy - sx * sy) / det, a = (sxx * sy - sx * sxy) / det;
    for (std::size_t i = 0; i < x.size(); ++i) fit.chi2 += w[i] * std::pow(y[i] - a - p * x[i], 2);
    const int dof = points - 2;
    const double scale = dof > 0 ? std::max(1.0, std::sqrt(fit.chi2 / dof)) : 1.0;
    fit.status = "fitted";
    fit.order = p;
    fit.order_stderr = scale * std::sqrt(s / det);
    fit.constant = (positive == points ? 1.0 : -1.0) * std::exp(a);
    fit.constant_stderr = std::abs(fit.constant) * scale * std::sqrt(sxx / det);
    return fit;
}

ConvergenceResult run_convergence(ConvergenceSpec spec, const mc::ProgressCallback& progress, mc::Cluster* cluster) {
    const auto start = std::chrono::steady_clock::now();
    const SimulationSpec& sim = spec.simulation;
    BELIEFSIM_CHECK(sim.model.process == "diffusion", "process",
                    "must be \"diffusion\" for a convergence run (got \"" << sim.model.process << "\")");
    BELIEFSIM_CHECK(!sim.token_cap, "token_cap", "is not supported by a convergence run (the references are uncapped)");
    BELIEFSIM_CHECK(spec.convergence.ecdf_times >= 1, "ecdf_times",
                    "must be >= 1 (got " << spec.convergence.ecdf_times << ")");

    ConvergenceResult result;
    result.dt = resolve_ladder(spec);
    const std::vector<process::DiffusionScheme> schemes = resolve_schemes(spec.convergence.schemes);
    spec.convergence.dts = result.dt;
    spec.convergence.schemes.clear();
    for (const auto s : schemes) spec.convergence.schemes.emplace_back(process::scheme_name(s));
    const std::size_t rungs = result.dt.size();

    const auto build = [&](process::DiffusionScheme scheme, double dt) {
        return make_process(sim.model, {std::string(process::scheme_name(scheme)), dt, sim.diffusion.max_time});
    };
    const std::shared_ptr<const ModelProcess> finest = build(schemes.front(), result.dt.back());
    const std::optional<LawFunctions>& law = finest->law();
    const double horizon = ecdf_horizon(spec, *finest);

    estimators::StoppingTimeSpec estimator_spec = sim.estimators;
    estimator_spec.states = sim.model.states;
    estimator_spec.capped = false;
    estimator_spec.raw_sample_cap = 0;
    estimator_spec.histogram_max = horizon;
    estimator_spec.histogram_bins = 1; // unused here
    estimator_spec.ecdf_max = horizon;
    estimator_spec.ecdf_points = spec.convergence.ecdf_times + 1;
    const estimators::StoppingTimeAccumulator empty(estimator_spec);
    result.laplace_r = sim.estimators.laplace_r;
    for (int j = 1; j <= spec.convergence.ecdf_times; ++j)
        result.ecdf_t.push_back(horizon * j / spec.convergence.ecdf_times);

    std::optional<std::vector<double>> exact_mean, exact_laplace, exact_ecdf;
    if (law) {
        result.reference = "exact";
        result.reference_source = law->source;
        exact_mean.emplace({law->mean});
        exact_laplace.emplace();
        for (const double r : result.laplace_r) exact_laplace->push_back(law->laplace(r));
        exact_ecdf.emplace();
        for (const double t : result.ecdf_t) exact_ecdf->push_back(1 - law->survival(t));
    } else {
        // E[τ] is exact for every n: the throughput identity, the constant-delay model's τ0.
        const ProcessInputs in = process_inputs(sim.model, sim.diffusion);
        exact_mean.emplace({process::ConstantDelayModel({in.entropy, in.prior, in.chi, in.fraction}).delay()});
        result.reference = "richardson";
        result.reference_source = "E[tau]: the throughput identity (exact); the rest: Richardson extrapolation of "
                                  "each scheme's two finest rungs, assuming its nominal weak order (the scheme's "
                                  "attribute assumed_order)";
    }

    const std::uint64_t paths = sim.plan.paths;
    const std::uint64_t total = paths * rungs * schemes.size();
    std::uint64_t done_before = 0;
    const mc::ProgressCallback rung_progress = [&](std::uint64_t done, std::uint64_t) {
        if (progress) progress(done_before + done, total);
    };
    for (std::size_t j = 0; j < schemes.size(); ++j) {
        SchemeLadder ladder;
        ladder.scheme = process::scheme_name(schemes[j]);
        ladder.assumed_order = law ? 0.0 : nominal_order(schemes[j]);
        for (std::size_t k = 0; k < rungs; ++k) {
            const auto rung_start = std::chrono::steady_clock::now();
            const auto process = j == 0 && k + 1 == rungs ? finest : build(schemes[j], result.dt[k]);
            mc::RunPlan plan = sim.plan;
            plan.seed = sim.plan.seed + j * rungs + k;
            const auto summary = process->run(plan, empty, std::nullopt, rung_progress, cluster).summary();
            const RungEstimates e = rung_estimates(summary);
            append(ladder.mean, e.mean, e.mean_se);
            append(ladder.laplace, e.laplace, e.laplace_se);
            append(ladder.ecdf, e.ecdf, e.ecdf_se);
            ladder.seeds.push_back(plan.seed);
            ladder.wall_seconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - rung_start).count());
            done_before += paths;
        }
        if (cluster != nullptr && cluster->rank() != 0) continue; // rank 0 holds the rungs
        finish(ladder.mean, result.dt, exact_mean, ladder.assumed_order);
        finish(ladder.laplace, result.dt, exact_laplace, ladder.assumed_order);
        finish(ladder.ecdf, result.dt, exact_ecdf, ladder.assumed_order);
        result.schemes.push_back(std::move(ladder));
    }

    result.threads = mc::resolve_threads(sim.plan.threads);
    result.spec = std::move(spec);
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace beliefsim::app
