"""beliefsim HDF5 files as xarray Datasets (or dicts of numpy arrays without xarray), and the
results of a run, which hold the C++ result and write the file the CLI writes."""

import os
import shlex
import shutil
import sys
import tempfile

from . import _core

# h5py, numpy and xarray are imported when a file is read: `import beliefsim` stays fast for
# scripts that only run and write.


def _xarray():
    try:
        import xarray
    except ImportError:  # the dict-of-arrays fallback of `open`
        return None
    return xarray


def _attrs(obj):
    import numpy as np

    out = {}
    for key, value in obj.attrs.items():
        if isinstance(value, bytes):
            value = value.decode()
        elif isinstance(value, np.ndarray) and value.dtype.kind in "OS":
            value = [v.decode() if isinstance(v, bytes) else v for v in value.tolist()]
        out[key] = value
    return out


def _read(dataset):
    if dataset.dtype.kind in "OS":
        return dataset.asstr()[()]
    return dataset[()]


class Groups(dict):
    """The groups of a beliefsim file by path ("stopping_time", "stopping_time/exact", "menu", ...):
    each an xarray.Dataset (its datasets, with their dimension scales as coordinates, and its
    attributes), or without xarray a dict of numpy arrays with the attributes under "attrs".
    `attrs` holds the file's root attributes (provenance)."""

    attrs: dict

    def __repr__(self):
        return f"<beliefsim file: groups {', '.join(self)}>"


def open(path):  # noqa: A001: the module's open, as xarray.open_dataset reads one group
    """Reads any beliefsim HDF5 file (simulate, menu, bbs, ttc, reproduce, sweep, convergence) into
    memory: a dict of its groups, see `Groups`. With xarray (engine h5netcdf) each group is a
    Dataset; times, rates and prices are left as stored (no CF time decoding)."""
    import h5py
    path = os.fspath(path)
    xr = _xarray()
    names = []
    with h5py.File(path, "r") as f:
        root = _attrs(f)
        f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Group) else None)
        if xr is None:
            groups = Groups()
            for name in names:
                group = f[name]
                content = {k: _read(v) for k, v in group.items() if isinstance(v, h5py.Dataset)}
                content["attrs"] = _attrs(group)
                groups[name] = content
            groups.attrs = root
            return groups
    groups = Groups()
    for name in names:
        with xr.open_dataset(path, group=name, engine="h5netcdf", decode_times=False,
                              decode_timedelta=False) as ds:
            groups[name] = ds.load()
    groups.attrs = root
    return groups


class Result:
    """A finished run: the C++ result and the config it ran from. `write(path)` writes the file the
    CLI writes for the same config; `groups` is that file's content (see `open`), `summary` its
    headline numbers (the columns a sweep's /summary has for a point, e.g. "stopping_time.mean",
    "menu.revenue"), `config` the TOML text as run. `result["menu"]` is `result.groups["menu"]`.
    Groups and summary come from writing the file once to a temporary directory."""

    def __init__(self, command, run):
        self.command = command
        self._run = run
        self._groups = None
        self._summary = None

    @property
    def config(self):
        return self._run.config

    def write(self, path):
        """Writes the run's HDF5 file to `path` (atomically; an existing file is replaced)."""
        write(self, path)

    def _load(self):
        directory = tempfile.mkdtemp(prefix="beliefsim-")
        try:
            path = os.path.join(directory, f"{self.command}.h5")
            self.write(path)
            self._groups = open(path)
            try:
                self._summary = dict(_core.point_results(path))
            except RuntimeError:  # reproduce files have no point results
                self._summary = {}
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    @property
    def groups(self):
        if self._groups is None:
            self._load()
        return self._groups

    @property
    def summary(self):
        if self._summary is None:
            self._load()
        return self._summary

    def __getitem__(self, group):
        return self.groups[group]

    def __repr__(self):
        # What a notebook shows: the groups, and the first headline numbers of the summary.
        headline = [f"{key} = {value:.6g}" for key, value in self.summary.items()
                    if isinstance(value, float) and not key.endswith("_stderr")][:6]
        lines = [f"<beliefsim {self.command} result: groups {', '.join(self.groups)}"]
        lines += [f"  {line}" for line in headline]
        return "\n".join(lines) + ">"


def write(result, path):
    """Writes `result` (of simulate, menu, bbs, ttc or reproduce) to `path`: the same file as the CLI
    for the same config and seed; written under a temporary name and renamed, so `path` is whole or
    absent. An existing file is replaced. ValueError when the directory does not exist."""
    record_invocation(result.command)
    result._run.write(os.fspath(path))


def record_invocation(command):
    """The command_line attribute of the files written next: this script and the function."""
    _core.record_invocation(shlex.join([sys.executable, *sys.argv]) + f"  # beliefsim.{command} (Python)")
