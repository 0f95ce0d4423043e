#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Seeds for the fuzz targets, made from the shared corpus, and a short run of one target.

    smoke.py --fuzzer BIN --target NAME --corpus DIR --work DIR [--seconds N] [--seeds-only]

Writes WORK/seeds/NAME (rewritten each time), then runs the target for N seconds from them,
one process, new inputs into WORK/found/NAME (emptied first), crashes into WORK/artifacts.
Targets whose seeds come from the corpus print SKIPPED when it is absent; the others run on
the seeds written here. --seeds-only stops after writing the seeds (for long campaigns).
"""
import argparse
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

PATHS = ["/", "/pets", "/pets/", "/pets/12", "/a/b/d", "/files/x/y/z", "/caf%C3%A9/x", "/%2e%2e/x",
         "/a/%2F/b", "/a//b", "/a/..;x/b", "/v/alpha/x", "/long/abcdefghijklmnoq", "/deep/1/2/3/4/5/6/7/8/9/10"]

HTTP1 = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nLambda-Runtime-Aws-Request-Id: abc\r\n\r\nhello",
    b"HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nuntil the close",
    b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 500 x\nContent-Length: 2\nContent-Length: 2\n\nab",
]

JSON_BODIES = [b'{"name":"rex","age":3,"legs":4,"weight":1.5,"note":null,"scores":[1,-2],'
               b'"tags":[{"label":"a","pinned":true}],"best":{"label":"b"}}',
               b'{"name":"\\u00e9t\\u00e9","scores":[]}', b'{"name":"x","scores":[9223372036854775807]}',
               # found by the campaign: an integer beyond 64 bits, valid JSON that the DOM refuses
               b'{"name":"x","scores":[],"weight":16666666666666666666666666666666666666666}',
               # found by a smoke run: a long fraction that simdjson 3.0 read as 0.0155
               b'{"name":"x","scores":[],"weight":0.20000008014526150146}',
               # found by the second campaign: tokens after a string value skipped up to a bracket
               # that balances them, so invalid JSON bound (and a key came twice past the check)
               b'{"name":"s":[],"weight":1666066666666666666666666666666666x],"scores":[],'
               b'"weight":16660666666666666666666666666766666}']

# Found by the http_event target: a field sent twice, rawPath with path (one of them after), and
# an unread value that is not JSON (outside the entry point's contract: docs/security.md).
EVENTS = [b'{"httpMethod":"POST","path":"/inspect/a","body":"first","body":"second"}',
          b'{"httpMethod":"POST","path":"/inspect/a","boey":rifs"t","body":"second"}',
          b'{"version":"2.0","rawPath":"/inspect/a","path":"/boom","requestContext":{"http":{"method":"GET"}}}',
          b'{"httpMethod":"POST","path":"/inspect/a","body":"first","version":"2.0"}']

# Typed parameters: integers at each type's bounds and one past, numbers the grammar refuses
# (inf, nan, '+', spaces, hex), underflow and overflow, UTF-8 at its edges (overlong, surrogate,
# above U+10FFFF, truncated).
PARAMS = [b"0", b"-0", b"-1", b"127", b"128", b"-128", b"-129", b"255", b"256", b"32767", b"65536",
          b"2147483648", b"4294967296", b"9223372036854775807", b"-9223372036854775809",
          b"18446744073709551615", b"18446744073709551616", b"007", b"1.5", b"-.5", b"5.", b"1e308",
          b"1e309", b"3.4e38", b"3.5e38", b"1e-400", b"4.9e-324", b"1e", b"1e+", b"inf", b"nan", b"+1",
          b" 1", b"0x10", b"true", b"false", b"True", b"caf\xc3\xa9", b"\xc0\xaf", b"\xed\xa0\x80",
          b"\xf4\x90\x80\x80", b"\xf0\x9f\x98", b"\xef\xbf\xbf"]

# Responses: choices (source, ALB mode, HEAD, binary, prelude), status, body repeats, records.
RESPONSE_RECORDS = [b"hContent-Type:text/plain\x1ehSet-Cookie:a=1\x1ecb=2; Path=/\x1ebhello",
                    b"hX-A:1\x1ehx-a:2\x1ehX-B:3\x1ebcaf\xc3\xa9 \xff\x00\"\\",
                    b"hBad Name:x\x1eb{}", b"hX-Ok:a\r\nb\x1eb{}", b"cx=\x7f", b"b\x00\x01\xfe"]

TOKENS = [b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", b"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
          b"eyJhbGciOiJSUzI1NiIsImtpZCI6InIifQ.eyJleHAiOjk5OTk5OTk5OTl9.AAAA"]


def events(corpus):
    for path in sorted((corpus / "events").rglob("*.json")):
        if path.stat().st_size <= 64 * 1024:
            yield path.read_bytes()


def route_requests(corpus):
    for path in sorted((corpus / "routes").glob("*.requests.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            method, _, target = line.partition(" ")
            if target:
                yield method, target


def adversarial_paths(corpus):
    rows = (corpus / "adversarial-requests" / "requests.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for row in rows:
        columns = row.split("\t")
        if len(columns) > 3:
            yield columns[3].encode("utf-8", "surrogateescape")


def seeds(target, corpus):
    """The seed inputs of `target`, or None when they need the corpus and it is absent."""
    have = corpus.is_dir()
    if target == "path":
        paths = [p.encode() for p in PATHS]
        if have:
            paths += list(adversarial_paths(corpus)) + [t.encode() for _, t in route_requests(corpus)]
        return [bytes([mode]) + p for p in paths for mode in (0, 1, 3)]
    if target == "base64":
        return [b"\x00hello", b"\x00\xff\x00\x10", b"\x01aGVsbG8=", b"\x01aGVsbA", b"\x01-_8"]
    if target == "router":
        requests = [("GET", p) for p in PATHS] + (list(route_requests(corpus)) if have else [])
        out = []
        for method, target_path in requests:
            m = METHODS.index(method) if method in METHODS else 7
            out += [bytes([m, 0]) + target_path.encode(), bytes([m, 2]) + target_path.encode()]
        return out + [bytes([0, 1]) + b"/pets/{id} /pets/12", bytes([2, 3]) + b"/files/{key+} /files/a/b"]
    if target == "http1":
        return [bytes([255, 255]) + r for r in HTTP1] + [bytes([0, 1]) + r for r in HTTP1]
    if target == "http_event":
        return [bytes([mode]) + e for e in EVENTS + list(events(corpus)) for mode in (0, 1)] if have else None
    if target == "events":
        # found by the eighth campaign: a queue (or topic-partition) whose messages are null,
        # which sluice reads as none and the oracle once refused to summarise
        null_groups = [b'{"eventSource":"aws:rmq","eventSourceArn":"a","rmqMessagesByQueue":{"q::/":null,'
                       b'"r::/":[{"basicProperties":{"messageId":"m1"},"data":"eA=="}]}}',
                       b'{"eventSource":"aws:kafka","eventSourceArn":"a","records":{"t-0":null,'
                       b'"t-1":[{"topic":"t","partition":1,"offset":7,"timestamp":1,"timestampType":"CREATE_TIME",'
                       b'"key":null,"value":null,"headers":[]}]}}']
        # the last invocation of a tumbling window: no records, the source named by its ARN
        window = b'{"Records":[],"window":{"start":"2020-12-09T07:04:00Z","end":"2020-12-09T07:06:00Z"},' \
                 b'"state":{"n":"7"},"shardId":"s-6","eventSourceARN":"arn:aws:kinesis:us-east-1:1:stream/s",' \
                 b'"isFinalInvokeForWindow":true,"isWindowTerminatedEarly":false}'
        return list(events(corpus)) + EVENTS + null_groups + \
            [b'{"Records":[{"eventSource":"aws:sqs","messageId":"m","body":"fail"}]}', window] if have else None
    if target == "body":
        if not have:
            return None
        suite = sorted((corpus / "json-test-suite" / "test_parsing").glob("*.json"))
        return JSON_BODIES + [p.read_bytes() for p in suite]
    if target == "params":
        return [bytes([t]) + text for t in range(16) for text in PARAMS]
    if target == "response":
        out = [bytes([choices, 0, 100, 0]) + r for r in RESPONSE_RECORDS for choices in range(0, 128, 3)]
        big = b"b" + b"x" * 9000  # repeated 128 times: over ALB's 1 MB (single, multi-value, binary)
        return out + [bytes([choices, 0, 100, 0xFF]) + big for choices in (4, 4 | 8, 4 | 0x20)] + \
            [bytes([0, 0x80, 0, 0]) + RESPONSE_RECORDS[0], bytes([2, 0x86, 0x5b, 0]) + b"bx"]
    if target == "jwt":
        return [b"\x00" + t for t in TOKENS] + [bytes([1 + 2 * k, 0, 10, 2]) + b"x" for k in range(3)]
    raise SystemExit(f"smoke.py: unknown target {target}")


def targets_of(fuzzer):
    """The targets `fuzzer` was built with, as it names them when SLUICE_FUZZ_TARGET is unset (a
    build without OpenSSL or zlib has fewer), so no list here can drift from main.cpp's."""
    env = {k: v for k, v in os.environ.items() if k != "SLUICE_FUZZ_TARGET"}
    run = subprocess.run([str(fuzzer), "-runs=0"], env=env, capture_output=True, text=True, errors="replace")
    for line in run.stderr.splitlines():
        _, marker, names = line.partition("set SLUICE_FUZZ_TARGET to one of:")
        if marker:
            return names.split()
    raise SystemExit(f"{fuzzer} did not name its targets (exit {run.returncode}): is it sluice-fuzz?\n{run.stderr}")


