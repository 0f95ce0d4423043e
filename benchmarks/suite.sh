#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
#
# sluice's benchmark suite against its peers, in one command: installs what it needs (Debian
# packages with apt-get; the Node.js peers with `npm ci` from benchmarks/peers/package-lock.json),
# builds sluice's harnesses and sluice-echo in Release, runs every group, and writes
# benchmarks/results/<date>-<host>.json, .md and one PNG chart per group.
#
#   benchmarks/suite.sh                 # the full suite (13-16 minutes on 2 busy vCPUs)
#   benchmarks/suite.sh --quick         # fewer, shorter repetitions (2-3 minutes once built)
#   benchmarks/suite.sh --groups=routing,e2e   # some groups only
#
# BUILD_DIR (default build/suite) and SLUICE_CORPUS_DIR (default ../shared/corpus) override
# the defaults; other arguments go to benchmarks/suite.py.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build/suite}"
corpus="${SLUICE_CORPUS_DIR:-$root/../shared/corpus}"

# ---- what the suite needs --------------------------------------------------------------------
# the build (scripts/setup-debian.sh), the C++ peers, the chart tool, strip, GNU time
bash "$root/scripts/setup-debian.sh" nlohmann-json3-dev rapidjson-dev gnuplot-nox binutils time
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  # only when there is no Node.js at all: Debian's npm would replace another packaging of it
  bash "$root/scripts/setup-debian.sh" nodejs npm
fi
peers="$root/benchmarks/peers"
if [[ ! -f $peers/node_modules/.package-lock.json ||
      $peers/package-lock.json -nt $peers/node_modules/.package-lock.json ]]; then
  (cd "$peers" && npm ci --no-audit --no-fund --prefer-offline)
fi

# ---- build ------------------------------------------------------------------------------------
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLUICE_BUILD_TESTS=OFF \
      -DSLUICE_BUILD_EXAMPLES=ON -DSLUICE_BUILD_BENCHMARKS=ON -DSLUICE_CORPUS_DIR="$corpus" \
      "${launcher[@]}" >/dev/null
ninja -C "$build" -j2 sluice-router-bench sluice-decode-bench sluice-echo-bench sluice-echo

# ---- run --------------------------------------------------------------------------------------
exec python3 "$root/benchmarks/suite.py" --build "$build" --corpus "$corpus" "$@"
