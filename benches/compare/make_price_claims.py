#!/usr/bin/env python3
"""Write N claims (default 100,000) that carry their DRG, for `drg price`, deterministically:
every FY2026 MS-DRG of the embedded DRG table (tables/ipps/fy2026/drgstable-2026.csv, 998 and
999 left out) in turn, with lengths of stay, charges, discharge statuses and dates that vary
from claim to claim, and the hospital 990001 of tables/ipps/ipsf-sample.csv by CCN (price with
`--providers tables/ipps/ipsf-sample.csv`; the file's other hospital, 990002, is a row made
not to price). Usage: make_price_claims.py OUT [N]"""
import csv
import datetime
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[2]
if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
    sys.exit(__doc__)
out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
with open(root / "tables/ipps/fy2026/drgstable-2026.csv", newline="") as f:
    drgs = sorted({int(r["diagnosticRelatedGroup"]) for r in csv.DictReader(f)} - {998, 999})
with open(root / "tables/ipps/ipsf-sample.csv", newline="") as f:
    if "990001" not in {r["provider_ccn"] for r in csv.DictReader(f)}:
        sys.exit("tables/ipps/ipsf-sample.csv has no hospital 990001")
# Discharge statuses with their usual weight: home, SNF, home health, transfers, death.
statuses = [1, 1, 1, 1, 6, 6, 3, 2, 62, 20]
start = datetime.date(2025, 10, 1)
with open(out, "w") as f:
    for i in range(n):
        claim = {
            "id": f"p{i}",
            "drg": drgs[i % len(drgs)],
            "discharge_date": (start + datetime.timedelta(days=i % 365)).isoformat(),
            "length_of_stay": 1 + (i * 7) % 19,
            "total_charges": f"{10_000 + (i * 7_919) % 390_000}.{i % 100:02d}",
            "discharge_status": statuses[i % len(statuses)],
            "ccn": "990001",
        }
        f.write(json.dumps(claim, separators=(",", ":")) + "\n")
