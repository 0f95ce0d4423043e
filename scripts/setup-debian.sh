#!/usr/bin/env bash
# Installs, from Debian's archive, what sluice's build needs and this machine lacks.
# Usage: scripts/setup-debian.sh [extra-package ...]
set -euo pipefail
packages=(g++ clang cmake meson ninja-build ccache pkg-config libsimdjson-dev doctest-dev libbenchmark-dev libssl-dev libcpp-httplib-dev curl python3-yaml binutils zlib1g-dev python3 valgrind "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
