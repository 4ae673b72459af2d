#!/bin/bash
# CoAP tests (docs/coap.md): coap_test.sh CASE BUILD_DIR BLOB_DIR
# Each case starts its own wcapd --coap on a free UDP port of 127.0.0.1 (and a
# fresh store), talks to it with libcoap's coap-client (and the wcap CLI when it
# has --coap), and always kills it. Exit 0 = pass; any failed check exits 1
# with "FAIL: ..." on stderr.
set -u
CASE=$1 B=$2 T=$3
HERE=$(cd "$(dirname "$0")" && pwd)
WCAPD=$B/bin/wcapd WCAP=$B/bin/wcap PUB=$B/keys/dev.pub
CC=$(command -v coap-client-notls || command -v coap-client || true)
[ -n "$CC" ] || { echo "FAIL: coap-client (libcoap3-bin) not installed" >&2; exit 1; }
W=$(mktemp -d /tmp/wcap-coap.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$W/d.err" ] && sed 's/^/  wcapd: /' "$W/d.err" | tail -20 >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_d STORE [ENV=VAL...]: starts wcapd, waits for its ready line; sets DPID, PORT, U.
start_d() {
    local store=$1; shift
    PORT=$(free_port)
    U=coap://127.0.0.1:$PORT
    rm -f "$W/d.out" "$W/d.err" # else the previous instance's ready line may be seen
    # --insecure-dev: these cases test the resources; tests/auth tests who may use them.
    env "$@" "$WCAPD" --coap udp:127.0.0.1:$PORT --insecure-dev --trust "$PUB" --store "$store" --tick-ms 200 \
        --coap-max-body 200000 ${EXTRA_D:-} >"$W/d.out" 2>"$W/d.err" &
    DPID=$!
    PIDS+=("$DPID")
    for _ in $(seq 1 100); do
        grep -q "wcapd ready" "$W/d.out" 2>/dev/null && return 0
        kill -0 "$DPID" 2>/dev/null || fail "wcapd exited at start"
        sleep 0.05
    done
    fail "wcapd did not become ready"
}
stop_d() { kill -9 "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; }

# req METHOD PATH [coap-client args]: stdout+stderr of coap-client in $R.
req() {
    local m=$1 p=$2; shift 2
    R=$(timeout 30 "$CC" -B 20 -m "$m" "$@" "$U/$p" 2>&1)
}
expect() { # expect REGEX WHAT
    echo "$R" | grep -Eq -- "$1" || fail "$2: expected /$1/, got: $R"
}
expect_not() {
    echo "$R" | grep -Eq -- "$1" && fail "$2: did not expect /$1/, got: $R"
    return 0
}
last_line() { echo "$R" | sed '/^$/d' | tail -1; }

# state_is V: exactly one svc installed, version V, and its code answers V.
state_is() {
    req get capsules
    [ "$(echo "$R" | grep -c '^svc ')" = 1 ] || fail "$2: want one svc, list: $R"
    expect "^svc $1 " "$2 (list)"
    req post capsules/svc/version
    [ "$(last_line)" = "$1" ] || fail "$2: version export answers '$(last_line)', want $1"
}

case_basic() {
    start_d "$W/s"
    req get .well-known/core
    expect '</run>' "well-known lists /run"
    expect '</capsules>' "well-known lists /capsules"
    expect '</log>' "well-known lists /log"
    req post run -f "$T/svc_v1.wcap"
    expect '^svc run v1$' "run output"
    [ "$(last_line)" = 1000 ] || fail "run result: $R"
    req post "run?export=add" -f "$T/svc_v1.wcap"
    expect '^4\.00 .*arguments' "run of an export that wants arguments"
    req put capsules/svc -f "$T/svc_v1.wcap"
    expect 'installed svc v1' "install"
    expect 'svc init v1' "init ran at install"
    req post capsules/svc/add -e "40 2"
    [ "$(last_line)" = 42 ] || fail "call with arguments: $R"
    req post capsules/svc/inits
    [ "$(last_line)" = 1 ] || fail "init ran once: $R"
    req post capsules/svc/nope
    expect '^4\.04 .*no such export' "unknown export"
    req get nothing/here
    expect '^4\.04 ' "unknown resource"
    req delete capsules/svc
    expect 'removed svc' "delete"
    req get capsules
    expect_not '^svc' "list after delete"
    req post capsules/svc/version
    expect '^4\.04 .*no such capsule' "call after delete"
}

case_blockwise() {
    local sz; sz=$(stat -c %s "$T/svc_v4.wcap")
    [ "$sz" -ge 65536 ] || fail "big capsule is only $sz bytes"
    start_d "$W/s"
    req put capsules/svc -f "$T/svc_v4.wcap" -b 1024
    expect 'installed svc v4' "block-wise install of $sz bytes"
    req post capsules/svc/run
    local r; r=$(last_line)
    [ "$r" -ge 4000 ] && [ "$r" -lt 4256 ] || fail "big capsule run: $R"
    req post run -f "$T/svc_v4.wcap" -b 64
    [ "$(last_line)" = "$r" ] || fail "block-wise ephemeral run (64-byte blocks): $R"
    # Restart: the stored blob loads again.
    stop_d; start_d "$W/s"
    grep -q "loaded=1" "$W/d.out" || fail "not reloaded: $(cat "$W/d.out")"
    state_is 4 "after restart"
}

case_update() {
    start_d "$W/s"
    req put capsules/svc -f "$T/svc_v1.wcap"
    expect 'installed svc v1' "install v1"
    # Calls keep answering while v2 is uploaded and swapped in: a caller loops
    # until the update is done, then makes 5 more calls (at most 300 in all).
    ( n=0 after=0
      while [ $n -lt 300 ] && [ $after -lt 5 ]; do
          [ -e "$W/updated" ] && after=$((after + 1))
          timeout 10 "$CC" -m post "$U/capsules/svc/version" 2>&1 | sed '/^$/d' | tail -1
          n=$((n + 1))
      done >"$W/calls" ) &
    local caller=$!
    for _ in $(seq 1 100); do [ -s "$W/calls" ] && break; sleep 0.05; done # v1 has answered
    req put capsules/svc -f "$T/svc_v2.wcap" -b 256
    touch "$W/updated"
    expect 'installed svc v2' "update to v2"
    wait "$caller"
    local calls; calls=$(wc -l <"$W/calls")
    [ "$calls" -ge 6 ] || fail "calls during the update: $(cat "$W/calls")"
    grep -vxE '1|2' "$W/calls" && fail "a call failed during the update"
    tr '\n' ' ' <"$W/calls" | grep -qE '2 .*1 ' && fail "v1 answered after v2: $(cat "$W/calls")"
    grep -qx 1 "$W/calls" || fail "no call answered by v1 before the swap"
    [ "$(tail -5 "$W/calls" | sort -u)" = 2 ] || fail "calls after the update not answered by v2: $(cat "$W/calls")"
    state_is 2 "after update"
    req put capsules/svc -f "$T/svc_v1.wcap"
    expect '^4\.09 .*not newer' "v1 after v2 refused"
    req put capsules/svc -f "$T/svc_v3.wcap"
    expect '^4\.22 .*init trapped' "v3 with a trapping init refused"
    state_is 2 "after refused v1 and v3"
    req post capsules/svc/inits
    [ "$(last_line)" = 1 ] || fail "v2 instance untouched: $R"
    stop_d; start_d "$W/s"
    state_is 2 "after restart"
    req put capsules/svc -f "$T/svc_v1.wcap"
    expect '^4\.09 .*not newer' "v1 after v2 refused after a restart"
    state_is 2 "end"
}

case_badinput() {
    EXTRA_D="--coap-session-timeout 2" start_d "$W/s"
    req put capsules/svc -f "$T/svc_v2.wcap"
    expect 'installed svc v2' "install v2"
    local raw="python3 $HERE/rawcoap.py $PORT capsules/svc $T/svc_v2.wcap 2" # 64-byte blocks
    local n; n=$(( ($(stat -c %s "$T/svc_v2.wcap") + 63) / 64 ))
    # truncated: the last block without the middle ones. libcoap acknowledges
    # and waits for the gap; after the session timeout (2 s here) the partial
    # body is dropped and the late block is refused with 4.08.
    R=$($raw "0,1,$((n-1)),2" --pause-after 3 3)
    expect "^2 4\.08 .*does not continue a body" "truncated upload, late block"
    state_is 2 "after a truncated upload"
    # reordered but complete: reassembled, so this stale v2 is refused by version
    R=$($raw "0,2,1,$(seq -s, 3 $((n-1)))")
    expect "^$((n-1)) 4\.09 .*not newer" "reordered blocks"
    state_is 2 "after reordered blocks"
    # duplicated blocks: the blob is complete and correct, so the (stale) v2 is refused
    R=$($raw "0,1,1,$(seq -s, 2 $((n-1)))")
    expect "^$((n-1)) 4\.09 .*not newer" "duplicated blocks of a stale blob"
    req put capsules/svc -f "$T/svc_v1.wcap"
    expect '^4\.09 .*not newer' "stale version"
    req put capsules/svc -f "$T/svc_m4.wcap"
    expect '^4\.22 .*target' "blob for another target"
    head -c 1500 "$T/svc_v4.wcap" >"$W/cut.wcap"
    req put capsules/svc -f "$W/cut.wcap"
    expect '^4\.00 .*truncated' "truncated blob"
    cp "$T/svc_v4.wcap" "$W/bad.wcap"
    printf '\x55' | dd of="$W/bad.wcap" bs=1 seek=3000 conv=notrunc 2>/dev/null
    req put capsules/svc -f "$W/bad.wcap"
    expect '^4\.03 ' "corrupted blob"
    req put capsules/other -f "$T/svc_v4.wcap"
    expect '^4\.00 .*name' "blob under another name"
    head -c 210000 /dev/zero >"$W/huge"
    req put capsules/svc -f "$W/huge" -b 1024
    expect '4\.13' "oversized payload"
    req post run -f "$W/huge" -b 1024
    expect '4\.13' "oversized run payload"
    req get nope
    expect '^4\.04' "unknown resource"
    req put capsules/a/b/c/d -f "$T/svc_v2.wcap"
    expect '^4\.04' "too deep a path"
    state_is 2 "after bad input"
    # a client that vanishes mid-transfer (and comes back after the session
    # timeout): its partial upload was dropped, the next block is refused
    R=$($raw "0,1,2,$(seq -s, 3 $((n-1)))" --pause-after 3 3)
    expect "^3 4\.08" "blocks after an abandoned upload"
    expect_not "installed" "abandoned upload"
    state_is 2 "after a vanished client"
}

case_coapclient() {
    # Everything above already goes through coap-client; this case pins the
    # interface used by checks outside the repository, response codes included.
    start_d "$W/s"
    R=$("$CC" -v 7 -m put -f "$T/svc_v1.wcap" "$U/capsules/svc" 2>&1)
    expect 'v:1 t:ACK c:2\.01' "PUT new capsule answers 2.01"
    R=$("$CC" -v 7 -m put -f "$T/svc_v2.wcap" "$U/capsules/svc" 2>&1)
    expect 'c:2\.04' "PUT update answers 2.04"
    req post capsules/svc/version
    [ "$(last_line)" = 2 ] || fail "POST export: $R"
    req post run -f "$T/svc_v1.wcap"
    [ "$(last_line)" = 1000 ] || fail "POST /run: $R"
}

# Power loss: an update v1 -> v4 (76 KB: ~380 store operations) is killed
# with SIGKILL before store operation N for >= 50 values of N spread over the
# whole update, plus kills from outside while the blob is still in transit.
# After each restart exactly one version (1 or 4) is installed and answers.
case_powerloss() {
    mkdir -p "$W/base"
    start_d "$W/base"
    req put capsules/svc -f "$T/svc_v1.wcap"
    expect 'installed svc v1' "baseline"
    stop_d
    cp -a "$W/base" "$W/trace"
    start_d "$W/trace" WCAPD_TEST_TRACE_STORE_OPS=1
    local first; first=$(grep -c 'store-op' "$W/d.err")
    req put capsules/svc -f "$T/svc_v4.wcap"
    expect 'installed svc v4' "traced update"
    local total; total=$(grep -c 'store-op' "$W/d.err")
    stop_d
    [ $((total - first)) -ge 50 ] || fail "update has only $((total - first)) store operations"
    local points=() i
    for i in $(seq 0 49); do points+=($(( first + 1 + i * (total - first - 1) / 49 ))); done
    for i in $(seq $((total - 5)) "$total"); do points+=("$i"); done
    local seen1=0 seen4=0 k
    for k in "${points[@]}"; do
        rm -rf "$W/run"; cp -a "$W/base" "$W/run"
        start_d "$W/run" WCAPD_TEST_KILL_AT_STORE_OP=$k
        "$CC" -B 10 -m put -f "$T/svc_v4.wcap" "$U/capsules/svc" >/dev/null 2>&1 &
        local cpid=$!
        for _ in $(seq 1 200); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.02; done
        kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null
        kill -0 "$DPID" 2>/dev/null && fail "kill point $k: wcapd still alive"
        wait "$DPID" 2>/dev/null
        start_d "$W/run"
        req get capsules
        local v; v=$(echo "$R" | awk '$1=="svc"{print $2}')
        [ "$v" = 1 ] || [ "$v" = 4 ] || fail "kill point $k: installed '$v' ($R)"
        state_is "$v" "kill point $k"
        [ "$v" = 1 ] && seen1=$((seen1 + 1)) || seen4=$((seen4 + 1))
        if [ "$v" = 1 ]; then # the update still works afterwards
            req put capsules/svc -f "$T/svc_v4.wcap"
            expect 'installed svc v4' "kill point $k: update after restart"
        fi
        req put capsules/svc -f "$T/svc_v1.wcap"
        expect '^4\.09' "kill point $k: rollback refused"
        stop_d
    done
    for i in 1 2 3 4 5 6; do # kills from outside during the transfer
        rm -rf "$W/run"; cp -a "$W/base" "$W/run"
        start_d "$W/run"
        "$CC" -B 5 -m put -b 256 -f "$T/svc_v4.wcap" "$U/capsules/svc" >/dev/null 2>&1 &
        local cpid=$!
        sleep "0.0$i"
        stop_d
        kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null
        start_d "$W/run"
        req get capsules
        v=$(echo "$R" | awk '$1=="svc"{print $2}')
        [ "$v" = 1 ] || [ "$v" = 4 ] || fail "outside kill $i: installed '$v'"
        state_is "$v" "outside kill $i"
        stop_d
    done
    echo "power loss: ${#points[@]} store kill points ($first..$total): v1 kept $seen1, v4 kept $seen4"
    [ "$seen1" -gt 0 ] && [ "$seen4" -gt 0 ] || fail "kill points do not span the swap"
}

# A wrong answer in case_concurrent: each wrong operation's whole output, and
# every UDP socket on wcapd's port. A 4.04 "Not Found" (libcoap's own phrase,
# which wcapd never sends to a PUT) was seen once in CI: a second process
# answering on the port would show here.
concurrent_fail() {
    local c i
    cat "$W/bad" >&2
    while read -r c i _; do
        echo "--- client $c, operation $i, whole output:" >&2
        cat "$W/out.$c.$i" >&2
    done <"$W/bad"
    echo "--- UDP sockets on port $PORT:" >&2
    ss -Huanp "( sport = :$PORT or dport = :$PORT )" >&2 2>/dev/null || true
    fail "$1"
}

case_concurrent() {
    start_d "$W/s"
    req put capsules/svc -f "$T/svc_v1.wcap"
    local c
    for c in 1 2 3 4; do
        ( for i in $(seq 1 20); do
              case $(( (i + c) % 4 )) in
              0) r=$(timeout 20 "$CC" -B 20 -m put -b 512 -f "$T/svc_v2.wcap" "$U/capsules/svc" 2>&1) ;;
              1) r=$(timeout 20 "$CC" -B 20 -m post -e "$c $i" "$U/capsules/svc/add" 2>&1) ;;
              2) r=$(timeout 20 "$CC" -B 20 -m post -f "$T/svc_v2.wcap" "$U/run" 2>&1) ;;
              3) r=$(timeout 20 "$CC" -B 20 -m get "$U/capsules" 2>&1) ;;
              esac
              printf '%s\n' "$r" >"$W/out.$c.$i"
              echo "$c $i $(( (i + c) % 4 )) $(echo "$r" | sed '/^$/d' | tail -1)"
          done >"$W/client$c" ) &
        PIDS+=($!)
    done
    wait "${PIDS[@]:1}" 2>/dev/null
    cat "$W"/client? >"$W/all"
    [ "$(wc -l <"$W/all")" = 80 ] || fail "not all operations finished"
    awk '$3==1 && $4 != $1+$2 {print; bad=1} END{exit bad}' "$W/all" >"$W/bad" || concurrent_fail "wrong call result"
    awk '$3==2 && $4 != 2000 {print; bad=1} END{exit bad}' "$W/all" >"$W/bad" || concurrent_fail "wrong run result"
    # Every install answer is the one v2 install or a refused replay of it.
    awk '$3==0 && !($0 ~ /installed svc v2|not newer/) {print; bad=1} END{exit bad}' "$W/all" >"$W/bad" ||
        concurrent_fail "wrong install answer"
    [ "$(awk '$3==0 && /installed svc v2/' "$W/all" | wc -l)" = 1 ] || fail "v2 installed more than once"
    state_is 2 "after concurrent operations"
    stop_d; start_d "$W/s"
    state_is 2 "after restart"
}

