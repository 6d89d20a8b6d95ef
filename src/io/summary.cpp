#include "beliefsim/io/summary.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {
namespace {

namespace st = schema::stopping_time;
namespace ex = schema::exact;

std::string pm(double value, double se) {
    std::ostringstream os;
    os << std::setprecision(6) << value << " ± " << std::setprecision(2) << se;
    return os.str();
}

void summarize_estimates(const File& file, std::ostringstream& os) {
    const auto scalar = [&](const char* path) { return read_doubles(open_dataset(file, path)).at(0); };
    const bool has_exact = exists(file, ex::GROUP);
    const std::optional<Group> exact = has_exact ? std::optional<Group>(open_group(file, ex::GROUP)) : std::nullopt;
    const auto exact_attr = [&](const char* name) {
        return exact ? "exact " + attribute_text(*exact, name) : std::string();
    };
    const auto line = [&](const std::string& label, double value, double se, const std::string& exact_text) {
        os << "  " << std::left << std::setw(24) << label << std::setw(24) << pm(value, se) << exact_text << '\n';
    };
    const auto exact_value = [](const std::vector<double>& v, std::size_t i) {
        std::ostringstream e;
        if (i < v.size()) e << "exact " << std::setprecision(6) << v[i];
        return e.str();
    };
    os << "\nestimates (Monte Carlo ± standard error)\n";
    line("E[tau]", scalar(st::MEAN), scalar(st::MEAN_STDERR), exact_attr(ex::MEAN));
    line("Var[tau]", scalar(st::VARIANCE), scalar(st::VARIANCE_STDERR), exact_attr(ex::VARIANCE));
    const auto column = [&](const char* path) {
        return exists(file, path) ? read_doubles(open_dataset(file, path)) : std::vector<double>{};
    };
    const auto r = column(st::LAPLACE_R), lap = column(st::LAPLACE_MEAN), lap_se = column(st::LAPLACE_STDERR);
    const auto lap_exact = column(ex::LAPLACE);
    for (std::size_t i = 0; i < r.size() && i < lap.size() && i < lap_se.size(); ++i) {
        std::ostringstream label;
        label << "E[exp(-r tau)] r=" << r[i];
        line(label.str(), lap[i], lap_se[i], exact_value(lap_exact, i));
    }
    const auto freq = column(st::TERMINAL_FREQ), freq_se = column(st::TERMINAL_FREQ_STDERR);
    const auto prob = column(ex::TERMINAL_PROBABILITY);
    const auto state = column(st::STATE);
    for (std::size_t s = 0; s < freq.size() && s < freq_se.size(); ++s) {
        const bool not_learned = s < state.size() && state[s] < 0;
        line(not_learned ? "P(not learned)" : "P(terminal state " + std::to_string(s) + ")", freq[s], freq_se[s],
             exact_value(prob, s));
    }
    os << std::right;
}

// Headline numbers kept as group attributes (ttc equilibrium and auction, bbs menus, menu
// families, ...), one group per paragraph; the sections printed elsewhere and sweep points skipped.
void summarize_groups(const File& file, std::ostringstream& os) {
    const auto shown_elsewhere = [](const std::string& g) {
        return g == schema::MODEL || g == ex::GROUP || g == schema::audit::GROUP || g == schema::menu::GROUP ||
               g.starts_with(std::string(schema::sweep::POINTS) + "/") || g.starts_with(schema::SAMPLE_PATHS);
    };
    for (const auto& g : list_groups(file)) {
        if (shown_elsewhere(g)) continue;
        const Group group = open_group(file, g);
        const auto names = attribute_names(group);
        if (names.empty()) continue;
        os << '\n' << g << '\n';
        for (const auto& name : names) os << "  " << name << " = " << attribute_text(group, name) << '\n';
    }
}

// `reproduce`: each number against the paper's.
void summarize_reproduction(const File& file, std::ostringstream& os) {
    const std::string group = schema::reproduce::GROUP;
    const auto quantity = read_strings(open_dataset(file, schema::child(group, "quantities")));
    const auto column = [&](const char* name) { return read_doubles(open_dataset(file, schema::child(group, name))); };
    const auto paper = column("paper"), ours = column("ours"), tolerance = column("tolerance");
    os << "\nnumbers (ok: |ours - paper| <= tolerance)\n  " << std::left << std::setw(6) << "" << std::setw(16)
       << "paper" << std::setw(16) << "ours"
       << "quantity\n";
    for (std::size_t i = 0; i < quantity.size(); ++i)
        os << "  " << std::setw(6) << (std::abs(ours[i] - paper[i]) <= tolerance[i] ? "ok" : "OFF") << std::setw(16)
           << significant(paper[i], 10) << std::setw(16) << significant(ours[i], 10) << quantity[i] << '\n';
    os << std::right;
}

// A sweep: the first rows of /summary, swept keys and the headline results.
void summarize_sweep(const File& file, std::ostringstream& os) {
    const std::string summary = schema::sweep::SUMMARY;
    const auto keys = read_strings(open_dataset(file, schema::child(schema::sweep::GROUP, "keys")));
    std::vector<std::string> columns = {"index"};
    for (const auto& name : list_children(open_group(file, summary)))
        for (const auto& key : keys)
            if (name == key || name.starts_with(key + "[")) columns.push_back(name);
    for (const char* result :
         {"stopping_time.mean", "stopping_time.mean_stderr", "exact.mean", "menu.revenue", "menu.revenue_stderr"})
        if (exists(file, schema::child(summary, result))) columns.emplace_back(result);
    constexpr std::size_t ROWS = 10;
    std::vector<std::vector<std::string>> cells;
    for (const auto& c : columns) {
        const Dataset ds = open_dataset(file, schema::child(summary, c));
        std::vector<std::string> text;
        try {
            for (const double v : read_doubles(ds)) text.push_back(significant(v, 6));
        } catch (const Error&) { // a string column
            text = read_strings(ds);
        }
        cells.push_back(std::move(text));
    }
    const std::size_t rows = cells.front().size();
    os << "\nsweep summary (" << rows << " points; first " << std::min(rows, ROWS) << " rows of /summary)\n ";
    std::vector<int> width;
    for (const auto& c : columns) width.push_back(static_cast<int>(std::max<std::size_t>(c.size(), 10)));
    for (std::size_t c = 0; c < columns.size(); ++c) os << "  " << std::setw(width[c]) << columns[c];
    os << '\n';
    for (std::size_t r = 0; r < std::min(rows, ROWS); ++r) {
        os << ' ';
        for (std::size_t c = 0; c < columns.size(); ++c) os << "  " << std::setw(width[c]) << cells[c].at(r);
        os << '\n';
    }
}

} // namespace

