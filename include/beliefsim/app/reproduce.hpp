#pragma once
/// Every number SPEC §5 asks `beliefsim reproduce` to print, recomputed by the library next to the
/// paper's printed value: the paper's value, ours, and how close they must be (the paper rounds).
/// Tested by: tests/app/test_reproduce.cpp.

#include "beliefsim/core/paper_number.hpp"
#include "beliefsim/pricing/audit.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace beliefsim::app {

struct Reproduction {
    std::string name;
    std::vector<PaperNumber> numbers;
    pricing::MenuTable menu; ///< the menu on a type grid (zhong-binary)
    double revenue = 0;
    pricing::AuditReport audit;
    std::vector<double> kappa_t, kappa; ///< Figure 1: κ(t) per r, r-major (zhong-quality)
    std::vector<double> kappa_r;
};

/// Zhong's binary example (§2.2, §3.1): greedy model, quadratic entropy, prior ½, χ = 1/8, r ~ U[1, 2].
/// The stopping law comes from the greedy model's exact law (the ODE), not from the closed form.
[[nodiscard]] Reproduction reproduce_zhong_binary();
/// Zhong §4, Figure 1: κ(t) for χ = 1/8, α = 2 and T(r) = g/G = 1/(r − 1), and its T → ∞ limit.
[[nodiscard]] Reproduction reproduce_zhong_quality();
/// Names accepted by `reproduce`, in order ("all" runs each).
[[nodiscard]] std::vector<std::string> reproduction_names();
/// Throws: InvalidArgument("name", ...) for an unknown name.
[[nodiscard]] Reproduction reproduce(const std::string& name);

} // namespace beliefsim::app
