#!/usr/bin/env bash
# Profiles one pool in the real-PostgreSQL harness (32 threads, pool 10, both workloads, one
# round of 8 s, no baselines) with async-profiler's itimer mode, and prints the hottest frames.
# itimer, not perf events: on this paravirtualised VM perf-event sampling cost the run half its
# throughput (39 % of samples in the hypervisor's irq-enable path), itimer a few percent.
# Usage: bench/profile-pg.sh [POOL]   e.g. bench/profile-pg.sh hikari
set -euo pipefail
cd "$(dirname "$0")/.."
POOL=${1:-tidepool}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MODULE=tidepool-benchmarks; OUT_DIR=target-bench
OUT=bench/results/profile-pg-$POOL
mkdir -p "$OUT"

mvn -q -Dtidepool.out=$OUT_DIR -pl $MODULE -am install -DskipTests
LIB=$(bench/async-profiler.sh)
CP="$MODULE/$OUT_DIR/classes:$(cat $MODULE/$OUT_DIR/bench.classpath)"

"$JAVA" -agentpath:"$LIB=start,event=itimer,interval=1000000,file=$PWD/$OUT/flat.txt,flat=40,traces=0" \
    -cp "$CP" dev.tidepool.benchmarks.PgHarness --rounds 1 --seconds 8 --warmup 2 --pools "$POOL" --baselines false \
    > "$OUT/pg.md" 2> "$OUT/pg.log"
cat "$OUT/pg.md"
head -30 "$OUT/flat.txt"
