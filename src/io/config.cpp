#include "beliefsim/io/config.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sstream>
#include <unistd.h>
#include <vector>

#include <toml++/toml.h>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/diffusion.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "toml_section.hpp"

namespace beliefsim::io {

using detail::Section;
using detail::table_of;

namespace {

/// Domain parameters of the model, its process and the run (app::ModelSpec, DiffusionSettings,
/// SimulationSpec) and their fields.
constexpr FieldName SIMULATION_FIELDS[] = {
    {"states", "model.states"},
    {"prior", "model.prior"},
    {"entropy", "model.entropy"},
    {"q", "model.q"},
    {"alpha", "model.alpha"},
    {"chi", "model.chi"},
    {"process", "model.process"},
    {"throughput_fraction", "model.throughput_fraction"},
    {"token_cap", "simulation.token_cap"},
    {"scheme", "simulation.scheme"},
    {"dt", "simulation.dt"},
    {"max_time", "simulation.max_time"},
};

// Upper bounds that keep a typo (an extra zero or three) from exhausting memory.
constexpr std::int64_t MAX_GRID_POINTS = 1'000'000;
constexpr std::int64_t MAX_AUDIT_INTERVALS = 10'000;
// Grid maxima and token caps beyond this overflow to inf on the way (1e308 wrote inf grids, exit 0).
constexpr double MAX_TIME_LIKE = 1e100;
constexpr double MIN_TIME_LIKE = 1e-100;
constexpr std::int64_t MAX_HISTOGRAM_BINS = 10'000'000;
constexpr std::int64_t MAX_BLOCK_SIZE = 1 << 24;
constexpr std::int64_t MAX_SAMPLE_PATHS = 1000;
constexpr std::uint64_t MAX_SAMPLE_PATH_VALUES = std::uint64_t{1} << 28;

app::ModelSpec parse_model(const Section& s) {
    std::vector<std::string> allowed = {"states", "prior", "entropy", "chi", "process", "throughput_fraction"};
    std::vector<std::string> parameter_keys;
    for (const auto name : entropy::Entropy::names()) {
        const std::string p(entropy::Entropy::parameter_name(name));
        if (!p.empty() && std::find(parameter_keys.begin(), parameter_keys.end(), p) == parameter_keys.end())
            parameter_keys.push_back(p);
    }
    allowed.insert(allowed.end(), parameter_keys.begin(), parameter_keys.end());
    s.reject_unknown(allowed);

    app::ModelSpec m;
    m.states = static_cast<int>(s.integer_in("states", 2, MAX_STATES));
    // "uniform": 1/n on every state, so a prior need not be typed out.
    if (s.string_is("prior", "uniform"))
        m.prior.assign(static_cast<std::size_t>(m.states), 1.0 / m.states);
    else if (const auto word = s.has("prior") ? s.string_if_string("prior") : std::nullopt)
        throw ConfigError(s.field("prior"), "must be an array of numbers or \"uniform\" (got \"" + *word + "\")");
    else
        m.prior = s.required("prior", s.numbers("prior"));
    if (static_cast<int>(m.prior.size()) != m.states)
        throw ConfigError(s.field("prior"), "must have `states` = " + std::to_string(m.states) + " entries (got " +
                                                std::to_string(m.prior.size()) + ")");
    // The model's rules are the process layer's (process/model_rules), checked here so that a bad
    // config fails before anything runs.
    with_fields(SIMULATION_FIELDS,
                [&] { (void)process::checked_prior(Eigen::Map<const Vector>(m.prior.data(), m.states)); });

    m.entropy = s.required("entropy", s.string("entropy"));
    const std::string parameter(entropy::Entropy::parameter_name(m.entropy));
    for (const auto& key : parameter_keys) {
        if (key != parameter && s.has(key))
            throw ConfigError(s.field(key), parameter.empty() ? "entropy \"" + m.entropy + "\" takes no parameter"
                                                              : "not a parameter of entropy \"" + m.entropy +
                                                                    "\" (it takes " + parameter + ")");
    }
    if (!parameter.empty()) m.entropy_parameter = s.number(parameter);
    // Names, the required parameter and its range are the entropy registry's rules.
    with_fields(SIMULATION_FIELDS,
                [&] { (void)entropy::Entropy::from_name(m.entropy, m.entropy_parameter, m.states); });

    m.chi = s.required("chi", s.number("chi"));
    with_fields(SIMULATION_FIELDS, [&] { process::check_chi(m.chi); });
    // The process name is checked by app::simulate, which knows which processes exist.
    m.process = s.string("process").value_or("greedy");
    m.throughput_fraction = s.number("throughput_fraction").value_or(1.0);
    with_fields(SIMULATION_FIELDS, [&] { process::check_throughput_fraction(m.throughput_fraction); });
    return m;
}

void parse_simulation(const Section& s, app::SimulationSpec& spec) {
    s.reject_unknown({"paths", "seed", "threads", "block_size", "token_cap", "scheme", "dt", "max_time"});
    constexpr auto any = std::numeric_limits<std::int64_t>::max();
    spec.plan.paths = static_cast<std::uint64_t>(s.integer_in("paths", 1, any));
    spec.plan.seed = static_cast<rng::Seed>(s.integer_in("seed", 0, any));
    spec.plan.threads = static_cast<int>(s.integer_in("threads", 0, std::numeric_limits<int>::max(), 0));
    spec.plan.block_size = static_cast<std::uint64_t>(s.integer_in("block_size", 1, MAX_BLOCK_SIZE, 4096));
    spec.token_cap = s.positive("token_cap");
    // Below this the cap's time cap/χ can be 0 (5e-324: an audit grid of step 0, exit 1).
    if (spec.token_cap && *spec.token_cap < MIN_TIME_LIKE)
        throw ConfigError(s.field("token_cap"), "must be >= 1e-100 " + got(*spec.token_cap));
    (void)s.number_at_most("token_cap", MAX_TIME_LIKE);
    spec.diffusion.scheme = s.string("scheme").value_or("auto");
    if (spec.diffusion.scheme != "auto")
        with_fields(SIMULATION_FIELDS, [&] { (void)process::scheme_from_name(spec.diffusion.scheme); });
    spec.diffusion.dt = s.positive("dt");
    spec.diffusion.max_time = s.positive("max_time");
}

void parse_audit(const Section& s, app::SimulationSpec& spec) {
    s.reject_unknown({"paths", "intervals", "t_max"});
    constexpr auto any = std::numeric_limits<std::int64_t>::max();
    spec.audit.paths = static_cast<std::uint64_t>(s.integer_in("paths", 0, any, 10'000));
    // Each interval is an observation time on every audited path; beyond 10⁴ the run crawls (10⁶ took
    // over 90 s) and each interval's increment is noise.
    spec.audit.intervals = static_cast<int>(s.integer_in("intervals", 1, MAX_AUDIT_INTERVALS, 40));
    spec.audit.t_max = s.number_at_most("t_max", MAX_TIME_LIKE).value_or(0.0); // ≤ 0: the ECDF grid's maximum
}

void parse_sample_paths(const Section& s, app::SimulationSpec& spec) {
    s.reject_unknown({"count", "max_points"});
    spec.sample_paths.count = static_cast<int>(s.integer_in("count", 0, MAX_SAMPLE_PATHS, 0));
    spec.sample_paths.max_points = static_cast<int>(s.integer_in("max_points", 3, MAX_GRID_POINTS, 2000));
}

void parse_estimators(const Section& s, app::SimulationSpec& spec) {
    s.reject_unknown(
        {"laplace_r", "histogram_bins", "histogram_max", "ecdf_points", "ecdf_max", "raw_samples", "exact_points"});
    auto& e = spec.estimators;
    e.laplace_r = s.numbers("laplace_r").value_or(std::vector<double>{0.5, 1.0, 2.0});
    for (const double r : e.laplace_r)
        if (r < 0) throw ConfigError(s.field("laplace_r"), "every r must be >= 0 (got " + significant(r) + ")");
    e.histogram_bins = static_cast<int>(s.integer_in("histogram_bins", 1, MAX_HISTOGRAM_BINS, 100));
    // ≤ 0 (and absent): chosen from the exact law (README, Configuration).
    e.histogram_max = s.number_at_most("histogram_max", MAX_TIME_LIKE).value_or(0.0);
    e.ecdf_points = static_cast<int>(s.integer_in("ecdf_points", 2, MAX_GRID_POINTS, 201));
    e.ecdf_max = s.number_at_most("ecdf_max", MAX_TIME_LIKE).value_or(0.0);
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
    // POSIX reads: an iostream reports a read error (EIO, /proc/self/mem) as an ordinary end of
    // file, and the config would silently be empty.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw cannot(std::strerror(errno));
    std::string text;
    char buffer[1 << 16];
    while (true) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            throw cannot(std::strerror(error));
        }
        text.append(buffer, static_cast<std::size_t>(got));
        if (text.size() > MAX_CONFIG_BYTES) {
            ::close(fd);
            throw cannot("larger than " + std::to_string(MAX_CONFIG_BYTES >> 20) + " MiB (a config is a few KiB)");
        }
    }
    ::close(fd);
    return text;
}

namespace {

// toml++ clamps an integer literal beyond 64 bits to INT64_MAX without a word, so two different
// seeds would run as one: such a literal is refused here, naming its line.
void reject_oversized_integers(std::string_view text) {
    constexpr std::string_view INT64_MAX_DIGITS = "9223372036854775807";
    std::size_t line = 1;
    char quote = 0;
    bool comment = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            quote = 0;
            comment = false;
            continue;
        }
        if (comment) continue;
        if (quote != 0) {
            if (c == quote && (quote == '\'' || text[i - 1] != '\\')) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            continue;
        }
        if (c == '#') {
            comment = true;
            continue;
        }
        const bool starts = std::isdigit(static_cast<unsigned char>(c)) &&
                            (i == 0 || std::string_view(" \t=[,{+").find(text[i - 1]) != std::string_view::npos);
        if (!starts) continue;
        std::string digits;
        std::size_t j = i;
        for (; j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '_'); ++j)
            if (text[j] != '_') digits += text[j];
        const bool number_goes_on =
            j < text.size() && std::string_view(".eExob:-").find(text[j]) != std::string_view::npos;
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        if (!number_goes_on && (digits.size() > INT64_MAX_DIGITS.size() ||
                                (digits.size() == INT64_MAX_DIGITS.size() && digits > INT64_MAX_DIGITS)))
            throw ConfigError("config", "integer " + digits + " at line " + std::to_string(line) +
                                            " is beyond TOML's 64-bit range (at most 9223372036854775807); a "
                                            "larger seed goes on the command line (--seed, up to 2^64 - 1)");
        i = j - 1;
    }
}

} // namespace

