#!/usr/bin/env python3
"""The netdisk lab's link emulator: delay, jitter, reordering and burst loss in userspace.

This kernel has no netem, so the lab routes the traffic between its two namespaces through a TUN
device in a middle namespace, and this program holds each packet for its time before it writes it
back. The middle namespace's routing does the rest: a packet written into the TUN device is
forwarded to the namespace it is addressed to (see netdisk.tools.lab.LabNetwork).

    linkem.py run --tun NAME --client ADDR [--client ADDR] [--down SPEC] [--up SPEC] --stats FILE
    linkem.py blast --to ADDR --port N --seconds S --size BYTES

"down" is every packet addressed to a --client address (server to client), "up" every other one.
A SPEC is comma-separated key=value pairs, all optional:

    delay=MS      one-way delay, milliseconds (fractions allowed)
    jitter=MS     extra delay drawn uniformly from 0..MS per packet, order kept (as a queue would)
    reorder=PCT   this share of packets is held back max(1 ms, jitter) more, so later ones pass it
    burst=PCT:LEN Gilbert-Elliott loss: PCT percent of packets lost on average, in bursts of LEN
                  packets on average (every packet of a bad spell is lost, none of a good one)
    seed=N        seeds this direction's random numbers (default: fixed per direction)

`run` prints "ready" once the device is attached, runs until SIGTERM or SIGINT, then writes its
counters as JSON to --stats. `blast` sends UDP datagrams as fast as it can for a while; the lab uses
it to measure how many packets per second this emulator can forward (its ceiling), which is
printed beside every result that went through it.

Python 3 standard library only; Linux only (TUNSETIFF).
"""

import argparse
import collections
import fcntl
import heapq
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65535
# Packets read per wake-up before the queue is served; bounded so a flood cannot starve releases.
DRAIN_BATCH = 256


class Direction:
    """One way through the link: its impairments, its queue and its counters."""

    def __init__(self, name, spec, default_seed):
        self.name = name
        self.delay = 0.0
        self.jitter = 0.0
        self.reorder = 0.0
        self.burst_loss = 0.0
        self.burst_length = 1.0
        seed = default_seed
        for item in filter(None, (spec or "").split(",")):
            key, _, value = item.partition("=")
            if key == "delay":
                self.delay = float(value) / 1000.0
            elif key == "jitter":
                self.jitter = float(value) / 1000.0
            elif key == "reorder":
                self.reorder = float(value) / 100.0
            elif key == "burst":
                loss, _, length = value.partition(":")
                self.burst_loss = float(loss) / 100.0
                self.burst_length = float(length) if length else 4.0
            elif key == "seed":
                seed = int(value)
            else:
                raise SystemExit("linkem: unknown key %r in %r" % (key, spec))
        if not 0 <= self.burst_loss < 1 or self.burst_length < 1:
            raise SystemExit("linkem: burst needs 0 <= PCT < 100 and LEN >= 1: %r" % spec)
        self.random = random.Random(seed)
        # Gilbert-Elliott with loss only in the bad state: leave a bad spell with probability r
        # (mean spell = 1/r packets), enter one with p, so that p / (p + r) is the mean loss.
        self.r = 1.0 / self.burst_length
        self.p = self.burst_loss * self.r / (1.0 - self.burst_loss) if self.burst_loss > 0 else 0.0
        self.bad = False
        self.immediate = self.delay == 0 and self.jitter == 0 and self.reorder == 0
        self.queue = collections.deque()  # (release, packet), release times never decrease
        self.held_back = []  # heap of (release, sequence, packet) for reordered packets
        self.last_release = 0.0
        self.sequence = 0
        self.received = 0
        self.forwarded = 0
        self.lost = 0
        self.reordered = 0
        self.most_queued = 0

    def lose(self):
        if self.p == 0:
            return False
        if self.bad:
            if self.random.random() < self.r:
                self.bad = False
        elif self.random.random() < self.p:
            self.bad = True
        return self.bad

    def admit(self, packet, now):
        """Takes one packet; returns it when it is to be forwarded at once, else None."""
        self.received += 1
        if self.lose():
            self.lost += 1
            return None
        if self.immediate:
            return packet
        release = now + self.delay
        if self.jitter:
            release += self.random.random() * self.jitter
        if self.reorder and self.random.random() < self.reorder:
            self.reordered += 1
            self.sequence += 1
            heapq.heappush(self.held_back, (release + max(0.001, self.jitter), self.sequence, packet))
        else:
            # A queue never lets a packet overtake the one before it: jitter alone keeps order.
            release = max(release, self.last_release)
            self.last_release = release
            self.queue.append((release, packet))
        queued = len(self.queue) + len(self.held_back)
        if queued > self.most_queued:
            self.most_queued = queued
        return None

    def next_release(self):
        times = []
        if self.queue:
            times.append(self.queue[0][0])
        if self.held_back:
            times.append(self.held_back[0][0])
        return min(times) if times else None

    def due(self, now):
        """Packets whose time has come, oldest first."""
        out = []
        while self.queue and self.queue[0][0] <= now:
            out.append(self.queue.popleft()[1])
        while self.held_back and self.held_back[0][0] <= now:
            out.append(heapq.heappop(self.held_back)[2])
        return out

    def counters(self):
        return {"received": self.received, "forwarded": self.forwarded, "lost": self.lost,
                "reordered": self.reordered, "mostQueued": self.most_queued}


