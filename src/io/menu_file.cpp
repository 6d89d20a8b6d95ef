#include "beliefsim/io/menu_file.hpp"

#include "beliefsim/io/schema.hpp"
#include "beliefsim/io/simulation_file.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <vector>

namespace beliefsim::io {

namespace {

using schema::child;
namespace mn = schema::menu;

void write_family(const File& file, const pricing::FamilyMenu& family, double optimum) {
    const std::string path = child(mn::FAMILIES, family.family);
    const Group group = create_group(file, path);
    write_attribute(group, "revenue", family.revenue);
    write_attribute(group, "revenue_ratio", family.revenue / optimum);
    write_attribute(group, "monotone", static_cast<std::int64_t>(family.monotone));
    const Dataset r = write_dataset(file, path + "/r", family.r, {"type: discount rate r", "1/model time"});
    const std::array sets = {
        write_dataset(file, path + "/fraction", family.parameter,
                      {"throughput fraction f of the model sold to type r (NaN: type excluded)", ""}),
        write_dataset(file, path + "/virtual_value", family.virtual_value,
                      {"pointwise maximal virtual value max(0, max_f g q u + G d(q u)/dr)", "value"}),
    };
    attach_scale(r, "r", sets, 0);
}

void write_tiers(const File& file, const std::vector<pricing::TierMenu>& tiers, double optimum, double chi) {
    (void)create_group(file, mn::TIERS);
    std::vector<std::int64_t> k;
    std::vector<double> revenue, fraction;
    for (const auto& t : tiers) {
        k.push_back(static_cast<std::int64_t>(t.price.size()));
        revenue.push_back(t.revenue);
        fraction.push_back(t.revenue / optimum);
        char name[32];
        std::snprintf(name, sizeof name, "%s/%02zu", mn::TIERS, t.price.size());
        const std::string path(name);
        const Group group = create_group(file, path);
        write_attribute(group, "revenue", t.revenue);
        write_attribute(group, "revenue_fraction", t.revenue / optimum);
        std::vector<double> tokens;
        for (const double T : t.time_cap) tokens.push_back(chi * T);
        std::vector<std::int64_t> tier(t.price.size());
        std::iota(tier.begin(), tier.end(), 1);
        const Dataset tier_scale = write_dataset(file, path + "/tier", tier, {"tier k (1 = lowest types)", ""});
        const std::array per_tier = {
            write_dataset(file, path + "/upper_type", t.upper_type,
                          {"tier k serves types (upper_type[k-1], upper_type[k]]", "1/model time"}),
            write_dataset(file, path + "/time_cap", t.time_cap, {"time cap of tier k (inf: uncapped)", "model time"}),
            write_dataset(file, path + "/token_cap", tokens, {"token cap chi T of tier k (inf: uncapped)", "tokens"}),
            write_dataset(file, path + "/price", t.price, {"price of tier k", "value"}),
        };
        attach_scale(tier_scale, "tier", per_tier, 0);
    }
    const Dataset scale = write_dataset(file, child(mn::TIERS, "tiers"), k, {"number of tiers K", ""});
    const std::array sets = {
        write_dataset(file, child(mn::TIERS, "revenue"), revenue, {"revenue of the best K-tier menu", "value"}),
        write_dataset(file, child(mn::TIERS, "revenue_fraction"), fraction,
                      {"revenue of the best K-tier menu / revenue of the optimal continuous menu", ""}),
    };
    attach_scale(scale, "tiers", sets, 0);
}

// The menu at the type quartiles: what a typical buyer gets, pays and uses (sweep summaries).
void write_quartiles(const File& file, const pricing::EmpiricalMenuTable& q) {
    const std::string path = child(mn::GROUP, "quartiles");
    const std::array<double, 3> level = {0.25, 0.5, 0.75};
    const Dataset scale = write_dataset(file, path + "/quantile", level, {"quantile level u of the type G^-1(u)", ""});
    const std::array sets = {
        write_dataset(file, path + "/r", q.values.r, {"type r = G^-1(u)", "1/model time"}),
        write_dataset(file, path + "/token_cap", q.values.token_cap,
                      {"token cap chi T(r) (inf: uncapped; 0: excluded)", "tokens"}),
        write_dataset(file, path + "/price", q.values.price, {"price P(r)", "value"}),
        write_dataset(file, path + "/expected_tokens", q.values.expected_tokens, {"chi E[min(tau, T(r))]", "tokens"}),
        write_dataset(file, path + "/expected_tokens_stderr", q.expected_tokens_stderr,
                      {"standard error of expected_tokens (0 with the exact law)", "tokens"}),
    };
    attach_scale(scale, "quantile", sets, 0);
}

} // namespace

Group write_menu_table(const File& file, const pricing::MenuTable& m, const pricing::EmpiricalMenuTable* se) {
    Group group = create_group(file, mn::GROUP);
    const Dataset r = write_dataset(file, child(mn::GROUP, "r"), m.r, {"type: discount rate r", "1/model time"});
    std::vector<Dataset> sets;
    sets.push_back(write_dataset(file, child(mn::GROUP, "time_cap"), m.time_cap,
                                 {"time cap T(r) (inf: uncapped; 0: excluded)", "model time"}));
    sets.push_back(write_dataset(file, child(mn::GROUP, "token_cap"), m.token_cap,
                                 {"token cap chi T(r) (inf: uncapped; 0: excluded)", "tokens"}));
    sets.push_back(write_dataset(file, child(mn::GROUP, "price"), m.price, {"price P(r)", "value"}));
    sets.push_back(write_dataset(file, child(mn::GROUP, "marginal_price"), m.marginal_price,
                                 {"dP / d(token cap)", "value/token"}));
    sets.push_back(write_dataset(file, child(mn::GROUP, "expected_tokens"), m.expected_tokens,
                                 {"chi E[min(tau, T(r))]", "tokens"}));
    sets.push_back(write_dataset(file, child(mn::GROUP, "surplus"), m.surplus, {"surplus S(r) of type r", "value"}));
    if (se != nullptr) {
        sets.push_back(write_dataset(file, child(mn::GROUP, "price_stderr"), se->price_stderr,
                                     {"standard error of price", "value"}));
        sets.push_back(write_dataset(file, child(mn::GROUP, "surplus_stderr"), se->surplus_stderr,
                                     {"standard error of surplus", "value"}));
        sets.push_back(write_dataset(file, child(mn::GROUP, "expected_tokens_stderr"), se->expected_tokens_stderr,
                                     {"standard error of expected_tokens", "tokens"}));
        sets.push_back(write_dataset(
            file, child(mn::GROUP, "marginal_price_stderr"), se->marginal_price_stderr,
            {"standard error of marginal_price (histogram density at T, binomial count)", "value/token"}));
    }
    attach_scale(r, "r", sets, 0);
    return group;
}

void write_menu_run(const app::MenuRun& run, const std::string& config_text, const std::filesystem::path& out) {
    write_atomically(out, simulation_provenance(run.simulation, config_text),
                     [&](const File& file) { write_menu_run_groups(file, run); });
}

void write_menu_run_groups(const File& file, const app::MenuRun& run) {
    write_simulation_groups(file, run.simulation);
    const Group menu = write_menu_table(file, run.table.values, run.monte_carlo_law ? &run.table : nullptr);
    write_attribute(menu, "revenue", run.revenue.value);
    write_attribute(menu, "revenue_stderr", run.revenue.std_error);
    write_attribute(menu, "max_ic_violation", run.audit.max_ic_violation);
    write_attribute(menu, "max_ir_violation", run.audit.max_ir_violation);
    write_attribute(menu, "worst_ic_type", run.audit.worst_ic_type);
    write_attribute(menu, "worst_ic_item", run.audit.worst_ic_item);
    write_attribute(menu, "ironed", static_cast<std::int64_t>(run.ironed));
    write_attribute(menu, "served_high", run.served_high);
    write_attribute(menu, "law", run.monte_carlo_law ? "monte-carlo" : "exact");
    write_attribute(menu, "law_source", run.law_source);
    write_attribute(menu, "types", run.types);
    write_attribute(menu, "types_low", run.types_low);
    write_attribute(menu, "types_high", run.types_high);
    write_attribute(menu, "valuation", run.valuation);
    if (!run.monte_carlo_law) write_attribute(menu, "revenue_virtual", run.revenue_virtual);
    if (run.revenue_from_samples) {
        write_attribute(menu, "revenue_from_samples", run.revenue_from_samples->value);
        write_attribute(menu, "revenue_from_samples_stderr", run.revenue_from_samples->std_error);
    }
    if (!run.quartiles.values.r.empty()) write_quartiles(file, run.quartiles);
    const Group families = create_group(file, mn::FAMILIES);
    if (run.constant_delay) write_family(file, *run.constant_delay, run.revenue.value);
    if (run.diffusion) write_family(file, *run.diffusion, run.revenue.value);
    if (!run.diffusion_note.empty()) write_attribute(families, "missing", "diffusion: " + run.diffusion_note);
    if (!run.tiers.empty()) write_tiers(file, run.tiers, run.revenue.value, run.simulation.spec.model.chi);
}

} // namespace beliefsim::io
