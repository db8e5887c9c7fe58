#!/usr/bin/env python3
"""Write N claims (default 100,000) over all nine grouper versions, deterministically: the
committed golden claims (tests/golden/claims-V.jsonl.gz) taken in turn from each version,
with ids made unique. Usage: make_claims.py OUT [N]"""
import gzip
import itertools
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[2]
versions = ["400", "401", "410", "411", "420", "421", "430", "431", "440"]
pools = []
for v in versions:
    path = root / "tests" / "golden" / f"claims-{v}.jsonl.gz"
    with gzip.open(path, "rt") as f:
        pools.append([line for line in f.read().splitlines() if line.strip()])
if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
    sys.exit(__doc__)
out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
with open(out, "w") as f:
    rows = itertools.cycle(zip(*[itertools.cycle(p) for p in pools]))
    written = 0
    for group in rows:
        for line in group:
            if written == n:
                break
            claim = json.loads(line)
            claim["id"] = f"{claim['id']}-{written}"
            f.write(json.dumps(claim, separators=(",", ":")) + "\n")
            written += 1
        if written == n:
            break
