#!/usr/bin/env bash
# Virtual threads against platform threads on real PostgreSQL (issue 13), Tidepool and HikariCP
# interleaved: 32 platform threads with both baselines, 10,000 virtual threads, and 10 virtual
# threads on dedicated connections (what virtual threads' own socket I/O costs, no pool).
# Needs a JDK 21+ (JAVA25, default: the first JDK 25 under /usr/lib/jvm).
# Usage: bench/pg-virtual-threads.sh [ROUNDS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECONDS_EACH=${2:-4}
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25-* 2>/dev/null | head -n 1)}
MODULE=tidepool-benchmarks; OUT_DIR=target-bench
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-pg-virtual
mkdir -p "$OUT"
git rev-parse --short HEAD > "$OUT/git.txt" # what is built, before anything can move HEAD
mvn -q -B -Dtidepool.out=$OUT_DIR -pl $MODULE -am package -DskipTests
CP="$MODULE/$OUT_DIR/classes:$(cat $MODULE/$OUT_DIR/bench.classpath)"
run() {
    local name=$1; shift
    uptime > "$OUT/$name.load"
    "$JAVA25/bin/java" -Xmx2g -cp "$CP" dev.tidepool.benchmarks.PgHarness --rounds "$ROUNDS" --seconds "$SECONDS_EACH" \
        --warmup 2 "$@" > "$OUT/$name.md" 2> "$OUT/$name.log"
    uptime >> "$OUT/$name.load"
}
run platform-32 --pools tidepool,hikari --baselines true
run virtual-10000 --virtual-threads --pools tidepool,hikari
run virtual-10-dedicated --virtual-threads --threads 10 --pool-size 10 --pools tidepool --baselines true
"$JAVA25/bin/java" -version 2> "$OUT/java.txt"
cat "$OUT"/*.md
echo "results in $OUT"
