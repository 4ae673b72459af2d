#!/usr/bin/env bash
# End-to-end tests of the device protocol: a fresh wcapd per test on a free
# port (--serial tcp:127.0.0.1:0, the port is read from its ready line),
# driven by the real `wcap` host commands. Always kills its wcapd.
#
#   e2e.sh SCENARIO      (environment: WCAP WCAPD KEYDIR EXDIR WASMDIR WORK)
#
# Every scenario ends by checking that the device still serves and that what
# was installed is intact.
set -u
scenario=$1
: "${WCAP:?}" "${WCAPD:?}" "${KEYDIR:?}" "${EXDIR:?}" "${WASMDIR:?}" "${WORK:?}"
mkdir -p "$WORK"
# The development admin (build/keys/clients.txt, docs/device-protocol.md "Authentication").
export WCAP_IDENTITY=${WCAP_IDENTITY-dev-admin} WCAP_PSK_FILE=${WCAP_PSK_FILE-$KEYDIR/dev-admin.psk}
work=$(mktemp -d "$WORK/e2e.$scenario.XXXXXX")
pid=""
helpers=""   # pids of helper processes (relays, silent listeners)
port=""
rc=0

cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  for h in $helpers; do kill "$h" 2>/dev/null; wait "$h" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

dump() {
  echo "--- last command: rc=$rc"; echo "--- stdout:"; cat "$work/out" 2>/dev/null
  echo "--- stderr:"; cat "$work/err" 2>/dev/null
  echo "--- wcapd stderr:"; cat "$work/wcapd.err" 2>/dev/null
}
fail() { echo "FAIL [$scenario]: $*"; dump; exit 1; }

# start_dev [wcapd options...]: starts wcapd, sets $pid and $port.
start_dev() {
  "$WCAPD" --serial tcp:127.0.0.1:0 --trust "$KEYDIR/dev.pub" --clients "$KEYDIR/clients.txt" "$@" >"$work/wcapd.out" 2>"$work/wcapd.err" &
  pid=$!
  for _ in $(seq 200); do
    grep -q "^wcapd ready" "$work/wcapd.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$work/wcapd.out")
  [ -n "$port" ] || fail "wcapd did not become ready"
}
stop_dev() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""; }

# w ARGS...: runs `wcap ARGS --port $port` with a bound on its run time.
w() { timeout 60 "$WCAP" "$@" --port "$port" >"$work/out" 2>"$work/err"; rc=$?; }
want_rc()   { [ "$rc" = "$1" ] || fail "expected exit $1, got $rc"; }
want_fail() { [ "$rc" != 0 ] || fail "expected a failure"; }
want_last() { local l; l=$(grep -v '^$' "$work/out" | tail -n1); [[ "$l" =~ $1 ]] || fail "last line '$l' !~ $1"; }
want_out()  { grep -Eq -- "$1" "$work/out" || fail "stdout lacks /$1/"; }
want_err()  { grep -Eiq -- "$1" "$work/err" || fail "stderr lacks /$1/"; }
# alive NAME...: the device answers and exactly these capsules are installed.
alive() {
  w info; want_rc 0; want_out "x86_64-posix"
  w ls; want_rc 0
  local n; n=$(grep -c . "$work/out")
  [ "$n" = "$#" ] || fail "expected $# installed capsules, ls shows $n"
  for c in "$@"; do grep -q "^$c " "$work/out" || fail "ls lacks $c"; done
}

blob() { echo "$EXDIR/${2:-x86_64-posix}/$1.wcap"; }
# same_as_run NAME: the installed capsule's `run` gives what an ephemeral run of its blob gives.
same_as_run() {
  local want
  w run "$(blob "$1")"; want_rc 0; want_last '^-?[0-9]+$'; want=$(tail -n1 "$work/out")
  w call "$1" run; want_rc 0; want_last "^$want\$"
}
# build_hello OUT VERSION [KEY]: packages the hello example again.
build_hello() {
  timeout 120 "$WCAP" build "$WASMDIR/hello.wasm" --target x86_64-posix --key "${3:-$KEYDIR/dev.key}" \
    -o "$1" --name hello --version "$2" --memory-max 8192 --cap log >"$work/out" 2>"$work/err"
  rc=$?; want_rc 0
}

