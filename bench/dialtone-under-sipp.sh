# Sourced by the bench scripts: starts the jar ($JAR, default the built one) with -Xms/-Xmx $HEAP and $LIMITS on
# loopback, a sipp UAS registered as extension 201, and defines uac (sipp UAC with digest: REGISTER + INVITE, $HOLD_MS
# of audio both ways, BYE, calling 201) and histogram (jcmd GC.class_histogram: a full GC, then the live objects).
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR=$(realpath "${JAR:-target/dialtone-0.1.0-SNAPSHOT.jar}")
HEAP=${HEAP:-512m}
JVM_OPTIONS=${JVM_OPTIONS:-}   # e.g. -XX:StartFlightRecording:filename=rec.jfr,settings=profile
HOLD_MS=${HOLD_MS:-1000}
LIMITS=${LIMITS:-"{max_heap_after_gc_percent: 0, max_sip_queue: 0}"}   # "none": no limits: section (older jars)
EXIT_ON_OOM=${EXIT_ON_OOM--XX:+ExitOnOutOfMemoryError}                  # "" to see what the process does without
SIP=${SIP:-35060}
HTTP=${HTTP:-38080}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cp src/test/resources/sipp/{uac-register.xml,uac-reg-call.xml,uas-rtp.xml,users-200.csv} "$OUT/"
printf 'SEQUENTIAL\n201;unused;[authentication username=201 password=pw201]\n' > "$OUT/uas-user.csv"
sox -n -r 8000 -c 1 -e u-law "$OUT/uas-ulaw.wav" synth 3 sine 600
sox -n -r 8000 -c 1 -e u-law "$OUT/uac-ulaw.wav" synth 3 sine 440
cat > "$OUT/dialtone.yaml" <<YAML
sip: {bind_address: 127.0.0.1, udp_port: $SIP, tcp_port: $SIP}
http: {bind_address: 127.0.0.1, port: $HTTP}
rtp: {bind_address: 127.0.0.1, port_min: 42000, port_max: 45998}
data_dir: $OUT/data
$([ "$LIMITS" = none ] || echo "limits: $LIMITS")
customers:
  - code: "1000001"
    name: Bench
    extensions:
      - {number: "200", sip_username: "200", password: pw200}
      - {number: "201", sip_username: "201", password: pw201}
YAML

"$JAVA_HOME/bin/java" -Xms$HEAP -Xmx$HEAP $EXIT_ON_OOM -Xlog:gc:file="$OUT/gc.log" $JVM_OPTIONS \
    --enable-native-access=ALL-UNNAMED -jar "$JAR" --config "$OUT/dialtone.yaml" > "$OUT/dialtone.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; pkill -f "uas-rtp.xml -i 127.0.0.1 -mi 127.0.0.1 -p 35090" || true' EXIT
until curl -sf "localhost:$HTTP/health" > /dev/null; do sleep 0.2; done

cd "$OUT"
sipp "127.0.0.1:$SIP" -sf uac-register.xml -inf uas-user.csv -i 127.0.0.1 -p 35090 -m 1 -nostdin \
    -timeout 10 -timeout_error > register.log 2>&1
sipp -sf uas-rtp.xml -i 127.0.0.1 -mi 127.0.0.1 -p 35090 -mp 46000 -nostdin -bg > uas.log 2>&1 || true # 99: in the background

uac() { # calls rate name
    sipp "127.0.0.1:$SIP" -sf uac-reg-call.xml -inf users-200.csv -i 127.0.0.1 -mi 127.0.0.1 -p 35091 -mp 48000 \
        -nostdin -m "$1" -r "$2" -l 5000 -d "$HOLD_MS" -timeout $(($1 / $2 + 60)) -timeout_error -trace_stat -stf "$3.csv" \
        > "$3.log" 2>&1 || true
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
