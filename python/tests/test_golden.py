"""The 33,185 golden claims as typed Arrow columns, grouped by `drg_grouper.group`, against
`drg group` on the same claims as JSON Lines: every field of every line."""
import pyarrow as pa

import claims as c
import drg_grouper


def test_golden_claims_group_as_the_cli(golden):
    claims, expected = golden
    table = c.claims_table(claims)
    # Several batches: line numbers continue across them, as in the one JSONL file.
    stream = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=5000))
    got = drg_grouper.group(stream)
    assert got.num_rows == len(claims) == 33_185
    rows, fields, mismatches, no_column = c.compare(expected, got)
    print(f"\ngolden: {rows} rows, {fields} fields compared, {len(mismatches)} differ; "
          f"JSON fields with no column: {no_column}")
    assert not mismatches, c.describe(mismatches)
    assert fields > 33_185 * 15


def test_threads_do_not_change_the_answer(golden):
    claims, _ = golden
    table = c.claims_table(claims[:4000])
    one = drg_grouper.group(table, threads=1)
    assert drg_grouper.group(table, threads=2).equals(one)
    assert drg_grouper.group(table).equals(one)


def test_one_output_batch_per_input_batch(golden):
    claims, _ = golden
    table = c.claims_table(claims[:3000])
    batches = table.to_batches(max_chunksize=700)
    got = drg_grouper.group(pa.RecordBatchReader.from_batches(table.schema, batches))
    assert [b.num_rows for b in got.to_batches()] == [b.num_rows for b in batches]
    assert got["line"].to_pylist() == list(range(1, 3001))
