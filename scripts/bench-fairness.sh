#!/usr/bin/env bash
# Is flow mode fair to TCP on a shared bottleneck? Two network namespaces joined by veth (offloads
# off), a tbf rate limit on the server's side, netdisk's server and nginx in one namespace and
# two clients in the other: a flow-mode `netdisk tftp get --flow` and a `curl` from nginx start
# together on files of the same size, and the bytes each has after a warm-up and at the end of a
# fixed window give each one's share of the link (Linux, root; traffic stays in the namespaces).
#
#   sudo scripts/bench-fairness.sh [RATE_MBIT] [WINDOW_S]      (defaults: 100 8)
set -euo pipefail

rate=${1:-100}
window=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "bench-fairness: needs root (network namespaces)" >&2; exit 13; }
for tool in ip tc ethtool nginx curl python3; do
    command -v "$tool" >/dev/null || { echo "bench-fairness: $tool is missing (scripts/install-peers.sh installs it)" >&2; exit 13; }
done
if ! [[ "$rate" =~ ^[0-9]+$ && "$window" =~ ^[0-9]+$ ]] || (( rate < 1 || window < 2 || window > 120 )); then
    echo "RATE_MBIT must be a positive integer, WINDOW_S 2..120" >&2; exit 2
fi

tag=ndfair$$
srv=$tag-srv cli=$tag-cli
work=$(mktemp -d)
cleanup() {
    ip netns pids "$srv" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns pids "$cli" 2>/dev/null | xargs -r kill 2>/dev/null || true
    sleep 0.3
    ip netns del "$srv" 2>/dev/null || true
    ip netns del "$cli" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$root/netdisk" --version >/dev/null   # builds the jar if needed, and says so if no JDK is found
ip netns add "$srv"; ip netns add "$cli"
sdev=vs$$ cdev=vc$$   # interface names stay under 16 characters
ip link add "$sdev" netns "$srv" type veth peer name "$cdev" netns "$cli"
ip -n "$srv" addr add 10.78.0.1/24 dev "$sdev"; ip -n "$cli" addr add 10.78.0.2/24 dev "$cdev"
for ns in "$srv" "$cli"; do ip -n "$ns" link set lo up; done
ip -n "$srv" link set "$sdev" up; ip -n "$cli" link set "$cdev" up
ip netns exec "$srv" ethtool -K "$sdev" tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec "$cli" ethtool -K "$cdev" tso off gso off gro off >/dev/null 2>&1 || true
# The bottleneck: the server's egress, a 25 ms queue as in the lab.
ip netns exec "$srv" tc qdisc add dev "$sdev" root tbf rate "${rate}mbit" burst 64kb latency 25ms

size_mib=$(( rate * window / 8 + 16 ))   # more than either can move in the window
mkdir -p "$work/pub" "$work/data" "$work/www" "$work/out"
head -c $((size_mib << 20)) /dev/urandom >"$work/pub/file.bin"
cp "$work/pub/file.bin" "$work/www/file.bin"
chmod -R a+rX "$work"
cat >"$work/nginx.conf" <<EOF
daemon off; worker_processes 1; pid $work/nginx.pid; error_log $work/nginx-error.log;
events {}
http { access_log off; sendfile on; server { listen 10.78.0.1:8080; root $work/www; } }
EOF
ip netns exec "$srv" nginx -p "$work" -c "$work/nginx.conf" &
ip netns exec "$srv" "$root/netdisk" server --host 10.78.0.1 --port 6969 --data "$work/data" --public "$work/pub" \
    >"$work/server.log" 2>&1 &
for _ in $(seq 1 150); do grep -q listening "$work/server.log" 2>/dev/null && break; sleep 0.1; done

echo "fairness: a ${rate} Mbit/s tbf bottleneck, flow-mode get and curl<-nginx together, ${window} s window"
ip netns exec "$cli" curl -s -o "$work/out/tcp.bin" "http://10.78.0.1:8080/file.bin" &
tcp=$!
(cd "$work/out" && ip netns exec "$cli" "$root/netdisk" tftp get -q --flow 10.78.0.1:6969 file.bin udp.bin) &
udp=$!
held() {   # bytes each has so far: curl's file, netdisk's part file (or the finished file)
    local t u
    t=$(stat -c %s "$work/out/tcp.bin" 2>/dev/null || echo 0)
    u=$(find "$work/out" -maxdepth 1 -name '.udp.bin.*.part' -printf '%s\n' 2>/dev/null | head -1)
    [ -n "$u" ] || u=$(stat -c %s "$work/out/udp.bin" 2>/dev/null || echo 0)
    echo "$t $u"
}
sleep 2   # warm-up: both have started, the JVM included
read -r t0 u0 < <(held)
sleep "$window"
read -r t1 u1 < <(held)
kill "$tcp" "$udp" 2>/dev/null || true
python3 - "$t0" "$u0" "$t1" "$u1" "$window" "$rate" <<'EOF'
import sys
t0, u0, t1, u1, w, rate = map(float, sys.argv[1:])
tcp, udp = (t1 - t0) / w / 1e6, (u1 - u0) / w / 1e6
link = rate / 8
total = tcp + udp
print(f"  curl<-nginx (TCP)  {tcp:6.2f} MB/s  {100 * tcp / total if total else 0:5.1f} % of what both moved")
print(f"  netdisk flow mode  {udp:6.2f} MB/s  {100 * udp / total if total else 0:5.1f} %")
print(f"  together           {total:6.2f} MB/s  {100 * total / link:5.1f} % of the {link:.2f} MB/s link")
EOF
