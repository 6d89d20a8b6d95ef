#pragma once
/// Exact expectations of the resampled curves of curves.hpp, by combinatorics over the uniformly
/// random θ-subsets of a question's N samples (hypergeometric laws), averaged over questions. They
/// are the oracle for the resampler on tiny data; the majority vote enumerates vote-count vectors,
/// so its cost grows like the number of such vectors (keep N and the answers per question small).
/// Tested by: tests/ttc/test_curves.cpp.

#include "beliefsim/ttc/samples.hpp"

namespace beliefsim::ttc {

/// E[majority-vote accuracy] at θ = `level`: a count vector (k_a) over the answer groups (and the
/// unanswered group) has probability Π_a C(n_a, k_a) / C(N, θ); the answers with the most votes win
/// with equal probability (the drawn order is uniform). Requires: 1 ≤ level ≤ samples, and every
/// answer of a question either always correct or never. Throws: InvalidArgument.
[[nodiscard]] double exact_majority_accuracy(const ProviderSamples& data, int level);

/// E[best-of-n accuracy] at θ = `level`: sample j is chosen with probability
/// Σ_e C(E_j − 1, e − 1) C(L_j, θ − e) / (e · C(N, θ)), where E_j samples share j's reward, L_j
/// score lower and e of the tied samples are drawn (one of them, uniformly, comes first). Requires:
/// 1 ≤ level ≤ samples. Throws: InvalidArgument.
[[nodiscard]] double exact_best_of_n_accuracy(const ProviderSamples& data, int level);

/// E[tokens of θ drawn samples] = θ × the question's mean tokens, averaged over questions.
[[nodiscard]] double exact_mean_tokens(const ProviderSamples& data, int level);

} // namespace beliefsim::ttc
