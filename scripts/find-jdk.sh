# Sourced by ./netdisk, ./run-tests and .ci/run: finds a JDK whose major version is at least
# ND_MIN_JAVA (21) and exports JAVA_HOME and PATH for it. Looks at JAVA_HOME, then `java` on PATH,
# then the usual install folders. Prints one line and returns 1 when there is none.

ND_MIN_JAVA=${ND_MIN_JAVA:-21}

nd_java_major() { # $1 = a java executable; prints its major version or nothing
    local v release
    # The JDK's release file says it without starting a JVM (50 ms of every command's start);
    # asking the JVM is the fallback for an install without one.
    release=$(dirname "$(dirname "$1")")/release
    if [ -f "$release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)"/\1/p' "$release" | head -n1)
    fi
    if [ -z "${v:-}" ]; then
        v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
    fi
    case "$v" in
        1.*) echo "${v#1.}" | cut -d. -f1 ;;
        '') ;;
        *) echo "${v%%.*}" ;;
    esac
}

nd_is_jdk() { # $1 = candidate home; true when it has java and javac of a suitable version
    local home=$1 major
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
    major=$(nd_java_major "$home/bin/java")
    [ -n "$major" ] && [ "$major" -ge "$ND_MIN_JAVA" ]
}

nd_find_jdk() {
    local candidates=() c java_on_path
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if java_on_path=$(command -v java 2>/dev/null); then
        java_on_path=$(readlink -f "$java_on_path")
        candidates+=("$(dirname "$(dirname "$java_on_path")")")
    fi
    for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
             "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$c" ] && candidates+=("$c")
    done
    # Prefer the newest suitable version among the install folders, but an explicit JAVA_HOME wins.
    local best="" best_major=0 major
    for c in "${candidates[@]}"; do
        if nd_is_jdk "$c"; then
            if [ -n "${JAVA_HOME:-}" ] && [ "$c" = "$JAVA_HOME" ]; then best=$c; break; fi
            major=$(nd_java_major "$c/bin/java")
            if [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
        fi
    done
    if [ -z "$best" ]; then
        echo "netdisk: no JDK $ND_MIN_JAVA or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks); install one (e.g. Temurin $ND_MIN_JAVA) or set JAVA_HOME" >&2
        return 1
    fi
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
}
