#!/usr/bin/env bash
# install.deb: `cpack -G DEB` of the build tree makes a Debian package whose
# Depends name the Debian packages wcap needs at run time; as root, `dpkg -i`
# installs it, the installed /usr/bin/wcap --version runs and /usr/bin/wcap
# builds a capsule against /usr/share/wcap; the package is removed again at
# the end (a wcap package that was installed before is left alone: then skip).
# Not root, or no dpkg: skipped (exit 77) with the reason.
#   deb.sh BUILD_DIR WASM WORK_DIR
set -u
build=$1 wasm=$2 work=$3
skip() { echo "SKIP install.deb: $*"; exit 77; }
command -v dpkg >/dev/null && command -v dpkg-deb >/dev/null || skip "no dpkg (not a Debian system)"
mkdir -p "$work"
tmp=$(mktemp -d "$work/deb.XXXXXX")
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then dpkg -r wcap >/dev/null 2>&1 || echo "warning: dpkg -r wcap failed"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/log.*; do [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }; done; exit 1; }
t0=$(date +%s)

(cd "$tmp" && cpack -G DEB -B "$tmp/out" --config "$build/CPackConfig.cmake") >"$tmp/log.cpack" 2>&1 || fail "cpack -G DEB"
deb=$(ls "$tmp"/out/wcap_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "cpack made no wcap_*.deb"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, cpack $(( $(date +%s) - t0 )) s"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for d in libelf1 libmbedcrypto wabt clang-14 lld-14 wasi-libc picolibc-arm-none-eabi libcoap3; do
  grep -q "$d" <<<"$depends" || fail "Depends lacks $d"
done
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/wcap ./usr/bin/wcapd ./usr/share/wcap/runtime_lib/include/wasm-rt.h ./usr/share/wcap/format/include/wcap/capsule_abi.h \
         ./usr/share/wcap/sdk/capsule.cmake ./usr/lib/cmake/wcap/wcapConfig.cmake ./usr/share/doc/wcap/README.md; do
  grep -q " $f\$" "$tmp/contents" || fail "the package lacks $f"
done

[ "$(id -u)" = 0 ] || skip "not root: dpkg -i needs root (the package was built and checked: $(basename "$deb"))"
if dpkg-query -W -f='${Status}' wcap 2>/dev/null | grep -q "install ok installed"; then
  skip "a wcap package is already installed on this machine; not replacing it"
fi
dpkg -i "$deb" >"$tmp/log.dpkg" 2>&1 || fail "dpkg -i"
installed=1
/usr/bin/wcap --version >"$tmp/log.version" 2>&1 || fail "/usr/bin/wcap --version"
cat "$tmp/log.version"
grep -q "^data directory: /usr/share/wcap\$" "$tmp/log.version" || fail "the installed wcap does not use /usr/share/wcap"
/usr/bin/wcapd --version || fail "/usr/bin/wcapd --version"
/usr/bin/wcap keygen --out "$tmp/k" >/dev/null 2>&1 || fail "wcap keygen"
env -u WCAP_DATA_DIR /usr/bin/wcap build "$wasm" --target cortex-m4 --key "$tmp/k.key" -o "$tmp/x.wcap" \
  >"$tmp/log.build" 2>&1 || fail "the installed wcap cannot build"
/usr/bin/wcap verify "$tmp/x.wcap" --pub "$tmp/k.pub" >/dev/null || fail "verify"
echo "PASS install.deb ($(( $(date +%s) - t0 )) s)"
