#pragma once
/// Menus of token packages (BBS §5, Lemma 2, Proposition 5) and their two-part-tariff
/// implementation without task caps (§6.3, Proposition 7).
/// Tested by: tests/bbs/test_menus.cpp, tests/bbs/test_example.cpp, tests/bbs/test_tariffs.cpp.
///
/// Only the totals (X, Y, Z) are contractible; by Lemma 2 the buyer then values a package at
/// θ X^α Y^β (b + Z)^γ, so the problem is one-dimensional in the representative type θ (10) with
/// cost C(Q) (Corollary 2): Q(θ) = demand(φ̄(θ)) (26), T(θ) = θ Q − ∫ Q (27), tariff
/// p_j = m(θ) c_j, p0 = T − m C(Q) (Proposition 7). φ̄ is ironed when F_θ does not have increasing
/// virtual values (screening.hpp) — the paper assumes it away; we do not need to.
/// For value-scale types, θ = w s^{1−α−β} (12) and F_θ(t) = ∫ f_s(s) F_w(t s^{α+β−1}) ds,
/// f_θ(t) = ∫ f_s(s) f_w(t s^{α+β−1}) s^{α+β−1} ds (Gauss-Kronrod split where t s^{α+β−1} hits
/// the ends of the w support, so jumps of f_w never sit inside a panel).

#include "beliefsim/bbs/allocations.hpp"
#include "beliefsim/bbs/screening.hpp"
#include "beliefsim/bbs/technology.hpp"

#include <memory>

namespace beliefsim::bbs {

/// The law of θ = w s^{1−α−β} for independent w, s (s support inside [0, 1]).
[[nodiscard]] ScalarLaw value_scale_theta_law(const Technology& tech, const ScalarLaw& w, const ScalarLaw& s);

class PackageMenu {
public:
    PackageMenu(Technology tech, ScalarLaw theta_law, std::size_t cells = 2048);

    [[nodiscard]] const Technology& technology() const noexcept { return tech_; }
    [[nodiscard]] const Screening& screening() const noexcept { return menu_; }
    /// Lowest type that fine-tunes (θ_high if none): φ̄(θ) reaches θ̂ (11).
    [[nodiscard]] double fine_tuning_type() const;

    [[nodiscard]] double quality(double theta) const { return menu_.quality(theta); }
    /// Total tokens (X, Y, Z) of type θ's package.
    [[nodiscard]] Tokens package(double theta) const { return tech_.package(quality(theta)); }
    [[nodiscard]] double transfer(double theta) const { return menu_.transfer(theta); }
    [[nodiscard]] double cost(double theta) const { return tech_.cost(quality(theta)); }
    /// Proposition 7's tariff (no task cap; excluded types: all zero).
    [[nodiscard]] TwoPartTariff tariff(double theta) const;

    [[nodiscard]] double revenue() const { return menu_.revenue(); }
    [[nodiscard]] double profit() const { return menu_.profit(); }

private:
    Technology tech_;
    Screening menu_;
};

} // namespace beliefsim::bbs
