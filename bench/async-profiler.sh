#!/usr/bin/env bash
# Fetches async-profiler from Maven Central (once) and prints the path of its Linux x64 library.
# Run by bench/profile.sh and bench/profile-pg.sh, from the repo root.
set -euo pipefail
AP_VERSION=4.6
AP_DIR=tidepool-benchmarks/target-bench/async-profiler
if [ ! -f "$AP_DIR/linux-x64/libasyncProfiler.so" ]; then
    mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION >&2
    mkdir -p "$AP_DIR"
    unzip -o -q ~/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar 'linux-x64/*' -d "$AP_DIR"
fi
echo "$PWD/$AP_DIR/linux-x64/libasyncProfiler.so"
