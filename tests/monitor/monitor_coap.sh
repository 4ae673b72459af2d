#!/usr/bin/env bash
# monitor.wcapd.coap: WCAP WCAPD KEYDIR TICKER_BLOB (tests/monitor/CMakeLists.txt)
# `wcap monitor --coap` against wcapd --coap/--coaps (GET /log?since=N,
# docs/coap.md): a reader over DTLS sees the ticker's "[ticker] tick N" lines,
# in order, none twice; an anonymous plain-CoAP monitor (wcapd lets anyone
# read) started later shows nothing older than its start; GET /log with a
# since beyond the newest line answers no line; a wcapd restarted under a
# running monitor is noticed (its log starts again) and, ticking every
# millisecond, overwrites lines the monitor then reports lost; a wrong key is
# refused; the monitor exits 12 once wcapd has not answered for five request
# timeouts.
set -u
W=$1 D=$2 keys=$3 blob=$4
tmp=$(mktemp -d)
pid= mpid=
cleanup() {
  [ -n "$mpid" ] && kill "$mpid" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [monitor.wcapd.coap]: $*" >&2; [ -f "$tmp/d.err" ] && tail -5 "$tmp/d.err" | sed 's/^/  wcapd: /' >&2; exit 1; }
CC=$(command -v coap-client-notls || command -v coap-client || true)
[ -n "$CC" ] || fail "coap-client (libcoap3-bin) not installed"

udp_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
P=$(udp_port) S=$(udp_port)
U=coap://127.0.0.1:$P US=coaps://127.0.0.1:$S
ADMIN=(--identity dev-admin --psk-file "$keys/dev-admin.psk")
READER=(--identity dev-reader --psk-file "$keys/dev-reader.psk")

start_d() { # TICK_MS
  "$D" --coap "udp:127.0.0.1:$P" --coaps "udp:127.0.0.1:$S" --trust "$keys/dev.pub" --clients "$keys/clients.txt" \
    --store "$tmp/store" --tick-ms "$1" >"$tmp/d.out" 2>"$tmp/d.err" &
  pid=$!
  for _ in $(seq 100); do grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && return 0; sleep 0.05; done
  fail "wcapd did not become ready"
}
# ticks FILE: the tick numbers of the monitor's output, one per line
ticks() { sed -n 's/^\[ticker\] tick \([0-9][0-9]*\)$/\1/p' "$1"; }
in_order() { # FILE: strictly increasing by one, no other lines
  [ "$(grep -vc '^\[ticker\] tick [0-9]*$' "$1")" = 0 ] || return 1
  ticks "$1" | awk 'NR > 1 && $1 != prev + 1 { bad = 1 } { prev = $1 } END { exit bad }'
}

start_d 100
"$W" push "$blob" --coap "$US" "${ADMIN[@]}" >/dev/null 2>&1 || fail "push ticker over coaps"
"$W" start ticker --coap "$US" "${ADMIN[@]}" >/dev/null 2>&1 || fail "start ticker"

# a reader over DTLS
timeout 2.5 "$W" monitor --coap "$US" "${READER[@]}" >"$tmp/mon1" 2>"$tmp/mon1.err"
rc=$?
[ "$rc" -eq 124 ] || fail "monitor ended by itself (exit $rc): $(cat "$tmp/mon1.err")"
n=$(ticks "$tmp/mon1" | wc -l)
[ "$n" -ge 8 ] || fail "monitor showed $n tick lines in 2.5 s at 100 ms: $(head -5 "$tmp/mon1")"
in_order "$tmp/mon1" || fail "lines out of order, repeated, missing or unlabelled: $(cat "$tmp/mon1")"
grep -q "monitoring $US" "$tmp/mon1.err" || fail "no banner on stderr: $(cat "$tmp/mon1.err")"
grep -q 'lost' "$tmp/mon1.err" && fail "lines lost at 100 ms ticks: $(cat "$tmp/mon1.err")"
last1=$(ticks "$tmp/mon1" | tail -1)
echo "-- reader over coaps: $n lines, $(head -1 "$tmp/mon1") .. $(tail -1 "$tmp/mon1")"

# anonymous plain CoAP, later: nothing from before it started
timeout 1.5 "$W" monitor --coap "$U" >"$tmp/mon2" 2>"$tmp/mon2.err"
[ $? -eq 124 ] || fail "anonymous monitor: $(cat "$tmp/mon2.err")"
first2=$(ticks "$tmp/mon2" | head -1)
[ -n "$first2" ] && [ "$first2" -gt "$last1" ] || fail "second monitor starts at '$first2', the first ended at $last1"
in_order "$tmp/mon2" || fail "second monitor: $(cat "$tmp/mon2")"

# the resource itself: the lines above N, the status line last; nothing beyond the newest
R=$(timeout 10 "$CC" -m get "$U/log?since=4294967295" 2>&1)
[ "$(sed '/^$/d' <<<"$R")" = "$(sed '/^$/d' <<<"$R" | grep -E '^next [0-9]+ lost 0 more 0 boot [0-9]+$')" ] &&
  [ -n "$(sed '/^$/d' <<<"$R")" ] || fail "GET /log?since=4294967295: $R"
newest=$(sed -n 's/^next \([0-9]*\) .*/\1/p' <<<"$R")
R=$(timeout 10 "$CC" -m get "$U/log?since=$((newest - 3))" 2>&1)
grep -Eq "^$((newest - 2)) ticker tick [0-9]+$" <<<"$R" && grep -Eq '^next [0-9]+ lost 0 more 0 boot [0-9]+$' <<<"$R" ||
  fail "GET /log?since=$((newest - 3)): $R"
R=$(timeout 10 "$CC" -m get "$U/log?since=12x" 2>&1)
grep -q '^4\.00 .*GET /log takes ?since=N' <<<"$R" || fail "a bad since: $R"
out=$("$W" monitor --coap "$US" --identity dev-reader --psk-file <(echo 0123456789abcdef0123456789abcdef) \
  --timeout 500 2>&1)
rc=$?
[ "$rc" -eq 12 ] || fail "a wrong key: exit $rc: $out"

# wcapd restarted under a running monitor, now ticking every millisecond
timeout 8 "$W" monitor --coap "$U" >"$tmp/mon3" 2>"$tmp/mon3.err" &
mpid=$!
sleep 1
kill "$pid"; wait "$pid" 2>/dev/null
start_d 1
sleep 4
wait "$mpid"; mpid=
grep -q "log started again" "$tmp/mon3.err" || fail "the restart went unnoticed: $(cat "$tmp/mon3.err")"
grep -Eq '^wcap: [0-9]+ lines? lost: ' "$tmp/mon3.err" || fail "no lost lines at 1 ms ticks: $(cat "$tmp/mon3.err")"
echo "-- after the restart: $(grep -m1 lost "$tmp/mon3.err")"

# gone: exit 12
timeout 20 "$W" monitor --coap "$U" --timeout 500 >/dev/null 2>"$tmp/mon4.err" &
mpid=$!
sleep 1
kill "$pid"; wait "$pid" 2>/dev/null; pid=
wait "$mpid"
rc=$?
mpid=
[ "$rc" -eq 12 ] || fail "monitor after wcapd is gone: exit $rc: $(cat "$tmp/mon4.err")"
grep -q 'is gone' "$tmp/mon4.err" || fail "no 'gone' message: $(cat "$tmp/mon4.err")"
echo "PASS monitor.wcapd.coap"