# The wcap CLI over CoAP: same commands, output and exit codes as over --port
# (the same text: tests/install/cli_json.py checks the same JSON over both).
case_cli() {
    start_d "$W/s"
    local X="--coap coap://127.0.0.1:$PORT" rc
    R=$("$WCAP" run "$T/svc_v1.wcap" $X 2>&1); rc=$?
    [ $rc = 0 ] && [ "$(last_line)" = 1000 ] || fail "wcap run: rc=$rc $R"
    R=$("$WCAP" run "$T/svc_v3.wcap" --export init $X 2>/dev/null); rc=$?
    [ $rc = 15 ] && [ "$(last_line)" = "trap: unreachable executed" ] || fail "wcap run of a trap: rc=$rc $R"
    R=$("$WCAP" push "$T/svc_v1.wcap" $X 2>&1); rc=$?
    [ $rc = 0 ] || fail "wcap push v1: rc=$rc $R"
    expect '^installed svc version 1$' "wcap push v1"
    expect '^svc init v1$' "the init's output before the answer"
    R=$("$WCAP" push "$T/svc_v4.wcap" $X 2>&1); rc=$?
    [ $rc = 0 ] || fail "wcap push v4 (block-wise): rc=$rc $R"
    expect '^upload 100% \(75[0-9]{3}/75[0-9]{3} bytes\)$' "progress (not a terminal: a line every 10%, as over --port)"
    expect '^upload [1-9]0?% \(' "progress shows intermediate blocks"
    R=$("$WCAP" push "$T/svc_v2.wcap" $X 2>&1); rc=$?
    [ $rc = 14 ] || fail "wcap push of a stale v2: rc=$rc $R"
    expect 'error: device: version not newer.*\(code -0x[0-9a-f]+\)$' "stale v2 diagnostic"
    R=$("$WCAP" push "$T/svc_m4.wcap" $X --no-fit-check 2>&1); rc=$?
    [ $rc = 14 ] || fail "wcap push for another target: rc=$rc"
    expect 'error: device: target mismatch' "wrong target diagnostic"
    R=$("$WCAP" push "$T/svc_m4.wcap" $X 2>&1); rc=$?
    [ $rc = 14 ] || fail "wcap push for another target (fit check): rc=$rc"
    expect 'svc_m4.wcap is built for cortex-m4, the device is x86_64-posix: build it with --target x86_64-posix' \
        "fit check before the upload"
    expect_not 'upload' "fit check: nothing uploaded"
    R=$("$WCAP" ls $X 2>&1); rc=$?
    [ $rc = 0 ] || fail "wcap ls: rc=$rc $R"
    expect '^svc  *version 4  *ram [0-9]*  *ready  *restarts 0$' "wcap ls"
    R=$("$WCAP" call svc add 20 22 $X 2>&1); rc=$?
    [ $rc = 0 ] && [ "$(last_line)" = 42 ] || fail "wcap call: rc=$rc $R"
    R=$("$WCAP" call svc add 20 $X 2>&1); rc=$?
    [ $rc = 14 ] || fail "wcap call with a missing argument: rc=$rc $R"
    R=$("$WCAP" info $X 2>&1); rc=$?
    [ $rc = 0 ] || fail "wcap info: rc=$rc $R"
    expect '^target:         x86_64-posix$' "wcap info"
    expect '^capsule RAM:    [0-9]* free of [0-9]* bytes$' "wcap info"
    R=$("$WCAP" stop svc $X 2>&1); rc=$?
    [ $rc = 0 ] && [ "$R" = "stopped svc" ] || fail "wcap stop: rc=$rc $R"
    R=$("$WCAP" start svc $X 2>&1); rc=$?
    [ $rc = 0 ] && [ "$R" = "started svc" ] || fail "wcap start: rc=$rc $R"
    R=$("$WCAP" reboot $X 2>&1); rc=$?
    [ $rc = 14 ] || fail "wcap reboot of wcapd (no reset there): rc=$rc $R"
    expect 'error: device: command not supported' "wcap reboot of wcapd"
    R=$("$WCAP" rm svc $X 2>&1); rc=$?
    [ $rc = 0 ] && [ "$R" = "removed svc" ] || fail "wcap rm: rc=$rc $R"
    R=$("$WCAP" rm svc $X 2>&1); rc=$?
    [ $rc = 14 ] || fail "wcap rm of an absent capsule: rc=$rc $R"
    stop_d
    R=$("$WCAP" ls --coap "coap://127.0.0.1:$PORT" --timeout 1000 2>&1); rc=$?
    [ $rc = 12 ] || [ $rc = 13 ] || fail "wcap ls without a device: rc=$rc $R"
    R=$("$WCAP" ls --coap "http://x" 2>&1); rc=$?
    [ $rc = 2 ] || fail "bad --coap URI: rc=$rc $R"
}

