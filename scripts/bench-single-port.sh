#!/usr/bin/env bash
# What single-port mode costs: the same public file fetched from one netdisk server started
# with and without --single-port, on loopback, by curl (lockstep, blksize 512 and 1428) and by
# netdisk's own tftp client (windowsize 16, blksize 1428; and flow mode). Whole processes; the
# middle of RUNS.
# Every copy is compared with the original. Traffic stays on 127.0.0.1.
#
#   scripts/bench-single-port.sh [RUNS] [MIB]     (defaults 3 and 32)
set -euo pipefail

runs=${1:-3}
mib=${2:-32}
if ! [[ "$runs" =~ ^[0-9]+$ ]] || (( runs < 1 || runs > 20 )); then
    echo "RUNS must be 1..20, got $runs" >&2; exit 2
fi
if ! [[ "$mib" =~ ^[0-9]+$ ]] || (( mib < 1 || mib > 1024 )); then
    echo "MIB must be 1..1024, got $mib" >&2; exit 2
fi
command -v curl >/dev/null || { echo "bench-single-port: curl is missing (scripts/install-peers.sh)" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "bench-single-port: /usr/bin/time is missing (apt-get install time)" >&2; exit 3; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; server_pid=; }
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

"$root/netdisk" --version >/dev/null  # builds the jar when stale
mkdir -p "$work/data/public"
head -c "$(( mib << 20 ))" /dev/urandom >"$work/data/public/big.bin"
bytes=$(( mib << 20 ))

start_server() { # $@: extra server flags; sets $port
    "$root/netdisk" server --data "$work/data" --host 127.0.0.1 --port 0 --no-discovery "$@" >"$work/server.log" 2>&1 &
    server_pid=$!
    port=
    for _ in $(seq 1 100); do
        port=$(grep -oP 'listening on 127\.0\.0\.1:\K[0-9]+' "$work/server.log" || true)
        [ -n "$port" ] && return
        sleep 0.1
    done
    echo "bench-single-port: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}
middle() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rate() { # MB/s of the middle of $runs runs of the command, which writes $work/copy
    local i
    for i in $(seq 1 "$runs"); do
        rm -f "$work/copy"
        /usr/bin/time -f %e -o "$work/t" "$@" >/dev/null 2>&1
        cmp -s "$work/copy" "$work/data/public/big.bin" || { echo "bench-single-port: a copy differs: $*" >&2; exit 1; }
        cat "$work/t"
    done | middle | awk -v b="$bytes" '{ printf "%.1f", b / $1 / 1e6 }'
}

printf '%-44s %12s %12s\n' "client ($mib MiB, MB/s, whole process)" "per-transfer" "single-port"
declare -A result
for mode in per single; do
    if [ "$mode" = single ]; then start_server --single-port; else start_server; fi
    result[$mode,curl512]=$(rate curl -sS -o "$work/copy" "tftp://127.0.0.1:$port/big.bin")
    result[$mode,curl1428]=$(rate curl -sS --tftp-blksize 1428 -o "$work/copy" "tftp://127.0.0.1:$port/big.bin")
    result[$mode,nd16]=$(cd "$work" && rate "$root/netdisk" tftp get "127.0.0.1:$port" big.bin copy --blksize 1428 --windowsize 16)
    result[$mode,flow]=$(cd "$work" && rate "$root/netdisk" tftp get "127.0.0.1:$port" big.bin copy --flow)
    stop_server
done
printf '%-44s %12s %12s\n' "curl, lockstep, blksize 512" "${result[per,curl512]}" "${result[single,curl512]}"
printf '%-44s %12s %12s\n' "curl, lockstep, blksize 1428" "${result[per,curl1428]}" "${result[single,curl1428]}"
printf '%-44s %12s %12s\n' "netdisk tftp get, blksize 1428, windowsize 16" "${result[per,nd16]}" "${result[single,nd16]}"
printf '%-44s %12s %12s\n' "netdisk tftp get --flow" "${result[per,flow]}" "${result[single,flow]}"
