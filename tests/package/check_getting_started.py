#!/usr/bin/env python3
"""Follows docs/getting-started.md as a newcomer would: writes its CMakeLists.txt and main.cpp
into a fresh project (this source tree in place of the git clone), builds it, serves it on a
free port and sends each documented curl request, checking the answer the guide's comment
promises; then checks the Lambda zip and the SAM template --emit writes.
Usage: check_getting_started.py SOURCE_DIR WORK_DIR"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

source, work = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2])
guide = (source / "docs" / "getting-started.md").read_text(encoding="utf-8")


def block_after(label):
    """The fenced code block that follows the line `label`."""
    m = re.search(re.escape(label) + r"\s*\n\s*```[a-z]*\n(.*?)\n```", guide, re.S)
    if not m:
        sys.exit(f"getting-started.md has no code block after {label!r}")
    return m.group(1) + "\n"


shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
cmake_lists = block_after("`CMakeLists.txt`:")
if "add_subdirectory(third_party/sluice)" not in cmake_lists:
    sys.exit("the guide's CMakeLists.txt no longer adds third_party/sluice")
cmake_lists = cmake_lists.replace("add_subdirectory(third_party/sluice)", f"add_subdirectory({source} sluice)")
(work / "CMakeLists.txt").write_text(cmake_lists)
(work / "main.cpp").write_text(block_after("`main.cpp`:"))

launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if shutil.which("ccache") else []
subprocess.run(["cmake", "-S", str(work), "-B", str(work / "build"), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                *launcher], check=True, stdout=subprocess.DEVNULL)
subprocess.run(["cmake", "--build", str(work / "build")], check=True)
pets = work / "build" / "pets"

failures = []
server = subprocess.Popen([str(pets), "--serve", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
try:
    line = server.stdout.readline()
    m = re.search(r"listening on (http://[^ ]+)", line)
    if not m:
        sys.exit(f"pets --serve printed {line!r}, not its address")
    base = m.group(1)
    # `curl -s [-H 'NAME: VALUE'] [-d 'BODY'] localhost:8080/PATH   # [STATUS] EXPECTED` lines of the guide
    requests = re.findall(r"^curl -s (?:-H '([^']*)' )?(?:-d '([^']*)' )?localhost:8080(\S+)\s+# (.*)$", guide, re.M)
    if len(requests) < 4:
        sys.exit(f"the guide has {len(requests)} curl lines; expected at least 4")
    for header, body, path, promise in requests:
        data = body.encode() if body else None
        headers = dict([tuple(part.strip() for part in header.split(":", 1))]) if header else {}
        if data is not None and not header:
            headers["Content-Type"] = "application/x-www-form-urlencoded"  # what curl -d sends
        try:
            with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=headers), timeout=10) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        m = re.match(r"(\d{3}) ?(.*)", promise)
        want_status, want_body = (int(m.group(1)), m.group(2)) if m else (200, promise)
        if status != want_status:
            failures.append(f"{path}: status {status}, the guide says {want_status}")
        if want_body.startswith("{"):
            if json.loads(text) != json.loads(want_body):
                failures.append(f"{path}: {text}, the guide says {want_body}")
        elif "naming the field" in want_body and "'name'" not in text:
            failures.append(f"{path}: {text} names no field")
finally:
    server.terminate()
    server.wait(timeout=10)

zip_path = work / "build" / "pets.zip"
if not zip_path.is_file():
    failures.append("cmake --build did not write build/pets.zip")
sam = subprocess.run([str(pets), "--emit", "sam"], capture_output=True, text=True, check=True).stdout
try:
    import yaml

    class TemplateLoader(yaml.SafeLoader):
        """CloudFormation's short tags (!Sub, !Ref, !GetAtt) read as plain values."""

    TemplateLoader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node)
                                         if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node))
    template = yaml.load(sam, Loader=TemplateLoader)
    functions = [r for r in template["Resources"].values() if r.get("Type") == "AWS::Serverless::Function"]
    events = functions[0]["Properties"]["Events"] if len(functions) == 1 else {}
    routes = sorted((e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in events.values())
    if routes != [("GET", "/pets/{id}"), ("POST", "/pets")]:
        failures.append(f"--emit sam routes {routes}")
    if "pets.zip" not in sam:
        failures.append("--emit sam does not point CodeUri at pets.zip")
except ImportError:
    print("python3-yaml is missing: the SAM template was not read")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"getting-started.md: built, served and answered {len(requests)} requests as documented; pets.zip and the SAM template as described")
