// The face scheme (DiffusionScheme::face): Wright-Fisher steps in stick-breaking coordinates with
// the exact local law at the faces.
//
// With the coefficient c frozen over a step, the stick-breaking coordinates of the belief sorted
// ascending, x_i = μ_(i)/(μ_(i) + … + μ_(k)), are independent one-dimensional Wright-Fisher
// diffusions with variances b_i x_i(1 − x_i), b_i = c/(μ_(i) + … + μ_(k)) (Griffiths 1979; checked
// by Itô: μ_(2) = x_2(1 − x_1) has the variance c μ_(2)(1 − μ_(2)) and no drift). Sorting makes
// every x_i ≤ ½, so each coordinate only meets its lower end 0. There its variance behaves as
// A x^β: β = 1 while three or more states are alive (c is finite on every face), and on an edge
// β is the entropy's own (Shannon 1, quadratic 0, Tsallis 1 < q < 2: 2 − q), measured once by the
// model. With A frozen, y = x^m (m = 2 − β) is a squared Bessel process of dimension
// δ = 2(1 − β)/m ∈ [0, 1] in the clock s = m²A/4 (Itô), whose law killed at 0 is explicit (Revuz &
// Yor XI.1; Göing-Jaeschke & Yor 2003): with G ~ Gamma(a), a = 1 − δ/2 = 1/m, it is absorbed at
// T = y/(2sG), and alive at t iff G < λ_t = y/(2st), then y_t = 2st·Gamma(N + 1) with
// N ~ Poisson(λ_t − G) (integrating G out gives the killed transition's Poisson-gamma series).
// Feller's diffusion (β = 1, a = 1) and the reflected-free Brownian motion (β = 0, a = ½) are the two
// ends. So absorption happens with its true probability and at its true time; away from 0 a
// Gaussian step is accurate and cheaper. A step ends at the first absorption; the map back from
// sticks to beliefs keeps Σμ and every μ ≥ 0 exactly and each stick is a martingale.
// On an edge A is not constant (Tsallis 1.5: A(x) = A₀/(1 + √(x/(1 − x))), 40 % lower at x = 0.33,
// which the default step's squared-Bessel zone reaches). With x^m = y a squared Bessel process of
// dimension δ in the clock ∫ s(x_t) dt exactly (s = m²A/4 varying), the step is taken in that clock:
// the spatial law of the step is exact and its real time ∫ du/s(x(u)) is the trapezoid of its ends
// (s at the face when absorbed). Freezing s at the step's start (still done while an observation time
// is ahead, as steps must end on it) made τ too long: binary Tsallis 1.5, prior 0.05, 2·10⁶ paths,
// E[e^{−3τ}] −4.2 SE; with the clock's trapezoid |z| ≤ 1 on two seeds. While three
// or more states are alive the step is also bounded in intrinsic time (c·h ≤ c(μ0)·dt): c grows
// without bound where all but one belief are small (quadratic entropy).

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/rng/variates.hpp"
#include "diffusion_path.hpp"
#include "message_text.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace beliefsim::process {
namespace {

// A stick takes the squared-Bessel step while λ_h = y/(2sh) < BESSEL_ZONE; above it a Gaussian
// step. Measured: a zone of 32 (absorption chance e^{−32} per step) already biases the first
// absorption's transform by +0.23 % (n = 3 quadratic, 4 SE at 2·10⁵ paths): the Gaussian step's
// missing skewness near a face, not the missed absorptions; 128 shows none at 10⁶ paths.
constexpr double BESSEL_ZONE = 128;

// One stick near its end 0 over a step, in the squared-Bessel coordinates described above.
struct BesselStick {
    double y = 0, clock = 0, root = 1, mixing = 0; // y = x^m, s = m²A/4, m, G

    // Absorption time of the stick.
    [[nodiscard]] double hit_time() const { return y / (2 * clock * mixing); }
    // x after a time t < hit_time(), with the mixing variable G already drawn.
    [[nodiscard]] double survivor(double t, rng::PathRng& rng) const {
        const double poisson_mean = y / (2 * clock * t) - mixing; // > 0 since t < hit_time()
        const int n = poisson_mean > 0 ? boost::random::poisson_distribution<int, double>(poisson_mean)(rng) : 0;
        boost::random::gamma_distribution<double> gamma(n + 1.0, 2 * clock * t);
        const double y_t = gamma(rng);
        return root == 1 ? y_t : std::pow(y_t, 1 / root);
    }
};

} // namespace

