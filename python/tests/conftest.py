"""Session fixtures: the golden claims and the CLI's answers on them, the 100,000 benchmark
claims as JSON Lines and Parquet and the CLI's answers on those (each made once per run)."""
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
import claims as c  # noqa: E402


@pytest.fixture(scope="session")
def golden(tmp_path_factory):
    """(claims, the CLI's `drg group` lines on them as one JSONL file)."""
    claims = c.golden_claims()
    path = tmp_path_factory.mktemp("golden") / "claims.jsonl"
    c.write_jsonl(claims, path)
    return claims, c.run_cli("group", path)


@pytest.fixture(scope="session")
def bench_claims(tmp_path_factory):
    """The 100,000 claims of benches/compare/make_claims.py: (JSONL path, Parquet path, the
    CLI's `drg group` lines by id)."""
    tmp = tmp_path_factory.mktemp("bench")
    jsonl, parquet = tmp / "claims.jsonl", tmp / "claims.parquet"
    maker = c.ROOT / "benches" / "compare" / "make_claims.py"
    subprocess.run([sys.executable, str(maker), str(jsonl), "100000"], check=True)
    claims = [__import__("json").loads(line) for line in open(jsonl)]
    pq.write_table(c.claims_table(claims), parquet, row_group_size=25_000)
    by_id = {line["id"]: line for line in c.run_cli("group", jsonl)}
    assert len(by_id) == 100_000
    return jsonl, parquet, by_id
