#include "beliefsim/pricing/quality.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include <boost/math/special_functions/hypergeometric_1F1.hpp>

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"

namespace beliefsim::pricing {

namespace {

void validate_chi_alpha(double chi, double alpha) {
    process::check_chi(chi); // the model's rule, one place
    BELIEFSIM_CHECK(std::isfinite(alpha) && alpha > 1, "alpha", "must be > 1 and finite " << got(alpha));
}

} // namespace

void validate(const QualitySpec& spec) {
    validate_chi_alpha(spec.chi, spec.alpha);
    BELIEFSIM_CHECK(std::isfinite(spec.r) && spec.r >= 0, "r", "must be >= 0 and finite " << got(spec.r));
    BELIEFSIM_CHECK(spec.time_cap > 0, "time_cap", "must be > 0 (+inf allowed) " << got(spec.time_cap));
    // Without a cap the quality is the constant limit, which needs discounting to be finite.
    BELIEFSIM_CHECK(!std::isinf(spec.time_cap) || spec.r > 0, "r",
                    "must be > 0 when quality.time_cap is infinite " << got(spec.r));
}

double kappa_limit(double chi, double alpha, double r) {
    validate_chi_alpha(chi, alpha);
    BELIEFSIM_CHECK(std::isfinite(r) && r > 0, "r", "must be > 0 and finite " << got(r));
    return std::pow(chi / ((alpha - 1) * r), 1 / alpha);
}

double kappa_formula(const QualitySpec& spec, double t) {
    validate(spec);
    BELIEFSIM_REQUIRE(t >= 0, "t must be >= 0 (got " << t << ")");
    if (std::isinf(spec.time_cap)) return kappa_limit(spec.chi, spec.alpha, spec.r);
    if (t >= spec.time_cap) return 0;
    const double alpha = spec.alpha;
    const double s = spec.time_cap - t;
    const double z = alpha * spec.r * s;
    // Kummer: e^{−z} ₁F₁(α+1; α+2; z) = ₁F₁(1; α+2; −z) ∈ (0, 1]; the printed product overflows
    // for z ≳ 709 (see the header).
    const double scaled = boost::math::hypergeometric_1F1(1.0, alpha + 2, -z);
    const double power = alpha * spec.chi / ((alpha - 1) * (alpha + 1)) * s * scaled;
    const double k = std::pow(power, 1 / alpha);
    BELIEFSIM_ENSURE(std::isfinite(k) && k >= 0,
                     "kappa must be finite and >= 0 (got " << k << " at t = " << t << ", z = " << z << ")");
    return k;
}

double kappa(const QualitySpec& spec, double t) { return std::min(kappa_formula(spec, t), 0.5); }

KappaTable tabulate_kappa(const QualitySpec& spec, double t_max, std::size_t points) {
    validate(spec);
    BELIEFSIM_REQUIRE(std::isfinite(t_max) && t_max > 0, "t_max must be > 0 and finite (got " << t_max << ")");
    BELIEFSIM_REQUIRE(points >= 2, "points must be >= 2 (got " << points << ")");
    KappaTable table;
    table.t.resize(points);
    table.kappa.resize(points);
    for (std::size_t j = 0; j < points; ++j) {
        table.t[j] = t_max * static_cast<double>(j) / static_cast<double>(points - 1);
        table.kappa[j] = kappa(spec, table.t[j]);
    }
    return table;
}

} // namespace beliefsim::pricing
