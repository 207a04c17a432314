#!/usr/bin/env bash
# bench/run.sh NAME: starts its own Dialtone (the built jar, -Xms512m -Xmx512m -XX:+ExitOnOutOfMemoryError as in the
# README, free loopback ports), drives it with sipp and writes bench/results/NAME.md (raw files in $OUT).
#
#   signalling-RATE   CALLS (10000) calls at RATE calls/s, HOLD_MS (2000) each, no RTP: the issue's load
#                     (extension 200 calls 201 with digest: INVITE, 407, ACK, INVITE, 200, ACK, BYE)
#   signalling-max    STEP_SECONDS (10) of calls at each of RATES ("400 500 ... 1200") until one fails, IDLE s apart
#   media-N           N concurrent calls relaying PCMU both ways: the caller streams a file (sipp rtp_stream), the
#                     callee echoes (-rtp_echo); N/10 calls/s, each held until all N are up for 20 s
#   soak-N            N calls at SOAK_RATE (200) calls/s, 2 s each: the live heap after a full GC before and after,
#                     and what is left (channels, dialogs, transactions, RTP ports, mailboxes)
#
# Every scenario warms up first (WARMUP calls at 200/s, then 35 s without calls, so the stack's transactions of the
# warm-up are gone), and ends with 35 s without calls before counting what is left. Needs sipp (3.6.1), sox, curl,
# python3 and a JDK >= 21 (jcmd). The machine's load (uptime) is recorded with every run: numbers from a busy
# machine are not comparable.
#
#   mvn -q -o -DskipTests package && bench/run.sh signalling-400
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=${1:?"usage: bench/run.sh signalling-RATE | signalling-max | media-N | soak-N"}
HOLD_MS=${HOLD_MS:-2000}
WARMUP=${WARMUP:-2000}
IDLE=${IDLE:-35}
UAS_SCENARIO=bench/sipp/uas-answer.xml
UAS_OPTIONS=
case $NAME in
    signalling-max) RATES=${RATES:-"400 500 600 700 800 1000 1200"}; STEP_SECONDS=${STEP_SECONDS:-10} ;;
    signalling-[0-9]*) RATE=${NAME#signalling-}; CALLS=${CALLS:-10000} ;;
    media-[0-9]*) CONCURRENT=${NAME#media-}; UAS_OPTIONS=-rtp_echo; WARMUP=${WARMUP_MEDIA:-200} ;;
    soak-[0-9]*) CALLS=${NAME#soak-}; RATE=${SOAK_RATE:-200}
        JVM_OPTIONS="${JVM_OPTIONS:-} -XX:NativeMemoryTracking=summary" ;;   # where the RSS goes
    *) echo "unknown scenario $NAME" >&2; exit 2 ;;
esac
# The switch's own defaults but for the per-account cap: every call comes from extension 200 (default 4 at a time)
LIMITS=${LIMITS:-"{max_calls_per_account: 0}"}
OUT=${OUT:-target/bench/$NAME-$(date +%Y%m%d-%H%M%S)}
RESULT=$(pwd)/bench/results/$NAME.md
REPORT=$(pwd)/bench/run-report.py
[ -f target/dialtone-0.1.0-SNAPSHOT.jar ] || mvn -q -o -DskipTests package
LOAD_BEFORE=$(uptime)
source bench/dialtone-under-sipp.sh   # starts Dialtone and the UAS, cd "$OUT"
echo "load before the run: $LOAD_BEFORE" > load.txt
echo "$NAME: Dialtone pid $PID, SIP 127.0.0.1:$SIP, results in $OUT"

snapshot() { # name: CPU ticks, RSS, heap after a full GC, the switch's gauges, UDP receive errors
    local stat; stat=($(sed 's/.*) //' /proc/$PID/stat))
    "$JAVA_HOME/bin/jcmd" $PID GC.run > /dev/null
    {
        echo "ticks=$((stat[11] + stat[12]))"          # utime + stime (fields 14, 15)
        echo "rss_kb=$(awk '/VmRSS/{print $2}' /proc/$PID/status)"
        echo "heap_used_kb=$("$JAVA_HOME/bin/jcmd" $PID GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | tr -dc 0-9)"
        echo "udp_rcvbuf_errors=$(awk '/^Udp:/{n++; if (n==1) split($0,h); else for (i=1;i<=NF;i++) if (h[i]=="RcvbufErrors") print $i}' /proc/net/snmp)"
        echo "sip_socket_drops=$(awk -v p=$(printf ':%04X' $SIP) '$2 ~ p"$" {print $NF}' /proc/net/udp /proc/net/udp6 | head -1)"
        echo "jvm_uptime=$(awk -v start=${stat[19]} -v hz=$(getconf CLK_TCK) '{print $1 - start / hz}' /proc/uptime)"
        echo "uptime=$(uptime)"
        echo "time=$(date +%s.%N)"
    } > "snap-$1.txt"
    curl -s "localhost:$HTTP/metrics" > "metrics-$1.txt"
}

