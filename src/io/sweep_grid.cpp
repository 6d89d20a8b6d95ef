#include "beliefsim/io/sweep_grid.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "toml_section.hpp"

namespace beliefsim::io {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::vector<std::string> split(const std::string& key) {
    std::vector<std::string> parts;
    std::stringstream in(key);
    for (std::string part; std::getline(in, part, '.');) parts.push_back(part);
    return parts;
}

/// The table that holds `key`'s last part, created if the base lacks it (e.g. an optional table).
toml::table& parent_of(toml::table& root, const std::vector<std::string>& parts, const std::string& field) {
    toml::table* t = &root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        toml::node* child = t->get(parts[i]);
        if (child == nullptr) child = &t->insert_or_assign(parts[i], toml::table{}).first->second;
        if (!child->is_table()) throw ConfigError(field, "'" + parts[i] + "' is not a table in the base config");
        t = child->as_table();
    }
    return *t;
}

/// TOML spelling of a value, numbers in their shortest round-trip form (toml++ prints 17 digits).
std::string render(const toml::node& node) {
    if (const auto* x = node.as_floating_point()) return shortest(x->get());
    if (const auto* a = node.as_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < a->size(); ++i) out += (i ? ", " : "") + render(*a->get(i));
        return out + "]";
    }
    if (const auto* t = node.as_table()) { // a range, inline
        std::string out;
        for (const auto& [k, v] : *t) out += (out.empty() ? "{" : ", ") + std::string(k.str()) + " = " + render(v);
        return out + "}";
    }
    std::ostringstream os;
    node.visit([&](const auto& v) { os << v; });
    return os.str();
}

SettingValue natural_value(const toml::node& node) {
    if (const auto* text = node.as_string()) return text->get();
    if (const auto* integer = node.as_integer()) return integer->get();
    if (const auto* number = node.as_floating_point()) return number->get();
    const auto* list = node.as_array();
    if (list != nullptr && !list->empty() &&
        std::all_of(list->begin(), list->end(), [](const toml::node& x) { return x.is_number(); })) {
        std::vector<double> numbers;
        for (const toml::node& x : *list) numbers.push_back(x.value<double>().value());
        return numbers;
    }
    return render(node);
}

/// The values of a range {start, stop, num[, log]} (see the header) as a TOML array.
toml::array expand_range(const toml::table& range, const std::string& field) {
    for (const auto& [k, v] : range)
        if (k != "start" && k != "stop" && k != "num" && k != "log")
            throw ConfigError(field, "a range takes start, stop, num and log (got \"" + std::string(k.str()) + "\")");
    const toml::node* start = range.get("start");
    const toml::node* stop = range.get("stop");
    const toml::node* num = range.get("num");
    const toml::node* log = range.get("log");
    if (start == nullptr || stop == nullptr || !start->is_number() || !stop->is_number())
        throw ConfigError(field, "a range needs numbers start and stop");
    if (num == nullptr || !num->is_integer() || num->as_integer()->get() < 1 ||
        num->as_integer()->get() > static_cast<std::int64_t>(MAX_SWEEP_POINTS))
        throw ConfigError(field, "a range needs an integer num in [1, " + std::to_string(MAX_SWEEP_POINTS) + "]");
    if (log != nullptr && !log->is_boolean()) throw ConfigError(field, "log must be true or false");
    const bool geometric = log != nullptr && log->as_boolean()->get();
    const double a = start->value<double>().value(), b = stop->value<double>().value();
    if (geometric && !(a > 0 && b > 0)) throw ConfigError(field, "a log range needs start > 0 and stop > 0");
    const auto n = num->as_integer()->get();
    std::vector<double> values;
    for (std::int64_t i = 0; i < n; ++i) {
        const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
        const double x = i == n - 1 && n > 1 ? b : geometric ? a * std::pow(b / a, t) : a + (b - a) * t;
        // 15 significant digits: 0.1 + 0.2 becomes the 0.3 one would type (and whose seed one expects).
        char text[32];
        std::snprintf(text, sizeof text, "%.15g", x);
        values.push_back(std::stod(text));
    }
    const bool integral = start->is_integer() && stop->is_integer() &&
                          std::all_of(values.begin(), values.end(), [](double x) { return x == std::round(x); });
    toml::array out;
    for (const double x : values) {
        if (integral)
            out.push_back(static_cast<std::int64_t>(std::llround(x)));
        else
            out.push_back(x);
    }
    return out;
}

