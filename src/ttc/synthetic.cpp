#include "beliefsim/ttc/synthetic.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/ttc/streams.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include <cmath>

namespace beliefsim::ttc {

namespace {

void check(const SyntheticSpec& spec) {
    BELIEFSIM_CHECK(spec.questions > 0, "questions", "must be > 0");
    BELIEFSIM_CHECK(spec.samples > 0, "samples", "must be > 0");
    BELIEFSIM_CHECK(std::isfinite(spec.difficulty_sd) && spec.difficulty_sd >= 0, "difficulty_sd",
                    "must be >= 0 " << got(spec.difficulty_sd));
    BELIEFSIM_CHECK(spec.distractors >= 1, "distractors", "must be >= 1 " << got(spec.distractors));
    BELIEFSIM_CHECK(spec.distractor_shape > 0, "distractor_shape", "must be > 0 " << got(spec.distractor_shape));
    BELIEFSIM_CHECK(std::isfinite(spec.reward_gap), "reward_gap", "must be finite");
    BELIEFSIM_CHECK(spec.reward_noise > 0 && std::isfinite(spec.reward_noise), "reward_noise",
                    "must be > 0 " << got(spec.reward_noise));
    BELIEFSIM_CHECK(spec.reward_decimals >= 0 && spec.reward_decimals <= 15, "reward_decimals",
                    "must be in [0, 15] " << got(spec.reward_decimals));
    BELIEFSIM_CHECK(spec.token_log_sd >= 0 && std::isfinite(spec.token_log_sd), "token_log_sd",
                    "must be >= 0 " << got(spec.token_log_sd));
    BELIEFSIM_CHECK(std::isfinite(spec.token_difficulty), "token_difficulty", "must be finite");
    BELIEFSIM_CHECK(!spec.providers.empty(), "providers", "must list at least one provider");
    for (std::size_t i = 0; i < spec.providers.size(); ++i) {
        const auto& p = spec.providers[i];
        const std::string at = "providers[" + std::to_string(i) + "].";
        BELIEFSIM_CHECK(!p.name.empty(), at + "name", "must be non-empty");
        BELIEFSIM_CHECK(std::isfinite(p.skill), at + "skill", "must be finite");
        BELIEFSIM_CHECK(p.verbosity > 0 && std::isfinite(p.verbosity), at + "verbosity",
                        "must be > 0 " << got(p.verbosity));
        BELIEFSIM_CHECK(p.no_answer_rate >= 0 && p.no_answer_rate < 1, at + "no_answer_rate",
                        "must be in [0, 1) " << got(p.no_answer_rate));
        BELIEFSIM_CHECK(p.price_per_million >= 0 && std::isfinite(p.price_per_million), at + "price_per_million",
                        "must be >= 0 " << got(p.price_per_million));
    }
}

struct Question {
    double difficulty;
    std::vector<double> distractor_weights;
};

Question draw_question(const SyntheticSpec& spec, std::size_t q) {
    auto rng = make_stream(spec.seed, Purpose::question, q);
    Question out{boost::random::normal_distribution<double>(0.0, spec.difficulty_sd)(rng), {}};
    boost::random::gamma_distribution<double> gamma(spec.distractor_shape);
    out.distractor_weights.resize(static_cast<std::size_t>(spec.distractors));
    for (double& w : out.distractor_weights) w = gamma(rng);
    return out;
}

} // namespace

std::vector<ProviderSamples> generate_samples(const SyntheticSpec& spec) {
    check(spec);
    std::vector<Question> questions;
    questions.reserve(spec.questions);
    for (std::size_t q = 0; q < spec.questions; ++q) questions.push_back(draw_question(spec, q));

    std::vector<ProviderSamples> out;
    for (std::size_t i = 0; i < spec.providers.size(); ++i) {
        const SyntheticProvider& prov = spec.providers[i];
        ProviderSamples data;
        data.name = prov.name;
        data.questions = spec.questions;
        data.samples = spec.samples;
        const std::size_t n = spec.questions * spec.samples;
        data.correct.resize(n);
        data.answer.resize(n);
        data.reward.resize(n);
        data.tokens.resize(n);
        const boost::random::bernoulli_distribution<double> unanswered(prov.no_answer_rate);
        boost::random::normal_distribution<double> reward_right(0.5 * spec.reward_gap, spec.reward_noise);
        boost::random::normal_distribution<double> reward_wrong(-0.5 * spec.reward_gap, spec.reward_noise);
        const double scale = std::pow(10.0, spec.reward_decimals);
        for (std::size_t q = 0; q < spec.questions; ++q) {
            const Question& qu = questions[q];
            auto rng = make_stream(spec.seed, Purpose::sample, i, q);
            // P(correct | answered) = logistic(skill − difficulty), written with exp(−|x|) to stay
            // finite.
            const double x = prov.skill - qu.difficulty;
            const double p_right = x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
            const boost::random::bernoulli_distribution<double> right(p_right);
            boost::random::discrete_distribution<int, double> wrong(qu.distractor_weights.begin(),
                                                                    qu.distractor_weights.end());
            boost::random::lognormal_distribution<double> tokens(
                std::log(prov.verbosity) + spec.token_difficulty * qu.difficulty, spec.token_log_sd);
            for (std::size_t s = 0; s < spec.samples; ++s) {
                const std::size_t k = data.index(q, s);
                const bool none = unanswered(rng);
                const bool ok = !none && right(rng);
                data.correct[k] = ok ? 1 : 0;
                data.answer[k] = none ? NO_ANSWER : ok ? 0 : 1 + wrong(rng);
                data.reward[k] = std::round((ok ? reward_right(rng) : reward_wrong(rng)) * scale) / scale;
                data.tokens[k] = std::max(1.0, std::round(tokens(rng)));
            }
        }
        out.push_back(std::move(data));
    }
    return out;
}

SyntheticSpec default_market_spec() {
    SyntheticSpec spec;
    // Prices per 10^6 tokens: the reference code's list for Llama-3-8B, Llama-3.1-8B, Llama-3.2-1B,
    // Llama-3.2-3B, Qwen2-0.5B, Qwen2-1.5B, Qwen2-7B, Qwen2.5-3B, Qwen2.5-7B. Skills and
    // verbosities are invented so that accuracy and token use differ the way small and large models
    // do.
    spec.providers = {
        {"synth-A", 1.2, 220, 0.02, 0.1455}, {"synth-B", 1.5, 240, 0.02, 0.1245}, {"synth-C", -0.6, 300, 0.05, 0.10},
        {"synth-D", 0.6, 260, 0.03, 0.08},   {"synth-E", -1.2, 320, 0.08, 0.10},  {"synth-F", 0.0, 280, 0.04, 0.10},
        {"synth-G", 1.4, 230, 0.02, 0.20},   {"synth-H", 1.3, 250, 0.02, 0.065},  {"synth-I", 2.0, 270, 0.01, 0.1465},
    };
    return spec;
}

} // namespace beliefsim::ttc
