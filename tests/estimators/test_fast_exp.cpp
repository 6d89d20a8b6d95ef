#include "beliefsim/estimators/fast_exp.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

using beliefsim::estimators::exp_nonpositive;

namespace {
std::int64_t ulp_distance(double a, double b) {
    std::int64_t ia = 0, ib = 0;
    std::memcpy(&ia, &a, sizeof a);
    std::memcpy(&ib, &b, sizeof b);
    return ia > ib ? ia - ib : ib - ia;
}
} // namespace

TEST_CASE("vectorizable exp is within 2 ulp of libm on [-708, 0]", "[unit][estimators]") {
    std::int64_t worst = 0;
    double worst_x = 0;
    const int n = 2'000'000;
    for (int i = 0; i <= n; ++i) {
        const double x = -708.0 * i / n;
        const auto d = ulp_distance(exp_nonpositive(x), std::exp(x));
        if (d > worst) {
            worst = d;
            worst_x = x;
        }
    }
    INFO("worst x = " << worst_x);
    CHECK(worst <= 2);
    CHECK(exp_nonpositive(0.0) == 1.0);
    CHECK(exp_nonpositive(-1e-300) == 1.0);
}

TEST_CASE("vectorizable exp flushes results below DBL_MIN to zero", "[unit][estimators]") {
    CHECK(exp_nonpositive(-709.0) == 0.0);
    CHECK(exp_nonpositive(-1e6) == 0.0);
    CHECK(exp_nonpositive(-708.0) > 0.0);
}

TEST_CASE("exp sums agree with a libm loop", "[unit][estimators]") {
    std::vector<double> tau, values(4099);
    for (int i = 0; i < 4099; ++i) tau.push_back(0.013 * i);
    for (const double r : {0.0, 0.1, 1.0, 6.4}) {
        double sum = 0, sum_sq = 0;
        beliefsim::estimators::exp_values(tau, r, values, sum, sum_sq);
        double ref = 0, ref_sq = 0;
        for (const double t : tau) {
            ref += std::exp(-r * t);
            ref_sq += std::exp(-2 * r * t);
        }
        CHECK(sum == Approx(ref).epsilon(1e-13));
        CHECK(sum_sq == Approx(ref_sq).epsilon(1e-13));
    }
}

TEST_CASE("stepping along an r grid by multiplication matches direct exponentials", "[unit][estimators]") {
    std::vector<double> tau, values(1000), factors(1000);
    for (int i = 0; i < 1000; ++i) tau.push_back(0.02 * i);
    double unused = 0;
    // 63 steps: the grouped four-step passes and the single-step tail both run.
    std::vector<double> sums(63, 0.0), sums_sq(63, 0.0);
    beliefsim::estimators::exp_values(tau, 0.5, values, unused, unused);
    beliefsim::estimators::exp_values(tau, 0.1, factors, unused, unused);
    beliefsim::estimators::multiply_values(factors, values, sums, sums_sq);
    for (std::size_t i = 0; i < tau.size(); ++i)
        CHECK(values[i] == Approx(std::exp(-(0.5 + 0.1 * 63) * tau[i])).epsilon(5e-14).margin(1e-300));
    for (std::size_t k = 0; k < sums.size(); ++k) {
        double sum = 0, sum_sq = 0;
        for (const double t : tau) {
            const double v = std::exp(-(0.5 + 0.1 * static_cast<double>(k + 1)) * t);
            sum += v;
            sum_sq += v * v;
        }
        CHECK(sums[k] == Approx(sum).epsilon(5e-14));
        CHECK(sums_sq[k] == Approx(sum_sq).epsilon(5e-14));
    }
}
