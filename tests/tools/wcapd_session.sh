# Shared by the shell tests that drive a wcapd with `wcap` commands
# (tests/natives/natives_wcapd.sh, tests/wasi/wasi_wcapd.sh). Source it after
# setting `test_name` (messages say "FAIL [$test_name.<case>]"); needs the
# environment WCAP WCAPD KEYDIR. Provides:
#   work                 a temporary directory, removed at exit (with wcapd stopped)
#   start_dev [opts...]  (re)starts wcapd on a free TCP port ($port) with the dev keys
#   w CMD...             runs `wcap CMD... --port $port`: $rc, $last (last line
#                        without upload progress), the whole output in $work/out
#   ok WANT CMD...       w, which must succeed with last line WANT
#   err REGEX CMD...     w, which must fail with REGEX somewhere in its output
#   fail CASE TEXT...    prints the failure, the output and wcapd's stderr; exits 1
#   note TEXT...         a progress line
#   nothing_installed    `wcap ls` must answer that nothing is installed
: "${test_name:?}" "${WCAP:?}" "${WCAPD:?}" "${KEYDIR:?}"
export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$KEYDIR/dev-admin.psk
work=$(mktemp -d)
pid=""
: >"$work/out"
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL [$test_name.$1]: ${*:2}"; echo "--- out:"; cat "$work/out"; echo "--- wcapd:"; cat "$work/d.err"; exit 1; }
note() { echo "-- $*"; }

start_dev() { # [wcapd options...]
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  "$WCAPD" --serial tcp:127.0.0.1:0 --trust "$KEYDIR/dev.pub" --clients "$KEYDIR/clients.txt" "$@" \
    >"$work/d.out" 2>"$work/d.err" &
  pid=$!
  for _ in $(seq 200); do
    grep -q "^wcapd ready" "$work/d.out" 2>/dev/null && break
    sleep 0.05
  done
  port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$work/d.out")
  [ -n "$port" ] || fail start "wcapd did not become ready"
}
w() { timeout 60 "$WCAP" "$@" --port "$port" >"$work/out" 2>&1; rc=$?; last=$(grep -v '^upload ' "$work/out" | tail -n1); }
ok() { # WANT CMD...
  local want=$1; shift
  w "$@"; [ "$rc" -eq 0 ] && [ "$last" = "$want" ] || fail "$case" "wcap $* -> rc $rc, '$last', want '$want'"
}
err() { # REGEX CMD...
  local re=$1; shift
  w "$@"; [ "$rc" -ne 0 ] && grep -Eq "$re" "$work/out" || fail "$case" "wcap $* -> rc $rc, want an error /$re/"
  note "refused: $(grep -E "$re" "$work/out" | head -n1)"
}
nothing_installed() { w ls; [ "$rc" -eq 0 ] && [ "$last" = "wcap: no capsules installed" ] || fail "$case" "ls: '$last'"; }
