"""Shared fixtures of the Python module's tests (run by CTest: `ctest -R python`): the CLI
executable and the source tree come from the environment CTest sets (BELIEFSIM_EXE,
BELIEFSIM_SOURCE_DIR); PYTHONPATH points at the build tree's package."""

import os
import pathlib

import h5py
import numpy as np
import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("BELIEFSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def exe():
    path = os.environ.get("BELIEFSIM_EXE", str(SOURCE_DIR / "build/release/beliefsim"))
    if not os.path.exists(path):
        pytest.fail(f"no CLI executable at {path} (set BELIEFSIM_EXE)")
    return path


@pytest.fixture(scope="session")
def source_dir():
    return SOURCE_DIR


# Zhong §3.1's binary example: greedy, quadratic entropy, prior 1/2, chi = 1/8 (tau ~ Exp(1/2)).
ZHONG_BINARY = {
    "model": {"states": 2, "prior": [0.5, 0.5], "entropy": "quadratic", "chi": 0.125, "process": "greedy"},
    "simulation": {"paths": 20_000, "seed": 42},
}


@pytest.fixture
def zhong_binary():
    return {table: dict(values) for table, values in ZHONG_BINARY.items()}


def datasets(path):
    """{dataset path: numpy value} of every dataset in an HDF5 file."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def assert_same_datasets(a, b, skip=()):
    """Every dataset of the two files bitwise equal (NaN where NaN), the same names."""
    left, right = datasets(a), datasets(b)
    assert sorted(left) == sorted(right)
    for name in left:
        if name in skip:
            continue
        x, y = np.asarray(left[name]), np.asarray(right[name])
        assert x.dtype == y.dtype and x.shape == y.shape, name
        if x.dtype.kind == "O":  # strings: compare the text, not the objects' addresses
            assert x.tolist() == y.tolist(), f"{name} differs"
        else:
            assert x.tobytes() == y.tobytes(), f"{name} differs"
