"""The commands from Python: paper numbers, the CLI's files bitwise, threads, errors, Ctrl-C."""

import os
import signal
import subprocess
import threading
import time

import numpy as np
import pytest

import beliefsim
from conftest import assert_same_datasets, datasets


def test_zhong_binary_menu_revenue(source_dir):
    # Zhong §3.1: revenue 0.201981 (SPEC §5 as printed), families 1/2 e^{-3} and sech(2 sqrt 2).
    result = beliefsim.menu(source_dir / "experiments/menu/binary.toml", paths=20_000)
    assert result.summary["menu.revenue"] == pytest.approx(0.201981, abs=1e-6)
    assert result["menu"].attrs["revenue"] == result.summary["menu.revenue"]
    assert result["menu"]["price"].dims == ("r",)
    assert result["menu"].attrs["max_ic_violation"] < 1e-8
    assert result["menu/families/constant_delay"].attrs["revenue"] == pytest.approx(0.5 * np.exp(-3), abs=1e-6)


def test_zhong_binary_reproduction():
    rep = beliefsim.reproduce("zhong-binary")
    assert len(rep.numbers) > 5
    assert all(n["agrees"] for n in rep.numbers), [n for n in rep.numbers if not n["agrees"]]
    revenue = [n for n in rep.numbers if "revenue" in n["quantity"]]
    assert revenue and revenue[0]["paper"] == pytest.approx(0.201981)


def test_bbs_example1(source_dir):
    # BBS Example 1: allocations R* = 139/480, Pi* = 97/960; packages R* = 139/540, Pi* = 97/1080.
    result = beliefsim.bbs(source_dir / "experiments/bbs/example1.toml", monte_carlo__samples=0)
    s = result.summary
    assert s["bbs.allocations.revenue"] == pytest.approx(139 / 480, abs=1e-9)
    assert s["bbs.allocations.profit"] == pytest.approx(97 / 960, abs=1e-9)
    assert s["bbs.packages.revenue"] == pytest.approx(139 / 540, abs=1e-9)
    assert s["bbs.packages.profit"] == pytest.approx(97 / 1080, abs=1e-9)


def run_cli(exe, *args):
    done = subprocess.run([exe, *map(str, args)], capture_output=True, text=True)
    return done.returncode, done.stderr


@pytest.mark.parametrize("threads", [1, 2])
def test_simulate_equals_cli_file(exe, tmp_path, zhong_binary, threads):
    zhong_binary["estimators"] = {"raw_samples": 1000}
    config = tmp_path / "zhong.toml"
    config.write_text(beliefsim.to_toml(zhong_binary))
    status, err = run_cli(exe, "simulate", config, "-o", tmp_path / "cli.h5", "--quiet", "--seed", 7, "--threads", 2,
                          "--set", "model.chi=0.25")
    assert status == 0, err
    result = beliefsim.simulate(config, seed=7, threads=threads, model__chi=0.25)
    result.write(tmp_path / "python.h5")
    assert_same_datasets(tmp_path / "cli.h5", tmp_path / "python.h5")
    # The groups are the file's: the same numbers in xarray.
    mean = datasets(tmp_path / "cli.h5")["stopping_time/mean"]
    assert result["stopping_time"]["mean"].values == mean
    assert result.summary["stopping_time.mean"] == mean


def test_menu_equals_cli_file(exe, tmp_path, source_dir):
    status, err = run_cli(exe, "menu", source_dir / "experiments/menu/binary.toml", "-o", tmp_path / "cli.h5",
                          "--quiet", "--paths", 5000, "--threads", 1)
    assert status == 0, err
    beliefsim.menu(source_dir / "experiments/menu/binary.toml", paths=5000, threads=2, output=tmp_path / "py.h5")
    assert_same_datasets(tmp_path / "cli.h5", tmp_path / "py.h5")


