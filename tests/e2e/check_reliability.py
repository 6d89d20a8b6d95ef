#!/usr/bin/env python3
"""Reliability of the command line (issue 16): concurrent writers, full disks, signals, memory
bounds, MPI, and the smaller contract items.

Usage: check_reliability.py PATH/TO/beliefsim PROJECT_SOURCE_DIR

Checks: 20 concurrent `simulate` runs on one output each exit 0 or 2 and leave one whole file equal
to one run's, and no temporary; two concurrent `sweep --resume` on one output: one finishes, the
other is refused (exit 2) or finishes the same file; SIGINT and SIGTERM during simulate, sweep,
menu, convergence and bbs runs and during a file's write exit 130 and 143 and leave no temporary
and no output; simulate, menu, bbs and sweep on a full 64 KiB tmpfs exit 3 with one message and
leave nothing (needs root to mount it: without, that check fails), a sweep
that filled its disk resumes once there is room, a read-only destination is refused before the
run; a config from /dev/zero, a 10^8-point grid and 32 GB of sample paths are refused fast (exit
2, the rule named); NUL bytes in a config are refused with the whole message; usage errors are one
`error:` line; `--shard ""` and `-o` = the config (also by a hard link, with --force) are refused;
one path gives the audit verdict "insufficient". Prints "N passed, 0 failed".
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

from e2e_support import check, greedy3_config, run, tally

BASE = greedy3_config(paths=2000, audit_paths=200)


def leftovers(directory):
    """Temporaries left in `directory` (recursively)."""
    return [p for p in Path(directory).rglob("*") if p.name.endswith(".tmp")]


def concurrent_writers(exe, tmp):
    """20 simulate runs on one output (seeds 1..20), with and without --force."""
    base = tmp / "base.toml"
    base.write_text(BASE)
    for force in ((), ("--force",)):
        out = tmp / f"crowd{len(force)}.h5"
        racers = [subprocess.Popen([str(exe), "simulate", str(base), "-o", str(out), "--quiet", "--seed", str(seed),
                                    *force], stderr=subprocess.PIPE, text=True) for seed in range(1, 21)]
        codes = [p.wait() for p in racers]
        errors = [p.stderr.read() for p in racers]
        check(set(codes) <= {0, 2} and 0 in codes, f"20 writers{' --force' if force else ''}: exits {codes}")
        if not force:
            check(codes.count(0) == 1 and all("--force" in e for c, e in zip(codes, errors) if c == 2),
                  f"without --force one writer wins, the others are refused naming --force ({set(errors)})")
        check(not leftovers(tmp), f"no temporary left by 20 writers ({leftovers(tmp)})")
        with h5py.File(out) as f:
            seed = int(f.attrs["seed"])
            mean = f["stopping_time/mean"][()]
        check(codes[seed - 1] == 0, f"the file is a run that exited 0 (seed {seed})")
        alone = tmp / f"alone{len(force)}.h5"
        run(exe, "simulate", base, "-o", alone, "--quiet", "--seed", seed)
        with h5py.File(alone) as f:
            check(f["stopping_time/mean"][()] == mean, "the raced file equals that run made alone")


def concurrent_resume(exe, source, tmp):
    """Two `sweep --resume` on one output at once."""
    config = source / "experiments/sweep/chi_prior.toml"
    out = tmp / "sweep.h5"
    alone = tmp / "sweep_alone.h5"
    run(exe, "sweep", config, "-o", alone, "--quiet", "--paths", 3000)
    for attempt in range(3):
        racers = [subprocess.Popen([str(exe), "sweep", str(config), "-o", str(out), "--quiet", "--resume",
                                    "--paths", "3000"], stderr=subprocess.PIPE, text=True) for _ in range(2)]
        codes = sorted(p.wait() for p in racers)
        errors = " ".join(p.stderr.read() for p in racers)
        check(codes in ([0, 0], [0, 2]), f"two sweep --resume: exits {codes} ({errors.strip()})")
        if codes == [0, 2]:
            check("another beliefsim sweep is running" in errors, f"the refused one says why ({errors.strip()})")
        with h5py.File(out) as f, h5py.File(alone) as g:
            check(np.array_equal(f["summary/stopping_time.mean"][()], g["summary/stopping_time.mean"][()]),
                  "the sweep is the one made alone")
        check(not leftovers(tmp), f"no temporary left by two sweeps ({leftovers(tmp)})")
        out.unlink()


def wait_for(condition, seconds):
    """Polls `condition` every 5 ms for up to `seconds`; its last value."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
    return condition()


