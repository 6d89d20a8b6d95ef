// The library objects users call in loops: entropies, a model with its exact law, type
// distributions, stopping laws (the model's, tabulated, or Python callables) and the token-cap menu.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "beliefsim/app/laws.hpp"
#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/registry.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/io/config.hpp"
#include "beliefsim/pricing/audit.hpp"
#include "beliefsim/pricing/market.hpp"
#include "beliefsim/pricing/menu.hpp"
#include "beliefsim/rng/path_rng.hpp"
#include "bindings.hpp"

namespace beliefsim::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using py::arg;

/// Beliefs: the last axis of `mu` holds the states; every row must lie on the simplex.
struct Beliefs {
    std::vector<py::ssize_t> shape; ///< the leading axes (one row per index)
    Eigen::Index states = 0;
    std::vector<Vector> rows;
};

Beliefs beliefs(const Array& mu, const char* name) {
    BELIEFSIM_CHECK(mu.ndim() >= 1 && mu.shape(mu.ndim() - 1) >= 2, name,
                    "must have the states on its last axis (at least 2)");
    Beliefs b;
    b.shape.assign(mu.shape(), mu.shape() + mu.ndim() - 1);
    b.states = mu.shape(mu.ndim() - 1);
    const double* data = mu.data();
    for (py::ssize_t i = 0; i < mu.size() / b.states; ++i) {
        Vector row = Eigen::Map<const Vector>(data + i * b.states, b.states);
        BELIEFSIM_CHECK(row.minCoeff() >= 0 && std::abs(row.sum() - 1) <= 1e-9, name,
                        "must lie on the simplex (entries >= 0 summing to 1; row " << i << " sums to " << row.sum()
                                                                                   << ")");
        b.rows.push_back(std::move(row));
    }
    return b;
}

/// `values` (rows × per_row, row-major) shaped as the rows' leading axes plus `tail`.
py::array shaped(const Beliefs& b, std::vector<double> values, std::vector<py::ssize_t> tail) {
    std::vector<py::ssize_t> shape = b.shape;
    shape.insert(shape.end(), tail.begin(), tail.end());
    Array out(shape);
    std::copy(values.begin(), values.end(), out.mutable_data());
    return out;
}

template <class F>
py::array each_row(const Beliefs& b, std::vector<py::ssize_t> tail, const F& f) {
    std::vector<double> values;
    for (const Vector& row : b.rows) {
        const auto v = f(row);
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, double>)
            values.push_back(v);
        else
            values.insert(values.end(), v.data(), v.data() + v.size());
    }
    return shaped(b, std::move(values), std::move(tail));
}

/// A model built as a `simulate` config's [model] table builds it, with its exact law.
struct Model {
    app::ModelSpec spec;
    std::shared_ptr<const app::ModelProcess> process;

    [[nodiscard]] const app::LawFunctions& law() const {
        BELIEFSIM_CHECK(process->law().has_value(), "process",
                        "has no exact stopping law (" << spec.process << " with " << spec.states
                                                      << " states); simulate it instead");
        return *process->law();
    }
};

Model make_model(int states, std::optional<std::vector<double>> prior, const std::string& entropy,
                 std::optional<double> parameter, double chi, const std::string& process, double fraction) {
    Model m;
    m.spec.states = states;
    m.spec.prior = prior.value_or(std::vector<double>(static_cast<std::size_t>(std::max(states, 1)), 1.0 / states));
    m.spec.entropy = entropy;
    m.spec.entropy_parameter = parameter;
    m.spec.chi = chi;
    m.spec.process = process;
    m.spec.throughput_fraction = fraction;
    m.process = io::with_fields(io::simulation_fields(), [&] { return app::make_process(m.spec, {}); });
    return m;
}

