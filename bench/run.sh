#!/usr/bin/env bash
# The heroes benchmark's one command: installs what is missing (wrk, PostgreSQL, python3, fonts),
# builds target/heroes.jar, then runs bench/bench.py, which starts its own PostgreSQL and the
# service, seeds them, measures every scenario and writes bench/results/<timestamp>/ and
# bench/results/latest/. See bench/README.md.
#
#   bash bench/run.sh                                    # the full run (about 17 minutes)
#   WARMUP=1 DURATION=2 RUNS=1 bash bench/run.sh         # a smoke run
#
# Settings (environment): WARMUP=10 DURATION=15 CONNECTIONS=32 THREADS=2 RUNS=2
# DATABASES="postgres sqlite" SCENARIOS=all (or names / S1..S6), SKIP_BUILD=1 to reuse the jar,
# SERVICE_JAVA_OPTS for extra JVM options, RESULTS_DIR, KEEP_TMP=1, PG_BIN, JAVA_HOME,
# BASELINE=<git revision> to measure that commit's service beside this one, PROFILE=1 for a CPU
# profile (JFR) of each scenario's first window in profiles/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "bench: need root (or sudo) to run: $*" >&2
        exit 1
    fi
}

missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 \
    || missing+=(postgresql)
command -v python3 >/dev/null || missing+=(python3)
# java.awt draws the chart's text with the system's fonts
command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -n 1)" ] || missing+=(fontconfig fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -z "${JAVA_HOME:-}" ]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-*; do
        if [ -x "$candidate/bin/java" ]; then
            JAVA_HOME="$candidate"
            break
        fi
    done
fi
if [ -n "${JAVA_HOME:-}" ]; then
    export JAVA_HOME
    export JAVA="$JAVA_HOME/bin/java"
else
    export JAVA="$(command -v java || true)"
fi
if [ -z "$JAVA" ] || ! "$JAVA" -version 2>&1 | grep -q 'version "2[5-9]'; then
    echo "bench: needs a Java 25 JDK (set JAVA_HOME)" >&2
    exit 1
fi

cd "$repo"
if [ "${SKIP_BUILD:-0}" = 1 ] && [ -f target/heroes.jar ]; then
    echo "bench: SKIP_BUILD=1, using the existing target/heroes.jar"
else
    echo "bench: building target/heroes.jar"
    ./mvnw -q -B package -DskipTests
fi

# BASELINE=<git revision>: the same scenarios also run against that commit's service, built once
# into target/bench-baseline/<commit>/, in turn with this one, for a regression check.
if [ -n "${BASELINE:-}" ]; then
    baseline_commit="$(git rev-parse --short=12 "${BASELINE}^{commit}")"
    baseline_dir="$repo/target/bench-baseline/$baseline_commit"
    if [ ! -f "$baseline_dir/target/heroes.jar" ]; then
        echo "bench: building the baseline $BASELINE ($baseline_commit) in $baseline_dir"
        rm -rf "$baseline_dir"
        mkdir -p "$baseline_dir"
        git archive "$baseline_commit" | tar -x -C "$baseline_dir"
        (cd "$baseline_dir" && ./mvnw -q -B package -DskipTests)
    fi
    export BASELINE_JAR="$baseline_dir/target/heroes.jar" BASELINE_COMMIT="$baseline_commit"
fi

# COLD=1: a fresh instance's requests/s second by second (bench/cold.py); SCALE=1: each route's
# latency at 2,000,000 heroes against 10,000 (bench/scale.py); REPLICAS=1: reads from two standbys
# and writes through PgBouncer against the primary alone (bench/replicas.py). Otherwise the scenarios.
if [ "${COLD:-0}" = 1 ]; then
    exec python3 "$here/cold.py"
elif [ "${SCALE:-0}" = 1 ]; then
    exec python3 "$here/scale.py"
elif [ "${REPLICAS:-0}" = 1 ]; then
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || {
        echo "bench: installing pgbouncer from Debian's packages"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
    }
    exec python3 "$here/replicas.py"
fi
exec python3 "$here/bench.py"
