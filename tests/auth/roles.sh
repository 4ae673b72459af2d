# Sourced by tests/auth/auth_test.sh (wcapd) and tests/boards/board_test.sh
# (boards): who may do what over the serial protocol (docs/device-protocol.md,
# "Authentication"). The caller defines:
#   port              the device's TCP port on 127.0.0.1 (a number)
#   dev CMD ARGS...   runs `wcap CMD ARGS... --port tcp:127.0.0.1:$port`; output in $out, exit code in $rc
#   fail MESSAGE      reports and exits
# and the device knows the build's development clients (build/keys/clients.txt).

# as IDENTITY PSK_FILE: the credential of the following `dev` calls ("" "": anonymous).
as() { export WCAP_IDENTITY=$1 WCAP_PSK_FILE=$2; }

# refused RC REGEX CMD...: the command fails with exit RC and a message matching REGEX.
refused() {
  local want_rc=$1 re=$2; shift 2
  dev "$@"
  [ "$rc" = "$want_rc" ] || fail "wcap $* as '${WCAP_IDENTITY:-anonymous}': exit $rc, want $want_rc: $out"
  grep -Eq -- "$re" <<<"$out" || fail "wcap $* as '${WCAP_IDENTITY:-anonymous}': '$out' !~ /$re/"
}
allowed() {
  dev "$@"
  [ "$rc" = 0 ] || fail "wcap $* as '${WCAP_IDENTITY:-anonymous}': exit $rc: $out"
}

# check_roles KEYDIR BLOB NAME EXPORT: BLOB installs capsule NAME (not yet
# installed, with a 0-argument EXPORT). The admin installs it; then every
# command with no credential, the reader's, a wrong key and an unknown
# identity is refused and the admin's are allowed. Ends with NAME removed
# and the credential set to the admin.
check_roles() {
  local keys=$1 blob=$2 name=$3 export_name=$4 c
  local mutations=("push $blob" "run $blob --export $export_name" "call $name $export_name" "start $name"
                   "stop $name" "rm $name" "reboot")
  as dev-admin "$keys/dev-admin.psk"
  allowed push "$blob"
  as "" ""
  allowed info
  allowed ls
  for c in "${mutations[@]}"; do
    # shellcheck disable=SC2086
    refused 14 'authentication required' $c
  done
  as dev-reader "$keys/dev-reader.psk"
  allowed info
  allowed ls
  for c in "${mutations[@]}"; do
    # shellcheck disable=SC2086
    refused 14 "role does not allow" $c
  done
  as dev-admin "$keys/dev-reader.psk" # the admin's name with the reader's key
  refused 14 'authentication failed' push "$blob"
  as mallory "$keys/dev-admin.psk"
  refused 14 'unknown client identity' info
  as dev-admin "$keys/dev-admin.psk"
  dev ls
  grep -q "^$name " <<<"$out" || fail "$name not installed after the refusals: $out"
  allowed run "$blob" --export "$export_name"
  allowed call "$name" "$export_name"
  allowed start "$name"
  allowed stop "$name"
  allowed rm "$name"
  dev ls
  grep -q "^$name " <<<"$out" && fail "$name still listed after the admin's rm: $out"
  return 0
}

# check_replay KEYDIR NAME RELAY_PY WORKDIR: NAME is installed.
# The admin's `wcap stop NAME` is recorded through a relay; NAME is started
# again; the recorded bytes are replayed on a new connection: NAME stays
# running (the replayed MAC is bound to the old connection's nonce).
check_replay() {
  local keys=$1 name=$2 relay=$3 work=$4 dport=$port rport rpid
  as dev-admin "$keys/dev-admin.psk"
  allowed start "$name"
  rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 "$relay" tcp "$rport" "$dport" "$work/stop.rec" >"$work/relay.out" 2>&1 &
  rpid=$!
  for _ in $(seq 50); do grep -q 'relay ready' "$work/relay.out" 2>/dev/null && break; sleep 0.1; done
  port=$rport
  dev stop "$name"
  port=$dport
  kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
  [ "$rc" = 0 ] || fail "recorded stop through the relay: exit $rc: $out"
  [ -s "$work/stop.rec" ] || fail "the relay recorded nothing"
  dev ls
  grep -Eq "^$name .*stopped" <<<"$out" || fail "$name not stopped after the recorded stop: $out"
  allowed start "$name"
  python3 "$relay" replay-tcp "$dport" "$work/stop.rec" >"$work/replay.out" 2>&1 || fail "replay failed"
  dev ls
  grep -Eq "^$name .*running" <<<"$out" || fail "the replayed stop took effect: $out"
}