/// The piecewise-linear density through (t_i, f_i), zero outside [t_0, t_n], normalized to mass 1,
/// with its exact survival function.
pricing::StoppingLaw tabulated_law(std::vector<double> t, std::vector<double> f, std::vector<double> kinks) {
    BELIEFSIM_CHECK(t.size() >= 2 && t.size() == f.size(), "t",
                    "needs at least 2 nodes and one density per node (got " << t.size() << " and " << f.size() << ")");
    BELIEFSIM_CHECK(t.front() >= 0, "t", "must be >= 0 (stopping times) " << got(t.front()));
    double mass = 0;
    std::vector<double> cumulative{0.0};
    for (std::size_t i = 0; i < t.size(); ++i) {
        BELIEFSIM_CHECK(std::isfinite(f[i]) && f[i] >= 0, "density", "must be finite and >= 0 " << got(f[i]));
        if (i == 0) continue;
        BELIEFSIM_CHECK(t[i] > t[i - 1], "t", "must be strictly increasing (node " << i << ")");
        mass += 0.5 * (f[i] + f[i - 1]) * (t[i] - t[i - 1]);
        cumulative.push_back(mass);
    }
    BELIEFSIM_CHECK(mass > 0, "density", "has no mass");
    for (double& v : f) v /= mass;
    for (double& c : cumulative) c /= mass;
    struct Table {
        std::vector<double> t, f, cumulative;
        // The cell [t_j, t_{j+1}] holding x, or nullopt outside the table.
        [[nodiscard]] std::optional<std::size_t> cell(double x) const {
            if (!(x >= t.front() && x < t.back())) return std::nullopt;
            return static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), x) - t.begin()) - 1;
        }
    };
    auto table = std::make_shared<const Table>(Table{std::move(t), std::move(f), std::move(cumulative)});
    pricing::StoppingLaw law;
    law.density = [table](double x) {
        const auto j = table->cell(x);
        if (!j) return 0.0;
        const double w = (x - table->t[*j]) / (table->t[*j + 1] - table->t[*j]);
        return (1 - w) * table->f[*j] + w * table->f[*j + 1];
    };
    law.survival = [table](double x) {
        if (x < table->t.front()) return 1.0;
        const auto j = table->cell(x);
        if (!j) return 0.0;
        const double h = x - table->t[*j];
        const double slope = (table->f[*j + 1] - table->f[*j]) / (table->t[*j + 1] - table->t[*j]);
        return std::max(0.0, 1 - (table->cumulative[*j] + h * (table->f[*j] + 0.5 * slope * h)));
    };
    law.kinks = std::move(kinks);
    return law;
}

/// The menu of a law and the market data it was built with (the law's functions may be Python
/// callables: the menu is computed with the GIL held).
struct Menu {
    pricing::TokenCapMenu menu;
};

py::dict table_dict(const pricing::MenuTable& t) {
    py::dict d;
    d["r"] = t.r;
    d["time_cap"] = t.time_cap;
    d["token_cap"] = t.token_cap;
    d["price"] = t.price;
    d["marginal_price"] = t.marginal_price;
    d["expected_tokens"] = t.expected_tokens;
    d["surplus"] = t.surplus;
    return d;
}

