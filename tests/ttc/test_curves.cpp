#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/curves.hpp"
#include "beliefsim/ttc/exact_curves.hpp"
#include "beliefsim/ttc/synthetic.hpp"

#include "ttc_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace beliefsim;
using namespace beliefsim::ttc;

namespace {

constexpr double K = 4; // standard errors allowed (about 6e-5 false alarms per check)

void check_close(const CurveValue& mc, double exact) {
    CAPTURE(mc.estimate.value, mc.estimate.std_error, mc.estimate.n, exact, K);
    CHECK(std::abs(mc.estimate.value - exact) <= K * mc.estimate.std_error + 1e-12 * std::abs(exact));
}

/// One question: answers 0 0 1 1 2 with only answer 0 right; rewards 3 1 2 2 0.
ProviderSamples hand_question() {
    return {"hand", 1, 5, {1, 1, 0, 0, 0}, {0, 0, 1, 1, 2}, {3, 1, 2, 2, 0}, {10, 20, 30, 40, 50}};
}

} // namespace

TEST_CASE("ttc curves: exact formulas against hand-counted subsets", "[ttc][unit]") {
    const ProviderSamples h = hand_question();
    // Majority: θ=1 picks answer 0 w.p. 2/5; θ=2: {0,0} right, {0,1} ×4 and {0,2} ×2 are ties won
    // half the time, {1,1} and {1,2} lose: (1 + 2 + 1)/10; θ=5: 0 and 1 tie with two votes each.
    CHECK(exact_majority_accuracy(h, 1) == Approx(0.4));
    CHECK(exact_majority_accuracy(h, 2) == Approx(0.4));
    CHECK(exact_majority_accuracy(h, 5) == Approx(0.5));
    // Best-of-n: reward 3 (right) wins whenever drawn: θ/5; reward 1 (right) wins only alone or
    // with the reward-0 sample: θ=2 gives 2/5 + 1/10.
    CHECK(exact_best_of_n_accuracy(h, 1) == Approx(0.4));
    CHECK(exact_best_of_n_accuracy(h, 2) == Approx(0.5));
    CHECK(exact_best_of_n_accuracy(h, 5) == Approx(1.0));
    CHECK(exact_mean_tokens(h, 3) == Approx(90));
    // Reward ties: rewards 1 1 0, right 1 0 0, θ=2: {0,1} half, {0,2} right, {1,2} wrong.
    const ProviderSamples ties{"ties", 1, 3, {1, 0, 0}, {0, 1, 1}, {1, 1, 0}, {1, 1, 1}};
    CHECK(exact_best_of_n_accuracy(ties, 2) == Approx(0.5));
    // Nothing answered scores 0.
    const ProviderSamples none{"none", 1, 2, {0, 0}, {NO_ANSWER, NO_ANSWER}, {0, 0}, {1, 1}};
    CHECK(exact_majority_accuracy(none, 2) == 0);
}

TEST_CASE("ttc curves: resampling agrees with the hand question", "[ttc][stat]") {
    CurveOptions o;
    o.levels = {1, 2, 5};
    o.replicates = 20000;
    o.seed = 11;
    const ProviderCurves c = estimate_curves(hand_question(), 0, o);
    check_close(c.majority[0], 0.4);
    check_close(c.majority[1], 0.4);
    check_close(c.majority[2], 0.5);
    check_close(c.best_of_n[0], 0.4);
    check_close(c.best_of_n[1], 0.5);
    check_close(c.best_of_n[2], 1.0);
    check_close(c.tokens[1], 60);
    CHECK(c.tokens[2].estimate.value == 150); // every sample drawn: no randomness left
    CHECK(c.tokens[2].estimate.std_error == 0);
}

TEST_CASE("ttc curves: resampling agrees with exact formulas on tiny synthetic data", "[ttc][stat]") {
    SyntheticSpec spec;
    spec.questions = 3;
    spec.samples = 8;
    spec.distractors = 2;
    spec.reward_decimals = 0; // many reward ties: exercises the tie rule
    spec.seed = 5;
    spec.providers = {{"weak", -0.5, 100, 0.2, 0.1}, {"mid", 0.3, 150, 0.1, 0.1}, {"strong", 1.5, 200, 0.05, 0.1}};
    const auto data = generate_samples(spec);
    CurveOptions o;
    o.levels = {1, 2, 3, 5, 8};
    o.replicates = 20000;
    o.seed = 99;
    const auto curves = estimate_curves(data, o);
    for (std::size_t p = 0; p < data.size(); ++p) {
        for (std::size_t l = 0; l < o.levels.size(); ++l) {
            INFO("provider " << data[p].name << " level " << o.levels[l]);
            check_close(curves[p].majority[l], exact_majority_accuracy(data[p], o.levels[l]));
            check_close(curves[p].best_of_n[l], exact_best_of_n_accuracy(data[p], o.levels[l]));
            check_close(curves[p].tokens[l], exact_mean_tokens(data[p], o.levels[l]));
            CHECK(curves[p].majority[l].band_lo <= curves[p].majority[l].band_hi);
        }
    }
}

TEST_CASE("ttc curves: bitwise identical for 1 and 2 threads", "[ttc][repro]") {
    SyntheticSpec spec = default_market_spec();
    spec.questions = 10;
    spec.providers.resize(2);
    const auto data = generate_samples(spec);
    CurveOptions o;
    o.replicates = 16;
    o.threads = 1;
    const auto one = estimate_curves(data, o);
    o.threads = 2;
    const auto two = estimate_curves(data, o);
    for (std::size_t p = 0; p < one.size(); ++p) {
        for (std::size_t l = 0; l < o.levels.size(); ++l) {
            CHECK(one[p].majority[l].estimate.value == two[p].majority[l].estimate.value);
            CHECK(one[p].best_of_n[l].estimate.std_error == two[p].best_of_n[l].estimate.std_error);
            CHECK(one[p].tokens[l].estimate.value == two[p].tokens[l].estimate.value);
            CHECK(one[p].tokens[l].band_hi == two[p].tokens[l].band_hi);
        }
    }
}

TEST_CASE("ttc curves: bad options and data are rejected", "[ttc][bad-input]") {
    const ProviderSamples h = hand_question();
    const auto field_of = [&](const CurveOptions& o) {
        try {
            (void)estimate_curves(h, 0, o);
        } catch (const InvalidArgument& e) {
            return e.parameter();
        }
        return std::string();
    };
    CurveOptions o;
    o.levels = {1, 6};
    CHECK(field_of(o) == "levels"); // more than the 5 samples
    o.levels = {2, 2};
    CHECK(field_of(o) == "levels");
    o.levels = {1};
    o.replicates = 1;
    CHECK(field_of(o) == "replicates");
    o.replicates = 2;
    o.band = 1;
    CHECK(field_of(o) == "band");
    CHECK_THROWS_AS(exact_majority_accuracy(h, 0), InvalidArgument);
    ProviderSamples mixed = h;
    mixed.correct[1] = 0; // answer 0 both right and wrong
    CHECK_THROWS_AS(exact_majority_accuracy(mixed, 2), InvalidArgument);
}
