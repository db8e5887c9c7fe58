//! Table parsers: malformed lines must be reported with file, line and column; a year's
//! tables load from a directory (FY2027 built the way the CMS pricer builds its placeholders).

use std::path::{Path, PathBuf};

use grouper_core::payment::{
    embedded_table5_fy2026, parse_cbsa_wage_index, parse_claim_codes, parse_drgstable,
    parse_fy_factors, parse_newtech_costs, parse_outmigration, parse_ratex, parse_table5,
};
use grouper_core::payment::{
    price, PaymentTableSet, PaymentTables, PricingClaim, PricingError, Provider,
};
use grouper_core::TableError;

const DRG_HEADER: &str = "diagnosticRelatedGroup,effectiveDate,weight,geometricMeanLengthOfStay,lowVolumeDrg,arithmeticMeanLengthOfStay,postAcuteCare,specialPaymentPostAcuteCare,description\n";

fn err_text<T: std::fmt::Debug>(r: Result<T, TableError>) -> String {
    match r {
        Ok(v) => panic!("expected an error, parsed {v:?}"),
        Err(e) => e.to_string(),
    }
}

/// The embedded FY2026 tables.
fn tables_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/fy2026")
}

#[test]
fn drgstable_bad_weight_names_file_line_column() {
    let text = format!("{DRG_HEADER}001,20251001,28.0239,25.8,,36.2,,,HEART\n002,20251001,11.33x8,8.5,,14.0,,,HEART\n");
    assert_eq!(
        err_text(parse_drgstable("drgstable-2027.csv", &text)),
        "drgstable-2027.csv:3:14: weight: expected a decimal number, found \"11.33x8\""
    );
}

#[test]
fn drgstable_missing_column_and_bad_flag() {
    let text = format!("{DRG_HEADER}001,20251001,28.0239,25.8\n");
    assert_eq!(
        err_text(parse_drgstable("d.csv", &text)),
        "d.csv:2:26: missing column 6 (arithmeticMeanLengthOfStay)"
    );
    let text = format!("{DRG_HEADER}003,20251001,21.2252,22.9,,33.0,Yes,,ECMO\n");
    assert_eq!(
        err_text(parse_drgstable("d.csv", &text)),
        "d.csv:2:33: postAcuteCare: expected Y or blank, found \"Yes\""
    );
}

#[test]
fn drgstable_bad_date_and_wrong_header() {
    let text = format!("{DRG_HEADER}001,2025-13-01,28.0239,25.8,,36.2,,,HEART\n");
    assert!(err_text(parse_drgstable("d.csv", &text))
        .starts_with("d.csv:2:5: effectiveDate: invalid date"));
    let text = "diagnosticRelatedGroup,effective,weight\n";
    assert_eq!(
        err_text(parse_drgstable("d.csv", text)),
        "d.csv:1:24: header column 2 must be \"effectiveDate\", found \"effective\""
    );
}

#[test]
fn cbsa_unterminated_quote_and_bad_cbsa() {
    let header = "cbsa,size,effectiveDate,geographicWageIndex,reclassifiedWageIndex,imputedFloorWageIndex,name\n";
    let text = format!("{header}01,,20251001,0.7393,0.7393,0.0000,ALABAMA\n41884,,20251001,1.6914,1.6914,0.0000,\"San Francisco, CA\n");
    assert_eq!(
        err_text(parse_cbsa_wage_index("cbsa.csv", &text)),
        "cbsa.csv:3:38: unterminated quoted field"
    );
    let text = format!("{header}4188,,20251001,1.6914,1.6914,0.0000,X\n");
    assert_eq!(
        err_text(parse_cbsa_wage_index("cbsa.csv", &text)),
        "cbsa.csv:2:1: cbsa: expected [2, 5] digits, found \"4188\""
    );
}

#[test]
fn ratex_bad_table_number_and_missing_table() {
    let header = "tableNumber,scope,largeUrban,regLabor,regNLabor\n";
    let text = format!("{header}tab1,nat,1,04456.72,2295.89\ntab11,nat,1,1,1\n");
    assert_eq!(
        err_text(parse_ratex("ratex.csv", &text)),
        "ratex.csv:3:1: tableNumber: expected tab1..tab10, found \"tab11\""
    );
    let text = format!("{header}tab1,nat,1,04456.72,2295.89\n");
    assert_eq!(
        err_text(parse_ratex("ratex.csv", &text)),
        "ratex.csv: no national row for tab2"
    );
}

#[test]
fn outmigration_claim_codes_newtech_errors() {
    let text = "county,adjustmentFactor,startDate\n1013,0.0065,20251001\n";
    assert_eq!(
        err_text(parse_outmigration("o.csv", text)),
        "o.csv:2:1: county: expected [5] digits, found \"1013\""
    );
    let text = "name,code,codeType\nAEROPACE,X2H13XB,PCS\n";
    assert_eq!(
        err_text(parse_claim_codes("c.csv", text)),
        "c.csv:2:18: codeType: expected PROC, DIAG, COND or NDC, found \"PCS\""
    );
    let text = "name,amount,adjustmentFactor\nAEROPACE,23650.90,1.65\n";
    assert_eq!(
        err_text(parse_newtech_costs("n.csv", text)),
        "n.csv:2:19: adjustmentFactor 1.65 outside (0, 1]"
    );
}

