#!/usr/bin/env python3
"""Writes bench/results/NAME.md from the raw files of a bench/run.sh run (OUT NAME), or, with --summary OUT RUN, one
line on a single sipp run (and summary-RUN.txt, which run.sh reads to stop signalling-max at the first failure)."""
import glob
import os
import re
import subprocess
import sys
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")


def kv(path):
    out = {}
    if Path(path).exists():
        for line in Path(path).read_text().splitlines():
            k, _, v = line.partition("=")
            out[k] = v
    return out


def metrics(out, name):
    m = {}
    p = out / f"metrics-{name}.txt"
    if p.exists():
        for line in p.read_text().splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                try:
                    m[key] = float(value)
                except ValueError:
                    pass
    return m


def screen(out, scenario):
    """sipp's final screen: per-message counters, as (label, messages, retrans, timeout, unexpected) rows."""
    files = sorted(glob.glob(str(out / f"{scenario}_*_screen.log")))
    rows, text = [], ""
    if files:
        text = Path(files[-1]).read_text(errors="replace")
        for line in text.split("Statistics Screen")[0].splitlines():
            m = re.match(r"\s+(\S+) (<-+|-+>)\s+(?:[BE]-RTD\d\s+)?(\d+)\s*(\d*)\s*(\d*)\s*(\d*)", line)
            if m:
                rows.append((f"{m[1]} {'in' if m[2].startswith('<') else 'out'}",) +
                            tuple(int(x) if x else 0 for x in m.group(3, 4, 5, 6)))
    return rows, text


def stat(out, run):
    """The last row of sipp's -trace_stat file as a dict (cumulative counters)."""
    p = out / f"stat-{run}.csv"
    if not p.exists():
        return {}
    lines = [l for l in p.read_text().splitlines() if l.strip()]
    return dict(zip(lines[0].split(";"), lines[-1].split(";")))


def uas_retransmissions(out, t0, t1):
    """What the callee (sipp UAS) sent again between epoch times t0 and t1: its 200s whose ACK from the switch was
    late, from its -trace_stat file (cumulative Retransmissions, one row a second)."""
    p = out / "uas-stat.csv"
    if not p.exists():
        return None
    lines = [l.split(";") for l in p.read_text().splitlines() if l.strip()]
    head, rows = lines[0], lines[1:]
    ti, ri = head.index("CurrentTime"), head.index("Retransmissions(C)")
    series = [(float(r[ti].split("\t")[-1]), int(r[ri])) for r in rows if len(r) > ri and r[ri].isdigit()]
    def at(t):
        return max((v for ts, v in series if ts <= t), default=0)
    return at(t1 + 1) - at(t0)


def rtts(out, run):
    vals = []
    for f in glob.glob(str(out / f"uac-{run}_*_rtt.csv")):
        for line in Path(f).read_text().splitlines()[1:]:
            parts = line.split(";")
            if len(parts) >= 2:
                try:
                    vals.append(float(parts[1]))
                except ValueError:
                    pass
    return sorted(vals)


def pct(vals, p):
    return vals[min(len(vals) - 1, int(round(p / 100 * (len(vals) - 1))))] if vals else float("nan")


def gc_pauses(out, t0, t1):
    """Pauses in gc.log between JVM uptimes t0 and t1: (count, max ms, total ms, full GCs)."""
    n, mx, total, full = 0, 0.0, 0.0, 0
    p = out / "gc.log"
    if not p.exists():
        return n, mx, total, full
    for line in p.read_text().splitlines():
        m = re.match(r"\[([\d.]+)s\].*Pause (\S+).* ([\d.]+)ms$", line)
        if m and t0 <= float(m[1]) <= t1 and "Diagnostic Command" not in line \
                and "Heap Inspection" not in line:  # not run.sh's own jcmd GC.run / GC.class_histogram
            ms = float(m[3])
            n, mx, total = n + 1, max(mx, ms), total + ms
            full += m[2] == "Full"
    return n, mx, total, full


