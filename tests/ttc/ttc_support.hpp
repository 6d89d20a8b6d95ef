#pragma once
// Helpers shared by the TTC tests (test code only): hand-made markets and the default data.

#include "beliefsim/io/ttc_csv.hpp"
#include "beliefsim/ttc/curves.hpp"
#include "beliefsim/ttc/market.hpp"
#include "beliefsim/ttc/samples.hpp"

#include <boost/random/uniform_real_distribution.hpp>

#include <Random123/MicroURNG.hpp>
#include <Random123/philox.h>

#include <string>
#include <vector>

namespace beliefsim::ttc::test {

/// A market of `n` providers × `m` levels with accuracies rising and token counts doubling per
/// level, drawn from a fixed Philox stream per `variant` (not the library's streams: the test's own
/// draws).
inline Market random_market(std::size_t n, std::size_t m, std::uint64_t variant, const MarketConfig& config) {
    r123::MicroURNG<r123::Philox4x64> rng(r123::Philox4x64(), {{variant, 0, 0, 0}}, {{12345, 0}});
    boost::random::uniform_real_distribution<double> u(0, 1);
    std::vector<Provider> providers;
    for (std::size_t i = 0; i < n; ++i) {
        Provider p{"p" + std::to_string(i), (0.05 + 0.2 * u(rng)) * 1e-6, 0.25, {}, {}};
        double a = 0.2 + 0.5 * u(rng), t = 100 + 300 * u(rng);
        for (std::size_t l = 0; l < m; ++l) {
            p.accuracy.push_back(a);
            p.tokens.push_back(t);
            a = std::min(1.0, a + 0.15 * u(rng) * (1 - a));
            t *= 2;
        }
        providers.push_back(std::move(p));
    }
    return Market(std::move(providers), config);
}

/// The paper's GSM8K notebook settings: α = 0.008, linear value curve, margin 0.25.
inline MarketConfig notebook_config() {
    MarketConfig c;
    c.alpha = 0.008;
    c.value.shape = ValueShape::linear;
    return c;
}

inline std::string data_dir() { return std::string(BELIEFSIM_SOURCE_DIR) + "/data/ttc"; }

/// The default market of data/ttc (majority-vote curves, 50 replicates, seed 0) priced by its list.
inline Market default_market(Aggregation aggregation = Aggregation::majority_vote) {
    const auto samples = io::read_samples_csv(data_dir() + "/samples.csv");
    const auto curves = estimate_curves(samples, CurveOptions{});
    const auto prices = io::read_price_list_csv(data_dir() + "/prices.csv");
    return Market(make_providers(curves, prices, aggregation), notebook_config());
}

} // namespace beliefsim::ttc::test
