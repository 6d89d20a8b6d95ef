#!/usr/bin/env bash
# Diffusion benchmark (issue 13), side by side in one run:
#   beliefsim simulate at default settings (bench/diffusion_n3.toml, bench/wright_fisher.toml; scheme
#   and dt unset) on 1 and 2 threads (OMP_NUM_THREADS), and the numpy Euler baselines
#   (bench/numpy_diffusion3.py, bench/numpy_wright_fisher.py), on the target E[exp(-tau)]:
#   - paths/s (beliefsim: its "Monte Carlo part" when it prints one, else the whole run's wall time;
#     numpy: at its default dt 1e-3/(chi f), beliefsim's default step);
#   - time to |bias| + 3 SE <= 1e-3. beliefsim: projected from its run (bias measured against the
#     reference, SE scaled to the paths needed; plus its set-up time). numpy: measured, a full run at
#     the (dt, paths) its script found cheapest (--to-target); NUMPY_TO_TARGET=0 skips those runs.
# Whatever build/release/beliefsim does today is measured: only its HDF5 output is read
# (/stopping_time/laplace/{r,mean,stderr}), so the script survives changes of scheme and defaults.
# The references: binary, Kimura's series (in numpy_wright_fisher.py, also beliefsim's
# /stopping_time/exact/laplace); n = 3, numpy_diffusion3.REFERENCE (finite differences, --reference).
# Wall times on a loaded machine mislead: the table also shows CPU seconds (user + sys, beliefsim's
# including set-up) and paths per CPU second. Knobs: BUILD, PATHS (beliefsim paths per run; enough to
# resolve its bias: 1e6 gives SE 1.1e-4 (n = 3) and 1.9e-4 (binary)), NUMPY_PATHS_N3, NUMPY_PATHS_WF,
# NUMPY_TO_TARGET.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD="${BUILD:-build/release}"
PATHS="${PATHS:-1000000}"            # beliefsim paths per run
NUMPY_PATHS_N3="${NUMPY_PATHS_N3:-20000}"
NUMPY_PATHS_WF="${NUMPY_PATHS_WF:-100000}"
NUMPY_TO_TARGET="${NUMPY_TO_TARGET:-1}"
PY=/usr/bin/python3
EXE="$BUILD/beliefsim"

if [ ! -x "$EXE" ]; then
  echo "error: $EXE not found; build first (cmake --build --preset release --target beliefsim)" >&2
  exit 1
fi
if [ ! -x /usr/bin/time ]; then
  echo "error: /usr/bin/time not found (Debian package \`time\`)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for model in n3 wf; do
  config=bench/diffusion_n3.toml
  [ "$model" = wf ] && config=bench/wright_fisher.toml
  for threads in 1 2; do
    echo "+ OMP_NUM_THREADS=$threads $EXE simulate $config --paths $PATHS" >&2
    OMP_NUM_THREADS=$threads /usr/bin/time -f '%e %U %S' -o "$tmp/beliefsim_${model}_$threads.time" \
      "$EXE" simulate "$config" -o "$tmp/beliefsim_${model}_$threads.h5" --paths "$PATHS" \
      >"$tmp/beliefsim_${model}_$threads.out"
  done
done

numpy() {
  local name="$1" script="$2"
  shift 2
  echo "+ $PY $script $*" >&2
  "$PY" "$script" --json "$@" >"$tmp/numpy_$name.json"
}
numpy n3_default bench/numpy_diffusion3.py --paths "$NUMPY_PATHS_N3"
numpy wf_default bench/numpy_wright_fisher.py --paths "$NUMPY_PATHS_WF"
if [ "$NUMPY_TO_TARGET" = 1 ]; then
  numpy n3_target bench/numpy_diffusion3.py --to-target
  numpy wf_target bench/numpy_wright_fisher.py --to-target
fi

"$PY" - "$tmp" <<'PY'
import json
import math
import re
import sys
from pathlib import Path

import h5py

sys.path.insert(0, "bench")
from numpy_diffusion3 import REFERENCE as REFERENCE_N3  # noqa: E402
from numpy_wright_fisher import EXACT as REFERENCE_WF, TARGET  # noqa: E402

tmp = Path(sys.argv[1])
REFERENCES = {"n3": REFERENCE_N3, "wf": REFERENCE_WF}
NAMES = {"n3": "n = 3 Shannon", "wf": "binary Wright-Fisher"}


