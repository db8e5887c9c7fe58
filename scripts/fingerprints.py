#!/usr/bin/env python3
"""Write tables/FINGERPRINTS.tsv: size and SHA-256 of every shipped table file.

Any change of reference data shows in review as a change of this file; the test
`tables_match_fingerprints` checks the files against it. Run after replacing a table.
"""
import hashlib, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = os.path.join(ROOT, "tables")

rows = []
for sub in sorted(os.listdir(TABLES)):
    d = os.path.join(TABLES, sub)
    if not os.path.isdir(d):
        continue
    for name in sorted(os.listdir(d)):
        if name.endswith(".md"):
            continue
        data = open(os.path.join(d, name), "rb").read()
        rows.append(f"{sub}/{name}\t{len(data)}\t{hashlib.sha256(data).hexdigest()}")
with open(os.path.join(TABLES, "FINGERPRINTS.tsv"), "w") as f:
    f.write("file\tbytes\tsha256\n" + "\n".join(rows) + "\n")
print(f"{len(rows)} files")
