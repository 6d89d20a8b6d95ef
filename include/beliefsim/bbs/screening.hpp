#pragma once
/// One-dimensional screening (Mussa-Rosen), the engine behind every BBS menu: virtual values with
/// ironing and exclusion, quality = demand(virtual value) (BBS (20), (26)), transfers by the
/// envelope formula (21), (27), two-part tariffs (Lemma 3: markup m = t/φ̄, upfront fee
/// p0 = T − m C(q)), revenue, profit and an IC/IR audit.
/// Tested by: tests/bbs/test_menus.cpp (ironing, IC/IR audit) and every menu test built on it.
///
/// Virtual value φ(t) = t − (1 − F(t))/f(t) (19). Ironing is done on `cells` equal cells of
/// [low, high]: the virtual surplus of a cell needs F only, ∫_cell φ f dt = [−t(1 − F(t))] at its
/// ends, so cell averages are exact; pool-adjacent-violators (weights = cell masses) merges
/// neighbouring cells while the averages decrease (relative tolerance 1e-9 plus the error that
/// ScalarLaw::cdf_error puts on the averages; cells without mass have
/// average −∞, so gaps in the support are pooled, as optimal). If nothing is pooled among served
/// types (pools whose cells all have φ ≤ 0 change no allocation) and the law is smooth, φ̄ is the
/// exact φ; otherwise φ̄ is the PAVA step function, which is nondecreasing, so the
/// menu is exactly incentive compatible (the token-cap module, pricing/menu.hpp, does the same).
///
/// Revenue uses the identity ∫ T f dt = ∫ q(t) (t f(t) − (1 − F(t))) dt (integration by parts,
/// U(low) = 0), profit subtracts ∫ C(q) f. Quadrature: adaptive Gauss-Kronrod split at the
/// exclusion type, the types where demand has kinks (start of fine-tuning) and the block edges.

#include "beliefsim/pricing/types.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace beliefsim::bbs {

/// The law of a scalar type on [low, high].
struct ScalarLaw {
    double low = 0;
    double high = 1;
    std::function<double(double)> cdf;
    std::function<double(double)> pdf;
    /// The density is only known cell by cell (a histogram): always use the ironed step form.
    bool piecewise = false;
    /// Absolute accuracy of `cdf` (0: rounding only). Cell averages of φ inherit an error of about
    /// 2 cdf_error (high + |φ|)/mass, which ironing must not mistake for a violation.
    double cdf_error = 0;
};

/// A pricing::TypeDistribution (uniform, truncated-normal, beta, tabulated) as a ScalarLaw.
[[nodiscard]] ScalarLaw scalar_law(const pricing::TypeDistribution& d);

/// The ironed virtual value φ̄ of a law. Immutable; share it across threads and menus.
class VirtualValue {
public:
    /// Requires low < high, cdf and pdf set, cells ≥ 16 (InvalidArgument).
    explicit VirtualValue(ScalarLaw law, std::size_t cells = 2048);

    [[nodiscard]] const ScalarLaw& law() const noexcept { return law_; }
    /// φ(t) = t − (1 − F)/f (−∞ where f = 0).
    [[nodiscard]] double raw(double t) const;
    /// φ̄(t).
    [[nodiscard]] double operator()(double t) const;
    /// Whether PAVA pooled cells with positive virtual value (φ not monotone where it matters).
    [[nodiscard]] bool ironed() const noexcept { return ironed_; }
    /// Whether φ̄ is the step function (ironed, or a piecewise law).
    [[nodiscard]] bool stepped() const noexcept { return !edges_.empty(); }
    /// Edges of the constant blocks of φ̄ (empty unless stepped).
    [[nodiscard]] const std::vector<double>& edges() const noexcept { return edges_; }
    /// inf{t ∈ [low, high] : φ̄(t) ≥ level} (high if there is none).
    [[nodiscard]] double level_type(double level) const;

private:
    ScalarLaw law_;
    std::vector<double> edges_;  ///< block boundaries, low … high (stepped only)
    std::vector<double> values_; ///< φ̄ on [edges_[k], edges_[k+1])
    bool ironed_ = false;
};

/// What is sold along the type: `demand(λ)` = quality bought at marginal value λ (nondecreasing,
/// 0 for λ ≤ 0), `cost(q)` its production cost, `kink_levels` the λ at which demand has a kink.
struct QualityMarket {
    std::function<double(double)> demand;
    std::function<double(double)> cost;
    std::vector<double> kink_levels;
};

/// The optimal one-dimensional menu. Immutable; cheap to build (a few root searches).
class Screening {
public:
    Screening(std::shared_ptr<const VirtualValue> phi, QualityMarket market);

    [[nodiscard]] const VirtualValue& virtual_value() const noexcept { return *phi_; }
    /// Lowest served type (types below are excluded: φ̄ ≤ 0).
    [[nodiscard]] double lowest_served() const noexcept { return served_; }
    /// q(t) = demand(φ̄(t)) (20), (26).
    [[nodiscard]] double quality(double t) const;
    /// Rent U(t) = ∫_low^t q.
    [[nodiscard]] double rent(double t) const;
    /// T(t) = t q(t) − U(t) (21), (27).
    [[nodiscard]] double transfer(double t) const;
    /// m(t) = t / φ̄(t) (29); +∞ for excluded types.
    [[nodiscard]] double markup(double t) const;
    /// p0(t) = T(t) − m(t) C(q(t)) (Lemma 3); 0 for excluded types.
    [[nodiscard]] double upfront_fee(double t) const;
    /// ∫ T f (expected revenue).
    [[nodiscard]] double revenue() const;
    /// ∫ (T − C(q)) f (expected profit).
    [[nodiscard]] double profit() const;
    /// Sorted type breakpoints: low, exclusion, kinks, block edges, high.
    [[nodiscard]] const std::vector<double>& breaks() const noexcept { return breaks_; }

private:
    template <class G>
    double integrate_pieces(const G& smooth, const std::function<double(std::size_t, double)>& step) const;
    std::shared_ptr<const VirtualValue> phi_;
    QualityMarket market_;
    double served_;
    std::vector<double> breaks_;
    std::vector<double> rent_at_; ///< U at each break
};

struct ScreeningAudit {
    double max_ic_violation = 0; ///< max over i, j of u_i(item j) − u_i(own item) (≥ 0)
    double max_ir_violation = 0; ///< max over i of −u_i(own item) (≥ 0)
};
/// Global IC/IR of the menu on `points` equally spaced types (points ≥ 2): u_t(item t') = t q(t') − T(t').
[[nodiscard]] ScreeningAudit audit(const Screening& menu, std::size_t points);

} // namespace beliefsim::bbs
