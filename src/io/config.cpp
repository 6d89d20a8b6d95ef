#include "beliefsim/io/config.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include <toml++/toml.h>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/diffusion.hpp"

namespace beliefsim::io {
namespace {

// Upper bounds that keep a typo (an extra zero or three) from exhausting memory.
constexpr std::int64_t MAX_GRID_POINTS = 1'000'000;
constexpr std::int64_t MAX_HISTOGRAM_BINS = 10'000'000;
constexpr std::int64_t MAX_BLOCK_SIZE = 1 << 24;
constexpr std::int64_t MAX_SAMPLE_PATHS = 1000;

std::string format_number(double x) {
    std::ostringstream os;
    os.precision(12);
    os << x;
    return os.str();
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    default: return "date/time";
    }
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

/// One TOML table with its dotted prefix; typed getters name the field in their errors.
class Section {
public:
    Section(const toml::table& table, std::string name) : table_(table), name_(std::move(name)) {}

    [[nodiscard]] std::string field(std::string_view key) const { return name_ + "." + std::string(key); }

    /// Rejects keys outside `allowed`, so a misspelt key never passes silently.
    void reject_unknown(const std::vector<std::string>& allowed) const {
        for (const auto& [key, node] : table_) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
                throw ConfigError(field(key.str()), "unknown key (expected one of " + join(allowed) + ")");
        }
    }

    [[nodiscard]] bool has(std::string_view key) const { return table_.contains(key); }

    [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (!node->is_integer()) throw ConfigError(field(key), "must be an integer (got " + type_name(*node) + ")");
        return node->as_integer()->get();
    }

    /// Integer in [lo, hi]; `fallback` when absent, or an error when there is none.
    [[nodiscard]] std::int64_t integer_in(std::string_view key, std::int64_t lo, std::int64_t hi,
                                          std::optional<std::int64_t> fallback = std::nullopt) const {
        const auto value = integer(key);
        if (!value) return required(key, fallback);
        if (*value < lo || *value > hi) {
            const std::string range = hi == std::numeric_limits<std::int64_t>::max()
                                          ? "must be >= " + std::to_string(lo)
                                          : "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
            throw ConfigError(field(key), range + " (got " + std::to_string(*value) + ")");
        }
        return *value;
    }

    [[nodiscard]] std::optional<double> number(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        return as_number(*node, field(key));
    }

    /// A finite number > 0, when present.
    [[nodiscard]] std::optional<double> positive(std::string_view key) const {
        const auto value = number(key);
        if (value && !(*value > 0)) throw ConfigError(field(key), "must be > 0 (got " + format_number(*value) + ")");
        return value;
    }

    [[nodiscard]] std::optional<std::string> string(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (!node->is_string()) throw ConfigError(field(key), "must be a string (got " + type_name(*node) + ")");
        return node->as_string()->get();
    }

    [[nodiscard]] std::optional<std::vector<double>> numbers(std::string_view key) const {
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (!node->is_array())
            throw ConfigError(field(key), "must be an array of numbers (got " + type_name(*node) + ")");
        std::vector<double> out;
        for (const toml::node& item : *node->as_array()) out.push_back(as_number(item, field(key)));
        return out;
    }

    template <class T>
    [[nodiscard]] T required(std::string_view key, std::optional<T> value) const {
        if (!value) throw ConfigError(field(key), "is required");
        return *value;
    }

private:
    static double as_number(const toml::node& node, const std::string& name) {
        // TOML writes `chi = 1` as an integer; it is still a number.
        double value = 0;
        if (node.is_floating_point())
            value = node.as_floating_point()->get();
        else if (node.is_integer())
            value = static_cast<double>(node.as_integer()->get());
        else
            throw ConfigError(name, "must be a number (got " + type_name(node) + ")");
        if (!std::isfinite(value)) throw ConfigError(name, "must be finite (got " + format_number(value) + ")");
        return value;
    }

