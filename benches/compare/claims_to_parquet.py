#!/usr/bin/env python3
"""Turn a claims JSONL file (the claim format, e.g. from make_claims.py) into a Parquet file of
the CSV vocabulary's typed columns: pdx and pdx_poa as strings, sdx as list<struct<code, poa>>,
procedures as list<string>, the rest as in the claim. Needs pyarrow.
Usage: claims_to_parquet.py IN.jsonl OUT.parquet [REPEAT]  (REPEAT copies, ids suffixed)"""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

DIAGNOSIS = pa.struct([("code", pa.string()), ("poa", pa.string())])
SCHEMA = pa.schema([
    ("id", pa.string()), ("version", pa.int32()), ("discharge_date", pa.string()),
    ("age", pa.int32()), ("sex", pa.int32()), ("discharge_status", pa.int32()),
    ("hospital_status", pa.string()), ("pdx", pa.string()), ("pdx_poa", pa.string()),
    ("admit_dx", pa.string()), ("sdx", pa.list_(DIAGNOSIS)), ("procedures", pa.list_(pa.string())),
])


def row(claim, suffix):
    pdx = claim.get("pdx") or {}
    return {
        "id": f"{claim.get('id')}{suffix}", "version": claim.get("version"),
        "discharge_date": claim.get("discharge_date"), "age": claim.get("age"),
        "sex": claim.get("sex"), "discharge_status": claim.get("discharge_status"),
        "hospital_status": claim.get("hospital_status"), "pdx": pdx.get("code"),
        "pdx_poa": pdx.get("poa"), "admit_dx": (claim.get("admit_dx") or {}).get("code"),
        "sdx": [{"code": d.get("code"), "poa": d.get("poa")} for d in claim.get("sdx", [])],
        "procedures": [p.get("code") for p in claim.get("procedures", [])],
    }


def main():
    source, target = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    claims = [json.loads(line) for line in open(source) if line.strip()]
    with pq.ParquetWriter(target, SCHEMA) as writer:
        for r in range(repeat):
            suffix = f"-r{r}" if repeat > 1 else ""
            rows = [row(c, suffix) for c in claims]
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), row_group_size=65536)


if __name__ == "__main__":
    main()
