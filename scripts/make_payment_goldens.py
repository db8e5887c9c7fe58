#!/usr/bin/env python3
"""Generate the committed FY2021 pricing golden set in tests/payment-fy2021/ from $DRG_SHARED.

tests/payment-fy2021/tables/   the FY2021 IPPS tables (copied byte for byte from
                               $DRG_SHARED/cms/ipps/fy2021/, public domain CMS data), with the
                               FY2021 rules those files cannot carry added to fy-factors.csv
                               as rows (FY2021_EXTRA_FACTORS below, each with its COBOL source)
tests/payment-fy2021/claims.jsonl.gz, expected.jsonl.gz
                               a stratified subset of the CMS IPPS pricer's answers
                               (oracle/payment-fy2021, release 2021.5): every scenario, every
                               return code, every provider type and review code, then every
                               PICK-th other claim; the expected lines keep the CMS answer's
                               product-named fields and the `_fy2021_only_policy` flag.
Run: python3 scripts/make_payment_goldens.py   (deterministic: same input, same bytes)
"""
import gzip, json, os, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("DRG_SHARED", os.path.join(ROOT, "..", "shared"))
ORACLE = os.path.join(SHARED, "oracle", "payment-fy2021")
TABLES = os.path.join(SHARED, "cms", "ipps", "fy2021")
OUT = os.path.join(ROOT, "tests", "payment-fy2021")
PICK = 7
# The COVID-19 code lists of PPCAL215 (WK-COVID19-VARIABLES), in the layout CMS's FY2023
# claim-codes table uses for them (COVID1: ZA condition and the first NCTAP procedures, COVID2:
# U071 and the second window's procedures, COVID3: the 2021 procedures).
FY2021_COVID_CODES = [
    ("COVID1", "ZA", "COND"), ("COVID1", "XW033E5", "PROC"), ("COVID1", "XW043E5", "PROC"),
    ("COVID1", "XW13325", "PROC"), ("COVID1", "XW14325", "PROC"),
    ("COVID2", "U071", "DIAG"), ("COVID2", "XW0DXF5", "PROC"), ("COVID2", "3E0G7GC", "PROC"),
    ("COVID2", "3E0H7GC", "PROC"),
    ("COVID3", "XW0DXM6", "PROC"), ("COVID3", "XW0G7M6", "PROC"), ("COVID3", "XW0H7M6", "PROC"),
]
# FY2021 rules the shared table files cannot carry (their README, "FY2021 rules these files
# cannot carry"), added to our copy of fy-factors.csv as rows the product reads.
FY2021_EXTRA_FACTORS = [
    ("wage_index_quartile_limit", "0.8469", "PPDRV215 0550-GET-CBSA WI_QUARTILE_FY2021"),
    ("covid_adjustment_factor", "1.2", "PPCAL215 2700-COVID-DRG-ADJ"),
] + [
    (f"rural_floor_wage_index_{state}", value, "PPDRV215 rural floor (CBSA212 column 3)")
    for state, value in [("02", "1.2383"), ("03", "0.8761"), ("07", "1.0275"), ("10", "0.8166"),
                         ("12", "1.2450"), ("13", "0.7681"), ("14", "0.8289"), ("22", "1.2673"),
                         ("23", "0.8500"), ("39", "0.7943"), ("46", "0.8577"), ("50", "1.1035")]
]


def write_gz(path, lines):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            for line in lines:
                gz.write((line + "\n").encode())


def main():
    os.makedirs(os.path.join(OUT, "tables"), exist_ok=True)
    for name in sorted(os.listdir(TABLES)):
        if name.endswith(".csv"):
            shutil.copyfile(os.path.join(TABLES, name), os.path.join(OUT, "tables", name))
    with open(os.path.join(OUT, "tables", "claim-codes-2021.csv"), "a") as f:
        for key, code, kind in FY2021_COVID_CODES:
            f.write(f"{key},{code},{kind}\n")
    with open(os.path.join(OUT, "tables", "fy-factors.csv"), "a") as f:
        for name, value, source in FY2021_EXTRA_FACTORS:
            f.write(f"2021,{name},{value},cobol,{source}\n")
    claims = open(os.path.join(ORACLE, "claims.jsonl")).read().splitlines()
    expected = open(os.path.join(ORACLE, "expected.jsonl")).read().splitlines()
    assert len(claims) == len(expected)
    seen, keep = set(), []
    for i, (c, e) in enumerate(zip(claims, expected)):
        cj, ej = json.loads(c), json.loads(e)
        assert cj["id"] == ej["id"]
        provider = cj.get("provider") or {}
        keys = [("scenario", ej["_scenario"]), ("rtc", ej["pricer_return_code"]),
                ("type", provider.get("providerType")), ("review", cj.get("review_code")),
                ("policy", ",".join(ej.get("_fy2021_only_policy", [])))]
        new = [k for k in keys if k not in seen]
        if new or i % PICK == 0:
            seen.update(keys)
            reduced = {k: v for k, v in ej.items() if not k.startswith("PPS-") and k != "_scenario"}
            keep.append((c, json.dumps(reduced, sort_keys=True, separators=(",", ":"))))
    write_gz(os.path.join(OUT, "claims.jsonl.gz"), [c for c, _ in keep])
    write_gz(os.path.join(OUT, "expected.jsonl.gz"), [e for _, e in keep])
    print(f"{len(keep)} of {len(claims)} claims")


if __name__ == "__main__":
    main()
