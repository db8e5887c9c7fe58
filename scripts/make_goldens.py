#!/usr/bin/env python3
"""Generate the committed golden suite in tests/golden/ from $DRG_SHARED/oracle.

For each version V: tests/golden/claims-V.jsonl.gz (the oracle claims, verbatim) and
tests/golden/expected-V.jsonl.gz (the reference answers reduced to the output contract).
400-431 answers are the CMS Java grouper's; 440 answers are msdrg 1.2.0's, kept at claim level
only (its per-code fields are not reference quality) and without the lines it marks
`uncertain`; msdrg's naming is mapped to CMS's (NONE -> NON_CC severity, null base DRG -> 999).
Run: python3 scripts/make_goldens.py   (deterministic: same input, same bytes)
"""
import gzip, io, json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("DRG_SHARED", os.path.join(ROOT, "..", "shared"))
ORACLE = os.path.join(SHARED, "oracle")
OUT = os.path.join(ROOT, "tests", "golden")
VERSIONS = ["400", "401", "410", "411", "420", "421", "430", "431", "440"]
CLAIM = ["id", "version", "initial_drg", "final_drg", "initial_mdc", "final_mdc",
         "initial_base_drg", "final_base_drg", "initial_return_code", "return_code",
         "initial_severity", "final_severity", "hac_status"]
DX = ["code", "poa", "valid", "severity", "drg_impact", "poa_error", "hacs"]
PR = ["code", "valid", "is_or", "drg_impact", "hac_usage"]


def write_gz(path, lines):
    # mtime=0 and no file name keep the gzip bytes reproducible.
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            for line in lines:
                gz.write((line + "\n").encode())


def reduce(e, version):
    out = {k: e[k] for k in CLAIM if k in e}
    if version == "440":
        for p in ("initial", "final"):
            if out.get(f"{p}_base_drg") is None and out.get(f"{p}_drg") == 999:
                out[f"{p}_base_drg"] = 999
            drg = out.get(f"{p}_drg")
            if drg in (998, 999):
                out[f"{p}_severity"] = "NONE"  # msdrg reports the sdx severity here
            elif out.get(f"{p}_severity") == "NONE":
                out[f"{p}_severity"] = "NON_CC"
        return out
    out["pdx"] = {k: e["pdx"][k] for k in DX if k in e["pdx"]}
    out["sdx"] = [{k: d[k] for k in DX if k in d} for d in e["sdx"]]
    out["procs"] = [{k: p[k] for k in PR if k in p} for p in e["procs"]]
    for d in [out["pdx"], *out["sdx"]]:
        d["hacs"] = [{"list": h["list"], "num": h["num"], "status": h["status"]} for h in d["hacs"]]
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for v in VERSIONS:
        claims = open(os.path.join(ORACLE, f"claims-{v}.jsonl")).read().splitlines()
        expected = [json.loads(l) for l in gzip.open(os.path.join(ORACLE, f"expected-{v}.jsonl.gz"), "rt")]
        assert len(claims) == len(expected)
        keep_claims, keep_expected = [], []
        for c, e in zip(claims, expected):
            assert json.loads(c)["id"] == e["id"]
            if e.get("uncertain"):
                continue
            keep_claims.append(c)
            keep_expected.append(json.dumps(reduce(e, v), sort_keys=True, separators=(",", ":")))
        write_gz(os.path.join(OUT, f"claims-{v}.jsonl.gz"), keep_claims)
        write_gz(os.path.join(OUT, f"expected-{v}.jsonl.gz"), keep_expected)
        total += len(keep_claims)
        print(f"{v}: {len(keep_claims)} claims")
    print(f"total: {total} claims")


if __name__ == "__main__":
    main()
