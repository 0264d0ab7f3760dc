#!/usr/bin/env bash
# How fast a small command feels: `./netdisk --version`, a 7-byte `./netdisk tftp get` from our
# server on loopback (whole processes, the middle of RUNS), and RUNS one-block gets inside one
# warm JVM (scripts/bench/OneBlockGet.java). Traffic stays on 127.0.0.1.
#
#   scripts/bench-start.sh [RUNS]      (default 5; the in-JVM loop runs 10 × RUNS)
set -euo pipefail

runs=${1:-5}
if ! [[ "$runs" =~ ^[0-9]+$ ]] || (( runs < 1 || runs > 100 )); then
    echo "RUNS must be 1..100, got $runs" >&2; exit 2
fi
[ -x /usr/bin/time ] || { echo "bench-start: /usr/bin/time is missing (apt-get install time)" >&2; exit 3; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$root/netdisk" --version >/dev/null  # builds the jar and its class-data archive when stale
# shellcheck source=find-jdk.sh
. "$root/scripts/find-jdk.sh"
nd_find_jdk

mkdir -p "$work/data/public"
printf 'hello!\n' >"$work/data/public/seven.txt"
"$root/netdisk" server --data "$work/data" --host 127.0.0.1 --port 0 >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 100); do
    port=$(grep -oP 'listening on 127\.0\.0\.1:\K[0-9]+' "$work/server.log" || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "bench-start: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

middle() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timed() { # prints the middle wall time of $runs runs of the command
    local i
    for i in $(seq 1 "$runs"); do
        rm -f "$work/seven.txt"
        /usr/bin/time -f %e -o "$work/t" "$@" >/dev/null 2>&1
        cat "$work/t"
    done | middle
}
echo "netdisk --version:        $(timed "$root/netdisk" --version) s (middle of $runs)"
cd "$work"
echo "netdisk tftp get 7 bytes: $(timed "$root/netdisk" tftp get "127.0.0.1:$port" seven.txt) s (middle of $runs)"
cmp -s "$work/seven.txt" "$work/data/public/seven.txt" || { echo "bench-start: the copy differs" >&2; exit 1; }
"$JAVA_HOME/bin/java" -cp "$root/tools/target/netdisk.jar" "$root/scripts/bench/OneBlockGet.java" \
    "$port" "$(( runs * 10 ))" seven.txt
