#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Checks the fuzz tooling against the fuzz binary: the targets it names are the ones CMake gives
a smoke run, each has seeds and a dictionary, and campaign.py runs two of them in two lanes,
keeps their corpora, writes the ledger and adds it up, and refuses a target the binary lacks;
the project's ledger (tests/fuzz/ledger.tsv) reads, and a row that does not is refused.

    campaign_test.py --fuzzer BIN --corpus DIR --work DIR --expect "path base64 ..."
"""
import argparse
import pathlib
import shutil
import subprocess
import sys

import smoke

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAILED: {message}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fuzzer", required=True, type=pathlib.Path)
    ap.add_argument("--corpus", required=True, type=pathlib.Path)
    ap.add_argument("--work", required=True, type=pathlib.Path)
    ap.add_argument("--expect", required=True, help="the targets tests/fuzz/CMakeLists.txt runs")
    args = ap.parse_args()

    known = smoke.targets_of(args.fuzzer)
    check(sorted(known) == sorted(args.expect.split()),
          f"the binary has targets {known}, CMake smoke-runs {args.expect.split()}: add the missing "
          "ones to tests/fuzz/CMakeLists.txt (or main.cpp)")
    for target in known:
        try:
            smoke.seeds(target, args.corpus)
        except SystemExit as e:
            check(False, f"{target}: no seeds in smoke.py ({e})")
        check((smoke.HERE / smoke.dictionary(target)).is_file(), f"{target}: no dictionary {smoke.dictionary(target)}")

    shutil.rmtree(args.work, ignore_errors=True)
    campaign = [sys.executable, str(smoke.HERE / "campaign.py"), "--fuzzer", str(args.fuzzer),
                "--corpus", str(args.corpus), "--work", str(args.work)]
    run = subprocess.run(campaign + ["--lanes", "2", "--tag", "check", "path=2", "base64=2"],
                         capture_output=True, text=True)
    print(run.stdout, run.stderr, sep="\n", flush=True)
    check(run.returncode == 0, f"campaign exited {run.returncode}")
    for target in ("path", "base64"):
        check(any(line.startswith(f"| `{target}` | ") for line in run.stdout.splitlines()),
              f"no table row for {target}")
        check(any((args.work / "corpus" / target).iterdir()), f"{target}: no corpus kept in {args.work}")
        check((args.work / "logs" / "check" / f"{target}.log").is_file(), f"{target}: no log")

    ledger = (args.work / "ledger.tsv").read_text().splitlines()
    columns = ledger[0].split("\t")
    rows = [dict(zip(columns, line.split("\t"))) for line in ledger[1:]]
    check(sorted(r["target"] for r in rows) == ["base64", "path"], f"ledger rows: {rows}")
    for r in rows:
        check(int(r["executions"]) > 0 and int(r["wall_s"]) >= 2 and r["tag"] == "check",
              f"ledger row without a run's figures: {r}")

    total = subprocess.run(campaign + ["--ledger"], capture_output=True, text=True)
    print(total.stdout, flush=True)
    for target in ("path", "base64"):
        check(any(line.startswith(f"| `{target}` | 1 | ") for line in total.stdout.splitlines()),
              f"--ledger: no total for {target}")

    # the project's ledger (every run of docs/security.md's tables) reads, and names only real targets
    project = subprocess.run(campaign + ["--ledger", "--ledger-file", str(smoke.HERE / "ledger.tsv")],
                             capture_output=True, text=True)
    named = [line.split("`")[1] for line in project.stdout.splitlines() if line.startswith("| `")]
    check(project.returncode == 0 and named and set(named) <= set(known),
          f"tests/fuzz/ledger.tsv: exit {project.returncode}, targets {named}, {project.stderr}")
    broken = args.work / "broken.tsv"
    broken.write_text((smoke.HERE / "ledger.tsv").read_text() + "run\tpath\tx\t-\t10\tten\t5\t0\t0\t0\t0\n")
    refused_ledger = subprocess.run(campaign + ["--ledger", "--ledger-file", str(broken)], capture_output=True, text=True)
    check(refused_ledger.returncode != 0 and "broken.tsv:" in refused_ledger.stderr,
          f"a ledger row with a figure that is not a number: exit {refused_ledger.returncode}, {refused_ledger.stderr!r}")

    refused = subprocess.run(campaign + ["nosuch=5"], capture_output=True, text=True)
    check(refused.returncode == 2 and "'nosuch=5'" in refused.stderr and "path" in refused.stderr,
          f"an unknown target: exit {refused.returncode}, {refused.stderr!r}")
    check(not (args.work / "logs" / "check" / "nosuch.log").exists(), "an unknown target was run")

    print(f"{len(failures)} failed" if failures else "campaign tooling: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
