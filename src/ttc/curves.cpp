#include "beliefsim/ttc/curves.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/mc/parallel.hpp"
#include "beliefsim/ttc/streams.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace beliefsim::ttc {

namespace {

void check(const CurveOptions& o, std::size_t samples) {
    BELIEFSIM_CHECK(!o.levels.empty(), "levels", "must list at least one level");
    for (std::size_t l = 0; l < o.levels.size(); ++l) {
        BELIEFSIM_CHECK(o.levels[l] >= 1 && static_cast<std::size_t>(o.levels[l]) <= samples, "levels",
                        "must be in [1, " << samples << "] (the samples per question) " << got(o.levels[l]));
        BELIEFSIM_CHECK(l == 0 || o.levels[l] > o.levels[l - 1], "levels",
                        "must be strictly increasing " << got(o.levels[l]));
    }
    BELIEFSIM_CHECK(o.replicates >= 2, "replicates", "must be >= 2 " << got(o.replicates));
    BELIEFSIM_CHECK(o.band > 0 && o.band < 1, "band", "must be in (0, 1) " << got(o.band));
}

/// Answers relabelled per question as 0..K−1 (−1: no answer), so votes are counted in arrays.
struct Labels {
    std::vector<std::int32_t> label; // [question × samples]
    std::size_t max_labels = 0;
};

Labels dense_labels(const ProviderSamples& d) {
    Labels out;
    out.label.resize(d.answer.size());
    std::unordered_map<std::int32_t, std::int32_t> ids;
    for (std::size_t q = 0; q < d.questions; ++q) {
        ids.clear();
        for (std::size_t s = 0; s < d.samples; ++s) {
            const std::size_t k = d.index(q, s);
            if (d.answer[k] == NO_ANSWER) {
                out.label[k] = -1;
                continue;
            }
            out.label[k] = ids.try_emplace(d.answer[k], static_cast<std::int32_t>(ids.size())).first->second;
        }
        out.max_labels = std::max(out.max_labels, ids.size());
    }
    return out;
}

/// numpy's default (linear, "type 7") sample quantile of sorted values.
double quantile_sorted(const std::vector<double>& sorted, double p) {
    const double h = p * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

CurveValue summarize(std::vector<double> values, double band) {
    const auto n = static_cast<double>(values.size());
    double mean = 0;
    for (const double v : values) mean += v;
    mean /= n;
    // Second pass: corrects the rounding of the first, so equal values give exactly their value.
    double ss = 0, dev = 0;
    for (const double v : values) {
        dev += v - mean;
        ss += (v - mean) * (v - mean);
    }
    mean += dev / n;
    ss -= dev * dev / n;
    std::sort(values.begin(), values.end());
    CurveValue out;
    out.estimate = {mean, std::sqrt(std::max(ss, 0.0) / (n - 1) / n), values.size()};
    out.band_lo = quantile_sorted(values, 0.5 * (1 - band));
    out.band_hi = quantile_sorted(values, 0.5 * (1 + band));
    return out;
}

/// Per-replicate sums over questions, per level: correct counts are exact integers; token sums
/// are added in question order.
struct ReplicateSums {
    std::vector<std::int64_t> majority, best_of_n;
    std::vector<double> tokens;
};

/// Vote bookkeeping of one question's drawn prefix, per dense label.
struct Votes {
    std::vector<std::int32_t> count, first;
    std::vector<std::uint8_t> any_correct;
    explicit Votes(std::size_t labels) : count(labels), first(labels), any_correct(labels) {}
    void reset() {
        std::fill(count.begin(), count.end(), 0);
        std::fill(any_correct.begin(), any_correct.end(), 0);
    }
    /// The reference rule: most votes; among tied answers the one drawn first; correct if any drawn
    /// sample with that answer is correct.
    [[nodiscard]] bool majority_correct() const {
        std::int32_t best_count = 0, best_first = 0;
        std::size_t best = count.size();
        for (std::size_t a = 0; a < count.size(); ++a) {
            if (count[a] == 0) continue;
            if (count[a] > best_count || (count[a] == best_count && first[a] < best_first)) {
                best = a;
                best_count = count[a];
                best_first = first[a];
            }
        }
        return best < count.size() && any_correct[best] != 0;
    }
};

ReplicateSums run_replicate(const ProviderSamples& d, const Labels& labels, std::uint64_t stream, const CurveOptions& o,
                            std::uint64_t replicate) {
    const std::size_t levels = o.levels.size();
    const auto theta_max = static_cast<std::size_t>(o.levels.back());
    ReplicateSums sums{std::vector<std::int64_t>(levels), std::vector<std::int64_t>(levels),
                       std::vector<double>(levels)};
    std::vector<std::size_t> order(d.samples);
    Votes votes(labels.max_labels);
    for (std::size_t q = 0; q < d.questions; ++q) {
        auto rng = make_stream(o.seed, Purpose::resample, stream, q, replicate);
        std::iota(order.begin(), order.end(), std::size_t{0});
        votes.reset();
        double best_reward = 0, tokens = 0;
        bool best_correct = false;
        std::size_t next_level = 0;
        for (std::size_t j = 0; j < theta_max; ++j) {
            // Fisher–Yates prefix: position j gets a uniform pick among the samples not yet drawn.
            boost::random::uniform_int_distribution<std::size_t> pick(j, d.samples - 1);
            std::swap(order[j], order[pick(rng)]);
            const std::size_t k = d.index(q, order[j]);
            const std::int32_t a = labels.label[k];
            if (a >= 0) {
                const auto ua = static_cast<std::size_t>(a);
                if (votes.count[ua]++ == 0) votes.first[ua] = static_cast<std::int32_t>(j);
                votes.any_correct[ua] |= d.correct[k];
            }
            if (j == 0 || d.reward[k] > best_reward) { // strict: the first drawn wins ties
                best_reward = d.reward[k];
                best_correct = d.correct[k] != 0;
            }
            tokens += d.tokens[k];
            if (j + 1 == static_cast<std::size_t>(o.levels[next_level])) {
                sums.majority[next_level] += votes.majority_correct() ? 1 : 0;
                sums.best_of_n[next_level] += best_correct ? 1 : 0;
                sums.tokens[next_level] += tokens;
                ++next_level;
            }
        }
    }
    return sums;
}

} // namespace

ProviderCurves estimate_curves(const ProviderSamples& data, std::uint64_t stream, const CurveOptions& options) {
    validate(data);
    check(options, data.samples);
    const Labels labels = dense_labels(data);
    const auto reps = static_cast<std::size_t>(options.replicates);
    std::vector<ReplicateSums> per_rep(reps);
    mc::parallel_for(options.replicates, options.threads, [&](std::int64_t r) {
        per_rep[static_cast<std::size_t>(r)] =
            run_replicate(data, labels, stream, options, static_cast<std::uint64_t>(r));
    });

    ProviderCurves out;
    out.name = data.name;
    out.levels = options.levels;
    const auto nq = static_cast<double>(data.questions);
    std::vector<double> maj(reps), bon(reps), tok(reps);
    for (std::size_t l = 0; l < options.levels.size(); ++l) {
        for (std::size_t r = 0; r < reps; ++r) {
            maj[r] = static_cast<double>(per_rep[r].majority[l]) / nq;
            bon[r] = static_cast<double>(per_rep[r].best_of_n[l]) / nq;
            tok[r] = per_rep[r].tokens[l] / nq;
        }
        out.majority.push_back(summarize(maj, options.band));
        out.best_of_n.push_back(summarize(bon, options.band));
        out.tokens.push_back(summarize(tok, options.band));
    }
    return out;
}

std::vector<ProviderCurves> estimate_curves(std::span<const ProviderSamples> data, const CurveOptions& options) {
    std::vector<ProviderCurves> out;
    out.reserve(data.size());
    for (std::size_t k = 0; k < data.size(); ++k) out.push_back(estimate_curves(data[k], k, options));
    return out;
}

} // namespace beliefsim::ttc
