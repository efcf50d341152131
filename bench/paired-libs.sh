#!/usr/bin/env bash
# PairedCycle in both orientations on two libraries made earlier (docs/benchmarks.md, "The no-listener path against main, paired"):
# two builds of Tidepool in one JVM, alternating half-second phases; the position bias cancels in
# sqrt((head/main with head as B) / (main/head with main as B)).
# Usage: bench/paired-libs.sh <lib-main> <lib-head> <out-file> [metrics] [benchmark] [pairs]
#   libs: a build's classes/ and jars, as `KEEP_LIBS=1 bench/metrics-overhead.sh` leaves them in
#   bench/results/<stamp>/lib-base and lib-head; metrics: each side binds its TidepoolMetrics;
#   benchmark: connection (default) or statement; pairs: default 20. Threads 1, 8 and 32.
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=$1 HEAD=$2 OUT=$3 MODE=${4:-plain} BENCH=${5:-connection} PAIRS=${6:-20}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$HEAD/classes:$(ls "$HEAD"/*.jar | tr '\n' ':')"
run() { # A B threads
    echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $1 $2 $BENCH $3 $PAIRS $MODE" | tee -a "$OUT"
    "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.PairedCycle "$1" "$2" "$BENCH" "$3" "$PAIRS" "$MODE" | tee -a "$OUT"
}
for t in 1 8 32; do
    hb=$(run "$MAIN" "$HEAD" "$t" | sed -n 's/.*B\/A median \([0-9.]*\).*/\1/p')
    mb=$(run "$HEAD" "$MAIN" "$t" | sed -n 's/.*B\/A median \([0-9.]*\).*/\1/p')
    python3 -c "import math; print(f'# threads=$t head/main as B $hb, main/head as B $mb: head / main, bias cancelled: {math.sqrt($hb / $mb):.2f}')" | tee -a "$OUT"
done
