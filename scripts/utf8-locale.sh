# Sourced by ./netdisk and ./run-tests. Java encodes file names in the locale's charset
# (sun.jnu.encoding), not in file.encoding: under the POSIX locale (LANG unset, as in containers,
# cron, systemd units and CI) it cannot even name a file "résumé.txt", and the server would have
# to refuse every non-ASCII name. Names are UTF-8 on the wire (spec/protocol.md), so when the
# current locale is not UTF-8, run the JVM in C.UTF-8 (built into glibc since 2.35; Debian and
# Ubuntu had it long before). LC_ALL, not only LC_CTYPE: a caller's LC_ALL=C would override it.

nd_utf8_locale() {
    local charmap
    charmap=$(locale charmap 2>/dev/null || true)
    case "$charmap" in
        UTF-8 | utf8 | UTF8) return 0 ;;
    esac
    if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
        export LC_ALL=C.UTF-8
    else
        echo "netdisk: the locale's charset is ${charmap:-unknown}, not UTF-8, and there is no C.UTF-8 locale:" \
            "file names outside ${charmap:-it} will be refused (set LANG to a UTF-8 locale)" >&2
    fi
}
