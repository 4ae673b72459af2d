#!/usr/bin/env bash
# install.prefix: wcap as a user installs it (issue #13). From a copy of the
# source tree, a clean configure in Release, a build of the installed tools and
# `cmake --install` into a temporary prefix; then the source copy and the build
# tree are moved away (and deleted), and from the prefix alone:
#   - `wcap --version`, `wcapd --version`;
#   - a capsule project outside the tree (examples/out_of_tree) configured with
#     find_package(wcap) builds and signs blobs for x86_64-posix and cortex-m4
#     with its own key (wcap_add_capsule ... TARGET ... KEY ...);
#   - the same project without a key fails at configure time naming the fix;
#   - `wcap build X.wasm --target cortex-m4 --key K -o Y` works directly;
#   - the x86_64-posix blob runs on the installed wcapd (run, push, call).
#   prefix.sh SRC_DIR WORK_DIR [JOBS]
set -u
src=$1
work=$2
jobs=${3:-2}
mkdir -p "$work"
tmp=$(mktemp -d "$work/prefix.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/log.*; do [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }; done; exit 1; }
step() { echo "== $*"; }
t0=$(date +%s)

step "copy of the source tree (tracked and new files), without .git"
mkdir -p "$tmp/src"
(cd "$src" && git ls-files -z --cached --others --exclude-standard | grep -zv '^build' |
   xargs -0 tar cf - --ignore-failed-read 2>/dev/null) | tar xf - -C "$tmp/src" || fail "cannot copy the source tree"
commit=$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

step "configure (Release, clean) and build the installed tools"
cmake -S "$tmp/src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release -DWCAP_BUILD_FIRMWARE=OFF \
  -DWCAP_WERROR=ON -DWCAP_GIT_COMMIT="$commit" -DWCAP_DEPS_DIR="$src/.deps" >"$tmp/log.configure" 2>&1 ||
  fail "configure failed"
cmake --build "$tmp/build" -j"$jobs" --target wcap wcapd >"$tmp/log.build" 2>&1 || fail "build failed"
cmake --install "$tmp/build" --prefix "$tmp/p" >"$tmp/log.install" 2>&1 || fail "install failed"
echo "   configure+build+install: $(( $(date +%s) - t0 )) s"

step "source copy and build tree moved away"
mv "$tmp/src" "$tmp/src.gone" && mv "$tmp/build" "$tmp/build.gone" && rm -rf "$tmp/src.gone" "$tmp/build.gone"
P=$tmp/p
for f in bin/wcap bin/wcapd share/wcap/runtime_lib/include/wasm-rt.h share/wcap/format/include/wcap/capsule_abi.h \
         share/wcap/sdk/capsule.cmake share/wcap/sdk/wcap.h lib/cmake/wcap/wcapConfig.cmake \
         lib/cmake/wcap/wcapConfigVersion.cmake share/doc/wcap/README.md; do
  [ -e "$P/$f" ] || fail "the prefix lacks $f"
done
if strings "$P/bin/wcap" | grep -q -- "$tmp/src"; then fail "bin/wcap still names the source tree"; fi

step "--version"
"$P/bin/wcap" --version >"$tmp/log.version" 2>&1 || fail "wcap --version failed"
grep -q "^wcap [0-9]*\.[0-9]*\.[0-9]* (git $commit)" "$tmp/log.version" || fail "wcap --version: $(head -n1 "$tmp/log.version")"
grep -q "^data directory: $P/bin/../share/wcap\$\|^data directory: $P/share/wcap\$" "$tmp/log.version" ||
  fail "wcap --version does not show the prefix's data directory"
"$P/bin/wcapd" --version | grep -q "^wcapd [0-9.]* (git $commit)" || fail "wcapd --version"

step "a project outside the tree: find_package(wcap) + wcap_add_capsule(... TARGET ... KEY ...)"
cp -r "$src/examples/out_of_tree" "$tmp/proj"
"$P/bin/wcap" keygen --out "$tmp/proj/app" >"$tmp/log.keygen" 2>&1 || fail "wcap keygen"
cmake -S "$tmp/proj" -B "$tmp/proj-build" -DCMAKE_PREFIX_PATH="$P" >"$tmp/log.proj-configure" 2>&1 ||
  fail "the project does not configure"
cmake --build "$tmp/proj-build" >"$tmp/log.proj-build" 2>&1 || fail "the project does not build"
for t in x86_64-posix cortex-m4; do
  b=$tmp/proj-build/$t/app.wcap
  [ -s "$b" ] || fail "no $b"
  "$P/bin/wcap" verify "$b" --pub "$tmp/proj/app.pub" >"$tmp/log.verify" 2>&1 || fail "wcap verify $t"
  "$P/bin/wcap" inspect "$b" --json >"$tmp/log.inspect" 2>&1 || fail "wcap inspect $t"
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["name"]=="app" and m["version"]==3, m' \
    "$tmp/log.inspect" || fail "inspect of the $t blob: wrong name or version"
done

step "the same project without a key: one configure error that names the fix"
rm -rf "$tmp/proj-nokey" && mkdir "$tmp/proj-nokey"
if cmake -S "$tmp/proj" -B "$tmp/proj-nokey" -DCMAKE_PREFIX_PATH="$P" -DAPP_KEY="$tmp/nokey.key" \
     >"$tmp/log.nokey" 2>&1; then fail "configure without a key succeeded"; fi
tr -s ' \n' '  ' <"$tmp/log.nokey" | grep -q "nokey.key does not exist: create the key pair once with: wcap keygen" || fail "no clear message without a key"
rm -f "$tmp/log.nokey"

step "wcap build directly from the prefix"
"$P/bin/wcap" build "$tmp/proj-build/app.wasm" --target cortex-m4 --key "$tmp/proj/app.key" -o "$tmp/direct.wcap" \
  >"$tmp/log.direct" 2>&1 || fail "wcap build --target cortex-m4 from the prefix"

step "run on the installed wcapd"
"$P/bin/wcap" client-key --identity tester --role admin --out "$tmp/tester" --clients "$tmp/clients.txt" \
  >"$tmp/log.client" 2>&1 || fail "wcap client-key"
"$P/bin/wcapd" --serial tcp:127.0.0.1:0 --trust "$tmp/proj/app.pub" --clients "$tmp/clients.txt" \
  >"$tmp/wcapd.out" 2>"$tmp/log.wcapd" &
pid=$!
for _ in $(seq 200); do
  grep -q "^wcapd ready" "$tmp/wcapd.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$tmp/wcapd.out")
[ -n "$port" ] || fail "wcapd did not become ready"
export WCAP_IDENTITY=tester WCAP_PSK_FILE=$tmp/tester.psk
blob=$tmp/proj-build/x86_64-posix/app.wcap
timeout 60 "$P/bin/wcap" run "$blob" --port "$port" >"$tmp/log.run" 2>&1 || fail "wcap run"
grep -q "app built with find_package(wcap)" "$tmp/log.run" || fail "the capsule's log line is missing"
[ "$(grep -v '^$' "$tmp/log.run" | tail -n1)" = 7 ] || fail "run's last line is not 7"
timeout 60 "$P/bin/wcap" push "$blob" --port "$port" >"$tmp/log.push" 2>&1 || fail "wcap push"
timeout 60 "$P/bin/wcap" call app sum 2 40 --port "$port" >"$tmp/log.call" 2>&1 || fail "wcap call"
[ "$(grep -v '^$' "$tmp/log.call" | tail -n1)" = 42 ] || fail "call sum 2 40 did not give 42"
echo "PASS install.prefix ($(( $(date +%s) - t0 )) s)"
