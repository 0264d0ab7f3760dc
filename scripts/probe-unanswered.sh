#!/usr/bin/env bash
# Hardening finding 3, measured by the kernel: RRQs that never answer, against a netdisk server.
#
#   sudo scripts/probe-unanswered.sh [REQUESTS] [FROM]     (defaults: 520 127.0.0.5)
#
# Starts `netdisk server` on 127.0.0.1, sends REQUESTS RRQs from REQUESTS ports of FROM (another
# loopback address) and never answers; meanwhile curl gets a 1 MiB file from 127.0.0.1. nftables
# counts what crosses loopback to and from FROM (needs root). Prints the curl get's time and
# whether it is bit-exact, and the bytes each way. Traffic stays on 127.0.0.0/8.
set -euo pipefail
requests=${1:-520}
from=${2:-127.0.0.5}
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in nft curl python3; do
    command -v "$tool" >/dev/null || { echo "probe-unanswered: $tool is missing" >&2; exit 3; }
done
[[ $(id -u) == 0 ]] || { echo "probe-unanswered: nftables counters need root" >&2; exit 3; }
[[ $from == 127.* ]] || { echo "FROM must be a loopback address (127.x), got $from" >&2; exit 2; }
work=$(mktemp -d)
table=ndprobe$$
cleanup() {
    nft delete table inet "$table" 2>/dev/null || true
    [[ -n ${server:-} ]] && kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$root/netdisk" --version >/dev/null
mkdir -p "$work/pub" && head -c $((1 << 20)) /dev/urandom >"$work/pub/f.bin"
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$root/netdisk" server --host 127.0.0.1 --port "$port" --data "$work/data" --public "$work/pub" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
nft add table inet "$table"
nft add chain inet "$table" out '{ type filter hook output priority 0; }'
nft add rule inet "$table" out ip saddr "$from" meta l4proto udp counter
nft add rule inet "$table" out ip daddr "$from" meta l4proto udp counter

python3 - "$port" "$from" "$requests" >"$work/flood.out" <<'PY' &
import socket, sys, time
port, src, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rrq = b"\x00\x01f.bin\x00octet\x00"
socks = []
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0)); s.setblocking(False); s.sendto(rrq, ("127.0.0.1", port)); socks.append(s)
got = count = 0
end = time.time() + 25  # past the server's give-up of an opening nobody answered (15 s)
while time.time() < end:
    for s in socks:
        try:
            while True:
                got += len(s.recv(70000)); count += 1
        except BlockingIOError:
            pass
    time.sleep(0.05)
print(f"{n} RRQs from {src} ({n * len(rrq)} B of UDP payload); {count} datagrams back, {got} B of payload")
PY
flood=$!
sleep 1
t0=$(date +%s.%N)
curl -s -o "$work/got.bin" "tftp://127.0.0.1:$port/f.bin" && ok=yes || ok=no
t1=$(date +%s.%N)
exact=$(cmp -s "$work/got.bin" "$work/pub/f.bin" && echo bit-exact || echo NOT bit-exact)
echo "curl get of 1 MiB during the flood: completed $ok in $(python3 -c "print(round($t1 - $t0, 2))") s, $exact"
wait "$flood"
cat "$work/flood.out"
nft list table inet "$table" | awk '/counter/ {print "  kernel:", $0}'
