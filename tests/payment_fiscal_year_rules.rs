//! One worked example per fiscal-year-specific pricing rule of FY2023-FY2026
//! (`grouper-core/src/payment/policy.rs` and the year-specific fy-factors rows), priced with
//! the embedded tables. Each derivation is in the comment; the rule's boundary is shown by
//! pricing the same hospital on both sides of it.

use grouper_core::io::{price_line, GroupedDrg, PriceOutcome};
use grouper_core::payment::{PaymentTableSet, PricingContext};
use serde_json::{json, Value};

fn context() -> &'static PricingContext {
    static CTX: std::sync::OnceLock<PricingContext> = std::sync::OnceLock::new();
    CTX.get_or_init(|| PricingContext {
        tables: PaymentTableSet::embedded().unwrap_or_else(|e| panic!("{e}")),
        providers: None,
    })
}

fn no_grouper(_: &Value) -> Result<GroupedDrg, String> {
    Err("every example gives its DRG".to_string())
}

/// A type-00 hospital in Anniston-Oxford, AL (CBSA 11500), with `extra` provider fields.
fn provider(extra: Value) -> Value {
    let mut p = json!({
        "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "11500",
        "bedSize": 150, "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020",
        "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0",
        "vbpParticipantIndicator": "N", "capitalPpsPaymentCode": "C"
    });
    if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    p
}

/// Price a claim; returns the priced line as JSON.
fn price(date: &str, drg: u16, provider: Value, extra: Value) -> Value {
    let mut claim = json!({
        "id": "x", "drg": drg, "discharge_date": date, "length_of_stay": 5,
        "total_charges": "20000", "review_code": "00", "provider": provider
    });
    if let (Some(c), Some(e)) = (claim.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    match price_line(&claim.to_string(), 1, context(), &no_grouper) {
        Ok(PriceOutcome::Priced(p)) => serde_json::to_value(&*p).unwrap_or_default(),
        other => panic!("not priced: {other:?}"),
    }
}

#[test]
fn fy2023_low_wage_index_boost() {
    // FY2023 CBSA 11500: 0.6702; AL rural floor (row 01) 0.6551 is lower; quartile limit
    // 0.8427 (fy-factors): 0.6702 + (0.8427 - 0.6702) / 2 = 0.75645 -> 0.7565.
    let r = price("2023-03-01", 291, provider(json!({})), json!({}));
    assert_eq!(r["wage_index"], "0.7565");
}

#[test]
fn fy2024_low_wage_index_boost_after_the_rural_floor() {
    // FY2024 CBSA 11500: 0.6620 < AL floor 0.7121 -> 0.7121; limit 0.8667:
    // 0.7121 + (0.8667 - 0.7121) / 2 = 0.7894.
    let r = price("2024-03-01", 291, provider(json!({})), json!({}));
    assert_eq!(r["wage_index"], "0.7894");
}

#[test]
fn fy2026_no_low_wage_index_boost() {
    // The policy ended after FY2024: FY2026 has no quartile row. CBSA 11500 0.6999 < AL floor
    // 0.7393 -> 0.7393, not raised further.
    let r = price("2026-03-01", 291, provider(json!({})), json!({}));
    assert_eq!(r["wage_index"], "0.7393");
}

#[test]
fn fy2023_covid_weight_during_the_emergency_only() {
    // FY2023 DRG 177 weight 1.7799; U071 without condition ZA, discharged by 2023-05-11:
    // x 1.2 (covid_adjustment_factor) = 2.13588 -> 2.1359. With ZA, or after 2023-05-11: 1.7799.
    let covid = |date: &str, extra: Value| {
        price(date, 177, provider(json!({})), extra)["drg_relative_weight"].clone()
    };
    assert_eq!(
        covid("2023-03-01", json!({"diagnosis_codes": ["U071"]})),
        "2.1359"
    );
    assert_eq!(
        covid(
            "2023-03-01",
            json!({"diagnosis_codes": ["U071"], "condition_codes": ["ZA"]})
        ),
        "1.7799"
    );
    assert_eq!(
        covid("2023-06-01", json!({"diagnosis_codes": ["U071"]})),
        "1.7799"
    );
}

#[test]
fn fy2024_capital_dsh_counts_an_urban_geographic_cbsa() {
    // Geographic CBSA 13820 (urban), standardized-amount area 01 (rural): area size R.
    // 150 beds, SSI 0.2000 + Medicaid 0.1000 = 0.3000. FY2024 (the Java pricer's 2024 rule):
    // capital DSH = 2.7183^(0.2025 x 0.3000) - 1 = 0.062634 -> 0.0626. FY2023 reads only the
    // area size: 0.0000.
    let p = provider(json!({
        "cbsaActualGeographicLocation": "13820", "cbsaStandardizedAmountLocation": "01",
        "supplementalSecurityIncomeRatio": "0.2000", "medicaidRatio": "0.1000"
    }));
    let fy2024 = price("2024-03-01", 291, p.clone(), json!({}));
    let fy2023 = price("2023-03-01", 291, p, json!({}));
    assert_eq!(fy2024["area_size"], "R");
    assert_eq!(fy2024["capital_dsh_factor"], "0.0626");
    assert_eq!(fy2023["capital_dsh_factor"], "0.0000");
}

#[test]
fn fy2023_five_percent_cap_compares_the_rounded_ratio() {
    // FY2023 San Francisco (CBSA 41884) 1.8591. Prior-year WI 1.9570: (1.8591 - 1.9570) /
    // 1.9570 = -0.050026, rounded to 4 dp -0.0500, not below -0.05: no cap (FY2021's COBOL,
    // comparing unrounded, would cap). Prior 1.9580: -0.050051 -> -0.0501 < -0.05: capped to
    // 1.9580 x 0.95 = 1.8601.
    let sf = |prior: &str| {
        let p = provider(json!({
            "stateCode": "05", "cbsaActualGeographicLocation": "41884",
            "supplementalWageIndexIndicator": "1", "supplementalWageIndex": prior
        }));
        price("2023-03-01", 291, p, json!({}))["wage_index"].clone()
    };
    assert_eq!(sf("1.9570"), "1.8591");
    assert_eq!(sf("1.9580"), "1.8601");
}

#[test]
fn fy2026_capital_only_outlier_shows_an_operating_cent() {
    // FY2026, operating CCR 0.010, capital CCR 0.500, charges 200,000: operating cost 2,000 is
    // below its threshold, capital cost 100,000 above; the combined test passes, so only the
    // capital outlier is paid, and PPS_OUTLIER shows 0.01 (PAYMENT.md section 10, the Java
    // pricer's quirk; FY2021's COBOL overwrites the cent).
    let p = provider(json!({
        "operatingCostToChargeRatio": "0.010", "capitalCostToChargeRatio": "0.500"
    }));
    let r = price("2026-03-01", 291, p, json!({"total_charges": "200000"}));
    assert_eq!(r["operating_outlier_payment"], "0.01");
    assert_ne!(r["capital_outlier_payment"], "0.00");
}
