#!/usr/bin/env bash
# Profiles Tidepool's JDBC cycle with async-profiler (from Maven Central) inside JMH, and prints
# the hottest frames. Needs bench/run.sh to have built the module once (or builds it here).
# Usage: bench/profile.sh [BENCH=ConnectionCycle|StatementCycle|GenericPoolCycle] [THREADS] [POOL]
#   e.g. bench/profile.sh ConnectionCycle 32 tidepool
# Warm-up is 5 x 2 s: at 32 threads on 2 cores the JIT needs about 6 s to reach steady state.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${1:-ConnectionCycle}; THREADS=${2:-32}; POOL=${3:-tidepool}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MODULE=tidepool-benchmarks; OUT_DIR=target-bench
OUT=bench/results/profile-$BENCH-t$THREADS-$POOL
mkdir -p "$OUT"

mvn -q -Dtidepool.out=$OUT_DIR -pl $MODULE -am install -DskipTests
LIB=$(bench/async-profiler.sh)
CP="$MODULE/$OUT_DIR/classes:$(cat $MODULE/$OUT_DIR/bench.classpath)"

"$JAVA" -cp "$CP" org.openjdk.jmh.Main "dev.tidepool.benchmarks.$BENCH" -p pool="$POOL" \
    -f 1 -wi 5 -w 2s -i 3 -r 2s -t "$THREADS" \
    -prof "async:libPath=$LIB;output=text,collapsed;flat=25;traces=8;dir=$PWD/$OUT;event=cpu;interval=200000" \
    | tee "$OUT/jmh.txt" | grep -E "Cycle.cycle|^ *[0-9]+ +[0-9.]+% " | head -60 | tee "$OUT/summary.txt"
