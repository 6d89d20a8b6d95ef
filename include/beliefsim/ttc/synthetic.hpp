#pragma once
/// Synthetic generation records for an offline test-time-compute market: questions with a latent
/// difficulty and a few popular wrong answers, providers with a skill and a verbosity, a noisy
/// reward model. Item-response model: a sample is unanswerable with probability `no_answer_rate`,
/// otherwise correct with probability logistic(skill − difficulty); a wrong sample picks one of the
/// question's distractors by the question's Gamma-distributed weights (shared by all providers,
/// like common misconceptions, so majority voting can lock onto a wrong answer); the reward score
/// is Normal(±reward_gap/2, reward_noise); tokens are log-normal, longer on harder questions.
/// Reproducible: question q draws from stream (seed, question, q), provider i's samples on q from
/// (seed, sample, i, q), through Boost.Random distributions.
/// Tested by: tests/ttc/test_synthetic.cpp.

#include "beliefsim/rng/path_rng.hpp"
#include "beliefsim/ttc/samples.hpp"

#include <string>
#include <vector>

namespace beliefsim::ttc {

struct SyntheticProvider {
    std::string name;
    double skill = 0;               ///< logit of P(correct | answered) on a question of difficulty 0
    double verbosity = 250;         ///< median tokens per sample on a question of difficulty 0; > 0
    double no_answer_rate = 0.02;   ///< in [0, 1)
    double price_per_million = 0.1; ///< list price, dollars per 10^6 tokens (for the market); ≥ 0
};

struct SyntheticSpec {
    std::size_t questions = 40;
    std::size_t samples = 64;       ///< per question
    double difficulty_sd = 1.5;     ///< difficulty ~ Normal(0, difficulty_sd)
    int distractors = 4;            ///< wrong answers per question, ≥ 1
    double distractor_shape = 0.5;  ///< Gamma shape of the distractor weights (< 1: one dominates)
    double reward_gap = 1.5;        ///< mean reward of correct minus wrong samples
    double reward_noise = 1.0;      ///< reward standard deviation, > 0
    int reward_decimals = 3;        ///< scores are rounded like logged scores (ties do occur); 0..15
    double token_log_sd = 0.35;     ///< standard deviation of log tokens, ≥ 0
    double token_difficulty = 0.15; ///< slope of log tokens in difficulty
    rng::Seed seed = 2026;
    std::vector<SyntheticProvider> providers;
};

/// One ProviderSamples per spec provider, in spec order. Throws: InvalidArgument naming the spec's
/// member ("reward_noise", "providers[i].verbosity", ...).
[[nodiscard]] std::vector<ProviderSamples> generate_samples(const SyntheticSpec& spec);

/// The default market of data/ttc/: 9 providers priced like the nine instruct models of the paper's
/// experiments (the reference code's per-million list prices), 40 questions × 64 samples.
[[nodiscard]] SyntheticSpec default_market_spec();

} // namespace beliefsim::ttc