/// The seed keys of a kind's config, the point's reported seed first.
std::vector<std::vector<std::string>> seed_keys(PointKind kind) {
    switch (kind) {
    case PointKind::bbs:
        return {{"monte_carlo", "seed"}};
    case PointKind::ttc:
        return {{"curves", "seed"}, {"dynamics", "seed"}};
    default:
        return {{"simulation", "seed"}};
    }
}

/// The seed at `key`, 0 when absent. Throws: ConfigError naming it when it is not an integer >= 0
/// (the points' own seeds replace it, so nothing else would check the base's).
std::uint64_t seed_of(const toml::table& config, const std::vector<std::string>& key) {
    const std::string field = key[0] + "." + key[1];
    const toml::node* node = config.at_path(field).node();
    if (node == nullptr) return 0;
    if (!node->is_integer() || node->as_integer()->get() < 0) {
        std::ostringstream value;
        node->visit([&](const auto& v) { value << v; });
        throw ConfigError(field, "must be an integer >= 0 (got " + value.str() + ")");
    }
    return static_cast<std::uint64_t>(node->as_integer()->get());
}

} // namespace

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

Grid make_grid(std::string_view toml_text) {
    toml::table root;
    try {
        root = toml::parse(toml_text);
    } catch (const toml::parse_error& e) {
        throw ConfigError("config", "TOML syntax error at line " + std::to_string(e.source().begin.line) + ": " +
                                        std::string(e.description()));
    }
    const toml::table* sweep = root["sweep"].as_table();
    if (sweep == nullptr || sweep->empty())
        throw ConfigError("sweep", "table [sweep] with at least one key is required");
    Grid grid;
    if (const toml::node* crn = sweep->get("common_random_numbers")) {
        if (!crn->is_boolean()) throw ConfigError("sweep.common_random_numbers", "must be true or false");
        grid.common_random_numbers = crn->as_boolean()->get();
    }

    std::map<std::string, toml::array> owned; // expanded ranges
    std::map<std::string, const toml::array*> lists;
    for (const auto& [k, node] : *sweep) {
        const std::string key(k.str());
        if (key == "zip" || key == "common_random_numbers") continue;
        const std::string field = "sweep." + key;
        const toml::array* values = node.as_array();
        if (const toml::table* range = node.as_table()) values = &(owned[key] = expand_range(*range, field));
        if (values == nullptr || values->empty())
            throw ConfigError(field, "must be a non-empty array of values or a range {start, stop, num[, log]}");
        if (key.starts_with("sweep.") || split(key).size() < 2)
            throw ConfigError(field, "must be a dotted key such as \"model.chi\"");
        grid.keys.push_back(key);
        lists[key] = values;
    }
    if (grid.keys.empty()) throw ConfigError("sweep", "table [sweep] with at least one swept key is required");
    // Groups of keys that vary together: zip groups, and every other key alone.
    std::vector<std::vector<std::string>> groups;
    std::vector<std::string> zipped;
    if (const toml::node* zip = sweep->get("zip")) {
        const toml::array* outer = zip->as_array();
        if (outer == nullptr) throw ConfigError("sweep.zip", "must be an array of arrays of swept keys");
        for (const toml::node& g : *outer) {
            const toml::array* inner = g.as_array();
            if (inner == nullptr || inner->size() < 2)
                throw ConfigError("sweep.zip", "each group must list >= 2 swept keys");
            std::vector<std::string> group;
            for (const toml::node& name : *inner) {
                const auto* s = name.as_string();
                if (s == nullptr || !lists.contains(s->get()))
                    throw ConfigError("sweep.zip", "names a key that is not swept: " + render(name));
                if (std::find(zipped.begin(), zipped.end(), s->get()) != zipped.end())
                    throw ConfigError("sweep.zip", "key \"" + s->get() + "\" is in two groups");
                if (lists[s->get()]->size() != lists[group.empty() ? s->get() : group.front()]->size())
                    throw ConfigError("sweep.zip",
                                      "lists zipped together must have equal lengths (\"" + s->get() + "\")");
                group.push_back(s->get());
                zipped.push_back(s->get());
            }
            groups.push_back(group);
        }
    }
    for (const auto& key : grid.keys)
        if (std::find(zipped.begin(), zipped.end(), key) == zipped.end()) groups.push_back({key});
    // Groups in the order of their first key, so the last key varies fastest.
    std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
        return std::find(grid.keys.begin(), grid.keys.end(), a.front()) <
               std::find(grid.keys.begin(), grid.keys.end(), b.front());
    });

    toml::table base = root;
    base.erase("sweep");
    grid.kind = detail::config_kind(base);
    if (grid.kind == ConfigKind::convergence)
        throw ConfigError("sweep", "a convergence config cannot be swept (its dt ladder is its own sweep)");
    const auto seeds = seed_keys(grid.kind);
    grid.base_seed = seed_of(base, seeds.front());
    grid.table = "[sweep]\n";
    for (const auto& [k, node] : *sweep) grid.table += "\"" + std::string(k.str()) + "\" = " + render(node) + "\n";
    // Counted before any point is made: each holds its config text, so 10^8 points would need
    // 10^11 bytes.
    std::size_t count = 1;
    for (const auto& g : groups) {
        count *= lists[g.front()]->size(); // no overflow: both factors are at most MAX_SWEEP_POINTS
        if (count > MAX_SWEEP_POINTS)
            throw ConfigError("sweep", "the grid has more than " + std::to_string(MAX_SWEEP_POINTS) +
                                           " points (the product of the swept lists' lengths; zip groups count once)");
    }
    for (std::size_t index = 0; index < count; ++index) {
        // Mixed-radix digits of the index, the last group fastest.
        std::map<std::string, std::size_t> pick;
        std::size_t rest = index;
        for (auto g = groups.rbegin(); g != groups.rend(); ++g) {
            const std::size_t n = lists[g->front()]->size();
            for (const auto& key : *g) pick[key] = rest % n;
            rest /= n;
        }
        Point p;
        p.index = index;
        toml::table config = base;
        std::string canonical;
        for (const auto& key : grid.keys) {
            const toml::node& value = *lists[key]->get(pick[key]);
            const auto parts = split(key);
            toml::table& parent = parent_of(config, parts, "sweep." + key);
            value.visit([&](const auto& v) { parent.insert_or_assign(parts.back(), v); });
            Setting s{key, render(value), natural_value(value)};
            canonical += key + "=" + s.text + "\n";
            p.settings.push_back(std::move(s));
        }
        if (grid.common_random_numbers) {
            p.seed = seed_of(config, seeds.front());
        } else {
            p.seed = splitmix64(grid.base_seed ^ fnv1a(canonical)) >> 1; // ≥ 0 as a TOML integer
            for (const auto& key : seeds)
                parent_of(config, key, key[0] + "." + key[1])
                    .insert_or_assign(key[1], static_cast<std::int64_t>(p.seed));
        }
        std::ostringstream os;
        os << config;
        p.config = os.str() + "\n";
        p.fingerprint = fnv1a(p.config);
        grid.points.push_back(std::move(p));
    }
    std::string resolved;
    for (const Point& p : grid.points) resolved += p.config;
    grid.fingerprint = fnv1a(resolved);
    return grid;
}

std::vector<ConfigError> grid_errors(std::string_view toml_text, const std::filesystem::path& config_dir) {
    return config_errors(toml_text, [&](std::string_view t) {
        const Grid g = make_grid(t);
        const auto parse = config_parser(g.kind, config_dir);
        for (const Point& p : g.points) parse(p.config);
    });
}

} // namespace beliefsim::io