namespace {

// A NUL byte (TOML's \u0000) would cut a file name or a message short wherever a C string takes
// over, so a path or a name could mean another: refused anywhere, in keys and strings.
void reject_nul_bytes(const toml::node& node, const std::string& where) {
    const auto checked = [](const std::string& name) {
        if (name.find('\0') != std::string::npos) throw ConfigError("config", "a key contains a NUL byte (\\u0000)");
        return name;
    };
    if (const auto* table = node.as_table()) {
        for (const auto& [key, child] : *table)
            reject_nul_bytes(child, (where.empty() ? "" : where + ".") + checked(std::string(key.str())));
    } else if (const auto* array = node.as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i)
            reject_nul_bytes(*array->get(i), where + "[" + std::to_string(i) + "]");
    } else if (const auto* text = node.as_string(); text != nullptr && text->get().find('\0') != std::string::npos) {
        throw ConfigError(where, "must not contain a NUL byte (\\u0000)");
    }
}

} // namespace

toml::table detail::parse_toml(std::string_view text) {
    reject_oversized_integers(text);
    try {
        toml::table root = toml::parse(text);
        reject_nul_bytes(root, "");
        return root;
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw ConfigError("config", "TOML syntax error at line " + std::to_string(where.line) + ", column " +
                                        std::to_string(where.column) + ": " + std::string(e.description()));
    }
}