def interrupted(exe, args, signum, ready):
    """Runs beliefsim with `args`, sends `signum` once `ready()` holds; (status, stderr)."""
    p = subprocess.Popen([str(exe), *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    began = wait_for(ready, 60)
    p.send_signal(signum)
    return (p.wait() if began else None), p.stderr.read()


def signals(exe, source, tmp):
    """SIGINT and SIGTERM while computing (simulate, sweep) and while writing (simulate): exit 130
    or 143, no temporary, no output, one line saying so."""
    base = tmp / "base.toml"
    base.write_text(BASE)
    for signum, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        name = signal.Signals(signum).name
        out = tmp / f"long_{name}.h5"
        code, err = interrupted(exe, ["simulate", base, "-o", out, "--paths", 10**9, "--threads", 2], signum,
                                lambda: time.sleep(1) or True)
        check(code == status and not out.exists() and not leftovers(tmp) and f"({name})" in err,
              f"simulate of 10^9 paths, {name}: exit {code} (want {status}), {err.strip()!r}")
        out = tmp / f"sweep_{name}.h5"
        code, err = interrupted(exe, ["sweep", source / "experiments/sweep/chi_prior.toml", "-o", out,
                                      "--paths", 10**10, "--quiet"], signum, lambda: time.sleep(1) or True)
        check(code == status and not out.exists() and not leftovers(tmp) and "--resume" in err,
              f"sweep, {name}: exit {code} (want {status}), {err.strip()!r}")
        check(not Path(f"{out}.points").exists(), "the interrupted sweep removes its empty points directory")
        # The other commands, mid-run: the same handler serves every command.
        for command, config, *extra in (("menu", "menu/binary.toml", "--paths", 10**9),
                                        ("convergence", "convergence/config.toml", "--paths", 10**8),
                                        ("bbs", "bbs/example1.toml", "--set", "monte_carlo.samples=1000000000")):
            out = tmp / f"{command}_{name}.h5"
            code, err = interrupted(exe, [command, source / "experiments" / config, "-o", out, "--quiet", *extra],
                                    signum, lambda: time.sleep(1) or True)
            check(code == status and not out.exists() and not leftovers(tmp),
                  f"{command}, {name}: exit {code} (want {status}), {err.strip()!r}")
        # While the HDF5 file is written: 10^7 raw samples (160 MB) take a second to write.
        writing = tmp / f"writing_{name}.h5"
        code, err = interrupted(exe, ["simulate", base, "-o", writing, "--paths", 10**7, "--quiet", "--set",
                                      "estimators.raw_samples=10000000", "--set", "audit.paths=0"],
                                signum, lambda: leftovers(tmp))
        check(code in (status, None) and not writing.exists() and not leftovers(tmp),
              f"simulate interrupted while writing, {name}: exit {code} (want {status}), {leftovers(tmp)}")


def mount_tmpfs(directory, size):
    """Mounts (or remounts) a tmpfs of `size` on `directory`; False when not allowed (not root)."""
    if os.geteuid() != 0:
        return False
    options = f"size={size}" if not os.path.ismount(directory) else f"remount,size={size}"
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(directory)],
                          capture_output=True).returncode == 0


def full_disk(exe, source, tmp):
    """simulate, menu, bbs and sweep on a 64 KiB tmpfs: exit 3, one message, nothing left; a sweep
    that filled its disk resumes once there is room; a config from /dev/zero, a 10^8-point grid and 32 GB
of sample paths are refused fast (exit 2, the rule named); NUL bytes in a config are refused with
the whole message; usage errors are one `error:` line; `--shard ""` and `-o` = the config (also by
a hard link, with --force) are refused; one path gives the audit verdict "insufficient"."""
    disk = tmp / "disk"
    disk.mkdir()
    if not check(mount_tmpfs(disk, "64k"), "a 64 KiB tmpfs is mounted for the full-disk checks (they need root, as CI has)"):
        return
    try:
        runs = [("simulate", source / "experiments/greedy_n3/config.toml", "--paths", 2000),
                ("menu", source / "experiments/menu/binary.toml", "--paths", 2000),
                ("bbs", source / "experiments/bbs/example1.toml"),
                ("sweep", source / "experiments/sweep/chi_prior.toml", "--paths", 2000)]
        for command, config, *extra in runs:
            r = run(exe, command, config, "-o", disk / "out.h5", "--quiet", *extra)
            lines = r.stderr.splitlines()
            check(r.returncode == 3 and len(lines) == 1 and lines[0].startswith("error: ")
                  and not list(disk.iterdir()),
                  f"{command} on a full disk: exit 3, one message, nothing left (got {r.returncode}, {lines}, "
                  f"{list(disk.iterdir())})")
        # Room for a few points: the sweep fails (exit 3) keeping them; with room, --resume finishes it.
        mount_tmpfs(disk, "400k")
        config = source / "experiments/sweep/chi_prior.toml"
        r = run(exe, "sweep", config, "-o", disk / "sweep.h5", "--quiet", "--paths", 2000)
        kept = list((disk / "sweep.h5.points").glob("*.h5"))
        check(r.returncode == 3 and 0 < len(kept) < 12 and not leftovers(disk),
              f"a sweep filling its disk exits 3 and keeps its whole points ({r.returncode}, {len(kept)} points)")
        mount_tmpfs(disk, "8m")
        r = run(exe, "sweep", config, "-o", disk / "sweep.h5", "--resume", "--paths", 2000)
        check(r.returncode == 0 and f"{12 - len(kept)} computed, {len(kept)} reused" in r.stdout,
              f"then --resume finishes it ({r.returncode}, {r.stdout.strip()} {r.stderr.strip()})")
        # A read-only destination is refused before the run (exit 2), not after it.
        subprocess.run(["mount", "-o", "remount,ro", str(disk)])
        started = time.monotonic()
        r = run(exe, "simulate", source / "experiments/greedy_n3/config.toml", "-o", disk / "ro.h5", "--paths", 10**8)
        check(r.returncode == 2 and "is not writable" in r.stderr and time.monotonic() - started < 10,
              f"a read-only destination is refused before the run ({r.returncode}, {r.stderr.strip()})")
    finally:
        subprocess.run(["umount", str(disk)])