def destination(packet):
    """The destination address bytes of an IPv4 or IPv6 packet, or None."""
    if not packet:
        return None
    version = packet[0] >> 4
    if version == 4 and len(packet) >= 20:
        return packet[16:20]
    if version == 6 and len(packet) >= 40:
        return packet[24:40]
    return None


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def run(args):
    clients = {socket.inet_pton(socket.AF_INET6 if ":" in a else socket.AF_INET, a) for a in args.client}
    down = Direction("down", args.down, 1)
    up = Direction("up", args.up, 2)
    fd = open_tun(args.tun)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    first_forward = last_forward = None
    write_errors = 0
    print("ready", flush=True)
    while not stopping:
        now = time.monotonic()
        releases = [t for t in (down.next_release(), up.next_release()) if t is not None]
        if releases:
            wait_ms = max(0, (min(releases) - now) * 1000.0)
            # poll() takes whole milliseconds; a wait of less than one is served by the next loop.
            timeout = int(wait_ms) if wait_ms >= 1 else 0
        else:
            timeout = 200  # idle: look at the stop flag now and then
        try:
            ready = poller.poll(timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        outgoing = []
        if ready:
            for _ in range(DRAIN_BATCH):
                try:
                    packet = os.read(fd, MAX_PACKET)
                except BlockingIOError:
                    break
                direction = down if destination(packet) in clients else up
                passed = direction.admit(packet, now)
                if passed is not None:
                    outgoing.append((direction, passed))
        for direction in (down, up):
            for packet in direction.due(now):
                outgoing.append((direction, packet))
        for direction, packet in outgoing:
            try:
                os.write(fd, packet)
                direction.forwarded += 1
            except OSError:
                write_errors += 1
        if outgoing:
            if first_forward is None:
                first_forward = now
            last_forward = now
    stats = {"down": down.counters(), "up": up.counters(), "writeErrors": write_errors,
             "activeSeconds": (last_forward - first_forward) if first_forward is not None else 0.0}
    with open(args.stats, "w") as f:
        json.dump(stats, f)


def blast(args):
    family = socket.AF_INET6 if ":" in args.to else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    payload = b"\0" * args.size
    target = (args.to, args.port)
    sent = 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        for _ in range(64):
            try:
                sock.sendto(payload, target)
                sent += 1
            except OSError:
                pass  # a full queue or an ICMP error for an earlier datagram: keep going
    print(json.dumps({"sent": sent, "seconds": args.seconds}), flush=True)


def main():
    parser = argparse.ArgumentParser(description="netdisk lab link emulator")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--tun", required=True)
    r.add_argument("--client", action="append", required=True)
    r.add_argument("--down", default="")
    r.add_argument("--up", default="")
    r.add_argument("--stats", required=True)
    b = sub.add_parser("blast")
    b.add_argument("--to", required=True)
    b.add_argument("--port", type=int, default=9)
    b.add_argument("--seconds", type=float, default=1.0)
    b.add_argument("--size", type=int, default=1400)
    args = parser.parse_args()
    if args.command == "run":
        run(args)
    else:
        blast(args)


if __name__ == "__main__":
    sys.exit(main())
