#pragma once
/// One `beliefsim bbs` run end to end (SPEC §2 "BBS", issue 6): technology → type model (value-scale
/// (w, s) with laws from the pricing::TypeDistribution families, a file of sampled types, or two
/// binary task profiles) → efficient allocation on a θ grid → menu of token allocations
/// (Proposition 4, with Assumptions 1-2) and menu of token packages (Proposition 5), their
/// two-part tariffs (Propositions 6-7), revenue and profit by quadrature and by Monte Carlo with
/// standard errors, IC/IR audits, and the boundaries of Figure 1. Also Example 1 as a spec and the
/// checks `beliefsim reproduce bbs-example1` prints.
/// Tested by: tests/bbs/test_bbs_config.cpp, tests/e2e/test_bbs_cli.cpp.
///
/// Tables. Allocations are w × s tables (row-major, w the row) on `points` values of w and
/// `scale_points` values of s spanning the supports (s starts at max(s_low, 1e-3 s_high): scale 0
/// buys nothing); packages and the efficient allocation are tables over `points` values of θ.
/// Transfers on a grid are built by accumulating ∫ q between consecutive grid points, so a table
/// costs one pass over the type range (not one integral per point).
///
/// Audits are of the tables as written: direct-mechanism IC/IR (u_i(item j) = t_i q_j − T_j; for
/// allocations scale by scale, cross-scale deviations being what Assumptions 1-2 rule out), and the
/// tariff menu faced by a buyer who buys her best quantity at each tariff's linear prices
/// (q = demand(t/m_j), paying m_j C(q) + p0_j; allocations within the task cap s).
///
/// Figure 1 curves, per regime, on `figure_points` values of s: the lowest served w and the lowest
/// fine-tuning w at scale s. Allocations: φ̄_w(w) > 0 and φ̄_w(w) ≥ θ̂ s^{α+β−1} (the exclusion
/// boundary does not depend on s). Packages: θ = w s^{1−α−β} above the menu's exclusion and
/// fine-tuning types. Values are clamped to [w_low, w_high]; w_high means "no such types at s".

#include "beliefsim/bbs/binary.hpp"
#include "beliefsim/bbs/efficient.hpp"
#include "beliefsim/bbs/monte_carlo.hpp"
#include "beliefsim/core/paper_number.hpp"
#include "beliefsim/pricing/types.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace beliefsim::app {

/// w and s independent, each from a pricing::TypeDistribution family (s support inside [0, 1]).
struct ValueScaleTypes {
    pricing::TypeDistribution w = pricing::TypeDistribution::uniform(0, 1);
    pricing::TypeDistribution s = pricing::TypeDistribution::uniform(0, 1);
};
/// Sampled (w, s) rows: token packages only. `read` returns the rows of `file`; io sets it
/// (io/bbs_config.hpp), so the file is read when the run starts, after the spec's rules.
struct SampleTypes {
    std::filesystem::path file;
    std::function<std::vector<bbs::ValueScaleDraw>()> read;
};
/// Two task-value profiles, w1 with probability f1 (Propositions 2-3).
struct BinaryTypes {
    bbs::TaskProfile w1 = bbs::TaskProfile::value_scale(1, 1);
    bbs::TaskProfile w2 = bbs::TaskProfile::value_scale(0.5, 1);
    double f1 = 0.5;
};
using TypeModel = std::variant<ValueScaleTypes, SampleTypes, BinaryTypes>;

struct BbsSpec {
    bbs::TechnologyParams technology;   ///< defaults: Example 1
    TypeModel types;                    ///< default: w, s ~ U[0, 1] (Example 1)
    bool allocations = true;            ///< Proposition 4 (value-scale laws only)
    bool packages = true;               ///< Proposition 5
    bool tariffs = true;                ///< markups, fees, task caps and the tariff audit
    std::size_t points = 101;           ///< w grid (allocations), θ grid (packages, efficient); ≥ 2
    std::size_t scale_points = 21;      ///< s grid of the allocation tables; ≥ 2
    std::size_t figure_points = 201;    ///< s grid of the Figure 1 curves; ≥ 2
    std::size_t cells = 2048;           ///< ironing cells of quadrature laws (screening.hpp)
    std::size_t assumption_points = 41; ///< grid of the Assumption 1-2 check
    /// Monte Carlo (value-scale laws): revenue_samples = 0 turns it off. `bins` also sets the
    /// histogram of a sample file; `threads` is the run's thread count.
    bbs::MonteCarloPlan monte_carlo{.law_samples = 0, .revenue_samples = 0};
};

