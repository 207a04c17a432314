#!/usr/bin/env bash
# API latency and SSE event delivery, against a Dialtone this script starts on loopback (its own ports and data dir).
#   bench/api-latency.sh            # writes bench/results/api-latency.md and bench/results/sse-delivery.md
# Environment: RATE (1000 req/s), DURATION (30 s), WARMUP (5), SUBSCRIBERS (1000), ORIGINATES (200), ORIGINATE_RATE
# (10/s), HEAP (512m), SKIP_BUILD=1 to reuse target/ as it is, PARTS ("api sse": which to run), JVM_OPTIONS (added
# to the switch's java command, e.g. -XX:StartFlightRecording:filename=rec.jfr,settings=profile). The drivers are in src/bench/java/org/dialtone/bench.
set -euo pipefail
trap 'echo "bench/api-latency.sh: failed at line $LINENO (logs in target/bench-api/)" >&2' ERR
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
RATE=${RATE:-1000}; DURATION=${DURATION:-30}; WARMUP=${WARMUP:-5}
SUBSCRIBERS=${SUBSCRIBERS:-1000}; ORIGINATES=${ORIGINATES:-200}; ORIGINATE_RATE=${ORIGINATE_RATE:-10}
HEAP=${HEAP:-512m}
free_port() { # a port free for both TCP and UDP on 127.0.0.1 now (the machine is shared: fixed ports collide)
    python3 -c 'import socket
while True:
    t = socket.socket(); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: t.close(); u.close()'
}
HTTP=${HTTP:-$(free_port)}; SIP=${SIP:-$(free_port)}; PHONE=${PHONE:-$(free_port)}
TOKEN=bench-token-0123456789abcdef
OUT=target/bench-api; rm -rf "$OUT"; mkdir -p "$OUT" bench/results

if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -q -o -DskipTests package
    mvn -q -o -Pbench -DskipTests compile
fi
CP="target/bench-classes:target/classes:$(cat target/bench.classpath)"

cat > "$OUT/dialtone.yaml" <<YAML
sip: {bind_address: 127.0.0.1, udp_port: $SIP, tcp_port: $SIP}
http: {bind_address: 127.0.0.1, port: $HTTP, rate_limit_per_second: 1000000, rate_limit_burst: 1000000}
rtp: {bind_address: 127.0.0.1, port_min: 51000, port_max: 51398}
events: {max_streams_per_token: 5000}
data_dir: $PWD/$OUT/data
customers:
  - code: "1000001"
    name: Bench
    extensions:
      - {number: "200", sip_username: "b200", password: pw200-bench}
      - {number: "201", sip_username: "b201", password: pw201-bench}
    api_tokens:
      - {token: "$TOKEN", label: bench}
YAML

PARTS=${PARTS:-api sse}
"$JAVA_HOME/bin/java" -Xms$HEAP -Xmx$HEAP -XX:+ExitOnOutOfMemoryError -Xlog:gc:file="$OUT/gc.log" ${JVM_OPTIONS:-} --enable-native-access=ALL-UNNAMED \
    -jar target/dialtone-0.1.0-SNAPSHOT.jar --config "$OUT/dialtone.yaml" > "$OUT/dialtone.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf "localhost:$HTTP/health" > /dev/null; do sleep 0.2; kill -0 $PID; done
# extension 200's device: registered from 127.0.0.1:$PHONE, a sipp that answers every INVITE 486 Busy Here, so an
# originate from 200 rings it, fails at once, and its channel's events go out on the event stream
printf 'SEQUENTIAL\nb200;unused;[authentication username=b200 password=pw200-bench]\n' > "$OUT/user-200.csv"
sipp "127.0.0.1:$SIP" -sf src/test/resources/sipp/uac-register.xml -inf "$OUT/user-200.csv" -i 127.0.0.1 -p $PHONE \
    -m 1 -nostdin -timeout 10 -timeout_error > "$OUT/register.log" 2>&1
sipp -sf src/test/resources/sipp/trunk-busy.xml -i 127.0.0.1 -p $PHONE -nostdin > "$OUT/phone.log" 2>&1 &
PHONE_PID=$!
trap 'kill $PID $PHONE_PID 2>/dev/null || true' EXIT

machine() {
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), \
$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), Dialtone heap $HEAP"
    echo "- shared with other engineers' builds and tests: load \`$(uptime | sed 's/.*load average: //')\` (1/5/15 min) at start"
}
driver() { "$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" "$@"; }

INVALID='{"extension_number":"200","number":"not a number"}'
echo "one invalid originate: $(curl -s -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d "$INVALID" "localhost:$HTTP/v1.0/action/chan/originate" -w ' HTTP %{http_code}')" | tee "$OUT/probe.txt"
if curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "localhost:$HTTP/v1.0/channels" | grep -q 200; then
    READ_PATH=/v1.0/channels