#[test]
fn fy_factors_bad_product_points_at_the_factor() {
    let text = "fiscal_year,factor,value,status,source\n2027,hsp_prior_year_update_product,1.0135*1.02x6,derived,x\n";
    assert_eq!(
        err_text(parse_fy_factors("fy-factors.csv", text, 2027)),
        "fy-factors.csv:2:43: value: expected a decimal, a product a*b, a date or 'unknown', found \"1.02x6\""
    );
    let text =
        "fiscal_year,factor,value,status,source\n2027,capital_federal_rate,2026-10-01,gap,x\n";
    assert_eq!(
        err_text(parse_fy_factors("fy-factors.csv", text, 2027)),
        "fy-factors.csv: FY2027 factor capital_federal_rate must be a number or 'unknown' (it is required for pricing)"
    );
}

#[test]
fn table5_malformed_rows_name_line_and_column() {
    let good = String::from_utf8_lossy(embedded_table5_fy2026()).to_string();
    assert!(good.len() > 1000);
    let mut bytes = embedded_table5_fy2026().to_vec();
    // Line 5 is DRG 002 (title on lines 1-2, header line 3, DRG 001 line 4): break its post-acute flag.
    let pos = bytes
        .windows(7)
        .position(|w| w == b"002\tNo\t")
        .unwrap_or(0);
    bytes[pos + 4] = b'X';
    assert_eq!(
        err_text(parse_table5("table5-fy2027.txt", &bytes, 2027)),
        "table5-fy2027.txt:5:5: post-acute DRG: expected Yes or No, found \"Xo\""
    );
    let text: &[u8] = b"\"TABLE 5.\x97LIST\r\nsecond\"\r\nMS-DRG\tpost\r\n";
    assert!(err_text(parse_table5("t5.txt", text, 2027)).starts_with("t5.txt:3:"));
}

#[test]
fn table5_windows_1252_title_is_decoded() {
    let rows =
        parse_table5("table5-fy2026.txt", embedded_table5_fy2026(), 2026).unwrap_or_default();
    assert_eq!(rows.len(), 772);
    let drg18 = rows
        .iter()
        .find(|r| r.drg == 18)
        .map(|r| r.relative_weight.to_string());
    assert_eq!(drg18.as_deref(), Some("43.1828"));
    assert_eq!(
        grouper_core::payment::decode_windows_1252(b"TABLE 5.\x97LIST"),
        "TABLE 5.\u{2014}LIST"
    );
}

/// A FY2027 directory built like the CMS pricer builds its placeholders (2026 files with the
/// dates moved to 20261001), plus fy-factors rows for 2027.
fn fy2027_dir(name: &str, use_table5: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pricer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_default();
    for base in [
        "drgstable",
        "cbsa-wage-index",
        "ratex",
        "outmigration",
        "claim-codes",
        "newtech-costs",
    ] {
        if base == "drgstable" && use_table5 {
            let bytes = std::fs::read(tables_dir().join("table5-fy2026.txt")).unwrap_or_default();
            std::fs::write(dir.join("table5-fy2027.txt"), bytes).unwrap_or_default();
            continue;
        }
        let text = std::fs::read_to_string(tables_dir().join(format!("{base}-2026.csv")))
            .unwrap_or_default();
        std::fs::write(
            dir.join(format!("{base}-2027.csv")),
            text.replace("20251001", "20261001"),
        )
        .unwrap_or_default();
    }
    let factors = std::fs::read_to_string(tables_dir().join("fy-factors.csv")).unwrap_or_default();
    let mut out = String::new();
    for line in factors.lines() {
        out.push_str(line);
        out.push('\n');
        if let Some(rest) = line.strip_prefix("2026,") {
            out.push_str(&format!("2027,{rest}\n"));
        }
    }
    std::fs::write(dir.join("fy-factors.csv"), out).unwrap_or_default();
    dir
}

fn provider() -> Provider {
    serde_json::from_str(
        r#"{"providerType":"00","stateCode":"01","cbsaActualGeographicLocation":"13820","bedSize":150,
            "operatingCostToChargeRatio":"0.250","capitalCostToChargeRatio":"0.020","hospitalQualityIndicator":"1",
            "hrrParticipantIndicator":"0","vbpParticipantIndicator":"N","capitalPpsPaymentCode":"C"}"#,
    )
    .unwrap_or_default()
}

