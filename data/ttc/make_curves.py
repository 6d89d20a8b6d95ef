#!/usr/bin/python3
"""Writes the curves of a `beliefsim ttc` output as a curves CSV (`[data] curves = FILE`).

Usage: /usr/bin/python3 data/ttc/make_curves.py OUT.h5 > curves.csv
One row per (provider, theta): provider,theta,accuracy,tokens,accuracy_stderr,tokens_stderr, read
from OUT.h5's /ttc/curves group. Numbers are written in Python's shortest round-trip form, so
beliefsim reads back exactly the doubles of the file (a market priced from the CSV equals the
one priced from the output it came from, bit for bit).
"""
import csv
import sys

import h5py


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as f:
        curves = f["ttc/curves"]
        names = curves["provider"].asstr()[()]
        theta = curves["theta"][()]
        columns = ("accuracy", "tokens", "accuracy_stderr", "tokens_stderr")
        tables = {k: curves[k][()] for k in columns}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("provider", "theta") + columns)
    for i, name in enumerate(names):
        for l, level in enumerate(theta):
            out.writerow([name, int(level)] + [repr(float(tables[k][i, l])) for k in columns])


if __name__ == "__main__":
    main()