else
    READ_PATH=/health
fi

if [[ " $PARTS " == *" api "* ]]; then
{
    echo "# API latency at $RATE requests/s"
    echo
    echo "\`bench/api-latency.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)."
    echo
    machine
    echo "- driver: \`org.dialtone.bench.ApiLatency\` (JDK HttpClient, HTTP/1.1, open loop: request i is due at"
    echo "  start + i/rate and its latency counts from then, so a stall is not hidden by sending less), on the same"
    echo "  machine as the switch; ${WARMUP} s warm-up at the same rate not recorded, then ${DURATION} s recorded"
    echo "- switch: the shaded jar, SQLite, per-token rate limit raised to 1,000,000/s so every request reaches the code"
    echo "  measured (with the default 20/s most would be 429s)"
    echo "- (a) validation path: POST /v1.0/action/chan/originate \`$INVALID\` with a valid token: authentication,"
    echo "  rate limit, body read and field parsing, then 400 \`invalid_field\` from our code"
    if [ "$READ_PATH" = /health ]; then
        echo "- (b) read path: \`GET /health\` (\`GET /v1.0/channels\` does not exist on this commit); its database and SIP"
        echo "  checks are cached for 3 s, so this is mostly Javalin/Jetty plus the JSON answer"
    else
        echo "- (b) read path: \`GET /v1.0/channels\` with the token: authentication, rate limit, the customer's live"
        echo "  channels (none are up during the run, so the answer is an empty list) as JSON"
    fi
    echo
    echo "| path | requests | sent/s | status | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT/api-latency.md"
driver org.dialtone.bench.ApiLatency "http://127.0.0.1:$HTTP/v1.0/action/chan/originate" "$TOKEN" "$RATE" "$DURATION" \
    "$WARMUP" "POST originate (invalid field)" "$INVALID" | tee -a "$OUT/api-latency.md"
driver org.dialtone.bench.ApiLatency "http://127.0.0.1:$HTTP$READ_PATH" "$TOKEN" "$RATE" "$DURATION" "$WARMUP" \
    "GET $READ_PATH" | tee -a "$OUT/api-latency.md"
echo "- load at end: \`$(uptime | sed 's/.*load average: //')\`" >> "$OUT/api-latency.md"
grep -E "ERROR|Exception" "$OUT/dialtone.log" | head -5 | sed 's/^/    switch log: /' >> "$OUT/api-latency.md" || true
cat bench/api-latency-notes.md >> "$OUT/api-latency.md"   # hand-written
cp "$OUT/api-latency.md" bench/results/api-latency.md
fi
[[ " $PARTS " == *" sse "* ]] || exit 0

{
    echo "# SSE event delivery to $SUBSCRIBERS subscribers"
    echo
    echo "\`bench/api-latency.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)."
    echo
    machine
    echo "- driver: \`org.dialtone.bench.SseDelivery\` on the same machine: $SUBSCRIBERS streams on"
    echo "  \`/v1.0/events/sse/chan\` (one HTTP/1.1 connection each, one token), then $ORIGINATES originates at"
    echo "  $ORIGINATE_RATE/s from extension 200, whose one device (sipp) answers 486 Busy Here: each originate rings it"
    echo "  over SIP and fails at once, and the core publishes the channel's events through the real EventBus,"
    echo "  EventFanout and streams"
    echo "- delay = a subscriber's receipt time minus the event's \`event_time\` (both wall-clock ms on this machine: 1 ms"
    echo "  resolution); every subscriber's copy of every event is one sample"
    echo
    echo "| streams | originates | rate | events per stream | deliveries | streams with all | streams ended | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT/sse-delivery.md"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
CPU_BEFORE=$(cpu_ticks)
driver org.dialtone.bench.SseDelivery "http://127.0.0.1:$HTTP" "$TOKEN" "$SUBSCRIBERS" "$ORIGINATES" \
    "$ORIGINATE_RATE" 200 201 | tee -a "$OUT/sse-delivery.md"
echo "- the switch's CPU time during the run (connecting, events, delivery; from /proc/$PID/stat): \
$(( ($(cpu_ticks) - CPU_BEFORE) * 1000 / $(getconf CLK_TCK) )) ms" >> "$OUT/sse-delivery.md"
echo "- load at end: \`$(uptime | sed 's/.*load average: //')\`" >> "$OUT/sse-delivery.md"
cat bench/sse-delivery-notes.md >> "$OUT/sse-delivery.md"   # hand-written
cp "$OUT/sse-delivery.md" bench/results/sse-delivery.md