# Lifecycle: init at install and boot, start -> periodic ticks, state
# persisted over a restart, stop -> calls refused, ticks stop.
case_lifecycle() {
    start_d "$W/s"
    req put capsules/svc -f "$T/svc_v1.wcap"
    req post capsules/svc/start
    expect 'running svc' "start"
    sleep 1.0
    req post capsules/svc/ticks
    [ "$(last_line)" -ge 2 ] || fail "ticks while running (200 ms period): $R"
    stop_d; start_d "$W/s"
    req get capsules
    expect '^svc 1 running ' "running state survives a restart"
    req post capsules/svc/inits
    [ "$(last_line)" = 1 ] || fail "init ran at boot: $R"
    sleep 1.0
    req post capsules/svc/ticks
    [ "$(last_line)" -ge 2 ] || fail "ticks after restart: $R"
    req post capsules/svc/stop
    expect 'stopped svc' "stop"
    req post capsules/svc/ticks
    expect '^4\.09 .*stopped' "call to a stopped capsule"
    # an update installs the new version ready (not running)
    req put capsules/svc -f "$T/svc_v2.wcap"
    expect 'installed svc v2' "update of a stopped capsule"
    req get capsules
    expect '^svc 2 ready ' "new version starts ready"
}

# The same update rules over the serial protocol (wcapd --serial tcp, wcap --port):
# init runs at install, a v3 whose init traps is refused and v2 keeps running,
# v1 after v2 is refused, also after a restart.
case_serial() {
    local rc P
    start_serial() {
        rm -f "$W/d.out" "$W/d.err"
        "$WCAPD" --serial tcp:127.0.0.1:0 --insecure-dev --trust "$PUB" --store "$W/s" >"$W/d.out" 2>"$W/d.err" &
        DPID=$!; PIDS+=("$DPID")
        for _ in $(seq 1 100); do grep -q "wcapd ready" "$W/d.out" && break; sleep 0.05; done
        P=$(sed -n 's/.*port=\(tcp:[^ ]*\).*/\1/p' "$W/d.out")
        [ -n "$P" ] || fail "serial wcapd not ready"
    }
    start_serial
    R=$("$WCAP" push "$T/svc_v1.wcap" --port "$P" 2>&1); rc=$?
    [ $rc = 0 ] || fail "push v1 over serial: rc=$rc $R"
    R=$("$WCAP" push "$T/svc_v2.wcap" --port "$P" 2>&1); rc=$?
    [ $rc = 0 ] || fail "push v2 over serial: rc=$rc $R"
    R=$("$WCAP" push "$T/svc_v3.wcap" --port "$P" 2>&1); rc=$?
    [ $rc = 14 ] || fail "push v3 (init traps) over serial: rc=$rc $R"
    expect 'init trapped: unreachable' "v3 diagnostic over serial"
    R=$("$WCAP" call svc version --port "$P" 2>&1); rc=$?
    [ $rc = 0 ] && [ "$(last_line)" = 2 ] || fail "v2 still runs over serial: rc=$rc $R"
    R=$("$WCAP" call svc inits --port "$P" 2>&1)
    [ "$(last_line)" = 1 ] || fail "v2's init ran once: $R"
    stop_d; start_serial
    R=$("$WCAP" push "$T/svc_v1.wcap" --port "$P" 2>&1); rc=$?
    [ $rc = 14 ] || fail "v1 after v2 over serial after a restart: rc=$rc $R"
    R=$("$WCAP" call svc version --port "$P" 2>&1)
    [ "$(last_line)" = 2 ] || fail "v2 after restart over serial: $R"
}

