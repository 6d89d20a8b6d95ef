"""What every end-to-end check shares: counted checks, the closing tally, and running beliefsim.

Each check script imports it from its own directory (tests/e2e is on sys.path when a script there
runs).
"""
import subprocess
import sys

_passed = 0
_failures = []


def check(condition, message):
    """Counts a passed check, or records and prints a failed one (FAIL: message) on stderr; returns
    whether it passed."""
    global _passed
    if condition:
        _passed += 1
    else:
        _failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)
    return bool(condition)


def tally():
    """Prints "N passed, M failed" and returns the exit status: 1 when any check failed."""
    print(f"{_passed} passed, {len(_failures)} failed")
    return 1 if _failures else 0


def run(exe, *args, cwd=None):
    """beliefsim with these arguments (any objects, as str), its output captured as text."""
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd)


def greedy3_config(paths, audit_paths):
    """A small greedy run on three states (Shannon, prior (0.5, 0.3, 0.2), chi 0.3, seed 5)."""
    return (f"[model]\nstates = 3\nprior = [0.5, 0.3, 0.2]\nentropy = \"shannon\"\nchi = 0.3\n\n"
            f"[simulation]\npaths = {paths}\nseed = 5\n\n[audit]\npaths = {audit_paths}\n")
