#!/usr/bin/env bash
# Runs every Tidepool benchmark in one session and writes the raw results to bench/results/<stamp>/:
#   JMH on the stub driver (ConnectionCycle, StatementCycle; threads 1, 2, 8, 32; -prof gc),
#   JMH generic pool (GenericPoolCycle), the real-PostgreSQL harness and the spike harness.
# Usage: bench/run.sh [--quick] [--skip-jmh] [--skip-pg]
#   --quick   smoke check: short JMH iterations, threads 1 and 8, one short PostgreSQL round/trial
# Environment: JAVA_HOME (default: the java on PATH), TIDEPOOL_PG_URL/USER/PASSWORD
# (default jdbc:postgresql://127.0.0.1:5432/test as postgres), JMH_EXTRA (more JMH options).
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=false; SKIP_JMH=false; SKIP_PG=false
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=true ;;
        --skip-jmh) SKIP_JMH=true ;;
        --skip-pg) SKIP_PG=true ;;
        *) echo "unknown option: $arg (use --quick, --skip-jmh, --skip-pg)" >&2; exit 2 ;;
    esac
done

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT_DIR=target-bench
MODULE=tidepool-benchmarks
STAMP=$(date -u +%Y%m%dT%H%M%SZ)$([ "$QUICK" = true ] && echo -quick || true)
RESULTS=bench/results/$STAMP
mkdir -p "$RESULTS"

echo "== building ($MODULE and what it needs) into */$OUT_DIR"
mvn -q -Dtidepool.out=$OUT_DIR -pl $MODULE -am install -DskipTests
# A private copy of the class path: colleagues re-installing SNAPSHOT jars into ~/.m2 while this
# runs must not pull classes out from under a benchmark.
LIB=$MODULE/$OUT_DIR/bench-lib
rm -rf "$LIB" && mkdir -p "$LIB"
cp -r $MODULE/$OUT_DIR/classes "$LIB/classes"
CP="$LIB/classes"
IFS=: read -r -a JARS < "$MODULE/$OUT_DIR/bench.classpath" || true  # the file has no final newline
for jar in "${JARS[@]}"; do
    cp "$jar" "$LIB/" && CP="$CP:$LIB/$(basename "$jar")"
done

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: bench/run.sh $*"
    echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (+local changes)')"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
    echo "jvm: $("$JAVA" -XshowSettings:properties -version 2>&1 | grep -E 'java.vm.name|java.runtime.version' | sed 's/^ *//' | tr '\n' ' ')"
    echo "postgresql: $(psql -h 127.0.0.1 -U postgres -d test -Atc 'show server_version' 2>/dev/null || echo unknown)"
    echo "load before: $(uptime)"
} | tee "$RESULTS/machine.txt"

# Samples the load average every 30 s, so the results say how busy the machine was.
( while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done ) >"$RESULTS/load.txt" &
LOAD_PID=$!
trap 'kill $LOAD_PID 2>/dev/null || true' EXIT

if [ "$QUICK" = true ]; then
    JMH_OPTS=(-wi 1 -w 200ms -i 1 -r 300ms)
    THREADS=(1 8)
    PG_OPTS=(--quick)
else
    JMH_OPTS=(-wi 2 -w 1s -i 3 -r 2s)
    THREADS=(1 2 8 32)
    PG_OPTS=(--rounds 3 --seconds 5 --warmup 2)
fi

if [ "$SKIP_JMH" = false ]; then
    for bench in ConnectionCycle StatementCycle GenericPoolCycle; do
        for t in "${THREADS[@]}"; do
            echo "== JMH $bench, $t thread(s)"
            # shellcheck disable=SC2086
            "$JAVA" -cp "$CP" org.openjdk.jmh.Main "dev.tidepool.benchmarks.$bench" \
                -f 1 "${JMH_OPTS[@]}" -t "$t" -prof gc -rf json -rff "$RESULTS/jmh-$bench-t$t.json" \
                ${JMH_EXTRA:-} | tee "$RESULTS/jmh-$bench-t$t.txt" | grep -E '^(Benchmark|[A-Za-z]+Cycle\.cycle )|gc.alloc.rate.norm ' || true
        done
    done
    python3 bench/jmh_report.py "$RESULTS" | tee "$RESULTS/jmh.md"
fi

if [ "$SKIP_PG" = false ]; then
    echo "== real PostgreSQL harness"
    "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.PgHarness "${PG_OPTS[@]}" >"$RESULTS/pg.md" 2>"$RESULTS/pg.log" \
        || { tail -20 "$RESULTS/pg.log"; exit 1; }
    cat "$RESULTS/pg.md"
    echo "== spike harness"
    SPIKE_OPTS=()
    [ "$QUICK" = true ] && SPIKE_OPTS=(--quick)
    "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.SpikeHarness "${SPIKE_OPTS[@]}" >"$RESULTS/spike.md" 2>"$RESULTS/spike.log" \
        || { tail -20 "$RESULTS/spike.log"; exit 1; }
    cat "$RESULTS/spike.md"
fi
echo "load after: $(uptime)" | tee -a "$RESULTS/machine.txt"
echo "== results in $RESULTS"
