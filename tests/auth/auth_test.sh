#!/usr/bin/env bash
# auth.*: who may manage a wcapd (docs/device-protocol.md and docs/coap.md,
# "Authentication"), with the build's development clients (build/keys/).
#
#   auth_test.sh BUILD_DIR CASE
#
# CASE: serial     every command with no credential, a reader's, an admin's, a wrong key,
#                  an unknown identity (tests/auth/roles.sh); refusals logged with the
#                  identity and never the key
#       replay     an admin's recorded `wcap stop` replayed on a new connection: refused,
#                  the capsule keeps running; a request cut in the middle, then a good one
#       coaps      the same commands over CoAP: DTLS with the reader's and the admin's PSK,
#                  plain CoAP anonymous, a wrong key's handshake refused
#       coapclient Debian's coap-client-gnutls as the client: PUT as admin 2.01/2.04, as
#                  reader 4.03, on plain CoAP 4.01; POST an export; a wrong key
#       coaps_replay  an admin's recorded DTLS DELETE replayed from a new socket: no effect
#       startup    wcapd without --clients or --insecure-dev: read-only, says so (serial and
#                  plain CoAP: a PUT answers 4.01); bad clients files: clear errors;
#                  --insecure-dev warns loudly and lets anyone manage
# Every wcapd and relay is killed on exit; every wait is bounded.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR CASE" >&2; exit 2; }
build=$(cd "$1" && pwd) case=$2
here=$(cd "$(dirname "$0")" && pwd)
W=$build/bin/wcap D=$build/bin/wcapd K=$build/keys
BLOB=$build/examples/x86_64-posix/sensor_filter.wcap
CCS=$(command -v coap-client-gnutls || command -v coap-client-openssl || true)
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL [auth.$case]: $*" >&2
  echo "--- wcapd stderr:" >&2; tail -30 "$tmp/d.err" >&2 2>/dev/null
  exit 1
}
free_port() { # tcp|udp
  python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_$([ "$1" = udp ] && echo DGRAM || echo STREAM)); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"
}
for f in "$W" "$D" "$BLOB" "$K/clients.txt" "$K/dev-admin.psk" "$K/dev-reader.psk"; do
  [ -e "$f" ] || fail "$f missing (build everything first)"
done
source "$here/roles.sh"

# start_serial [wcapd options]: sets port (the TCP port number)
start_serial() {
  "$D" --serial tcp:127.0.0.1:0 --trust "$K/dev.pub" --store "$tmp/store" "$@" >"$tmp/d.out" 2>"$tmp/d.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && break; sleep 0.05; done
  port=$(sed -n 's/.* port=tcp:127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/d.out")
  [ -n "$port" ] || fail "wcapd did not become ready: $(cat "$tmp/d.err")"
}
dev() { out=$(timeout 60 "$W" "$@" --port "tcp:127.0.0.1:$port" 2>&1); rc=$?; }

# start_coap: wcapd with plain CoAP on $cport and DTLS on $sport
start_coap() {
  cport=$(free_port udp) sport=$(free_port udp)
  "$D" --coap udp:127.0.0.1:$cport --coaps udp:127.0.0.1:$sport --clients "$K/clients.txt" \
    --trust "$K/dev.pub" --store "$tmp/store" >"$tmp/d.out" 2>"$tmp/d.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && return 0; sleep 0.05; done
  fail "wcapd --coaps did not become ready: $(cat "$tmp/d.err")"
}
key_of() { cat "$K/$1.psk"; }
# cc ID METHOD URI [args]: coap-client-gnutls with ID's key ("" : no DTLS credential); output in $R
cc() {
  local id=$1; shift
  if [ -n "$id" ]; then R=$(timeout 30 "$CCS" -B 10 -v 7 -u "$id" -k "$(key_of "$id")" -m "$@" 2>&1)
  else R=$(timeout 30 "$CCS" -B 10 -v 7 -m "$@" 2>&1); fi
}
# ccq ID METHOD URI [args]: the same without the protocol trace (the answer's text only)
ccq() {
  local id=$1; shift
  R=$(timeout 30 "$CCS" -B 10 -u "$id" -k "$(key_of "$id")" -m "$@" 2>&1)
}
want() { grep -Eq -- "$1" <<<"$R" || fail "$2: expected /$1/ in: $(tail -5 <<<"$R")"; }

case $case in
serial)
  start_serial --clients "$K/clients.txt"
  check_roles "$K" "$BLOB" sensor_filter run
  grep -q 'refused remove from (anonymous)' "$tmp/d.err" || fail "anonymous refusal not logged"
  grep -q 'refused remove from dev-reader' "$tmp/d.err" || fail "reader refusal not logged with its identity"
  grep -q "unknown identity 'mallory'" "$tmp/d.err" || fail "unknown identity not logged"
  grep -q 'bad MAC from dev-admin' "$tmp/d.err" || fail "wrong key not logged with the identity"
  for k in "$(key_of dev-admin)" "$(key_of dev-reader)"; do
    grep -qF "$k" "$tmp/d.err" && fail "a key appears in the device's log"
  done
  ;;
