#!/usr/bin/env bash
# Issue 10: Tidepool against HikariCP with metrics off and on, interleaved in one JVM
# (tidepool-benchmarks' PairedPools: four sides, tidepool, hikari, tidepool-metrics and
# hikari-metrics, each with its own class loader, stub database and threads, measured in turn in
# half-second phases, the order rotated every round). Per round: margin off = tidepool / hikari,
# margin on = tidepool-metrics / hikari-metrics, and their quotient, margin on / margin off (1.00:
# the same margin with metrics on as without). Each cell runs in two orientations (Tidepool's
# sides started first, then HikariCP's), and the summary gives each figure's median (quartiles)
# per orientation and the bias-cancelled value, the geometric mean of the two medians.
# Usage: bench/paired-hikari.sh [rounds]                   (default 20)
# Environment: BENCHES (default "connection statement"), THREADS (default "1 8 32"), SKIP_BUILD=1
# (use the tree's last target-bench build), LIB=<dir> (a lib made earlier). Builds with
# -pl tidepool-benchmarks -am package into */target-bench (never mvn install); results go to
# bench/results/<stamp>-paired-hikari/ (one file per run, machine.txt, summary.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
BENCHES=${BENCHES:-connection statement}
THREADS=${THREADS:-1 8 32}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)-paired-hikari
RESULTS=bench/results/$STAMP
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ -n "${LIB:-}" ]; then
    cp -r "$LIB" "$WORK/lib"
else
    if [ "${SKIP_BUILD:-}" != 1 ]; then
        echo "== building this tree"
        mvn -q -Dtidepool.out=target-bench -pl tidepool-benchmarks -am package -DskipTests
    fi
    # A private copy of the build's class path, so that rebuilding the tree cannot change it mid-run.
    mkdir -p "$WORK/lib"
    cp -r tidepool-benchmarks/target-bench/classes "$WORK/lib/classes"
    IFS=: read -r -a jars < tidepool-benchmarks/target-bench/bench.classpath || true
    for jar in "${jars[@]}"; do cp "$jar" "$WORK/lib/"; done
fi
L=$WORK/lib
CP="$L/classes:$(ls "$L"/*.jar | tr '\n' ':')"
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: bench/paired-hikari.sh $*  (BENCHES=$BENCHES THREADS=$THREADS${LIB:+ LIB=$LIB})"
    echo "head: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (+local changes)')"
    echo "hikaricp: $(ls "$L" | grep -i '^hikaricp')"
    echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "jvm: $("$JAVA" -XshowSettings:properties -version 2>&1 | grep -E 'java.runtime.version' | sed 's/^ *//')"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/machine.txt"

for bench in $BENCHES; do
    for threads in $THREADS; do
        for order in tidepool-first hikari-first; do
            if [ $order = tidepool-first ]; then
                sides=("T-off=tidepool@$L" "H-off=hikari@$L" "T-on=tidepool-metrics@$L" "H-on=hikari-metrics@$L")
            else
                sides=("H-off=hikari@$L" "T-off=tidepool@$L" "H-on=hikari-metrics@$L" "T-on=tidepool-metrics@$L")
            fi
            out="$RESULTS/$bench-t$threads-$order.txt"
            echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $bench threads=$threads $order" | tee "$out" | tee -a "$RESULTS/machine.txt"
            "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.PairedPools "$bench" "$threads" "$ROUNDS" "${sides[@]}" >> "$out"
            echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] done" >> "$out"
        done
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/machine.txt"
python3 bench/paired-hikari-summary.py "$RESULTS" | tee "$RESULTS/summary.md"