    const toml::table& table_;
    std::string name_;
};

/// The [name] table, or an empty one when absent and optional.
const toml::table& table_of(const toml::table& root, const std::string& name, bool required_table) {
    static const toml::table empty;
    const toml::node* node = root.get(name);
    if (node == nullptr) {
        if (required_table) throw ConfigError(name, "table [" + name + "] is required");
        return empty;
    }
    if (!node->is_table()) throw ConfigError(name, "must be a table (got " + type_name(*node) + ")");
    return *node->as_table();
}

simulation::ModelSpec parse_model(const Section& s) {
    std::vector<std::string> allowed = {"states", "prior", "entropy", "chi", "process", "throughput_fraction"};
    std::vector<std::string> parameter_keys;
    for (const auto name : entropy::Entropy::names()) {
        const std::string p(entropy::Entropy::parameter_name(name));
        if (!p.empty() && std::find(parameter_keys.begin(), parameter_keys.end(), p) == parameter_keys.end())
            parameter_keys.push_back(p);
    }
    allowed.insert(allowed.end(), parameter_keys.begin(), parameter_keys.end());
    s.reject_unknown(allowed);

    simulation::ModelSpec m;
    m.states = static_cast<int>(s.integer_in("states", 2, MAX_STATES));
    m.prior = s.required("prior", s.numbers("prior"));
    if (static_cast<int>(m.prior.size()) != m.states)
        throw ConfigError(s.field("prior"), "must have `states` = " + std::to_string(m.states) + " entries (got " +
                                                std::to_string(m.prior.size()) + ")");
    double sum = 0;
    for (std::size_t i = 0; i < m.prior.size(); ++i) {
        if (!(m.prior[i] > 0))
            throw ConfigError(s.field("prior"), "entry " + std::to_string(i + 1) +
                                                    " must be > 0 (the open simplex; got " +
                                                    format_number(m.prior[i]) + ")");
        sum += m.prior[i];
    }
    if (std::abs(sum - 1) > 1e-9) throw ConfigError(s.field("prior"), "must sum to 1 (sum = " + format_number(sum) + ")");

    m.entropy = s.required("entropy", s.string("entropy"));
    const std::string parameter(entropy::Entropy::parameter_name(m.entropy));
    for (const auto& key : parameter_keys) {
        if (key != parameter && s.has(key))
            throw ConfigError(s.field(key), parameter.empty()
                                                ? "entropy \"" + m.entropy + "\" takes no parameter"
                                                : "not a parameter of entropy \"" + m.entropy + "\" (it takes " +
                                                      parameter + ")");
    }
    if (!parameter.empty()) m.entropy_parameter = s.number(parameter);
    // Names, the required parameter and its range are the entropy registry's rules.
    (void)entropy::Entropy::from_name(m.entropy, m.entropy_parameter, m.states, "model.");

    m.chi = s.required("chi", s.positive("chi"));
    // The process name is checked by simulation::simulate, which knows which processes exist.
    m.process = s.string("process").value_or("greedy");
    m.throughput_fraction = s.positive("throughput_fraction").value_or(1.0);
    if (m.throughput_fraction > 1)
        throw ConfigError(s.field("throughput_fraction"), "must be in (0, 1] (got " + format_number(m.throughput_fraction) + ")");
    return m;
}

void parse_simulation(const Section& s, simulation::SimulationSpec& spec) {
    s.reject_unknown({"paths", "seed", "threads", "block_size", "token_cap", "scheme", "dt", "max_time"});
    constexpr auto any = std::numeric_limits<std::int64_t>::max();
    spec.plan.paths = static_cast<std::uint64_t>(s.integer_in("paths", 1, any));
    spec.plan.seed = static_cast<rng::Seed>(s.integer_in("seed", 0, any));
    spec.plan.threads = static_cast<int>(s.integer_in("threads", 0, std::numeric_limits<int>::max(), 0));
    spec.plan.block_size = static_cast<std::uint64_t>(s.integer_in("block_size", 1, MAX_BLOCK_SIZE, 4096));
    spec.token_cap = s.positive("token_cap");
    spec.diffusion.scheme = s.string("scheme").value_or("auto");
    if (spec.diffusion.scheme != "auto") (void)process::scheme_from_name(spec.diffusion.scheme, s.field("scheme"));
    spec.diffusion.dt = s.positive("dt");
    spec.diffusion.max_time = s.positive("max_time");
}

void parse_audit(const Section& s, simulation::SimulationSpec& spec) {
    s.reject_unknown({"paths", "intervals", "t_max"});
    constexpr auto any = std::numeric_limits<std::int64_t>::max();
    spec.audit.paths = static_cast<std::uint64_t>(s.integer_in("paths", 0, any, 10'000));
    spec.audit.intervals = static_cast<int>(s.integer_in("intervals", 1, MAX_GRID_POINTS, 40));
    spec.audit.t_max = s.positive("t_max").value_or(0.0);
}

void parse_sample_paths(const Section& s, simulation::SimulationSpec& spec) {
    s.reject_unknown({"count", "max_points"});
    spec.sample_paths.count = static_cast<int>(s.integer_in("count", 0, MAX_SAMPLE_PATHS, 0));
    spec.sample_paths.max_points = static_cast<int>(s.integer_in("max_points", 3, MAX_GRID_POINTS, 2000));
}

void parse_estimators(const Section& s, simulation::SimulationSpec& spec) {
    s.reject_unknown({"laplace_r", "histogram_bins", "histogram_max", "ecdf_points", "ecdf_max", "raw_samples",
                      "exact_points"});
    auto& e = spec.estimators;
    e.laplace_r = s.numbers("laplace_r").value_or(std::vector<double>{0.5, 1.0, 2.0});
    for (const double r : e.laplace_r)
        if (r < 0) throw ConfigError(s.field("laplace_r"), "every r must be >= 0 (got " + format_number(r) + ")");
    e.histogram_bins = static_cast<int>(s.integer_in("histogram_bins", 1, MAX_HISTOGRAM_BINS, 100));
    e.histogram_max = s.positive("histogram_max").value_or(0.0);
    e.ecdf_points = static_cast<int>(s.integer_in("ecdf_points", 2, MAX_GRID_POINTS, 201));
    e.ecdf_max = s.positive("ecdf_max").value_or(0.0);
    e.raw_sample_cap = static_cast<std::uint64_t>(s.integer_in("raw_samples", 0, MAX_RAW_SAMPLES, 0));
    spec.exact_points = static_cast<int>(s.integer_in("exact_points", 2, MAX_GRID_POINTS, 401));
}

} // namespace

std::string read_config_file(const std::filesystem::path& path) {
    const auto cannot = [&](const std::string& why) {
        return ConfigError("config", "cannot read file '" + path.string() + "': " + why);
    };
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw cannot("is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw cannot(std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw cannot(std::strerror(errno));
    return text.str();
}

simulation::SimulationSpec parse_simulation_config(std::string_view toml_text) {
    toml::table root;
    try {
        root = toml::parse(toml_text);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw ConfigError("config", "TOML syntax error at line " + std::to_string(where.line) + ", column " +
                                        std::to_string(where.column) + ": " + std::string(e.description()));
    }
    for (const auto& [key, node] : root) {
        const std::string name(key.str());
        if (name == "model" || name == "simulation" || name == "estimators" || name == "audit" ||
            name == "sample_paths")
            continue;
        if (name == "types" || name == "sweep")
            throw ConfigError(name, "table [" + name + "] is not supported by `simulate`");
        throw ConfigError(name, "unknown " + std::string(node.is_table() ? "table" : "key") +
                                    " (expected tables [model], [simulation], [estimators], [audit], [sample_paths])");
    }
    simulation::SimulationSpec spec;
    spec.model = parse_model(Section(table_of(root, "model", true), "model"));
    parse_simulation(Section(table_of(root, "simulation", true), "simulation"), spec);
    parse_estimators(Section(table_of(root, "estimators", false), "estimators"), spec);
    parse_audit(Section(table_of(root, "audit", false), "audit"), spec);
    parse_sample_paths(Section(table_of(root, "sample_paths", false), "sample_paths"), spec);
    spec.estimators.states = spec.model.states;
    return spec;
}

void apply_overrides(simulation::SimulationSpec& spec, const Overrides& overrides) {
    if (overrides.seed) {
        if (*overrides.seed < 0) throw ConfigError("--seed", "must be >= 0 (got " + std::to_string(*overrides.seed) + ")");
        spec.plan.seed = static_cast<rng::Seed>(*overrides.seed);
    }
    if (overrides.threads) {
        if (*overrides.threads < 0 || *overrides.threads > std::numeric_limits<int>::max())
            throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*overrides.threads) + ")");
        spec.plan.threads = static_cast<int>(*overrides.threads);
    }
    if (overrides.paths) {
        if (*overrides.paths < 1) throw ConfigError("--paths", "must be >= 1 (got " + std::to_string(*overrides.paths) + ")");
        spec.plan.paths = static_cast<std::uint64_t>(*overrides.paths);
    }
}

} // namespace beliefsim::io
