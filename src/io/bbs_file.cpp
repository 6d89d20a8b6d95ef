#include "beliefsim/io/bbs_file.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {

namespace {

using schema::child;
namespace sc = schema::bbs;

const std::string MONEY = "value units";
const std::string PRICE = "value units per token";

/// The columns of a menu table; `shape` is {n, 1} for packages (written 1-D) or {w, s}.
std::vector<Dataset> write_table(const File& file, const std::string& g, const app::BbsMenuTable& t, Shape2 shape,
                                 const std::string& per) {
    const auto put = [&](const char* name, const std::vector<double>& v, const std::string& what,
                         const std::string& units) {
        const Meta meta{what + per, units};
        return shape.cols == 1 ? write_dataset(file, child(g, name), v, meta)
                               : write_dataset(file, child(g, name), v, shape, meta);
    };
    const bool allocations = shape.cols > 1;
    const std::string token_units = allocations ? "tokens per task" : "tokens";
    std::vector<Dataset> out;
    out.push_back(
        put("quality", t.quality, allocations ? "quality q (Proposition 4)" : "quality Q (Proposition 5)", ""));
    out.push_back(
        put("tokens_x", t.tokens_x, allocations ? "input tokens x per task" : "total input tokens X", token_units));
    out.push_back(
        put("tokens_y", t.tokens_y, allocations ? "output tokens y per task" : "total output tokens Y", token_units));
    out.push_back(put("tokens_z", t.tokens_z, "fine-tuning tokens z (beyond the base level b)", "tokens"));
    out.push_back(put("transfer", t.transfer, "payment T (envelope formula; 0 for excluded types)", MONEY));
    out.push_back(put("cost", t.cost, "production cost of the item", MONEY));
    if (!t.markup.empty()) {
        out.push_back(put("markup", t.markup, "tariff markup m = type / ironed virtual value (0: excluded)", ""));
        out.push_back(put("fee", t.fee, "tariff upfront fee p0 = T - m C (0: excluded)", MONEY));
        if (allocations)
            out.push_back(put("task_cap", t.task_cap, "tariff task cap (= s; 0: excluded)", "share of tasks"));
    }
    return out;
}

void write_values(const Group& g, const app::MenuValues& v, const app::BbsMenuTable& t, double lowest_served,
                  bool ironed) {
    if (v.revenue) {
        write_attribute(g, "method", "quadrature");
        write_attribute(g, "revenue", *v.revenue);
        write_attribute(g, "profit", *v.profit);
        write_attribute(g, "revenue_stderr", 0.0);
        write_attribute(g, "profit_stderr", 0.0);
    } else {
        write_attribute(g, "method", "samples");
        write_attribute(g, "revenue", v.mc_revenue->value);
        write_attribute(g, "profit", v.mc_profit->value);
        write_attribute(g, "revenue_stderr", v.mc_revenue->std_error);
        write_attribute(g, "profit_stderr", v.mc_profit->std_error);
    }
    if (v.revenue && v.mc_revenue) {
        write_attribute(g, "mc_revenue", v.mc_revenue->value);
        write_attribute(g, "mc_revenue_stderr", v.mc_revenue->std_error);
        write_attribute(g, "mc_profit", v.mc_profit->value);
        write_attribute(g, "mc_profit_stderr", v.mc_profit->std_error);
        write_attribute(g, "mc_samples", v.mc_revenue->n);
    }
    write_attribute(g, "max_ic_violation", t.max_ic_violation);
    write_attribute(g, "max_ir_violation", t.max_ir_violation);
    if (!t.markup.empty()) write_attribute(g, "max_tariff_ic_violation", t.max_tariff_ic_violation);
    write_attribute(g, "lowest_served", lowest_served);
    write_attribute(g, "ironed", static_cast<std::int64_t>(ironed));
}

void write_settings(const File& file, const app::BbsRun& r) {
    const Group g = create_group(file, sc::GROUP);
    const bbs::TechnologyParams& p = r.technology.params();
    for (const auto& [name, value] :
         {std::pair{"alpha", p.alpha}, std::pair{"beta", p.beta}, std::pair{"gamma", p.gamma}, std::pair{"b", p.b},
          std::pair{"c_x", p.c_x}, std::pair{"c_y", p.c_y}, std::pair{"c_z", p.c_z}})
        write_attribute(g, name, value);
    write_attribute(g, "theta_hat", r.technology.theta_hat());
    write_attribute(g, "q_hat", r.technology.q_hat());
    write_attribute(g, "type_model",
                    std::holds_alternative<app::ValueScaleTypes>(r.spec.types) ? "value-scale"
                    : std::holds_alternative<app::SampleTypes>(r.spec.types)   ? "samples"
                                                                               : "binary");
    write_attribute(g, "types", r.types_label);
}

void write_efficient(const File& file, const app::EfficientTable& e) {
    const std::string g = sc::EFFICIENT;
    const Dataset theta = write_dataset(file, child(g, "theta"), e.theta, {"representative type theta (10)", ""});
    attach_scale(
        theta, "theta",
        std::array{write_dataset(file, child(g, "quality"), e.quality, {"efficient quality Q* = (C')^-1(theta)", ""}),
                   write_dataset(file, child(g, "tokens_x"), e.tokens_x, {"efficient total input tokens X", "tokens"}),
                   write_dataset(file, child(g, "tokens_y"), e.tokens_y, {"efficient total output tokens Y", "tokens"}),
                   write_dataset(file, child(g, "tokens_z"), e.tokens_z, {"efficient fine-tuning tokens Z", "tokens"}),
                   write_dataset(file, child(g, "welfare"), e.welfare, {"efficient surplus theta Q* - C(Q*)", MONEY})},
        0);
}

void write_allocations(const File& file, const app::AllocationResult& a) {
    const std::string g = sc::ALLOCATIONS;
    const Shape2 shape{a.w.size(), a.s.size()};
    const Dataset w = write_dataset(file, child(g, "w"), a.w, {"task value w (rows of the tables)", ""});
    const Dataset s = write_dataset(file, child(g, "s"), a.s, {"scale s: share of tasks (columns of the tables)", ""});
    std::vector<Dataset> sets = write_table(file, g, a.table, shape, " (w x s)");
    sets.push_back(write_dataset(file, child(g, "theta"), a.theta, shape,
                                 {"representative type theta = w s^(1 - alpha - beta) (12) (w x s)", ""}));
    attach_scale(w, "w", sets, 0);
    attach_scale(s, "s", sets, 1);
    const Group grp = open_group(file, g);
    write_values(grp, a.values, a.table, a.lowest_served, a.menu.virtual_value().ironed());
    write_attribute(grp, "assumption1_worst", a.assumptions.worst_a1);
    write_attribute(grp, "assumption2_worst", a.assumptions.worst_a2);
    write_attribute(grp, "assumption1", static_cast<std::int64_t>(a.assumptions.assumption1()));
    write_attribute(grp, "assumption2", static_cast<std::int64_t>(a.assumptions.assumption2()));
}

void write_packages(const File& file, const app::PackageResult& p) {
    const std::string g = sc::PACKAGES;
    const Dataset theta = write_dataset(file, child(g, "theta"), p.theta, {"representative type theta (10)", ""});
    attach_scale(theta, "theta", write_table(file, g, p.table, {p.theta.size(), 1}, " (per theta)"), 0);
    const Group grp = open_group(file, g);
    write_values(grp, p.values, p.table, p.lowest_served, p.menu.screening().virtual_value().ironed());
    write_attribute(grp, "fine_tuning_type", p.fine_tuning_type);
}

void write_figure1(const File& file, const app::Figure1& f) {
    const std::string g = sc::FIGURE1;
    const Dataset s = write_dataset(file, child(g, "s"), f.s, {"scale s (Figure 1's vertical axis)", ""});
    const Group grp = open_group(file, g);
    write_attribute(grp, "w_low", f.w_low);
    write_attribute(grp, "w_high", f.w_high);
    for (const auto& [name, curves] : {std::pair{"allocations", &f.allocations}, std::pair{"packages", &f.packages}}) {
        if (!*curves) continue;
        const std::string regime = child(g, name);
        attach_scale(
            s, "s",
            std::array{
                write_dataset(
                    file, child(regime, "w_exclusion"), (*curves)->w_exclusion,
                    {std::string("lowest served w at scale s, ") + name + " (clamped to [w_low, w_high])", ""}),
                write_dataset(
                    file, child(regime, "w_fine_tuning"), (*curves)->w_fine_tuning,
                    {std::string("lowest fine-tuning w at scale s, ") + name + " (w_high: none fine-tunes)", ""})},
            0);
    }
}

void write_binary(const File& file, const app::BbsRun& r) {
    const app::BinaryResult& b = *r.binary;
    const bbs::BinaryMenu& m = b.menu;
    const std::string g = sc::BINARY;
    std::vector<double> x, y, z, T, C, Q, W;
    for (int i = 0; i < 2; ++i) {
        x.push_back(m.item[i].total.x);
        y.push_back(m.item[i].total.y);
        z.push_back(m.item[i].total.z);
        T.push_back(m.item[i].transfer);
        C.push_back(m.item[i].cost);
        Q.push_back(b.efficient[i].quality);
        W.push_back(b.efficient[i].welfare);
    }
    const std::vector<std::int32_t> index = {1, 2};
    const Dataset type = write_dataset(file, child(g, "type"), index, {"binary type (1: w1, 2: w2)", ""});
    const std::vector<double> theta = {m.theta[0], m.theta[1]};
    const std::vector<double> value = {m.value[0][0], m.value[0][1], m.value[1][0], m.value[1][1]};
    attach_scale(
        type, "type",
        std::array{write_dataset(file, child(g, "theta"), theta, {"representative type theta (10)", ""}),
                   write_dataset(file, child(g, "tokens_x"), x, {"total input tokens X of the type's item", "tokens"}),
                   write_dataset(file, child(g, "tokens_y"), y, {"total output tokens Y of the type's item", "tokens"}),
                   write_dataset(file, child(g, "tokens_z"), z, {"fine-tuning tokens Z of the type's item", "tokens"}),
                   write_dataset(file, child(g, "transfer"), T, {"payment of the type's item", MONEY}),
                   write_dataset(file, child(g, "cost"), C, {"production cost of the type's item", MONEY}),
                   write_dataset(file, child(g, "efficient_quality"), Q, {"efficient quality Q* (Proposition 1)", ""}),
                   write_dataset(file, child(g, "efficient_welfare"), W, {"efficient surplus", MONEY}),
                   write_dataset(file, child(g, "value"), value, Shape2{2, 2},
                                 {"gross value of item j (column) to type i (row)", MONEY})},
        0);
    const Group grp = open_group(file, g);
    write_attribute(grp, "f1", std::get<app::BinaryTypes>(r.spec.types).f1);
    write_attribute(grp, "high", static_cast<std::int64_t>(m.high + 1));
    write_attribute(grp, "extraction_margin", m.extraction_margin);
    write_attribute(grp, "full_surplus", static_cast<std::int64_t>(m.full_surplus));
    write_attribute(grp, "virtual_weight", m.virtual_weight);
    write_attribute(grp, "revenue", m.revenue);
    write_attribute(grp, "profit", m.profit);
}

} // namespace

void write_bbs_run(const app::BbsRun& run, const std::string& config_text, const std::filesystem::path& out) {
    const Provenance provenance{.config = config_text, .seed = run.spec.monte_carlo.seed, .threads = run.threads};
    write_atomically(out, provenance, [&](const File& file) {
        write_settings(file, run);
        write_efficient(file, run.efficient);
        if (run.allocations) write_allocations(file, *run.allocations);
        if (run.packages) write_packages(file, *run.packages);
        if (!run.figure1.s.empty()) write_figure1(file, run.figure1);
        if (run.binary) write_binary(file, run);
    });
}

} // namespace beliefsim::io
