#!/usr/bin/env bash
# Installs what is missing, builds sluice-echo in release mode and invokes it on the sample
# events in examples/echo/events: one event in, the response JSON its source expects out.
# Usage: scripts/demo.sh [event.json ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-debian.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$root/build/release" -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DSLUICE_BUILD_TESTS=OFF -DSLUICE_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$root/build/release" --target sluice-echo
echo=$root/build/release/examples/sluice-echo
events=("$@")
((${#events[@]})) || events=("$root"/examples/echo/events/*.json)
for e in "${events[@]}"; do
  echo "# $(basename "$e"): $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); rc=d.get("requestContext",{}); print(rc.get("http",{}).get("method") or d.get("httpMethod"), d.get("rawPath") or d.get("path"))' "$e" 2>/dev/null || true)"
  "$echo" --invoke "$e" || echo "(exit $?: a Lambda-level error)"
done
