//! The embedded fiscal years FY2023-FY2027: complete years price, partial years (FY2025 without
//! its wage index, FY2027 with only weights, rates and some factors) load, refuse the claims
//! that need a missing piece with an error naming it, and price once it is supplied by a
//! provider special wage index or an overlay directory.

use std::path::PathBuf;
use std::sync::OnceLock;

use grouper_core::payment::{
    price, OptionalTable, PaymentResult, PaymentTableSet, PricingClaim, PricingError, Provider,
};

fn embedded() -> &'static PaymentTableSet {
    static T: OnceLock<PaymentTableSet> = OnceLock::new();
    T.get_or_init(|| PaymentTableSet::embedded().unwrap_or_else(|e| panic!("{e}")))
}

fn claim(date: &str, los: i64, charges: &str) -> PricingClaim {
    PricingClaim::new(
        date.parse().unwrap_or_else(|e| panic!("{e}")),
        los,
        charges.parse().unwrap_or_else(|e| panic!("{e}")),
    )
}

/// A type-00 hospital in San Francisco (CBSA 41884): no IME, DSH, UCP, HRR or VBP.
fn provider(extra: serde_json::Value) -> Provider {
    let mut p = serde_json::json!({
        "providerType": "00", "stateCode": "05", "cbsaActualGeographicLocation": "41884",
        "bedSize": 150, "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020",
        "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0",
        "vbpParticipantIndicator": "N", "capitalPpsPaymentCode": "C"
    });
    if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
        p.extend(extra.clone());
    }
    serde_json::from_value(p).unwrap_or_else(|e| panic!("{e}"))
}

/// The provider with a special wage index (PSF record effective in the discharge's year).
fn special_wage_index(effective: &str, extra: serde_json::Value) -> Provider {
    let mut p = serde_json::json!({
        "specialPaymentIndicator": "1", "specialWageIndex": "1.5000", "effectiveDate": effective
    });
    if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
        p.extend(extra.clone());
    }
    provider(p)
}

