#!/usr/bin/env bash
# This tree against another commit (default: main) on the stub driver with PairedCycle: both
# builds in one JVM, measured in alternating half-second phases (docs/benchmarks.md, "The
# no-listener path against main, paired"). Each cell runs in both orientations (baseline as A,
# then this tree as A) and the summary gives the bias-cancelled ratio
# sqrt((head/base, head as B) / (base/head, base as B)).
# Usage: bench/paired.sh [baseline-ref] [pairs]          (defaults: main, 20)
# Environment: BENCHES (default "connection statement"; also "generic": GenericPoolCycle's core pool), THREADS (default "1 8 32"),
# SKIP_BUILD=1 (use the tree's last target-bench build), BASE_LIB=<dir> (a baseline lib made
# earlier, instead of building the ref). Builds with -pl tidepool-benchmarks -am package into
# */target-bench (never mvn install); results go to bench/results/<stamp>-paired/paired.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_REF=${1:-main}
PAIRS=${2:-20}
BENCHES=${BENCHES:-connection statement}
THREADS=${THREADS:-1 8 32}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)-paired
RESULTS=bench/results/$STAMP
OUT=$RESULTS/paired.txt
LIBS=$(mktemp -d)
trap 'rm -rf "$LIBS"' EXIT
mkdir -p "$RESULTS"

# A private copy of a build's class path (classes/ and the jars of bench.classpath), so that
# rebuilding the tree cannot change it mid-run; PairedCycle loads each side from such a folder.
lib() { # tree dest
    local tree=$1 dest=$2
    mkdir -p "$dest"
    cp -r "$tree/tidepool-benchmarks/target-bench/classes" "$dest/classes"
    IFS=: read -r -a jars < "$tree/tidepool-benchmarks/target-bench/bench.classpath" || true
    for jar in "${jars[@]}"; do cp "$jar" "$dest/"; done
}

if [ "${SKIP_BUILD:-}" != 1 ]; then
    echo "== building this tree"
    mvn -q -Dtidepool.out=target-bench -pl tidepool-benchmarks -am package -DskipTests
fi
HEAD_NAME=head-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+local')
lib . "$LIBS/$HEAD_NAME"
if [ -n "${BASE_LIB:-}" ]; then
    BASE_NAME=$(basename "$BASE_LIB")
    cp -r "$BASE_LIB" "$LIBS/$BASE_NAME"
else
    BASE_NAME=base-$(git rev-parse --short "$BASE_REF")
    BASE_DIR=$(mktemp -d)
    trap 'rm -rf "$LIBS" "$BASE_DIR"' EXIT
    echo "== building $BASE_REF in $BASE_DIR"
    git archive "$BASE_REF" | tar -x -C "$BASE_DIR"
    (cd "$BASE_DIR" && mvn -q -Dtidepool.out=target-bench -pl tidepool-benchmarks -am package -DskipTests)
    lib "$BASE_DIR" "$LIBS/$BASE_NAME"
fi
CP="$LIBS/$HEAD_NAME/classes:$(ls "$LIBS/$HEAD_NAME"/*.jar | tr '\n' ':')"

echo "# PairedCycle, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPUs, $("$JAVA" -XshowSettings:properties -version 2>&1 | grep java.runtime.version | sed 's/^ *//'); base = $BASE_NAME ($BASE_REF), head = $HEAD_NAME; $PAIRS pairs per run" | tee "$OUT"
run() { # A B bench threads
    echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $(basename "$1") $(basename "$2") $3 $4 $PAIRS" | tee -a "$OUT"
    "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.PairedCycle "$1" "$2" "$3" "$4" "$PAIRS" | tee -a "$OUT"
}
for bench in $BENCHES; do
    for threads in $THREADS; do
        run "$LIBS/$BASE_NAME" "$LIBS/$HEAD_NAME" "$bench" "$threads"
        run "$LIBS/$HEAD_NAME" "$LIBS/$BASE_NAME" "$bench" "$threads"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"

# Bias-cancelled ratio per cell: the runs come in pairs (head as B, then base as B).
{
    echo "# head ÷ base, bias cancelled: sqrt((head/base, head as B) / (base/head, base as B))"
    grep -E '^(Connection|Statement|GenericPool)Cycle' "$OUT" | sed -E 's/^(\w+) threads=([0-9]+).*B\/A median ([0-9.]+).*/\1 \2 \3/' |
        awk 'NR % 2 == 1 { b = $1; t = $2; r1 = $3; next } { printf "%s, %s threads: head/base as B %.3f, base/head as B %.3f, head ÷ base %.3f\n", b, t, r1, $3, sqrt(r1 / $3) }'
} | tee -a "$OUT"
