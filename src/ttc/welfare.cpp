#include "beliefsim/ttc/welfare.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/mc/parallel.hpp"

#include <cmath>
#include <limits>

namespace beliefsim::ttc {

namespace {

/// g = e^{z}(s − λ) held as a sign and log|g|, so that comparisons never overflow.
struct SignedLog {
    int sign = 0;
    double log_abs = 0;
    [[nodiscard]] bool operator>(const SignedLog& o) const {
        if (sign != o.sign) return sign > o.sign;
        if (sign > 0) return log_abs > o.log_abs;
        if (sign < 0) return log_abs < o.log_abs;
        return false;
    }
};

SignedLog term(double z, double s, double lambda) {
    const double d = s - lambda;
    if (d == 0) return {};
    return {d > 0 ? 1 : -1, z + std::log(std::abs(d))};
}

/// Depth-first brute force below a fixed prefix. The running sums are scaled by e^{−M}, M the
/// running maximum exponent (0 for the outside option), so every partial sum stays in [1, N+1].
struct Walker {
    const Market& m;
    double beta;
    Profile profile;
    WelfareOptimum best;

    void descend(std::size_t i, double top, double den, double num) {
        if (i == m.providers()) {
            const double w = num / den;
            if (w > best.welfare) best = {profile, w};
            return;
        }
        for (std::size_t l = 0; l < m.levels(); ++l) {
            profile[i] = static_cast<int>(l);
            const Offer& o = m.offer(i, l);
            const double z = beta * o.v;
            if (z <= top) {
                const double x = std::exp(z - top);
                descend(i + 1, top, den + x, num + x * o.surplus());
            } else {
                const double r = std::exp(top - z);
                descend(i + 1, z, den * r + 1, num * r + o.surplus());
            }
        }
    }
};

} // namespace

WelfareOptimum max_welfare(const Market& market, double beta) {
    check_beta(beta);
    const std::size_t n = market.providers(), levels = market.levels();
    WelfareOptimum best{Profile(n, 0), 0};
    best.welfare = welfare(market, best.profile, beta);
    // Dinkelbach: λ rises strictly at every iteration until optimal, over finitely many profiles;
    // the cap only guards against a floating-point cycle.
    for (int iter = 0; iter < 1000; ++iter) {
        Profile next(n);
        for (std::size_t i = 0; i < n; ++i) {
            SignedLog top = term(beta * market.offer(i, 0).v, market.offer(i, 0).surplus(), best.welfare);
            for (std::size_t l = 1; l < levels; ++l) {
                const SignedLog g = term(beta * market.offer(i, l).v, market.offer(i, l).surplus(), best.welfare);
                if (g > top) {
                    top = g;
                    next[i] = static_cast<int>(l);
                }
            }
        }
        const double w = welfare(market, next, beta);
        if (!(w > best.welfare)) return best;
        best = {std::move(next), w};
    }
    BELIEFSIM_ENSURE(false, "Dinkelbach iteration did not settle in 1000 steps (beta = " << beta << ")");
    return best;
}

WelfareOptimum max_welfare_exhaustive(const Market& market, double beta, int threads) {
    check_beta(beta);
    const std::size_t n = market.providers(), levels = market.levels();
    const std::size_t split = std::min<std::size_t>(n, 2); // the prefix fixed per parallel job
    std::size_t jobs = 1;
    for (std::size_t k = 0; k < split; ++k) jobs *= levels;
    std::vector<WelfareOptimum> partial(jobs);
    mc::parallel_for(static_cast<std::int64_t>(jobs), threads, [&](std::int64_t job) {
        Walker w{market, beta, Profile(n, 0), {{}, -std::numeric_limits<double>::infinity()}};
        auto rest = static_cast<std::size_t>(job);
        double top = 0, den = 1, num = 0;
        for (std::size_t k = split; k-- > 0;) { // job = mixed-radix digits, provider 0 most significant
            w.profile[k] = static_cast<int>(rest % levels);
            rest /= levels;
        }
        for (std::size_t k = 0; k < split; ++k) {
            const Offer& o = market.offer(k, static_cast<std::size_t>(w.profile[k]));
            const double z = beta * o.v;
            const double hi = std::max(top, z);
            den = den * std::exp(top - hi) + std::exp(z - hi);
            num = num * std::exp(top - hi) + std::exp(z - hi) * o.surplus();
            top = hi;
        }
        w.descend(split, top, den, num);
        partial[static_cast<std::size_t>(job)] = std::move(w.best);
    });
    WelfareOptimum best = partial.front();
    for (const auto& p : partial) // in job order, strict: the lexicographically first maximizer
        if (p.welfare > best.welfare) best = p;
    return best;
}

double price_of_anarchy(double optimum, double equilibrium) {
    return equilibrium <= 1e-9 ? 1.0 : optimum / equilibrium;
}

} // namespace beliefsim::ttc
