#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Runs sluice's benchmark suite against its peers and writes the results.

benchmarks/suite.sh installs what is needed, builds in Release and calls this script; run it
directly only on a tree that suite.sh has built. Groups: routing, decoding, e2e, startup,
compile. Writes, in --out (benchmarks/results):

  <date>-<host>.json        every figure, with the machine, the load and the versions
  <date>-<host>.md          one markdown table per group, and the targets
  <date>-<host>-<group>.png one chart per group (gnuplot)

Every figure of a group comes from the same run, peers and baselines included. Times are CPU
time per operation (Google Benchmark's thread CPU time for C++; the whole process's CPU time,
compiler and garbage collector threads included, for Node.js); wall-clock time is kept beside
it (the JSON, the ratio tables), and a target counts only when it holds by both. "median" and "fastest" are over the repetitions.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
PEERS = BENCH / "peers"
ECHO_EVENTS = BENCH / "events" / "echo"
SETS = ["github", "gplus", "parse", "static", "matchit"]

# what each group's rows are called in the tables, in the order they are shown
ROUTERS = {
    "sluice_raw_path": "sluice, raw path",
    "sluice_route_key": "sluice, routeKey",
    "find_my_way": "find-my-way",
    "hono_regexp_router": "Hono RegExpRouter",
    "hono_trie_router": "Hono TrieRouter",
    "std_regex_scan": "std::regex scan",
    "unordered_map_floor": "unordered_map floor",
}
DECODERS = {
    "sluice": "sluice",
    "simdjson_hand_written": "simdjson, hand-written",
    "rapidjson": "RapidJSON",
    "nlohmann_json": "nlohmann/json",
}
DECODE_EVENTS = ["apigw_v1", "apigw_v2", "alb", "sqs_10_records", "s3_1_record", "dynamodb_4_records", "eventbridge"]
# events whose sluice decoder came with issue 5: a build without it shows a note in its place
PENDING_ISSUE_5 = {"sqs_10_records", "s3_1_record", "dynamodb_4_records", "eventbridge"}
E2E_APPS = {"sluice": "sluice (in process)", "hono": "Hono, hono/aws-lambda", "powertools": "Powertools event handler"}

TARGETS = {
    "routing": ("routing at least 10x faster than find-my-way", 10.0),
    "e2e": ("end to end at least 20x faster than Hono's adapter", 20.0),
    "decoding": ("decoding at least 5x faster than nlohmann/json", 5.0),
}


