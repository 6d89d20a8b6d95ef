#include "beliefsim/ttc/market.hpp"

#include "beliefsim/core/error.hpp"

#include <cmath>

namespace beliefsim::ttc {

double ValueCurve::operator()(double a) const {
    switch (shape) {
    case ValueShape::linear:
        return a;
    case ValueShape::power:
        return std::pow(a, gamma);
    case ValueShape::exponential:
        // expm1: exact near κa = 0, where e^{κa} − 1 would cancel; κ = 0 is the linear limit.
        // For κ > 0 the same ratio from e^{−κ} (no overflow: κ = 1e3 made it inf/inf).
        if (kappa == 0) return a;
        if (kappa < 0) return std::expm1(kappa * a) / std::expm1(kappa);
        return std::exp(kappa * (a - 1)) * std::expm1(-kappa * a) / std::expm1(-kappa);
    }
    return a;
}

ValueShape value_shape_from_name(std::string_view name) {
    if (name == "linear") return ValueShape::linear;
    if (name == "power") return ValueShape::power;
    if (name == "exp" || name == "exponential") return ValueShape::exponential;
    throw InvalidArgument("value_curve", "must be linear, power or exp (got '" + std::string(name) + "')");
}

Market::Market(std::vector<Provider> providers, const MarketConfig& config) {
    BELIEFSIM_CHECK(config.alpha > 0 && std::isfinite(config.alpha), "alpha", "must be > 0 " << got(config.alpha));
    BELIEFSIM_CHECK(config.baseline >= 0 && config.baseline <= 1, "baseline",
                    "must be in [0, 1] " << got(config.baseline));
    BELIEFSIM_CHECK(config.value.shape != ValueShape::power ||
                        (config.value.gamma > 0 && std::isfinite(config.value.gamma)),
                    "gamma", "must be > 0 " << got(config.value.gamma));
    BELIEFSIM_CHECK(config.value.shape != ValueShape::exponential || std::isfinite(config.value.kappa), "kappa",
                    "must be finite " << got(config.value.kappa));
    BELIEFSIM_CHECK(!providers.empty(), "providers", "must list at least one provider");
    levels_ = providers.front().accuracy.size();
    for (std::size_t i = 0; i < providers.size(); ++i) {
        const Provider& pr = providers[i];
        const std::string at = "providers[" + std::to_string(i) + "] (" + pr.name + ").";
        BELIEFSIM_CHECK(pr.price_per_token >= 0 && std::isfinite(pr.price_per_token), at + "price_per_token",
                        "must be >= 0 " << got(pr.price_per_token));
        BELIEFSIM_CHECK(pr.margin > 0 && std::isfinite(pr.margin), at + "margin",
                        "must be > 0 (at 0 the provider's profit is 0 and the potential log(profit) is -inf) "
                            << got(pr.margin));
        BELIEFSIM_CHECK(levels_ > 0 && pr.accuracy.size() == levels_ && pr.tokens.size() == levels_, at + "levels",
                        "every provider needs the same number (>= 1) of accuracy and token levels");
        names_.push_back(pr.name);
        for (std::size_t l = 0; l < levels_; ++l) {
            const double a = pr.accuracy[l], n = pr.tokens[l];
            BELIEFSIM_CHECK(a >= 0 && a <= 1, at + "accuracy", "must be in [0, 1] " << got(a));
            BELIEFSIM_CHECK(n >= 0 && std::isfinite(n), at + "tokens", "must be >= 0 " << got(n));
            Offer o;
            o.p = n * pr.price_per_token;
            o.c = o.p / (1 + pr.margin);
            o.q = config.alpha * (config.baseline + (1 - config.baseline) * config.value(a));
            o.v = o.q - o.p;
            offers_.push_back(o);
        }
    }
}

std::vector<Provider> make_providers(std::span<const ProviderCurves> curves, std::span<const PriceEntry> prices,
                                     Aggregation aggregation) {
    std::vector<Provider> out;
    for (const ProviderCurves& cv : curves) {
        const PriceEntry* price = nullptr;
        for (const PriceEntry& e : prices)
            if (e.name == cv.name) price = &e;
        BELIEFSIM_CHECK(price != nullptr, "prices", "no price for provider '" << cv.name << "'");
        Provider pr{cv.name, price->price_per_million / 1e6, price->margin, {}, {}};
        const auto& acc = aggregation == Aggregation::majority_vote ? cv.majority : cv.best_of_n;
        for (std::size_t l = 0; l < cv.levels.size(); ++l) {
            pr.accuracy.push_back(acc[l].estimate.value);
            pr.tokens.push_back(cv.tokens[l].estimate.value);
        }
        out.push_back(std::move(pr));
    }
    return out;
}

} // namespace beliefsim::ttc
