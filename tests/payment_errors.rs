//! Invalid inputs give a specific error per claim (with the CMS pricer return code), never a
//! panic and never a silent zero.

use grouper_core::payment::{price, PaymentTableSet, PricingClaim, PricingError, Provider};
use grouper_core::Date;

fn date(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn tables() -> &'static PaymentTableSet {
    static TABLES: std::sync::OnceLock<PaymentTableSet> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| PaymentTableSet::embedded().unwrap_or_else(|e| panic!("{e}")))
}

fn provider_with(extra: serde_json::Value) -> Provider {
    let mut base = serde_json::json!({
        "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": 150,
        "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1",
        "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "capitalPpsPaymentCode": "C"
    });
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            if v.is_null() {
                b.remove(k);
            } else {
                b.insert(k.clone(), v.clone());
            }
        }
    }
    serde_json::from_value(base).unwrap_or_else(|e| panic!("{e}"))
}

fn claim(los: i64, charges: &str) -> PricingClaim {
    PricingClaim::new(date("2026-03-15"), los, charges.parse().unwrap_or_default())
}

/// Price and return (return code, message) of the expected error.
fn failure(claim: &PricingClaim, drg: u16, provider: &Provider) -> (&'static str, String) {
    match price(claim, drg, provider, tables()) {
        Ok(r) => panic!("expected an error, got total {}", r.total_payment),
        Err(e) => (e.return_code().as_str(), e.to_string()),
    }
}

#[test]
fn unknown_drg_for_the_year() {
    let (rtc, msg) = failure(&claim(3, "1000"), 15, &provider_with(serde_json::json!({})));
    assert_eq!(
        (rtc, msg.as_str()),
        ("54", "MS-DRG 015 is not in the FY2026 DRG table")
    );
}

#[test]
fn devpay21_00247_ungroupable_drg_priced_at_weight_zero() {
    // CMS's pricer prices DRG 998/999 from their weight-0 rows: only the weight-independent
    // parts (uncompensated care) are paid, with RTC 00/14 (FY2021 reference devpay21-00247).
    let r = price(
        &claim(3, "1000"),
        999,
        &provider_with(serde_json::json!({"uncompensatedCareAmount": "387.32"})),
        tables(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.drg_relative_weight.to_string(), "0.0000");
    assert_eq!(r.total_payment.to_string(), "387.32");
    assert_eq!(r.pricer_return_code.as_str(), "14");
}

#[test]
fn devpay21_00261_low_volume_factor_out_of_range_pays_no_add_on() {
    // A factor outside (0, 0.25] is not an error: no low-volume payment (PPCAL215 3800).
    let p = provider_with(serde_json::json!({
        "temporaryReliefIndicator": "Y", "lowVolumeAdjustmentFactor": "0.300000"
    }));
    let r = price(&claim(3, "1000"), 291, &p, tables()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.low_volume_payment.is_zero());
}

#[test]
fn negative_charges_and_length_of_stay() {
    let p = provider_with(serde_json::json!({}));
    assert_eq!(failure(&claim(3, "-0.01"), 291, &p).0, "58");
    let (rtc, msg) = failure(&claim(-1, "1000"), 291, &p);
    assert_eq!(rtc, "56");
    assert!(msg.contains("length_of_stay"), "{msg}");
}

#[test]
fn day_counts_are_validated() {
    let p = provider_with(serde_json::json!({}));
    let mut c = claim(5, "1000");
    c.lifetime_reserve_days = Some(61);
    assert_eq!(failure(&c, 291, &p).0, "61");
    let mut c = claim(5, "1000");
    c.covered_days = Some(0);
    assert_eq!(failure(&c, 291, &p).0, "62");
    let mut c = claim(5, "1000");
    c.covered_days = Some(2);
    c.lifetime_reserve_days = Some(3);
    assert_eq!(failure(&c, 291, &p).0, "62");
}

#[test]
fn invalid_review_code() {
    let mut c = claim(5, "1000");
    c.review_code = Some("04".to_string());
    let (rtc, msg) = failure(&c, 291, &provider_with(serde_json::json!({})));
    assert_eq!(rtc, "57");
    assert!(msg.contains("review_code"), "{msg}");
}

#[test]
fn discharge_dates_without_loaded_rates() {
    let p = provider_with(serde_json::json!({}));
    // Embedded: FY2023-FY2027, so the days just outside them.
    for (d, fy) in [("2027-10-01", "FY2028"), ("2022-09-30", "FY2022")] {
        let mut c = claim(3, "1000");
        c.discharge_date = date(d);
        let (rtc, msg) = failure(&c, 291, &p);
        assert_eq!(rtc, "55");
        assert!(
            msg.contains(&format!("no IPPS payment tables loaded for {fy}")),
            "{msg}"
        );
    }
    let empty = PaymentTableSet::new();
    let e = price(&claim(3, "1000"), 291, &p, &empty)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("loaded: none"), "{e}");
}

