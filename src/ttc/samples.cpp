#include "beliefsim/ttc/samples.hpp"

#include "beliefsim/core/error.hpp"

#include <cmath>

namespace beliefsim::ttc {

void validate(const ProviderSamples& data) {
    const std::size_t n = data.questions * data.samples;
    BELIEFSIM_REQUIRE(data.questions > 0 && data.samples > 0,
                      "provider '" << data.name << "': needs at least one question and one sample");
    BELIEFSIM_REQUIRE(
        data.correct.size() == n && data.answer.size() == n && data.reward.size() == n && data.tokens.size() == n,
        "provider '" << data.name << "': every record array must have questions × samples = " << n << " entries");
    for (std::size_t k = 0; k < n; ++k) {
        BELIEFSIM_REQUIRE(data.correct[k] <= 1, "provider '" << data.name << "': correct[" << k << "] must be 0 or 1");
        BELIEFSIM_REQUIRE(data.answer[k] >= NO_ANSWER,
                          "provider '" << data.name << "': answer[" << k << "] must be >= 0 or NO_ANSWER");
        BELIEFSIM_REQUIRE(std::isfinite(data.reward[k]) || data.reward[k] == NO_REWARD,
                          "provider '" << data.name << "': reward[" << k << "] must be finite or NO_REWARD");
        BELIEFSIM_REQUIRE(std::isfinite(data.tokens[k]) && data.tokens[k] >= 0,
                          "provider '" << data.name << "': tokens[" << k << "] must be finite and >= 0 (got "
                                       << data.tokens[k] << ")");
    }
}

} // namespace beliefsim::ttc