t_run() {
  start_dev
  w run "$(blob hello)"; want_rc 0; want_last '^42$'; want_out 'hello from wcap'
  w run "$(blob compute)" --export crc32 10000 7; want_rc 0; want_last '^1749409712$'
  w run "$(blob compute)" --export mix64 12345678901234; want_rc 0
  want_last '^(11436527108125952656|-7010216965583598960)$'
  w run "$(blob compute)" --export matmul 1.5 16; want_rc 0; want_last '^-681\.0311688311'
  w run "$(blob faults)" --export oob; want_fail; want_last '^trap: .*bounds'
  w run "$(blob faults)" --export div0; want_fail; want_last '^trap: .*divi.*zero'
  w run "$(blob faults)" --export recurse; want_fail; want_last '^trap: .*(stack|exhaust)'
  w run "$(blob faults)" --export unreachable; want_rc 15; want_last '^trap: unreachable'
  w run "$(blob faults)" --export bad_indirect; want_rc 15; want_last '^trap: .*indirect'
  # reply bytes and log lines on stdout, the result last
  w run "$(blob sensor_filter)"; want_rc 0; want_last '^-?[0-9]+$'
  local res; res=$(tail -n1 "$work/out")
  [ "$(grep -c "^$res\$" "$work/out")" -ge 2 ] || fail "the reply does not carry the result on its own line"
  w run "$(blob hello)" --export nope; rc_nope=$rc; [ "$rc_nope" = 2 ] || fail "unknown export: exit $rc_nope"
  w run "$(blob compute)" --export crc32 notanumber 7; want_rc 2
  alive
}

# Interpreted blobs (wcap build --engine interp, build/examples/interp/): the same
# results and traps as the native ones on wcapd, the device keeps answering,
# and an installed interpreted capsule is called like any other.
t_interp() {
  start_dev
  w info; want_rc 0; want_out 'engines: +aot, interp'
  w run "$(blob hello interp)"; want_rc 0; want_last '^42$'; want_out 'hello from wcap'
  w run "$(blob compute interp)"; want_rc 0; want_last '^1529128474$'
  w run "$(blob compute interp)" --export crc32 10000 7; want_rc 0; want_last '^1749409712$'
  w run "$(blob compute interp)" --export mix64 12345678901234; want_rc 0
  want_last '^(11436527108125952656|-7010216965583598960)$'
  w run "$(blob compute interp)" --export matmul 1.5 16; want_rc 0; want_last '^-681\.0311688311'
  w run "$(blob big interp)"; want_rc 0; want_last '^1450661395$'
  w run "$(blob sensor_filter interp)"; want_rc 0; want_last '^-?[0-9]+$'
  w run "$(blob faults interp)" --export oob; want_fail; want_last '^trap: .*bounds'
  w run "$(blob faults interp)" --export div0; want_fail; want_last '^trap: .*divi.*zero'
  w run "$(blob faults interp)" --export recurse; want_fail; want_last '^trap: .*(stack|exhaust)'
  w run "$(blob faults interp)" --export unreachable; want_rc 15; want_last '^trap: unreachable'
  w run "$(blob faults interp)" --export bad_indirect; want_rc 15; want_last '^trap: .*indirect'
  # an endless loop ends with the time budget (300 ms, built in)
  timeout 120 "$WCAP" build "$WASMDIR/faults.wasm" --engine interp --key "$KEYDIR/dev.key" -o "$work/spin.wcap" \
    --name spin --memory-max 8192 --time-ms 300 >"$work/out" 2>"$work/err"; rc=$?; want_rc 0
  w run "$work/spin.wcap" --export loop_forever; want_fail; want_last '^trap: .*time budget'
  w push "$(blob compute interp)"; want_rc 0; want_out 'installed compute version 1'
  w push "$(blob faults)"; want_rc 0
  alive compute faults
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  w call faults oob; want_fail; want_last '^trap: .*bounds'
  w call compute run; want_rc 0; want_last '^1529128474$'
}

