#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Checks examples/echo/template.yaml: a SAM template for provided.al2023 whose HttpApi events
are exactly the app's route table, as `APP --help` lists it, each naming its authorizer.

Usage: check_sam_template.py TEMPLATE APP"""

import subprocess
import sys

try:
    import yaml
except ImportError:
    print("SKIPPED: python3-yaml is not installed (Debian: python3-yaml)")
    sys.exit(0)


class CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !Sub, !GetAtt, ...) as plain values."""


def any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}


CloudFormationLoader.add_multi_constructor("!", any_tag)


def main(template_path, app):
    failures = []
    with open(template_path, encoding="utf-8") as f:
        template = yaml.load(f, Loader=CloudFormationLoader)
    if template.get("Transform") != "AWS::Serverless-2016-10-31":
        failures.append("not a SAM template (Transform)")
    resources = template.get("Resources", {})
    functions = {k: v for k, v in resources.items() if v.get("Type") == "AWS::Serverless::Function"}
    apis = {k for k, v in resources.items() if v.get("Type") == "AWS::Serverless::HttpApi"}
    if len(functions) != 1:
        failures.append(f"expected one function, found {sorted(functions)}")
    events = set()
    for name, fn in functions.items():
        props = fn.get("Properties", {})
        for key, want in (("Runtime", "provided.al2023"), ("Handler", "bootstrap")):
            if props.get(key) != want:
                failures.append(f"{name}: {key} is {props.get(key)!r}, not {want!r}")
        if not str(props.get("CodeUri", "")).endswith("sluice-echo.zip"):
            failures.append(f"{name}: CodeUri {props.get('CodeUri')!r} is not the zip sluice_add_lambda makes")
        for event_name, event in props.get("Events", {}).items():
            if event.get("Type") != "HttpApi":
                failures.append(f"{event_name}: type {event.get('Type')}, not HttpApi")
                continue
            p = event.get("Properties", {})
            if p.get("ApiId", {}).get("Ref") not in apis:
                failures.append(f"{event_name}: ApiId is not the template's HttpApi")
            if "Authorizer" not in p.get("Auth", {}):
                failures.append(f"{event_name}: no Auth.Authorizer (every route declares its policy)")
            key = f"{p.get('Method')} {p.get('Path')}"
            if key in events:
                failures.append(f"{event_name}: {key} twice")
            events.add(key)
    usage = subprocess.run([app, "--help"], check=True, capture_output=True, text=True).stdout
    routes = set(line.strip() for line in usage.split("Routes:\n", 1)[1].splitlines() if line.strip())
    for missing in sorted(routes - events):
        failures.append(f"the app's route {missing} has no event in the template")
    for extra in sorted(events - routes):
        failures.append(f"the template's event {extra} is not a route of the app")
    if not routes:
        failures.append(f"{app} --help lists no routes")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    if not failures:
        print(f"{template_path}: {len(events)} events, the app's {len(routes)} routes")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