def dictionary(target):
    """The libFuzzer dictionary (in this directory) that suits `target`'s inputs."""
    return {"path": "path.dict", "router": "path.dict", "http1": "http1.dict", "params": "path.dict"}.get(target, "json.dict")


def max_len(target):
    """The largest input worth trying: whole events for the event targets, a body over 8 KB for
    `response` (repeated 128 times it passes ALB's 1 MB)."""
    return {"http_event": 65536, "events": 65536, "body": 16384, "response": 16384, "http1": 8192}.get(target, 4096)


def write_seeds(seed_dir, inputs):
    """Rewrites `seed_dir` with `inputs`, each named by its SHA-1."""
    shutil.rmtree(seed_dir, ignore_errors=True)
    seed_dir.mkdir(parents=True)
    for data in inputs:
        (seed_dir / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fuzzer", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--corpus", required=True, type=pathlib.Path)
    ap.add_argument("--work", required=True, type=pathlib.Path)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--seeds-only", action="store_true")
    args = ap.parse_args()

    inputs = seeds(args.target, args.corpus)
    if inputs is None:
        print(f"SKIPPED: {args.target}: its seeds come from the shared corpus, absent at {args.corpus}")
        return 0
    seed_dir = args.work / "seeds" / args.target
    write_seeds(seed_dir, inputs)
    print(f"{args.target}: {len(inputs)} seeds in {seed_dir}")
    if args.seeds_only:
        return 0

    found = args.work / "found" / args.target
    shutil.rmtree(found, ignore_errors=True)
    found.mkdir(parents=True)
    artifacts = args.work / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    command = [args.fuzzer, str(found), str(seed_dir), f"-max_total_time={args.seconds}", "-timeout=10",
               f"-dict={HERE / dictionary(args.target)}", f"-max_len={max_len(args.target)}", "-print_final_stats=1",
               f"-artifact_prefix={artifacts}/{args.target}-"]
    env = dict(os.environ, SLUICE_FUZZ_TARGET=args.target)
    print(" ".join(command), flush=True)
    return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
