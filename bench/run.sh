#!/usr/bin/env bash
# Regenerates the benchmark results: bench/results/<target>.{json,md,svg}.
#   bench/run.sh [--quick] [--targets LIST] [--programs LIST] [--build-dir DIR]
#     --quick        correctness only: each program once per available form
#     --targets      comma-separated wcap targets, or all (default x86_64-posix)
#     --programs     comma-separated subset of bench/programs/*.c
#     --build-dir    the project build with bin/wcap, bin/wcap-exec, keys/ (default: build)
# Everything else is passed to bench/tools/benchctl.py (see its --help).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=measure
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
exec python3 "$here/tools/benchctl.py" "$mode" --build-dir "${WCAP_BUILD_DIR:-$here/../build}" "${args[@]}"
