"""The README's recipes, run: PySpark mapInArrow (local[2], two partitions), Polars and DuckDB
over the 100,000 claims of benches/compare/make_claims.py, against `drg group` on the same
claims as JSON Lines."""
import collections
import decimal
import os
import shutil

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import claims as c
import drg_grouper


def key_fields(line, row):
    """The fields every recipe is held to: the DRG, MDC, return code, weight and each code's
    drg_impact."""
    def impacts(codes):
        codes = codes or {}
        items = [codes.get("pdx"), codes.get("admit_dx")] + (codes.get("sdx") or []) \
            + (codes.get("procs") or [])
        return [i["drg_impact"] for i in items if i]
    weight = row["relative_weight"]
    return ((line.get("final_drg"), line.get("final_mdc"), line.get("return_code"),
             line.get("relative_weight"), impacts({k: line.get(k) for k in c.CODES})),
            (row["final_drg"], row["final_mdc"], row["return_code"],
             None if weight is None else f"{weight:.4f}", impacts(row["codes"])))


@pytest.mark.skipif(os.environ.get("DRG_SKIP_SPARK") == "1", reason="DRG_SKIP_SPARK=1")
def test_pyspark_map_in_arrow(bench_claims, tmp_path):
    if not shutil.which("java"):
        pytest.fail("no java on PATH: PySpark needs Java 17 (DRG_SKIP_SPARK=1 to skip)")
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    _, parquet, by_id = bench_claims
    spark = (SparkSession.builder.master("local[2]").appName("drg_grouper")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        df = spark.read.parquet(str(parquet)).repartition(2)
        sample = pq.read_table(parquet).slice(0, 0)
        # The output's types are Spark's own (signed integers, decimals, lists, structs).
        schema = drg_grouper.group(sample).schema

        def group_batches(batches):
            import drg_grouper
            for batch in batches:
                yield from drg_grouper.group(batch, threads=1).to_batches()

        out = df.mapInArrow(group_batches, from_arrow_schema(schema))
        out.write.mode("overwrite").parquet(str(tmp_path / "grouped"))
        assert out.rdd.getNumPartitions() == 2
    finally:
        spark.stop()
    got = pq.read_table(tmp_path / "grouped")
    assert got.num_rows == 100_000
    ids = got["id"].to_pylist()
    assert len(set(ids)) == 100_000
    # Every field but `line` (each mapInArrow batch is a call of its own, counted from 1).
    rows, fields, mismatches, no_column = c.compare([by_id[i] for i in ids], got, skip=("line",))
    print(f"\nspark: {rows} rows, {fields} fields compared, {len(mismatches)} differ")
    assert not mismatches, c.describe(mismatches)


def test_polars(bench_claims):
    _, parquet, by_id = bench_claims
    frame = pl.read_parquet(parquet).head(20_000)
    grouped = pl.from_arrow(drg_grouper.group(frame))
    schema = pl.from_arrow(drg_grouper.group(frame.head(0))).schema
    lazy = frame.lazy().map_batches(lambda d: pl.from_arrow(drg_grouper.group(d)), schema=schema)
    lazily = lazy.collect()
    assert lazily.drop("line").equals(grouped.drop("line"))
    heart_failure = grouped.filter(pl.col("final_drg").is_in([291, 292, 293])).height
    rows = grouped.to_dicts()
    for row in rows:
        expected, got = key_fields(by_id[row["id"]], row)
        assert expected == got, row["id"]
    assert len(rows) == 20_000 and heart_failure > 0


def test_duckdb(bench_claims):
    _, parquet, by_id = bench_claims
    con = duckdb.connect()
    claims = con.sql(f"select * from read_parquet('{parquet}') where version = 431")
    grouped = drg_grouper.group(claims)  # a relation is Arrow data (PyCapsule stream)
    # Or a reader, pulled batch by batch while grouping.
    query = f"select * from read_parquet('{parquet}') where version = 431"
    streamed = drg_grouper.group(con.sql(query).to_arrow_reader())
    assert streamed.drop(["line"]).equals(grouped.drop(["line"]))
    top = con.sql("select final_drg, count(*) as n, sum(relative_weight) as weight "
                  "from grouped group by final_drg order by n desc, final_drg").fetchall()
    expected = collections.Counter()
    weights = collections.defaultdict(decimal.Decimal)
    for line in by_id.values():
        if line.get("version") == 431:
            expected[line["final_drg"]] += 1
            weights[line["final_drg"]] += decimal.Decimal(line["relative_weight"])
    assert {drg: n for drg, n, _ in top} == dict(expected)
    assert {drg: w for drg, _, w in top} == dict(weights)
    assert sum(expected.values()) == grouped.num_rows > 10_000
