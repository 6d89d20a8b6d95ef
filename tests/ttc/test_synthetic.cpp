#include "beliefsim/core/error.hpp"
#include "beliefsim/io/ttc_csv.hpp"
#include "beliefsim/ttc/synthetic.hpp"

#include "../support.hpp"
#include "ttc_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace beliefsim;
using namespace beliefsim::ttc;

namespace {

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

} // namespace

TEST_CASE("ttc synthetic: the shipped default data equals fresh generator output", "[ttc][repro]") {
    const auto samples = generate_samples(default_market_spec());
    REQUIRE(samples.size() == 9);
    for (const auto& p : samples) {
        CHECK(p.questions == 40);
        CHECK(p.samples == 64);
    }
    beliefsim::test::TempDir dir;
    io::write_samples_csv(dir.path / "samples.csv", samples);
    CHECK(slurp(dir.path / "samples.csv") == slurp(beliefsim::ttc::test::data_dir() + "/samples.csv"));
}

TEST_CASE("ttc synthetic: same seed same data and another seed other data", "[ttc][repro]") {
    SyntheticSpec spec = default_market_spec();
    spec.questions = 5;
    const auto a = generate_samples(spec);
    const auto b = generate_samples(spec);
    CHECK(a[3].reward == b[3].reward);
    CHECK(a[3].answer == b[3].answer);
    spec.seed += 1;
    const auto c = generate_samples(spec);
    CHECK(a[3].reward != c[3].reward);
    // Adding a provider leaves the others' samples unchanged (per-provider streams).
    spec.seed -= 1;
    spec.providers.push_back({"extra", 0, 100, 0, 0});
    CHECK(generate_samples(spec)[3].tokens == a[3].tokens);
}

TEST_CASE("ttc synthetic: item-response law of one question", "[ttc][stat]") {
    // difficulty_sd = 0: every question has difficulty 0, so a sample is answered with probability
    // 1 − r and then correct with probability logistic(skill); rewards are Normal(±gap/2, noise).
    SyntheticSpec spec;
    spec.questions = 4;
    spec.samples = 5000;
    spec.difficulty_sd = 0;
    spec.reward_decimals = 15;
    spec.providers = {{"p", 0.7, 200, 0.1, 0.1}};
    const ProviderSamples s = generate_samples(spec)[0];
    const double n = static_cast<double>(s.correct.size());
    const double p_right = 0.9 / (1 + std::exp(-0.7)), p_none = 0.1;
    double right = 0, none = 0, reward_right = 0, log_tokens = 0;
    for (std::size_t k = 0; k < s.correct.size(); ++k) {
        right += s.correct[k];
        none += s.answer[k] == NO_ANSWER ? 1 : 0;
        if (s.correct[k]) reward_right += s.reward[k];
        log_tokens += std::log(s.tokens[k]);
        REQUIRE((s.answer[k] == 0) == (s.correct[k] == 1));
    }
    const double k = 4; // standard errors
    CAPTURE(right / n, p_right, none / n, p_none);
    CHECK(std::abs(right / n - p_right) <= k * std::sqrt(p_right * (1 - p_right) / n));
    CHECK(std::abs(none / n - p_none) <= k * std::sqrt(p_none * (1 - p_none) / n));
    CHECK(std::abs(reward_right / right - 0.75) <= k / std::sqrt(right));
    // Tokens are rounded log-normals around 200 (rounding moves log by < 0.5/200).
    CHECK(std::abs(log_tokens / n - std::log(200.0)) <= k * 0.35 / std::sqrt(n) + 0.003);
}

TEST_CASE("ttc synthetic: bad specs name the field", "[ttc][bad-input]") {
    const auto field_of = [](const SyntheticSpec& s) {
        try {
            (void)generate_samples(s);
        } catch (const InvalidArgument& e) {
            return e.parameter();
        }
        return std::string();
    };
    SyntheticSpec s = default_market_spec();
    s.questions = 0;
    CHECK(field_of(s) == "questions");
    s = default_market_spec();
    s.reward_noise = 0;
    CHECK(field_of(s) == "reward_noise");
    s = default_market_spec();
    s.providers[2].no_answer_rate = 1;
    CHECK(field_of(s) == "providers[2].no_answer_rate");
    s = default_market_spec();
    s.providers.clear();
    CHECK(field_of(s) == "providers");
}
