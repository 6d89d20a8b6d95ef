// Example 1 checks for `beliefsim reproduce bbs-example1` (bbs/run.hpp). The expected values are
// the paper's formulas written out here (BBS §4.2, §5, §6.2, §6.3), not the library's closed forms
// (bbs/example.hpp), so a slip shared by both would still show.

#include "beliefsim/app/bbs_run.hpp"

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace beliefsim::app {
using namespace beliefsim::bbs; // the job runner is bbs's client

namespace {

std::string at(const char* name, double x) {
    std::ostringstream os;
    os << name << " = " << x;
    return os.str();
}

std::string at(double w, double s) {
    std::ostringstream os;
    os << "(w, s) = (" << w << ", " << s << ")";
    return os.str();
}

} // namespace

std::vector<PaperNumber> run_checks(const BbsRun& run) {
    BELIEFSIM_REQUIRE(run.allocations && run.packages && run.allocations->values.mc_revenue &&
                          run.packages->values.mc_revenue,
                      "run_checks needs both menus and Monte Carlo (example1_spec())");
    const AllocationResult& A = *run.allocations;
    const PackageResult& P = *run.packages;
    std::vector<PaperNumber> out;
    const auto add = [&](std::string quantity, double paper, double ours, double tolerance, std::string note) {
        out.push_back({std::move(quantity), paper, ours, tolerance, std::move(note)});
    };
    const auto mc = [&](const char* what, double paper, const estimators::Estimate& e) {
        std::ostringstream note;
        note << "Monte Carlo, " << e.n << " types, within 4 SE (SE = " << e.std_error << ")";
        add(what, paper, e.value, 4 * e.std_error, note.str());
    };

    add("allocations: revenue R*", 139.0 / 480, *A.values.revenue, 1e-9, "139/480, quadrature (Example 1)");
    add("allocations: profit Pi*", 97.0 / 960, *A.values.profit, 1e-9, "97/960, quadrature");
    mc("allocations: revenue R* (Monte Carlo)", 139.0 / 480, *A.values.mc_revenue);
    mc("allocations: profit Pi* (Monte Carlo)", 97.0 / 960, *A.values.mc_profit);
    add("packages: revenue R*", 139.0 / 540, *P.values.revenue, 1e-9, "139/540, quadrature (Example 1 cont.)");
    add("packages: profit Pi*", 97.0 / 1080, *P.values.profit, 1e-9, "97/1080, quadrature");
    mc("packages: revenue R* (Monte Carlo)", 139.0 / 540, *P.values.mc_revenue);
    mc("packages: profit Pi* (Monte Carlo)", 97.0 / 1080, *P.values.mc_profit);

    // θ̂ (11) = b^{1−A} (c/α)^α (c/β)^β (c/γ)^{1−a} = 2^{−1/4} 2^{−1/4} 2^{−1/2} with c/ρ = ½.
    add("efficient fine-tuning threshold theta hat (11)", 0.5, run.technology.theta_hat(), 1e-14,
        "Proposition 1: (1/2)^(1/4+1/4+1/2)");
    add("allocations: exclusion w", 0.5, A.lowest_served, 1e-10, "types w < 1/2 are excluded");
    for (const double s : {0.25, 0.5, 0.64, 1.0})
        add("allocations: w hat(" + std::to_string(s).substr(0, 4) + ")",
            std::min(1.0, 0.5 * (1 + 1 / (2 * std::sqrt(s)))), A.menu.fine_tuning_value(s), 1e-10,
            "w hat(s) = (1 + 1/(2 sqrt s))/2");
    add("packages: exclusion theta", 1.0 / 3, P.lowest_served, 1e-10, "phi(theta) = (3 theta - 1)/2");
    add("packages: fine-tuning theta", 2.0 / 3, P.fine_tuning_type, 1e-10,
        "printed 'theta in (1/3 + 2/3, 1]' means (2/3, 1]");

    for (const auto& [w, s] : {std::pair{0.6, 0.5}, std::pair{0.9, 0.5}, std::pair{0.7, 1.0}, std::pair{0.95, 1.0}}) {
        const double d = 2 * w - 1;
        const bool tune = w > 0.5 * (1 + 1 / (2 * std::sqrt(s)));
        const TwoPartTariff t = A.menu.tariff(w, s);
        add("allocations: T" + at(w, s), tune ? s * s * d * d * d * (1 + 6 * w) - 1.0 / 16 : s * (2 * w * w - 0.5),
            A.menu.transfer(w, s), 1e-9, tune ? "fine-tunes" : "does not fine-tune");
        add("allocations: p_x" + at(w, s), w / (8 * d), t.p_x, 1e-9, "p_x = p_y = p_z = w/(8(2w - 1))");
        add("allocations: p0" + at(w, s), tune ? s * s * d * d * d - 1.0 / 16 + w / (8 * d) : s * (w - 0.5), t.p0, 1e-8,
            tune ? "printed s^2(2w-1)^3 - 1/16 lacks + w/(8(2w-1)) = m c_z b (p0 = T - m C)" : "s(w - 1/2)");
        add("allocations: task cap" + at(w, s), s, t.task_cap, 0, "the cap is the scale s");
    }
    for (const double theta : {0.5, 0.6, 0.8, 0.95}) {
        const double d = 3 * theta - 1;
        const bool tune = theta > 2.0 / 3;
        const TwoPartTariff t = P.menu.tariff(theta);
        add("packages: T(" + at("theta", theta) + ")",
            tune ? -1.0 / 12 + (1 + 9 * theta) / 12 * d * d * d : (9 * theta * theta - 1) / 6, P.menu.transfer(theta),
            1e-9, tune ? "fine-tunes" : "does not fine-tune");
        add("packages: p_x(" + at("theta", theta) + ")", theta / (4 * d), t.p_x, 1e-9, "theta/(4(3 theta - 1))");
        add("packages: p0(" + at("theta", theta) + ")", tune ? 1 / (12 * d) + d * d * d / 12 : d / 6, t.p0, 1e-8,
            tune ? "1/(12(3 theta - 1)) + (3 theta - 1)^3/12" : "(3 theta - 1)/6");
    }

    const auto audit = [&](const char* menu, const BbsMenuTable& t) {
        const std::string m = menu;
        add(m + ": max IC violation on the table", 0, t.max_ic_violation, 1e-9, "direct mechanism");
        add(m + ": max IR violation on the table", 0, t.max_ir_violation, 1e-9, "direct mechanism");
        if (run.spec.tariffs)
            add(m + ": max gain from another tariff", 0, t.max_tariff_ic_violation, 1e-9,
                "buyer optimizing at each tariff's prices");
    };
    audit("allocations", A.table);
    audit("packages", P.table);
    add("Assumption 1: max(0, worst s int q_s - w q)", 0, std::max(0.0, A.assumptions.worst_a1), 1e-9,
        "holds in Example 1");
    add("Assumption 2: max(0, worst int q_s + m C_s)", 0, std::max(0.0, A.assumptions.worst_a2), 1e-9,
        "holds in Example 1 (p0 increases in s)");
    return out;
}

} // namespace beliefsim::app
