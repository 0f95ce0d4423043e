#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
#
# Builds the benchmarks in Release and runs them, with repetitions in random interleaved order
# (a shared machine drifts: interleaving spreads the drift over every benchmark alike), then
# prints the median and the fastest repetition as the markdown tables of benchmarks/README.md
# (the tables need python3; the raw results are in $BUILD_DIR/router.json, dispatch.json and
# runtime.json).
#
#   benchmarks/run.sh                      # build/bench, 10 repetitions of 0.2 s each
#   BUILD_DIR=build/x REPETITIONS=5 MIN_TIME=0.5 benchmarks/run.sh
#   benchmarks/run.sh --benchmark_filter=github   # extra arguments go to every binary
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build/bench}"
repetitions="${REPETITIONS:-10}"
min_time="${MIN_TIME:-0.2}"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLUICE_BUILD_TESTS=OFF \
      -DSLUICE_BUILD_EXAMPLES=OFF -DSLUICE_BUILD_BENCHMARKS=ON >/dev/null
ninja -C "$build" -j1 sluice-router-bench sluice-dispatch-bench sluice-runtime-bench

echo "load before: $(uptime)"
for bench in router dispatch runtime; do
  "$build/benchmarks/sluice-$bench-bench" --benchmark_repetitions="$repetitions" \
      --benchmark_min_time="$min_time" --benchmark_enable_random_interleaving=true \
      --benchmark_report_aggregates_only=true --benchmark_out="$build/$bench.json" \
      --benchmark_out_format=json "$@"
done
echo "load after: $(uptime)"

if ! command -v python3 >/dev/null; then
  echo "python3 not found: no tables; see $build/router.json, dispatch.json and runtime.json"
  exit 0
fi
python3 - "$build/router.json" "$build/dispatch.json" "$build/runtime.json" <<'EOF'
import json, sys

def load(path):
    try:
        with open(path) as f:
            return json.load(f)["benchmarks"]
    except (OSError, KeyError, ValueError):
        return []

def pick(runs, statistic):
    # with one repetition there are no aggregates: take the runs themselves
    picked = [r for r in runs if r.get("aggregate_name") == statistic] or \
             [r for r in runs if r.get("run_type") == "iteration"]
    return {r["run_name"]: r for r in picked}

def router_table(runs, statistic):
    router = pick(runs, statistic)
    order = ["github", "gplus", "parse", "static", "matchit"]
    sets = sorted({k.split("/")[0] for k in router}, key=lambda s: order.index(s) if s in order else len(order))
    if not sets:
        return
    print(f"\nRouter: ns per lookup ({statistic} CPU time of the repetitions), ratio to the unordered_map floor\n")
    print("| set | routes | sluice raw path | sluice routeKey | routeKey, no parse | trie match, no parse "
          "| unordered_map floor | raw / floor | routeKey / floor | routeKey no parse / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in sets:
        t = {k.split("/", 1)[1]: v["time/lookup"] * 1e9 for k, v in router.items() if k.startswith(s + "/")}
        if len(t) < 5:
            continue  # filtered out: no full row
        floor = t["unordered_map_floor"]
        routes = int(router[s + "/unordered_map_floor"]["routes"])
        print(f"| {s} | {routes} | {t['sluice_raw_path']:.1f} | {t['sluice_route_key']:.1f} "
              f"| {t['sluice_route_key_no_parse']:.1f} | {t['sluice_match_no_parse']:.1f} | {floor:.1f} "
              f"| {t['sluice_raw_path'] / floor:.2f}x | {t['sluice_route_key'] / floor:.2f}x "
              f"| {t['sluice_route_key_no_parse'] / floor:.2f}x |")

def dispatch_table(runs, statistic):
    dispatch = pick(runs, statistic)
    if not dispatch:
        return
    print(f"\nDispatch: ns per event ({statistic} CPU time of the repetitions)\n")
    print("| event | bytes | sluice app.handle | hand-written, one pass | hand-written, by key "
          "| sluice / one pass | sluice / by key |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for event in ("route_key", "default_route"):
        if f"dispatch/{event}/sluice_app" not in dispatch:
            continue
        def cpu_ns(kind):
            r = dispatch[f"dispatch/{event}/{kind}"]
            assert r["time_unit"] == "ns"
            return r["cpu_time"]
        app, one, by_key = cpu_ns("sluice_app"), cpu_ns("hand_written_one_pass"), cpu_ns("hand_written_by_key")
        size = int(dispatch[f"dispatch/{event}/sluice_app"]["event_bytes"])
        print(f"| {event} | {size} | {app:.0f} | {one:.0f} | {by_key:.0f} | {app / one:.2f}x | {app / by_key:.2f}x |")

def runtime_table(runs, statistic):
    runtime = pick(runs, statistic)
    names = ["loop_stub_handler", "raw_socket_same_bytes", "loop_pets_app", "pets_app_no_io"]
    runtime = {k.removesuffix("/real_time"): v for k, v in runtime.items()}
    if not all(f"runtime/{n}" in runtime for n in names):
        return
    print(f"\nRuntime API loop: microseconds per invocation ({statistic} of the repetitions), "
          "real time and the benchmark thread's CPU time\n")
    print("| what | real µs | CPU µs |")
    print("|---|---:|---:|")
    for n in names:
        r = runtime[f"runtime/{n}"]
        assert r["time_unit"] == "ns"
        print(f"| `{n}` | {r['real_time'] / 1000:.1f} | {r['cpu_time'] / 1000:.1f} |")
    loop, raw = runtime["runtime/loop_stub_handler"], runtime["runtime/raw_socket_same_bytes"]
    print(f"| loop − raw socket | {(loop['real_time'] - raw['real_time']) / 1000:+.1f} "
          f"| {(loop['cpu_time'] - raw['cpu_time']) / 1000:+.1f} |")

router_runs, dispatch_runs, runtime_runs = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
for statistic in ("median", "min"):
    router_table(router_runs, statistic)
    dispatch_table(dispatch_runs, statistic)
    runtime_table(runtime_runs, statistic)
EOF