void detail::check_tables(const toml::table& root, const std::vector<std::string>& allowed,
                          const std::string& command) {
    for (const auto& [key, node] : root) {
        const std::string name(key.str());
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        if (name == "types" || name == "valuation" || name == "menu" || name == "sweep" || name == "convergence")
            throw ConfigError(name, "table [" + name + "] is not supported by `" + command + "`");
        std::string expected;
        for (const auto& t : allowed) expected += (expected.empty() ? "[" : ", [") + t + "]";
        throw ConfigError(name, "unknown " + std::string(node.is_table() ? "table" : "key") + " (expected tables " +
                                    expected + ")");
    }
}

app::SimulationSpec detail::simulation_tables(const toml::table& root) {
    app::SimulationSpec spec;
    spec.model = parse_model(Section(table_of(root, "model", true), "model"));
    parse_simulation(Section(table_of(root, "simulation", true), "simulation"), spec);
    parse_estimators(Section(table_of(root, "estimators", false), "estimators"), spec);
    parse_audit(Section(table_of(root, "audit", false), "audit"), spec);
    parse_sample_paths(Section(table_of(root, "sample_paths", false), "sample_paths"), spec);
    // Each stored point of a sample path is a time and a belief: count x max_points x (states + 1)
    // numbers, held in memory until the file is written.
    const auto stored = static_cast<std::uint64_t>(spec.sample_paths.count) *
                        static_cast<std::uint64_t>(spec.sample_paths.max_points) *
                        static_cast<std::uint64_t>(spec.model.states + 1);
    if (stored > MAX_SAMPLE_PATH_VALUES)
        throw ConfigError("sample_paths", "count x max_points x (model.states + 1) must be <= 2^28 numbers (2 GiB; "
                                          "got " +
                                              std::to_string(stored) + "): fewer or shorter paths");
    spec.estimators.states = spec.model.states;
    return spec;
}

app::SimulationSpec parse_simulation_config(std::string_view toml_text) {
    const toml::table root = detail::parse_toml(toml_text);
    detail::check_tables(root, detail::SIMULATION_TABLES, "simulate");
    return detail::simulation_tables(root);
}

FieldTable simulation_fields() { return SIMULATION_FIELDS; }

void apply_overrides(app::SimulationSpec& spec, const Overrides& overrides) {
    if (overrides.seed) spec.plan.seed = *overrides.seed;
    if (overrides.threads) {
        if (*overrides.threads < 0 || *overrides.threads > std::numeric_limits<int>::max())
            throw ConfigError("--threads", "must be >= 0 (got " + std::to_string(*overrides.threads) + ")");
        spec.plan.threads = static_cast<int>(*overrides.threads);
    }
    if (overrides.paths) {
        if (*overrides.paths < 1)
            throw ConfigError("--paths", "must be >= 1 (got " + std::to_string(*overrides.paths) + ")");
        spec.plan.paths = static_cast<std::uint64_t>(*overrides.paths);
    }
}

} // namespace beliefsim::io
