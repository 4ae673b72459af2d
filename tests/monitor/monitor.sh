#!/usr/bin/env bash
# monitor.wcapd: WCAP WCAPD KEYDIR TICKER_BLOB (tests/monitor/CMakeLists.txt)
set -u
W=$1 D=$2 keys=$3 blob=$4
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL [monitor.wcapd]: $*" >&2; [ -f "$tmp/d.err" ] && sed 's/^/  wcapd: /' "$tmp/d.err" >&2; exit 1; }
export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$keys/dev-admin.psk

"$D" --serial tcp:127.0.0.1:0 --trust "$keys/dev.pub" --clients "$keys/clients.txt" --store "$tmp/store" \
  --tick-ms 100 >"$tmp/d.out" 2>"$tmp/d.err" &
pid=$!
for _ in $(seq 100); do grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$tmp/d.out")
[ -n "$port" ] || fail "wcapd did not become ready"

"$W" push "$blob" --port "$port" >/dev/null 2>&1 || fail "push ticker"
"$W" start ticker --port "$port" >/dev/null 2>&1 || fail "start ticker"
timeout 2 "$W" monitor --port "$port" >"$tmp/mon" 2>"$tmp/mon.err"
rc=$?
[ "$rc" -eq 124 ] || fail "monitor ended by itself (exit $rc): $(cat "$tmp/mon.err")"
n=$(grep -c '^\[ticker\] tick [0-9][0-9]*$' "$tmp/mon")
[ "$n" -ge 5 ] || fail "monitor showed $n tick lines in 2 s at 100 ms: $(head -5 "$tmp/mon")"
[ "$(grep -vc '^\[ticker\] tick [0-9]*$' "$tmp/mon")" = 0 ] || fail "unlabelled or other lines: $(cat "$tmp/mon")"
grep -q 'monitoring tcp:' "$tmp/mon.err" || fail "no banner on stderr: $(cat "$tmp/mon.err")"
echo "-- monitor: $n lines, e.g. '$(head -1 "$tmp/mon")'"
# the ticks go on between commands, and a call prints only its own capsule's output
out=$("$W" call ticker ticks --port "$port" 2>&1) || fail "call ticks: $out"
[ "$(wc -l <<<"$out")" = 1 ] && [ "$out" -ge 5 ] || fail "call ticks printed more than its result: '$out'"
out=$("$W" monitor --port tcp:127.0.0.1:1 2>&1); rc=$?
[ "$rc" = 12 ] || fail "monitor of no device: rc=$rc $out"
"$W" stop ticker --port "$port" >/dev/null 2>&1 || fail "stop ticker"
echo "PASS monitor.wcapd"
