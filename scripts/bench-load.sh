#!/usr/bin/env bash
# Many transfers at once, on loopback: netdisk's server against tftpd-hpa with the same clients.
#
#   scripts/bench-load.sh [CLIENTS] [SIZE_MIB] [CLIENT] [SERVER_OPTION...]      (defaults: 50 4 curl)
#
# SERVER_OPTIONs go to `netdisk server`, e.g. `--reactors 0` for a thread per transfer.
# CLIENT is curl (stock, lockstep 512: curl has no windowsize) or netdisk (one `netdisk tftp get`
# JVM per transfer; against tftpd-hpa it falls back to what tftpd-hpa grants). For each server it
# starts CLIENTS transfers of the same SIZE_MIB file together and prints: wall time, aggregate
# goodput, whether every copy is bit-exact (SHA-256), the server's CPU seconds per MB (the
# machine's busy time from /proc/stat less the clients' and the sha256sum's), its peak RSS, the blocks it resent (netdisk's log), and how long a `sha256sum` of a
# 256 MiB file takes while the transfers run against how long it takes alone. Traffic stays on
# 127.0.0.0/8 (curl clients come from 127.0.0.2–51). Needs curl and tftpd-hpa (scripts/install-peers.sh installs them).
set -euo pipefail

clients=${1:-50}
size_mib=${2:-4}
client=${3:-curl}
server_options=("${@:4}")
root=$(cd "$(dirname "$0")/.." && pwd)
case "$client" in curl|netdisk) ;; *) echo "CLIENT must be curl or netdisk, got $client" >&2; exit 2 ;; esac
for tool in curl in.tftpd python3 sha256sum; do
    command -v "$tool" >/dev/null || { echo "bench-load: $tool is missing (scripts/install-peers.sh installs it)" >&2; exit 3; }
done
if ! [[ "$clients" =~ ^[0-9]+$ ]] || (( clients < 1 || clients > 500 )); then
    echo "CLIENTS must be 1..500, got $clients" >&2; exit 2
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$root/netdisk" --version >/dev/null   # builds the jar if needed, and says so if no JDK is found
mkdir -p "$work/pub" "$work/data" "$work/out"
head -c $((size_mib << 20)) /dev/urandom >"$work/pub/file.bin"
head -c $((256 << 20)) /dev/urandom >"$work/beside.bin"
chmod -R a+rX "$work"
want=$(sha256sum "$work/pub/file.bin" | cut -d' ' -f1)

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# The server's CPU is the machine's busy time less what the clients and the sha256sum used:
# tftpd-hpa forks a process per transfer, whose time its parent may never collect.
machine_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat; }
peak_rss_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
time_sha() { local t0 t1; t0=$(date +%s.%N); sha256sum "$work/beside.bin" >/dev/null; t1=$(date +%s.%N); python3 -c "print(f'{$t1-$t0:.2f}')"; }

alone=$(time_sha)
echo "load bench: $clients x $size_mib MiB, client $client, $(nproc) CPUs; sha256sum of 256 MiB alone: ${alone} s"
printf '%-10s %7s %10s %9s %8s %9s %8s %12s\n' server wall MB/s bit-exact "CPU s/MB" "RSS MiB" resent "sha256sum s"
# (tftpd-hpa's RSS is its listener's only: each transfer is a process of its own.)

run_case() {
    local name=$1 port=$2 pid=$3 log=$4
    rm -f "$work/out/"*
    local c0 t0 t1 c1 sha ok=0 resent="-" side
    sleep 0.5
    c0=$(machine_ticks)
    t0=$(date +%s.%N)
    # Clients and the sha256sum run in one subshell, whose `times` gives their CPU (s).
    side=$(
        for i in $(seq 1 "$clients"); do
            if [[ $client == curl ]]; then
                # From 50 addresses, as 50 hosts of a LAN: one address may hold only 128 transfers
                # of a netdisk server (its per-address budget), and 200 from one host is no LAN.
                curl -s --interface "127.0.0.$(( (i - 1) % 50 + 2 ))" -o "$work/out/$i" \
                    "tftp://127.0.0.1:$port/file.bin" &
            else
                "$root/netdisk" tftp get -q "127.0.0.1:$port" file.bin "$work/out/$i" &
            fi
        done
        sleep 0.3
        time_sha >"$work/sha"
        wait
        times | tail -1 | python3 -c 'import sys, re
def sec(t):
    m, s = re.match(r"(\d+)m([\d.]+)s", t).groups(); return int(m) * 60 + float(s)
u, s = sys.stdin.read().split(); print(sec(u) + sec(s))'
    )
    sha=$(cat "$work/sha")
    t1=$(date +%s.%N)
    c1=$(machine_ticks)
    for i in $(seq 1 "$clients"); do
        [[ -f "$work/out/$i" ]] && [[ $(sha256sum "$work/out/$i" | cut -d' ' -f1) == "$want" ]] && ok=$((ok + 1))
    done
    if [[ -n $log ]]; then
        resent=$(grep -o '[0-9,]* retransmission' "$log" | tr -d , | awk '{s+=$1} END {print s+0}')
    fi
    local hz; hz=$(getconf CLK_TCK)
    python3 - "$name" "$t0" "$t1" "$c0" "$c1" "$hz" "$ok" "$(peak_rss_kib "$pid")" "$resent" "$sha" "$side" <<EOF
import sys
name, t0, t1, c0, c1, hz, ok, rss, resent, sha, side = sys.argv[1:]
wall = float(t1) - float(t0)
mb = $clients * $size_mib * 1048576 / 1e6
cpu = (int(c1) - int(c0)) / int(hz) - float(side)
print(f"{name:<10} {wall:7.2f} {mb / wall:10.1f} {ok + '/' + str($clients):>9} {cpu / mb:8.4f} {int(rss) / 1024:9.0f} {resent:>8} {sha:>12}")
EOF
}

port=$(free_port)
in.tftpd -L -s "$work/pub" -a "127.0.0.1:$port" -u nobody &
pids+=($!)
run_case tftpd-hpa "$port" "${pids[-1]}" ""

port=$(free_port)
"$root/netdisk" server --host 127.0.0.1 --port "$port" --data "$work/data" --public "$work/pub" \
    "${server_options[@]}" >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "listening" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
# The launcher script execs java: the PID is the JVM's.
run_case netdisk "$port" "${pids[-1]}" "$work/server.log"