def bounds_and_contract(exe, source, tmp):
    """Memory bounds (config size, sweep grid, sample paths) and the smaller contract items."""
    base = tmp / "base.toml"
    base.write_text(BASE)
    started = time.monotonic()
    r = run(exe, "simulate", "/dev/zero", "-o", tmp / "zero.h5")
    check(r.returncode == 2 and "larger than 16 MiB" in r.stderr and time.monotonic() - started < 10,
          f"a config read from /dev/zero fails fast with exit 2 ({r.returncode}, {r.stderr.strip()})")
    grid = tmp / "grid.toml"
    grid.write_text(BASE + '[sweep]\n"model.chi" = {start = 0.1, stop = 0.2, num = 10000}\n'
                    '"simulation.paths" = {start = 10, stop = 20, num = 10000}\n')
    started = time.monotonic()
    r = run(exe, "sweep", grid, "-o", tmp / "grid.h5")
    check(r.returncode == 2 and "error: sweep: the grid has more than 100000 points" in r.stderr
          and time.monotonic() - started < 10, f"a 10^8-point grid is refused before it is made ({r.stderr.strip()})")
    r = run(exe, "sweep", grid, "-o", tmp / "grid.h5", "--set", 'sweep."model.chi"={start=0.1,stop=0.2,num=1e12}')
    check(r.returncode == 2 and not (tmp / "grid.h5.points").exists(), "a huge range num is refused")
    r = run(exe, "simulate", base, "-o", tmp / "paths.h5", "--set", "sample_paths.count=1000",
            "--set", "sample_paths.max_points=1000000")
    check(r.returncode == 2 and "error: sample_paths: count x max_points x (model.states + 1)" in r.stderr,
          f"sample paths needing 32 GB are refused by a rule naming the fields ({r.stderr.strip()})")

    # NUL bytes: refused wherever they are, the message whole.
    for key, value in (("model.process", '"greedy\\u0000x"'), ("types.file", '"t.csv\\u0000.h5"')):
        table, name = key.split(".")
        config = tmp / "nul.toml"
        config.write_text(BASE.replace(f"[{table}]", f"[{table}]\n{name} = {value}") if f"[{table}]" in BASE
                          else BASE + f"[{table}]\n{name} = {value}\n")
        r = run(exe, "validate", config)
        check(r.returncode == 2 and f"error: {key}: must not contain a NUL byte" in r.stderr,
              f"a NUL byte in {key} is refused ({r.stderr.strip()!r})")
    # Usage errors: one line, `error:` first, exit 2.
    for args in (("simulate", base, "-o", tmp / "u.h5", "--paths"), ("simulate",), ("sweep", base, "--bogus")):
        r = run(exe, *args)
        lines = r.stderr.splitlines()
        check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "),
              f"usage error {args[1:]}: one line with error: ({lines})")
    r = run(exe, "sweep", source / "experiments/sweep/chi_prior.toml", "-o", tmp / "s.h5", "--shard", "")
    check(r.returncode == 2 and "error: --shard" in r.stderr, f'--shard "" is refused ({r.stderr.strip()})')
    # The output is the config (by name, through a hard link, with --force): refused, the config kept.
    (tmp / "link.toml").unlink(missing_ok=True)
    os.link(base, tmp / "link.toml")
    for out in (base, tmp / "link.toml", Path(os.path.relpath(base))):
        r = run(exe, "simulate", base, "-o", out, "--force")
        check(r.returncode == 2 and "is the config file" in r.stderr and base.read_text() == BASE,
              f"-o {out} (the config) is refused ({r.stderr.strip()})")
    # One path cannot judge the audit: "insufficient", not "violated".
    r = run(exe, "simulate", base, "-o", tmp / "one.h5", "--paths", 1, "--quiet")
    with h5py.File(tmp / "one.h5") as f:
        check(r.returncode == 0 and f["throughput_audit"].attrs["verdict"] == "insufficient",
              "paths = 1: the audit verdict is insufficient")


def main():
    exe, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        concurrent_writers(exe, Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        concurrent_resume(exe, source, Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        signals(exe, source, Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        full_disk(exe, source, Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        bounds_and_contract(exe, source, Path(tmp))
    sys.exit(tally())


if __name__ == "__main__":
    main()
