#!/usr/bin/env python3
"""What a finished call keeps alive: reads the histograms of bench/memory-per-call.sh and prints, for each point in
time after the last call, the live heap above the baseline per finished call, and the classes that make it up."""
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
calls = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
top = int(sys.argv[3]) if len(sys.argv) > 3 else 15


def histogram(name):
    classes = {}
    for line in (out / f"histogram-{name}.txt").read_text().splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            instances, size, cls = int(m[1]), int(m[2]), m[3]
            prev = classes.get(cls, (0, 0))
            classes[cls] = (prev[0] + instances, prev[1] + size)
    return classes


base = histogram("baseline")
total_base = sum(b for _, b in base.values())
points = sorted((p.stem.split("-", 1)[1] for p in out.glob("histogram-*.txt") if p.stem != "histogram-baseline"),
                key=int)
print(f"baseline live heap: {total_base / 1e6:.1f} MB")
for point in points:
    h = histogram(point)
    total = sum(b for _, b in h.values())
    delta = total - total_base
    print(f"\n{point} s after the last call: live heap {total / 1e6:.1f} MB, {delta / 1e6:+.1f} MB over the baseline, "
          f"{delta / calls:,.0f} bytes per finished call")
    diffs = sorted(((h.get(c, (0, 0))[1] - base.get(c, (0, 0))[1],
                     h.get(c, (0, 0))[0] - base.get(c, (0, 0))[0], c) for c in set(h) | set(base)), reverse=True)
    for size, count, cls in diffs[:top]:
        if size <= 0:
            break
        print(f"  {size / calls:9,.0f} B/call  {count / calls:7.2f} objects/call  {cls}")
