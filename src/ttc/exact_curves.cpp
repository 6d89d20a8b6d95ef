#include "beliefsim/ttc/exact_curves.hpp"

#include "beliefsim/core/error.hpp"

#include <boost/math/special_functions/binomial.hpp>

#include <algorithm>
#include <map>

namespace beliefsim::ttc {

namespace {

double choose(std::size_t n, std::size_t k) {
    if (k > n) return 0;
    return boost::math::binomial_coefficient<double>(static_cast<unsigned>(n), static_cast<unsigned>(k));
}

void check_level(const ProviderSamples& d, int level) {
    validate(d);
    BELIEFSIM_REQUIRE(level >= 1 && static_cast<std::size_t>(level) <= d.samples,
                      "level must be in [1, " << d.samples << "] (got " << level << ")");
}

struct Group {
    std::size_t size;
    bool correct;
};

/// Enumerates the drawn counts of the answer groups (the unanswered samples take the rest) and adds
/// P(counts) × P(the vote is right | counts).
class MajorityEnumerator {
public:
    MajorityEnumerator(std::vector<Group> groups, std::size_t unanswered, std::size_t theta)
        : groups_(std::move(groups)), unanswered_(unanswered), theta_(theta), k_(groups_.size()) {}

    double run(std::size_t total) {
        sum_ = 0;
        recurse(0, theta_, 1.0);
        return sum_ / choose(total, theta_);
    }

private:
    void recurse(std::size_t g, std::size_t left, double weight) {
        if (g == groups_.size()) {
            if (left > unanswered_) return;
            const double w = weight * choose(unanswered_, left);
            std::size_t top = 0, tied = 0, tied_right = 0;
            for (std::size_t a = 0; a < k_.size(); ++a) top = std::max(top, k_[a]);
            if (top == 0) return; // nothing answered: scores 0
            for (std::size_t a = 0; a < k_.size(); ++a) {
                if (k_[a] != top) continue;
                ++tied;
                tied_right += groups_[a].correct ? 1 : 0;
            }
            sum_ += w * static_cast<double>(tied_right) / static_cast<double>(tied);
            return;
        }
        for (std::size_t k = 0; k <= std::min(left, groups_[g].size); ++k) {
            k_[g] = k;
            recurse(g + 1, left - k, weight * choose(groups_[g].size, k));
        }
    }

    std::vector<Group> groups_;
    std::size_t unanswered_, theta_;
    std::vector<std::size_t> k_;
    double sum_ = 0;
};

} // namespace

double exact_majority_accuracy(const ProviderSamples& data, int level) {
    check_level(data, level);
    double total = 0;
    for (std::size_t q = 0; q < data.questions; ++q) {
        std::map<std::int32_t, Group> by_answer;
        std::size_t unanswered = 0;
        for (std::size_t s = 0; s < data.samples; ++s) {
            const std::size_t k = data.index(q, s);
            if (data.answer[k] == NO_ANSWER) {
                ++unanswered;
                continue;
            }
            const bool right = data.correct[k] != 0;
            auto [it, fresh] = by_answer.try_emplace(data.answer[k], Group{0, right});
            BELIEFSIM_REQUIRE(it->second.correct == right,
                              "question " << q << " answer " << data.answer[k] << " is both correct and wrong");
            ++it->second.size;
        }
        std::vector<Group> groups;
        for (const auto& [answer, g] : by_answer) groups.push_back(g);
        total += MajorityEnumerator(std::move(groups), unanswered, static_cast<std::size_t>(level)).run(data.samples);
    }
    return total / static_cast<double>(data.questions);
}

double exact_best_of_n_accuracy(const ProviderSamples& data, int level) {
    check_level(data, level);
    const auto theta = static_cast<std::size_t>(level);
    const double subsets = choose(data.samples, theta);
    double total = 0;
    for (std::size_t q = 0; q < data.questions; ++q) {
        for (std::size_t j = 0; j < data.samples; ++j) {
            const std::size_t kj = data.index(q, j);
            if (data.correct[kj] == 0) continue;
            std::size_t ties = 0, lower = 0;
            for (std::size_t s = 0; s < data.samples; ++s) {
                const double r = data.reward[data.index(q, s)];
                ties += r == data.reward[kj] ? 1 : 0;
                lower += r < data.reward[kj] ? 1 : 0;
            }
            double p = 0;
            for (std::size_t e = 1; e <= std::min(ties, theta); ++e)
                p += choose(ties - 1, e - 1) * choose(lower, theta - e) / static_cast<double>(e);
            total += p / subsets;
        }
    }
    return total / static_cast<double>(data.questions);
}

double exact_mean_tokens(const ProviderSamples& data, int level) {
    check_level(data, level);
    double total = 0;
    for (const double t : data.tokens) total += t;
    return static_cast<double>(level) * total / static_cast<double>(data.questions * data.samples);
}

} // namespace beliefsim::ttc