#[test]
fn drg_018_no_cost_product_needs_the_year_factor() {
    let mut c = claim(14, "1000");
    c.diagnosis_codes = vec!["C8330".to_string(), "Z006".to_string()];
    let (rtc, msg) = failure(&c, 18, &provider_with(serde_json::json!({})));
    assert_eq!(rtc, "54");
    assert!(msg.contains("no_cost_product_factor_drg018"), "{msg}");
    // Condition code ZC (NOCOSTPROD2) turns the Z006 rule off, so the claim prices normally.
    c.condition_codes = vec!["ZC".to_string()];
    assert!(price(&c, 18, &provider_with(serde_json::json!({})), tables()).is_ok());
}

#[test]
fn provider_validation_errors_name_the_field() {
    let cases: Vec<(serde_json::Value, &str, &str)> = vec![
        (serde_json::json!({"waiverIndicator": "Y"}), "53", "waiver"),
        (
            serde_json::json!({"stateCode": "40", "cbsaActualGeographicLocation": "10380", "hacReductionParticipantIndicator": "Y"}),
            "53",
            "Puerto Rico",
        ),
        (
            serde_json::json!({"hrrParticipantIndicator": "1", "hrrAdjustment": "0.9600"}),
            "65",
            "hrrAdjustment",
        ),
        (
            serde_json::json!({"hrrParticipantIndicator": null}),
            "65",
            "hrrParticipantIndicator",
        ),
        (
            serde_json::json!({"vbpParticipantIndicator": "Y", "vbpAdjustment": "0.9000"}),
            "68",
            "vbpAdjustment",
        ),
        (
            serde_json::json!({"vbpParticipantIndicator": "Y", "vbpAdjustment": "1.0100", "hospitalQualityIndicator": "0"}),
            "68",
            "vbpAdjustment",
        ),
        (
            serde_json::json!({"ehrReductionIndicator": "N"}),
            "65",
            "ehrReductionIndicator",
        ),
        (
            serde_json::json!({"capitalPpsPaymentCode": "A"}),
            "65",
            "capitalPpsPaymentCode",
        ),
        (
            serde_json::json!({"cbsaActualGeographicLocation": "99999"}),
            "52",
            "CBSA 99999",
        ),
        (
            serde_json::json!({"operatingCostToChargeRatio": null}),
            "52",
            "operatingCostToChargeRatio",
        ),
        (
            serde_json::json!({"providerType": null}),
            "52",
            "providerType",
        ),
        (
            serde_json::json!({"stateCode": "02", "cbsaActualGeographicLocation": "11260"}),
            "52",
            "costOfLivingAdjustment",
        ),
        (
            serde_json::json!({"terminationDate": "2026-01-01"}),
            "55",
            "terminationDate",
        ),
        (
            serde_json::json!({"effectiveDate": "2026-06-01"}),
            "55",
            "effectiveDate",
        ),
        (
            serde_json::json!({"supplementalSecurityIncomeRatio": "1.5"}),
            "52",
            "supplementalSecurityIncomeRatio",
        ),
        (
            serde_json::json!({"specialPaymentIndicator": "1", "specialWageIndex": "0"}),
            "52",
            "specialWageIndex",
        ),
        (
            serde_json::json!({"supplementalWageIndexIndicator": "1"}),
            "52",
            "supplementalWageIndex",
        ),
        (serde_json::json!({"bedSize": "120.5"}), "52", "bedSize"),
    ];
    for (extra, rtc, needle) in cases {
        let (got_rtc, msg) = failure(&claim(3, "1000"), 291, &provider_with(extra.clone()));
        assert_eq!(got_rtc, rtc, "{extra}: {msg}");
        assert!(msg.contains(needle), "{extra}: {msg}");
    }
}

#[test]
fn cost_outlier_beyond_covered_days_is_rtc_67() {
    let mut c = claim(10, "900000");
    c.covered_days = Some(8);
    let (rtc, _) = failure(&c, 291, &provider_with(serde_json::json!({})));
    assert_eq!(rtc, "67");
}

#[test]
fn error_variants_carry_return_codes() {
    let e = PricingError::MissingProvider("x".to_string());
    assert_eq!(e.return_code().as_str(), "51");
}

#[test]
fn charges_above_the_pic_limit() {
    let p = provider_with(serde_json::json!({}));
    assert_eq!(failure(&claim(3, "1000000000.00"), 291, &p).0, "58");
    assert!(price(&claim(3, "999999999.99"), 291, &p, tables()).is_ok());
}

#[test]
fn supplemental_wage_index_of_28_digits_is_refused_not_a_panic() {
    // Issue 9: a 28-digit supplementalWageIndex overflowed the decimal arithmetic and aborted
    // the batch. It is outside the PSF field's PIC 9(02)V9(04): RTC 52, naming the field.
    let p = provider_with(serde_json::json!({
        "supplementalWageIndexIndicator": "1",
        "supplementalWageIndex": "9999999999999999999999999999"
    }));
    let (rtc, msg) = failure(&claim(3, "1000"), 291, &p);
    assert_eq!(rtc, "52");
    assert!(msg.contains("supplementalWageIndex"), "{msg}");
}
