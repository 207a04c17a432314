#!/usr/bin/env python3
"""Time from a packet's arrival at the switch to its relay, from a loopback capture (bench/run.sh media-N).

rtp-transit.py PCAP PORTS [LOW-HIGH]: PORTS are the switch's RTP ports (comma-separated; empty: every port from LOW
to HIGH, the switch's RTP range). A packet
to one of them is an arrival, a packet from one of them a departure. The switch relays PCMU to PCMU unchanged but for
the RTP header (its own SSRC, sequence numbers shifted by a constant per stream), and the callers stream white noise,
so each departure port's packets match one arrival port's packets payload for payload at a constant sequence offset.
Every call streams the same file, so calls started a multiple of 20 ms apart match too, but later: the partner is the
matching port with the smallest median delay that is not negative. Prints packets, matched, and the delay percentiles
in ms (kernel timestamps of the capture: the arrival is when the caller's datagram passed the loopback, so the time it
waited in the switch's socket counts).
"""
import bisect
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
                yield t, sport, dport, int.from_bytes(rtp[2:4], "big"), bytes(rtp[12:])


def main():
    ports = {int(p) for p in sys.argv[2].split(",") if p} if len(sys.argv) > 2 and sys.argv[2] else None
    low, high = (int(x) for x in sys.argv[3].split("-")) if len(sys.argv) > 3 else (0, 65535)

    def switch(port):
        return low <= port <= high if ports is None else port in ports

    arrivals = defaultdict(dict)      # port -> seq -> (t, payload)
    departures = defaultdict(list)    # port -> [(t, seq, payload)]
    by_payload = defaultdict(list)    # payload -> [(t, port)] of arrivals
    for t, sport, dport, seq, payload in packets(sys.argv[1]):
        if switch(dport):
            arrivals[dport][seq] = (t, payload)
            by_payload[payload].append((t, dport))
        elif switch(sport):
            departures[sport].append((t, seq, payload))
    for v in by_payload.values():
        v.sort()

    def delays(out, port):
        votes = Counter()
        index = defaultdict(list)
        for seq, (t, payload) in arrivals[port].items():
            index[payload].append(seq)
        for t, seq, payload in departures[out]:
            for s in index.get(payload, ()):
                votes[(seq - s) % 65536] += 1
        if not votes:
            return []
        offset = votes.most_common(1)[0][0]
        found = []
        for t, seq, payload in departures[out]:
            a = arrivals[port].get((seq - offset) % 65536)
            if a and a[1] == payload:
                found.append((t - a[0]) * 1e3)
        return sorted(found)

    all_delays, total = [], 0
    for out, sent in departures.items():
        total += len(sent)
        nearest = Counter()   # which port's arrival with the same payload came last before each departure
        for t, seq, payload in sent:
            cands = by_payload.get(payload, [])
            i = bisect.bisect_right(cands, (t, 1 << 20))
            while i > 0 and cands[i - 1][1] == out:
                i -= 1
            if i > 0:
                nearest[cands[i - 1][1]] += 1
        candidates = []
        for port, _ in nearest.most_common(5):
            d = delays(out, port)
            if len(d) >= 0.5 * len(sent) and d[len(d) // 2] >= -0.5:
                candidates.append((d[len(d) // 2], d))
        if candidates:
            all_delays += min(candidates)[1]
    all_delays.sort()
    n = len(all_delays)

    def pct(p):
        return all_delays[min(n - 1, int(p / 100 * (n - 1) + 0.5))] if n else float("nan")

    print(f"departures={total} matched={n} p50={pct(50):.3f} p90={pct(90):.3f} p99={pct(99):.3f} "
          f"p99.9={pct(99.9):.3f} max={all_delays[-1] if n else float('nan'):.3f} "
          f"over20ms={100 * sum(d > 20 for d in all_delays) / max(1, n):.3f}")


main()
