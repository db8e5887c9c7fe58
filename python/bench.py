#!/usr/bin/env python3
"""Throughput of drg_grouper (not a test): `group` over a 1,000,000-row Arrow table (the
100,000 claims of benches/compare/make_claims.py, repeated ten times) with threads=1 and
threads=2, wall and process CPU time; then PySpark end to end (local[2], mapInArrow, two
partitions) over the 100,000 claims as Parquet. Run in the venv python/run_tests.sh makes:
    PYSPARK_PYTHON=target/python-venv/bin/python SPARK_LOCAL_IP=127.0.0.1 \\
        target/python-venv/bin/python python/bench.py [--no-spark]"""
import json
import os
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))
import claims as c  # noqa: E402
import drg_grouper  # noqa: E402


def timed(label, rows, run):
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: {rows:,} claims in {wall:.2f} s wall ({rows / wall:,.0f} claims/s), "
          f"{cpu:.2f} s process CPU")
    return out


def spark(parquet, rows):
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))
    from test_recipes import signed

    start = time.perf_counter()
    session = (SparkSession.builder.master("local[2]").appName("drg_grouper-bench")
               .config("spark.ui.enabled", "false").getOrCreate())
    print(f"spark: session started in {time.perf_counter() - start:.1f} s")
    schema = drg_grouper.group(pq.read_table(parquet).slice(0, 0)).schema
    schema = pa.schema([f.with_type(signed(f.type)) for f in schema])

    def group_batches(batches):
        import drg_grouper
        for batch in batches:
            yield from drg_grouper.group(batch, threads=1).cast(schema).to_batches()

    def run():
        df = session.read.parquet(str(parquet)).repartition(2)
        out = df.mapInArrow(group_batches, from_arrow_schema(schema))
        out.write.format("noop").mode("overwrite").save()

    for attempt in ("first run (workers start, tables compile)", "second run"):
        wall = time.perf_counter()
        run()
        wall = time.perf_counter() - wall
        print(f"spark {attempt}: {rows:,} claims read, grouped and discarded (noop sink) in "
              f"{wall:.2f} s wall ({rows / wall:,.0f} claims/s)")
    session.stop()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, parquet = os.path.join(tmp, "claims.jsonl"), os.path.join(tmp, "claims.parquet")
        maker = c.ROOT / "benches" / "compare" / "make_claims.py"
        subprocess.run([sys.executable, str(maker), jsonl, "100000"], check=True)
        claims = [json.loads(line) for line in open(jsonl)]
        table = c.claims_table(claims)
        pq.write_table(table, parquet, row_group_size=25_000)
        big = pa.concat_tables([table] * 10)
        print(f"{os.cpu_count()} cores; input {big.num_rows:,} rows in "
              f"{len(big.to_batches())} batches of {table.num_rows:,}")
        # Warm-up: every version's tables compiled before the timed runs.
        drg_grouper.group(table.slice(0, 5000))
        for threads in (1, 2):
            timed(f"group threads={threads}", big.num_rows,
                  lambda: drg_grouper.group(big, threads=threads))
        if "--no-spark" not in sys.argv:
            spark(parquet, table.num_rows)


if __name__ == "__main__":
    main()