t_push_call() {
  start_dev
  w push "$(blob compute)"; want_rc 0; want_out 'installed compute version 1'
  w push "$(blob faults)"; want_rc 0
  alive compute faults
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  w call compute run; want_rc 0; want_last '^1529128474$'
  w call faults ok; want_rc 0; want_last '^1234$'
  w call faults oob; want_fail; want_last '^trap: .*bounds'
  w call faults ok; want_rc 0; want_last '^1234$'   # a trap leaves the capsule usable
  w call compute crc32 1; want_rc 2                 # wrong argument count, typed by the device
  w call compute nope; want_fail; want_err 'no such export'
  w call nope run; want_fail; want_err 'no such capsule'
  w rm faults; want_rc 0; want_out 'removed faults'
  alive compute
  w rm faults; want_fail; want_err 'no such capsule'
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
}

t_corrupt() {
  start_dev
  w push "$(blob hello)"; want_rc 0
  local b mlen image; b=$(blob compute)
  mlen=$(od -An -tu2 -j6 -N2 "$b" | tr -d ' ')
  image=$((16 + mlen + 72))   # first payload byte (docs/blob-format.md)
  # a flipped bit in the signed header+manifest, in the signature, in the image
  w push "$b" --corrupt-at 40; want_fail; want_err 'bad signature'
  w push "$b" --corrupt-at $((16 + mlen + 20)); want_fail; want_err 'bad signature'
  w push "$b" --corrupt-at $((image + 10)); want_fail; want_err 'digest mismatch'
  w run "$b" --corrupt-at $((image + 100)) --export run; want_fail; want_err 'digest mismatch'
  # in the relocation table at the end: refused too (by the relocator or the digest)
  w push "$b" --corrupt-at $(($(stat -c %s "$b") - 3)); want_fail
  alive hello
  w call hello run; want_rc 0; want_last '^42$'
  w push "$(blob compute)"; want_rc 0                # the clean blob still installs
  alive compute hello
}

t_wrong_target() {
  start_dev
  w push "$(blob hello)"; want_rc 0
  w push "$(blob hello cortex-m4)"; want_fail; want_err 'target'
  w run "$(blob compute rv32imac)"; want_fail; want_err 'target'
  alive hello
}

t_policy() {
  # device policy: capabilities it does not grant, capsule RAM it does not have
  start_dev --grant time,random --ram 16384
  w push "$(blob hello)"; want_rc 14; want_err 'capability not granted'
  w run "$(blob hello)"; want_rc 14; want_err 'capability not granted'
  w push "$(blob big)"; want_rc 14; want_err 'memory|RAM|space'
  w run "$(blob compute)" --export crc32 10000 7; want_rc 14; want_err 'memory|RAM|space'
  w info; want_rc 0; want_out 'granted caps: +0x06'
  alive
}

t_untrusted() {
  start_dev
  w push "$(blob hello)"; want_rc 0
  timeout 30 "$WCAP" keygen --out "$work/other" >"$work/out" 2>"$work/err"; rc=$?; want_rc 0
  build_hello "$work/hello-other.wcap" 5 "$work/other.key"
  w push "$work/hello-other.wcap" --no-fit-check; want_fail; want_err 'untrusted'  # the device's refusal
  w run "$work/hello-other.wcap" --no-fit-check; want_fail; want_err 'untrusted'
  # wcap's own, before the upload: both key IDs and the fix
  w push "$work/hello-other.wcap"; want_fail; want_err 'signed by key ID [0-9a-f]{16}; the device trusts [0-9a-f]{16}: sign it'
  w run "$work/hello-other.wcap"; want_fail; want_err 'signed by key ID [0-9a-f]{16}; the device trusts'
  alive hello
  w call hello run; want_rc 0; want_last '^42$'
}

