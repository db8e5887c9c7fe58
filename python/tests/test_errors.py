"""Bad rows are errors in their own row, never an exception; the good rows of the same batch
group; `group_one` and `price_one` answer the CLI's JSON line."""
import datetime
import json

import polars as pl
import pyarrow as pa
import pytest

import claims as c
import drg_grouper

GOOD = {"id": "good-1", "version": 431, "age": 72, "sex": 1, "discharge_status": 1,
        "pdx": {"code": "I5023", "poa": "Y"}, "sdx": [{"code": "N179", "poa": "Y"}],
        "procedures": []}
MIXED = [
    GOOD,
    {"id": "no-pdx", "version": 431, "age": 60, "sex": 0, "discharge_status": 1},
    {"id": "bad-version", "version": 399, "pdx": {"code": "I5023", "poa": "Y"},
     "discharge_status": 1},
    dict(GOOD, id="good-2", sdx=[{"code": "I5022", "poa": "Y"}]),
]


BAD_DATE = {"id": "bad-date", "pdx": {"code": "I5023", "poa": "Y"}, "discharge_status": 1}


def mixed_table():
    """MIXED and BAD_DATE as typed columns, plus a text discharge_date column (BAD_DATE's bad)."""
    table = c.claims_table(MIXED + [BAD_DATE])
    return table.append_column("discharge_date", pa.array([None] * len(MIXED) + ["2026-13-45"]))


def test_bad_rows_carry_their_errors_and_good_rows_group(tmp_path):
    table = mixed_table()
    got = drg_grouper.group(table)
    kinds = got["error_kind"].to_pylist()
    assert kinds == [None, None, "no_grouper_version", None, "invalid_field"]
    assert got["field"].to_pylist() == [None, None, "version", None, "discharge_date"]
    # No principal diagnosis is not an error but CMS's answer: DRG 999, INVALID_PDX.
    assert got["final_drg"].to_pylist() == [292, 999, None, 293, None]
    assert got["return_code"].to_pylist()[1] == "INVALID_PDX"
    # The same claims through the CLI: every field, errors included, is the same.
    lines = MIXED + [dict(BAD_DATE, discharge_date="2026-13-45")]
    path = tmp_path / "mixed.jsonl"
    c.write_jsonl(lines, path)
    rows, fields, mismatches, no_column = c.compare(c.run_cli("group", path), got)
    assert not mismatches, c.describe(mismatches)


def test_a_value_the_claim_reader_refuses_is_an_error_in_its_row():
    table = pa.table({"id": ["a", "b"], "version": [431, 431], "age": ["72", "old"],
                      "pdx": ["I5023", "I5023"], "discharge_status": [1, 1]})
    got = drg_grouper.group(table)
    assert got["final_drg"].to_pylist() == [293, None]
    assert got["error_kind"].to_pylist() == [None, "invalid_field"]
    assert got["field"].to_pylist() == [None, "age"]
    assert got["error"][1].as_py() == 'line 2: field `age`: expected an integer, got "old"'


def test_not_arrow_data_raises_value_error():
    for bad in (42, {"pdx": ["I5023"]}, [GOOD]):
        with pytest.raises(ValueError, match="expected Arrow data"):
            drg_grouper.group(bad)
    with pytest.raises(ValueError, match="threads"):
        drg_grouper.group(c.claims_table([GOOD]), threads=0)


def test_any_arrow_producer_is_read():
    table = c.claims_table(MIXED)
    expected = drg_grouper.group(table)
    batch = table.combine_chunks().to_batches()[0]
    assert drg_grouper.group(batch).equals(expected)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=1))
    assert drg_grouper.group(reader)["final_drg"].equals(expected["final_drg"])
    # A producer that runs Python (and so needs the GIL the grouping released) for each batch.
    generated = pa.RecordBatchReader.from_batches(table.schema, iter(table.to_batches(1)))
    assert drg_grouper.group(generated)["final_drg"].equals(expected["final_drg"])
    frame = pl.from_arrow(table)
    assert drg_grouper.group(frame)["final_drg"].to_pylist() == [292, 999, None, 293]
    empty = drg_grouper.group(table.slice(0, 0))
    assert empty.num_rows == 0 and empty.schema == expected.schema


def test_group_one_is_the_cli_json_line(tmp_path):
    for claim in MIXED + [{"id": "dated", "discharge_date": "2026-03-01", "pdx": "I50.23",
                           "discharge_status": 1}, {"id": 7}, [1, 2]]:
        path = tmp_path / "one.jsonl"
        path.write_text(json.dumps(claim) + "\n")
        assert drg_grouper.group_one(claim) == c.run_cli("group", path)[0]


def test_group_one_writes_a_date_as_text():
    claim = dict(GOOD, discharge_date=datetime.date(2026, 3, 1))
    del claim["version"]
    assert drg_grouper.group_one(claim)["version"] == 430


def test_price_one_is_the_cli_json_line(tmp_path):
    examples = c.ROOT / "examples"
    providers = c.ROOT / "tables" / "ipps" / "ipsf-sample.csv"
    claims = [json.loads(line) for line in open(examples / "price-claims.jsonl")]
    for claim in claims:
        path = tmp_path / "one.jsonl"
        path.write_text(json.dumps(claim) + "\n")
        assert drg_grouper.price_one(claim) == c.run_cli("price", path)[0]
    with_ccn = dict(GOOD, discharge_date="2026-03-01", length_of_stay=5,
                    total_charges="45000.00", ccn="990001")
    del with_ccn["version"]
    path.write_text(json.dumps(with_ccn) + "\n")
    expected = c.run_cli("price", path, "--providers", str(providers))[0]
    assert drg_grouper.price_one(with_ccn, providers=str(providers)) == expected
    assert float(expected["total_payment"]) > 0
    no_provider = drg_grouper.price_one(with_ccn)
    assert no_provider == c.run_cli("price", path)[0]
    assert no_provider["error_kind"] == "no_provider"
