# Sourced by the bench scripts (run.sh, heap-at-rate.sh, memory-per-call.sh), with OUT set: starts the jar ($JAR,
# default the built one) with -Xms/-Xmx $HEAP, $LIMITS and $JVM_OPTIONS on loopback and free ports, a sipp UAS
# ($UAS_SCENARIO, $UAS_OPTIONS) registered as extension 201, and defines
#   uac CALLS RATE NAME   sipp UAC with digest: REGISTER + INVITE, $HOLD_MS of audio both ways, BYE, calling 201
#   histogram NAME        jcmd GC.class_histogram (a full GC, then the live objects) and /metrics
#   machine               cores, CPU, RAM, JDK, heap (machine.txt)
# Everything it starts is stopped at exit, by process id.
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR=$(realpath "${JAR:-target/dialtone-0.1.0-SNAPSHOT.jar}")
HEAP=${HEAP:-512m}
JVM_OPTIONS=${JVM_OPTIONS:-}   # e.g. -XX:StartFlightRecording:filename=rec.jfr,settings=profile
HOLD_MS=${HOLD_MS:-1000}
LIMITS=${LIMITS:-"{max_heap_after_gc_percent: 0, max_sip_queue: 0, max_calls_per_account: 0}"} # "none": no limits: section
EXIT_ON_OOM=${EXIT_ON_OOM--XX:+ExitOnOutOfMemoryError}                  # "" to see what the process does without
UAS_SCENARIO=$(realpath "${UAS_SCENARIO:-src/test/resources/sipp/uas-rtp.xml}")
UAS_OPTIONS=${UAS_OPTIONS:-}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Free ports: SIP (UDP and TCP), HTTP, the sipp UAS and UAC, sipp's media ports and a block of RTP ports for the switch
read -r SIP HTTP UAS_PORT UAC_PORT UAS_MEDIA UAC_MEDIA RTP_MIN < <(python3 - <<'PY'
import random, socket
# The switch's RTP ports: a block of 16,400 (it skips ports it cannot bind); every other port outside it, free now
rtp = random.randrange(20000, 36000, 2)
used = set(range(rtp, rtp + 16400))
def free(n=1):
    while True:
        base = random.randrange(40000, 60000 - n, 2)
        if any(p in used for p in range(base, base + n)): continue
        ok = True
        for p in range(base, base + n):
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                s = socket.socket(socket.AF_INET, kind)
                try: s.bind(("127.0.0.1", p))
                except OSError: ok = False
                finally: s.close()
        if ok:
            used.update(range(base, base + n)); return base
print(free(), free(), free(), free(), free(8), free(8), rtp)
PY
)
RTP_MAX=$((RTP_MIN + 16398))
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cp src/test/resources/sipp/{uac-register.xml,uac-reg-call.xml,users-200.csv} "$BENCH_DIR"/sipp/*.xml "$OUT/"
cp "$UAS_SCENARIO" "$OUT/uas.xml"
printf 'SEQUENTIAL\n201;unused;[authentication username=201 password=pw201-secret]\n' > "$OUT/uas-user.csv"
sox -n -r 8000 -c 1 -e u-law "$OUT/uas-ulaw.wav" synth 3 sine 600
sox -n -r 8000 -c 1 -e u-law "$OUT/uac-ulaw.wav" synth 3 sine 440
cat > "$OUT/dialtone.yaml" <<YAML
sip: {bind_address: 127.0.0.1, udp_port: $SIP, tcp_port: $SIP}
http: {bind_address: 127.0.0.1, port: $HTTP}
rtp: {bind_address: 127.0.0.1, port_min: $RTP_MIN, port_max: $RTP_MAX}
data_dir: $OUT/data
$([ "$LIMITS" = none ] || echo "limits: $LIMITS")
customers:
  - code: "1000001"
    name: Bench
    extensions:
      - {number: "200", sip_username: "200", password: pw200-secret}
      - {number: "201", sip_username: "201", password: pw201-secret}
YAML

"$JAVA_HOME/bin/java" -Xms$HEAP -Xmx$HEAP $EXIT_ON_OOM -Xlog:gc:file="$OUT/gc.log" $JVM_OPTIONS \
    --enable-native-access=ALL-UNNAMED -jar "$JAR" --config "$OUT/dialtone.yaml" > "$OUT/dialtone.log" 2>&1 &
PID=$!
UAS_PID=
trap 'kill $PID $UAS_PID 2>/dev/null || true' EXIT
until curl -sf "localhost:$HTTP/health" > /dev/null; do
    kill -0 $PID 2>/dev/null || { echo "Dialtone did not start: $(tail -5 "$OUT/dialtone.log")"; exit 1; }
    sleep 0.2
done

cd "$OUT"
sipp "127.0.0.1:$SIP" -sf uac-register.xml -inf uas-user.csv -i 127.0.0.1 -p $UAS_PORT -m 1 -nostdin \
    -timeout 10 -timeout_error > register.log 2>&1 || { echo "201 did not register: $(tail -5 register.log)"; exit 1; }
# -bg prints the daemon's PID and exits 99
sipp -sf uas.xml -i 127.0.0.1 -mi 127.0.0.1 -p $UAS_PORT -mp $UAS_MEDIA $UAS_OPTIONS -nostdin -bg \
    -trace_screen -trace_err -trace_stat -stf uas-stat.csv -fd 1 > uas.log 2>&1 || true
UAS_PID=$(grep -oE 'PID=\[[0-9]+\]' uas.log | tr -dc 0-9)
[ -n "$UAS_PID" ] || { echo "the sipp UAS did not start: $(cat uas.log)"; exit 1; }

uac() { # calls rate name
    sipp "127.0.0.1:$SIP" -sf uac-reg-call.xml -inf users-200.csv -i 127.0.0.1 -mi 127.0.0.1 -p $UAC_PORT \
        -mp $UAC_MEDIA -nostdin -m "$1" -r "$2" -l 5000 -d "$HOLD_MS" -timeout $(($1 / $2 + 60)) -timeout_error \
        -trace_stat -stf "$3.csv" > "$3.log" 2>&1 || true
    tail -1 "$3.csv" | tr ';' '\n' | paste <(head -1 "$3.csv" | tr ';' '\n') - \
        | grep -E '^(SuccessfulCall|FailedCall)\(C\)' | tr '\n' ' '; echo
}
histogram() { # name
    "$JAVA_HOME/bin/jcmd" $PID GC.class_histogram > "histogram-$1.txt"
    curl -s "localhost:$HTTP/metrics" > "metrics-$1.txt"
    echo "$1: live heap $(awk '/Total/{printf "%.1f MB", $3/1e6}' "histogram-$1.txt"), \
$(grep -E '^dialtone_calls_active ' "metrics-$1.txt" | awk '{printf "%d calls up", $2}')"
}
machine() {
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/{print $2}') GB RAM, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), heap $HEAP" | tee machine.txt
}