def beliefsim_row(model, threads):
    stem = tmp / f"beliefsim_{model}_{threads}"
    wall, user, system = map(float, (stem.with_suffix(".time")).read_text().split()[-3:])
    with h5py.File(stem.with_suffix(".h5"), "r") as f:
        paths = int(f.attrs["paths"])
        r = list(f["stopping_time/laplace/r"][()])
        k = r.index(1.0)
        mean = float(f["stopping_time/laplace/mean"][k])
        se = float(f["stopping_time/laplace/stderr"][k])
        scheme = str(f["model"].attrs.get("scheme", "?"))
        used = int(f.attrs.get("threads", threads))
    # "N paths on T threads in X s (Y paths/s, Monte Carlo part; total Z s)": sampling time apart
    # from set-up; without that line, the whole run counts as sampling.
    text = (stem.with_suffix(".out")).read_text()
    sampling = re.search(r"paths on \d+ threads? in ([0-9.eE+-]+) s", text)
    sampling_s = float(sampling.group(1)) if sampling else wall
    setup_s = max(wall - sampling_s, 0.0)
    row = dict(program=f"beliefsim {scheme}", threads=used, dt="default", paths=paths, seconds=wall,
               cpu=user + system, rate=paths / sampling_s, mean=mean, se=se)
    bias = mean - REFERENCES[model]
    needed = math.ceil(paths * (3 * se / (TARGET - abs(bias))) ** 2) if abs(bias) < TARGET else None
    row["to_target"] = None if needed is None else setup_s + needed / row["rate"]
    row["target_note"] = "" if needed is None else "projected"
    return row


def numpy_row(name):
    path = tmp / f"numpy_{name}.json"
    if not path.exists():
        return None
    s = json.loads(path.read_text())
    row = dict(program="numpy Euler", threads=1, dt=f"{s['dt']:.3g}", paths=s["paths"], seconds=s["seconds"],
               cpu=s["cpu_seconds"], rate=s["paths_per_s"], mean=s["laplace_mean"], se=s["laplace_se"])
    if name.endswith("target"):
        reached = abs(s["bias"]) + 3 * s["laplace_se"]
        row["to_target"] = s["seconds"]
        row["target_note"] = f"measured: |bias|+3SE = {reached:.2g}"
    else:  # too few paths to resolve the bias here: the --to-target row measures the time
        row["to_target"] = None
        row["target_note"] = ""
    return row


def seconds(x):
    return f"{'-':>10}" if x is None else f"{x:>10.2f}"


for model in ("n3", "wf"):
    reference = REFERENCES[model]
    rows = [beliefsim_row(model, 1), beliefsim_row(model, 2)]
    rows += [row for row in (numpy_row(f"{model}_default"), numpy_row(f"{model}_target")) if row]
    print(f"\n{NAMES[model]}: E[exp(-tau)] reference {reference:.6f}; target |bias| + 3 SE <= {TARGET:g}")
    print(f"{'program':<18} {'thr':>3} {'dt':>8} {'paths':>9} {'wall s':>8} {'cpu s':>8} {'paths/s':>10} {'paths/cpu-s':>11} "
          f"{'E[exp(-tau)]':>18} {'bias/SE':>8} {'to 1e-3 s':>10}  note")
    for row in rows:
        z = (row["mean"] - reference) / row["se"]
        print(f"{row['program']:<18} {row['threads']:>3} {row['dt']:>8} {row['paths']:>9} {row['seconds']:>8.2f} "
              f"{row['cpu']:>8.2f} {row['rate']:>10.0f} {row['paths'] / row['cpu']:>11.0f} {row['mean']:>9.5f} ± {row['se']:.5f} {z:>+8.1f} "
              f"{seconds(row['to_target'])}  {row['target_note']}")
    numpy_default = rows[2] if len(rows) > 2 else None
    numpy_target = rows[3] if len(rows) > 3 else None
    for row in rows[:2]:
        ratios = []
        if numpy_default:
            ratios.append(f"paths/s {row['rate'] / numpy_default['rate']:.3g}x numpy at its default dt "
                          f"(per CPU second {row['paths'] / row['cpu'] / (numpy_default['paths'] / numpy_default['cpu']):.3g}x)")
        bias = abs(row["mean"] - reference)
        if row["to_target"] is None and bias < 3 * row["se"]:
            ratios.append(f"|bias| = {bias:.3g} is under 3 SE: raise PATHS to tell whether {TARGET:g} is reachable")
        elif row["to_target"] is None:
            ratios.append(f"no path count reaches {TARGET:g} at default settings (|bias| = {bias:.3g})")
        elif numpy_target:
            ratios.append(f"time to {TARGET:g} {numpy_target['to_target'] / row['to_target']:.3g}x faster than numpy")
        print(f"  beliefsim, {row['threads']} thread(s): " + "; ".join(ratios))
PY