def run_summary(out, run, before, after):
    info = kv(out / f"run-{run}.txt")
    head = open(out / f"run-{run}.txt").readline().split()
    params = dict(x.split("=") for x in head[1:])
    st = stat(out, run)
    ok, failed = int(st.get("SuccessfulCall(C)", 0)), int(st.get("FailedCall(C)", 0))
    calls = int(params["calls"])
    failures = {k[6:-3]: int(v) for k, v in st.items() if k.startswith("Failed") and k.endswith("(C)")
                and k != "FailedCall(C)" and v.isdigit() and int(v) > 0}
    rows, _ = screen(out, f"uac-{run}")
    # the 200 after the INVITE with credentials (E-RTD1 row), the switch's retransmissions of it
    ok_retrans = next((r[2] for r in rows if r[0] == "200 in"), 0)
    sipp_retrans = sum(r[2] for r in rows if r[0].endswith("out") and not r[0].startswith("ACK"))
    elapsed = st.get("ElapsedTime(C)", "")
    rt = rtts(out, run)
    b, a = kv(out / f"snap-{before}.txt"), kv(out / f"snap-{after}.txt")
    cpu_ms = (int(a["ticks"]) - int(b["ticks"])) * 1000 / HZ / max(1, ok + failed) if a and b else float("nan")
    gc = gc_pauses(out, float(b.get("jvm_uptime", 0)), float(a.get("jvm_uptime", 1e9)))
    mb, ma = metrics(out, before), metrics(out, after)
    shed = int(ma.get("dialtone_overload_refused_total", 0) - mb.get("dialtone_overload_refused_total", 0))
    uas_retrans = uas_retransmissions(out, float(b.get("time", 0)), float(a.get("time", 1e12)))
    rcv = int(a.get("udp_rcvbuf_errors") or 0) - int(b.get("udp_rcvbuf_errors") or 0)
    drops = a.get("sip_socket_drops") or "?"
    # calls started per second while starting them: sipp's own CallRate counts the last calls' hold time too
    parts = [float(x) for x in (st.get("ElapsedTime(C)") or "0").split(":")]  # H:M:S or H:M:S:us
    seconds = sum(p * f for p, f in zip(parts, (3600, 60, 1, 1e-6)))
    starting = seconds - int(params["hold_ms"]) / 1000
    rate_achieved = (ok + failed) / starting if starting > 0 else float("nan")
    return dict(run=run, calls=calls, rate=int(params["rate"]), hold=int(params["hold_ms"]), ok=ok, failed=failed,
                failures=failures, ok_retrans=ok_retrans, sipp_retrans=sipp_retrans, uas_retrans=uas_retrans, shed=shed, rt=rt, cpu_ms=cpu_ms, gc=gc,
                rcv=rcv, drops=drops, rate_achieved=rate_achieved, elapsed=elapsed, sipp_rc=info.get("sipp_rc"),
                load=a.get("uptime", "").split("load average:")[-1].strip())


def shed_note(s):
    return f"; {s['shed']} refused with 503 by overload control" if s["shed"] else ""


def fmt_rt(rt):
    if not rt:
        return "n/a"
    return f"{pct(rt, 50):.0f} / {pct(rt, 90):.0f} / {pct(rt, 99):.0f} / {rt[-1]:.0f}"


def summary_line(s):
    fails = ", ".join(f"{k} {v}" for k, v in s["failures"].items()) or "none"
    return (f"{s['run']}: {s['ok']} ok, {s['failed']} failed ({fails}), 200 OK retransmitted {s['ok_retrans']}, "
            f"INVITE->200 ms p50/p90/p99/max {fmt_rt(s['rt'])}, CPU {s['cpu_ms']:.2f} ms/call, "
            f"achieved {s['rate_achieved']:.0f} calls/s, load {s['load']}")


def heap_row(out, name, label):
    s = kv(out / f"snap-{name}.txt")
    if not s:
        return None
    return (f"| {label} | {int(s['rss_kb']) / 1024:.0f} MB | {int(s['heap_used_kb'] or 0) / 1024:.1f} MB | "
            f"{s['uptime'].split('load average:')[-1].strip()} |")


