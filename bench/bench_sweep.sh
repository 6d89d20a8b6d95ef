#!/usr/bin/env bash
# Sweep scale-out: a 40-point sweep (bench/sweep40.toml) on 1 MPI rank vs 2 ranks, one thread each,
# and the sweep's per-point overhead on 100 one-path points. Needs a release build with MPI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXE="$ROOT/build/release/beliefsim"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
hyperfine --warmup 0 --runs 2 \
  --prepare "rm -rf $TMP/s.h5 $TMP/s.h5.points" \
  -n "1 rank x 1 thread" "mpirun -np 1 $EXE sweep $ROOT/bench/sweep40.toml -o $TMP/s.h5 --quiet --threads 1" \
  -n "2 ranks x 1 thread" "mpirun -np 2 $EXE sweep $ROOT/bench/sweep40.toml -o $TMP/s.h5 --quiet --threads 1"
