#pragma once
/// The accuracy the BBS modules ask of the library's kink-aware quadrature (core/quadrature.hpp):
/// they integrate between known breakpoints (exclusion, start of fine-tuning, jumps of a type
/// density), so kinks never sit inside a panel.
/// Tested by: every tests/bbs/test_*.cpp through the paper numbers.

#include "beliefsim/core/quadrature.hpp"

namespace beliefsim::bbs {

/// Relative tolerance 1e-10 per piece, depth ≤ 12. 1e-10 sits above the rounding floor of Kronrod
/// error estimates for integrands like q(t) ∝ 2t − 1 near t = ½, whose values carry only ~12
/// correct digits (a tighter tolerance recurses to full depth for nothing).
inline constexpr Quadrature QUADRATURE{1e-10, 12};
/// For the θ law of value-scale types (packages.cpp), whose CDF feeds the ironing tolerance.
inline constexpr Quadrature FINE_QUADRATURE{1e-12, 12};

} // namespace beliefsim::bbs
