#include "beliefsim/process/greedy.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"

#include <cmath>

namespace beliefsim::process {

std::vector<int> closest_states(const entropy::Entropy& h, const Vector& mu, double rel_tol) {
    const Vector d = h.vertex_divergences(mu);
    const double dmin = d.minCoeff();
    std::vector<int> out;
    for (Eigen::Index i = 0; i < d.size(); ++i)
        if (d[i] - dmin <= rel_tol * std::abs(dmin)) out.push_back(static_cast<int>(i));
    return out;
}

Vector greedy_rates(const entropy::Entropy& h, const Vector& mu, const std::vector<int>& closest, double chi) {
    const auto n = mu.size();
    const auto m = static_cast<Eigen::Index>(closest.size());
    const Vector d = h.vertex_divergences(mu);
    Vector beta = Vector::Zero(n);
    if (m == n) {
        const double zeta = d.sum() / static_cast<double>(n);
        beta = chi * mu / zeta;
    } else {
        const Matrix hess = h.hessian(mu);
        Matrix sigma(m, m);
        Vector d_closest(m);
        for (Eigen::Index a = 0; a < m; ++a) {
            d_closest[a] = d[closest[static_cast<std::size_t>(a)]];
            for (Eigen::Index b = 0; b < m; ++b)
                sigma(a, b) = hess(closest[static_cast<std::size_t>(a)], closest[static_cast<std::size_t>(b)]);
        }
        // Σ is positive definite for a proper closest set (Zhong, proof of Proposition 1, Step I).
        const Vector x = sigma.ldlt().solve(Vector::Ones(m));
        const double scale = chi / d_closest.dot(x);
        for (Eigen::Index a = 0; a < m; ++a) beta[closest[static_cast<std::size_t>(a)]] = scale * x[a];
    }
    for (const int theta : closest)
        BELIEFSIM_CHECK(std::isfinite(beta[theta]) && beta[theta] > 0, "prior",
                        "the greedy process does not apply: on its no-jump path from this prior the jump rate of "
                        "state "
                            << theta + 1 << " is " << significant(beta[theta]) << " at belief (" << mu.transpose()
                            << "), so the Hessian block is not a Stieltjes matrix there "
                               "(Zhong, Assumption 1 part 3 fails for this entropy)");
    return beta;
}

} // namespace beliefsim::process
