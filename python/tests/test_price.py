"""`drg_grouper.price` against `drg price` on the example discharges and the sample IPSF."""
import pyarrow as pa
import pyarrow.csv as pv

import claims as c
import drg_grouper

EXAMPLES = c.ROOT / "examples"
PROVIDERS = c.ROOT / "tables" / "ipps" / "ipsf-sample.csv"


def discharges(types):
    """examples/discharges.csv as read by pyarrow, with `types` for some columns."""
    options = pv.ConvertOptions(column_types=types, strings_can_be_null=True)
    return pv.read_csv(EXAMPLES / "discharges.csv", convert_options=options)


def test_price_is_the_cli_on_typed_columns():
    expected = c.run_cli("price", EXAMPLES / "discharges.csv", "--providers", str(PROVIDERS),
                         "--output-format", "jsonl")
    typed = {"discharge date": pa.date32(), "total charges": pa.decimal128(12, 2),
             "ccn": pa.string(), "discharge status": pa.string(), "los": pa.int32()}
    as_text = {name: pa.string() for name in discharges({}).column_names}
    for types in (typed, as_text):
        got = drg_grouper.price(discharges(types), providers=str(PROVIDERS), threads=2)
        # The CSV's line 1 is its header: row i is line i + 1 there.
        assert [e["line"] - 1 for e in expected] == got["line"].to_pylist()
        rows, fields, mismatches, no_column = c.compare(expected, got, skip=("line",))
        print(f"\nprice: {rows} rows, {fields} fields compared, {len(mismatches)} differ; "
              f"JSON fields with no column: {sorted(no_column)}")
        assert not mismatches, c.describe(mismatches)
        assert rows == 8 and fields > 8 * 20
    paid = [p for p in got["total_payment"].to_pylist() if p is not None and p > 0]
    assert len(paid) >= 6, got["total_payment"]
    assert got["payer"].to_pylist()[0] == "Medicare"


def test_price_without_providers_is_an_error_per_row():
    got = drg_grouper.price(discharges({"ccn": pa.string()}))
    assert set(got["error_kind"].to_pylist()) == {"no_provider"}
    assert got.num_rows == 8
