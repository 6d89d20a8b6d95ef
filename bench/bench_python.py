"""The Python module against the CLI on the same greedy config (Zhong's binary example): the
overhead of one call for a 1-path run, and a 10^7-path run from both. The runs alternate, so load
from other processes hits both sides alike; medians of the wall time and of the CPU time (user +
system, of this process or of the child; less sensitive to a loaded machine) and their ratios.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/bench_python.py build/release/beliefsim [REPEATS [REPEATS_1E7]]
"""

import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import beliefsim

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIG = ROOT / "experiments/zhong_binary/config.toml"


def cpu_seconds():
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def timed(action):
    """(wall seconds, CPU seconds) of one call."""
    start, cpu = time.perf_counter(), cpu_seconds()
    action()
    return time.perf_counter() - start, cpu_seconds() - cpu


def main():
    exe = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    big_repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
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
        "1e7 paths: CLI": (cli(10**7), big_repeats),
        "1e7 paths: Python call writing the file": (python_call(10**7, True), big_repeats),
    }
    python_call(1, True)()  # the first call loads HDF5 and the module's pages
    times = {name: [] for name in cases}
    for round_ in range(max(n for _, n in cases.values())):
        for name, (action, n) in cases.items():
            if round_ < n:
                times[name].append(timed(action))
    wall = {name: statistics.median(t[0] for t in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs) for name, runs in times.items()}
    print(f"| {'case':<52} | wall ms | CPU ms |\n|{'-' * 54}|--------:|-------:|")
    for name in times:
        print(f"| {name:<52} | {1e3 * wall[name]:7.1f} | {1e3 * cpu[name]:6.1f} |")
    pairs = [("Python call writing / CLI process, 1 path", "1 path: Python call writing the file",
              "1 path: CLI process (parse, run, write)"),
             ("Python process / CLI process, 1 path", "1 path: Python process (start, import, call, write)",
              "1 path: CLI process (parse, run, write)"),
             ("Python / CLI, 1e7 paths", "1e7 paths: Python call writing the file", "1e7 paths: CLI")]
    for label, a, b in pairs:
        print(f"ratio {label}: wall {wall[a] / wall[b]:.2f}, CPU {cpu[a] / cpu[b]:.2f}")

if __name__ == "__main__":
    main()
