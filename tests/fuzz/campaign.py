#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""A long fuzz campaign: several targets, one libFuzzer process per lane, each from the corpus
the campaigns before it kept, with the CPU time each got written down.

    campaign.py --fuzzer BIN --corpus DIR --work DIR [--lanes 2] [--nice 19] [--tag NAME]
                [--ledger-file FILE] TARGET=SECONDS ...
    campaign.py --ledger [--ledger-file FILE | --work DIR]

Each TARGET runs for SECONDS of wall time (libFuzzer's -max_total_time), in the order given,
on the first free lane. Per target it writes fresh seeds (as smoke.py makes them) into
WORK/seeds/TARGET, keeps the inputs that found new coverage in WORK/corpus/TARGET (the next
campaign's start), the log in WORK/logs/TAG/TARGET.log and findings in WORK/artifacts/TAG/.
At the end it prints one markdown row per target (the table of docs/security.md) and appends
the same figures to the ledger (WORK/ledger.tsv unless --ledger-file names one: the project's is
tests/fuzz/ledger.tsv, every run of docs/security.md's tables); --ledger adds them up per target.

CPU time, not wall time, is what a target got: at `nice 19` beside builds a lane may get a
fraction of a core. -timeout counts wall time, so it is 600 s here: a niced or stopped
(SIGSTOP) process must not turn a slow minute into a "timeout" finding.
"""
import argparse
import concurrent.futures
import datetime
import os
import pathlib
import re
import subprocess
import sys
import threading
import time

import smoke

LEDGER_COLUMNS = ["tag", "target", "fuzzer", "start", "wall_s", "cpu_s", "executions", "cov", "ft",
                  "corpus", "findings"]
# what libFuzzer writes under -artifact_prefix; slow units are listed, not counted as findings
FINDING_KINDS = ("crash-", "leak-", "timeout-", "oom-")


def parse_log(text):
    """Executions, coverage and corpus from a libFuzzer log (its last status line)."""
    status = [line for line in text.splitlines() if re.match(r"#\d+\s", line)]
    figures = {"executions": 0, "cov": 0, "ft": 0, "corpus": 0, "corpus_bytes": "0b"}
    if status:
        figures["executions"] = int(status[-1].split()[0][1:])
        m = re.search(r"cov: (\d+) ft: (\d+) corp: (\d+)/(\d+\w+)", status[-1])
        if m:
            figures.update(cov=int(m.group(1)), ft=int(m.group(2)), corpus=int(m.group(3)),
                           corpus_bytes=m.group(4))
    m = re.search(r"stat::number_of_executed_units: (\d+)", text)
    if m:
        figures["executions"] = int(m.group(1))
    return figures


def run_target(args, target, seconds, tag, lock):
    inputs = smoke.seeds(target, args.corpus)
    if inputs is None:
        return {"target": target, "skipped": f"its seeds come from the shared corpus, absent at {args.corpus}"}
    seed_dir = args.work / "seeds" / target
    smoke.write_seeds(seed_dir, inputs)
    kept = args.work / "corpus" / target
    kept.mkdir(parents=True, exist_ok=True)
    logs = args.work / "logs" / tag
    artifacts = args.work / "artifacts" / tag
    logs.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    command = ["nice", "-n", str(args.nice), str(args.fuzzer), str(kept), str(seed_dir),
               f"-dict={smoke.HERE / smoke.dictionary(target)}", f"-max_len={smoke.max_len(target)}",
               "-timeout=600", "-rss_limit_mb=4096", f"-max_total_time={seconds}", "-print_final_stats=1",
               f"-artifact_prefix={artifacts}/{target}-"]
    start = datetime.datetime.now(datetime.timezone.utc)
    with lock:
        print(f"{start:%H:%M:%S} {target}: {seconds} s, {len(inputs)} seeds, corpus {kept}", flush=True)
    log_path = logs / f"{target}.log"
    began = time.monotonic()
    with open(log_path, "wb") as log:
        # `nice` runs the fuzzer in its own process, so the rusage of that pid is the fuzzer's
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   env=dict(os.environ, SLUICE_FUZZ_TARGET=target))
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - began
    figures = parse_log(log_path.read_text(errors="replace"))
    files = sorted(p.name for p in artifacts.glob(f"{target}-*"))
    result = dict(figures, target=target, tag=tag, fuzzer=pathlib.Path(args.fuzzer).name,
                  start=f"{start:%Y-%m-%dT%H:%M:%SZ}", wall_s=round(wall), cpu_s=round(usage.ru_utime + usage.ru_stime),
                  rc=process.returncode, findings=[f for f in files if f.startswith(tuple(f"{target}-{k}" for k in FINDING_KINDS))],
                  slow=[f for f in files if f.startswith(f"{target}-slow-unit-")])
    with lock:
        print(f"{datetime.datetime.now(datetime.timezone.utc):%H:%M:%S} {target}: done, rc {process.returncode}, "
              f"{result['cpu_s']} s CPU, {len(result['findings'])} findings", flush=True)
    return result


def corpus_size(text):
    """libFuzzer's "11528b", "19Kb" or "22Mb" as docs/security.md writes it."""
    m = re.fullmatch(r"(\d+)(b|Kb|Mb)", text)
    if not m:
        return text
    n, unit = int(m.group(1)), m.group(2)
    if unit == "b":
        return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB"
    if unit == "Kb":
        return f"{n} KB" if n < 1024 else f"{n / 1024:.0f} MB"
    return f"{n} MB"


def row(r):
    if "skipped" in r:
        return f"| `{r['target']}` | skipped: {r['skipped']} |"
    findings = ", ".join(r["findings"]) if r["findings"] else "none"
    if r["rc"] != 0 and not r["findings"]:
        findings += f" (exit {r['rc']}: see the log)"
    rate = r["executions"] / r["wall_s"] if r["wall_s"] else 0
    return (f"| `{r['target']}` | {r['wall_s']:,} s | {r['cpu_s']:,} s | {r['executions']:,} | {rate:,.0f} | "
            f"{r['cov']:,} | {r['ft']:,} | {r['corpus']:,} ({corpus_size(r['corpus_bytes'])}) | {findings} |")


def append_ledger(path, results):
    new = not path.exists()
    with open(path, "a", encoding="utf-8") as out:
        if new:
            out.write("\t".join(LEDGER_COLUMNS) + "\n")
        for r in results:
            if "skipped" not in r:
                out.write("\t".join(str(len(r[c])) if c == "findings" else str(r[c]) for c in LEDGER_COLUMNS) + "\n")


def print_ledger(path):
    if not path.exists():
        raise SystemExit(f"campaign.py: no ledger at {path}: run a campaign first")
    lines = path.read_text(encoding="utf-8").splitlines()
    columns = lines[0].split("\t")
    totals = {}
    if columns != LEDGER_COLUMNS:
        raise SystemExit(f"campaign.py: {path}: the header is not {' '.join(LEDGER_COLUMNS)}")
    numbers = ("wall_s", "cpu_s", "executions", "cov", "ft", "corpus", "findings")
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(columns) or not all(fields[columns.index(c)].isdigit() for c in numbers):
            raise SystemExit(f"campaign.py: {path}:{number}: expected {len(columns)} tab-separated fields, "
                             f"the figures as whole numbers: {line!r}")
        r = dict(zip(columns, fields))
        t = totals.setdefault(r["target"], {"runs": 0, "cpu_s": 0, "executions": 0, "findings": 0})
        t["runs"] += 1
        t["cpu_s"] += int(r["cpu_s"])
        t["executions"] += int(r["executions"])
        t["findings"] += int(r["findings"])
    print("| target | runs | CPU minutes | executions | findings |")
    print("|---|---:|---:|---:|---:|")
    for target, t in sorted(totals.items(), key=lambda kv: kv[1]["cpu_s"]):
        print(f"| `{target}` | {t['runs']} | {t['cpu_s'] / 60:,.1f} | {t['executions']:,} | {t['findings']} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fuzzer", type=pathlib.Path)
    ap.add_argument("--corpus", type=pathlib.Path, default=(smoke.HERE / "../../../shared/corpus").resolve())
    ap.add_argument("--work", type=pathlib.Path)
    ap.add_argument("--lanes", type=int, default=2)
    ap.add_argument("--nice", type=int, default=19)
    ap.add_argument("--tag", default=f"{datetime.datetime.now(datetime.timezone.utc):%Y%m%dT%H%M}")
    ap.add_argument("--ledger", action="store_true", help="add up the CPU time per target over the ledger")
    ap.add_argument("--ledger-file", type=pathlib.Path, help="the ledger (default: WORK/ledger.tsv)")
    ap.add_argument("runs", nargs="*", metavar="TARGET=SECONDS")
    args = ap.parse_args()
    if args.ledger_file is None and args.work is None:
        ap.error("name the ledger: --ledger-file FILE or --work DIR (for WORK/ledger.tsv)")
    ledger = args.ledger_file or args.work / "ledger.tsv"
    if args.ledger:
        print_ledger(ledger)
        return 0
    if args.fuzzer is None or args.work is None or not args.runs:
        ap.error("a campaign needs --fuzzer, --work and at least one TARGET=SECONDS")
    known = smoke.targets_of(args.fuzzer)
    plan = []
    for spec in args.runs:
        target, _, seconds = spec.partition("=")
        if target not in known or not seconds.isdigit() or int(seconds) == 0:
            ap.error(f"'{spec}': expected TARGET=SECONDS with a target of {args.fuzzer.name}: {', '.join(known)}")
        plan.append((target, int(seconds)))
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.lanes)) as lanes:
        results = list(lanes.map(lambda p: run_target(args, p[0], p[1], args.tag, lock), plan))
    append_ledger(ledger, results)
    print("| target | wall time | CPU time | executions | per second (wall) | cov | ft | corpus | findings |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(row(r))
    return 1 if any(r.get("findings") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