replay)
  start_serial --clients "$K/clients.txt"
  as dev-admin "$K/dev-admin.psk"
  allowed push "$BLOB"
  check_replay "$K" sensor_filter "$here/relay.py" "$tmp"
  grep -q 'refused a request with a bad MAC from dev-admin' "$tmp/d.err" || fail "the replay was not refused"
  # A request cut in the middle (half a frame, then the connection drops): nothing changes.
  python3 - "$port" <<'PY' || fail "could not send the cut request"
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
c.sendall(b"\x00\x2a\x08\x96\x01\x62\x09\x0a\x07sensor_")  # the start of a framed Remove, no delimiter
c.close()
PY
  dev ls
  grep -Eq '^sensor_filter .*running' <<<"$out" || fail "after a cut request: $out"
  allowed call sensor_filter run
  ;;
coaps)
  [ -n "$CCS" ] || fail "coap-client-gnutls (libcoap3-bin) not installed"
  start_coap
  S=coaps://127.0.0.1:$sport P=coap://127.0.0.1:$cport
  cdev() { out=$(timeout 60 "$W" "$@" 2>&1); rc=$?; }
  as "" ""
  cdev ls --coap "$P"; [ "$rc" = 0 ] || fail "anonymous ls over plain CoAP: $out"
  cdev push "$BLOB" --coap "$P"; [ "$rc" = 14 ] && grep -q 'error: device: authentication required' <<<"$out" || fail "anonymous push: $rc $out"
  cdev ls --coap "$S"; [ "$rc" = 2 ] && grep -q 'identity' <<<"$out" || fail "coaps:// without a credential: $rc $out"
  as dev-admin "$K/dev-admin.psk"
  cdev push "$BLOB" --coap "$S"; [ "$rc" = 0 ] || fail "admin push over DTLS: $out"
  as dev-reader "$K/dev-reader.psk"
  cdev ls --coap "$S"; [ "$rc" = 0 ] && grep -q '^sensor_filter ' <<<"$out" || fail "reader ls over DTLS: $out"
  for c in "push $BLOB" "run $BLOB" "call sensor_filter run" "start sensor_filter" "stop sensor_filter" "rm sensor_filter"; do
    # shellcheck disable=SC2086
    cdev $c --coap "$S"
    [ "$rc" = 14 ] && grep -q "error: device: the client's role does not allow this" <<<"$out" || fail "reader $c over DTLS: exit $rc: $out"
  done
  as dev-admin "$K/dev-reader.psk"
  cdev ls --coap "$S"; [ "$rc" = 12 ] && grep -q 'DTLS handshake' <<<"$out" || fail "DTLS with a wrong key: exit $rc: $out"
  as dev-admin "$K/dev-admin.psk"
  for c in "run $BLOB" "call sensor_filter run" "stop sensor_filter" "start sensor_filter" "ls" "rm sensor_filter"; do
    # shellcheck disable=SC2086
    cdev $c --coap "$S"; [ "$rc" = 0 ] || fail "admin $c over DTLS: exit $rc: $out"
  done
  grep -q "refused a DTLS session of 'dev-admin'.*wrong key" "$tmp/d.err" || fail "wrong DTLS key not logged"
  grep -q 'refused upload from (anonymous)' "$tmp/d.err" || fail "anonymous CoAP refusal not logged"
  grep -q 'refused remove from dev-reader' "$tmp/d.err" || fail "reader CoAP refusal not logged"
  ;;
coapclient)
  [ -n "$CCS" ] || fail "coap-client-gnutls (libcoap3-bin) not installed"
  start_coap
  S=coaps://127.0.0.1:$sport P=coap://127.0.0.1:$cport
  T=$build/tests/coap
  cc dev-admin put -f "$T/svc_v1.wcap" "$S/capsules/svc";   want 'c:2\.01' "admin PUT (new) over DTLS"
  cc dev-admin put -f "$T/svc_v2.wcap" "$S/capsules/svc";   want 'c:2\.04' "admin PUT (update) over DTLS"
  cc dev-reader put -f "$T/svc_v3.wcap" "$S/capsules/svc";  want 'c:4\.03' "reader PUT over DTLS"
  cc "" put -f "$T/svc_v3.wcap" "$P/capsules/svc";          want 'c:4\.01' "PUT on plain CoAP"
  cc "" get "$P/capsules";                                  want '^svc 2 ' "anonymous GET on plain CoAP"
  cc dev-reader get "$S/capsules";                          want '^svc 2 ' "reader GET over DTLS"
  cc dev-reader post "$S/capsules/svc/version";             want 'c:4\.03' "reader POST over DTLS"
  ccq dev-admin post "$S/capsules/svc/version"
  [ "$(sed '/^$/d' <<<"$R" | tail -1)" = 2 ] || fail "admin POST export: $(tail -3 <<<"$R")"
  R=$(timeout 20 "$CCS" -B 5 -u dev-admin -k "$(key_of dev-reader)" -m delete "$S/capsules/svc" 2>&1)
  cc "" get "$P/capsules";                                  want '^svc 2 ' "after a DELETE with a wrong key"
  ;;
