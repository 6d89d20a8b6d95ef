#!/usr/bin/env python3
"""Fails on an include that points the wrong way along the module chain (README, Architecture):

    core -> {rng, entropy} -> process -> mc -> estimators -> {pricing -> bbs, ttc} -> app -> io -> sweep
         -> {cli, python}

A module may include itself and any module of a lower rank; modules of one rank never include each
other (bbs may include pricing: BBS's value-scale types are Zhong's type-distribution families).
Also checks that third-party libraries stay in their module: toml++ only in io, OpenMP only in mc,
MPI only in mc, Random123 only in rng, CLI11 only in cli, pybind11 only in python; OpenMP threading only in mc, Philox keys
only in rng, files read only in io (and the sweep and cli layers above it).
Usage: check_layers.py SOURCE_DIR
"""
import pathlib
import re
import sys

RANK = {
    "core": 0, "rng": 1, "entropy": 1, "process": 2, "mc": 3, "estimators": 4,
    "pricing": 5, "bbs": 5.5, "ttc": 5, "app": 6, "io": 7, "sweep": 8, "cli": 9, "python": 9,
}
LIBRARIES = {  # header prefix -> modules allowed to include it
    "toml++/": {"io"}, "omp.h": {"mc"}, "mpi.h": {"mc"}, "Random123/": {"rng"}, "CLI/": {"cli"}, "pybind11/": {"python"},
}
# Code patterns that belong to one module: threads, counter-based keys, file reading.
PATTERNS = {
    re.compile(r"#\s*pragma\s+omp\s+(parallel|for|task|critical|atomic)"): {"mc"},
    re.compile(r"\br123::"): {"rng"},
    re.compile(r"std::(ifstream|fstream)\b|\bfopen\s*\("): {"io", "sweep", "cli"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def module_of(path: pathlib.Path, root: pathlib.Path) -> str:
    rel = path.relative_to(root).parts
    if rel[0] == "include":
        return rel[2]
    if rel[0] == "src":
        return "cli" if len(rel) == 2 else rel[1]  # src/main.cpp is the CLI's entry point
    raise ValueError(path)


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    files = [p for d in ("include/beliefsim", "src") for p in (root / d).rglob("*") if p.suffix in (".hpp", ".cpp")]
    errors = []
    for path in sorted(files):
        own = module_of(path, root)
        if own not in RANK:
            errors.append(f"{path.relative_to(root)}: module '{own}' is not in the chain")
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, allowed in PATTERNS.items():
            if own not in allowed and pattern.search(text):
                errors.append(f"{path.relative_to(root)}: '{pattern.pattern}' belongs to {sorted(allowed)} only")
        for header in INCLUDE.findall(text):
            target = None
            if header.startswith("beliefsim/"):
                target = header.split("/")[1]
                if target.endswith(".hpp"):  # beliefsim/<top-level header> (none today)
                    target = "core"
            elif header.startswith("cli/"):
                target = "cli"
            if target is not None and target != own:
                if target not in RANK:
                    errors.append(f"{path.relative_to(root)}: includes unknown module '{target}' ({header})")
                elif RANK[target] >= RANK[own]:
                    errors.append(f"{path.relative_to(root)}: {own} -> {target} points the wrong way ({header})")
            for prefix, allowed in LIBRARIES.items():
                if header.startswith(prefix) and own not in allowed:
                    errors.append(f"{path.relative_to(root)}: {header} belongs to {sorted(allowed)} only")
    for e in errors:
        print(e)
    print(f"checked {len(files)} files: {len(errors)} violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