def test_bbs_equals_cli_file(exe, tmp_path, source_dir):
    config = source_dir / "experiments/bbs/example1.toml"
    status, err = run_cli(exe, "bbs", config, "-o", tmp_path / "cli.h5", "--quiet", "--threads", 2, "--seed", 5,
                          "--set", "monte_carlo.samples=20000")
    assert status == 0, err
    beliefsim.bbs(config, threads=1, seed=5, monte_carlo__samples=20000, output=tmp_path / "py.h5")
    assert_same_datasets(tmp_path / "cli.h5", tmp_path / "py.h5")


def test_threads_do_not_change_results(tmp_path, zhong_binary):
    for threads in (1, 2):
        beliefsim.simulate(zhong_binary, threads=threads, paths=50_000, output=tmp_path / f"{threads}.h5")
    assert_same_datasets(tmp_path / "1.h5", tmp_path / "2.h5")


def test_bad_dict_names_the_field_as_the_cli_does(exe, tmp_path, zhong_binary):
    zhong_binary["model"]["chi"] = -1.0
    zhong_binary["model"]["prior"] = [0.6, 0.3]
    with pytest.raises(ValueError) as error:
        beliefsim.simulate(zhong_binary)
    assert isinstance(error.value, beliefsim.ConfigError)
    fields = [field for field, _ in error.value.errors]
    assert "model.chi" in fields and "model.prior" in fields
    config = tmp_path / "bad.toml"
    config.write_text(beliefsim.to_toml(zhong_binary))
    status, err = run_cli(exe, "simulate", config, "-o", tmp_path / "out.h5")
    assert status == 2
    assert err.strip().splitlines() == [f"error: {line}" for line in str(error.value).splitlines()]


def test_bad_override_and_unknown_key(zhong_binary):
    with pytest.raises(ValueError, match=r"^model\.chi: must be a number \(got string\)$"):
        beliefsim.simulate(zhong_binary, model__chi="fast")
    with pytest.raises(ValueError, match="simulation.pathz"):
        beliefsim.simulate(zhong_binary, simulation__pathz=10)
    with pytest.raises(ValueError, match=r"^--paths: "):
        beliefsim.simulate(zhong_binary, paths=0)
    with pytest.raises(ValueError, match=r"^--seed: must be >= 0 \(got -1\)$"):
        beliefsim.simulate(zhong_binary, seed=-1)
    with pytest.raises(ValueError, match="^name: "):
        beliefsim.reproduce("no-such-example")


def test_missing_output_directory_is_bad_input(tmp_path, zhong_binary):
    with pytest.raises(ValueError, match="^--output: directory"):
        beliefsim.simulate(zhong_binary, paths=10, output=tmp_path / "missing" / "out.h5")


def test_ctrl_c_raises_keyboard_interrupt_and_writes_nothing(tmp_path, zhong_binary):
    zhong_binary["simulation"]["paths"] = 10**10  # hours: only Ctrl-C ends it
    out = tmp_path / "long.h5"
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    start = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            beliefsim.simulate(zhong_binary, output=out)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 30
    assert list(tmp_path.iterdir()) == []


def test_progress_callback_sees_every_path(zhong_binary):
    seen = []
    beliefsim.simulate(zhong_binary, paths=100_000, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (100_000, 100_000)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))


def test_exact_law_matches_model_and_closed_form(zhong_binary):
    law = beliefsim.exact_law(zhong_binary)
    t = law["t"].values
    # tau ~ Exp(1/2) (Zhong §3.1).
    np.testing.assert_allclose(law["survival"].values, np.exp(-t / 2), rtol=1e-8, atol=1e-12)
    assert law.attrs["mean"] == pytest.approx(2.0, rel=1e-8)
    model = beliefsim.Model(states=2, prior=[0.5, 0.5], entropy="quadratic", chi=0.125)
    np.testing.assert_allclose(model.survival(t), law["survival"].values, rtol=1e-12)
    with pytest.raises(ValueError, match="^model.process: has no exact stopping law"):
        beliefsim.exact_law(zhong_binary, model__states=3, model__prior="uniform", model__process="diffusion")


