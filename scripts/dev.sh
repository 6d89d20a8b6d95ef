#!/usr/bin/env bash
# One entry point for a fresh Debian bookworm machine. Idempotent: installs only missing packages,
# re-configures and re-builds incrementally.
#
#   scripts/dev.sh example    install what is missing, build (release), run the Zhong binary example
#   scripts/dev.sh test       install what is missing, build (release), run the whole test suite
#   scripts/dev.sh test-asan  install what is missing, build with ASan+UBSan, run the whole test suite
#   scripts/dev.sh bench      install what is missing, build (release), run the benchmarks
#   scripts/dev.sh python [ARGS]  build the Python module (release) and run /usr/bin/python3 ARGS with
#                             PYTHONPATH=build/release/python (no ARGS: an interactive shell)
#   scripts/dev.sh format     format every C++ file in place (.clang-format)
#   scripts/dev.sh format-check  fail, listing the files, when a C++ file is not formatted (CI)
#   scripts/dev.sh tidy       clang-tidy (.clang-tidy) over the library sources (advisory)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Debian bookworm packages (SPEC §6). `time` gives /usr/bin/time -v for the peak-RSS measurement.
PACKAGES=(
  cmake make g++
  libboost-dev libhdf5-dev librandom123-dev libtomlplusplus-dev libcli11-dev catch2 libeigen3-dev
  libbenchmark-dev nlohmann-json3-dev
  hdf5-tools python3-h5py python3-numpy python3-scipy python3-matplotlib python3-xarray python3-pandas
  python3-h5netcdf python3-netcdf4
  pybind11-dev python3-dev python3-pytest
  hyperfine time clang-format clang-tidy
  libopenmpi-dev openmpi-bin
)

JOBS="$(nproc 2>/dev/null || echo 2)"

say() { printf '==> %s\n' "$*"; }
run() {
  printf '+ %s\n' "$*"
  "$@"
}

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

install_missing() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "system packages: all ${#PACKAGES[@]} present"
    return
  fi
  say "system packages: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  run "${sudo[@]}" apt-get update
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

build() { # $1 = preset
  say "configure and build (preset $1)"
  # Warnings are errors in CI (STYLE 2.8) for the release build; GCC's sanitizer builds emit
  # spurious flow warnings, so the asan preset keeps them as warnings.
  local werror=OFF
  if [ "${CI:-}" = true ] && [ "$1" = release ]; then
    werror=ON
  fi
  run cmake --preset "$1" -DBELIEFSIM_WERROR="$werror"
  run cmake --build --preset "$1" -j"$JOBS"
}

cmd="${1:-}"
case "$cmd" in
  example)
    install_missing
    build release
    say "run the main example: Zhong's binary example (experiments/zhong_binary)"
    run build/release/beliefsim simulate experiments/zhong_binary/config.toml -o build/zhong_binary.h5
    run build/release/beliefsim inspect build/zhong_binary.h5
    ;;
  test)
    install_missing
    build release
    say "run the test suite (release)"
    run ctest --preset release -j"$JOBS"
    ;;
  test-asan)
    install_missing
    build asan
    say "run the test suite (ASan + UBSan)"
    run ctest --preset asan -j"$JOBS"
    ;;
  bench)
    install_missing
    build release
    say "run the benchmarks (bench/run_bench.sh)"
    run bash bench/run_bench.sh
    ;;
  python)
    shift
    install_missing
    say "configure and build the Python module (preset release)"
    run cmake --preset release >/dev/null
    run cmake --build --preset release -j"$JOBS" --target beliefsim_python
    PYTHONPATH="$ROOT/build/release/python${PYTHONPATH:+:$PYTHONPATH}" exec /usr/bin/python3 "$@"
    ;;
  format)
    install_missing
    git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
    ;;
  format-check)
    install_missing
    say "check the format (.clang-format, $(clang-format --version))"
    # --dry-run -Werror prints each unformatted place and fails.
    git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror
    ;;
  tidy)
    install_missing
    build release
    git ls-files 'src/*.cpp' | xargs clang-tidy -p build/release --quiet
    ;;
  -h | --help | help)
    usage
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
