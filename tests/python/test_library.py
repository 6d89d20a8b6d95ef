"""The library objects: entropies, a model's exact law, token-cap menus from user laws."""

import numpy as np
import pytest

import beliefsim


def test_entropy_identities_on_arrays():
    rng = np.random.default_rng(1)
    for name, parameter, states in [("shannon", None, 3), ("quadratic", None, 3), ("tsallis", 1.5, 3),
                                    ("power", 2.0, 2)]:
        mu = rng.dirichlet(np.arange(1, states + 1), size=(4, 5))
        h = beliefsim.Entropy(name, parameter, states=states)
        H, grad, hess = h(mu), h.gradient(mu), h.hessian(mu)
        assert H.shape == (4, 5) and grad.shape == (4, 5, states) and hess.shape == (4, 5, states, states)
        # Degree-1 homogeneity: grad H . mu = H and Hess H mu = 0.
        np.testing.assert_allclose((grad * mu).sum(-1), H, atol=1e-12)
        np.testing.assert_allclose(np.einsum("...ij,...j->...i", hess, mu), 0, atol=1e-10)
        other = rng.dirichlet(np.ones(states), size=(4, 5))
        assert (h.divergence(other, mu) >= -1e-12).all()
    shannon = beliefsim.Entropy("shannon")
    np.testing.assert_allclose(shannon.vertex_divergences(mu), -np.log(mu), rtol=1e-12)
    with pytest.raises(ValueError, match="^mu: must lie on the simplex"):
        shannon([0.5, 0.6])
    with pytest.raises(ValueError, match="^entropy: "):
        beliefsim.Entropy("renyi")


def test_model_exact_law_on_arrays():
    model = beliefsim.Model(states=2, prior=[0.5, 0.5], entropy="quadratic", chi=0.125)
    t = np.linspace(0, 20, 41)
    r = np.array([0.1, 1.0, 2.0])
    np.testing.assert_allclose(model.survival(t), np.exp(-t / 2), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(model.density(t), np.exp(-t / 2) / 2, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(model.laplace(r), 0.5 / (0.5 + r), rtol=1e-9)
    assert model.state_cdf(t).shape == (41, 2)
    assert model.mean == pytest.approx(2.0)
    tau, theta = model.sample(20_000, seed=3)
    assert abs(tau.mean() - 2.0) < 4 * 2.0 / np.sqrt(20_000)
    assert set(np.unique(theta)) == {0, 1}
    with pytest.raises(ValueError, match=r"^model\.chi: "):
        beliefsim.Model(chi=-1.0)


ZHONG_REVENUE = 0.201981  # Zhong §3.1, as printed


def test_menu_from_model_from_callables_and_from_arrays():
    types = beliefsim.TypeDistribution.uniform(1.0, 2.0)
    model = beliefsim.Model(states=2, prior=[0.5, 0.5], entropy="quadratic", chi=0.125)
    by_model = beliefsim.TokenCapMenu(model.stopping_law(), types, chi=0.125)
    assert by_model.revenue() == pytest.approx(ZHONG_REVENUE, abs=1e-6)
    # A law computed elsewhere: Python callables.
    law = beliefsim.StoppingLaw(density=lambda t: 0.5 * np.exp(-0.5 * t), survival=lambda t: np.exp(-0.5 * t))
    by_callables = beliefsim.TokenCapMenu(law, types, chi=0.125)
    assert by_callables.revenue() == pytest.approx(ZHONG_REVENUE, abs=1e-6)
    # ... or a table of the density.
    t = np.linspace(0, 80, 4001)
    by_table = beliefsim.TokenCapMenu(beliefsim.StoppingLaw.tabulated(t, 0.5 * np.exp(-0.5 * t)), types, chi=0.125)
    assert by_table.revenue() == pytest.approx(ZHONG_REVENUE, abs=1e-5)
    r = np.linspace(1, 2, 11)
    np.testing.assert_allclose(by_callables.price(r), by_model.price(r), rtol=1e-7)
    # Zhong §3.1: T(r) = g/G = 1/(r - 1).
    np.testing.assert_allclose(by_model.time_cap(r[1:]), 1 / (r[1:] - 1), rtol=1e-9)
    table = by_model.table(r)
    np.testing.assert_allclose(table["token_cap"], 0.125 * np.asarray(table["time_cap"]))
    assert by_model.audit(51)["max_ic_violation"] < 1e-8
    value, stderr = by_model.revenue_monte_carlo(model.sample(20_000, seed=1)[0])
    assert abs(value - ZHONG_REVENUE) < 5 * stderr


def test_menu_errors_and_python_exceptions_pass_through():
    types = beliefsim.TypeDistribution.uniform(1.0, 2.0)
    with pytest.raises(ValueError, match="^chi: "):
        beliefsim.TokenCapMenu(beliefsim.StoppingLaw.exponential(0.5), types, chi=0.0)

    def broken(t):
        raise ZeroDivisionError("from the user's law")

    with pytest.raises(ZeroDivisionError, match="user's law"):
        beliefsim.TokenCapMenu(beliefsim.StoppingLaw(broken, broken), types, chi=0.125).revenue()


def test_help_explains_units_and_conventions():
    assert "token_cap" in beliefsim.menu.__doc__ and "per token" in beliefsim.menu.__doc__
    assert "Laplace" in beliefsim.Model.laplace.__doc__ or "exp(-r tau)" in beliefsim.Model.laplace.__doc__
    assert "D(r, T)" in beliefsim.TokenCapMenu.__doc__


def test_to_toml_round_trips():
    import tomllib
    config = {"model": {"chi": 0.1, "prior": [0.25, 0.75], "entropy": "shannon"},
              "sweep": {"model.chi": [0.1, 0.2]},
              "synthetic": {"providers": [{"name": "a", "skill": 1.0}, {"name": "b", "skill": 2.0}]},
              "flag": True}
    assert tomllib.loads(beliefsim.to_toml(config)) == config
