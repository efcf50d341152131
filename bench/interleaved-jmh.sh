#!/usr/bin/env bash
# One JMH benchmark of two builds, run alternately (A, B, A, B ...) in rounds, so the two see the
# same machine load as nearly as separate JVMs can; prints each run and, per thread count, the
# median of the rounds' B/A ratios. For builds a class loader cannot pair (PairedCycle covers
# ConnectionCycle and StatementCycle), e.g. GenericPoolCycle.
# Usage: bench/interleaved-jmh.sh <libA> <libB> <benchmark regex> [rounds] [extra JMH args...]
#   libA/libB: folders with a build's classes/ and jars (bench/paired.sh's lib(), or
#   bench/metrics-overhead.sh with KEEP_LIBS=1). Environment: THREADS (default "1 8 32").
# Example: bench/interleaved-jmh.sh /tmp/base /tmp/head GenericPoolCycle 3 -p pool=tidepool
set -euo pipefail
A=$1 B=$2 BENCH=$3 ROUNDS=${4:-3}
shift $(( $# < 4 ? $# : 4 ))
THREADS=${THREADS:-1 8 32}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp_of() { echo "$1/classes:$(ls "$1"/*.jar | tr '\n' ':')"; }
score() { # lib threads -> ops/ms
    "$JAVA" -cp "$(cp_of "$1")" org.openjdk.jmh.Main "$BENCH" -t "$2" -f 1 -wi 3 -w 2s -i 5 -r 1s -tu ms "$@" \
        -rf csv -rff /tmp/interleaved-$$.csv > /dev/null 2>&1
    tail -1 /tmp/interleaved-$$.csv | awk -F, '{gsub(/"/, "", $5); printf "%.0f", $5}'
}
echo "# $BENCH $* - A=$(basename "$A") B=$(basename "$B"), $ROUNDS rounds, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPUs"
declare -A ratios
for r in $(seq 1 "$ROUNDS"); do
    for t in $THREADS; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        sa=$(score "$A" "$t" "$@")
        sb=$(score "$B" "$t" "$@")
        ratio=$(awk -v a="$sa" -v b="$sb" 'BEGIN { printf "%.3f", b / a }')
        ratios[$t]="${ratios[$t]:-} $ratio"
        echo "round $r threads $t load $load: A $sa ops/ms, B $sb ops/ms, B/A $ratio"
    done
done
for t in $THREADS; do
    echo "threads $t: B/A per round${ratios[$t]}; median $(echo ${ratios[$t]} | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
done
rm -f /tmp/interleaved-$$.csv