def test_sweep_summary_as_dataframe(tmp_path, zhong_binary):
    zhong_binary["simulation"]["paths"] = 2000
    zhong_binary["sweep"] = {"model.chi": [0.1, 0.2, 0.4]}
    table = beliefsim.sweep(zhong_binary, tmp_path / "sweep.h5")
    assert list(table["model.chi"]) == [0.1, 0.2, 0.4]
    # tau scales as 1/chi: E[tau] = 0.25 / chi here.
    np.testing.assert_allclose(table["exact.mean"], 0.25 / table["model.chi"], rtol=1e-8)
    assert "sweep" in beliefsim.open(tmp_path / "sweep.h5")


def test_open_reads_every_group_of_a_cli_file(exe, tmp_path, source_dir):
    status, err = run_cli(exe, "ttc", source_dir / "experiments/ttc/default.toml", "-o", tmp_path / "ttc.h5",
                          "--quiet")
    assert status == 0, err
    groups = beliefsim.open(tmp_path / "ttc.h5")
    assert groups.attrs["tool"] == "beliefsim"
    assert "provider" in groups["ttc/equilibrium"].coords
    assert groups["ttc/curves"]["accuracy"].dims == ("provider", "theta")


def test_ttc_from_python_equals_cli(exe, tmp_path, source_dir):
    config = source_dir / "experiments/ttc/default.toml"
    status, err = run_cli(exe, "ttc", config, "-o", tmp_path / "cli.h5", "--quiet")
    assert status == 0, err
    beliefsim.ttc(config, output=tmp_path / "py.h5")
    assert_same_datasets(tmp_path / "cli.h5", tmp_path / "py.h5")


def test_a_long_run_releases_the_gil(zhong_binary):
    # While the run computes, this thread keeps running: its longest stall is a small part of the run
    # (holding the GIL would stall it for the whole run).
    done = threading.Event()
    worker = threading.Thread(target=lambda: (beliefsim.simulate(zhong_binary, paths=2 * 10**7), done.set()))
    start = last = time.monotonic()
    longest = 0.0
    worker.start()
    while not done.is_set():
        now = time.monotonic()
        longest, last = max(longest, now - last), now
    worker.join()
    run = time.monotonic() - start
    assert run > 0.3 and longest < run / 3, (longest, run)


def test_open_without_xarray_gives_dicts_of_arrays(tmp_path, zhong_binary, monkeypatch):
    beliefsim.simulate(zhong_binary, paths=1000, output=tmp_path / "run.h5")
    monkeypatch.setattr(beliefsim._files, "_xarray", lambda: None)
    groups = beliefsim.open(tmp_path / "run.h5")
    assert isinstance(groups["stopping_time"]["mean"], np.floating)
    assert groups["model"]["attrs"]["chi"] == 0.125
    assert groups["provenance"]["config"] == beliefsim.to_toml(zhong_binary)


def test_exact_law_is_laid_out_as_the_file_group(zhong_binary):
    run = beliefsim.simulate(zhong_binary, paths=100)
    law = beliefsim.exact_law(zhong_binary)
    exact = run["stopping_time/exact"]
    for name in exact.data_vars:
        assert law[name].dims == exact[name].dims, name
        assert (law[name].values == exact[name].values).all(), name


def test_ctrl_c_stops_a_sweep_at_once_keeping_finished_points(tmp_path, zhong_binary):
    # A quick point, then one that runs until Ctrl-C abandons it.
    zhong_binary["sweep"] = {"simulation.paths": [1000, 10**10]}
    out = tmp_path / "sweep.h5"
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            beliefsim.sweep(zhong_binary, out)
    finally:
        timer.cancel()
    assert not out.exists()
    left = sorted(p.name for p in (tmp_path / "sweep.h5.points").iterdir())
    assert len(left) == 1 and left[0].endswith(".h5")  # the finished point; no temporary file
    zhong_binary["sweep"] = {"simulation.paths": [1000]}
    report = beliefsim.sweep(zhong_binary, out, resume=True)  # the finished point is reused
    assert len(report) == 1 and out.exists()
