#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test: g++ and clang++ builds (doctest
# suites, compile-fail tests, the CLI test; in the g++ build also the consumer projects of
# tests/consumers), one ASan+UBSan build of the suites, the libFuzzer targets' smoke runs
# (tests/fuzz, clang), and a meson build of the suites.
# Usage: scripts/test.sh            (SLUICE_CORPUS_DIR=... to point at the shared corpus)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-debian.sh"
corpus=${SLUICE_CORPUS_DIR:-$root/../shared/corpus}
jobs=$(nproc)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

configure_build_test() {  # name, extra cmake arguments...
  local name=$1; shift
  local dir="$root/build/ci-$name"
  echo "== $name: configure, build, test"
  cmake -S "$root" -B "$dir" -G Ninja "${launcher[@]}" -DSLUICE_CORPUS_DIR="$corpus" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" ${ctest_exclude:+-E "$ctest_exclude"}
}

start=$SECONDS
configure_build_test gcc -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_BUILD_BENCHMARKS=ON \
  -DSLUICE_CHECK_HEADERS=ON -DSLUICE_TEST_CONSUMERS=ON -DSLUICE_CHECK_NO_EXCEPTIONS=ON
configure_build_test clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_BUILD_BENCHMARKS=OFF
# The compile-fail cases check the compiler's messages, already done twice above: not again here.
ctest_exclude='^compile_fail\.' ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  configure_build_test sanitize -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug -DSLUICE_SANITIZE=ON \
  -DSLUICE_BUILD_BENCHMARKS=OFF
# The fuzz targets (clang, libFuzzer, ASan+UBSan): one binary, each target ~20 s from its seeds.
configure_build_test fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_FUZZ=ON \
  -DSLUICE_BUILD_TESTS=OFF -DSLUICE_BUILD_EXAMPLES=OFF -DSLUICE_BUILD_BENCHMARKS=OFF
# The same doctest suites and sluice-echo, built by meson.build (ccache, if installed, is picked
# up by meson itself). The tests that run CMake scripts stay in the CMake builds above.
echo "== meson: configure, build, test"
meson_dir="$root/build/ci-meson"
meson_setup=(meson setup)
[[ -f $meson_dir/meson-private/coredata.dat ]] && meson_setup+=(--reconfigure)
"${meson_setup[@]}" "$meson_dir" "$root" -Dcorpus_dir="$corpus" --buildtype=debugoptimized
meson compile -C "$meson_dir" -j "$jobs"
meson test -C "$meson_dir" --print-errorlogs --num-processes "$jobs"
echo "== all tests passed in $((SECONDS - start)) s"
