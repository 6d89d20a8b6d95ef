#pragma once
/// A number checked against its reference: the paper's printed value (or a value its theory
/// requires), ours, and how close they must be. `beliefsim reproduce` prints one row per number.

#include <cmath>
#include <string>

namespace beliefsim {

struct PaperNumber {
    std::string quantity;
    double paper = 0; ///< as printed (or as corrected in papers/README, see `note`)
    double ours = 0;
    double tolerance = 0; ///< |ours − paper| allowed: the paper's rounding
    std::string note;
    [[nodiscard]] bool agrees() const { return std::abs(ours - paper) <= tolerance; }
};

} // namespace beliefsim
