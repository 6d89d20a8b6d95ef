#include "beliefsim/io/ttc_curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"
#include "beliefsim/io/table_reader.hpp"

namespace beliefsim::io {

namespace {

constexpr double NOT_GIVEN = std::numeric_limits<double>::quiet_NaN();

/// One point of a curve as read.
struct Point {
    double theta, accuracy, tokens, accuracy_stderr, tokens_stderr;
};

/// The value rules of a point, shared by both formats; `where(column)` names the offending cell or
/// element.
template <class Where>
void check_point(const Point& p, Where where) {
    if (!(p.theta >= 1 && p.theta <= std::numeric_limits<int>::max() && p.theta == std::round(p.theta)))
        throw ConfigError(where("theta"), "must be a whole number of samples >= 1 " + got(p.theta));
    if (!(p.accuracy >= 0 && p.accuracy <= 1))
        throw ConfigError(where("accuracy"), "must be in [0, 1] " + got(p.accuracy));
    if (!(p.tokens >= 0 && std::isfinite(p.tokens)))
        throw ConfigError(where("tokens"), "must be finite and >= 0 " + got(p.tokens));
    for (const auto& [name, se] : {std::pair{"accuracy_stderr", p.accuracy_stderr}, {"tokens_stderr", p.tokens_stderr}})
        if (!std::isnan(se) && !(se >= 0 && std::isfinite(se)))
            throw ConfigError(where(name), "must be finite and >= 0, or empty when not given " + got(se));
}

estimators::Estimate given(double value, double stderr_value) { return {value, stderr_value, 0}; }

/// Appends a checked point to `curves`, whose levels must rise strictly.
template <class Where>
void append(ttc::ProviderCurves& curves, ttc::Aggregation aggregation, const Point& p, Where where) {
    check_point(p, where);
    const int theta = static_cast<int>(p.theta);
    if (!curves.levels.empty() && theta <= curves.levels.back())
        throw ConfigError(where("theta"), std::string(theta == curves.levels.back() ? "duplicate" : "decreasing") +
                                              " compute level for provider '" + curves.name +
                                              "': theta must be strictly increasing within a provider (got " +
                                              std::to_string(theta) + " after " + std::to_string(curves.levels.back()) +
                                              ")");
    curves.levels.push_back(theta);
    auto& accuracy = aggregation == ttc::Aggregation::majority_vote ? curves.majority : curves.best_of_n;
    accuracy.push_back({given(p.accuracy, p.accuracy_stderr), NOT_GIVEN, NOT_GIVEN});
    curves.tokens.push_back({given(p.tokens, p.tokens_stderr), NOT_GIVEN, NOT_GIVEN});
}

/// Every provider needs the market's levels: those of the first.
void check_same_levels(const std::vector<ttc::ProviderCurves>& curves, const std::filesystem::path& file) {
    const auto text = [](const std::vector<int>& levels) {
        std::string out;
        for (const int l : levels) out += (out.empty() ? "" : " ") + std::to_string(l);
        return out;
    };
    for (const ttc::ProviderCurves& c : curves)
        if (c.levels != curves.front().levels)
            throw ConfigError(file.string(), "every provider needs the same compute levels: '" + c.name +
                                                 "' has theta " + text(c.levels) + ", '" + curves.front().name +
                                                 "' has " + text(curves.front().levels));
}

std::vector<ttc::ProviderCurves> read_csv(const std::filesystem::path& file, ttc::Aggregation aggregation) {
    TableReader in(file);
    const std::size_t c_provider = in.column("provider"), c_theta = in.column("theta"),
                      c_accuracy = in.column("accuracy"), c_tokens = in.column("tokens");
    const std::optional<std::size_t> c_accuracy_se = in.find_column("accuracy_stderr"),
                                     c_tokens_se = in.find_column("tokens_stderr");
    const auto standard_error = [&](std::optional<std::size_t> column) {
        if (!column) return NOT_GIVEN;
        const std::string_view text = in.field(*column);
        return text.empty() || text == "nan" || text == "NaN" ? NOT_GIVEN : in.number(*column);
    };
    std::vector<ttc::ProviderCurves> out;
    std::unordered_map<std::string, std::size_t> index;
    while (in.next()) {
        const std::string name(in.field(c_provider));
        if (name.empty()) throw ConfigError(in.where(c_provider), "must be a non-empty provider name");
        const auto [it, added] = index.try_emplace(name, out.size());
        if (added) out.emplace_back().name = name;
        const Point p{in.number(c_theta), in.number(c_accuracy), in.number(c_tokens), standard_error(c_accuracy_se),
                      standard_error(c_tokens_se)};
        // The rules name columns by their header names, present whenever a rule can break.
        const auto cell = [&](std::string_view column) { return in.where(*in.find_column(column)); };
        append(out[it->second], aggregation, p, cell);
    }
    if (out.empty()) throw ConfigError(file.string(), "no data rows after the header");
    check_same_levels(out, file);
    return out;
}

std::vector<ttc::ProviderCurves> read_h5(const std::filesystem::path& file, ttc::Aggregation aggregation) {
    const File f = File::open_read(file);
    const std::string group = schema::ttc::CURVES;
    const auto path = [&](const std::string& name) { return schema::child(group, name); };
    const auto located = [&](const std::string& name) { return file.string() + ":" + path(name); };
    if (!exists(f, group)) throw ConfigError(file.string(), "not a curves file: no group " + group);
    for (const char* name : {"provider", "theta", "accuracy", "tokens"})
        if (!exists(f, path(name))) throw ConfigError(file.string(), "missing dataset " + path(name));
    const std::string method = aggregation == ttc::Aggregation::majority_vote ? "majority-vote" : "best-of-n";
    const Group g = open_group(f, group);
    if (has_attribute(g, "method") && read_string_attribute(g, "method") != method)
        throw ConfigError("curves.method", "is " + method + ", but " + file.string() + " holds " +
                                               read_string_attribute(g, "method") + " curves (attribute method)");

    const Dataset provider = open_dataset(f, path("provider"));
    if (shape(provider).size() != 1) throw ConfigError(located("provider"), "must be 1-D (one name per provider)");
    std::vector<std::string> names;
    try {
        names = read_strings(provider);
    } catch (const Error&) {
        throw ConfigError(located("provider"), "must hold the provider names as strings");
    }
    const auto numbers = [&](const std::string& name) {
        try {
            return read_doubles(open_dataset(f, path(name)));
        } catch (const Error&) {
            throw ConfigError(located(name), "must hold numbers");
        }
    };
    const std::vector<double> theta = numbers("theta");
    const std::size_t n = names.size(), m = theta.size();
    if (n == 0 || m == 0) throw ConfigError(file.string(), "needs at least one provider and one compute level");
    if (shape(open_dataset(f, path("theta"))).size() != 1) throw ConfigError(located("theta"), "must be 1-D");
    const auto table = [&](const std::string& name, bool required) -> std::vector<double> {
        if (!exists(f, path(name))) {
            if (required) throw ConfigError(file.string(), "missing dataset " + path(name));
            return std::vector<double>(n * m, NOT_GIVEN);
        }
        const Dataset ds = open_dataset(f, path(name));
        if (shape(ds) != std::vector<std::size_t>{n, m})
            throw ConfigError(located(name),
                              "must be providers x levels (" + std::to_string(n) + " x " + std::to_string(m) + ")");
        return numbers(name);
    };
    const std::vector<double> accuracy = table("accuracy", true), tokens = table("tokens", true),
                              accuracy_se = table("accuracy_stderr", false), tokens_se = table("tokens_stderr", false);

    std::vector<ttc::ProviderCurves> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (names[i].empty()) throw ConfigError(located("provider"), "must hold non-empty provider names");
        for (std::size_t j = 0; j < i; ++j)
            if (names[j] == names[i]) throw ConfigError(located("provider"), "names provider '" + names[i] + "' twice");
        ttc::ProviderCurves c;
        c.name = names[i];
        for (std::size_t l = 0; l < m; ++l) {
            const std::size_t k = i * m + l;
            const auto element = [&](std::string_view name) {
                const std::string text(name);
                return located(text) + (text == "theta" ? "[" + std::to_string(l) + "]"
                                                        : "[" + std::to_string(i) + "][" + std::to_string(l) + "]");
            };
            append(c, aggregation, {theta[l], accuracy[k], tokens[k], accuracy_se[k], tokens_se[k]}, element);
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

bool is_hdf5_name(const std::filesystem::path& file) {
    return file.extension() == ".h5" || file.extension() == ".hdf5";
}

std::vector<ttc::ProviderCurves> read_curves(const std::filesystem::path& file, ttc::Aggregation aggregation) {
    return is_hdf5_name(file) ? read_h5(file, aggregation) : read_csv(file, aggregation);
}

} // namespace beliefsim::io