def log(*args):
    print("suite:", *args, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("$", " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "runs": len(values)}


# ---- Google Benchmark and the Node.js harnesses ---------------------------------------------------

def google_benchmark(binary, out, opts, extra=(), repetitions=None):
    """Runs a Google Benchmark binary; returns {name: {"cpu": [...], "wall": [...], "run": r}}
    with nanoseconds per iteration of each repetition."""
    run([binary, f"--benchmark_repetitions={repetitions or opts.repetitions}", f"--benchmark_min_time={opts.min_time}",
         "--benchmark_enable_random_interleaving=true", f"--benchmark_out={out}",
         "--benchmark_out_format=json", *extra], stdout=subprocess.DEVNULL)
    with open(out) as f:
        data = json.load(f)
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    runs = {}
    for r in data["benchmarks"]:
        if r.get("run_type") != "iteration":
            continue
        entry = runs.setdefault(r["run_name"], {"cpu": [], "wall": [], "run": r})
        entry["cpu"].append(r["cpu_time"] * scale[r["time_unit"]])
        entry["wall"].append(r["real_time"] * scale[r["time_unit"]])
    return runs, data["context"]


def node_harness(script, args, out, opts, repetitions=None):
    run(["node", PEERS / script, *args, f"--min-time={opts.node_min_time}", f"--warm-up={opts.node_warm_up}",
         f"--repetitions={repetitions or opts.repetitions}", f"--out={out}"], cwd=PEERS)
    with open(out) as f:
        data = json.load(f)
    return {b["name"]: b for b in data["benchmarks"]}, data["context"]


def alternating(opts, tmp, name, binary, extra, script, args):
    """Runs the C++ binary and the Node.js harness in `opts.rounds` alternating rounds, each
    with its share of the repetitions, and merges the repetitions. On a shared machine whose
    speed drifts over minutes, both sides then sample the same stretches of time, so their
    medians are comparable; run one after the other, each side's median is that of its own
    stretch. Returns (C++ runs, Node.js benchmarks, Node.js context)."""
    rounds = max(1, min(opts.rounds, opts.repetitions))
    share = [opts.repetitions // rounds + (1 if r < opts.repetitions % rounds else 0) for r in range(rounds)]
    runs, peers, context = {}, {}, None
    for r, repetitions in enumerate(share):
        log(f"round {r + 1} of {rounds}: {repetitions} repetitions each")
        got, _ = google_benchmark(binary, tmp / f"{name}-{r}.json", opts, extra, repetitions)
        for key, entry in got.items():
            merged = runs.setdefault(key, {"cpu": [], "wall": [], "run": entry["run"]})
            merged["cpu"] += entry["cpu"]
            merged["wall"] += entry["wall"]
        got, context = node_harness(script, args, tmp / f"{name}-node-{r}.json", opts, repetitions)
        for key, bench in got.items():
            merged = peers.setdefault(key, {**bench, "ns_per_op": [], "cpu_ns_per_op": []})
            merged["ns_per_op"] += bench["ns_per_op"]
            merged["cpu_ns_per_op"] += bench["cpu_ns_per_op"]
    return runs, peers, context


def row(case, implementation, label, cpu, wall, **extra):
    return {"case": case, "implementation": implementation, "label": label,
            "cpu_ns": summary(cpu), "wall_ns": summary(wall), **extra}


# ---- the groups -----------------------------------------------------------------------------------

def group_routing(opts, tmp):
    runs, peers, context = alternating(
        opts, tmp, "routing", opts.build / "benchmarks" / "sluice-router-bench",
        ["--benchmark_filter=/(sluice_raw_path|sluice_route_key|std_regex_scan|unordered_map_floor)$"],
        "routing.mjs", [opts.corpus / "routes"])
    rows = []
    for s in SETS:
        floor_run = runs.get(f"{s}/unordered_map_floor")
        if floor_run is None:
            continue
        n = int(floor_run["run"]["routes"])
        for impl, label in ROUTERS.items():
            if f"{s}/{impl}" in runs:
                r = runs[f"{s}/{impl}"]
                rows.append(row(s, impl, label, [x / n for x in r["cpu"]], [x / n for x in r["wall"]], routes=n))
            elif f"{s}/{impl}" in peers:
                p = peers[f"{s}/{impl}"]
                rows.append(row(s, impl, label, p["cpu_ns_per_op"], p["ns_per_op"], routes=n))
    add_ratios(rows, "unordered_map_floor", "to_floor", invert=False)
    return {"title": "Routing: ns per lookup, every request of each corpus set",
            "unit": "ns", "rows": rows, "node": context,
            "comparisons": [("find_my_way", "sluice_raw_path"), ("find_my_way", "sluice_route_key"),
                            ("hono_regexp_router", "sluice_raw_path"), ("std_regex_scan", "sluice_raw_path")]}


def group_decoding(opts, tmp):
    runs, _ = google_benchmark(opts.build / "benchmarks" / "sluice-decode-bench", tmp / "decode.json", opts)
    rows = []
    for event in DECODE_EVENTS:
        for impl, label in DECODERS.items():
            r = runs.get(f"decode/{event}/{impl}")
            if r is not None:
                rows.append(row(event, impl, label, r["cpu"], r["wall"], event_bytes=int(r["run"]["event_bytes"])))
            elif impl == "sluice" and event in PENDING_ISSUE_5:
                rows.append({"case": event, "implementation": impl, "label": label,
                             "pending": "sluice: pending issue 5 (no decoder for this source yet)"})
    return {"title": "Decoding: ns per event, into the fields a handler uses", "unit": "ns", "rows": rows,
            "comparisons": [("nlohmann_json", "sluice"), ("rapidjson", "sluice"), ("simdjson_hand_written", "sluice")]}


def check_echo_fixtures(opts):
    """The expected answers the peers are checked against must be what sluice-echo answers now:
    when the echo app changes, its fixtures (and the peers) must follow."""
    echo = opts.build / "examples" / "sluice-echo"
    for event in sorted(ECHO_EVENTS.glob("*.json")):
        got = json.loads(subprocess.run([echo, "--invoke", event], capture_output=True, check=True).stdout)
        want = json.loads((ECHO_EVENTS / "expected" / event.name).read_text())
        if got != want:
            raise SystemExit(f"suite: sluice-echo now answers {event.name} with {json.dumps(got)}, not as "
                             f"events/echo/expected/{event.name} says: update the fixture and keep peers/ in step")


def group_e2e(opts, tmp):
    check_echo_fixtures(opts)
    runs, peers, context = alternating(opts, tmp, "e2e", opts.build / "benchmarks" / "sluice-echo-bench", [],
                                       "e2e.mjs", [ECHO_EVENTS])
    rows = []
    events = sorted(p.stem for p in ECHO_EVENTS.glob("*.json"))
    for event in events:
        r = runs[f"e2e/{event}/sluice"]
        rows.append(row(event, "sluice", E2E_APPS["sluice"], r["cpu"], r["wall"], event_bytes=int(r["run"]["event_bytes"])))
        for app in ("hono", "powertools"):
            p = peers.get(f"{event}/{app}")
            if p is not None:
                rows.append(row(event, app, E2E_APPS[app], p["cpu_ns_per_op"], p["ns_per_op"]))
    return {"title": "End to end: µs per event, event bytes in, response bytes out (sluice-echo routes)",
            "unit": "us", "rows": rows, "node": context,
            "comparisons": [("hono", "sluice"), ("powertools", "sluice")]}


def spawn_measure(cmd, cwd):
    """Runs cmd once; returns (seconds from spawn to exit, stdout)."""
    start = time.perf_counter()
    out = subprocess.run([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         check=True).stdout
    return time.perf_counter() - start, out


def gnu_time(cmd, cwd):
    """Runs cmd under GNU time; returns (peak resident set in KiB, user + system CPU seconds).
    GNU time, because a child forked from this Python process would count the parent's pages
    from before its exec."""
    with tempfile.NamedTemporaryFile(mode="r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", report.name, *[str(c) for c in cmd]], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        rss, user, system = report.read().split()[-3:]
        return int(rss), float(user) + float(system)


def peak_rss_kib(cmd, cwd):
    return gnu_time(cmd, cwd)[0]


def group_startup(opts, tmp):
    echo = opts.build / "examples" / "sluice-echo"
    event = ECHO_EVENTS / "get_pet.json"
    want = json.loads((ECHO_EVENTS / "expected" / "get_pet.json").read_text())
    subjects = [
        ("sluice", "sluice-echo --invoke", [echo, "--invoke", event], True),
        ("hono", "node echo-hono.mjs --invoke", ["node", PEERS / "echo-hono.mjs", "--invoke", event], True),
        ("powertools", "node echo-powertools.mjs --invoke", ["node", PEERS / "echo-powertools.mjs", "--invoke", event], True),
        ("node_empty", "node -e \"\" (Node's own start)", ["node", "-e", ""], False),
        ("true", "/bin/true (a process, nothing else)", ["/bin/true"], False),
    ]
    rows = []
    for impl, label, cmd, answers in subjects:
        if answers:  # the same answer as sluice's, before anything is timed
            _, out = spawn_measure(cmd, PEERS)
            got = json.loads(out)
            if got["statusCode"] != want["statusCode"] or json.loads(got["body"]) != json.loads(want["body"]):
                raise SystemExit(f"suite: {label} answers {out!r}, sluice {want}")
        spawn_measure(cmd, PEERS)  # warm the page cache
        times = [spawn_measure(cmd, PEERS)[0] * 1e9 for _ in range(opts.starts)]
        rss = [peak_rss_kib(cmd, PEERS) for _ in range(3)]
        rows.append({"case": "start", "implementation": impl, "label": label, "wall_ns": summary(times),
                     "peak_rss_kib": max(rss)})
    sizes = deployable_sizes(echo, tmp)
    return {"title": "Start-up: process start to the answer to one event (GET /pets/4207), and peak RSS",
            "unit": "ms", "rows": rows, "sizes": sizes,
            "comparisons": [("hono", "sluice"), ("powertools", "sluice")]}


def tree_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.is_symlink())


def deployable_sizes(echo, tmp):
    stripped = tmp / "sluice-echo.stripped"
    shutil.copy(echo, stripped)
    subprocess.run(["strip", stripped], check=True)
    libs = subprocess.run(["ldd", echo], capture_output=True, text=True).stdout
    shared = sorted({line.split()[0] for line in libs.splitlines() if "=>" in line})
    modules = PEERS / "node_modules"
    hono = tree_bytes(modules / "hono")
    powertools = sum(tree_bytes(modules / p) for p in ("@aws-lambda-powertools", "@aws", "@standard-schema"))
    node_binary = Path(shutil.which("node")).resolve()
    return [
        {"what": "sluice-echo, as built (Release)", "bytes": echo.stat().st_size},
        {"what": "sluice-echo, stripped", "bytes": stripped.stat().st_size},
        {"what": "sluice-echo's shared libraries", "libraries": shared},
        {"what": "Hono peer: echo-hono.mjs + echo-rules.mjs + node_modules/hono (whole package)",
         "bytes": (PEERS / "echo-hono.mjs").stat().st_size + (PEERS / "echo-rules.mjs").stat().st_size + hono},
        {"what": "Powertools peer: echo-powertools.mjs + echo-rules.mjs + its packages",
         "bytes": (PEERS / "echo-powertools.mjs").stat().st_size + (PEERS / "echo-rules.mjs").stat().st_size + powertools},
        {"what": f"the node binary ({node_binary}), provided by Lambda's Node.js runtime", "bytes": node_binary.stat().st_size},
    ]


def group_compile(opts, tmp):
    routes = (opts.corpus / "routes" / "github.routes.txt").read_text().split("\n")
    (tmp / "github_routes.inc").write_text(",\n".join(f'"{r}"' for r in routes if r) + "\n")
    flags = ["-std=c++20", "-O3", "-DNDEBUG", "-march=x86-64-v3", "-mpclmul", f"-I{ROOT / 'include'}", f"-I{tmp}",
             "-w", "-c", "-o", "/dev/null"]
    units = ["empty", "one_route", "github_router", "github_app"]
    compilers = ["g++", "clang++"]
    if opts.quick:  # the full app takes minutes per compiler: the full run measures it
        units, compilers = ["empty", "one_route", "github_router"], ["g++"]
    rows = []
    for tu in units:
        for cxx in compilers:
            times, cpu, rss = [], [], []
            for _ in range(opts.compiles):  # one compile measured for all three: each takes long
                start = time.perf_counter()
                peak, seconds = gnu_time([cxx, *flags, BENCH / "compile" / f"{tu}.cpp"], tmp)
                times.append((time.perf_counter() - start) * 1e9)
                cpu.append(seconds * 1e9)
                rss.append(peak)
            # the compiler's own CPU time: on a shared machine the wall time includes waiting
            rows.append({"case": tu, "implementation": cxx, "label": cxx, "wall_ns": summary(times),
                         "compiler_cpu_ns": summary(cpu), "peak_rss_kib": max(rss)})
    return {"title": "Compile cost: one translation unit, -O3, wall seconds and peak compiler memory",
            "unit": "s", "rows": rows, "flags": " ".join(flags[:5])}


GROUPS = {"routing": group_routing, "decoding": group_decoding, "e2e": group_e2e,
          "startup": group_startup, "compile": group_compile}


# ---- ratios, targets, tables, charts ------------------------------------------------------------

def value(r, stat="median"):
    """The row's figure: CPU time where the harness measures it, else wall time (start-up,
    compile cost)."""
    return r["cpu_ns"][stat] if "cpu_ns" in r else r["wall_ns"][stat]


def add_ratios(rows, base_impl, key, invert):
    bases = {r["case"]: r for r in rows if r["implementation"] == base_impl}
    for r in rows:
        b = bases.get(r["case"])
        if b is not None and "pending" not in r:
            r[key] = value(b) / value(r) if invert else value(r) / value(b)


def comparisons(group):
    """For each (peer, subject) pair and case: how many times faster the subject is, by the
    medians and by the fastest repetitions of the group's figure, and by the median wall time."""
    out = []
    for peer, subject in group.get("comparisons", []):
        for case in dict.fromkeys(r["case"] for r in group["rows"]):
            a = next((r for r in group["rows"] if r["case"] == case and r["implementation"] == peer), None)
            b = next((r for r in group["rows"] if r["case"] == case and r["implementation"] == subject), None)
            if a and b and "pending" not in a and "pending" not in b:
                out.append({"case": case, "peer": peer, "subject": subject,
                            "median": value(a) / value(b), "fastest": value(a, "min") / value(b, "min"),
                            "median_wall": a["wall_ns"]["median"] / b["wall_ns"]["median"]})
    return out


def targets(results):
    out = []
    for name, (text, goal) in TARGETS.items():
        group = results["groups"].get(name)
        if not group:
            continue
        peer, subject = group["comparisons"][0]
        measured = [c for c in group["ratios"] if c["peer"] == peer and c["subject"] == subject]
        if not measured:
            continue
        # met only if the worst case reaches the goal by CPU time and by wall time alike
        worst = min(c["median"] for c in measured)
        worst_wall = min(c["median_wall"] for c in measured)
        out.append({"target": text, "goal": goal, "worst_median": worst, "worst_median_wall": worst_wall,
                    "per_case": {c["case"]: round(c["median"], 2) for c in measured},
                    "met": min(worst, worst_wall) >= goal})
    compile_group = results["groups"].get("compile")
    if compile_group:
        for r in compile_group["rows"]:
            if r["case"].startswith("github"):
                # judged by the compiler's CPU time: the wall time on a shared machine includes
                # the time the compiler waited for a core
                seconds, gib = r["compiler_cpu_ns"]["median"] / 1e9, r["peak_rss_kib"] / 1048576
                out.append({"target": f"compile {r['case']} with {r['implementation']} under 30 s and 2 GB",
                            "seconds": seconds, "wall_seconds": value(r) / 1e9, "peak_gib": gib,
                            "met": seconds < 30 and gib < 2})
    return out


def scaled(ns, unit):
    return ns / {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]


def fmt(x):
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def markdown(results):
    m = results["machine"]
    lines = [f"# sluice benchmark suite: {results['date']} on {results['host']}", "",
             f"{results['mode']} mode; {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; "
             f"sluice at {results['commit']}; {m['gxx']}; {m['clangxx']}; Node.js {m['node']}; "
             f"peers: {', '.join(f'{k} {v}' for k, v in results['peers'].items())}; "
             f"Debian: {', '.join(f'{k} {v}' for k, v in results['debian'].items())}.", "",
             "Times are CPU time per operation, median of the repetitions (fastest in brackets); "
             "wall-clock times are in the JSON and the ratio tables. Ratios: how many times faster the subject is.", ""]
    for name, group in results["groups"].items():
        unit = group["unit"]
        lines += [f"## {group['title']}", "",
                  f"Load average (1, 5, 15 min) before: {group['load_before']}, after: {group['load_after']}.", ""]
        if name in ("startup", "compile"):
            cpu = name == "compile"
            lines += ["| case | what | wall, median | fastest |" + (" compiler CPU, median |" if cpu else "")
                      + " peak RSS |", "|---|---|---:|---:|" + ("---:|" if cpu else "") + "---:|"]
            for r in group["rows"]:
                lines.append(f"| {r['case']} | {r['label']} | {fmt(scaled(r['wall_ns']['median'], unit))} {unit} "
                             f"| {fmt(scaled(r['wall_ns']['min'], unit))} {unit} |"
                             + (f" {fmt(scaled(r['compiler_cpu_ns']['median'], unit))} {unit} |" if cpu else "")
                             + f" {r['peak_rss_kib'] / 1024:.1f} MiB |")
            if "sizes" in group:
                lines += ["", "| deployable | size |", "|---|---:|"]
                for s in group["sizes"]:
                    size = f"{s['bytes'] / 1048576:.2f} MiB" if "bytes" in s else ", ".join(s["libraries"])
                    lines.append(f"| {s['what']} | {size} |")
            if "flags" in group:
                lines += ["", f"Flags: `{group['flags']}`, no linking; one compile at a time."]
        else:
            impls = list(dict.fromkeys(r["implementation"] for r in group["rows"]))
            labels = {r["implementation"]: r["label"] for r in group["rows"]}
            lines += ["| case | " + " | ".join(labels[i] for i in impls) + " |",
                      "|---|" + "---:|" * len(impls)]
            for case in dict.fromkeys(r["case"] for r in group["rows"]):
                cells = []
                for i in impls:
                    r = next((x for x in group["rows"] if x["case"] == case and x["implementation"] == i), None)
                    if r is None:
                        cells.append("")
                    elif "pending" in r:
                        cells.append(r["pending"])
                    else:
                        cells.append(f"{fmt(scaled(r['cpu_ns']['median'], unit))} ({fmt(scaled(r['cpu_ns']['min'], unit))})"
                                     + (f" {r['to_floor']:.2f}x floor" if "to_floor" in r else ""))
                lines.append(f"| {case} | " + " | ".join(cells) + " |")
            if group["ratios"]:
                lines += ["", "| case | subject | peer | subject faster, median CPU | fastest CPU | median wall |",
                          "|---|---|---|---:|---:|---:|"]
                for c in group["ratios"]:
                    lines.append(f"| {c['case']} | {labels[c['subject']]} | {labels[c['peer']]} "
                                 f"| {c['median']:.1f}x | {c['fastest']:.1f}x | {c['median_wall']:.1f}x |")
        lines.append("")
    if results["targets"]:
        lines += ["## Targets", "", "| target | measured | met? |", "|---|---|---|"]
        for t in results["targets"]:
            if "goal" in t:
                measured = (f"worst case {t['worst_median']:.1f}x by CPU time, {t['worst_median_wall']:.1f}x by wall time "
                            "(CPU, per case: " + ", ".join(f"{k} {v}x" for k, v in t["per_case"].items()) + ")")
            else:
                measured = f"{t['seconds']:.1f} s compiler CPU ({t['wall_seconds']:.1f} s wall), {t['peak_gib']:.2f} GiB"
            lines.append(f"| {t['target']} | {measured} | {'yes' if t['met'] else '**no**'} |")
        lines.append("")
    return "\n".join(lines)


def chart(name, group, path, tmp):
    """A clustered bar chart of the group's medians, log scale, with gnuplot."""
    unit = group["unit"]
    rows = [r for r in group["rows"] if "pending" not in r]
    if not rows or shutil.which("gnuplot") is None:
        return False
    impls = list(dict.fromkeys(r["implementation"] for r in rows))
    labels = {r["implementation"]: r["label"] for r in rows}
    cases = list(dict.fromkeys(r["case"] for r in rows))
    data = tmp / f"{name}.dat"
    with open(data, "w") as f:
        for case in cases:
            cells = []
            for i in impls:
                r = next((x for x in rows if x["case"] == case and x["implementation"] == i), None)
                cells.append(f"{scaled(value(r), unit):.6g}" if r else "NaN")
            f.write(f'"{case}" ' + " ".join(cells) + "\n")
    quoted = {i: labels[i].replace("\\", "\\\\").replace('"', '\\"') for i in impls}
    plots = ", ".join(f'\'{data}\' using {k + 2}:xtic(1) title "{quoted[i]}"' for k, i in enumerate(impls))
    what = "CPU time per operation (median)" if "cpu_ns" in rows[0] else "wall time (median)"
    script = f"""
set terminal pngcairo noenhanced size 1200,640 font ',10'
set output '{path}'
set title "{group['title']}"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set grid ytics
set ylabel "{what}, {unit}, log scale"
set key outside right top
set xtics rotate by -20
set yrange [*:*]
plot {plots}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    return True


# ---- the machine and the versions ----------------------------------------------------------------

def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "absent"


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) / 1048576
    os_name = "Linux"
    if Path("/etc/os-release").exists():
        fields = dict(l.split("=", 1) for l in Path("/etc/os-release").read_text().splitlines() if "=" in l)
        os_name = fields.get("PRETTY_NAME", "Linux").strip('"')
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "os": f"{os_name}, kernel {platform.release()}",
            "gxx": first_line(["g++", "--version"]), "clangxx": first_line(["clang++", "--version"]),
            "node": first_line(["node", "--version"])}


def versions():
    lock = json.loads((PEERS / "package-lock.json").read_text())
    peers = {name.removeprefix("node_modules/"): p["version"] for name, p in lock["packages"].items()
             if name.removeprefix("node_modules/") in ("find-my-way", "hono", "@aws-lambda-powertools/event-handler")}
    debian = {}
    for package in ("libsimdjson-dev", "nlohmann-json3-dev", "rapidjson-dev", "libbenchmark-dev", "gnuplot-nox"):
        debian[package] = first_line(["dpkg-query", "-W", "-f=${Version}", package])
    return peers, debian


def write_atomically(path, text):
    """Writes path.tmp, then renames it: a run that stops half-way leaves no half a result."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text)
    os.replace(partial, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, required=True, help="a Release build of this tree (suite.sh makes it)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repetitions; compile cost of the small TUs only")
    parser.add_argument("--groups", default=",".join(GROUPS), help="comma-separated: " + ",".join(GROUPS))
    opts = parser.parse_args()
    opts.build = opts.build.resolve()
    opts.corpus = opts.corpus.resolve()
    if opts.quick:
        opts.repetitions, opts.min_time, opts.node_min_time, opts.starts, opts.compiles = 3, 0.05, 0.05, 10, 1
        opts.rounds = 1
    else:
        opts.repetitions, opts.min_time, opts.node_min_time, opts.starts, opts.compiles = 10, 0.2, 0.2, 30, 1
        opts.rounds = 5  # C++ and Node.js alternate: see `alternating`
    opts.node_warm_up = 2.0  # seconds; see peers/measure.mjs
    if not (opts.corpus / "routes").is_dir():
        raise SystemExit(f"suite: no corpus at {opts.corpus} (--corpus, or SLUICE_CORPUS_DIR for suite.sh)")

    now = datetime.datetime.now(datetime.timezone.utc)
    host = platform.node().split(".")[0] or "host"
    commit = first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    if first_line(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]) not in ("absent", ""):
        commit += " plus uncommitted changes"
    peers, debian = versions()
    results = {"suite": "sluice benchmark suite", "date": now.strftime("%Y-%m-%d"), "started": now.isoformat(timespec="seconds"),
               "host": host, "mode": "quick" if opts.quick else "full", "commit": commit, "machine": machine(),
               "peers": peers, "debian": debian,
               "settings": {k: getattr(opts, k) for k in ("repetitions", "rounds", "min_time", "node_min_time", "node_warm_up",
                                                           "starts", "compiles")},
               "groups": {}}
    with tempfile.TemporaryDirectory(prefix="sluice-suite-") as tmp_name:
        tmp = Path(tmp_name)
        for name in opts.groups.split(","):
            log(f"== {name}")
            before = load_average()
            group = GROUPS[name](opts, tmp)
            group["load_before"], group["load_after"] = before, load_average()
            group["ratios"] = comparisons(group)
            results["groups"][name] = group
        results["targets"] = targets(results)
        results["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        opts.out.mkdir(parents=True, exist_ok=True)
        stem = opts.out / f"{results['date']}-{host}"
        for name, group in results["groups"].items():
            if chart(name, group, Path(f"{stem}-{name}.png.tmp"), tmp):
                os.replace(f"{stem}-{name}.png.tmp", f"{stem}-{name}.png")
                group["chart"] = f"{stem.name}-{name}.png"
        write_atomically(Path(f"{stem}.json"), json.dumps(results, indent=1, default=str) + "\n")
        write_atomically(Path(f"{stem}.md"), markdown(results))
    log(f"wrote {stem}.json, {stem}.md and the charts")
    print(Path(f"{stem}.md").read_text())


if __name__ == "__main__":
    main()
