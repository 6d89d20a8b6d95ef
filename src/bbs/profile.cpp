#include "beliefsim/bbs/profile.hpp"

#include "beliefsim/bbs/quadrature.hpp"
#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace beliefsim::bbs {

namespace {

[[noreturn]] void bad(const std::string& rule) { throw InvalidArgument("profile", rule); }

} // namespace

TaskProfile TaskProfile::tabulated(std::vector<double> nodes, std::vector<double> values, Interpolation kind) {
    if (nodes.size() < 2) bad("needs at least two task nodes");
    if (nodes.front() != 0.0 || nodes.back() != 1.0) bad("task nodes must run from 0 to 1");
    for (std::size_t k = 0; k + 1 < nodes.size(); ++k)
        if (!(nodes[k + 1] > nodes[k])) bad("task nodes must be strictly increasing");
    const std::size_t want = kind == Interpolation::step ? nodes.size() - 1 : nodes.size();
    if (values.size() != want)
        bad("expected " + std::to_string(want) + " values, got " + std::to_string(values.size()));
    for (const double v : values)
        if (!(std::isfinite(v) && v >= 0)) bad("task values must be >= 0 and finite " + got(v));
    auto table = std::make_shared<const std::pair<std::vector<double>, std::vector<double>>>(nodes, std::move(values));
    std::function<double(double)> f;
    if (kind == Interpolation::step) {
        f = [table](double i) {
            const auto& [n, v] = *table;
            const auto k = static_cast<std::size_t>(std::upper_bound(n.begin(), n.end(), i) - n.begin());
            return v[std::clamp<std::size_t>(k == 0 ? 0 : k - 1, 0, v.size() - 1)];
        };
    } else {
        f = [table](double i) {
            const auto& [n, v] = *table;
            const auto k = static_cast<std::size_t>(std::upper_bound(n.begin(), n.end(), i) - n.begin());
            const std::size_t c = std::clamp<std::size_t>(k == 0 ? 0 : k - 1, 0, n.size() - 2);
            const double t = (i - n[c]) / (n[c + 1] - n[c]);
            return v[c] + t * (v[c + 1] - v[c]);
        };
    }
    return {std::move(f), std::move(nodes)};
}

TaskProfile TaskProfile::value_scale(double w, double s) {
    BELIEFSIM_CHECK(std::isfinite(w) && w >= 0, "w", "must be >= 0 and finite " << got(w));
    BELIEFSIM_CHECK(s > 0 && s <= 1, "s", "must be in (0, 1] " << got(s));
    if (s == 1) return tabulated({0, 1}, {w}, Interpolation::step);
    return tabulated({0, s, 1}, {w, 0}, Interpolation::step);
}

TaskProfile TaskProfile::from_function(std::function<double(double)> f, std::vector<double> breaks) {
    breaks.push_back(0);
    breaks.push_back(1);
    std::sort(breaks.begin(), breaks.end());
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    breaks.erase(std::remove_if(breaks.begin(), breaks.end(), [](double x) { return x < 0 || x > 1; }), breaks.end());
    return {[g = std::move(f)](double i) { return std::max(0.0, g(i)); }, std::move(breaks)};
}

double TaskProfile::integrate(const std::function<double(double)>& g, const TaskProfile* other) const {
    std::vector<double> cuts = breaks_;
    if (other) cuts.insert(cuts.end(), other->breaks_.begin(), other->breaks_.end());
    return integrate_pieces(g, 0.0, 1.0, std::move(cuts), QUADRATURE);
}

double TaskProfile::power_integral(double p) const {
    BELIEFSIM_REQUIRE(p > 0, "power must be > 0 (got " << p << ")");
    return integrate([&](double i) { return std::pow(f_(i), p); });
}

} // namespace beliefsim::bbs
