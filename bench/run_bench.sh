#!/usr/bin/env bash
# Benchmarks (called by `scripts/dev.sh bench` after a release build):
#   1. Google Benchmark: sampling only, sampler + estimators on 1 and 2 threads, Laplace kernel;
#   2. the numpy baseline doing the same work as BM_SamplerPlusEstimators;
#   3. time to E[exp(-tau)] within 1e-3 for the binary Brownian diffusion, against numpy Euler;
#   4. peak RSS of `beliefsim simulate` at 10^6 and 10^8 paths (memory must not grow with paths);
#   5. diffusions (bench/diffusion_bench.sh): n = 3 Shannon and binary Wright-Fisher at default
#      settings on 1 and 2 threads against numpy Euler, paths/s and time to E[exp(-tau)] within 1e-3.
# Numbers vary with the machine: quote them with the CPU line Google Benchmark prints.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD="${BUILD:-build/release}"
RSS_PATHS="${RSS_PATHS:-1000000 100000000}"

say() { printf '\n==> %s\n' "$*"; }
run() {
  printf '+ %s\n' "$*"
  "$@"
}

for exe in "$BUILD/beliefsim_bench" "$BUILD/beliefsim"; do
  if [ ! -x "$exe" ]; then
    echo "error: $exe not found; build first (scripts/dev.sh bench)" >&2
    exit 1
  fi
done
if [ ! -x /usr/bin/time ]; then
  echo "error: /usr/bin/time not found (Debian package \`time\`; scripts/dev.sh installs it)" >&2
  exit 1
fi

say "C++ (Google Benchmark): n=3 shannon greedy, 2e6 paths per run, 64 Laplace r"
run "$BUILD/beliefsim_bench" \
  --benchmark_filter='BM_GreedySample|BM_SamplerPlusEstimators|BM_LaplaceKernel|BM_LaplaceStep' \
  --benchmark_repetitions="${BENCH_REPETITIONS:-3}" --benchmark_report_aggregates_only=true

say "numpy baseline (same model, same estimators, 1 thread)"
run /usr/bin/python3 bench/numpy_greedy.py --paths 2000000

say "binary Brownian E[exp(-tau)] to 1e-3: beliefsim (exact sampler) vs numpy Euler-Maruyama"
tmp_brownian="$(mktemp -d)"
sed 's/^paths = .*/paths = 430_000/' experiments/brownian_binary/config.toml >"$tmp_brownian/config.toml"
printf '[audit]\npaths = 0\n' >>"$tmp_brownian/config.toml"
sed -i '/^\[sample_paths\]/,/^count/d' "$tmp_brownian/config.toml"
run /usr/bin/time -f "%e s wall" "$BUILD/beliefsim" simulate "$tmp_brownian/config.toml" -o "$tmp_brownian/out.h5"
rm -rf "$tmp_brownian"
for dt in 1e-3 1e-4; do run /usr/bin/python3 bench/numpy_brownian.py --dt "$dt" --paths 20000; done

say "peak RSS of beliefsim simulate (n=3 shannon greedy, all threads)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '%-12s %12s %14s %12s\n' paths "wall [s]" "peak RSS [MiB]" "M paths/s"
for paths in $RSS_PATHS; do
  cat >"$tmp/config.toml" <<TOML
[model]
states  = 3
prior   = [0.5, 0.3, 0.2]
entropy = "shannon"
chi     = 0.3
process = "greedy"
[simulation]
paths = $paths
seed  = 7
[estimators]
laplace_r = [0.5, 1.0, 2.0]
TOML
  /usr/bin/time -v -o "$tmp/time.txt" "$BUILD/beliefsim" simulate "$tmp/config.toml" \
    -o "$tmp/out.h5" >"$tmp/stdout.txt" 2>&1 || {
    cat "$tmp/stdout.txt" "$tmp/time.txt" >&2
    exit 1
  }
  rss_kib="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")"
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt" |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')"
  awk -v p="$paths" -v w="$wall" -v r="$rss_kib" \
    'BEGIN {printf "%-12d %12.2f %14.1f %12.2f\n", p, w, r / 1024, p / w / 1e6}'
done

say "diffusions: n=3 shannon and binary Wright-Fisher, beliefsim (1, 2 threads) vs numpy Euler"
BUILD="$BUILD" bench/diffusion_bench.sh
