#pragma once
/// Per-question, per-sample generation records of the providers of a test-time-compute market
/// (Velasco et al., "Test-Time Compute Games", experiments): for every sample, whether it is
/// correct, the extracted answer, the reward-model score and the tokens it used. CSV in and out.
/// Tested by: tests/ttc/test_samples.cpp.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
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

/// Reads a long-format CSV with header `provider,question,sample,correct,answer,reward,tokens`
/// (columns in any order, extra columns ignored). `correct`: 0/1/true/false; `answer`: integer ≥ 0,
/// or empty/`none` for NO_ANSWER; `reward`: number, or empty/`none`/`nan` for NO_REWARD; `tokens`:
/// number ≥ 0. Providers keep their order of first appearance, questions their order of first
/// appearance within a provider. Each question's sample ids must be exactly 0..k−1 (any order);
/// like the reference code, every question of a provider is truncated to the provider's smallest k.
/// Throws: ConfigError{"FILE:LINE:COLUMN", rule} for every malformed field, ConfigError{FILE, rule}
/// for an unreadable file, a missing column, duplicate or missing sample ids, or no rows.
[[nodiscard]] std::vector<ProviderSamples> read_samples_csv(const std::filesystem::path& file);

/// Writes the format `read_samples_csv` reads (numbers in shortest round-trip form, so reading back
/// is exact), through FILE.tmp renamed when complete. Throws: ConfigError{FILE, rule} on I/O
/// failure.
void write_samples_csv(const std::filesystem::path& file,
                       std::span<const ProviderSamples> providers);

} // namespace beliefsim::ttc
