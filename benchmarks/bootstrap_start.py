#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Measures a Lambda deployable as Lambda runs it: the zip sluice_add_lambda made is unpacked
(as in /var/task), and bootstrap is started with only AWS_LAMBDA_RUNTIME_API set, against a
minimal Runtime API on 127.0.0.1 written here.

- start: from just before the process is spawned to the moment its first `GET .../next` has
  arrived whole (exec, dynamic loading, static initialisation, building the app, connecting).
  Median and fastest of --runs fresh processes, beside the floor: /bin/true spawned and reaped
  by the same harness; and the process's own CPU time (user + system) up to that moment, which
  a busy machine disturbs less than the wall time.
- memory: one process serves --invocations events of EVENT; its resident memory (VmRSS) after
  the first 1,000 and after all of them.
- size: bootstrap's size in the zip (stripped) and every file beside it.

Usage: bootstrap_start.py ZIP EVENT [--runs 50] [--invocations 10000]"""

import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
import zipfile


def read_request(conn, buf):
    """One HTTP request from conn: (head, body, rest of buf)."""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError("the runtime closed the connection")
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(buf) < length:
        buf += conn.recv(65536)
    return head, buf[:length], buf[length:]


def next_reply(event, n):
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Lambda-Runtime-Aws-Request-Id: req-%d\r\n"
            b"Lambda-Runtime-Deadline-Ms: %d\r\n"
            b"Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:echo\r\n"
            b"Lambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1\r\n"
            b"Content-Length: %d\r\n\r\n" % (n, int(time.time() * 1000) + 60000, len(event))) + event


ACCEPTED_BODY = b'{"status":"OK"}'
ACCEPTED = b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
    len(ACCEPTED_BODY), ACCEPTED_BODY)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start_once(bootstrap, root):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        t0 = time.perf_counter_ns()
        proc = subprocess.Popen([bootstrap], cwd=root, env={"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn, _ = listener.accept()
        head, _, _ = read_request(conn, b"")
        t1 = time.perf_counter_ns()
        assert head.startswith(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1"), head
        proc.kill()  # it is blocked reading the reply: its CPU time so far is all its start cost
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = -9
        conn.close()
        return (t1 - t0) / 1e6, (usage.ru_utime + usage.ru_stime) * 1e3


def spawn_true():
    """The floor: the same harness spawning /bin/true and waiting for its exit."""
    t0 = time.perf_counter_ns()
    subprocess.run(["/bin/true"], env={}, check=True)
    return (time.perf_counter_ns() - t0) / 1e6


def serve(bootstrap, root, event, invocations):
    marks = {}
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        proc = subprocess.Popen([bootstrap], cwd=root, env={"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        for n in range(1, invocations + 1):
            head, _, buf = read_request(conn, buf)
            assert head.startswith(b"GET "), head
            conn.sendall(next_reply(event, n))
            head, body, buf = read_request(conn, buf)
            assert head.startswith(b"POST /2018-06-01/runtime/invocation/req-%d/response" % n), head
            assert body.startswith(b'{"statusCode":200'), body
            conn.sendall(ACCEPTED)
            if n in (1000, invocations):
                marks[n] = rss_kib(proc.pid)
        proc.kill()
        proc.wait()
        conn.close()
    return marks


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("zip")
    parser.add_argument("event")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--invocations", type=int, default=10000)
    args = parser.parse_args()
    event = open(args.event, "rb").read().strip()
    with tempfile.TemporaryDirectory() as root:
        with zipfile.ZipFile(args.zip) as z:
            z.extractall(root)
            for info in z.infolist():
                os.chmod(os.path.join(root, info.filename), (info.external_attr >> 16) & 0o777 or 0o644)
            sizes = {i.filename: i.file_size for i in z.infolist() if not i.filename.endswith("/")}
        bootstrap = os.path.join(root, "bootstrap")
        start_once(bootstrap, root)  # warm the page cache, as a warm host has it
        starts, cpu = zip(*[start_once(bootstrap, root) for _ in range(args.runs)])
        floors = [spawn_true() for _ in range(args.runs)]
        marks = serve(bootstrap, root, event, args.invocations)
    print(f"files: " + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sizes.items()))
    print(f"start to first next, CPU time of the process (user + system): median {statistics.median(cpu):.2f} ms, "
          f"least {min(cpu):.2f} ms")
    print(f"start to first next, wall: median {statistics.median(starts):.2f} ms, fastest {min(starts):.2f} ms "
          f"({args.runs} processes); /bin/true spawned and reaped by the same harness: median "
          f"{statistics.median(floors):.2f} ms, fastest {min(floors):.2f} ms")
    print("resident: " + ", ".join(f"{kib} KiB after {n} invocations" for n, kib in sorted(marks.items())))


if __name__ == "__main__":
    main()