fn priced(r: Result<PaymentResult, PricingError>) -> PaymentResult {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn missing(r: Result<PaymentResult, PricingError>) -> (String, String) {
    match r {
        Err(e @ PricingError::MissingTable { .. }) => {
            (e.return_code().as_str().to_string(), e.to_string())
        }
        other => panic!("expected a missing-table error, got {other:?}"),
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("years-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn embedded_years_and_what_each_lacks() {
    let t = embedded();
    assert_eq!(t.fiscal_years(), [2023, 2024, 2025, 2026, 2027]);
    let lacks = |fy| {
        let year = t.get(fy).unwrap_or_else(|e| panic!("{e}"));
        year.map(|y| y.missing()).unwrap_or_default()
    };
    assert!(lacks(2023).is_empty() && lacks(2024).is_empty() && lacks(2026).is_empty());
    assert_eq!(lacks(2025), ["cbsa-wage-index-2025.csv"]);
    assert_eq!(
        lacks(2027),
        [
            "cbsa-wage-index-2027.csv",
            "outmigration-2027.csv",
            "claim-codes-2027.csv",
            "newtech-costs-2027.csv",
            "fy-factors.csv FY2027 fixed_loss_threshold",
            "fy-factors.csv FY2027 hsp_budget_neutrality_product",
        ]
    );
    let fy2027 = t
        .get(2027)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("FY2027 not embedded"));
    assert!(!fy2027.has_table(OptionalTable::WageIndex));
    // The v44.0 weights are there (CN Table 5: DRG 291 = 1.2685).
    let d = "2026-11-15".parse().unwrap_or_else(|e| panic!("{e}"));
    let w = fy2027.drg(291, d).map(|r| r.relative_weight.to_string());
    assert_eq!(w.as_deref(), Some("1.2685"));
}

/// FY2023 (claim-codes with NDC rows) prices. DRG 291 weight 1.2798 (drgstable-2023.csv),
/// CBSA 41884 WI 1.8591 (cbsa-wage-index-2023.csv row 41884), rate table 1 4310.00/2065.74:
/// operating (4310.00 × 1.8591 + 2065.74) × 1.2798 = 12898.4143878 → 12898.41; capital GAF
/// 1.8591^0.6848 = 1.5290, rate 483.79 × 1.5290 = 739.71, × 1.2798 = 946.68;
/// total 13845.09; RTC 14 (6 per-diem days ≥ GMLOS 3.9).
#[test]
fn fy2023_loads_and_prices_a_claim_with_its_wage_index_row() {
    let r = priced(price(
        &claim("2023-03-01", 5, "45000"),
        291,
        &provider(serde_json::json!({})),
        embedded(),
    ));
    assert_eq!(r.fiscal_year, 2023);
    let csv = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tables/ipps/fy2023/cbsa-wage-index-2023.csv"),
    )
    .unwrap_or_default();
    let row = csv.lines().find(|l| l.starts_with("41884,")).unwrap_or("");
    assert_eq!(row.split(',').nth(3), Some("1.8591"));
    let v = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(v["wage_index"], "1.8591");
    assert_eq!(v["operating_federal_payment"], "12898.41");
    assert_eq!(v["capital_federal_rate"], "739.71");
    assert_eq!(v["capital_total_payment"], "946.68");
    assert_eq!(v["total_payment"], "13845.09");
    assert_eq!(v["pricer_return_code"], "14");
}

#[test]
fn fy2025_needs_its_wage_index_unless_the_provider_has_a_special_one() {
    let c = claim("2025-03-01", 5, "45000");
    let (rtc, msg) = missing(price(&c, 291, &provider(serde_json::json!({})), embedded()));
    assert_eq!(rtc, "52");
    assert_eq!(
        msg,
        "FY2025 tables lack cbsa-wage-index-2025.csv, which this claim needs: load a directory \
         holding cbsa-wage-index-2025.csv with --ipps-tables DIR, or give the provider a special \
         wage index (specialPaymentIndicator 1 or 2 with specialWageIndex)"
    );
    let p = special_wage_index("2024-10-01", serde_json::json!({}));
    let r = priced(price(&c, 291, &p, embedded()));
    let v = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(
        (&v["wage_index"], &v["wage_index_cbsa"]),
        (&"1.5000".into(), &"SPEC".into())
    );
    // Without the table the size comes from the location: 5 digits → 'O'.
    assert_eq!(v["area_size"], "O");
    assert!(r.pricer_return_code.as_str() < "50", "{v}");
}

/// FY2027 (v44.0, discharge 2026-11-15): the claim names every input it lacks.
#[test]
fn fy2027_claim_says_which_inputs_are_missing() {
    let c = claim("2026-11-15", 5, "45000");
    let (rtc, msg) = missing(price(&c, 291, &provider(serde_json::json!({})), embedded()));
    assert_eq!(rtc, "52");
    assert!(
        msg.starts_with(
            "FY2027 tables lack cbsa-wage-index-2027.csv, factor fixed_loss_threshold (unknown in fy-factors.csv), which this claim needs:"
        ) && msg.ends_with(
            "; give a fy-factors.csv row for FY2027 fixed_loss_threshold in a --ipps-tables directory"
        ),
        "{msg}"
    );
    // An out-migration-eligible hospital (a county, no reclassification) needs that table too;
    // a claim with codes needs claim-codes and newtech-costs.
    let p = provider(serde_json::json!({"countyCode": "06075"}));
    let mut coded = c.clone();
    coded.diagnosis_codes = vec!["I5023".to_string()];
    let (_, msg) = missing(price(&coded, 291, &p, embedded()));
    for piece in [
        "outmigration-2027.csv",
        "claim-codes-2027.csv",
        "newtech-costs-2027.csv",
    ] {
        assert!(
            msg.contains(&format!(
                "load a directory holding {piece} with --ipps-tables DIR"
            )),
            "{msg}"
        );
    }
    // With a special wage index only the factor is left: RTC 55, not a wage-index code.
    let p = special_wage_index("2026-10-01", serde_json::json!({}));
    let (rtc, msg) = missing(price(&c, 291, &p, embedded()));
    assert_eq!(rtc, "55");
    assert!(
        msg.starts_with("FY2027 tables lack factor fixed_loss_threshold"),
        "{msg}"
    );
}

/// With a special wage index and an overlay directory holding only a fy-factors.csv row for
/// the FY2027 threshold, a type-00 hospital prices with the FY2027 rates; an SCH still needs
/// the hospital-specific budget-neutrality product; other years are untouched.
#[test]
fn fy2027_prices_with_a_special_wage_index_and_a_threshold_overlay() {
    let dir = temp_dir("fy2027-flt");
    std::fs::write(
        dir.join("fy-factors.csv"),
        "fiscal_year,factor,value,status,source\n2027,fixed_loss_threshold,51704.00,test,proposed rule value\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut set = embedded().clone();
    assert_eq!(set.load_dir(&dir).unwrap_or_else(|e| panic!("{e}")), [2027]);
    let c = claim("2026-11-15", 5, "45000");
    let p = special_wage_index("2026-10-01", serde_json::json!({}));
    let r = priced(price(&c, 291, &p, &set));
    let v = serde_json::to_value(&r).unwrap_or_default();
    assert!(r.pricer_return_code.as_str() < "50", "{v}");
    assert_eq!(v["fiscal_year"], 2027);
    assert_eq!(v["drg_relative_weight"], "1.2685");
    assert_eq!(v["outlier_fixed_loss_threshold"], "51704.00");
    // WI 1.5 > 1: rate table 1 of ratex-2027.csv.
    assert_eq!(
        (&v["labor_amount"], &v["non_labor_amount"]),
        (&"4519.68".into(), &"2328.32".into())
    );

    let sch = special_wage_index("2026-10-01", serde_json::json!({"providerType": "16"}));
    let (rtc, msg) = missing(price(&c, 291, &sch, &set));
    assert_eq!(rtc, "55");
    assert!(
        msg.contains("a fy-factors.csv row for FY2027 hsp_budget_neutrality_product"),
        "{msg}"
    );

    // The overlay changed FY2027 only.
    let c26 = claim("2026-03-01", 5, "45000");
    let p26 = provider(serde_json::json!({}));
    assert_eq!(
        price(&c26, 291, &p26, &set).ok(),
        price(&c26, 291, &p26, embedded()).ok()
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// An overlay file replaces its table; a malformed one is an error naming the file and
/// changes nothing.
#[test]
fn overlay_replaces_a_table_and_a_bad_overlay_file_is_named() {
    let dir = temp_dir("overlay-bad");
    std::fs::write(
        dir.join("cbsa-wage-index-2025.csv"),
        "cbsa,size,effectiveDate,geographicWageIndex,reclassifiedWageIndex,imputedFloorWageIndex,name\n\
         41884,,20241001,1.9000,1.9000,0.0000,San Francisco\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut set = embedded().clone();
    assert_eq!(set.load_dir(&dir).unwrap_or_else(|e| panic!("{e}")), [2025]);
    let r = priced(price(
        &claim("2025-03-01", 5, "45000"),
        291,
        &provider(serde_json::json!({})),
        &set,
    ));
    assert_eq!(r.wage_index.to_string(), "1.9000");

    std::fs::write(
        dir.join("fy-factors.csv"),
        "fiscal_year,factor,value,status,source\n2025,fixed_loss_threshold,46x217,test,x\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = set.clone();
    let e = set
        .load_dir(&dir)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("fy-factors.csv:2:") && e.contains("46x217"),
        "{e}"
    );
    assert_eq!(
        set.get(2025).expect("parsed").map(|t| t.factors.clone()),
        before.get(2025).expect("parsed").map(|t| t.factors.clone())
    );
    let _ = std::fs::remove_dir_all(dir);
}
