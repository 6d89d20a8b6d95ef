#!/usr/bin/env bash
# Bias of the stepped `face` scheme at the path counts users run (issue 13): z = (estimate −
# reference)/SE at default settings (dt unset) for
#   tsallis    n = 3, Tsallis q = 1.5 (bench/tsallis_n3.toml; auto -> face)
#   quadratic  n = 3, quadratic       (bench/quadratic_n3.toml; auto -> face)
#   shannon    n = 3, Shannon         (bench/diffusion_n3.toml, scheme = "face" forced: auto samples it exactly)
#   binary     binary Wright-Fisher   (bench/wright_fisher.toml, scheme = "face" forced)
# References, none produced by the sampler: E[tau] from the throughput identity (Σμ0_θH(e_θ) −
# H(μ0))/(χf); n = 3 E[exp(-r tau)] from the finite-difference oracle on the triangle,
# tests/support/triangle_backward.hpp triangle_laplace(problem, r, 80) (Richardson over 80…640
# grids, error estimates ≤ 1.2e-7, far below the SEs at 10^7 paths); binary: the run's own exact
# law (/stopping_time/exact, Feynman-Kac, independent of every sampler).
# Usage: bench/face_bias.sh [CASE...]   (default: all four). Knobs: BUILD, PATHS (default 10^7;
# CPU time per case at 10^7 on this machine: tsallis ~35 min, quadratic ~15, shannon ~25, binary ~10).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD="${BUILD:-build/release}"
PATHS="${PATHS:-10000000}"
EXE="$BUILD/beliefsim"
if [ ! -x "$EXE" ]; then
  echo "error: $EXE not found; build first (cmake --build --preset release --target beliefsim)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
laplace_r='estimators.laplace_r=[0.1, 0.3, 1.0, 3.0]'

cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(tsallis quadratic shannon binary)
for name in "${cases[@]}"; do
  case "$name" in
    tsallis) args=(bench/tsallis_n3.toml) ;;
    quadratic) args=(bench/quadratic_n3.toml) ;;
    shannon) args=(bench/diffusion_n3.toml --set simulation.scheme=face --set "$laplace_r") ;;
    binary) args=(bench/wright_fisher.toml --set simulation.scheme=face --set "$laplace_r") ;;
    *)
      echo "error: unknown case '$name' (tsallis, quadratic, shannon, binary)" >&2
      exit 2
      ;;
  esac
  echo "+ $EXE simulate ${args[*]} --paths $PATHS" >&2
  "$EXE" simulate "${args[@]}" --paths "$PATHS" -o "$tmp/$name.h5" >/dev/null
  /usr/bin/python3 - "$name" "$tmp/$name.h5" <<'EOF'
import sys
import h5py

# n = 3, prior (0.5, 0.3, 0.2): E[tau] by the throughput identity, E[exp(-r tau)] for r = 0.1, 0.3,
# 1, 3 by the triangle oracle (see the header).
REFERENCES = {
    "tsallis": (2.6179142, [0.78049369, 0.50809629, 0.16706845, 0.02371702]),
    "quadratic": (1.0333333333, [0.90420065, 0.74973746, 0.43321482, 0.14524943]),
    "shannon": (3.4321767, [0.72265879, 0.41141236, 0.09391391, 0.00637044]),
}
name, path = sys.argv[1], sys.argv[2]
with h5py.File(path, "r") as f:
    st = f["stopping_time"]
    r = list(st["laplace/r"][:])
    if name == "binary":
        exact = st["exact"]
        mean_ref = float(exact.attrs["mean"])
        exact_r = list(exact["r"][:])
        laplace_ref = [float(exact["laplace"][exact_r.index(x)]) for x in r]
    else:
        mean_ref, laplace_ref = REFERENCES[name]
    rows = [("E[tau]", st["mean"][()], st["mean_stderr"][()], mean_ref)]
    rows += [(f"E[exp(-{x:g} tau)]", m, s, ref)
             for x, m, s, ref in zip(r, st["laplace/mean"][:], st["laplace/stderr"][:], laplace_ref)]
    print(f"{name}: {f.attrs['paths']} paths, scheme {f['model'].attrs['scheme']}")
    for label, estimate, se, ref in rows:
        print(f"  {label:18s} {estimate:.7f} ± {se:.1e}  reference {ref:.7f}  z {(estimate - ref) / se:+.2f}")
EOF
done
