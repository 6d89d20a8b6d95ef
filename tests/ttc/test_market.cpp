#include "beliefsim/core/error.hpp"
#include "beliefsim/io/ttc_csv.hpp"
#include "beliefsim/ttc/market.hpp"

#include "../support.hpp"
#include "ttc_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace beliefsim;
using namespace beliefsim::ttc;

TEST_CASE("ttc market: value curves", "[ttc][unit]") {
    const ValueCurve lin{ValueShape::linear, 0, 0};
    const ValueCurve pow2{ValueShape::power, 2.0, 0};
    const ValueCurve ex{ValueShape::exponential, 0, 6.0};
    CHECK(lin(0.3) == 0.3);
    CHECK(pow2(0.5) == Approx(0.25));
    CHECK(ex(0.5) == Approx(0.04742587317756678)); // (e^3 − 1)/(e^6 − 1)
    for (const auto& f : {lin, pow2, ex}) {
        CHECK(f(0) == 0);
        CHECK(f(1) == Approx(1));
    }
    CHECK(ValueCurve{ValueShape::exponential, 0, 0}(0.37) == 0.37); // κ → 0 limit
    CHECK(ValueCurve{ValueShape::exponential, 0, 1e-9}(0.37) == Approx(0.37));
    // Steep curves stay finite (e^{κa} overflows from κ ≈ 710): f(1 − 1/κ) → e^{−1}, κ < 0 mirrors it.
    for (const double kappa : {1e3, 1e5, 1e308}) {
        const ValueCurve steep{ValueShape::exponential, 0, kappa};
        CHECK(steep(0) == 0);
        CHECK(steep(1) == 1);
        if (kappa < 1e300) CHECK(steep(1 - 1 / kappa) == Approx(std::exp(-1.0)).epsilon(1e-9)); // 1 − 1/κ rounds
        CHECK(steep(0.5) >= 0);
        const ValueCurve flat{ValueShape::exponential, 0, -kappa};
        CHECK(flat(0.5) == 1);
    }
    CHECK(value_shape_from_name("exp") == ValueShape::exponential);
    CHECK(value_shape_from_name("power") == ValueShape::power);
    CHECK_THROWS_AS(value_shape_from_name("cubic"), InvalidArgument);
}

TEST_CASE("ttc market: offers against hand-computed economics", "[ttc][unit]") {
    // Reference defaults: α = 10, b = 0.1, exponential κ = 6; 1000 tokens at $1 per 10^6 tokens.
    Market m({{"x", 1e-6, 0.25, {0.5}, {1000}}}, MarketConfig{});
    const Offer& o = m.offer(0, 0);
    CHECK(o.p == Approx(1e-3));
    CHECK(o.c == Approx(8e-4));
    CHECK(o.q == Approx(1.4268328585981012));
    CHECK(o.v == Approx(1.4268328585981012 - 1e-3));
    CHECK(o.profit() == Approx(2e-4));
    CHECK(o.surplus() == Approx(1.4268328585981012 - 8e-4));
}

TEST_CASE("ttc market: bad market inputs name the field", "[ttc][bad-input]") {
    const auto field_of = [](std::vector<Provider> p, MarketConfig c) {
        try {
            Market m(std::move(p), c);
        } catch (const InvalidArgument& e) {
            return e.parameter();
        }
        return std::string();
    };
    const Provider ok{"a", 1e-7, 0.25, {0.5, 0.6}, {100, 200}};
    MarketConfig c;
    CHECK(field_of({ok}, c).empty());
    c.alpha = 0;
    CHECK(field_of({ok}, c) == "alpha");
    c = {};
    c.baseline = 1.5;
    CHECK(field_of({ok}, c) == "baseline");
    c = {};
    CHECK(field_of({}, c) == "providers");
    Provider bad = ok;
    bad.accuracy[1] = 1.2;
    CHECK(field_of({ok, bad}, c) == "providers[1] (a).accuracy");
    bad = ok;
    bad.tokens.pop_back();
    CHECK(field_of({ok, bad}, c) == "providers[1] (a).levels");
    bad = ok;
    bad.margin = -0.1;
    CHECK(field_of({bad}, c) == "providers[0] (a).margin");
}

TEST_CASE("ttc market: price list and providers from curves", "[ttc][unit]") {
    const auto prices = io::read_price_list_csv(beliefsim::ttc::test::data_dir() + "/prices.csv");
    REQUIRE(prices.size() == 9);
    CHECK(prices[0].name == "synth-A");
    CHECK(prices[0].price_per_million == 0.1455);
    CHECK(prices[0].margin == 0.25);

    ProviderCurves cv;
    cv.name = "synth-B";
    cv.levels = {1, 4};
    cv.majority = {{{0.5, 0, 1}, 0, 0}, {{0.6, 0, 1}, 0, 0}};
    cv.best_of_n = {{{0.5, 0, 1}, 0, 0}, {{0.7, 0, 1}, 0, 0}};
    cv.tokens = {{{100, 0, 1}, 0, 0}, {{400, 0, 1}, 0, 0}};
    const auto pr = make_providers(std::span(&cv, 1), prices, Aggregation::best_of_n);
    REQUIRE(pr.size() == 1);
    CHECK(pr[0].price_per_token == Approx(0.1245e-6));
    CHECK(pr[0].accuracy == std::vector<double>{0.5, 0.7});
    CHECK(pr[0].tokens == std::vector<double>{100, 400});
    cv.name = "unknown";
    CHECK_THROWS_AS(make_providers(std::span(&cv, 1), prices, Aggregation::majority_vote), InvalidArgument);

    beliefsim::test::TempDir dir;
    std::ofstream(dir.path / "p.csv") << "name,price_per_million\nq,-1\n";
    try {
        (void)io::read_price_list_csv(dir.path / "p.csv");
        FAIL("negative price accepted");
    } catch (const ConfigError& e) {
        CHECK(e.field().ends_with("p.csv:2:price_per_million"));
    }
}
