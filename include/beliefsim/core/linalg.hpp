#pragma once
/// Small fixed-capacity vectors and matrices for beliefs on the simplex (no heap allocation, so
/// hot loops and OpenMP threads never touch the allocator).

#include <Eigen/Dense>

namespace beliefsim {

/// Largest number of states supported. Bounded so that every belief vector lives on the stack.
inline constexpr int MAX_STATES = 32;

using Vector = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, MAX_STATES, 1>;
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, MAX_STATES, MAX_STATES>;

} // namespace beliefsim