t_rollback() {
  start_dev --store "$work/store"
  build_hello "$work/h1.wcap" 1; build_hello "$work/h2.wcap" 2; build_hello "$work/h3.wcap" 3
  w push "$work/h2.wcap"; want_rc 0; want_out 'version 2'
  w push "$work/h1.wcap"; want_fail; want_err 'not newer'
  w push "$work/h2.wcap"; want_fail; want_err 'not newer'
  alive hello; want_out 'version 2 '
  w push "$work/h3.wcap"; want_rc 0                   # upgrade: swapped after success
  alive hello; want_out 'version 3 '
  w rm hello; want_rc 0
  w push "$work/h2.wcap"; want_fail; want_err 'not newer'  # the floor survives rm
  alive
  w run "$work/h1.wcap"; want_rc 0; want_last '^42$'      # ephemeral runs are not versioned
}

t_reboot() {
  start_dev --store "$work/store"
  w push "$(blob compute)"; want_rc 0
  w push "$(blob hello)"; want_rc 0
  build_output
  w push "$work/output.wcap"; want_rc 0
  w start output; want_rc 0
  w stop hello; want_rc 0
  stop_dev
  ls "$work/store" | grep -q '^cap_compute$' || fail "store lacks cap_compute"
  start_dev --store "$work/store"
  grep -q 'loaded=3' "$work/wcapd.out" || fail "wcapd did not reload 3 capsules: $(cat "$work/wcapd.out")"
  alive compute hello output
  w ls; want_out 'output .* running'; want_out 'hello .* stopped'; want_out 'compute .* ready'
  w call output state; want_rc 0; want_last '^1$'     # its start hook ran again at boot
  w rm output; want_rc 0
  [ ! -e "$work/store/sta_output" ] || fail "rm left the run state behind"
  w start hello; want_rc 0
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  build_hello "$work/h1.wcap" 1
  w push "$work/h1.wcap"; want_fail; want_err 'not newer'  # floor persisted across the restart
  # a stored blob damaged while the device was off is refused at boot, the rest loads
  stop_dev
  local f=$work/store/cap_hello n
  n=$(stat -c %s "$f")
  printf '\x55' | dd of="$f" bs=1 seek=$((n - 40)) conv=notrunc status=none
  start_dev --store "$work/store"
  grep -q 'loaded=1' "$work/wcapd.out" || fail "expected 1 capsule loaded: $(cat "$work/wcapd.out")"
  grep -q 'hello not loaded' "$work/wcapd.err" || fail "no boot report for the damaged blob"
  alive compute
}

