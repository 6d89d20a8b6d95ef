#pragma once
/// Streaming, mergeable central moments up to order 4 (Pébay 2008 pairwise update formulas), so
/// that the variance of τ gets a standard error too. Memory is constant in the number of samples.

#include "beliefsim/estimators/estimate.hpp"

#include <cmath>
#include <cstdint>
#include <span>

namespace beliefsim::estimators {

class Moments {
public:
    /// Adds a batch (two passes over it: its mean first, then central sums, for accuracy).
    void add(std::span<const double> x) {
        if (x.empty()) return;
        Moments batch;
        batch.n_ = x.size();
        // Vector reductions: the order is fixed by the build, not by threads.
        double sum = 0;
        const double* values = x.data();
        const std::size_t count = x.size();
#pragma omp simd reduction(+ : sum)
        for (std::size_t i = 0; i < count; ++i) sum += values[i];
        batch.mean_ = sum / static_cast<double>(x.size());
        double m2 = 0, m3 = 0, m4 = 0;
#pragma omp simd reduction(+ : m2, m3, m4)
        for (std::size_t i = 0; i < count; ++i) {
            const double d = values[i] - batch.mean_, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        batch.m2_ = m2;
        batch.m3_ = m3;
        batch.m4_ = m4;
        merge(batch);
    }

    void merge(const Moments& o) {
        if (o.n_ == 0) return;
        if (n_ == 0) {
            *this = o;
            return;
        }
        const double na = static_cast<double>(n_), nb = static_cast<double>(o.n_), n = na + nb;
        const double delta = o.mean_ - mean_, d_n = delta / n;
        const double m2 = m2_ + o.m2_ + delta * d_n * na * nb;
        const double m3 = m3_ + o.m3_ + delta * d_n * d_n * na * nb * (na - nb) + 3.0 * d_n * (na * o.m2_ - nb * m2_);
        const double m4 = m4_ + o.m4_ + delta * d_n * d_n * d_n * na * nb * (na * na - na * nb + nb * nb) +
                          6.0 * d_n * d_n * (na * na * o.m2_ + nb * nb * m2_) + 4.0 * d_n * (na * o.m3_ - nb * m3_);
        mean_ += d_n * nb;
        m2_ = m2;
        m3_ = m3;
        m4_ = m4;
        n_ += o.n_;
    }

    [[nodiscard]] std::uint64_t count() const { return n_; }
    /// The fields `merge` reads (core/state_buffer.hpp).
    template <class V>
    void visit_state(V& v) {
        v(n_);
        v(mean_);
        v(m2_);
        v(m3_);
        v(m4_);
    }

    /// Sample mean with standard error √(s²/n).
    [[nodiscard]] Estimate mean() const {
        return {mean_, n_ > 1 ? std::sqrt(sample_variance() / static_cast<double>(n_)) : 0.0, n_};
    }

    /// Unbiased sample variance s² with standard error √((m4 − (n−3)/(n−1) s⁴)/n).
    [[nodiscard]] Estimate variance() const {
        if (n_ < 4) return {sample_variance(), 0.0, n_};
        const double n = static_cast<double>(n_), s2 = sample_variance();
        const double m4 = m4_ / n;
        return {s2, std::sqrt(std::max(0.0, (m4 - (n - 3) / (n - 1) * s2 * s2) / n)), n_};
    }

private:
    [[nodiscard]] double sample_variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
    std::uint64_t n_ = 0;
    double mean_ = 0, m2_ = 0, m3_ = 0, m4_ = 0;
};

} // namespace beliefsim::estimators
