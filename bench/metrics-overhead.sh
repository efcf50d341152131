#!/usr/bin/env bash
# Issue 10: what metrics cost on the borrow path, on the stub driver (JMH ConnectionCycle and
# StatementCycle, threads 1, 8 and 32), in interleaved rounds so that load from other work on the
# machine spreads over every contender alike:
#   - tidepool, tidepool-timed (a listener that wants timings and does nothing: the clock reads
#     alone), tidepool-metrics (TidepoolMetrics bound to a Prometheus registry),
#     hikari, hikari-metrics (HikariCP's MicrometerMetricsTrackerFactory, same registry type);
#   - tidepool and tidepool-metrics built from another commit (default: main), to show that the
#     no-listener path did not get slower and what a change to the metrics path bought (same
#     rounds, same machine state).
# Usage: [KEEP_LIBS=1] bench/metrics-overhead.sh [rounds] [baseline-ref]     (defaults: 2, main)
# Builds with -pl tidepool-benchmarks -am package into */target-bench (never mvn install); the
# baseline is built from `git archive <ref>` in a temporary directory. Raw JMH JSON and a summary
# go to bench/results/<stamp>-metrics/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}
BASE_REF=${2:-main}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)-metrics
RESULTS=bench/results/$STAMP
mkdir -p "$RESULTS"
JMH_OPTS=(-wi 2 -w 1s -i 3 -r 1s -f 1 -jvmArgsAppend "-Xms1g -Xmx1g")

# Copies a build's class path into a private directory, so rebuilding the tree cannot change it mid-run.
private_classpath() { # tree dest
    local tree=$1 dest=$2 cp
    rm -rf "$dest" && mkdir -p "$dest"
    cp -r "$tree/tidepool-benchmarks/target-bench/classes" "$dest/classes"
    cp="$dest/classes"
    IFS=: read -r -a jars < "$tree/tidepool-benchmarks/target-bench/bench.classpath" || true
    for jar in "${jars[@]}"; do cp "$jar" "$dest/" && cp="$cp:$dest/$(basename "$jar")"; done
    echo "$cp"
}

if [ "${SKIP_BUILD:-}" != 1 ]; then  # SKIP_BUILD=1: use the tree's last target-bench build as it is
    echo "== building this tree"
    mvn -q -Dtidepool.out=target-bench -pl tidepool-benchmarks -am package -DskipTests
fi
HEAD_CP=$(private_classpath . "$RESULTS/lib-head")
BASE_DIR=$(mktemp -d)
trap 'rm -rf "$BASE_DIR"' EXIT
echo "== building $BASE_REF in $BASE_DIR"
git archive "$BASE_REF" | tar -x -C "$BASE_DIR"
(cd "$BASE_DIR" && mvn -q -Dtidepool.out=target-bench -pl tidepool-benchmarks -am package -DskipTests)
BASE_CP=$(private_classpath "$BASE_DIR" "$RESULTS/lib-base")

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: bench/metrics-overhead.sh $*"
    echo "head: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (+local changes)'), baseline: $BASE_REF $(git rev-parse --short "$BASE_REF")"
    echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "jvm: $("$JAVA" -XshowSettings:properties -version 2>&1 | grep -E 'java.runtime.version' | sed 's/^ *//')"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/machine.txt"

# JMH takes a machine-wide lock (/tmp/jmh.lock): when someone else's benchmark holds it, wait for
# it (up to 10 minutes) rather than measure both runs at once.
jmh() { # log json args...
    local log=$1 json=$2 tries=0
    shift 2
    until "$JAVA" "$@" -rf json -rff "$json" > "$log" 2>&1 || ! grep -q "Unable to acquire the JMH lock" "$log"; do
        tries=$((tries + 1))
        [ $tries -ge 60 ] && { echo "JMH lock still taken after 10 min" >&2; exit 1; }
        sleep 10
    done
    grep -q "Unable to acquire the JMH lock" "$log" && { echo "JMH lock" >&2; exit 1; } || true
}

for round in $(seq 1 "$ROUNDS"); do
    for threads in 1 8 32; do
        echo "== round $round, $threads threads: head (5 pools)  [load $(cut -d' ' -f1 /proc/loadavg)]"
        jmh "$RESULTS/head-r$round-t$threads.log" "$RESULTS/head-r$round-t$threads.json" \
            -cp "$HEAD_CP" org.openjdk.jmh.Main 'ConnectionCycle|StatementCycle' "${JMH_OPTS[@]}" -t "$threads" \
            -p pool=tidepool,tidepool-timed,tidepool-metrics,hikari,hikari-metrics
        echo "== round $round, $threads threads: baseline tidepool, tidepool-metrics  [load $(cut -d' ' -f1 /proc/loadavg)]"
        jmh "$RESULTS/base-r$round-t$threads.log" "$RESULTS/base-r$round-t$threads.json" \
            -cp "$BASE_CP" org.openjdk.jmh.Main 'ConnectionCycle|StatementCycle' "${JMH_OPTS[@]}" -t "$threads" \
            -p pool=tidepool,tidepool-metrics
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/machine.txt"
[ "${KEEP_LIBS:-}" = 1 ] || rm -rf "$RESULTS/lib-head" "$RESULTS/lib-base"  # KEEP_LIBS=1: for PairedCycle
python3 bench/metrics-summary.py "$RESULTS" | tee "$RESULTS/summary.md"
