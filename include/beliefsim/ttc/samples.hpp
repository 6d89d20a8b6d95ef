#pragma once
/// Per-question, per-sample generation records of the providers of a test-time-compute market
/// (Velasco et al., "Test-Time Compute Games", experiments): for every sample, whether it is
/// correct, the extracted answer, the reward-model score and the tokens it used (files: io/ttc_csv.hpp,
/// io/ttc_samples_file.hpp).
/// Tested by: tests/ttc/test_samples.cpp.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace beliefsim::ttc {

/// Answer id of a sample whose answer could not be extracted (the reference code's `None`): it
/// never takes part in a majority vote.
inline constexpr std::int32_t NO_ANSWER = -1;

/// Reward score of a sample the reward model did not score: loses every best-of-n comparison.
inline constexpr double NO_REWARD = -std::numeric_limits<double>::infinity();

/// One provider's records, rectangular: `questions` × `samples`, row-major (question, sample).
struct ProviderSamples {
    std::string name;
    std::size_t questions = 0;
    std::size_t samples = 0;           ///< per question
    std::vector<std::uint8_t> correct; ///< 0 or 1
    std::vector<std::int32_t> answer;  ///< ≥ 0, or NO_ANSWER
    std::vector<double> reward;        ///< finite, or NO_REWARD
    std::vector<double> tokens;        ///< ≥ 0, finite

    [[nodiscard]] std::size_t index(std::size_t question, std::size_t sample) const {
        return question * samples + sample;
    }
};

/// Checks sizes and value domains. Throws: InvalidArgument naming the provider, field and index.
void validate(const ProviderSamples& data);

} // namespace beliefsim::ttc
