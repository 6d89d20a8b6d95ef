#!/usr/bin/env python3
"""Fuzzed example configs (issue 16, "Must show"): a few hundred mutations of the shipped configs
in experiments/, each run by its command with a fixed seed and a small budget.

Usage: check_fuzz.py PATH/TO/beliefsim PROJECT_SOURCE_DIR [RUNS [TIMEOUT]]

Each example is first made cheap (few paths, samples, replicates, points), then mutated one to
three times: a number scaled by 10^k, its sign flipped, replaced by an extreme (0, 1e-300, 1e308,
nan, inf) or by another type, or a key deleted. Size keys (path and sample counts, grid sizes)
only shrink, so every run stays short. Every run must: end within TIMEOUT seconds (a timeout is a
hang); exit 0, 2 or 3 (never a signal, never 1); on exit 0 write a file with no NaN or inf in any
float dataset whose `description` does not say NaN or inf is meaningful; on exit 2 or 3 leave
nothing behind (no output, no temporary, no sweep points). Prints every failure with its config,
then "N passed, M failed".
"""
import concurrent.futures
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

from e2e_support import check, tally

SEED = 16
RUNS = 400
TIMEOUT = 20

# Known failures, all numeric (issue 16's other half: overflow bounds, cliffs, error texts), as
# (example, mutations) of this seed. Remove each once fixed (the run says when one passes); empty
# is the goal.
# Keys whose value sets the run's size: they only shrink.
SIZE_KEYS = {"paths", "samples", "replicates", "points", "count", "max_points", "intervals", "figure_points",
             "scale_points", "cells", "bins", "ecdf_points", "exact_points", "histogram_bins", "raw_samples",
             "assumption_points", "levels", "ecdf_times"}
# The cheap versions of the examples: (section, key) -> value.
CHEAP = {("simulation", "paths"): "300", ("audit", "paths"): "100", ("convergence", "paths"): "2000",
         ("monte_carlo", "samples"): "2000", ("menus", "points"): "21", ("menus", "figure_points"): "41",
         ("menus", "scale_points"): "11", ("menus", "cells"): "64", ("curves", "replicates"): "5",
         ("beta_sweep", "points"): "10", ("sample_paths", "count"): "2"}
EXTREMES = ["0", "1", "-1", "1e-300", "1e308", "nan", "inf", "-inf", "5e-324", "9223372036854775807"]
OTHER_TYPES = ['"x"', "true", "[1, 2]", "{a = 1}", '""']

NUMBER = re.compile(r"(?<![\w.\"-])([-+]?(?:\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|nan|inf))(?![\w.\"])")


def command_of(text):
    """The command a config runs, as `validate` tells them apart."""
    tables = set(re.findall(r"^\[(\w+)\]", text, flags=re.M))
    if "sweep" in tables:
        return "sweep"
    if "convergence" in tables:
        return "convergence"
    if "technology" in tables:
        return "bbs"
    if "data" in tables or "market" in tables:
        return "ttc"
    return "menu" if "types" in tables else "simulate"


def cheap(text, source):
    """The example with a small budget and data paths made absolute."""
    lines, section = [], ""
    for line in text.splitlines():
        header = re.match(r"^\[(\w+)\]", line)
        if header:
            section = header.group(1)
        key = re.match(r"^\s*(\w+)\s*=", line)
        if key and (section, key.group(1)) in CHEAP:
            line = f"{key.group(1)} = {CHEAP[(section, key.group(1))]}"
        lines.append(line.replace('"../../data/', f'"{source}/data/'))
    return "\n".join(lines) + "\n"


def value_lines(text):
    """Indices of `key = value` lines (the places a mutation may touch), with their key."""
    out = []
    for i, line in enumerate(text.splitlines()):
        m = re.match(r'^\s*("?[\w.]+"?)\s*=', line)
        if m:
            out.append((i, m.group(1).strip('"').split(".")[-1]))
    return out


