// The process registry (include/beliefsim/app/registry.hpp): every registered name builds its
// process with the exact law it is documented to have, and unknown names are refused by parameter.

#include "beliefsim/app/registry.hpp"

#include "beliefsim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

using namespace beliefsim;

namespace {

app::ModelSpec binary(const std::string& process) {
    return {.states = 2,
            .prior = {0.5, 0.5},
            .entropy = "quadratic",
            .entropy_parameter = std::nullopt,
            .chi = 0.125,
            .process = process,
            .throughput_fraction = 1};
}

} // namespace

TEST_CASE("registry: each process carries the exact law it has", "[unit][simulation]") {
    const auto greedy = app::make_process(binary("greedy"), {});
    REQUIRE(greedy->law());
    CHECK(greedy->law()->density);
    CHECK(greedy->scheme().empty());

    const auto delay = app::make_process(binary("constant-delay"), {});
    REQUIRE(delay->law());
    REQUIRE(delay->law()->atom);
    CHECK_FALSE(delay->law()->density); // an atom has no density
    CHECK(*delay->law()->atom == delay->law()->mean);

    // Quadratic entropy, two states: Brownian, so "auto" picks the exact sampler and its law.
    const auto brownian = app::make_process(binary("diffusion"), {});
    REQUIRE(brownian->law());
    CHECK(brownian->scheme() == "exact");

    auto three = binary("diffusion");
    three.states = 3;
    three.prior = {0.5, 0.3, 0.2};
    three.entropy = "shannon";
    const auto simplex = app::make_process(three, {});
    CHECK_FALSE(simplex->law());         // no exact law for n >= 3
    CHECK(simplex->scheme() == "exact"); // Shannon: the lineage sampler
    three.entropy = "quadratic";
    CHECK(app::make_process(three, {})->scheme() == "face");
}

TEST_CASE("registry: a fraction below 1 time-changes the law of the same model", "[unit][simulation]") {
    // Zhong §2.2: the process with fraction f stops at τ₁/f.
    auto half = binary("constant-delay");
    half.throughput_fraction = 0.5;
    const double full = *app::make_process(binary("constant-delay"), {})->law()->atom;
    CHECK(*app::make_process(half, {})->law()->atom == Approx(2 * full));
}

TEST_CASE("registry: unknown processes and process rules name their parameter", "[bad-input][simulation]") {
    const auto parameter_of = [](const app::ModelSpec& model) {
        try {
            (void)app::make_process(model, {});
        } catch (const InvalidArgument& e) {
            return e.parameter() + ": " + e.rule();
        }
        return std::string("no error");
    };
    CHECK(parameter_of(binary("teleport")) ==
          "process: unknown process \"teleport\" (available: greedy, diffusion, constant-delay)");
    auto greedy = binary("greedy");
    greedy.throughput_fraction = 0.5;
    CHECK(parameter_of(greedy) ==
          "throughput_fraction: the greedy process spends the whole budget: it must be 1 (got 0.5)");
}