calls() { # name calls rate hold_ms limit [rtp]: one sipp UAC run; its screen, statistics and response times
    local scenario=uac-$1.xml
    if [ "${6:-}" = rtp ]; then cp uac-call.xml "$scenario"; else grep -v '<!-- RTP -->' uac-call.xml > "$scenario"; fi
    printf 'SEQUENTIAL\n200;201;[authentication username=200 password=pw200-secret]\n' > users-bench.csv
    echo "$1 calls=$2 rate=$3 hold_ms=$4" > "run-$1.txt"
    local rc=0
    sipp "127.0.0.1:$SIP" -sf "$scenario" -inf users-bench.csv -i 127.0.0.1 -mi 127.0.0.1 -p $UAC_PORT \
        -mp $UAC_MEDIA -nostdin -m "$2" -r "$3" -l "$5" -d "$4" -timeout $(($2 / $3 + $4 / 1000 + 60)) \
        -timeout_error -trace_stat -stf "stat-$1.csv" -fd 1 -trace_screen -trace_err -trace_rtt -rtt_freq 1 \
        > "sipp-$1.log" 2>&1 || rc=$?
    echo "sipp_rc=$rc" >> "run-$1.txt"
    "$REPORT" --summary "$OUT" "$1" || echo "no summary for $1"
}

udp_drops() { # ports (awk regex on the hex port): kernel drops of those sockets, summed
    awk -v re="$1" '$2 ~ ":(" re ")$" {n += $NF} END {print n + 0}' /proc/net/udp /proc/net/udp6
}

media_sample() { # while every call is up: the switch's RTP sockets' drops, sipp's, and 1 s of every RTP packet
    local ports hex
    ports=$(ss -Huan | awk '{print $4}' | sed 's/.*://' | sort -n | uniq \
        | awk -v lo=$RTP_MIN -v hi=$RTP_MAX '$1 >= lo && $1 <= hi && $1 % 2 == 0')
    hex=$(for p in $ports; do printf '%04X|' $p; done)
    echo "switch_rtp_sockets=$(echo $ports | wc -w)" > media-sample.txt
    echo "switch_rtp_socket_drops=$(udp_drops "${hex%|}")" >> media-sample.txt
    echo "sipp_rtp_socket_drops=$(udp_drops "$(printf '%04X|%04X' $UAC_MEDIA $UAS_MEDIA)")" >> media-sample.txt
    if command -v tcpdump > /dev/null; then   # 1 s of every RTP packet to or from the switch, headers + 10 bytes
        timeout 1 tcpdump -i lo -nn -B 262144 -s 64 -w rtp.pcap "udp and portrange $RTP_MIN-$RTP_MAX" 2> tcpdump.log || true
        echo "transit_$("$(dirname "$REPORT")"/rtp-transit.py rtp.pcap "" "$RTP_MIN-$RTP_MAX" | sed 's/ / transit_/g')" \
            | tr ' ' '\n' >> media-sample.txt
        awk '/packets captured/ {print "capture_captured=" $1} /dropped by kernel/ {print "capture_dropped=" $1}' \
            tcpdump.log >> media-sample.txt
    fi
    echo "uptime=$(uptime)" >> media-sample.txt
}

wait_calls_gone() { # the switch has no call up (sipp's last BYEs answered)
    for _ in $(seq 1 100); do
        curl -s "localhost:$HTTP/metrics" | grep -qE '^dialtone_calls_active 0(\.0)?$' && return 0
        sleep 0.2
    done
}

machine > /dev/null
snapshot start
[ "$WARMUP" -gt 0 ] && calls warmup "$WARMUP" 200 "$HOLD_MS" 5000
sleep "$IDLE"
snapshot before
histogram before > /dev/null
case $NAME in
    signalling-max)
        for rate in $RATES; do
            snapshot "before-$rate"
            calls "rate-$rate" $((rate * STEP_SECONDS)) "$rate" "$HOLD_MS" 10000
            wait_calls_gone
            snapshot "after-$rate"
            grep -q 'failed=0 ' "summary-rate-$rate.txt" || break
            sleep "$IDLE"   # the stack lets go of the step's transactions (32 s): each step starts from a warm, empty switch
        done ;;
    signalling-*) calls load "$CALLS" "$RATE" "$HOLD_MS" 10000; wait_calls_gone ;;
    media-*)
        rate=$(( CONCURRENT / 10 > 0 ? CONCURRENT / 10 : 1 ))
        hold=$(( (CONCURRENT / rate + 20) * 1000 ))
        # white noise: every 20 ms payload is distinct, so a relayed packet can be matched to its arrival
        sox -n -r 8000 -c 1 -e u-law uac-ulaw.wav synth 3 whitenoise vol 0.5
        calls load "$CONCURRENT" "$rate" "$hold" "$CONCURRENT" rtp &
        LOAD=$!
        sleep $(( CONCURRENT / rate + 8 ))   # every call up for a few seconds
        media_sample
        wait $LOAD
        wait_calls_gone ;;
    soak-*) calls load "$CALLS" "$RATE" "$HOLD_MS" 10000; wait_calls_gone ;;
esac
snapshot after
histogram after > /dev/null
sleep "$IDLE"
snapshot settled
histogram settled > /dev/null
case $NAME in soak-*) "$JAVA_HOME/bin/jcmd" $PID VM.native_memory summary > native-memory.txt || true ;; esac
echo "load after the run: $(uptime)" >> load.txt
# written aside first: redirecting straight into bench/results would make `git describe --dirty` report the tree
# dirty because of this very file
"$REPORT" "$OUT" "$NAME" > "$OUT/$NAME.md"
cp "$OUT/$NAME.md" "$RESULT"
echo "wrote $RESULT"