coaps_replay)
  [ -n "$CCS" ] || fail "coap-client-gnutls (libcoap3-bin) not installed"
  start_coap
  T=$build/tests/coap
  cc dev-admin put -f "$T/svc_v1.wcap" "coaps://127.0.0.1:$sport/capsules/svc"; want 'c:2\.01' "install v1"
  rport=$(free_port udp)
  python3 "$here/relay.py" udp "$rport" "$sport" "$tmp/del.rec" >"$tmp/relay.out" 2>&1 &
  rpid=$!; pids+=($rpid)
  for _ in $(seq 50); do grep -q 'relay ready' "$tmp/relay.out" 2>/dev/null && break; sleep 0.1; done
  cc dev-admin delete "coaps://127.0.0.1:$rport/capsules/svc";            want 'c:2\.02' "recorded DELETE"
  kill "$rpid" 2>/dev/null
  cc dev-admin put -f "$T/svc_v2.wcap" "coaps://127.0.0.1:$sport/capsules/svc"; want 'c:2\.0[14]' "install v2"
  python3 "$here/relay.py" replay-udp "$sport" "$tmp/del.rec" >/dev/null || fail "replay failed"
  sleep 0.5
  cc "" get "coap://127.0.0.1:$cport/capsules";                             want '^svc 2 ' "after the replay"
  ;;
startup)
  # No --clients: a read-only device that says so; plain CoAP answers a PUT 4.01.
  start_serial
  grep -q 'warning: no --clients FILE: nobody can manage this device' "$tmp/d.err" || fail "no warning without --clients"
  as dev-admin "$K/dev-admin.psk"
  refused 14 'unknown client identity' push "$BLOB"
  as "" ""
  allowed ls
  refused 14 'authentication required' push "$BLOB"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null
  cport=$(free_port udp)
  "$D" --coap udp:127.0.0.1:$cport --trust "$K/dev.pub" --store "$tmp/store2" >"$tmp/d.out" 2>"$tmp/d.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && break; sleep 0.05; done
  if [ -n "$CCS" ]; then
    cc "" put -f "$build/tests/coap/svc_v1.wcap" "coap://127.0.0.1:$cport/capsules/svc"; want 'c:4\.01' "PUT on a read-only wcapd --coap"
    cc "" get "coap://127.0.0.1:$cport/capsules"; want 'c:2\.05' "GET on a read-only wcapd --coap"
  fi
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null
  printf 'ops admin short\n' >"$tmp/bad1"
  printf 'ops admin %s\nops reader %s\n' "$(key_of dev-admin)" "$(key_of dev-admin)" >"$tmp/bad2"
  printf 'ops root %s\n' "$(key_of dev-admin)" >"$tmp/bad3"
  printf '# nobody\n' >"$tmp/bad4"
  for b in "bad1:1: key must be" "bad2:2: identity listed twice" "bad3:1: role must be" "bad4:1: no client"; do
    f=${b%%:*}
    timeout 10 "$D" --serial tcp:127.0.0.1:0 --trust "$K/dev.pub" --clients "$tmp/$f" >"$tmp/o" 2>"$tmp/e"; r=$?
    [ "$r" != 0 ] && grep -q "$f:${b#*:}" "$tmp/e" || fail "clients file $f: exit $r: $(cat "$tmp/e")"
    grep -qF "$(key_of dev-admin)" "$tmp/e" && fail "a key appears in the error for $f"
  done
  "$D" --coaps udp:127.0.0.1:5999 --trust "$K/dev.pub" --insecure-dev >"$tmp/o" 2>"$tmp/e"; r=$?
  [ "$r" = 2 ] && grep -q -- '--coaps needs --clients' "$tmp/e" || fail "--coaps without clients: $(cat "$tmp/e")"
  start_serial --insecure-dev
  grep -q 'WARNING: --insecure-dev' "$tmp/d.err" || fail "--insecure-dev does not warn"
  as "" ""
  allowed push "$BLOB"
  allowed call sensor_filter run
  allowed rm sensor_filter
  ;;
*)
  echo "unknown case $case" >&2; exit 2 ;;
esac
echo "auth.$case: ok"
