"""Claims in the JSON claim format turned into Arrow tables of the CSV vocabulary's typed
columns, the `drg` CLI run on the same claims, and a field-by-field comparison of the two."""
import datetime
import decimal
import gzip
import json
import os
import pathlib
import subprocess

import pyarrow as pa

ROOT = pathlib.Path(__file__).resolve().parents[2]
VERSIONS = ["400", "401", "410", "411", "420", "421", "430", "431", "440"]

DIAGNOSIS = pa.struct([("code", pa.string()), ("poa", pa.string())])

# The Arrow type of each claim field (the CSV vocabulary's names), as an export would have it.
TYPES = {
    "id": pa.string(),
    "version": pa.int16(),
    "discharge_date": pa.date32(),
    "age": pa.int16(),
    "sex": pa.int8(),
    "discharge_status": pa.int16(),
    "hospital_status": pa.string(),
    "pdx": pa.string(),
    "pdx_poa": pa.string(),
    "admit_dx": pa.string(),
    "sdx": pa.list_(DIAGNOSIS),
    "procedures": pa.list_(pa.string()),
    "length_of_stay": pa.int32(),
    "total_charges": pa.decimal128(14, 2),
    "ccn": pa.string(),
    "drg": pa.int16(),
}


def drg_bin():
    """The `drg` the package is compared with."""
    path = os.environ.get("DRG_BIN", str(ROOT / "target" / "release" / "drg"))
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"no drg binary at {path}: run cargo test --release or set DRG_BIN")
    return path


def golden_claims():
    """The 33,185 golden claims (all nine versions, in version order) as dicts."""
    claims = []
    for v in VERSIONS:
        with gzip.open(ROOT / "tests" / "golden" / f"claims-{v}.jsonl.gz", "rt") as f:
            claims.extend(json.loads(line) for line in f if line.strip())
    return claims


def columns_of(claim):
    """One claim's column values: pdx split into code and POA, codes as plain lists."""
    row = {}
    for key, value in claim.items():
        if key == "pdx":
            row["pdx"] = value.get("code")
            row["pdx_poa"] = value.get("poa")
        elif key == "admit_dx":
            poa = value.get("poa")
            row["admit_dx"] = value["code"] + (f":{poa}" if poa else "")
        elif key == "sdx":
            row["sdx"] = [{"code": d.get("code"), "poa": d.get("poa")} for d in value]
        elif key == "procedures":
            row["procedures"] = [p["code"] for p in value]
        elif key == "discharge_date":
            row["discharge_date"] = datetime.date.fromisoformat(value)
        elif key == "total_charges":
            row["total_charges"] = decimal.Decimal(str(value))
        else:
            row[key] = value
    return row


def claims_table(claims):
    """The claims as an Arrow table of typed columns (a field no claim has is no column)."""
    rows = [columns_of(c) for c in claims]
    names = [n for n in TYPES if any(n in r for r in rows)]
    extra = sorted({k for r in rows for k in r} - set(TYPES))
    if extra:
        raise ValueError(f"claim fields without an Arrow type here: {extra}")
    return pa.table({n: pa.array([r.get(n) for r in rows], TYPES[n]) for n in names})


def write_jsonl(claims, path):
    with open(path, "w") as f:
        for c in claims:
            f.write(json.dumps(c, separators=(",", ":")) + "\n")


def run_cli(command, path, *args):
    """`drg COMMAND PATH ARGS` as parsed JSON lines (exit 1, some records failed, is fine)."""
    done = subprocess.run(
        [drg_bin(), command, str(path), "--quiet", *args], capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"drg {command} failed ({done.returncode}): {done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines()]


CODES = ("pdx", "admit_dx", "sdx", "procs")


def plain(value):
    """A value with absent (null) struct fields dropped, as the JSON line omits them."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def same(expected, got):
    """Whether a JSON value equals the table's: decimals as decimal values, ids as text."""
    if isinstance(got, decimal.Decimal):
        return isinstance(expected, str) and decimal.Decimal(expected) == got
    if isinstance(got, str) and isinstance(expected, (int, float)):
        return str(expected) == got
    return plain(expected) == plain(got)


def compare(expected_lines, table, skip=()):
    """Every field of every expected JSON line against the table's row in the same position.
    Returns (rows compared, fields compared, mismatches [(row, field, expected, got)], the
    JSON fields that have no column with their counts)."""
    rows = table.to_pylist()
    assert len(rows) == len(expected_lines), (len(rows), len(expected_lines))
    mismatches, no_column, fields = [], {}, 0
    for i, (line, row) in enumerate(zip(expected_lines, rows)):
        for key, value in line.items():
            if key in skip:
                continue
            if key in CODES:
                got = (row.get("codes") or {}).get(key)
            elif key == "passthrough":
                got = {k: row.get(k) for k in value}
                value = {k: v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}
            elif key in row:
                got = row[key]
            else:
                no_column[key] = no_column.get(key, 0) + 1
                continue
            fields += 1
            if not same(value, got):
                mismatches.append((i, key, value, got))
        for key, got in row.items():
            if key not in line and key not in skip and key != "codes" and got is not None:
                if key not in (line.get("passthrough") or {}):
                    mismatches.append((i, key, None, got))
    return len(rows), fields, mismatches, no_column


def describe(mismatches, limit=10):
    return "\n".join(f"row {i} {k}: cli {e!r} table {g!r}" for i, k, e, g in mismatches[:limit])
