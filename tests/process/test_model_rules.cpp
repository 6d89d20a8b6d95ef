#include "beliefsim/process/model_rules.hpp"

#include "../support.hpp"
#include "beliefsim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

using namespace beliefsim;
using test::belief;

namespace {

// "parameter: rule" of the InvalidArgument `fn` throws.
template <class F>
std::string broken_rule(F fn) {
    try {
        fn();
    } catch (const InvalidArgument& e) {
        return e.parameter() + ": " + e.rule();
    }
    return "(accepted)";
}

} // namespace

TEST_CASE("model rules: the prior lies in the open simplex and is renormalized", "[unit][process][bad-input]") {
    const Vector exact = process::checked_prior(belief({0.25, 0.75}));
    CHECK(exact[0] == 0.25);
    CHECK(exact[1] == 0.75);
    // Within 1e-9 of the simplex: divided by the sum added in index order.
    const Vector near = belief({0.1, 0.2, 0.7 + 5e-10});
    const Vector renormalized = process::checked_prior(near);
    const double sum = (near[0] + near[1]) + near[2];
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(renormalized[i] == near[i] / sum);

    CHECK(broken_rule([] { (void)process::checked_prior(belief({1.0})); }) ==
          "prior: must have 2 to " + std::to_string(MAX_STATES) + " entries (got 1)");
    CHECK(broken_rule([] {
              (void)process::checked_prior(belief({1.5, -0.5}));
          }) == "prior: entry 2 must be > 0 (the open simplex; got -0.5)");
    CHECK(broken_rule([] {
              (void)process::checked_prior(belief({0.5, std::nan("")}));
          }) == "prior: entry 2 must be > 0 (the open simplex; got nan)");
    CHECK(broken_rule([] {
              (void)process::checked_prior(belief({0.5, 0.45}));
          }) == "prior: must sum to 1 (sum = 0.95)");
    CHECK(broken_rule([] {
              (void)process::checked_prior(belief({0.5, 0.5 + 2e-9}));
          }) == "prior: must sum to 1 (sum = 1.000000002)");
}

TEST_CASE("model rules: chi > 0 and 0 < throughput fraction <= 1", "[unit][process][bad-input]") {
    CHECK(broken_rule([] { process::check_chi(0.125); }) == "(accepted)");
    CHECK(broken_rule([] { process::check_chi(0); }) == "chi: must be > 0 (got 0)");
    CHECK(broken_rule([] { process::check_chi(-1e-7); }) == "chi: must be > 0 (got -1e-07)");
    CHECK(broken_rule([] { process::check_chi(std::numeric_limits<double>::infinity()); }) ==
          "chi: must be > 0 (got inf)");
    CHECK(broken_rule([] { process::check_chi(5e-324); }) ==
          "chi: must be in [1e-50, 1e+50]: the time scale is 1/chi, and rates and times beyond it overflow (got "
          "4.94066e-324)");
    CHECK(broken_rule([] { process::check_chi(1e50); }) == "(accepted)");
    CHECK(broken_rule([] { process::check_chi(1e-50); }) == "(accepted)");
    CHECK(broken_rule([] { process::check_chi(1.7e308); }).starts_with("chi: must be in [1e-50, 1e+50]"));
    CHECK(broken_rule([] { process::check_throughput_fraction(1); }) == "(accepted)");
    CHECK(broken_rule([] { process::check_throughput_fraction(0); }) ==
          "throughput_fraction: must be in (0, 1] (got 0)");
    CHECK(broken_rule([] { process::check_throughput_fraction(1.5); }) ==
          "throughput_fraction: must be in (0, 1] (got 1.5)");
    CHECK(broken_rule([] { process::check_throughput_fraction(std::nan("")); }) ==
          "throughput_fraction: must be in (0, 1] (got nan)");
}
