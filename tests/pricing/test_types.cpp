// Type distributions for the discount rate (include/beliefsim/pricing/types.hpp).
// Oracles: closed forms of the uniform and linear densities, Boost.Math's untruncated laws, and
// quadrature of the density (a different route from the CDF code).

#include <catch2/catch.hpp>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "../support.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/type_tables.hpp"
#include "beliefsim/pricing/types.hpp"

#include <cmath>
#include <fstream>
#include <string>

using beliefsim::ConfigError;
using beliefsim::pricing::TypeDistribution;

namespace {

double mass(const TypeDistribution& d, double a, double b) {
    return boost::math::quadrature::gauss_kronrod<double, 31>::integrate([&](double r) { return d.pdf(r); }, a, b, 15,
                                                                         1e-12);
}

/// Checks the ConfigError names `field`.
template <class F>
void require_field(F make, const std::string& field) {
    try {
        (void)make();
        FAIL("no ConfigError for " << field);
    } catch (const ConfigError& e) {
        CHECK(e.field() == field);
    }
}

/// Checks the InvalidArgument names `parameter`.
template <class F>
void require_parameter(F make, const std::string& parameter) {
    try {
        (void)make();
        FAIL("no InvalidArgument for " << parameter);
    } catch (const beliefsim::InvalidArgument& e) {
        CHECK(e.parameter() == parameter);
    }
}

/// A tabulated law from a file, as the config readers build it.
TypeDistribution tabulated_file(double low, double high, const std::filesystem::path& file) {
    const beliefsim::io::DensityTable t = beliefsim::io::read_density_table(file, "types.file");
    return TypeDistribution::tabulated(low, high, t.r, t.density);
}

} // namespace

TEST_CASE("uniform types: g and G in closed form", "[pricing][unit]") {
    const auto d = TypeDistribution::uniform(1, 2);
    CHECK(d.name() == "uniform");
    CHECK(d.pdf(1.3) == Approx(1.0));
    CHECK(d.cdf(1.25) == Approx(0.25));
    CHECK(d.cdf(0.5) == 0);
    CHECK(d.cdf(2.5) == 1);
    CHECK(d.pdf(2.5) == 0);
    CHECK(d.log_concave());
}

TEST_CASE("truncated normal types match the conditioned Boost.Math normal", "[pricing][unit]") {
    const boost::math::normal_distribution<double> n(1.3, 0.4);
    const double z = cdf(n, 2.0) - cdf(n, 1.0);
    const auto d = TypeDistribution::truncated_normal(1, 2, 1.3, 0.4);
    for (const double r : {1.0, 1.2, 1.5, 1.9, 2.0}) {
        CHECK(d.pdf(r) == Approx(pdf(n, r) / z).epsilon(1e-13));
        CHECK(d.cdf(r) == Approx((cdf(n, r) - cdf(n, 1.0)) / z).margin(1e-14));
        CHECK(d.cdf(r) == Approx(mass(d, 1, r)).margin(1e-12));
    }
    CHECK(d.log_concave());
    // Far upper tail: the support sits 8 sd above the mean and still has a proper law.
    const auto tail = TypeDistribution::truncated_normal(1, 2, -2.2, 0.4);
    CHECK(mass(tail, 1, 2) == Approx(1.0).epsilon(1e-10));
    CHECK(tail.cdf(1.5) == Approx(mass(tail, 1, 1.5)).epsilon(1e-9));
}

TEST_CASE("beta types are scaled onto the support", "[pricing][unit]") {
    const auto d = TypeDistribution::beta(1, 3, 2, 5);
    const boost::math::beta_distribution<double> b(2, 5);
    CHECK(d.pdf(1.5) == Approx(pdf(b, 0.25) / 2).epsilon(1e-13));
    CHECK(d.cdf(1.5) == Approx(cdf(b, 0.25)).epsilon(1e-13));
    CHECK(mass(d, 1, 3) == Approx(1.0).epsilon(1e-12));
    CHECK(d.log_concave());
    CHECK_FALSE(TypeDistribution::beta(1, 3, 0.5, 2).log_concave());
}