std::string summarize_file(const std::filesystem::path& path) {
    const File file = File::open_read(path);
    if (!has_attribute(file, schema::root::TOOL) ||
        attribute_text(file, schema::root::TOOL) != std::string(schema::TOOL_NAME))
        throw ConfigError(path.string(), "not a beliefsim output (root attribute `tool` is not \"beliefsim\")");

    std::ostringstream os;
    os << "beliefsim output " << path.string() << '\n';
    for (const auto& name : attribute_names(file)) os << "  " << name << " = " << attribute_text(file, name) << '\n';
    if (exists(file, schema::MODEL)) {
        const Group model = open_group(file, schema::MODEL);
        os << "\nmodel\n";
        for (const auto& name : attribute_names(model))
            os << "  " << name << " = " << attribute_text(model, name) << '\n';
    }
    if (exists(file, st::MEAN)) summarize_estimates(file, os);
    if (exists(file, schema::audit::GROUP)) {
        const Group audit = open_group(file, schema::audit::GROUP);
        os << "\nthroughput audit: " << attribute_text(audit, schema::audit::VERDICT) << " ("
           << attribute_text(audit, "paths")
           << " paths; E[H(mu_T) - H(mu_0)] = " << attribute_text(audit, "total_increment") << " ± "
           << attribute_text(audit, "total_increment_stderr")
           << " against chi E[min(tau, T)] = " << attribute_text(audit, "total_alive_bound") << ")\n";
    }

    if (exists(file, schema::menu::GROUP) && has_attribute(open_group(file, schema::menu::GROUP), "revenue")) {
        const Group menu = open_group(file, schema::menu::GROUP);
        const auto text = [&](const char* name) {
            return has_attribute(menu, name) ? attribute_text(menu, name) : "-";
        };
        os << "\ntoken-cap menu: revenue " << text("revenue") << " ± " << text("revenue_stderr") << " (law "
           << text("law") << "), max IC violation " << text("max_ic_violation") << ", max IR violation "
           << text("max_ir_violation") << ", ironed " << text("ironed") << '\n';
        for (const char* family : {"constant_delay", "diffusion"}) {
            const std::string group = schema::child(schema::menu::FAMILIES, family);
            if (exists(file, group))
                os << "  family " << family << ": revenue " << attribute_text(open_group(file, group), "revenue")
                   << " (ratio " << attribute_text(open_group(file, group), "revenue_ratio") << ")\n";
        }
    }

    if (exists(file, schema::child(schema::reproduce::GROUP, "quantities"))) summarize_reproduction(file, os);
    if (exists(file, schema::sweep::SUMMARY)) summarize_sweep(file, os);
    summarize_groups(file, os);

    os << "\ndatasets\n";
    for (const auto& name : list_datasets(file)) {
        const Dataset ds = open_dataset(file, name);
        std::string dims;
        for (const std::size_t d : shape(ds)) dims += (dims.empty() ? "" : " x ") + std::to_string(d);
        const std::string units =
            has_attribute(ds, schema::UNITS) ? " [" + attribute_text(ds, schema::UNITS) + "]" : "";
        const std::string description =
            has_attribute(ds, schema::DESCRIPTION) ? attribute_text(ds, schema::DESCRIPTION) : "(no description)";
        os << "  " << std::left << std::setw(46) << name << std::setw(10) << (dims.empty() ? "scalar" : dims)
           << std::right << description << units << '\n';
    }
    return os.str();
}

} // namespace beliefsim::io
