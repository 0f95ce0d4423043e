#!/usr/bin/env python3
"""Writes tests' route_sets.hpp for the meson build: the same bytes as the CMake function
sluice_generate_route_sets in cmake/route_sets.cmake (CMake's ctest checks that they agree).
Usage: gen_route_sets.py [--check] CORPUS_DIR OUTPUT
  --check: write nothing; exit 1 if OUTPUT differs from what would be written."""
import os
import re
import sys

SETS = ("github", "gplus", "parse", "static", "matchit")


def read_lines(path):
    """The lines as CMake's file(STRINGS) + foreach(IN LISTS) see them."""
    with open(path, "rb") as f:
        data = f.read().replace(b"\r", b"")  # file(STRINGS) drops every CR
    bad = re.search(rb"[^\t\n\x20-\x7e]", data)  # file(STRINGS) would cut the line there
    if bad:
        sys.exit(f"{path}: byte {bad.group()!r} at offset {bad.start()}: only printable ASCII is supported")
    lines = data.decode("ascii").split("\n")
    if lines[-1] == "":
        lines.pop()  # a final newline ends the last line, it does not start one
    return [] if lines == [""] else lines  # a CMake list of one empty string is empty


def generate(corpus):
    out = [f"// Generated from {corpus}/routes by cmake/route_sets.cmake or scripts/gen_route_sets.py."
           " Do not edit.\n#pragma once\n\n",
           "#include <string_view>\n#include <tuple>\n\n#include \"sluice/router.hpp\"\n\nnamespace route_sets {\n\n"]
    names = []
    for name in SETS:
        routes_file = f"{corpus}/routes/{name}.routes.txt"
        requests_file = f"{corpus}/routes/{name}.requests.txt"
        if not (os.path.exists(routes_file) and os.path.exists(requests_file)):
            continue
        routes, requests = read_lines(routes_file), read_lines(requests_file)
        out.append(f"struct {name}_set {{\n  static constexpr std::string_view name = \"{name}\";\n")
        out.append("  using router = sluice::router<\n")
        out.append(",\n".join(f"      \"{r}\"" for r in routes))
        out.append(">;\n  static constexpr std::string_view requests[] = {\n")
        out.extend(f"      \"{r}\",\n" for r in requests)
        out.append("  };\n};\n\n")
        names.append(f"{name}_set")
    out.append(f"/// Every set found; empty when the corpus is absent.\nusing all = std::tuple<{', '.join(names)}>;\n\n"
               "}  // namespace route_sets\n")
    text = "".join(out)
    # file(CONFIGURE ... @ONLY) would substitute these; refuse rather than differ.
    for pattern in (r"@[A-Za-z_0-9/.+-]+@", r"#cmakedefine"):
        found = re.search(pattern, text)
        if found:
            sys.exit(f"gen_route_sets.py: '{found.group()}' in the corpus or its path is not supported")
    return text.encode("utf-8", "surrogateescape")


def main(argv):
    check = argv[:1] == ["--check"]
    if check:
        argv = argv[1:]
    if len(argv) != 2:
        sys.exit(__doc__)
    corpus, output = argv
    text = generate(corpus)
    try:
        with open(output, "rb") as f:
            current = f.read()
    except FileNotFoundError:
        current = None
    if check:
        if current != text:
            sys.exit(f"{output} differs from what scripts/gen_route_sets.py generates from {corpus}")
    elif current != text:  # leave an up-to-date header untouched, as file(CONFIGURE) does
        with open(output, "wb") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
