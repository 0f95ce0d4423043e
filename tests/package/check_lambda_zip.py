#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Checks a zip made by sluice_add_lambda as Lambda's provided.al2023 would take it: bootstrap
at the root, executable; every ELF file needs only what AL2023 has (glibc 2.34, GCC 11's
libgcc_s and libstdc++, OpenSSL 3.0, zlib) or what lib/ holds; bootstrap's stripped size; and it answers an event.

Usage: check_lambda_zip.py ZIP EVENT_FILE"""

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import zipfile

SYSTEM = re.compile(r"^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|"
                    r"ld-linux[-a-z0-9_]*\.so\.\d+|libgcc_s\.so\.1|libstdc\+\+\.so\.6|libcrypto\.so\.3|"
                    r"libssl\.so\.3|libz\.so\.1)$")
NEWEST = {"GLIBC": (2, 34), "GLIBCXX": (3, 4, 29), "CXXABI": (1, 3, 13), "GCC": (7, 0, 0), "OPENSSL": (3, 0, 0),
          "ZLIB": (1, 2, 11)}
MAX_BOOTSTRAP_BYTES = 3 * 1024 * 1024
EXPECTED_BODY = '{"route":"GET /pets/{id}","params":{"id":7}}'

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def readelf(*args):
    return subprocess.run(["readelf", *args], check=True, capture_output=True, text=True).stdout


def main(zip_path, event):
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        if "bootstrap" not in names:
            print(f"FAIL: no bootstrap at the root of {zip_path}: {names}", file=sys.stderr)
            return 1
        for info in z.infolist():
            check(info.filename == "bootstrap" or info.filename.startswith("lib/"),
                  f"unexpected entry {info.filename}")
            mode = info.external_attr >> 16
            if info.filename == "bootstrap":
                check(stat.S_ISREG(mode) and mode & 0o111 == 0o111, f"bootstrap mode is {oct(mode)}, not executable")
        with tempfile.TemporaryDirectory() as root:
            z.extractall(root)
            for info in z.infolist():  # zipfile does not restore modes
                os.chmod(os.path.join(root, info.filename), (info.external_attr >> 16) & 0o777 or 0o644)
            bundled = {n[4:] for n in names if n.startswith("lib/") and not n.endswith("/")}
            for name in names:
                path = os.path.join(root, name)
                if name.endswith("/") or open(path, "rb").read(4) != b"\x7fELF":
                    continue
                dynamic = readelf("--dynamic", "--wide", path)
                for lib in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic):
                    check(SYSTEM.match(lib) or lib in bundled, f"{name} needs {lib}: neither on provided.al2023 nor in lib/")
                versions = readelf("--version-info", "--wide", path)
                for prefix, limit in NEWEST.items():
                    for found in re.findall(rf"Name: {prefix}_([0-9.]+)", versions):
                        version = tuple(int(x) for x in found.split("."))
                        check(version <= limit, f"{name} needs {prefix}_{found}, newer than AL2023's "
                                                f"{prefix}_{'.'.join(map(str, limit))}")
                if name == "bootstrap":
                    check("libstdc++" not in dynamic, "bootstrap links libstdc++ dynamically")
                    if bundled:
                        check(re.search(r"\(RPATH\)\s+Library rpath: \[\$ORIGIN/lib\]", dynamic),
                              "bootstrap has no DT_RPATH $ORIGIN/lib for its lib/")
                    check("GLIBC_" in versions, "readelf shows no GLIBC_ versions: the check is blind")
            size = os.path.getsize(os.path.join(root, "bootstrap"))
            print(f"bootstrap: {size} bytes stripped ({size / 1048576:.2f} MiB); lib/: {sorted(bundled) or 'empty'}")
            check(size <= MAX_BOOTSTRAP_BYTES, f"bootstrap is {size} bytes, over 3 MiB")
            # as Lambda starts it: nothing from the environment, libraries from lib/ or the system
            run = subprocess.run([os.path.join(root, "bootstrap"), "--invoke", event], env={},
                                 capture_output=True, text=True, timeout=30)
            check(run.returncode == 0, f"bootstrap --invoke exited {run.returncode}: {run.stderr}")
            try:
                answer = json.loads(run.stdout)
                check(answer["statusCode"] == 200 and answer["body"] == EXPECTED_BODY and
                      answer["headers"]["Content-Type"] == "application/json", f"bootstrap --invoke answered {answer}")
            except (ValueError, KeyError, TypeError):
                check(False, f"bootstrap --invoke printed {run.stdout!r}")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
