#!/bin/sh
# Runs each named fuzz target in turn, one process at a time, under nice, and appends one line per
# target to fuzz/runs.log: date, target, CPU seconds (user+sys), executions, corpus size, exit code.
# Usage: fuzz/run_all.sh SECONDS TARGET...   (binaries built with `cargo +nightly fuzz build -s none`)
set -u
secs=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
bin=${FUZZ_BIN:-/work/target_fuzz_nightly/x86_64-unknown-linux-gnu/release}
mkdir -p "$here/logs"
for t in "$@"; do
    mkdir -p "$here/corpus/$t" "$here/artifacts/$t"
    log="$here/logs/$t-$(date -u +%Y%m%dT%H%M%S).log"
    /usr/bin/time -f "%U %S" -o "$here/logs/time.$t" nice -n 19 "$bin/$t" "$here/corpus/$t" \
        -rss_limit_mb=2048 -timeout=10 -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$t/" > "$log" 2>&1
    rc=$?
    cpu=$(tail -n 1 "$here/logs/time.$t" | awk '{printf "%.0f", $1 + $2}')
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}')
    corpus=$(ls "$here/corpus/$t" | wc -l)
    echo "$(date -u +%Y-%m-%d) $t cpu=$cpu execs=${execs:-?} corpus=$corpus rc=$rc log=$log" >> "$here/runs.log"
done