TEST_CASE("tabulated types interpolate linearly and normalize on the support", "[pricing][unit]") {
    beliefsim::test::TempDir dir;
    const auto file = dir.path / "density.txt";
    {
        std::ofstream out(file);
        out << "# r density\n0 0\n1 4\n\n";
    }
    // Density ∝ r cut to [0.5, 1]: G(r) = (r² − 0.25)/0.75.
    const auto d = tabulated_file(0.5, 1, file);
    CHECK(d.name() == "tabulated");
    for (const double r : {0.5, 0.6, 0.8, 1.0}) {
        CHECK(d.cdf(r) == Approx((r * r - 0.25) / 0.75).margin(1e-14));
        CHECK(d.pdf(r) == Approx(2 * r / 0.75).epsilon(1e-13));
    }
    CHECK(d.log_concave());
    // A dip in the middle is not log-concave.
    const auto dip = TypeDistribution::tabulated(0, 2, {0, 1, 2}, {1, 0.2, 1});
    CHECK_FALSE(dip.log_concave());
    CHECK(mass(dip, 0, 2) == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("bad type parameters name the field", "[pricing][bad-input]") {
    require_parameter([] { return TypeDistribution::uniform(2, 2); }, "high");
    require_parameter([] { return TypeDistribution::uniform(2, 1); }, "high");
    require_parameter([] { return TypeDistribution::uniform(-1, 1); }, "low");
    require_parameter([] { return TypeDistribution::uniform(NAN, 1); }, "low");
    require_parameter([] { return TypeDistribution::truncated_normal(1, 2, 1.5, 0); }, "sd");
    require_parameter([] { return TypeDistribution::truncated_normal(1, 2, 1.5, 5e-324); }, "sd");
    require_parameter([] { return TypeDistribution::truncated_normal(1, 2, INFINITY, 1); }, "mean");
    require_parameter([] { return TypeDistribution::truncated_normal(1, 2, 1e6, 1); }, "mean");
    require_parameter([] { return TypeDistribution::beta(1, 2, 0, 1); }, "a");
    require_parameter([] { return TypeDistribution::beta(1, 2, 1, -1); }, "b");
    require_field([] { return tabulated_file(1, 2, "/nonexistent/density.txt"); }, "types.file");
    require_parameter([] { return TypeDistribution::tabulated(1, 2, {1, 1, 2}, {1, 1, 1}); }, "density");
    require_parameter([] { return TypeDistribution::tabulated(1, 2, {1, 2}, {1, -1}); }, "density");
    require_parameter([] { return TypeDistribution::tabulated(1, 2, {1, 2}, {0, 0}); }, "density");
    require_parameter([] { return TypeDistribution::tabulated(0.5, 2, {1, 2}, {1, 1}); }, "low");
    require_parameter([] { return TypeDistribution::tabulated(1, 3, {1, 2}, {1, 1}); }, "high");
    beliefsim::test::TempDir dir;
    const auto file = dir.path / "bad.txt";
    {
        std::ofstream out(file);
        out << "1 1\n1.5 two\n2 1\n";
    }
    require_field([&] { return tabulated_file(1, 2, file); }, "types.file");
}

TEST_CASE("truncated normal far wider than its support is uniform to full precision", "[pricing][boundary]") {
    // sd = 5e5 on [0.5, 2.5]: the density is flat to (2/5e5)² = 1.6e-11; the cdf as a difference of
    // two Φ ≈ ½ kept 6 digits, and the menu's 1e-11 quadratures chased that noise (89 s).
    const auto wide = TypeDistribution::truncated_normal(0.5, 2.5, 1.2, 5e5);
    for (const double r : {0.7, 1.2, 1.9, 2.5 - 1e-6}) {
        CAPTURE(r);
        CHECK(wide.cdf(r) == Approx((r - 0.5) / 2).epsilon(1e-10));
    }
}
