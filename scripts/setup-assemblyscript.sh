#!/usr/bin/env bash
# Installs the AssemblyScript compiler that examples/assemblyscript is built
# with, exactly the versions of examples/assemblyscript/package-lock.json
# (npm ci, no install scripts), into DIR/node_modules (default .deps/assemblyscript;
# never into the source tree). CMake finds DIR/node_modules/.bin/asc for
# DIR = .deps/assemblyscript, otherwise pass -DWCAP_ASC=DIR/node_modules/.bin/asc.
# Called by scripts/setup.sh; needs node >= 18 and npm (Debian 12: nodejs, npm).
#   scripts/setup-assemblyscript.sh [DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$here/.deps/assemblyscript}
pkg=$here/examples/assemblyscript
if [ -x "$dir/node_modules/.bin/asc" ] && cmp -s "$pkg/package-lock.json" "$dir/package-lock.json"; then
  exit 0 # already installed from this lock file
fi
command -v npm >/dev/null || { echo "setup-assemblyscript.sh: npm not found (Debian: apt-get install nodejs npm)" >&2; exit 1; }
mkdir -p "$dir"
cp "$pkg/package.json" "$pkg/package-lock.json" "$dir/"
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || {
  echo "setup-assemblyscript.sh: npm ci in $dir failed" >&2; exit 1; }
echo "setup-assemblyscript.sh: $("$dir/node_modules/.bin/asc" --version) in $dir"
