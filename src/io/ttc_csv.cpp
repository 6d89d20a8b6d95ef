#include "beliefsim/io/ttc_csv.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <optional>
#include <unordered_map>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/io/table_reader.hpp"

namespace beliefsim::io {

using ttc::NO_ANSWER;
using ttc::NO_REWARD;
using ttc::PriceEntry;
using ttc::ProviderSamples;

namespace {

struct Record {
    std::uint8_t correct;
    std::int32_t answer;
    double reward;
    double tokens;
};

struct ProviderRows {
    std::string name;
    std::vector<std::int64_t> question_ids; // in order of first appearance
    std::unordered_map<std::int64_t, std::size_t> question_index;
    std::vector<std::vector<std::optional<Record>>> records; // [question][sample id]
};

// A sample id bound that keeps a typo from allocating gigabytes.
constexpr std::int64_t MAX_SAMPLES = 1 << 20;

bool is_missing(std::string_view s) { return s.empty() || s == "none" || s == "None" || s == "nan" || s == "NaN"; }

Record parse_record(const TableReader& in, std::size_t c_correct, std::size_t c_answer, std::size_t c_reward,
                    std::size_t c_tokens) {
    Record r{};
    const std::string_view corr = in.field(c_correct);
    if (corr == "1" || corr == "true" || corr == "True")
        r.correct = 1;
    else if (corr == "0" || corr == "false" || corr == "False")
        r.correct = 0;
    else
        throw ConfigError(in.where(c_correct), "must be 0, 1, true or false (got '" + std::string(corr) + "')");

    if (is_missing(in.field(c_answer))) {
        r.answer = NO_ANSWER;
    } else {
        const std::int64_t a = in.integer(c_answer);
        if (a < 0 || a > std::numeric_limits<std::int32_t>::max())
            throw ConfigError(in.where(c_answer),
                              "must be an integer in [0, 2^31) or empty for no answer " + got(static_cast<double>(a)));
        r.answer = static_cast<std::int32_t>(a);
    }
    r.reward = is_missing(in.field(c_reward)) ? NO_REWARD : in.number(c_reward);
    r.tokens = in.number(c_tokens);
    if (r.tokens < 0) throw ConfigError(in.where(c_tokens), "must be >= 0 " + got(r.tokens));
    return r;
}

ProviderSamples assemble(const ProviderRows& rows, const std::filesystem::path& file) {
    std::size_t k_min = std::numeric_limits<std::size_t>::max();
    for (std::size_t q = 0; q < rows.records.size(); ++q) {
        const auto& recs = rows.records[q];
        const auto gap = std::find_if(recs.begin(), recs.end(), [](const auto& r) { return !r.has_value(); });
        if (gap != recs.end())
            throw ConfigError(file.string(), "provider '" + rows.name + "' question " +
                                                 std::to_string(rows.question_ids[q]) +
                                                 ": sample ids must be exactly 0..k-1 (missing " +
                                                 std::to_string(gap - recs.begin()) + ")");
        k_min = std::min(k_min, recs.size());
    }
    ProviderSamples out;
    out.name = rows.name;
    out.questions = rows.records.size();
    out.samples = k_min;
    const std::size_t n = out.questions * out.samples;
    out.correct.reserve(n);
    out.answer.reserve(n);
    out.reward.reserve(n);
    out.tokens.reserve(n);
    for (const auto& recs : rows.records) {
        for (std::size_t s = 0; s < k_min; ++s) {
            const Record& r = *recs[s];
            out.correct.push_back(r.correct);
            out.answer.push_back(r.answer);
            out.reward.push_back(r.reward);
            out.tokens.push_back(r.tokens);
        }
    }
    return out;
}

} // namespace

std::vector<ProviderSamples> read_samples_csv(const std::filesystem::path& file) {
    TableReader in(file);
    const std::size_t c_provider = in.column("provider"), c_question = in.column("question"),
                      c_sample = in.column("sample"), c_correct = in.column("correct"), c_answer = in.column("answer"),
                      c_reward = in.column("reward"), c_tokens = in.column("tokens");
    std::vector<ProviderRows> providers;
    std::unordered_map<std::string, std::size_t> provider_index;
    while (in.next()) {
        const std::string name(in.field(c_provider));
        if (name.empty()) throw ConfigError(in.where(c_provider), "must be a non-empty provider name");
        const auto [pit, new_provider] = provider_index.try_emplace(name, providers.size());
        if (new_provider) providers.push_back(ProviderRows{name, {}, {}, {}});
        ProviderRows& rows = providers[pit->second];

        const std::int64_t qid = in.integer(c_question);
        const auto [qit, new_question] = rows.question_index.try_emplace(qid, rows.records.size());
        if (new_question) {
            rows.question_ids.push_back(qid);
            rows.records.emplace_back();
        }
        const std::int64_t sid = in.integer(c_sample);
        if (sid < 0 || sid >= MAX_SAMPLES)
            throw ConfigError(in.where(c_sample), "must be in [0, 2^20) " + got(static_cast<double>(sid)));
        auto& recs = rows.records[qit->second];
        const auto s = static_cast<std::size_t>(sid);
        if (recs.size() <= s) recs.resize(s + 1);
        if (recs[s].has_value())
            throw ConfigError(in.where(c_sample), "duplicate sample id " + std::to_string(sid) + " for provider '" +
                                                      name + "' question " + std::to_string(qid));
        recs[s] = parse_record(in, c_correct, c_answer, c_reward, c_tokens);
    }
    if (providers.empty()) throw ConfigError(file.string(), "no data rows after the header");

    std::vector<ProviderSamples> out;
    out.reserve(providers.size());
    for (const auto& rows : providers) out.push_back(assemble(rows, file));
    return out;
}

void write_samples_csv(const std::filesystem::path& file, std::span<const ProviderSamples> providers) {
    for (const auto& p : providers) {
        ttc::validate(p);
        BELIEFSIM_REQUIRE(!p.name.empty() && p.name.find_first_of(",\r\n") == std::string::npos,
                          "provider name '" << p.name << "' must be non-empty, without commas or line breaks");
    }
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    {
        std::ofstream os(tmp);
        if (!os) throw ConfigError(file.string(), "cannot open file for writing");
        os << "provider,question,sample,correct,answer,reward,tokens\n";
        for (const auto& p : providers) {
            for (std::size_t q = 0; q < p.questions; ++q) {
                for (std::size_t s = 0; s < p.samples; ++s) {
                    const std::size_t k = p.index(q, s);
                    os << p.name << ',' << q << ',' << s << ',' << int{p.correct[k]} << ',';
                    if (p.answer[k] == NO_ANSWER)
                        os << "none";
                    else
                        os << p.answer[k];
                    os << ',';
                    if (p.reward[k] == NO_REWARD)
                        os << "none";
                    else
                        os << shortest(p.reward[k]);
                    os << ',';
                    os << shortest(p.tokens[k]);
                    os << '\n';
                }
            }
        }
        os.flush();
        if (!os) throw ConfigError(file.string(), "write failed");
    }
    std::filesystem::rename(tmp, file);
}

std::vector<PriceEntry> read_price_list_csv(const std::filesystem::path& file) {
    TableReader in(file);
    const std::size_t c_name = in.column("name"), c_price = in.column("price_per_million");
    const std::optional<std::size_t> c_margin = in.find_column("margin");
    std::vector<PriceEntry> out;
    while (in.next()) {
        PriceEntry e;
        e.name = std::string(in.field(c_name));
        if (e.name.empty()) throw ConfigError(in.where(c_name), "must be a non-empty provider name");
        e.price_per_million = in.number(c_price);
        if (e.price_per_million < 0) throw ConfigError(in.where(c_price), "must be >= 0 " + got(e.price_per_million));
        if (c_margin) {
            e.margin = in.number(*c_margin);
            if (e.margin < 0) throw ConfigError(in.where(*c_margin), "must be >= 0 " + got(e.margin));
        }
        out.push_back(std::move(e));
    }
    if (out.empty()) throw ConfigError(file.string(), "no data rows after the header");
    return out;
}

} // namespace beliefsim::io
