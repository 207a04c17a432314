#!/usr/bin/env bash
# What a finished call keeps alive on the heap, and for how long (bench/results/memory-per-call.md).
#
# Warms up with WARMUP calls, waits IDLE s (longer than the stack keeps transactions), takes a baseline class
# histogram (a full GC first: live objects only), runs CALLS calls at RATE calls/s, then takes a histogram right after
# the last call and AFTER seconds later. bench/memory-per-call-report.py OUT CALLS reads them.
#
#   mvn -q -DskipTests package && bench/memory-per-call.sh       # needs sipp, sox, curl and a JDK >= 21 (jcmd)
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${CALLS:-1000}
RATE=${RATE:-50}
WARMUP=${WARMUP:-200}
IDLE=${IDLE:-45}
AFTER=${AFTER:-"3 10 35"}
OUT=${OUT:-target/bench/memory-$(date +%Y%m%d-%H%M%S)}
source bench/dialtone-under-sipp.sh

echo "warm-up: $(uac "$WARMUP" 50 warmup)"
sleep "$IDLE"
histogram baseline
echo "load: $(uac "$CALLS" "$RATE" load)"
histogram 0
elapsed=0
for t in $AFTER; do
    sleep $((t - elapsed)); elapsed=$t
    histogram "$t"
done
machine
