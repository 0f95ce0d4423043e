#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
#
# Instructions per dispatch (or per decoded event), counted by valgrind's callgrind: each
# benchmark of sluice-dispatch-bench (BENCH=decode: sluice-decode-bench; BENCH=router:
# sluice-router-bench) runs a fixed 1,000 and 2,000 iterations (SLUICE_BENCH_ITERATIONS) with
# collection on inside the timed loop only (the decode and router benches: the whole run, whose
# set-up is the same in both), and the difference of the two counts / 1,000 is the exact cost
# of one operation, set-up and warm-up excluded (router: / the set's requests, per lookup). Unlike times,
# these figures do not move on a busy machine. Prints a markdown table: each benchmark beside
# the first one named (the baseline of the same run).
#
#   benchmarks/instructions.sh                                  # the operations pieces
#   benchmarks/instructions.sh route_key/sluice_app route_key/hand_written_one_pass
#   BENCH=decode benchmarks/instructions.sh dynamodb_4_records/simdjson_hand_written dynamodb_4_records/sluice
#   BENCH=router benchmarks/instructions.sh parse/unordered_map_floor parse/sluice_raw_path
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build/bench}"
command -v valgrind >/dev/null || "$root/scripts/setup-debian.sh" valgrind
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLUICE_BUILD_TESTS=OFF \
      -DSLUICE_BUILD_EXAMPLES=OFF -DSLUICE_BUILD_BENCHMARKS=ON >/dev/null
bench="${BENCH:-dispatch}"
ninja -C "$build" "sluice-$bench-bench" >/dev/null

names=("$@")
if ((${#names[@]} == 0)) && [[ $bench == router ]]; then
  names=(parse/unordered_map_floor parse/sluice_raw_path parse/sluice_route_key
         github/unordered_map_floor github/sluice_raw_path github/sluice_route_key)
elif ((${#names[@]} == 0)); then
  names=()
  for piece in none empty_step_list cors compression_small_answer tracing structured_logs metrics all_five \
               list_2KiB_none list_2KiB_compression; do
    names+=("operations/$piece")
  done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() {  # benchmark name, iterations -> instructions executed inside the timed loops
  if [[ $bench == decode ]]; then
    SLUICE_BENCH_ITERATIONS=$2 valgrind --tool=callgrind --callgrind-out-file="$work/out" \
      "$build/benchmarks/sluice-decode-bench" --benchmark_filter="^decode/$1/" >/dev/null 2>&1
  elif [[ $bench == router ]]; then
    SLUICE_BENCH_ITERATIONS=$2 valgrind --tool=callgrind --callgrind-out-file="$work/out" \
      "$build/benchmarks/sluice-router-bench" --benchmark_filter="^$1/iterations" 2>/dev/null |
      sed -n 's/.*routes=\([0-9]*\).*/\1/p' >"$work/routes"
  else
    SLUICE_BENCH_ITERATIONS=$2 valgrind --tool=callgrind --callgrind-out-file="$work/out" --collect-atstart=no \
      '--toggle-collect=*app_with_pieces*' '--toggle-collect=*sluice_app*' '--toggle-collect=*hand_written_code*' \
      "$build/benchmarks/sluice-dispatch-bench" --benchmark_filter="^dispatch/$1/" >/dev/null 2>&1
  fi
  callgrind_annotate "$work/out" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}

unit=dispatch
[[ $bench == decode ]] && unit=event
[[ $bench == router ]] && unit=lookup
echo "| benchmark | instructions per $unit | beside ${names[0]} | ratio |"
echo "|---|---:|---:|---:|"
base=""
for name in "${names[@]}"; do
  one=$(count "$name" 1000)
  two=$(count "$name" 2000)
  per=$(((two - one) / 1000))
  [[ $bench == router ]] && per=$((per / $(cat "$work/routes")))
  [[ -z $base ]] && base=$per
  printf '| `%s` | %d | %+d | %s |\n' "$name" "$per" "$((per - base))" "$(awk -v a="$per" -v b="$base" 'BEGIN { printf "%.2fx", a / b }')"
done
