"""The Python module against the CLI on the same greedy config (Zhong's binary example): the
overhead of one call for a 1-path run, and a 10^7-path run from both. The runs alternate, so load
from other processes hits both sides alike; medians and their ratios are printed.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/bench_python.py build/release/beliefsim [REPEATS]
"""

import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import beliefsim

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIG = ROOT / "experiments/zhong_binary/config.toml"


def timed(action):
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main():
    exe = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    out = pathlib.Path(tempfile.mkdtemp(prefix="bench-python-"))

    def cli(paths):
        return lambda: subprocess.run([exe, "simulate", str(CONFIG), "-o", str(out / "cli.h5"), "--force", "--quiet",
                                       "--paths", str(paths), "--threads", "2"], check=True)

    def python_call(paths, write):
        return lambda: beliefsim.simulate(CONFIG, paths=paths, threads=2, output=out / "py.h5" if write else None)

    def python_process(paths):
        code = (f"import beliefsim; beliefsim.simulate({str(CONFIG)!r}, paths={paths}, threads=2, "
                f"output={str(out / 'proc.h5')!r})")
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    cases = {
        "1 path: CLI process (parse, run, write)": (cli(1), repeats),
        "1 path: Python call, no file": (python_call(1, False), repeats),
        "1 path: Python call writing the file": (python_call(1, True), repeats),
        "1 path: Python process (start, import, call, write)": (python_process(1), repeats),
        "1e7 paths: CLI": (cli(10**7), 3),
        "1e7 paths: Python call writing the file": (python_call(10**7, True), 3),
    }
    python_call(1, True)()  # the first call loads HDF5 and the module's pages
    times = {name: [] for name in cases}
    for round_ in range(max(n for _, n in cases.values())):
        for name, (action, n) in cases.items():
            if round_ < n:
                times[name].append(timed(action))
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, t in median.items():
        print(f"{name:<55} {1e3 * t:9.1f} ms  (median of {len(times[name])})")
    cli1 = median["1 path: CLI process (parse, run, write)"]
    print(f"ratio Python call writing / CLI process, 1 path: {median['1 path: Python call writing the file'] / cli1:.2f}")
    print(f"ratio Python process / CLI process, 1 path:      "
          f"{median['1 path: Python process (start, import, call, write)'] / cli1:.2f}")
    print(f"ratio Python / CLI, 1e7 paths:                   "
          f"{median['1e7 paths: Python call writing the file'] / median['1e7 paths: CLI']:.3f}")


if __name__ == "__main__":
    main()