PathOutcome DiffusionModel::run_face(PathState& path) const {
    std::array<int, MAX_STATES> order{};
    std::array<double, MAX_STATES> stick{}, stick_rate{};
    std::array<bool, MAX_STATES> near_end{};
    std::array<BesselStick, MAX_STATES> bessel{};
    while (path.active.size() > 1) {
        if (path.t >= max_time_)
            throw Error("diffusion: path still alive at max_time = " + significant(max_time_) + " (belief " +
                        detail::describe(path.mu) + "); raise max_time");
        const Vector mu = detail::restrict_to(path.mu, path.active);
        const auto k = static_cast<int>(mu.size());
        const double c = active_volatility_scale(mu);
        if (!(std::isfinite(c) && c > 0))
            throw Error("diffusion: volatility scale " + significant(c) + " at belief " + detail::describe(path.mu) +
                        " is not finite and positive");
        // On an edge the local law is exact for a constant A (quadratic), and A stays bounded for the
        // other kinds, while c = σ²/(p(1 − p)) itself grows without bound at the vertices.
        const double end = path.step_end(k > 2 ? std::min(dt_, intrinsic_step_ / c) : dt_, max_time_);
        const double h = end - path.t;
        BELIEFSIM_ENSURE(h > 0, "diffusion: time step underflows at t = " << path.t);

        std::iota(order.begin(), order.begin() + k, 0);
        std::sort(order.begin(), order.begin() + k, [&](int i, int j) { return mu[i] < mu[j]; });
        // Sticks from the largest belief down, so that each remainder is a sum of what is left.
        double remainder = mu[order[k - 1]];
        for (int i = k - 2; i >= 0; --i) {
            remainder += mu[order[i]];
            stick[i] = mu[order[i]] / remainder;
            stick_rate[i] = c / remainder;
        }

        // The first absorption inside the step ends it.
        const double beta = k > 2 ? 1.0 : edge_exponent_;
        const double root = 2 - beta; // m
        double step = h;
        int absorbed = -1;
        for (int i = 0; i + 1 < k; ++i) {
            const double x = stick[i];
            const double variance = stick_rate[i] * x * (1 - x);
            BesselStick& z = bessel[i];
            z.root = root;
            z.y = root == 1 ? x : std::pow(x, root);
            z.clock = root * root * (beta == 1 ? variance / x : variance / std::pow(x, beta)) / 4;
            near_end[i] = z.y < BESSEL_ZONE * 2 * z.clock * h;
            if (!near_end[i]) continue;
            if (root == 1) {
                z.mixing = rng::exponential_from_uniform(rng::uniform_open_closed(path.rng));
            } else {
                boost::random::gamma_distribution<double> mixing(1 / root);
                z.mixing = mixing(path.rng);
            }
            const double hit = z.hit_time();
            if (hit < step) step = hit, absorbed = i;
        }
        const double start_clock = bessel[0].clock;
        for (int i = 0; i + 1 < k; ++i) {
            double& x = stick[i];
            if (i == absorbed) {
                x = 0;
            } else if (near_end[i]) {
                x = std::min(bessel[i].survivor(step, path.rng), 1.0);
            } else {
                x += std::sqrt(stick_rate[i] * x * (1 - x) * step) * path.normal(path.rng);
                x = std::clamp(x, 0.0, 1.0);
            }
        }

        double left = 0; // the total belief, kept as it was
        for (int i = 0; i < k; ++i) left += mu[order[i]];
        for (int i = 0; i + 1 < k; ++i) {
            path.mu[path.active[order[i]]] = stick[i] * left;
            left *= 1 - stick[i];
        }
        path.mu[path.active[order[k - 1]]] = left;
        // One stick left (an edge) near its face and no observation time ahead (a step must end on
        // one exactly): the real time in the squared-Bessel clock.
        if (k == 2 && near_end[0] && path.next_time >= path.times.size()) {
            double end_clock = edge_face_clock_;
            if (absorbed < 0) {
                Vector edge(2);
                edge << stick[0], 1 - stick[0];
                const double a = active_volatility_scale(edge) * (1 - stick[0]) * std::pow(stick[0], 1 - beta);
                end_clock = root * root * a / 4;
            }
            if (!(std::isfinite(end_clock) && end_clock > 0)) end_clock = start_clock; // x at 1: frozen
            path.t += (absorbed >= 0 ? step : h) * 0.5 * (1 + start_clock / end_clock);
        } else {
            path.t = absorbed >= 0 ? path.t + step : end;
        }
        path.active = detail::positive_entries(path.mu);
        if (path.active.size() > 1) path.report();
    }
    const int winner = path.active[0];
    path.mu.setZero();
    path.mu[winner] = 1; // what rounding left of the others is 0 now
    return path.stop(winner);
}

} // namespace beliefsim::process
