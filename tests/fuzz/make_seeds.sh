#!/usr/bin/env bash
# Regenerates the committed seeds of the fuzz harnesses (docs/fuzzing.md):
#   keys/fuzz.pub              a fresh key pair (the private half is thrown away)
#   corpus/loader/*            real blobs of the examples, signed with it, behind
#                              the harness's prefix (target flags, chunk sizes)
#   corpus/device/*            the bytes `wcap` sends to wcapd (--serial tcp:) for
#                              info, ls, push, call, start/stop, rm, run
#   corpus/coap/*              the datagrams coap-client-notls and `wcap --coap`
#                              send to wcapd --coap, as [u16 length][datagram]
#   corpus/reloc/*             the images and relocation tables of those blobs
#
#   tests/fuzz/make_seeds.sh [BUILD_DIR]    (a normal build: wcap, wcapd, examples)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
WCAP=$build/bin/wcap WCAPD=$build/bin/wcapd
CC=$(command -v coap-client-notls)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

"$WCAP" keygen --out "$tmp/fuzz" >/dev/null
cp "$tmp/fuzz.pub" "$here/keys/fuzz.pub"
mkdir -p "$here"/corpus/{loader,device,coap,reloc}
rm -f "$here"/corpus/{loader,device,coap,reloc}/*

# sign NAME TARGET [wcap build options]: $tmp/TARGET-NAME.blob from the example's .wasm
sign() {
  local n=$1 t=$2; shift 2
  "$WCAP" build "$build/examples/$n.wasm" --target "$t" --key "$tmp/fuzz.key" -o "$tmp/$t-$n.blob" \
    --name "$n" "$@" >/dev/null
}
sign hello x86_64-posix --memory-max 8192 --cap log --stack 2048
sign faults x86_64-posix --memory-max 8192 --stack 2048
sign compute x86_64-posix --memory-max 24576 --stack 4096
sign sensor_filter x86_64-posix --memory-max 8192 --cap log,sensor,led,reply --stack 2048
sign hello cortex-m4 --memory-max 8192 --cap log --stack 2048
sign compute cortex-m33 --memory-max 24576 --stack 4096
sign compute rv32imac --memory-max 24576 --stack 4096

# loader seeds: [flags][n][n chunk sizes][blob]; flags bits 0-1 pick the target
lseed() { # lseed FLAGS CHUNKS(hex bytes, may be empty) BLOB NAME
  { printf "\\x$1"; printf "\\x$(printf %02x $(( ${#2} / 2 )))"; printf "%s" "$2" | xxd -r -p; cat "$3"; } \
    >"$here/corpus/loader/$4"
}
lseed 00 "" "$tmp/x86_64-posix-hello.blob" x86_64-hello
lseed 00 "0f3fc7" "$tmp/x86_64-posix-faults.blob" x86_64-faults-chunked
lseed 00 "00" "$tmp/x86_64-posix-compute.blob" x86_64-compute-bytewise
lseed 08 "c7" "$tmp/x86_64-posix-sensor_filter.blob" x86_64-sensor_filter-floor
lseed 01 "3f" "$tmp/cortex-m4-hello.blob" cortex-m4-hello
lseed 02 "" "$tmp/cortex-m33-compute.blob" cortex-m33-compute
lseed 03 "07ff" "$tmp/rv32imac-compute.blob" rv32imac-compute

# reloc seeds: the same blobs' images and relocation tables, at device-like addresses
rseed() { # rseed BLOB TARGET_INDEX IMAGE_ADDR IMPORT_ADDR NAME
  "$WCAP" inspect "$1" --json >"$tmp/inspect.json"
  python3 "$here/reloc_seed.py" "$1" "$tmp/inspect.json" "$2" "$3" "$4" "$here/corpus/reloc/$5"
}
rseed "$tmp/x86_64-posix-compute.blob" 0 0x10000 0x401000 x86_64-compute
rseed "$tmp/x86_64-posix-sensor_filter.blob" 0 0x10000 0x90001000 x86_64-sensor_filter-far
rseed "$tmp/cortex-m4-hello.blob" 1 0x20001000 0x00000401 cortex-m4-hello-veneers
rseed "$tmp/cortex-m33-compute.blob" 2 0x20001000 0x20100001 cortex-m33-compute-near
rseed "$tmp/rv32imac-compute.blob" 3 0x80020000 0x80000000 rv32imac-compute

# device seeds: a fresh wcapd behind a recording TCP relay for each session
dev_up() { # dev_up MODE-OPTION...: starts wcapd, sets dpid and dport
  "$WCAPD" "$@" --trust "$here/keys/fuzz.pub" >"$tmp/d.out" 2>/dev/null &
  dpid=$!
  pids+=($dpid)
  for _ in $(seq 100); do grep -q "ready" "$tmp/d.out" 2>/dev/null && break; sleep 0.05; done
  dport=$(sed -n 's/.* port=tcp:127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/d.out")
}
# session NAME FLAGS: records the wcap commands on stdin (one per line, --port added)
session() {
  local name=$1 flags=$2 rec=$tmp/$1.rec
  : >"$rec"
  dev_up --serial tcp:127.0.0.1:0
  python3 "$here/capture.py" tcp "$dport" "$rec" >"$tmp/c.out" &
  local cp=$!
  for _ in $(seq 100); do grep -q port "$tmp/c.out" 2>/dev/null && break; sleep 0.05; done
  local p; p=$(sed -n 's/port //p' "$tmp/c.out")
  while read -r line; do
    eval "\"$WCAP\" $line --port tcp:127.0.0.1:$p" >/dev/null 2>&1 || true
  done
  kill "$cp" "$dpid"; wait "$cp" "$dpid" 2>/dev/null || true
  { printf "\\x$flags"; cat "$rec"; } >"$here/corpus/device/$name"
}
B=$tmp/x86_64-posix
session info 01 <<<"info"
session ls 0b <<<"ls"
session push-call-rm 0b <<EOF2
push $B-hello.blob
call hello run
ls
rm hello
EOF2
session push-lifecycle-reboot 3b <<EOF2
push $B-compute.blob
call compute crc32 10000 7
start compute
stop compute
push $B-faults.blob
EOF2
session run-compute 05 <<<"run $B-compute.blob --export mix64 12345678901234"
session push-faults-trap 0b <<EOF2
push $B-faults.blob
call faults oob
call faults ok
EOF2
session push-sensor 1b <<EOF2
push $B-sensor_filter.blob
call sensor_filter run_ema 64
EOF2

# coap seeds: wcapd --coap behind a recording UDP relay
cport=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# csession NAME: records the commands on stdin; C is coap-client, W is wcap, U the relay URI
csession() {
  local rec=$here/corpus/coap/$1
  : >"$rec"
  dev_up --coap "udp:127.0.0.1:$cport" --tick-ms 0
  python3 "$here/capture.py" udp "$cport" "$rec" >"$tmp/c.out" &
  local cp=$!
  for _ in $(seq 100); do grep -q port "$tmp/c.out" 2>/dev/null && break; sleep 0.05; done
  local U="coap://127.0.0.1:$(sed -n 's/port //p' "$tmp/c.out")"
  while read -r line; do
    eval "$line" >/dev/null 2>&1 </dev/null || true
  done
  kill "$cp" "$dpid"; wait "$cp" "$dpid" 2>/dev/null || true
}
C="timeout 20 $CC -B 10" W="timeout 20 $WCAP"
csession get-capsules <<<'$C -m get $U/capsules'
csession well-known <<<'$C -m get $U/.well-known/core'
csession put-call-delete <<EOF2
\$C -m put -b 1024 -f $B-hello.blob \$U/capsules/hello
\$C -m post \$U/capsules/hello/run
\$C -m get \$U/capsules
\$C -m delete \$U/capsules/hello
EOF2
csession put64-call-args <<EOF2
\$C -m put -b 64 -f $B-faults.blob \$U/capsules/faults
\$C -m post -e '' \$U/capsules/faults/ok
\$C -m post \$U/capsules/faults/start
EOF2
csession wcap-push-call <<EOF2
\$W push $B-compute.blob --coap \$U
\$W call compute crc32 10000 7 --coap \$U
\$W ls --coap \$U
\$W rm compute --coap \$U
EOF2
csession run-export <<<"\$C -m post -b 1024 -f $B-compute.blob \"\$U/run?export=run\""
ls -l "$here"/corpus/*
