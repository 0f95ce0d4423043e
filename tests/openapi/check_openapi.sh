#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
#
# Validates what `APP --emit openapi` prints with an established OpenAPI 3.1 validator from the
# npm registry (@seriousme/openapi-schema-validator, pinned by package-lock.json beside this
# script), installed with `npm ci` into CACHE once. Exits 77 (ctest: skipped), saying SKIPPED,
# when node or npm is missing or the registry cannot be reached.
#
# Usage: check_openapi.sh CACHE APP...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$1
shift

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool is not installed; the OpenAPI documents were not validated"
    exit 77
  fi
done

mkdir -p "$cache"
validator="$cache/node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js"
if ! cmp -s "$here/package-lock.json" "$cache/package-lock.json" || [[ ! -f $validator ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  if ! (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1); then
    echo "SKIPPED: npm ci could not install the validator (is the registry reachable?):"
    tail -5 "$cache/npm.log"
    rm -f "$cache/package-lock.json"  # try again next time
    exit 77
  fi
fi

# A document that breaks the specification must be refused, or the validator proves nothing.
broken="$cache/broken.json"
"$1" --emit openapi | sed 's/"in":"path",//' >"$broken"
if node "$validator" "$broken" >"$cache/broken.out" 2>&1; then
  echo "FAIL: the validator accepted a path parameter without \"in\""
  exit 1
fi

status=0
for app in "$@"; do
  doc="$cache/$(basename "$app").openapi.json"
  "$app" --emit openapi >"$doc"
  if node "$validator" "$doc" >"$doc.out" 2>&1; then
    echo "valid: $(basename "$app") --emit openapi"
  else
    echo "FAIL: $(basename "$app") --emit openapi is not a valid OpenAPI document:"
    head -40 "$doc.out"
    status=1
  fi
done
exit $status