def histogram_counts(out, name, classes):
    counts = {c: 0 for c in classes}
    p = out / f"histogram-{name}.txt"
    if p.exists():
        for line in p.read_text().splitlines():
            m = re.match(r"\s*\d+:\s+(\d+)\s+\d+\s+(\S+)", line)
            if m and m[2] in counts:
                counts[m[2]] += int(m[1])
    return counts


LEFTOVER_GAUGES = [
    ("dialtone_calls_active", "calls (each has one mailbox)"),
    ("dialtone_channels_active", "channels"),
    ("dialtone_sip_legs_active", "SIP legs (dialogs the switch keeps)"),
    ("dialtone_sip_dialogs", "dialogs in the SIP stack"),
    ("dialtone_sip_transactions{kind=\"server\"}", "server transactions in the SIP stack"),
    ("dialtone_sip_transactions{kind=\"client\"}", "client transactions in the SIP stack"),
    ("dialtone_rtp_endpoints_active", "RTP endpoints (port pairs)"),
]
LEFTOVER_CLASSES = [
    "org.dialtone.core.call.Mailbox", "org.dialtone.core.call.Call", "org.dialtone.media.RtpEndpoint",
    "gov.nist.javax.sip.stack.SIPDialog", "gov.nist.javax.sip.stack.SIPServerTransactionImpl",
    "gov.nist.javax.sip.stack.SIPClientTransactionImpl",
]


