#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""sluice-events and sluice-echo under valgrind (memcheck, --leak-check=full) over a sample of the
shared event corpus, as Lambda runs them: one process per app runs the Runtime API loop against a
small Runtime API written here, which hands it every sampled event in turn, then answers `next`
with a 500 so that the loop ends (exit status 1). valgrind starts slowly, so each app is started
once for all events, then once more for `--invoke -` on a malformed event (the path that checks a
whole file).

The sample: up to PER_TYPE files of every event type of events/INDEX.md (kind `event`, spread
over its folders), every `invalid` file, and malformed events made here from sampled ones (cut
short, a byte flipped, non-JSON, JSON that is not an object, deep nesting, the wrong types).

Checked: valgrind reports no error and no definite or indirect leak (its exit status would be
--error-exitcode); every event got exactly one answer, posted to `/response` or `/error` for its
request id; and the answers are the same, byte for byte, as those of the same binary run without
valgrind over the same events (memory read before it was written would show as a difference).

Usage: check_corpus.py VALGRIND CORPUS_DIR APP... [--per-type 4]
Prints "SKIPPED: ..." and exits 0 when the corpus is absent."""

import argparse
import os
import random
import socket
import subprocess
import sys
import threading
import time

VALGRIND_ERROR = 99


def read_index(index_md):
    """[(relative path, type, kind)] of every file row of INDEX.md's per-folder tables."""
    rows, folder = [], ""
    with open(index_md, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
                folder = heading[:-1] if line.startswith("## ") and heading.endswith("/") else ""
                continue
            if not folder or not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) < 3 or cells[0] == "file" or cells[0].startswith("---"):
                continue
            rows.append((folder + "/" + cells[0], cells[1], cells[2]))
    return rows


def sample(corpus, per_type):
    """[(name, bytes)]: up to per_type files per event type, round-robin over folders, and every
    invalid file; then the malformed events made from them."""
    events_dir = os.path.join(corpus, "events")
    by_type = {}
    chosen = []
    for path, kind_type, kind in read_index(os.path.join(events_dir, "INDEX.md")):
        if kind == "invalid":
            chosen.append(path)
        elif kind == "event":
            by_type.setdefault(kind_type, []).append(path)
    for paths in by_type.values():
        folders = {}
        for p in sorted(paths):
            folders.setdefault(p.split("/", 1)[0], []).append(p)
        picked = []
        while len(picked) < per_type and any(folders.values()):
            for f in sorted(folders):
                if folders[f] and len(picked) < per_type:
                    picked.append(folders[f].pop(0))
        chosen.extend(picked)
    events = []
    for p in chosen:
        with open(os.path.join(events_dir, p), "rb") as f:
            events.append((p, f.read()))
    rng = random.Random(8)  # the same malformed events every run
    originals = [e for e in events if e[1].lstrip().startswith(b"{")]
    for name, data in rng.sample(originals, min(12, len(originals))):
        events.append((name + " cut at half", data[: len(data) // 2]))
        at = rng.randrange(len(data))
        events.append((name + " byte %d flipped" % at, data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1:]))
    events += [
        ("empty", b""),
        ("not JSON", b"{not json"),
        ("null", b"null"),
        ("an array", b"[1,2,3]"),
        ("a string", b'"GET /"'),
        ("deep nesting", b"[" * 5000 + b"]" * 5000),
        ("deep object", b'{"a":' * 3000 + b"1" + b"}" * 3000),
        ("Records of the wrong type", b'{"Records":{"eventSource":"aws:sqs"}}'),
        ("a record of numbers", b'{"Records":[1,2,3]}'),
        ("an HTTP event of the wrong types", b'{"httpMethod":7,"path":["/"],"headers":"x","requestContext":1}'),
        ("payload 2.0 without rawPath", b'{"version":"2.0","requestContext":{"http":{"method":"GET"}}}'),
        ("a NUL byte", b'{"httpMethod":"GET","path":"/a\x00b"}'),
        ("invalid UTF-8", b'{"httpMethod":"GET","path":"/\xff\xfe"}'),
    ]
    return events


def read_request(conn, buf):
    """One HTTP/1.1 request: (method, target, body, rest of buf); None at end of stream."""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    method, target = lines[0].split(b" ")[:2]
    length, chunked = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and value.strip().lower() == b"chunked":
            chunked = True
    if chunked:  # the loop streams Function URL answers; sluice-echo does not opt in, but read them
        body = b""
        while True:
            while b"\r\n" not in buf:
                buf += conn.recv(65536)
            size_line, buf = buf.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(buf) < size + 2:
                buf += conn.recv(65536)
            body, buf = body + buf[:size], buf[size + 2:]
            if size == 0:
                break
        return method.decode(), target.decode(), body, buf
    while len(buf) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        buf += chunk
    return method.decode(), target.decode(), buf[:length], buf[length:]


def serve(listener, events, answers, failures):
    """The Runtime API: event i as request id `vg-i`; answers[i] = (kind, body) of its POST."""
    conn, _ = listener.accept()
    buf, served = b"", 0
    try:
        while True:
            req = read_request(conn, buf)
            if req is None:
                return
            method, target, body, buf = req
            if method == "GET" and target.endswith("/invocation/next"):
                if served == len(events):
                    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
                    continue
                data = events[served][1]
                deadline = int(time.time() * 1000) + 600_000
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Lambda-Runtime-Aws-Request-Id: vg-%d\r\nLambda-Runtime-Deadline-Ms: %d\r\n"
                             b"Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:eu-west-1:123456789012:function:vg\r\n"
                             b"Content-Length: %d\r\n\r\n" % (served, deadline, len(data)) + data)
                served += 1
                continue
            parts = target.split("/")  # /2018-06-01/runtime/invocation/<id>/<response|error>
            if method == "POST" and len(parts) == 6 and parts[4].startswith("vg-") and parts[5] in ("response", "error"):
                i = int(parts[4][3:])
                if answers[i] is not None:
                    failures.append("%s: answered twice" % events[i][0])
                answers[i] = (parts[5], body)
            else:
                failures.append("unexpected request %s %s" % (method, target))
            conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n")
    finally:
        conn.close()


def run_loop(command, events):
    """Runs `command` as a Lambda bootstrap over `events`: (exit status, answers, failures, stderr)."""
    answers = [None] * len(events)
    failures = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_LAMBDA_") and k != "_X_AMZN_TRACE_ID"}
        env["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:%d" % listener.getsockname()[1]
        env["AWS_LAMBDA_FUNCTION_NAME"] = "vg"
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err_chunks = []
        reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))
        reader.start()
        server = threading.Thread(target=serve, args=(listener, events, answers, failures))
        server.daemon = True
        server.start()
        status = proc.wait(timeout=600)
        reader.join()
        server.join(timeout=10)
    return status, answers, failures, b"".join(err_chunks).decode(errors="replace")