def mutate(text, rng):
    """One mutation of `text`: (new text, what was done)."""
    lines = text.splitlines()
    places = value_lines(text)
    i, key = rng.choice(places)
    line = lines[i]
    head, _, value = line.partition("=")
    kind = rng.choice(["scale", "scale", "sign", "extreme", "type", "delete"])
    numbers = list(NUMBER.finditer(value))
    if kind == "delete" or (kind != "type" and not numbers):
        lines[i] = ""
        return "\n".join(lines) + "\n", f"delete {key}"
    if kind == "type":
        lines[i] = f"{head}= {rng.choice(OTHER_TYPES)}"
        return "\n".join(lines) + "\n", f"{key}: {lines[i].strip()}"
    m = rng.choice(numbers)
    old = m.group(1)
    if kind == "scale":
        k = rng.choice([-300, -12, -6, -3, -1, 1, 3, 6, 12, 300])
        if key in SIZE_KEYS and k > 0:
            k = 1 if rng.random() < 0.5 else -k
        try:
            x = float(old.replace("_", ""))
        except ValueError:
            x = 1.0
        integer = re.fullmatch(r"[-+]?[\d_]+", old) is not None
        new = str(int(x * 10.0**k)) if integer and k > 0 else repr(x * 10.0**k)
    elif kind == "sign":
        new = old[1:] if old.startswith("-") else "-" + old
    else:
        new = rng.choice(EXTREMES)
        if key in SIZE_KEYS and new in ("1e308", "inf", "9223372036854775807"):
            new = "0"
    value = value[:m.start(1)] + new + value[m.end(1):]
    lines[i] = f"{head}={value}"
    return "\n".join(lines) + "\n", f"{key}: {old} -> {new}"


def meaningful_nonfinite(obj):
    """True when a dataset's description says NaN or inf is meaningful there."""
    description = obj.attrs.get("description", b"")
    description = description.decode() if isinstance(description, bytes) else str(description)
    return re.search(r"\b(NaN|inf)\b", description) is not None


def nonfinite_datasets(path):
    """Float datasets holding NaN or inf that their description does not allow."""
    bad = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "f" and not meaningful_nonfinite(obj):
                if not np.all(np.isfinite(obj[()])):
                    bad.append(name)
        f.visititems(visit)
    return bad


def run_one(exe, workdir, index, example, text, mutation):
    """Runs one fuzzed config in its own directory; a list of failures (empty: passed)."""
    directory = workdir / f"{index:04d}"
    directory.mkdir()
    config = directory / "config.toml"
    config.write_text(text)
    out = directory / "out.h5"
    command = command_of(text)
    args = [str(exe), command, str(config), "-o", str(out), "--quiet", "--threads", "1"]
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, cwd=directory)
    except subprocess.TimeoutExpired:
        return [f"hang (over {TIMEOUT} s)"]
    failures = []
    if r.returncode not in (0, 2, 3):
        failures.append(f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
    elif r.returncode == 0:
        left = sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))
        if left:
            failures.append(f"exit 0 left {left}")
        bad = nonfinite_datasets(out) if out.exists() else ["(no output)"]
        if bad:
            failures.append(f"NaN/inf without a description saying so in {bad[:5]}")
    else:
        left = sorted(p.name for p in directory.iterdir() if p.name not in ("config.toml",))
        if left:
            failures.append(f"exit {r.returncode} left {left}")
        if not r.stderr.startswith("error"):
            failures.append(f"exit {r.returncode} without an error line: {r.stderr.strip()[:200]}")
    return failures


def main():
    exe, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else RUNS
    global TIMEOUT
    TIMEOUT = float(sys.argv[4]) if len(sys.argv) > 4 else TIMEOUT
    rng = random.Random(SEED)
    examples = sorted((source / "experiments").glob("*/*.toml"))
    cases = []
    for index in range(runs):
        example = examples[index % len(examples)]
        text = cheap(example.read_text(), source)
        done = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            text, what = mutate(text, rng)
            done.append(what)
        cases.append((index, example.relative_to(source), text, "; ".join(done)))
    counts = {}
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = {pool.submit(run_one, exe, Path(tmp), *case): case for case in cases}
        for future in concurrent.futures.as_completed(futures):
            index, example, text, mutation = futures[future]
            failures = future.result()
            for failure in failures:
                kind = failure.split(" ")[0]
                counts[kind] = counts.get(kind, 0) + 1
            check(not failures, f"fuzz case {index} ({example}; {mutation}): {'; '.join(failures)}\n--- config ---\n{text}---")
    print(f"fuzz: {runs} runs, failures by kind: {counts or 'none'}")
    sys.exit(tally())


if __name__ == "__main__":
    main()
