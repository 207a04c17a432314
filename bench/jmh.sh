#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths (src/bench/java, compiled only with -Pbench): G.711, the RTP relay per packet
# with and without PCMU<->PCMA transcoding, SIP request parsing, digest verification, SDP offer/answer.
#   bench/jmh.sh                 # all, writes bench/results/jmh.md (about 8 minutes)
#   bench/jmh.sh 'G711|RtpRelay' # a subset (JMH include regex); results still go to bench/results/jmh.md
# Environment: JMH_OPTS (default "-f 1 -wi 5 -w 2s -i 5 -r 2s"), SKIP_BUILD=1 to reuse target/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 5 -w 2s -i 5 -r 2s"}
INCLUDE=${1:-.}
[ -n "${SKIP_BUILD:-}" ] || mvn -q -o -Pbench -DskipTests compile
CP="target/bench-classes:target/classes:$(cat target/bench.classpath)"
mkdir -p bench/results target/jmh
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main $JMH_OPTS -prof gc -rf json -rff target/jmh/result.json \
    "$INCLUDE" | tee target/jmh/output.txt
LOAD_AFTER=$(uptime | sed 's/.*load average: //')

python3 - "$LOAD_BEFORE" "$LOAD_AFTER" "$JMH_OPTS" > bench/results/jmh.md <<'PY'
import json, subprocess, sys, os
load_before, load_after, opts = sys.argv[1:4]
results = json.load(open("target/jmh/result.json"))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
jdk = results[0]["jvm"] + " " + results[0]["vmVersion"] if results else "?"
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
date = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip()
print("# JMH micro-benchmarks\n")
print(f"`bench/jmh.sh`, {date}, commit {commit}. Sources: `src/bench/java` (each class's comment says what one op is).\n")
print(f"- machine: {os.cpu_count()} cores, {cpu}, JDK {results[0]['vmVersion'] if results else '?'}")
print(f"- JMH {results[0]['jmhVersion'] if results else '?'}: `{opts} -prof gc` (average time per op; error is the 99.9 % "
      "confidence half-width over the measured iterations)")
print(f"- shared machine (other engineers build and test on the same 2 cores): load `{load_before}` before, "
      f"`{load_after}` after (1/5/15 min). Treat differences under about 2x as noise.\n")
print("| benchmark | params | time per op | ± | ops/s | allocated per op |")
print("|---|---|---|---|---|---|")
for r in results:
    name = r["benchmark"].replace("org.dialtone.", "")
    params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    m = r["primaryMetric"]
    unit = m["scoreUnit"]
    score = float(m["score"])
    try:
        err = float(m["scoreError"])
    except (TypeError, ValueError):
        err = float("nan")
    per_s = {"ns/op": 1e9, "us/op": 1e6, "ms/op": 1e3}[unit] / score
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    alloc_s = "-" if alloc is None else f"{float(alloc):,.0f} B"
    err_s = "-" if err != err else f"{err:,.1f}"
    print(f"| {name} | {params} | {score:,.1f} {unit} | {err_s} | {per_s:,.0f} | {alloc_s} |")
PY
cat bench/jmh-notes.md >> bench/results/jmh.md   # hand-written: how to read the table, what was fixed
cat bench/results/jmh.md
