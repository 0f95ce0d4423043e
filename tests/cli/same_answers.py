#!/usr/bin/env python3
"""Runs two builds of one app with --invoke over every JSON file of the event corpus and fails
unless both give the same stdout and exit status for each: a build without exceptions and RTTI
must answer exactly as the normal build does. Usage: same_answers.py APP_A APP_B CORPUS_DIR"""
import pathlib
import subprocess
import sys

app_a, app_b, corpus = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]) / "events"
if not (corpus / "INDEX.md").is_file():
    print(f"SKIPPED: no event corpus at {corpus}")
    sys.exit(0)
files = sorted(p for p in corpus.rglob("*.json"))
differ = []
for f in files:
    a = subprocess.run([app_a, "--invoke", str(f)], capture_output=True, timeout=60)
    b = subprocess.run([app_b, "--invoke", str(f)], capture_output=True, timeout=60)
    if (a.returncode, a.stdout) != (b.returncode, b.stdout):
        differ.append(f"{f.relative_to(corpus)}:\n  {a.returncode} {a.stdout[:300]!r}\n  {b.returncode} {b.stdout[:300]!r}")
    if a.returncode not in (0, 1):
        differ.append(f"{f.relative_to(corpus)}: exit {a.returncode}: {a.stderr[:300]!r}")
if differ:
    print("\n".join(differ))
    sys.exit(1)
print(f"{len(files)} corpus files: the same answers from both builds")