# The lifecycle on a board (QEMU cortex-m4, serial over TCP): init at install,
# ~1 Hz ticks while running, stop refuses calls.
case_board_tick() {
    local port q rc
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    WCAP_BUILD_DIR=$B bash "$HERE/../../targets/cortex-m4/qemu.sh" "$port" >"$W/q.out" 2>"$W/q.err" &
    q=$!; PIDS+=("$q")
    for _ in $(seq 150); do grep -qs '^wcap board ready:' "$W/q.out" && break; sleep 0.1; done
    grep -qs '^wcap board ready:' "$W/q.out" || fail "board did not boot: $(cat "$W/q.err")"
    local P="--port tcp:127.0.0.1:$port --identity dev-admin --psk-file $B/keys/dev-admin.psk"
    R=$("$WCAP" push "$T/svc_m4.wcap" $P 2>&1); rc=$?
    [ $rc = 0 ] || fail "push to the board: rc=$rc $R"
    expect 'svc init v2' "init ran on the board"
    R=$("$WCAP" start svc $P 2>&1) || fail "start on the board: $R"
    sleep 3.5
    R=$("$WCAP" call svc ticks $P 2>&1)
    [ "$(last_line)" -ge 2 ] && [ "$(last_line)" -le 5 ] || fail "board ticks in 3.5 s: $R"
    R=$("$WCAP" stop svc $P 2>&1) || fail "stop on the board: $R"
    R=$("$WCAP" call svc ticks $P 2>&1); rc=$?
    [ $rc = 14 ] || fail "call to a stopped capsule on the board: rc=$rc $R"
    pkill -P "$q" 2>/dev/null; kill "$q" 2>/dev/null
}

"case_$CASE"
echo "coap.$CASE: ok"
