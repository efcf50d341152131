#!/usr/bin/env bash
# One contender from two builds, or two contenders, interleaved with PairedPools in both orders:
# throughput and cost (operations per ms of CPU time) per round, bias-cancelled ratio B / A.
# Usage: bench/paired-pools.sh <out-file> <poolA>@<libA> <poolB>@<libB> [rounds]     (default 20)
#   e.g. bench/paired-pools.sh out.txt tidepool@lib-main tidepool@lib-head
# Environment: BENCHES (default "connection statement"), THREADS (default "1 8 32"). The libs are
# a build's classes/ and jars (bench/paired.sh and bench/paired-hikari.sh make them; a lib older
# than PairedPools works too, the harness comes from the class path below, this tree's build).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1 A=$2 B=$3 ROUNDS=${4:-20}
BENCHES=${BENCHES:-connection statement}
THREADS=${THREADS:-1 8 32}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
H=tidepool-benchmarks/target-bench
CP="$H/classes:$(cat $H/bench.classpath)"
ratio() { # file label-of-B label-of-A field(2: wall, cpu) -> median of B/A over the rounds
    python3 - "$@" <<'PY'
import statistics, sys
path, b, a, mode = sys.argv[1:5]
sides, rs = None, []
for line in open(path):
    if line.startswith('# '):
        sides = line.split('sides:')[1].split()
    elif line.startswith('round '):
        wall, _, cpu = line.partition(' cpu ')
        w, c = [float(x) for x in wall.split()[2:]], [float(x) for x in cpu.split()]
        if min(w + c) <= 0:
            continue  # a side got no CPU at all in its phase: no ratio to take
        v = w if mode == 'wall' else c
        rs.append(v[sides.index(b)] / v[sides.index(a)])
rs.sort()
print(f"{statistics.median(rs):.3f} {rs[len(rs) // 4]:.3f} {rs[3 * len(rs) // 4]:.3f}")
PY
}
echo "# PairedPools $(date -u '+%Y-%m-%d %H:%M UTC'), A = $A, B = $B, $ROUNDS rounds; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
for bench in $BENCHES; do
    for t in $THREADS; do
        f1=$(mktemp) f2=$(mktemp)
        echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $bench $t, A first" | tee -a "$OUT"
        "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.PairedPools "$bench" "$t" "$ROUNDS" "A=$A" "B=$B" | tee "$f1" >> "$OUT"
        echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $bench $t, B first" | tee -a "$OUT"
        "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.tidepool.benchmarks.PairedPools "$bench" "$t" "$ROUNDS" "B=$B" "A=$A" | tee "$f2" >> "$OUT"
        for mode in wall cpu; do
            read -r m1 q1a q1b <<< "$(ratio "$f1" B A $mode)"
            read -r m2 q2a q2b <<< "$(ratio "$f2" A B $mode)"
            python3 -c "import math; print(f'= $bench threads=$t $mode: B/A with B second $m1 ($q1a-$q1b), A/B with A second $m2 ($q2a-$q2b): B / A, bias cancelled {math.sqrt($m1 / $m2):.3f}')" | tee -a "$OUT"
        done
        rm -f "$f1" "$f2"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
