#!/bin/sh
# Regenerates the figures in experiments/figures/ (README, "Figures") from fresh runs of the example
# configs at their own path counts (about a minute on 2 cores). The convergence figure takes 200 s
# more: CONVERGENCE=1 experiments/make_figures.sh.
# Usage: [BELIEFSIM=build/release/beliefsim] experiments/make_figures.sh   (from the repository root)
set -eu
BELIEFSIM=${BELIEFSIM:-build/release/beliefsim}
PY=/usr/bin/python3
EX=experiments
OUT=$EX/figures
RUNS=$(mktemp -d)
trap 'rm -rf "$RUNS"' EXIT
mkdir -p "$OUT"

for name in zhong_binary token_cap greedy_n3 diffusion_n3; do
  "$BELIEFSIM" simulate "$EX/$name/config.toml" -o "$RUNS/$name.h5" --quiet
  $PY $EX/plot_law.py "$RUNS/$name.h5" -o "$OUT/law_$name.png"
done
$PY $EX/plot_paths.py "$RUNS/diffusion_n3.h5" "$OUT/paths_diffusion_n3.png"

for name in binary ironed shannon3_normal diffusion3_sampled; do
  "$BELIEFSIM" menu "$EX/menu/$name.toml" -o "$RUNS/$name.h5" --quiet
  $PY $EX/plot_menu.py "$RUNS/$name.h5" "$OUT"
done
"$BELIEFSIM" reproduce zhong-quality -o "$RUNS/reproduce" >/dev/null
"$BELIEFSIM" reproduce zhong-binary -o "$RUNS/reproduce" >/dev/null
$PY $EX/plot_menu.py "$RUNS/reproduce"
cp "$RUNS/reproduce/figure1.png" "$OUT/zhong_figure1.png"

"$BELIEFSIM" ttc $EX/ttc/beta_sweep.toml -o "$RUNS/ttc.h5" --quiet
$PY $EX/plot_ttc.py "$RUNS/ttc.h5" "$OUT"

"$BELIEFSIM" bbs $EX/bbs/example1.toml -o "$RUNS/bbs.h5" --quiet
$PY $EX/plot_bbs_figure1.py "$RUNS/bbs.h5" "$OUT"

"$BELIEFSIM" sweep $EX/sweep/chi_prior.toml -o "$RUNS/sweep.h5" --quiet
$PY $EX/plot_sweep.py "$RUNS/sweep.h5" model.chi stopping_time.mean "model.prior[0]" -o "$OUT/sweep_chi_prior.png"

if [ "${CONVERGENCE:-0}" = 1 ]; then
  "$BELIEFSIM" convergence $EX/convergence/config.toml -o "$RUNS/convergence.h5" --quiet
  $PY $EX/plot_convergence.py "$RUNS/convergence.h5" $EX/convergence/convergence.png
fi
