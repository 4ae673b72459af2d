#!/usr/bin/env bash
# Runs one libFuzzer harness of tests/fuzz for a bounded time (docs/fuzzing.md).
#
#   tests/fuzz/run.sh HARNESS SECONDS [BUILD_DIR] [extra libFuzzer flags...]
#
# HARNESS: loader, device, coap or reloc. BUILD_DIR (default build-fuzz) is a fuzz
# build: cmake -S . -B build-fuzz -DWCAP_FUZZ=ON -DCMAKE_C_COMPILER=clang-14.
# Starts from the committed seeds (tests/fuzz/corpus/HARNESS) and regression
# inputs (tests/fuzz/regressions/HARNESS), keeps what it finds in
# BUILD_DIR/fuzz/HARNESS/corpus (reused by the next run) and writes a crashing
# input to BUILD_DIR/fuzz/HARNESS/artifacts/. Exit 0 only when the time ran out
# without a crash, leak, sanitizer report or timeout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
h=${1:?usage: run.sh HARNESS SECONDS [BUILD_DIR] [libFuzzer flags...]}
secs=${2:?usage: run.sh HARNESS SECONDS [BUILD_DIR] [libFuzzer flags...]}
build=${3:-$here/../../build-fuzz}
shift $(( $# < 3 ? $# : 3 ))
bin=$build/bin/fuzz_$h
[ -x "$bin" ] || { echo "run.sh: no $bin (configure a fuzz build, see docs/fuzzing.md)"; exit 2; }
work=$build/fuzz/$h
mkdir -p "$work/corpus" "$work/artifacts"
dirs=("$work/corpus" "$here/corpus/$h")
[ -d "$here/regressions/$h" ] && dirs+=("$here/regressions/$h")
# -timeout: libFuzzer's per-input alarm (SIGALRM) is taken over by wcap's
# deadline timer once a capsule runs; ctest's TIMEOUT bounds a hang then.
exec "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" "${dirs[@]}"
