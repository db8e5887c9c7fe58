#!/usr/bin/env python3
"""Generate the committed FY2021 pricing golden set in tests/payment-fy2021/ from $DRG_SHARED.

tests/payment-fy2021/tables/   the FY2021 IPPS tables (copied byte for byte from
                               $DRG_SHARED/cms/ipps/fy2021/, public domain CMS data)
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
