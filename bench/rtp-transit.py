#!/usr/bin/env python3
"""Time from a packet's arrival at the switch to its relay, from a loopback capture (bench/run.sh media-N).

rtp-transit.py PCAP PORTS: PORTS are the switch's RTP ports the capture was filtered on (comma-separated). A packet
to one of them is an arrival, a packet from one of them a departure. The callers stream white noise, so a relayed
packet's payload (PCMU to PCMU: unchanged) is found among the arrivals of the other leg of its call: the latest
arrival with the same payload before the departure. Each departure port's partner (the other leg) is the arrival port
most of its packets match. Prints packets, matched, and the delay percentiles in ms (kernel timestamps of the capture:
the arrival is when the caller's datagram passed the loopback, so the time it waited in the switch's socket counts).
"""
import struct
import sys
from collections import Counter, defaultdict


def packets(path):
    with open(path, "rb") as f:
        magic, = struct.unpack("<I", f.read(4))
        nano = magic == 0xA1B23C4D
        f.read(16)
        linktype, = struct.unpack("<I", f.read(4))
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", h)
            data = f.read(incl)
            t = sec + frac / (1e9 if nano else 1e6)
            off = 14 if linktype == 1 else 16 if linktype == 113 else 4 if linktype == 0 else 0
            if len(data) < off + 28 or data[off] >> 4 != 4:
                continue
            ihl = (data[off] & 0x0F) * 4
            u = off + ihl
            sport, dport = struct.unpack(">HH", data[u:u + 4])
            rtp = data[u + 8:]
            if len(rtp) > 12 and rtp[0] >> 6 == 2:
                yield t, sport, dport, bytes(rtp[12:])


def main():
    ports = {int(p) for p in sys.argv[2].split(",") if p}
    arrivals = defaultdict(list)   # payload -> [(t, port)]
    departures = []
    for t, sport, dport, payload in packets(sys.argv[1]):
        if dport in ports:
            arrivals[payload].append((t, dport))
        elif sport in ports:
            departures.append((t, sport, payload))

    def latest(payload, t, want):
        best = None
        for ta, port in arrivals.get(payload, ()):
            if ta <= t and want(port) and (best is None or ta > best[0]):
                best = (ta, port)
        return best

    votes = defaultdict(Counter)
    for t, out, payload in departures:
        m = latest(payload, t, lambda p, out=out: p != out)
        if m:
            votes[out][m[1]] += 1
    partner = {out: c.most_common(1)[0][0] for out, c in votes.items()}
    delays = []
    for t, out, payload in departures:
        if out in partner:
            m = latest(payload, t, lambda p, want=partner[out]: p == want)
            if m and t - m[0] < 1.0:
                delays.append((t - m[0]) * 1e3)
    delays.sort()
    n = len(delays)

    def pct(p):
        return delays[min(n - 1, int(p / 100 * (n - 1) + 0.5))] if n else float("nan")

    print(f"departures={len(departures)} matched={n} p50={pct(50):.3f} p90={pct(90):.3f} p99={pct(99):.3f} "
          f"p99.9={pct(99.9):.3f} max={delays[-1] if n else float('nan'):.3f}")


main()