t_malformed() {
  start_dev
  w push "$(blob hello)"; want_rc 0
  local tcp=${port#tcp:}
  timeout 30 python3 "$(dirname "$0")/rawframes.py" "${tcp%:*}" "${tcp##*:}" >"$work/out" 2>"$work/err"
  rc=$?; want_rc 0
  # half a frame, then the connection drops: the next host is served normally
  printf 'AAAAAAA' | timeout 5 python3 -c "import socket,sys; s=socket.create_connection(('${tcp%:*}', ${tcp##*:})); s.sendall(sys.stdin.buffer.read()); s.close()"
  alive hello
  w info; want_rc 0; grep -Eq 'frames dropped: [1-9]' "$work/out" || fail "no dropped frames counted"
  w call hello run; want_rc 0; want_last '^42$'
}

t_resume() {
  start_dev --store "$work/store"
  local b; b=$(blob big)
  # the connection drops after byte 1000 has been acknowledged: the host
  # reconnects, the device reports how much it has, the upload continues
  w push "$b" --drop-at 1000; want_rc 0; want_err 'resuming upload at byte [1-9][0-9]*'
  want_out 'installed big'
  alive big
  same_as_run big
  w run "$(blob hello)" --drop-at 300; want_rc 0; want_last '^42$'
}

t_noise() {
  # wcapd damages every 499th byte it receives (test-only --noise): damaged
  # frames are dropped and reported, the host resends, every command succeeds
  start_dev --noise 499
  w push "$(blob big)"; want_rc 0
  w run "$(blob compute)" --export crc32 10000 7; want_rc 0; want_last '^1749409712$'
  same_as_run big
  alive big
  w info; grep -Eq 'frames dropped: [1-9]' "$work/out" || fail "no frame was damaged"
}

t_slots() {
  start_dev
  local i names=()
  for i in 1 2 3 4 5 6 7 8; do
    timeout 120 "$WCAP" build "$WASMDIR/hello.wasm" --target x86_64-posix --key "$KEYDIR/dev.key" \
      -o "$work/c$i.wcap" --name "c$i" --version 1 --memory-max 8192 --cap log >"$work/out" 2>"$work/err"
    rc=$?; want_rc 0
  done
  for i in 1 2 3 4 5 6 7; do w push "$work/c$i.wcap"; want_rc 0; names+=("c$i"); done
  w push "$work/c8.wcap"; want_rc 14; want_err 'no free capsule slot'   # the last slot stays free
  w push "$(blob hello)"; want_rc 14
  w run "$(blob hello)"; want_rc 0; want_last '^42$'                   # ... for runs
  timeout 120 "$WCAP" build "$WASMDIR/hello.wasm" --target x86_64-posix --key "$KEYDIR/dev.key" \
    -o "$work/c3v2.wcap" --name c3 --version 2 --memory-max 8192 --cap log >"$work/out" 2>"$work/err"
  w push "$work/c3v2.wcap"; want_rc 0; want_out 'installed c3 version 2'   # ... and upgrades
  alive "${names[@]}"
  w rm c1; want_rc 0
  w push "$work/c8.wcap"; want_rc 0
  w call c8 run; want_rc 0; want_last '^42$'
}

# build_output: packages tests/e2e/output.wat as $work/output.wcap.
build_output() {
  command -v wat2wasm >/dev/null || fail "wat2wasm (wabt) missing"
  wat2wasm "$(dirname "$0")/output.wat" -o "$work/output.wasm" >"$work/out" 2>"$work/err"; rc=$?; want_rc 0
  timeout 120 "$WCAP" build "$work/output.wasm" --target x86_64-posix --key "$KEYDIR/dev.key" \
    -o "$work/output.wcap" --name output --version 1 --memory-max 65536 --cap log --cap reply \
    >"$work/out" 2>"$work/err"; rc=$?; want_rc 0
}

t_output() {
  start_dev
  build_output
  local b=$work/output.wcap
  w run "$b"; want_rc 0; want_last '^7$'
  grep -Eq '^x{300}END$' "$work/out" || fail "the 303-byte log line did not arrive whole"
  w run "$b" --export many 500; want_rc 0; want_last '^500$'
  [ "$(grep -c '^line$' "$work/out")" = 500 ] || fail "expected 500 log lines"
  w run "$b" --export rep; want_rc 0; want_last '^1$'
  grep -Eq '^x{200}$' "$work/out" || fail "reply bytes missing"
  w run "$b" --export sum 9007199254740993 0.1 -2.5; want_rc 0; want_last '^9007199254740990$'
  w run "$b" --export sum -9223372036854775808 -1.5 1e300; want_rc 0; want_last '^1.0000000000000001e\+300$'
  w push "$b"; want_rc 0
  w call output sum 1 0.5 0.25; want_rc 0; want_last '^1.75$'
  w call output sum 1 0.5; want_rc 2
  w call output sum x 0.5 0.25; want_rc 2
}

t_start_stop() {
  start_dev
  w push "$(blob compute)"; want_rc 0
  w stop compute; want_rc 0
  w ls; want_out 'compute .* stopped'
  w call compute run; want_fail; want_err 'stopped'
  w start compute; want_rc 0
  w ls; want_out 'compute .* running'
  w call compute run; want_rc 0; want_last '^1529128474$'
  w start nope; want_fail; want_err 'no such capsule'
  # hooks: start/stop exports run on start/stop
  build_output
  w push "$work/output.wcap"; want_rc 0
  w call output state; want_rc 0; want_last '^0$'
  w start output; want_rc 0; want_out 'started'
  w call output state; want_rc 0; want_last '^1$'
  w stop output; want_rc 0
  w call output state; want_fail; want_err 'stopped'
  w start output; want_rc 0
  w call output state; want_rc 0; want_last '^1$'
}

t_busy() {
  # one host at a time: a second host fails fast; after the first leaves, all is normal
  start_dev
  w push "$(blob hello)"; want_rc 0
  local tcp=${port#tcp:}
  python3 -c "import socket,time; s=socket.create_connection(('${tcp%:*}', ${tcp##*:})); print('held', flush=True); time.sleep(1.5)" >"$work/held" &
  helpers="$helpers $!"
  for _ in $(seq 100); do [ -s "$work/held" ] && break; sleep 0.05; done
  local t0=$SECONDS
  w info; want_rc 12; want_err 'lost'
  [ $((SECONDS - t0)) -le 4 ] || fail "a second host waited instead of failing fast"
  for _ in $(seq 100); do w info; [ "$rc" = 0 ] && break; sleep 0.1; done
  alive hello
}

t_pty() {
  "$WCAPD" --serial pty --trust "$KEYDIR/dev.pub" --clients "$KEYDIR/clients.txt" >"$work/wcapd.out" 2>"$work/wcapd.err" &
  pid=$!
  for _ in $(seq 200); do grep -q "^wcapd ready" "$work/wcapd.out" 2>/dev/null && break; sleep 0.05; done
  port=$(sed -n 's/.* port=\([^ ]*\).*/\1/p' "$work/wcapd.out")
  [ -c "$port" ] || fail "wcapd --serial pty gave no device: $(cat "$work/wcapd.out")"
  w run "$(blob hello)"; want_rc 0; want_last '^42$'
  w push "$(blob compute)"; want_rc 0
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  alive compute
}

t_serial_path() {
  # wcapd on an existing serial device (a pty made by ptyrelay.py, which also
  # relays it to TCP for the host)
  python3 "$(dirname "$0")/ptyrelay.py" >"$work/relay" 2>&1 &
  local rpid=$!
  helpers="$helpers $rpid"
  for _ in $(seq 100); do [ -s "$work/relay" ] && break; sleep 0.05; done
  local dev rport; read -r dev rport <"$work/relay"
  [ -c "$dev" ] || fail "ptyrelay gave no device: $(cat "$work/relay")"
  "$WCAPD" --serial "$dev" --trust "$KEYDIR/dev.pub" --clients "$KEYDIR/clients.txt" >"$work/wcapd.out" 2>"$work/wcapd.err" &
  pid=$!
  for _ in $(seq 200); do grep -q "^wcapd ready" "$work/wcapd.out" 2>/dev/null && break; sleep 0.05; done
  grep -q "port=$dev" "$work/wcapd.out" || fail "wcapd not ready on $dev"
  port=tcp:127.0.0.1:$rport
  w run "$(blob hello)"; want_rc 0; want_last '^42$'
  w push "$(blob compute)"; want_rc 0
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  alive compute
}

t_lost_delimiter() {
  # line noise on the UploadEnd's delimiter: the device holds a half frame and
  # says nothing; the host ends it with a lone delimiter after its timeout
  # instead of waiting out the whole install/run wait (delimrelay.py)
  start_dev
  python3 "$(dirname "$0")/delimrelay.py" "${port#tcp:}" >"$work/relay" 2>"$work/relay.err" &
  helpers="$helpers $!"
  for _ in $(seq 100); do [ -s "$work/relay" ] && break; sleep 0.05; done
  local t0=$SECONDS direct=$port
  port=tcp:127.0.0.1:$(cat "$work/relay")
  w push "$(blob big)"; want_rc 0; want_out 'installed big'
  grep -q "damaged the delimiter" "$work/relay.err" || fail "the relay damaged no delimiter: $(cat "$work/relay.err")"
  [ $((SECONDS - t0)) -le 20 ] || fail "a lost delimiter cost $((SECONDS - t0)) s"
  port=$direct
  alive big
}

t_connect_errors() {
  # nothing listens: a clear one-liner and the connect exit code
  port=tcp:127.0.0.1:1
  w info; want_rc 12; want_err 'cannot connect'
  [ "$(wc -l <"$work/err")" = 1 ] || fail "more than one error line"
  port=/nonexistent/tty
  w ls; want_rc 12
  # a listener that never answers: timeout exit code, bounded
  python3 -c "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(1); print(s.getsockname()[1], flush=True); c,_=s.accept(); time.sleep(30)" >"$work/silent" &
  local spid=$!
  helpers="$helpers $spid"
  for _ in $(seq 100); do [ -s "$work/silent" ] && break; sleep 0.05; done
  port=tcp:127.0.0.1:$(cat "$work/silent")
  w info --timeout 200; want_rc 13; want_err 'did not answer'
}

# build_compute OUT VERSION: packages the compute example (3.9 KB on x86_64) again.
build_compute() {
  timeout 120 "$WCAP" build "$WASMDIR/compute.wasm" --target x86_64-posix --key "$KEYDIR/dev.key" \
    -o "$1" --name compute --version "$2" --memory-max 24576 >"$work/out" 2>"$work/err"
  rc=$?; want_rc 0
}
# v1_answers: the installed compute is version 1 and computes correctly.
v1_answers() {
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  w ls; want_rc 0; want_out '^compute +version 1 '
}

t_tamper_every_byte() {
  # Every byte of a signed v2 blob flipped in transit (bit 0, as --corrupt-at
  # N does), one install push per offset, for all offsets: wcapd refuses each
  # (exit 14, its error on stderr) and the installed v1 keeps answering,
  # checked after every 256 offsets; the intact v2 then installs (the flip is
  # what was refused). The pushes run in the client (test-only --corrupt-each
  # FROM:TO, one connection) so 4000 of them take seconds, not processes.
  start_dev
  build_compute "$work/c1.wcap" 1
  build_compute "$work/c2.wcap" 2
  local b=$work/c2.wcap size from to n
  size=$(stat -c %s "$b")
  [ "$size" -ge 2048 ] || fail "v2 blob is only $size bytes"
  w push "$work/c1.wcap"; want_rc 0; want_out 'installed compute version 1'
  : >"$work/verdicts"
  for ((from = 0; from < size; from += 256)); do
    to=$((from + 255 < size - 1 ? from + 255 : size - 1))
    timeout 300 "$WCAP" push "$b" --port "$port" --corrupt-each "$from:$to" >"$work/out" 2>"$work/err"; rc=$?
    [ "$rc" = 14 ] || fail "bytes $from..$to: exit $rc, want 14 (device refused): $(grep 'not refused' "$work/out")"
    n=$(grep -c '^byte [0-9]*: refused$' "$work/out")
    [ "$n" = $((to - from + 1)) ] || fail "bytes $from..$to: $n refusals, want $((to - from + 1))"
    [ "$(grep -c '^wcap: error: device: ' "$work/err")" = "$n" ] || fail "bytes $from..$to: device errors != $n"
    grep '^wcap: error: device: ' "$work/err" >>"$work/verdicts"
    v1_answers
  done
  alive compute
  w push "$b"; want_rc 0; want_out 'installed compute version 2'
  w call compute crc32 10000 7; want_rc 0; want_last '^1749409712$'
  echo "refused all $size blobs with one byte flipped; the device's reasons:"
  sed 's/^wcap: error: device: //' "$work/verdicts" | sort | uniq -c | sort -rn
}

declare -F "t_$scenario" >/dev/null || { echo "unknown scenario $scenario"; exit 1; }
"t_$scenario"   # every check calls fail (exit 1) itself
echo "ok [$scenario]"