/// The spec behind `reproduce bbs-example1`: Example 1, both menus, 200 000 Monte Carlo types.
[[nodiscard]] BbsSpec example1_spec();

/// A menu tabulated on a type grid (columns of equal length; allocations: row-major w × s).
struct BbsMenuTable {
    std::vector<double> quality, tokens_x, tokens_y, tokens_z, transfer, cost;
    std::vector<double> markup, fee, task_cap; ///< tariffs; 0 for excluded types
    double max_ic_violation = 0, max_ir_violation = 0;
    double max_tariff_ic_violation = 0; ///< best tariff choice vs the own item (tariffs only)
};

/// Quadrature values (exact laws) or sample estimates, and Monte Carlo estimates when run.
struct MenuValues {
    std::optional<double> revenue, profit; ///< quadrature
    std::optional<estimators::Estimate> mc_revenue, mc_profit;
};

struct AllocationResult {
    bbs::AllocationMenu menu;
    std::vector<double> w, s;
    std::vector<double> theta; ///< w s^{1−α−β} on the table
    BbsMenuTable table;
    MenuValues values;
    bbs::AssumptionReport assumptions;
    double lowest_served = 0;
};

struct PackageResult {
    bbs::PackageMenu menu;
    std::vector<double> theta;
    BbsMenuTable table;
    MenuValues values;
    double lowest_served = 0, fine_tuning_type = 0;
};

/// Efficient packages Q* = (C')^{-1}(θ) (Proposition 1 with Lemma 2) on the θ grid.
struct EfficientTable {
    std::vector<double> theta, quality, tokens_x, tokens_y, tokens_z, welfare;
};

struct Figure1 {
    struct Curves {
        std::vector<double> w_exclusion, w_fine_tuning;
    };
    std::vector<double> s;
    std::optional<Curves> allocations, packages;
    double w_low = 0, w_high = 1;
};

struct BinaryResult {
    bbs::BinaryMenu menu;
    bbs::EfficientAllocation efficient[2];
};

struct BbsRun {
    BbsSpec spec;
    bbs::Technology technology;
    std::string types_label;     ///< e.g. "w ~ uniform[0, 1], s ~ uniform[0, 1]"
    std::size_t sample_rows = 0; ///< rows of a sample file
    std::optional<AllocationResult> allocations{};
    std::optional<PackageResult> packages{};
    std::optional<BinaryResult> binary{};
    EfficientTable efficient{};
    Figure1 figure1{};
    int threads = 1;
    double wall_seconds = 0;
};

/// The rules across the fields of a spec (which menus and Monte Carlo a type model supports) and the
/// grid sizes. Throws InvalidArgument naming the BbsSpec member ("allocations", "packages",
/// "revenue_samples", "points", "scale_points", "figure_points", "assumption_points", "cells").
void check_spec(const BbsSpec& spec);

/// Throws: as check_spec; InvalidArgument from the bbs modules (e.g. "f1", "types" for a bad
/// sample row); whatever `SampleTypes::read` throws.
[[nodiscard]] BbsRun run_bbs(const BbsSpec& spec);

/// Example 1 checked on a run of example1_spec(): R*, Π* of both menus by quadrature (1e-9) and by
/// Monte Carlo (4 standard errors), the thresholds, ŵ(s), the tariffs of §6 at several points (the
/// paper's formulas written out, the fine-tuning fee of allocations with the missing + w/(8(2w−1))),
/// IC/IR, Assumptions 1-2. Requires both menus and Monte Carlo in `run` (InvalidArgument).
[[nodiscard]] std::vector<PaperNumber> run_checks(const BbsRun& run);

} // namespace beliefsim::app