def report(out, name):
    runs = sorted({Path(p).stem[4:] for p in glob.glob(str(out / "run-*.txt"))} - {"warmup"},
                  key=lambda r: (len(r), r))
    machine = (out / "machine.txt").read_text().strip().removeprefix("machine: ") if (out / "machine.txt").exists() else "?"
    load = (out / "load.txt").read_text().strip().splitlines() if (out / "load.txt").exists() else []
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True,
                            cwd=Path(__file__).parent).stdout.strip()
    yaml = (out / "dialtone.yaml").read_text()
    limits = next((l for l in yaml.splitlines() if l.startswith("limits:")), "limits: (defaults)")
    w = []
    w.append(f"# {name}\n")
    w.append(f"`bench/run.sh {name}` on {commit} ({out.name}).\n")
    w.append(f"**Machine.** {machine}. {'; '.join(load)}. The machine is shared with other engineers' builds and "
             "tests on the same 2 cores: the load averages above say how busy it was; compare runs with similar load only.\n")
    heap = re.search(r"heap (\S+)$", machine)
    heap = heap[1] if heap else "512m"
    w.append(f"**Switch.** `java -Xms{heap} -Xmx{heap} -XX:+ExitOnOutOfMemoryError -Xlog:gc` "
             f"({'the README run command' if heap == '512m' else 'the README run command with another heap'}) "
             f"from the shaded jar, on loopback; `{limits}` (every call comes from extension 200, whose default cap "
             "is 4 calls), other limits at their defaults (overload control on).\n")
    w.append("**Load.** sipp 3.6.1 on the same machine: extension 200 calls 201 with digest (INVITE, 407, ACK, INVITE "
             "with credentials, 100, 180, 200, ACK, hold, BYE, 200; `bench/sipp/uac-call.xml`), a sipp UAS registered as "
             "201 answers at once (`bench/sipp/uas-answer.xml`). Warm-up calls first, then 35 s without calls.\n")
    summaries = []
    for run in runs:
        m = re.match(r"rate-(\d+)", run)
        before, after = (f"before-{m[1]}", f"after-{m[1]}") if m else ("before", "after")
        summaries.append(run_summary(out, run, before, after))
    w.append("## Calls\n")
    w.append("| run | calls/s (achieved) | calls | hold | ok | failed | 200 OK retransmitted by the switch | "
             "requests retransmitted by the caller | responses retransmitted by the callee | INVITE→200 ms p50 / p90 / p99 / max | CPU ms per call | "
             "GC pauses (max, total ms) | UDP receive errors (system) | SIP socket drops | load average after |")
    w.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in summaries:
        fails = ", ".join(f"{k} {v}" for k, v in s["failures"].items())
        n, mx, total, full = s["gc"]
        w.append(f"| {s['run']} | {s['rate']} ({s['rate_achieved']:.0f}) | {s['calls']} | {s['hold'] / 1000:g} s | "
                 f"{s['ok']} | {s['failed']}{' (' + fails + ')' if fails else ''}{shed_note(s)} | "
                 f"{s['ok_retrans']} ({100 * s['ok_retrans'] / max(1, s['ok'] + s['failed']):.2f} %) | "
                 f"{s['sipp_retrans']} | {'?' if s['uas_retrans'] is None else s['uas_retrans']} | {fmt_rt(s['rt'])} | {s['cpu_ms']:.2f} | "
                 f"{n} ({mx:.0f}, {total:.0f}){' incl. ' + str(full) + ' full' if full else ''} | {s['rcv']} | "
                 f"{s['drops']} | {s['load']} |")
    w.append("")
    w.append("INVITE→200 is sipp's response time 1 (`-trace_rtt`): from sending the INVITE with credentials to "
             "receiving the 200, which includes the switch ringing 201 and relaying its answer. \"200 OK "
             "retransmitted\" is the Retrans column of the caller's 200 row on sipp's screen: 200s the switch sent "
             "again because it had not taken the ACK within 500 ms. The caller retransmits a request (INVITE, BYE) the switch did "
             "not answer within 500 ms; the callee (sipp UAS) retransmits its 200 when the switch's ACK is that late. CPU per call is the switch's utime + stime "
             "(`/proc/<pid>/stat`) over the run divided by the calls. UDP receive errors are the kernel's "
             "`RcvbufErrors` for the whole machine (other engineers' tests included); SIP socket drops are the "
             "switch's SIP socket's own (`/proc/net/udp6` drops column, cumulative since start).\n")
    if name.startswith("media"):
        w.append(media_section(out))
    w.append("## Memory\n")
    w.append("After a forced full GC (`jcmd <pid> GC.run`, then `GC.heap_info`):\n")
    w.append("| when | RSS | heap used | load average |")
    w.append("|---|---|---|---|")
    for snap, label in [("start", "after start"), ("before", "warm (after the warm-up and 35 s idle)"),
                        ("after", "right after the last call"), ("settled", "35 s later")]:
        row = heap_row(out, snap, label)
        if row:
            w.append(row)
    b, a = kv(out / "snap-before.txt"), kv(out / "snap-settled.txt")
    if a and b:
        hb, ha = int(b["heap_used_kb"] or 1), int(a["heap_used_kb"] or 0)
        w.append(f"\nHeap after the run and 35 s idle vs the warm baseline: {ha / 1024:.1f} MB vs {hb / 1024:.1f} MB "
                 f"({100 * (ha - hb) / hb:+.1f} %).\n")
    nmt = out / "native-memory.txt"
    if nmt.exists():
        w.append("Where the RSS goes 35 s after the last call (`-XX:NativeMemoryTracking=summary`, "
                 "`jcmd <pid> VM.native_memory summary`, committed memory):\n")
        w.append("| area | committed |")
        w.append("|---|---|")
        for line in nmt.read_text().splitlines():
            m = re.match(r"\s*(?:-\s*)?(Total|[A-Z][\w ]+?):? \(?reserved=\d+KB, committed=(\d+)KB", line)
            if m and int(m[2]) >= 1024:
                w.append(f"| {m[1].strip()} | {int(m[2]) / 1024:.0f} MB |")
        w.append("")
    w.append("## Left over (35 s after the last call)\n")
    settled = metrics(out, "settled")
    w.append("| what | switch gauge, 35 s after | right after the last call |")
    w.append("|---|---|---|")
    just_after = metrics(out, "after")
    for key, label in LEFTOVER_GAUGES:
        v, v0 = settled.get(key), just_after.get(key)
        w.append(f"| {label} | `{key}` = **{'missing' if v is None else f'{v:g}'}** | "
                 f"{'' if v0 is None else f'{v0:g}'} |")
    w.append("")
    w.append("| live objects (class histogram after a full GC) | 35 s after | right after the last call | warm baseline |")
    w.append("|---|---|---|---|")
    counts = histogram_counts(out, "settled", LEFTOVER_CLASSES)
    after = histogram_counts(out, "after", LEFTOVER_CLASSES)
    base = histogram_counts(out, "before", LEFTOVER_CLASSES)
    for cls in LEFTOVER_CLASSES:
        w.append(f"| `{cls}` | **{counts[cls]}** | {after[cls]} | {base[cls]} |")
    w.append("")
    return "\n".join(w)


