#include "beliefsim/simulation/simulate.hpp"

#include "beliefsim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cstring>

using namespace beliefsim;

namespace {

simulation::SimulationSpec n3_spec(int threads) {
    simulation::SimulationSpec spec;
    spec.model = {.states = 3, .prior = {0.5, 0.3, 0.2}, .entropy = "shannon", .entropy_parameter = std::nullopt, .chi = 0.3, .process = "greedy"};
    spec.plan = {.paths = 100'003, .block_size = 1000, .seed = 77, .threads = threads};
    spec.estimators.histogram_max = 0; // auto from the exact law
    spec.estimators.ecdf_max = 0;
    spec.estimators.laplace_r = {0.5, 1.0, 2.0};
    spec.estimators.raw_sample_cap = 1500;
    return spec;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

std::string field_of(simulation::SimulationSpec spec) {
    try {
        (void)simulation::simulate(std::move(spec));
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "no error";
}

} // namespace

TEST_CASE("simulate is bitwise identical for 1 and 2 threads", "[repro][simulation]") {
    const auto a = simulation::simulate(n3_spec(1));
    const auto b = simulation::simulate(n3_spec(2));
    CHECK(a.threads == 1);
    CHECK(b.threads == 2);
    const auto& x = a.estimates;
    const auto& y = b.estimates;
    CHECK(std::memcmp(&x.mean, &y.mean, sizeof x.mean) == 0);
    CHECK(std::memcmp(&x.variance, &y.variance, sizeof x.variance) == 0);
    CHECK(same_bits(x.laplace_mean, y.laplace_mean));
    CHECK(same_bits(x.laplace_stderr, y.laplace_stderr));
    CHECK(same_bits(x.ecdf_F, y.ecdf_F));
    CHECK(same_bits(x.ecdf_F_by_state, y.ecdf_F_by_state));
    CHECK(same_bits(x.histogram_counts, y.histogram_counts));
    CHECK(same_bits(x.terminal_freq, y.terminal_freq));
    CHECK(same_bits(x.raw_tau, y.raw_tau));
    CHECK(x.raw_tau.size() == 1500);
    CHECK(x.paths == 100'003);
}

TEST_CASE("simulate resolves grids from the exact law and tabulates it", "[unit][simulation]") {
    const auto r = simulation::simulate(n3_spec(0));
    REQUIRE(r.exact);
    CHECK(r.spec.estimators.ecdf_max > r.exact->mean);
    CHECK(r.exact->phase_times.size() == 3);
    CHECK(r.exact->survival.front() == 1.0);
    CHECK(r.exact->laplace.size() == 3);
    CHECK(r.estimates.ecdf_t.back() == r.spec.estimators.ecdf_max);
}

TEST_CASE("simulate rejects invalid model fields by name", "[bad-input][simulation]") {
    auto negative_chi = n3_spec(1);
    negative_chi.model.chi = -0.3;
    CHECK(field_of(negative_chi) == "model.chi");
    auto off_simplex = n3_spec(1);
    off_simplex.model.prior = {0.5, 0.3, 0.3};
    CHECK(field_of(off_simplex) == "model.prior");
    auto boundary = n3_spec(1);
    boundary.model.prior = {0.7, 0.3, 0.0};
    CHECK(field_of(boundary) == "model.prior");
    auto wrong_length = n3_spec(1);
    wrong_length.model.prior = {0.5, 0.5};
    CHECK(field_of(wrong_length) == "model.prior");
    auto unknown = n3_spec(1);
    unknown.model.entropy = "renyi";
    CHECK(field_of(unknown) == "model.entropy");
    auto process = n3_spec(1);
    process.model.process = "teleport";
    CHECK(field_of(process) == "model.process");
    auto states = n3_spec(1);
    states.model.states = 1;
    CHECK(field_of(states) == "model.states");
}