def valgrind_command(valgrind, app):
    return [valgrind, "--quiet", "--error-exitcode=%d" % VALGRIND_ERROR, "--leak-check=full",
            "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect",
            "--track-origins=yes", app]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("valgrind")
    parser.add_argument("corpus")
    parser.add_argument("apps", nargs="+")
    parser.add_argument("--per-type", type=int, default=4)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.corpus, "events", "INDEX.md")):
        print("SKIPPED: no event corpus at %s (set SLUICE_CORPUS_DIR)" % args.corpus)
        return 0
    events = sample(args.corpus, args.per_type)
    problems = []
    for app in args.apps:
        name = os.path.basename(app)
        start = time.monotonic()
        native = run_loop([app], events)
        under = run_loop(valgrind_command(args.valgrind, app), events)
        status, answers, failures, stderr = under
        for f in native[2] + failures:
            problems.append("%s: %s" % (name, f))
        if native[0] != 1:
            problems.append("%s: exit status %d without valgrind, 1 expected (the final 500)" % (name, native[0]))
        if status != 1:
            problems.append("%s: exit status %d under valgrind, 1 expected (%d: valgrind found errors)\n%s"
                            % (name, status, VALGRIND_ERROR, stderr[-6000:]))
        unanswered = [events[i][0] for i, a in enumerate(answers) if a is None]
        if unanswered:
            problems.append("%s: no answer under valgrind for %s" % (name, ", ".join(unanswered[:10])))
        differ = [events[i][0] for i, (a, b) in enumerate(zip(native[1], answers)) if a != b]
        if differ:
            problems.append("%s: answers differ with and without valgrind for %s" % (name, ", ".join(differ[:10])))
        # --invoke on a malformed file read from stdin: the whole-file check and the error path
        invoke = subprocess.run(valgrind_command(args.valgrind, app) + ["--invoke", "-"],
                                input=events[0][1][: len(events[0][1]) // 2] + b"\x00,{", capture_output=True,
                                timeout=600)
        if invoke.returncode != 1 or b'"errorType"' not in invoke.stdout:
            problems.append("%s --invoke -: exit status %d, stdout %r (1 and a runtime error expected)\n%s"
                            % (name, invoke.returncode, invoke.stdout[:300], invoke.stderr.decode(errors="replace")[-4000:]))
        kinds = {}
        for a in answers:
            if a is not None:
                kinds[a[0]] = kinds.get(a[0], 0) + 1
        print("%s: %d events (%s) under valgrind in %.1f s, with the native run and --invoke"
              % (name, len(events), ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())),
                 time.monotonic() - start))
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