#[test]
fn fy2028_discharge_needs_fy2028_tables_and_fy2027_prices_with_a_full_directory() {
    let fy2028 = PricingClaim::new(
        "2027-10-15".parse().unwrap_or_else(|e| panic!("{e}")),
        4,
        20000.into(),
    );
    let embedded = PaymentTableSet::embedded().unwrap_or_default();
    let err = price(&fy2028, 291, &provider(), &embedded).err();
    let Some(PricingError::NoTablesForDischargeDate { fiscal_year, .. }) = &err else {
        panic!("expected a no-tables error, got {err:?}")
    };
    assert_eq!(*fiscal_year, 2028);
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("FY2028")
            && text.contains("drgstable-2028.csv")
            && text.contains("loaded: FY2023, FY2024, FY2025, FY2026, FY2027"),
        "{text}"
    );

    // The embedded FY2027 is partial: the claim is refused, naming what is missing.
    let claim = PricingClaim::new(
        "2026-10-15".parse().unwrap_or_else(|e| panic!("{e}")),
        4,
        20000.into(),
    );
    let err = price(&claim, 291, &provider(), &embedded).err();
    assert!(
        matches!(
            err,
            Some(PricingError::MissingTable {
                fiscal_year: 2027,
                ..
            })
        ),
        "{err:?}"
    );

    // A full FY2027 directory (inserted: it replaces the embedded year).

    let dir = fy2027_dir("fy2027", false);
    let loaded = PaymentTables::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.fiscal_year, 2027);
    let mut set = embedded.clone();
    set.insert(loaded);
    let r = price(&claim, 291, &provider(), &set).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.fiscal_year, 2027);
    // Placeholder FY2027 = FY2026 numbers, so the same claim in FY2026 pays the same.
    let mut claim26 = claim.clone();
    claim26.discharge_date = "2026-09-30".parse().unwrap_or_else(|e| panic!("{e}"));
    let r26 = price(&claim26, 291, &provider(), &set).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (r26.fiscal_year, r26.total_payment),
        (2026, r.total_payment)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_year_loads_from_table5_when_there_is_no_drgstable() {
    let dir = fy2027_dir("t5", true);
    let loaded = PaymentTables::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let d = "2026-10-01".parse().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        loaded
            .drg(18, d)
            .map(|r| r.relative_weight.to_string())
            .as_deref(),
        Some("43.1828")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn missing_table_file_and_missing_year_factors_are_named() {
    let dir = fy2027_dir("missing", false);
    std::fs::remove_file(dir.join("ratex-2027.csv")).unwrap_or_default();
    let e = err_text(PaymentTables::load_dir(&dir));
    assert!(e.contains("ratex-2027.csv"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);

    let dir = fy2027_dir("nofactors", false);
    std::fs::write(
        dir.join("fy-factors.csv"),
        "fiscal_year,factor,value,status,source\n2026,capital_federal_rate,524.15,s,s\n",
    )
    .unwrap_or_default();
    let e = err_text(PaymentTables::load_dir(&dir));
    assert!(
        e.contains("no FY2027 row for required factor capital_federal_rate"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// tables/ipps/README.md lists the size of every FY2026 file; a data change must update it.
#[test]
fn readme_fingerprint_sizes_match_the_files() {
    let ipps = Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps");
    let readme = std::fs::read_to_string(ipps.join("README.md")).unwrap_or_default();
    let section = readme.split("## Fingerprints").nth(1).unwrap_or_default();
    let mut checked = 0;
    for line in section.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let name = cells[1].trim_matches('`');
        let size: u64 = cells[2].parse().unwrap_or(0);
        let actual = std::fs::metadata(ipps.join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        assert_eq!(actual, size, "{name}");
        assert_eq!(cells[3].len(), 64, "{name}: sha256");
        checked += 1;
    }
    assert_eq!(checked, 9);
}

/// §3: a wage-index row dated before the fiscal year is not usable, so a FY2027 directory
/// whose CBSA file still carries FY2026 dates refuses claims (RTC 52) instead of silently
/// paying FY2026 wage indexes.
#[test]
fn wage_index_rows_from_another_fiscal_year_are_not_used() {
    let dir = fy2027_dir("stale-cbsa", false);
    let stale =
        std::fs::read_to_string(tables_dir().join("cbsa-wage-index-2026.csv")).unwrap_or_default();
    std::fs::write(dir.join("cbsa-wage-index-2027.csv"), stale).unwrap_or_default();
    let mut set = PaymentTableSet::new();
    set.insert(PaymentTables::load_dir(&dir).unwrap_or_else(|e| panic!("{e}")));
    let claim = PricingClaim::new(
        "2026-11-02".parse().unwrap_or_else(|e| panic!("{e}")),
        4,
        20000.into(),
    );
    let e = price(&claim, 291, &provider(), &set).err();
    assert_eq!(
        e.as_ref().map(|e| e.return_code().as_str()),
        Some("52"),
        "{e:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// FY2023's claim-codes list COVID-19 drugs by NDC: the rows are kept as `CodeType::Ndc`.
#[test]
fn claim_codes_accept_ndc_rows() {
    let text = "name,code,codeType\nPAXLOVID,00069110104,NDC\nVEKLURY,XW033E5,PROC\n";
    let rows = parse_claim_codes("c.csv", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows[0].code_type, grouper_core::payment::CodeType::Ndc);
    assert_eq!(rows[0].code, "00069110104");
    assert_eq!(
        rows[1].code_type,
        grouper_core::payment::CodeType::Procedure
    );
}
