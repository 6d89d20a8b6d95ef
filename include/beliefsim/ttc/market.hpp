#pragma once
/// Provider economics of the test-time-compute market (Velasco et al., Section 2; SPEC §2 "TTC"):
/// at compute level θ provider i charges p = n_i(θ) π_i for n_i(θ) mean tokens at π_i dollars per
/// token, pays c = p / (1 + margin), and offers quality q = α (b + (1 − b) f(a_i(θ))) for accuracy
/// a, so the user's value is V = q − p. Value curves f: linear a; power a^γ; exponential (e^{κa} −
/// 1)/(e^κ − 1). The table of offers is immutable and shared by the game, the welfare optimum and
/// the auction. Tested by: tests/ttc/test_market.cpp.

#include "beliefsim/ttc/curves.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace beliefsim::ttc {

enum class ValueShape { linear, power, exponential };

/// f: accuracy in [0, 1] → [0, 1], increasing, f(0) = 0, f(1) = 1.
struct ValueCurve {
    ValueShape shape = ValueShape::exponential;
    double gamma = 3.5; ///< power exponent, > 0
    double kappa = 6.0; ///< exponential convexity; κ = 0 is the linear curve (its limit)
    [[nodiscard]] double operator()(double accuracy) const;
};

/// "linear" | "power" | "exp" (or "exponential"). Throws: InvalidArgument{"value_curve", rule}.
[[nodiscard]] ValueShape value_shape_from_name(std::string_view name);

/// The reference code's MarketConfig defaults (strategic_ttc/core/game_dynamics.py).
struct MarketConfig {
    double alpha = 10.0;   ///< α: dollar value of a correct answer at f = 1; > 0
    double baseline = 0.1; ///< b: share of the value a wrong answer keeps; in [0, 1]
    ValueCurve value;
};

/// One provider: list price and its curves over the market's compute levels.
struct Provider {
    std::string name;
    double price_per_token = 0;   ///< π_i, dollars per token (list price per 10^6 tokens / 10^6); ≥ 0
    double margin = 0.25;         ///< p / c − 1; > 0
    std::vector<double> accuracy; ///< a_i(θ_l), in [0, 1]
    std::vector<double> tokens;   ///< n_i(θ_l), mean tokens per query, ≥ 0
};

/// What provider i offers at level l.
struct Offer {
    double q = 0;                                          ///< quality
    double p = 0;                                          ///< price
    double c = 0;                                          ///< cost
    double v = 0;                                          ///< user value V = q − p
    [[nodiscard]] double profit() const { return p - c; }  ///< provider's margin per query
    [[nodiscard]] double surplus() const { return q - c; } ///< social surplus per query = V + profit
};

class Market {
public:
    /// Requires: ≥ 1 provider, all with the same number (≥ 1) of levels. Throws: InvalidArgument
    /// naming the config's member (alpha, ...), "providers" or "providers[i] (NAME).FIELD".
    Market(std::vector<Provider> providers, const MarketConfig& config);

    [[nodiscard]] std::size_t providers() const { return names_.size(); }
    [[nodiscard]] std::size_t levels() const { return levels_; }
    [[nodiscard]] const std::string& name(std::size_t i) const { return names_[i]; }
    [[nodiscard]] const Offer& offer(std::size_t i, std::size_t l) const { return offers_[i * levels_ + l]; }

private:
    std::vector<std::string> names_;
    std::size_t levels_ = 0;
    std::vector<Offer> offers_; // row-major (provider, level)
};

/// A provider's list price, as the reference code's MODEL_PRICES_PER_1M table holds them (read by
/// io/ttc_csv.hpp).
struct PriceEntry {
    std::string name;
    double price_per_million = 0;
    double margin = 0.25;
};

/// Which estimated accuracy curve the providers sell (both use the same token curve).
enum class Aggregation { majority_vote, best_of_n };

/// Providers from estimated curves, priced by exact name match in `prices` (curve order kept).
/// Throws: InvalidArgument{"prices", rule} when a provider has no price.
[[nodiscard]] std::vector<Provider> make_providers(std::span<const ProviderCurves> curves,
                                                   std::span<const PriceEntry> prices, Aggregation aggregation);

} // namespace beliefsim::ttc
