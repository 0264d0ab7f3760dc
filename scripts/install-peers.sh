#!/usr/bin/env bash
# Installs what the interop tests and the kernel link lab (`netdisk bench lab`) use besides netdisk
# itself, on Debian or Ubuntu, as root: the stock TFTP peers (curl, tftp-hpa, tftpd-hpa, atftp,
# atftpd), nginx (the lab's TCP reference), the lab's network tools (iproute2, nftables, ethtool,
# python3 for its link emulator) and fonts for the benches' charts.
#
# Debian's atftpd package conflicts with tftpd-hpa, so atftpd is unpacked beside it into
# /usr/local/lib/netdisk-peers/atftpd and linked as /usr/local/sbin/atftpd (its libraries come
# from the packages installed here). Nothing is started: package scripts may not start system
# services while this runs; the tests and the lab start their own servers by PID.
#
#   scripts/install-peers.sh          install what is missing; exit 0 if everything is there
set -euo pipefail

say() { echo "install-peers: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    say "needs root (it installs packages): run it with sudo"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    say "needs apt-get (Debian or Ubuntu); install by hand: curl tftp-hpa tftpd-hpa atftp atftpd nginx nftables iproute2 ethtool python3"
    exit 1
fi

# atftpd's own libraries (libwrap0, libpcre2-8-0) come with the list: it is unpacked, not installed.
PACKAGES=(curl tftp-hpa tftpd-hpa atftp nginx nftables iproute2 ethtool python3 fontconfig fonts-dejavu-core
    libwrap0 libpcre2-8-0)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

missing=()
for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

POLICY_RC=/usr/sbin/policy-rc.d
OWN_POLICY_RC=
cleanup() { if [ -n "$OWN_POLICY_RC" ]; then rm -f "$POLICY_RC"; fi; }
trap cleanup EXIT
forbid_service_starts() {
    # Package scripts would start tftpd-hpa on port 69 and nginx on 80 (exit 101 = not allowed).
    if [ ! -e "$POLICY_RC" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC" && chmod +x "$POLICY_RC" && OWN_POLICY_RC=1
    fi
}

UPDATED=
apt_update() {
    if [ -z "$UPDATED" ]; then
        say "apt-get update"
        apt-get update -q </dev/null || say "apt-get update failed; trying the cached package lists"
        UPDATED=1
    fi
}

status=0
if [ ${#missing[@]} -gt 0 ]; then
    apt_update
    forbid_service_starts
    say "apt-get install ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; then
        # One unavailable package must not keep the others out.
        for pkg in "${missing[@]}"; do
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pkg" </dev/null ||
                { say "could not install $pkg"; status=1; }
        done
    fi
else
    say "packages already installed"
fi

ATFTPD_DIR=/usr/local/lib/netdisk-peers/atftpd
ATFTPD_LINK=/usr/local/sbin/atftpd
if [ -x "$ATFTPD_LINK" ] || command -v atftpd >/dev/null 2>&1; then
    say "atftpd already there"
else
    apt_update
    tmp=$(mktemp -d)
    if (cd "$tmp" && apt-get download atftpd </dev/null >/dev/null 2>&1); then
        rm -rf "$ATFTPD_DIR" && mkdir -p "$ATFTPD_DIR"
        dpkg-deb -x "$tmp"/atftpd_*.deb "$ATFTPD_DIR"
        mkdir -p "$(dirname "$ATFTPD_LINK")"
        ln -sf "$ATFTPD_DIR/usr/sbin/atftpd" "$ATFTPD_LINK"
        say "atftpd unpacked into $ATFTPD_DIR, linked as $ATFTPD_LINK"
    else
        say "could not download atftpd: the lab's atftp row will say it is missing"
        status=1
    fi
    rm -rf "$tmp"
fi
exit "$status"