def media_section(out):
    b, a = metrics(out, "before"), metrics(out, "after")
    def d(key):
        return a.get(key, 0) - b.get(key, 0)
    relayed = d("dialtone_rtp_packets_relayed_total")
    lost = d("dialtone_rtp_packets_lost_total")
    dropped = d("dialtone_rtp_packets_dropped_total")
    late = d("dialtone_rtp_packets_late_total")
    w = ["## Media\n", "| packets relayed | lost (sequence gaps on arrival) | dropped | late | lost + dropped + late |",
         "|---|---|---|---|---|",
         f"| {relayed:.0f} | {lost:.0f} | {dropped:.0f} | {late:.0f} | "
         f"{100 * (lost + dropped + late) / max(1, relayed + lost):.3f} % |", ""]
    ms = kv(out / "media-sample.txt")
    if ms:
        w.append(f"Sampled {8}+ s into the hold, with every call up ({ms.get('switch_rtp_sockets')} switch RTP sockets "
                 f"open; load average {ms.get('uptime', '').split('load average:')[-1].strip()}):\n")
        w.append(f"- datagrams the kernel dropped on the switch's RTP sockets (receive buffer full: lost at the switch): "
                 f"**{ms.get('switch_rtp_socket_drops')}**; on sipp's two RTP sockets (the caller's stream and the "
                 f"callee's echo, one socket each for all calls): {ms.get('sipp_rtp_socket_drops')}")
        if "transit_matched" in ms:
            w.append(f"- arrival to relay at the switch, 1 s of every RTP packet to and from the switch captured on loopback "
                     f"(`tcpdump`, kernel timestamps, {ms.get('capture_dropped', '?')} dropped by the capture; "
                     f"`bench/rtp-transit.py`): {ms['transit_matched']} of "
                     f"{ms['transit_departures']} relayed packets matched, **p50 {ms['transit_p50']} ms, p90 "
                     f"{ms['transit_p90']} ms, p99 {ms['transit_p99']} ms**, p99.9 {ms['transit_p99.9']} ms, max "
                     f"{ms['transit_max']} ms; **{ms.get('transit_over20ms', '?')} %** of the packets left more than 20 ms (one "
                     f"packet time) after they arrived. This is the jitter the switch adds: a packet that arrives on "
                     f"time leaves that much later. Every call streams the same file, so when the switch is far behind, "
                     f"a stream can be matched to another call's arrivals that carried the same payload later: "
                     f"then the delay is underestimated, never overestimated.")
        w.append("")
    w.append("\"Lost\" are sequence gaps in what arrived at the switch (`dialtone_rtp_packets_lost_total`): "
             "packets dropped before the switch read them, including the echoes sipp's callee never sent because its "
             "own socket overflowed. \"Dropped\" are packets the switch received and could not relay.\n")
    return "\n".join(w)


def main():
    if sys.argv[1] == "--summary":
        out, run = Path(sys.argv[2]), sys.argv[3]
        s = run_summary(out, run, *(("before-" + run[5:], "after-" + run[5:]) if run.startswith("rate-") else
                                    (("start", "before") if run == "warmup" else ("before", "after"))))
        line = summary_line(s)
        (out / f"summary-{run}.txt").write_text(f"failed={s['failed']} \n{line}\n")
        print(line)
    else:
        print(report(Path(sys.argv[1]), sys.argv[2]))


main()
