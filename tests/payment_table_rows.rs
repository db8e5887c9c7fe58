//! IPPS table rows that make a table ambiguous or shifted are load errors naming file, line
//! and column (issue 9: "duplicate rows and extra columns pass silently"): the same key twice
//! (a DRG, a CBSA, a rate table, a county, a technology, a claim code, a provider record),
//! an extra header column and an extra field in a row. Effective-dated rows, CMS's form for a
//! mid-year change, still load.

use grouper_core::payment::{
    parse_cbsa_wage_index, parse_claim_codes, parse_drgstable, parse_newtech_costs,
    parse_outmigration, parse_ratex, parse_table5, PaymentTableSet, ProviderFile,
};

fn fy2026(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tables/ipps/fy2026")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` with its data line `line` (1-based, the header is line 1) repeated right after it.
fn with_line_repeated(text: &str, line: usize) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(line, lines[line - 1]);
    lines.join("\n") + "\n"
}

/// `text` with `edit` applied to its line `line` (1-based).
fn with_line_edited(text: &str, line: usize, edit: impl Fn(&str) -> String) -> String {
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                edit(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

fn err<T>(result: Result<T, grouper_core::TableError>) -> String {
    match result {
        Ok(_) => panic!("the table loaded"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn duplicate_drg_in_drgstable_is_an_error_naming_both_lines() {
    let text = with_line_repeated(&fy2026("drgstable-2026.csv"), 3);
    let e = err(parse_drgstable("drgstable-2026.csv", &text));
    assert_eq!(
        e,
        "drgstable-2026.csv:4:1: duplicate row: DRG 002 effective 2025-10-01 is also on line 3"
    );
}

#[test]
fn effective_dated_rows_of_one_drg_load() {
    // CMS's form of a mid-year change: a second row of the DRG with a later date.
    let text = with_line_edited(&fy2026("drgstable-2026.csv"), 3, |l| {
        format!("{l}\n{}", l.replacen("20251001", "20260401", 1))
    });
    let rows = parse_drgstable("drgstable-2026.csv", &text).expect("loads");
    assert_eq!(rows.iter().filter(|r| r.drg == 2).count(), 2);
}

#[test]
fn duplicate_drg_in_table5_is_an_error() {
    let bytes = grouper_core::payment::embedded_table5_fy2026();
    let text = grouper_core::payment::decode_windows_1252(bytes);
    let lines: Vec<&str> = text.split("\r\n").collect();
    let row = lines.iter().position(|l| l.starts_with("002\t")).unwrap();
    let mut doubled = lines.clone();
    doubled.insert(row + 1, lines[row]);
    let e = err(parse_table5(
        "table5-fy2026.txt",
        doubled.join("\r\n").as_bytes(),
        2026,
    ));
    // The title spans lines 1-2 and the header is line 3: DRG 002 is line 5, its copy line 6.
    assert_eq!(
        e,
        "table5-fy2026.txt:6:1: duplicate row: MS-DRG 002 is also on line 5"
    );
}

#[test]
fn duplicate_cbsa_in_wage_index_is_an_error() {
    let text = with_line_repeated(&fy2026("cbsa-wage-index-2026.csv"), 2);
    let e = err(parse_cbsa_wage_index("cbsa-wage-index-2026.csv", &text));
    assert_eq!(
        e,
        "cbsa-wage-index-2026.csv:3:1: duplicate row: CBSA 01 effective 2025-10-01 is also on line 2"
    );
}

#[test]
fn duplicate_rate_table_row_is_an_error() {
    let text = with_line_repeated(&fy2026("ratex-2026.csv"), 2);
    let e = err(parse_ratex("ratex-2026.csv", &text));
    assert_eq!(
        e,
        "ratex-2026.csv:3:1: duplicate row: tab1 nat largeUrban \"1\" is also on line 2"
    );
}

#[test]
fn duplicate_county_in_outmigration_is_an_error() {
    let text = with_line_repeated(&fy2026("outmigration-2026.csv"), 2);
    let e = err(parse_outmigration("outmigration-2026.csv", &text));
    assert_eq!(
        e,
        "outmigration-2026.csv:3:1: duplicate row: county 01013 starting 2025-10-01 is also on line 2"
    );
}

#[test]
fn duplicate_claim_code_and_technology_are_errors() {
    let text = with_line_repeated(&fy2026("claim-codes-2026.csv"), 2);
    let e = err(parse_claim_codes("claim-codes-2026.csv", &text));
    assert_eq!(
        e,
        "claim-codes-2026.csv:3:1: duplicate row: AEROPACE X2H13XB PROC is also on line 2"
    );
    let text = with_line_repeated(&fy2026("newtech-costs-2026.csv"), 2);
    let e = err(parse_newtech_costs("newtech-costs-2026.csv", &text));
    assert_eq!(
        e,
        "newtech-costs-2026.csv:3:1: duplicate row: technology AEROPACE is also on line 2"
    );
}

#[test]
fn claim_code_of_the_wrong_length_is_an_error() {
    let text = with_line_edited(&fy2026("claim-codes-2026.csv"), 2, |l| {
        l.replacen("X2H13XB", "X2H13XBX", 1)
    });
    let e = err(parse_claim_codes("claim-codes-2026.csv", &text));
    assert!(
        e.starts_with("claim-codes-2026.csv:2:10: code: a PROC code has 7..=7 characters"),
        "{e}"
    );
}

#[test]
fn extra_column_in_a_row_is_an_error_at_that_column() {
    let text = with_line_edited(&fy2026("drgstable-2026.csv"), 4, |l| format!("{l},X"));
    let column = text.lines().nth(3).unwrap().len();
    let e = err(parse_drgstable("drgstable-2026.csv", &text));
    assert_eq!(
        e,
        format!("drgstable-2026.csv:4:{column}: 10 fields where the header has 9")
    );
    let text = with_line_edited(&fy2026("ratex-2026.csv"), 2, |l| format!("{l},0"));
    let e = err(parse_ratex("ratex-2026.csv", &text));
    assert!(
        e.starts_with("ratex-2026.csv:2:") && e.ends_with("6 fields where the header has 5"),
        "{e}"
    );
}

#[test]
fn extra_header_column_is_an_error_at_that_column() {
    let text = with_line_edited(&fy2026("outmigration-2026.csv"), 1, |l| format!("{l},note"));
    let e = err(parse_outmigration("outmigration-2026.csv", &text));
    assert_eq!(
        e,
        "outmigration-2026.csv:1:35: extra header column 4 \"note\": the table has 3 columns"
    );
}

#[test]
fn extra_column_in_table5_is_an_error() {
    let text =
        grouper_core::payment::decode_windows_1252(grouper_core::payment::embedded_table5_fy2026());
    let cut = text.replacen(
        "\t28.0239\t28.0239\t25.8\t36.2\r\n",
        "\t28.0239\t28.0239\t25.8\t36.2\tX\r\n",
        1,
    );
    assert_ne!(cut, text);
    let e = err(parse_table5("table5-fy2026.txt", cut.as_bytes(), 2026));
    assert!(e.starts_with("table5-fy2026.txt:4:"), "{e}");
    assert!(e.ends_with("11 fields where the header has 10"), "{e}");
}

/// The sample IPSF export's header and first data row.
fn ipsf_header_and_row() -> (String, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/ipsf-sample.csv");
    let text = std::fs::read_to_string(path).expect("sample");
    let mut lines = text.lines();
    (
        lines.next().unwrap().to_string(),
        lines.next().unwrap().to_string(),
    )
}

#[test]
fn two_different_provider_records_for_one_ccn_and_date_are_an_error() {
    let (header, row) = ipsf_header_and_row();
    let changed = row.replacen(",250,", ",251,", 1);
    assert_ne!(changed, row);
    let text = format!("{header}\n{row}\n{changed}\n");
    let e = err(ProviderFile::parse("ipsf.csv", &text));
    assert!(
        e.starts_with("ipsf.csv:3:1: duplicate provider: CCN "),
        "{e}"
    );
    assert!(e.ends_with("is also on line 2, with other values"), "{e}");
}

#[test]
fn the_same_provider_record_twice_loads_once() {
    // Not ambiguous: an export that repeats a record prices as the record.
    let (header, row) = ipsf_header_and_row();
    let text = format!("{header}\n{row}\n{row}\n");
    let file = ProviderFile::parse("ipsf.csv", &text).expect("loads");
    assert_eq!(file.len(), 1);
}

#[test]
fn every_embedded_year_and_the_fy2021_fixture_load_under_the_row_rules() {
    // No embedded table repeats a key or has an extra column.
    let set = PaymentTableSet::embedded().expect("embedded years load");
    assert_eq!(set.fiscal_years(), vec![2023, 2024, 2025, 2026, 2027]);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/payment-fy2021/tables");
    let mut set = PaymentTableSet::new();
    set.load_dir(&dir).expect("FY2021 fixture loads");
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/ipsf-sample.csv");
    ProviderFile::load(sample).expect("the IPSF sample loads");
}
