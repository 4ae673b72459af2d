#!/usr/bin/env bash
# Installs every Debian 12 package wcap needs and fetches the C sources of
# mbedtls, nanopb and lwIP (Debian source packages) for the device builds, and
# the pinned AssemblyScript compiler (npm) for examples/assemblyscript.
# Idempotent: safe to run again. Run as root on Debian 12 (bookworm).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" != 0 ]; then
  echo "setup.sh: must run as root (it calls apt-get)" >&2; exit 1
fi

# deb-src for bookworm so 'apt-get source' works (apt checks Debian's signatures).
src=/etc/apt/sources.list.d/wcap-deb-src.sources
if [ ! -f "$src" ]; then
  cat >"$src" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

pkgs=(
  build-essential cmake pkg-config git python3 dpkg-dev
  wabt clang-14 lld-14 clang-format-14 wasi-libc libclang-rt-14-dev libclang-rt-14-dev-wasm32
  libelf-dev libmbedtls-dev
  nanopb libnanopb-dev protobuf-compiler python3-protobuf
  libcoap3-dev libcoap3-bin
  qemu-system-arm qemu-system-misc
  gcc-arm-none-eabi picolibc-arm-none-eabi
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  gcc-xtensa-lx106 binutils-xtensa-lx106 picolibc-xtensa-lx106-elf
  gcc-12-source
  valgrind
  rustc libstd-rust-dev-wasm32
)
# node and npm for the AssemblyScript compiler (below): Debian's, unless a node
# with npm is installed already (a NodeSource nodejs package conflicts with Debian's npm).
command -v npm >/dev/null || pkgs+=(nodejs npm)
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] || ! ls /var/lib/apt/lists/*Sources* >/dev/null 2>&1; then
  apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Device-side C sources from Debian source packages, unpacked outside git.
third="$here/.deps"
mkdir -p "$third"
for sp in mbedtls nanopb lwip; do
  if ! ls -d "$third/$sp"-*/ >/dev/null 2>&1; then
    (cd "$third" && apt-get source -q --download-only "$sp" >/dev/null && \
     dpkg-source -x --no-check "$(ls "$sp"_*.dsc | head -n1)" >/dev/null) || {
       echo "setup.sh: could not fetch the Debian source package $sp" >&2; exit 1; }
  fi
done
# The AssemblyScript compiler of examples/assemblyscript, pinned by its
# package-lock.json (npm ci), into .deps/assemblyscript.
bash "$here/scripts/setup-assemblyscript.sh" "$third/assemblyscript"
echo "setup.sh: all dependencies present"
