#include "beliefsim/io/point_results.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>

#include "beliefsim/core/format.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {
namespace {

namespace st = schema::stopping_time;
namespace ex = schema::exact;
using schema::child;

constexpr double MISSING = std::numeric_limits<double>::quiet_NaN();

class Results {
public:
    explicit Results(const File& file) : file_(file) {}

    void add(std::string name, double value) { out_.emplace_back(std::move(name), value); }
    [[nodiscard]] std::vector<double> column(const std::string& path) const {
        return exists(file_, path) ? read_doubles(open_dataset(file_, path)) : std::vector<double>{};
    }
    void scalar(const std::string& name, const std::string& path) {
        if (exists(file_, path)) add(name, column(path).at(0));
    }
    void attribute(const std::string& name, const std::string& group, const char* attr) {
        if (!exists(file_, group)) return;
        const Group g = open_group(file_, group);
        if (has_attribute(g, attr)) add(name, read_numeric_attribute(g, attr).at(0));
    }
    // value, stderr and exact of entry i of three parallel columns (exact NaN when absent).
    void triple(const std::string& prefix, const char* value_name, double value, double se,
                const std::vector<double>& exact, std::size_t i) {
        add(prefix + "." + value_name, value);
        add(prefix + "." + value_name + "_stderr", se);
        add(prefix + ".exact", i < exact.size() ? exact[i] : MISSING);
    }
    [[nodiscard]] std::vector<std::pair<std::string, double>> take() { return std::move(out_); }
    [[nodiscard]] const File& file() const { return file_; }

private:
    const File& file_;
    std::vector<std::pair<std::string, double>> out_;
};

void stopping_time(Results& out) {
    for (const char* name : {"mean", "mean_stderr", "variance", "variance_stderr", "not_learned", "not_learned_stderr"})
        out.scalar(std::string("stopping_time.") + name, child(st::GROUP, name));
    out.attribute("exact.mean", ex::GROUP, ex::MEAN);
    out.attribute("exact.variance", ex::GROUP, ex::VARIANCE);
    const auto r = out.column(st::LAPLACE_R), mean = out.column(st::LAPLACE_MEAN), se = out.column(st::LAPLACE_STDERR),
               exact = out.column(ex::LAPLACE);
    for (std::size_t i = 0; i < r.size(); ++i)
        out.triple("laplace[r=" + shortest(r[i]) + "]", "mean", mean[i], se[i], exact, i);
    const auto state = out.column(st::STATE), freq = out.column(st::TERMINAL_FREQ),
               freq_se = out.column(st::TERMINAL_FREQ_STDERR), prob = out.column(ex::TERMINAL_PROBABILITY);
    for (std::size_t i = 0; i < state.size(); ++i)
        if (state[i] >= 0)
            out.triple("terminal[theta=" + std::to_string(static_cast<int>(state[i]) + 1) + "]", "freq", freq[i],
                       freq_se[i], prob, i);
    for (const char* name :
         {"total_increment", "total_increment_stderr", "total_alive_bound", "total_excess", "total_excess_stderr"})
        out.attribute(std::string("audit.") + name, schema::audit::GROUP, name);
}

void menu(Results& out) {
    const std::string group = schema::menu::GROUP;
    for (const char* name : {"revenue", "revenue_stderr", "max_ic_violation", "max_ir_violation", "ironed",
                             "served_high", "revenue_virtual"})
        out.attribute(std::string("menu.") + name, group, name);
    if (exists(out.file(), schema::menu::FAMILIES))
        for (const auto& family : list_children(open_group(out.file(), schema::menu::FAMILIES)))
            for (const char* name : {"revenue", "revenue_ratio"})
                out.attribute("menu." + family + "." + name, child(schema::menu::FAMILIES, family), name);
    const auto tiers = out.column(child(schema::menu::TIERS, "tiers"));
    const auto tier_revenue = out.column(child(schema::menu::TIERS, "revenue"));
    const auto tier_fraction = out.column(child(schema::menu::TIERS, "revenue_fraction"));
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const std::string prefix = "menu.tiers[K=" + std::to_string(static_cast<int>(tiers[i])) + "].";
        out.add(prefix + "revenue", tier_revenue[i]);
        out.add(prefix + "revenue_fraction", tier_fraction[i]);
    }
    const std::string quartiles = child(group, "quartiles");
    const auto level = out.column(child(quartiles, "quantile"));
    const std::pair<const char*, const char*> columns[] = {{"type", "r"},
                                                           {"token_cap", "token_cap"},
                                                           {"price", "price"},
                                                           {"expected_tokens", "expected_tokens"},
                                                           {"expected_tokens_stderr", "expected_tokens_stderr"}};
    for (const auto& [name, dataset] : columns) {
        const auto values = out.column(child(quartiles, dataset));
        for (std::size_t i = 0; i < level.size(); ++i)
            out.add("menu.quartile[u=" + shortest(level[i]) + "]." + name, values.at(i));
    }
}

/// The numeric attributes `names` of `group` as "PREFIX.NAME" (those the group carries).
void attributes(Results& out, const std::string& prefix, const std::string& group,
                std::initializer_list<const char*> names) {
    for (const char* name : names) out.attribute(prefix + "." + name, group, name);
}

void bbs(Results& out) {
    attributes(out, "bbs", schema::bbs::GROUP, {"theta_hat", "q_hat"});
    for (const auto& [name, group] :
         {std::pair{"allocations", schema::bbs::ALLOCATIONS}, std::pair{"packages", schema::bbs::PACKAGES}})
        attributes(out, std::string("bbs.") + name, group,
                   {"revenue", "revenue_stderr", "profit", "profit_stderr", "mc_revenue", "mc_revenue_stderr",
                    "mc_profit", "mc_profit_stderr", "max_ic_violation", "max_ir_violation", "max_tariff_ic_violation",
                    "lowest_served", "ironed"});
    attributes(out, "bbs.binary", schema::bbs::BINARY,
               {"revenue", "profit", "extraction_margin", "full_surplus", "virtual_weight"});
}

void ttc(Results& out) {
    attributes(out, "ttc.equilibrium", schema::ttc::EQUILIBRIUM,
               {"welfare", "optimum_welfare", "poa", "potential", "rounds", "moves", "converged", "nash_gap",
                "outside_share"});
    attributes(out, "ttc.auction", schema::ttc::AUCTION,
               {"winner_index", "payment", "user_value", "winner_utility", "welfare"});
}

} // namespace

std::vector<std::pair<std::string, double>> point_results(const File& file) {
    Results out(file);
    if (exists(file, st::MEAN)) {
        stopping_time(out);
        menu(out);
    } else if (exists(file, schema::bbs::GROUP)) {
        bbs(out);
    } else if (exists(file, schema::ttc::GROUP)) {
        ttc(out);
    } else {
        throw Error("not a simulate, menu, bbs or ttc output");
    }
    return out.take();
}

} // namespace beliefsim::io
