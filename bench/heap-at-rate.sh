#!/usr/bin/env bash
# The heap a call rate needs: runs RATE calls/s (HOLD_MS each) for DURATION s against a Dialtone with HEAP, and
# takes the live heap (class histogram after a full GC) at SAMPLES seconds into the load, once the heap has reached
# its steady state (calls up + finished calls the stack still keeps, about 32 s' worth). Also says whether every call
# succeeded and whether the process survived; gc.log in OUT has every collection.
#
#   mvn -q -DskipTests package && RATE=100 HOLD_MS=2000 HEAP=256m bench/heap-at-rate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-100}
DURATION=${DURATION:-75}
SAMPLES=${SAMPLES:-"45 60 70"}
OUT=${OUT:-target/bench/rate-$RATE-$(date +%Y%m%d-%H%M%S)}
source bench/dialtone-under-sipp.sh

echo "warm-up: $(uac 200 50 warmup)"
uac $((RATE * DURATION)) "$RATE" load > load-result.txt &
LOAD=$!
elapsed=0
for t in $SAMPLES; do
    sleep $((t - elapsed)); elapsed=$t
    kill -0 $PID 2>/dev/null && histogram "at-$t"
done
while kill -0 $LOAD 2>/dev/null; do # a dead switch answers nothing: stop the load rather than wait for its timeout
    kill -0 $PID 2>/dev/null || { pkill -P $LOAD sipp || true; break; }
    sleep 1
done
wait $LOAD || true
echo "load: $(cat load-result.txt)"
kill -0 $PID 2>/dev/null && echo "Dialtone alive" || echo "Dialtone died: $(tail -3 dialtone.log)"
grep -oE 'Pause Young.* [0-9]+M->[0-9]+M' gc.log | awk -F'->' '{split($2,a,"M"); if (a[1]>max) max=a[1]} END {print "largest heap after a young GC: " max " MB"}'
machine
