#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Checks what `APP --emit sam` prints, read with python3-yaml: a SAM template for
provided.al2023 whose HttpApi events are exactly the expected routes with their authorizers.

- sluice-emit-sample (tests/support/emit_app.hpp): against the table below, written by hand;
- sluice-echo: against examples/echo/template.yaml, written by hand for deployment.

Usage: check_emitted_sam.py SAMPLE ECHO ECHO_TEMPLATE"""

import subprocess
import sys

try:
    import yaml
except ImportError:
    print("SKIPPED: python3-yaml is not installed (Debian: python3-yaml; scripts/setup-debian.sh installs it)")
    sys.exit(77)


class CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !Sub, ...) as {tag: value}."""


def any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}


CloudFormationLoader.add_multi_constructor("!", any_tag)

# sluice-emit-sample's routes: (method, path, authorizer, scopes); $default has no method/path
SAMPLE_ROUTES = {
    ("GET", "/shops/{shop}/items/{item}", "NONE", ()),
    ("GET", "/search", "NONE", ()),
    ("POST", "/orders", "JwtAuthorizer", ("admin", "orders:write")),
    ("PUT", "/orders/{id}", "JwtAuthorizer", ("orders:read", "orders:write")),
    ("PUT", "/blobs/{key+}", "AWS_IAM", ()),
    ("GET", "/things", "JwtAuthorizer", ()),
    ("ANY", "/things", "NONE", ()),
    ("DELETE", "/things", "NONE", ()),
    ("GET", "/maybe", "NONE", ()),
    ("GET", "/mixed", "NONE", ()),
    (None, None, "NONE", ()),
}


def load(text):
    return yaml.load(text, Loader=CloudFormationLoader)


def routes_of(template, failures, where):
    """The template's HttpApi events as (method, path, authorizer, sorted scopes)."""
    if template.get("Transform") != "AWS::Serverless-2016-10-31":
        failures.append(f"{where}: not a SAM template (Transform)")
    resources = template.get("Resources", {})
    functions = {k: v for k, v in resources.items() if v.get("Type") == "AWS::Serverless::Function"}
    apis = {k for k, v in resources.items() if v.get("Type") == "AWS::Serverless::HttpApi"}
    if len(functions) != 1 or len(apis) != 1:
        failures.append(f"{where}: expected one function and one HttpApi, found {sorted(functions)}, {sorted(apis)}")
    routes = []
    for fn in functions.values():
        for event_name, event in fn.get("Properties", {}).get("Events", {}).items():
            p = event.get("Properties", {})
            if event.get("Type") != "HttpApi" or p.get("ApiId", {}).get("Ref") not in apis:
                failures.append(f"{where}: {event_name} is not an event of the template's HttpApi")
            auth = p.get("Auth", {})
            routes.append((p.get("Method"), p.get("Path"), auth.get("Authorizer"),
                           tuple(sorted(auth.get("AuthorizationScopes", [])))))
    return routes, functions, resources


def emitted(app):
    out = subprocess.run([app, "--emit", "sam"], check=True, capture_output=True, text=True).stdout
    return load(out)


def main(sample, echo, echo_template):
    failures = []

    template = emitted(sample)
    routes, functions, resources = routes_of(template, failures, "sample")
    if len(routes) != len(set(routes)) or set(routes) != SAMPLE_ROUTES:
        failures.append("sample: events differ from the route table:\n"
                        f"  missing {sorted(SAMPLE_ROUTES - set(routes), key=str)}\n"
                        f"  unexpected {sorted(set(routes) - SAMPLE_ROUTES, key=str)}")
    for fn in functions.values():
        props = fn["Properties"]
        want = {"Runtime": "provided.al2023", "Handler": "bootstrap", "CodeUri": "sluice-emit-sample.zip"}
        for key, value in want.items():
            if props.get(key) != value:
                failures.append(f"sample: {key} is {props.get(key)!r}, not {value!r}")
        if props.get("Architectures") not in (["x86_64"], ["arm64"]):
            failures.append(f"sample: Architectures {props.get('Architectures')!r}")
    api_auth = next((r["Properties"]["Auth"] for r in resources.values()
                     if r.get("Type") == "AWS::Serverless::HttpApi"), {})
    if api_auth.get("EnableIamAuthorizer") is not True:
        failures.append("sample: a route uses AWS_IAM, but the HttpApi does not enable the IAM authorizer")
    jwt = api_auth.get("Authorizers", {}).get("JwtAuthorizer", {})
    if jwt.get("IdentitySource") != "$request.header.Authorization" or \
            jwt.get("JwtConfiguration", {}).get("issuer") != {"Ref": "JwtIssuer"}:
        failures.append(f"sample: the JWT authorizer is not configured: {jwt!r}")
    if set(template.get("Parameters", {})) != {"JwtIssuer", "JwtAudience"}:
        failures.append(f"sample: parameters {sorted(template.get('Parameters', {}))}")

    # sluice-echo: the emitted events are the hand-written template's
    mine, _, _ = routes_of(emitted(echo), failures, "echo")
    with open(echo_template, encoding="utf-8") as f:
        theirs, _, _ = routes_of(load(f), failures, echo_template)
    if sorted(mine, key=str) != sorted(theirs, key=str):
        failures.append("echo: emitted events differ from examples/echo/template.yaml:\n"
                        f"  only emitted {sorted(set(mine) - set(theirs), key=str)}\n"
                        f"  only in the template {sorted(set(theirs) - set(mine), key=str)}")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {len(routes)} sample events and {len(mine)} sluice-echo events as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