void bind_entropy(py::module_& m) {
    py::class_<entropy::Entropy>(m, "Entropy", R"doc(
A generalized entropy H on the simplex in Zhong's degree-1 homogeneous normalization
(grad H(mu).mu = H(mu), Hess H(mu) mu = 0) and its Bregman divergence
D(mu'|mu) = H(mu') - H(mu) - grad H(mu).(mu' - mu).

Entropy(name, parameter=None, states=2): name "shannon" | "quadratic" | "tsallis" (parameter q) |
"power" (parameter alpha); `states` is used to check the parameter's rule.
Every method takes beliefs as an array whose last axis holds the states (one belief per row; any
leading shape), each row on the simplex (ValueError otherwise).)doc")
        .def(py::init([](const std::string& name, std::optional<double> parameter, int states) {
                 return entropy::Entropy::from_name(name, parameter, states);
             }),
             arg("name"), arg("parameter") = py::none(), arg("states") = 2)
        .def_property_readonly("name", [](const entropy::Entropy& e) { return std::string(e.name()); })
        .def_property_readonly("parameter", &entropy::Entropy::parameter)
        .def(
            "__call__",
            [](const entropy::Entropy& e, const Array& mu) {
                return each_row(beliefs(mu, "mu"), {}, [&](const Vector& v) { return e.value(v); });
            },
            arg("mu"), "H(mu): shape mu.shape[:-1].")
        .def(
            "gradient",
            [](const entropy::Entropy& e, const Array& mu) {
                const Beliefs b = beliefs(mu, "mu");
                return each_row(b, {b.states}, [&](const Vector& v) { return Vector(e.gradient(v)); });
            },
            arg("mu"), "grad H(mu) (open simplex): the shape of mu.")
        .def(
            "hessian",
            [](const entropy::Entropy& e, const Array& mu) {
                const Beliefs b = beliefs(mu, "mu");
                return each_row(b, {b.states, b.states}, [&](const Vector& v) {
                    const Matrix h = e.hessian(v);
                    return Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>(h);
                });
            },
            arg("mu"), "Hess H(mu) (open simplex): shape mu.shape + (states,).")
        .def(
            "divergence",
            [](const entropy::Entropy& e, const Array& to, const Array& from) {
                const Beliefs a = beliefs(to, "to"), b = beliefs(from, "from");
                BELIEFSIM_CHECK(a.rows.size() == b.rows.size() && a.states == b.states, "to",
                                "must have the shape of {from}");
                std::size_t i = 0;
                return each_row(b, {}, [&](const Vector& v) { return e.divergence(a.rows[i++], v); });
            },
            arg("to"), arg("from"), "D(to|from) (from in the open simplex): shape from.shape[:-1].")
        .def(
            "vertex_divergences",
            [](const entropy::Entropy& e, const Array& mu) {
                const Beliefs b = beliefs(mu, "mu");
                return each_row(b, {b.states}, [&](const Vector& v) { return Vector(e.vertex_divergences(v)); });
            },
            arg("mu"), "D(e_theta|mu) for every state theta, without cancellation: the shape of mu.");
}

void bind_model(py::module_& m) {
    py::class_<Model>(m, "Model", R"doc(
A belief model as a `simulate` config's [model] table gives it, with its exact stopping law.

Model(states=2, prior=None (uniform), entropy="shannon", parameter=None (q or alpha), chi,
      process="greedy" | "diffusion" | "constant-delay", throughput_fraction=1)

Time is in the model's units (chi is the entropy budget per unit time); r is a discount rate per
unit time. The law is the uncapped law of the stopping time tau; `has_law` says whether the
process has one (greedy; constant delay, as an atom; the binary diffusion).)doc")
        .def(py::init(&make_model), arg("states") = 2, arg("prior") = py::none(), arg("entropy") = "shannon",
             arg("parameter") = py::none(), arg("chi"), arg("process") = "greedy", arg("throughput_fraction") = 1.0)
        .def_property_readonly("has_law", [](const Model& self) { return self.process->law().has_value(); })
        .def_property_readonly("source", [](const Model& self) { return self.law().source; })
        .def_property_readonly(
            "mean", [](const Model& self) { return self.law().mean; }, "E[tau]")
        .def_property_readonly(
            "variance", [](const Model& self) { return self.law().variance; }, "Var[tau]")
        .def_property_readonly(
            "terminal",
            [](const Model& self) {
                return std::vector<double>(self.law().terminal.begin(), self.law().terminal.end());
            },
            "P(terminal state = theta), theta = 0..states-1")
        .def_property_readonly("phase_times", [](const Model& self) { return self.law().phase_times; })
        .def_property_readonly(
            "kinks", [](const Model& self) { return self.law().kinks; }, "times where the density is not smooth")
        .def("survival", py::vectorize([](Model& self, double t) { return self.law().survival(t); }), arg("t"),
             "P(tau > t), elementwise")
        .def("density", py::vectorize([](Model& self, double t) {
                 BELIEFSIM_CHECK(self.law().density, "process",
                                 "has an atom, not a density (" << self.spec.process << ")");
                 return self.law().density(t);
             }),
             arg("t"), "f(t), the density of tau, elementwise")
        .def("laplace", py::vectorize([](Model& self, double r) {
                 BELIEFSIM_CHECK(self.law().laplace, "process", "has no Laplace transform in closed form");
                 return self.law().laplace(r);
             }),
             arg("r"), "E[exp(-r tau)], elementwise")
        .def(
            "state_cdf",
            [](const Model& self, const Array& t) {
                BELIEFSIM_CHECK(self.law().state_cdf, "process", "has no per-state law");
                std::vector<py::ssize_t> shape(t.shape(), t.shape() + t.ndim());
                shape.push_back(self.spec.states);
                Array out(shape);
                double* o = out.mutable_data();
                for (py::ssize_t i = 0; i < t.size(); ++i) {
                    const Vector v = self.law().state_cdf(t.data()[i]);
                    std::copy(v.data(), v.data() + v.size(), o + i * self.spec.states);
                }
                return out;
            },
            arg("t"), "P(tau <= t, terminal = theta): shape t.shape + (states,)")
        .def(
            "sample",
            [](const Model& self, std::uint64_t n, std::uint64_t seed) {
                std::vector<double> tau(n);
                std::vector<std::int32_t> state(n);
                {
                    py::gil_scoped_release release;
                    for (std::uint64_t i = 0; i < n; ++i) {
                        auto rng = rng::make_path_rng(seed, i);
                        const process::PathOutcome o = self.process->sample(rng);
                        tau[i] = o.tau;
                        state[i] = o.terminal_state;
                    }
                }
                return py::make_tuple(py::array(py::cast(tau)), py::array(py::cast(state)));
            },
            arg("n"), arg("seed") = 0,
            "(tau, terminal state) of paths 0..n-1 of `seed`, the paths a run with that seed draws")
        .def(
            "stopping_law",
            [](const Model& self) {
                const auto law = app::exact_stopping_law(self.process);
                BELIEFSIM_CHECK(law.has_value(), "process",
                                "has no exact law with a density (" << self.spec.process << " with " << self.spec.states
                                                                    << " states)");
                return pricing::StoppingLaw{law->density, law->survival, law->kinks};
            },
            "The exact law as a StoppingLaw, to price with TokenCapMenu.");
}

void bind_pricing(py::module_& m) {
    py::class_<pricing::TypeDistribution>(m, "TypeDistribution", R"doc(
The law of a buyer's discount rate r on [low, high] (per unit time), as the [types] table of a
`menu` config: TypeDistribution.uniform(low, high), .truncated_normal(low, high, mean, sd),
.beta(low, high, a, b) (scaled onto [low, high]), .tabulated(low, high, r, density)
(piecewise-linear density through the nodes, normalized on [low, high]).)doc")
        .def_static("uniform", &pricing::TypeDistribution::uniform, arg("low"), arg("high"))
        .def_static("truncated_normal", &pricing::TypeDistribution::truncated_normal, arg("low"), arg("high"),
                    arg("mean"), arg("sd"))
        .def_static("beta", &pricing::TypeDistribution::beta, arg("low"), arg("high"), arg("a"), arg("b"))
        .def_static("tabulated", &pricing::TypeDistribution::tabulated, arg("low"), arg("high"), arg("r"),
                    arg("density"))
        .def_property_readonly("low", &pricing::TypeDistribution::low)
        .def_property_readonly("high", &pricing::TypeDistribution::high)
        .def_property_readonly("name", &pricing::TypeDistribution::name)
        .def_property_readonly("log_concave", &pricing::TypeDistribution::log_concave)
        .def("pdf", py::vectorize([](pricing::TypeDistribution& g, double r) { return g.pdf(r); }), arg("r"))
        .def("cdf", py::vectorize([](pricing::TypeDistribution& g, double r) { return g.cdf(r); }), arg("r"))
        .def("quantile", py::vectorize([](pricing::TypeDistribution& g, double u) {
                 BELIEFSIM_CHECK(u >= 0 && u <= 1, "u", "must be in [0, 1] " << got(u));
                 return g.quantile(u);
             }),
             arg("u"));

    py::class_<pricing::Valuation>(m, "Valuation", R"doc(
The valuation q(r) > 0 of learning for type r (Zhong §4), with its derivative:
Valuation(q, dq) from two callables, or Valuation.profile(form, scale, slope, types) as the
[valuation] table of a `menu` config (constant | linear | exponential | power).)doc")
        .def(py::init([](std::function<double(double)> q, std::function<double(double)> dq) {
                 return pricing::Valuation{std::move(q), std::move(dq)};
             }),
             arg("q"), arg("dq"))
        .def_static("profile", &pricing::valuation_profile, arg("form"), arg("scale"), arg("slope"), arg("types"));

    py::class_<pricing::StoppingLaw>(m, "StoppingLaw", R"doc(
The law of the stopping time tau of the model sold (time in the model's units):
StoppingLaw(density, survival, kinks=()) from two callables t -> f(t) and t -> P(tau > t) (called
from C++ with the GIL held), StoppingLaw.exponential(rate), StoppingLaw.tabulated(t, density,
kinks=()) (the piecewise-linear density through the nodes, zero outside them, normalized to mass 1,
with its exact survival), or Model.stopping_law(). `kinks`: times where the density is not smooth,
where the quadrature splits.)doc")
        .def(py::init([](std::function<double(double)> density, std::function<double(double)> survival,
                         std::vector<double> kinks) {
                 return pricing::StoppingLaw{std::move(density), std::move(survival), std::move(kinks)};
             }),
             arg("density"), arg("survival"), arg("kinks") = std::vector<double>{})
        .def_static("exponential", &pricing::exponential_law, arg("rate"))
        .def_static("tabulated", &tabulated_law, arg("t"), arg("density"), arg("kinks") = std::vector<double>{})
        .def("density", py::vectorize([](pricing::StoppingLaw& l, double t) { return l.density(t); }), arg("t"))
        .def("survival", py::vectorize([](pricing::StoppingLaw& l, double t) { return l.survival(t); }), arg("t"))
        .def_readonly("kinks", &pricing::StoppingLaw::kinks);

    // py::vectorize passes the object through a void* array, so it takes it by non-const reference.
    const auto vectorized = [](double (pricing::TokenCapMenu::*f)(double) const) {
        return py::vectorize([f](Menu& self, double r) { return (self.menu.*f)(r); });
    };
    py::class_<Menu>(m, "TokenCapMenu", R"doc(
The optimal token-cap menu (Zhong Definition 2, Theorem 1, §4) for a stopping law, a type
distribution, the price per unit of time chi and a valuation: type r buys the cap T(r) (tokens
chi T(r)) at price P(r); utility q(r) D(r, T) - P with D(r, T) = int_0^T e^{-rt} f(t) dt.

TokenCapMenu(law, types, chi, valuation=None (q = 1), iron_cells=2048). Per-type methods take
scalars or arrays of r in [low, high]. Prices and revenue are in the valuation's units (q = 1: the
value of learning at once).)doc")
        .def(py::init([](pricing::StoppingLaw law, pricing::TypeDistribution types, double chi,
                         std::optional<pricing::Valuation> valuation, std::size_t iron_cells) {
                 return Menu{pricing::TokenCapMenu(
                     pricing::Market(std::move(types), std::move(law), chi, valuation.value_or(pricing::Valuation{})),
                     iron_cells)};
             }),
             arg("law"), arg("types"), arg("chi"), arg("valuation") = py::none(), arg("iron_cells") = 2048)
        .def("time_cap", vectorized(&pricing::TokenCapMenu::time_cap), arg("r"), "T(r) (0: excluded)")
        .def("token_cap", vectorized(&pricing::TokenCapMenu::token_cap), arg("r"), "chi T(r)")
        .def(
            "price",
            [](const Menu& self, const Array& r) -> py::object {
                // One pass over the sorted caps for all types (TokenCapMenu::prices).
                const std::vector<double> p = self.menu.prices(std::span<const double>(r.data(), r.size()));
                if (r.ndim() == 0) return py::float_(p.front());
                Array out(std::vector<py::ssize_t>(r.shape(), r.shape() + r.ndim()));
                std::copy(p.begin(), p.end(), out.mutable_data());
                return out;
            },
            arg("r"), "P(r)")
        .def("surplus", vectorized(&pricing::TokenCapMenu::surplus), arg("r"), "q D - P: the buyer's rent")
        .def("marginal_price", vectorized(&pricing::TokenCapMenu::marginal_price), arg("r"), "dP/d(chi T) per token")
        .def("expected_tokens", vectorized(&pricing::TokenCapMenu::expected_tokens), arg("r"), "chi E[min(tau, T)]")
        .def(
            "revenue", [](const Menu& self) { return self.menu.revenue(); }, "int g P over served types")
        .def(
            "revenue_virtual", [](const Menu& self) { return self.menu.revenue_virtual(); },
            "the revenue by the virtual-value route (the same number, another quadrature)")
        .def_property_readonly("ironed", [](const Menu& self) { return self.menu.ironed(); })
        .def_property_readonly(
            "served_high", [](const Menu& self) { return self.menu.served_high(); }, "the highest type served")
        .def(
            "table",
            [](const Menu& self, const std::vector<double>& r) { return table_dict(pricing::tabulate(self.menu, r)); },
            arg("r"), "The /menu columns of a `menu` file on the types r, as a dict of arrays.")
        .def(
            "audit",
            [](const Menu& self, std::size_t points) {
                const pricing::AuditReport a = pricing::audit(self.menu, points);
                py::dict d;
                d["max_ic_violation"] = a.max_ic_violation;
                d["max_ir_violation"] = a.max_ir_violation;
                d["worst_ic_type"] = a.worst_ic_type;
                d["worst_ic_item"] = a.worst_ic_item;
                d["worst_ir_type"] = a.worst_ir_type;
                return d;
            },
            arg("points") = 201, "Global IC/IR audit on `points` equally spaced types: every type against every item.")
        .def(
            "revenue_monte_carlo",
            [](const Menu& self, const std::vector<double>& tau) {
                const estimators::Estimate e = pricing::revenue_monte_carlo(self.menu, tau);
                return py::make_tuple(e.value, e.std_error);
            },
            arg("tau"), "(revenue, standard error) from stopping-time samples of the law");
}

} // namespace

void add_library(py::module_& m) {
    bind_entropy(m);
    bind_model(m);
    bind_pricing(m);
}

} // namespace beliefsim::python
