//! Worked payment examples (FY2026 embedded tables). Each test writes out its derivation
//! step by step (values at the scale PAYMENT.md rounds them to) and checks every component.
//! The expected values were derived with an independent Python `decimal` model of PAYMENT.md
//! (60 significant digits, ROUND_HALF_UP), not with this crate.

use grouper_core::payment::{price, PaymentResult, PaymentTableSet, PricingClaim, Provider};

fn tables() -> &'static PaymentTableSet {
    static TABLES: std::sync::OnceLock<PaymentTableSet> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| match PaymentTableSet::embedded() {
        Ok(t) => t,
        Err(e) => panic!("embedded FY2026 tables: {e}"),
    })
}

fn provider(json: &str) -> Provider {
    match serde_json::from_str(json) {
        Ok(p) => p,
        Err(e) => panic!("provider JSON: {e}"),
    }
}

fn claim(json: &str) -> PricingClaim {
    match serde_json::from_str(json) {
        Ok(c) => c,
        Err(e) => panic!("claim JSON: {e}"),
    }
}

fn price_ok(claim: &PricingClaim, drg: u16, provider: &Provider) -> PaymentResult {
    match price(claim, drg, provider, tables()) {
        Ok(r) => r,
        Err(e) => panic!("pricing failed: {e}"),
    }
}

/// Compare serialized fields, reporting every mismatch at once.
fn expect(result: &PaymentResult, expected: &[(&str, &str)]) {
    let json = serde_json::to_value(result).unwrap_or_default();
    let mut wrong = Vec::new();
    for (field, want) in expected {
        let got = json
            .get(*field)
            .and_then(|v| v.as_str())
            .unwrap_or("<missing>");
        if got != *want {
            wrong.push(format!("{field}: expected {want}, got {got}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "\n{}\nfull result: {json:#}",
        wrong.join("\n")
    );
}

/// Published check: DRG 018 at the standard federal rate (operating + capital), wage index exactly 1 (PSF special wage index 1.0000), no IME/DSH/UCP/outlier/quality adjustments: 43.1828 x (6,752.61 + 524.15) = 314,230.87. With WI = 1 the pricer uses the WI <= 1 table tab3: 4186.62 + 2565.99 = 6752.61, and GAF = 1^0.6848 = 1.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 018: weight 43.1828, GMLOS 12.4, post-acute False, special-pay False
/// - review code 00 (discharge status 01)
/// - WI = special wage index 1.0000
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 1.0000 + 2565.99 x 1) x 43.1828 -> 9dp = 291596.607108000
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.0000^0.6848 -> 4dp = 1.0000; capFedRate = 524.15 x 1.0000 -> 2dp = 524.15; capCOLA 1.000
/// - capFspPart = 43.1828 x 524.15 x 1.000 -> 9dp = 22634.264620000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 15, GMLOS 12.4)
/// - PPS_FSP 291596.61; PPS_DSH = 291596.61 x 0 x 0.25 -> 0.00; PPS_IME = 291596.61 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 291596.61
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 37404.629632622; capDollarThr 2992.370367378
/// -   opCostOutlier 329001.236740622 vs opBill 0.000000000; capCostOutlier 25626.634987378 vs capBill 0.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 22634.26 + IME 0.00 + DSH 0.00 + outlier 0.00 = 22634.26
/// - quality base 291596.61; HRR 0; VBP 0
/// - preHAC = 0 + 291596.61 + 0.00 + 0.00 + 0.00 + 22634.26 + 0 + 0 + 0 + 0 + 0 = 314230.87
/// - HAC 0; islet 0; TOTAL 314230.87
#[test]
fn drg018_standard_federal_rate_published_check() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "specialPaymentIndicator": "1", "specialWageIndex": "1.0000", "effectiveDate": "2025-10-01"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 14, "total_charges": "0"}"#);
    let result = price_ok(&claim, 18, &provider);
    expect(
        &result,
        &[
            ("total_payment", "314230.87"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "291596.61"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "22634.26"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "22634.26"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.0000"),
            ("operating_federal_part", "291596.607108000"),
            ("capital_federal_part", "22634.264620000"),
        ],
    );
}

/// PAYMENT.md section 13 illustrative example, charges 45,000 (inlier): total 15,388.96, RTC 14.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 41884: 1.6914
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1
/// - fspPart = (4456.72 x 1.6914 + 2295.89 x 1) x 1.2838 -> 9dp = 12624.871493830
/// - IME = 1.35 x ((1 + 0.12)^0.405 - 1) -> 9dp = 0.063406446
/// - DSH: p = 0.08 + 0.16 = 0.2400; factor 0.0902
/// - GAF = 1.6914^0.6848 -> 4dp = 1.4332; capFedRate = 524.15 x 1.4332 -> 2dp = 751.21; capCOLA 1.000
/// - capFspPart = 1.2838 x 751.21 x 1.000 -> 9dp = 964.403398000
/// - capIME = 2.7183^(0.2822 x 0.06) - 1 -> 9dp = 0.017076274; capDSH = 0.0498
/// - no transfer reduction (perDiemDays 6, GMLOS 3.8)
/// - PPS_FSP 12624.87; PPS_DSH = 12624.87 x 0.0902 x 0.25 -> 284.69; PPS_IME = 12624.87 x 0.063406446 -> 800.50; UCP 650.00; baseDrgPayment 14360.06
/// - outlier: FLT 40397.00; opShare 0.930232558, capShare 0.069767442; opDollarThr 54726.623831791; capDollarThr 4039.324222032
/// -   opCostOutlier 69086.684410437 vs opBill 9000.000000000; capCostOutlier 5068.223325923 vs capBill 675.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 964.40 + IME 16.47 + DSH 48.03 + outlier 0.00 = 1028.90
/// - quality base 12624.87; HRR -50.50; VBP 50.50
/// - preHAC = 0 + 12624.87 + 800.50 + 284.69 + 0.00 + 1028.90 + 650.00 + 0 + 0 + -50.50 + 50.50 = 15388.96
/// - HAC 0; islet 0; TOTAL 15388.96
#[test]
fn sec13_illustrative_inlier() {
    let provider = provider(
        r#"{"providerType": "00", "stateCode": "05", "cbsaActualGeographicLocation": "41884", "bedSize": "250", "internsToBedsRatio": "0.12", "supplementalSecurityIncomeRatio": "0.08", "medicaidRatio": "0.16", "operatingCostToChargeRatio": "0.200", "capitalCostToChargeRatio": "0.015", "capitalIndirectMedicalEducationRatio": "0.06", "uncompensatedCareAmount": "650.00", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "1", "hrrAdjustment": "0.9960", "vbpParticipantIndicator": "Y", "vbpAdjustment": "1.0040", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 5, "total_charges": "45000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "15388.96"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "12624.87"),
            ("operating_ime_payment", "800.50"),
            ("operating_dsh_payment", "284.69"),
            ("uncompensated_care_payment", "650.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "964.40"),
            ("capital_ime_payment", "16.47"),
            ("capital_dsh_payment", "48.03"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "1028.90"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "-50.50"),
            ("value_based_purchasing_adjustment", "50.50"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.6914"),
            ("operating_federal_part", "12624.871493830"),
            ("capital_federal_part", "964.403398000"),
        ],
    );
}

/// PAYMENT.md section 13, same claim with charges 400,000: operating and capital cost outliers; total 24,865.03, RTC 16.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 41884: 1.6914
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1
/// - fspPart = (4456.72 x 1.6914 + 2295.89 x 1) x 1.2838 -> 9dp = 12624.871493830
/// - IME = 1.35 x ((1 + 0.12)^0.405 - 1) -> 9dp = 0.063406446
/// - DSH: p = 0.08 + 0.16 = 0.2400; factor 0.0902
/// - GAF = 1.6914^0.6848 -> 4dp = 1.4332; capFedRate = 524.15 x 1.4332 -> 2dp = 751.21; capCOLA 1.000
/// - capFspPart = 1.2838 x 751.21 x 1.000 -> 9dp = 964.403398000
/// - capIME = 2.7183^(0.2822 x 0.06) - 1 -> 9dp = 0.017076274; capDSH = 0.0498
/// - no transfer reduction (perDiemDays 6, GMLOS 3.8)
/// - PPS_FSP 12624.87; PPS_DSH = 12624.87 x 0.0902 x 0.25 -> 284.69; PPS_IME = 12624.87 x 0.063406446 -> 800.50; UCP 650.00; baseDrgPayment 14360.06
/// - outlier: FLT 40397.00; opShare 0.930232558, capShare 0.069767442; opDollarThr 54726.623831791; capDollarThr 4039.324222032
/// -   opCostOutlier 69086.684410437 vs opBill 80000.000000000; capCostOutlier 5068.223325923 vs capBill 6000.000000000; pct 0.80
/// -   opOut 8730.652471650; capOut 745.421339262
/// - capital: capFSP 964.40 + IME 16.47 + DSH 48.03 + outlier 745.42 = 1774.32
/// - quality base 12624.87; HRR -50.50; VBP 50.50
/// - preHAC = 0 + 12624.87 + 800.50 + 284.69 + 8730.65 + 1774.32 + 650.00 + 0 + 0 + -50.50 + 50.50 = 24865.03
/// - HAC 0; islet 0; TOTAL 24865.03
#[test]
fn sec13_illustrative_outlier_operating_and_capital() {
    let provider = provider(
        r#"{"providerType": "00", "stateCode": "05", "cbsaActualGeographicLocation": "41884", "bedSize": "250", "internsToBedsRatio": "0.12", "supplementalSecurityIncomeRatio": "0.08", "medicaidRatio": "0.16", "operatingCostToChargeRatio": "0.200", "capitalCostToChargeRatio": "0.015", "capitalIndirectMedicalEducationRatio": "0.06", "uncompensatedCareAmount": "650.00", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "1", "hrrAdjustment": "0.9960", "vbpParticipantIndicator": "Y", "vbpAdjustment": "1.0040", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 5, "total_charges": "400000"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "24865.03"),
            ("pricer_return_code", "16"),
            ("operating_federal_payment", "12624.87"),
            ("operating_ime_payment", "800.50"),
            ("operating_dsh_payment", "284.69"),
            ("uncompensated_care_payment", "650.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "8730.65"),
            ("capital_federal_payment", "964.40"),
            ("capital_ime_payment", "16.47"),
            ("capital_dsh_payment", "48.03"),
            ("capital_outlier_payment", "745.42"),
            ("capital_total_payment", "1774.32"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "-50.50"),
            ("value_based_purchasing_adjustment", "50.50"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.6914"),
            ("operating_federal_part", "12624.871493830"),
            ("capital_federal_part", "964.403398000"),
        ],
    );
}

/// Urban Birmingham AL (CBSA 13820, WI 0.8255 above the AL rural floor 0.7393): WI <= 1 uses tab3 (62 % labor). No IME/DSH/UCP.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.9289 -> 9dp = 11615.922234009
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.9289 x 459.63 x 1.000 -> 9dp = 886.580307000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 3, GMLOS 1.9)
/// - PPS_FSP 11615.92; PPS_DSH = 11615.92 x 0 x 0.25 -> 0.00; PPS_IME = 11615.92 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 11615.92
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 44973.744986678 vs opBill 7500.000000000; capCostOutlier 3510.589882154 vs capBill 600.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 886.58 + IME 0.00 + DSH 0.00 + outlier 0.00 = 886.58
/// - quality base 11615.92; HRR 0; VBP 0
/// - preHAC = 0 + 11615.92 + 0.00 + 0.00 + 0.00 + 886.58 + 0 + 0 + 0 + 0 + 0 = 12502.50
/// - HAC 0; islet 0; TOTAL 12502.50
#[test]
fn inlier_wage_index_below_one() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 2, "total_charges": "30000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "12502.50"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "11615.92"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "886.58"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "886.58"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "11615.922234009"),
            ("capital_federal_part", "886.580307000"),
        ],
    );
}

/// San Francisco (CBSA 41884, WI 1.6914): WI > 1 uses tab1 (66 % labor).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 41884: 1.6914
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1
/// - fspPart = (4456.72 x 1.6914 + 2295.89 x 1) x 1.9289 -> 9dp = 18968.775996611
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.6914^0.6848 -> 4dp = 1.4332; capFedRate = 524.15 x 1.4332 -> 2dp = 751.21; capCOLA 1.000
/// - capFspPart = 1.9289 x 751.21 x 1.000 -> 9dp = 1449.008969000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 3, GMLOS 1.9)
/// - PPS_FSP 18968.78; PPS_DSH = 18968.78 x 0 x 0.25 -> 0.00; PPS_IME = 18968.78 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 18968.78
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 54473.259845099; capDollarThr 4288.665210526
/// -   opCostOutlier 73442.035841710 vs opBill 7500.000000000; capCostOutlier 5737.674179526 vs capBill 600.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 1449.01 + IME 0.00 + DSH 0.00 + outlier 0.00 = 1449.01
/// - quality base 18968.78; HRR 0; VBP 0
/// - preHAC = 0 + 18968.78 + 0.00 + 0.00 + 0.00 + 1449.01 + 0 + 0 + 0 + 0 + 0 = 20417.79
/// - HAC 0; islet 0; TOTAL 20417.79
#[test]
fn inlier_wage_index_above_one() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "05", "cbsaActualGeographicLocation": "41884", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 2, "total_charges": "30000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "20417.79"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "18968.78"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "1449.01"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "1449.01"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.6914"),
            ("operating_federal_part", "18968.775996611"),
            ("capital_federal_part", "1449.008969000"),
        ],
    );
}

/// Texas CBSA 11100 has WI 0.8178, below the Texas rural value 0.9721: the rural floor raises it (CBSA becomes 45).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 11100: 0.8178
/// - rural floor (state 45) raises WI to 0.9721
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.9721 + 2565.99 x 1) x 1.9289 -> 9dp = 12799.800989228
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.9721^0.6848 -> 4dp = 0.9808; capFedRate = 524.15 x 0.9808 -> 2dp = 514.09; capCOLA 1.000
/// - capFspPart = 1.9289 x 514.09 x 1.000 -> 9dp = 991.628201000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 4, GMLOS 1.9)
/// - PPS_FSP 12799.80; PPS_DSH = 12799.80 x 0 x 0.25 -> 0.00; PPS_IME = 12799.80 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 12799.80
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 36757.604349237; capDollarThr 2934.916856324
/// -   opCostOutlier 49557.405338465 vs opBill 6250.000000000; capCostOutlier 3926.545057324 vs capBill 500.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 991.63 + IME 0.00 + DSH 0.00 + outlier 0.00 = 991.63
/// - quality base 12799.80; HRR 0; VBP 0
/// - preHAC = 0 + 12799.80 + 0.00 + 0.00 + 0.00 + 991.63 + 0 + 0 + 0 + 0 + 0 = 13791.43
/// - HAC 0; islet 0; TOTAL 13791.43
#[test]
fn rural_floor_raises_urban_wage_index() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "45", "cbsaActualGeographicLocation": "11100", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 3, "total_charges": "25000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "13791.43"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "12799.80"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "991.63"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "991.63"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.9721"),
            ("operating_federal_part", "12799.800989228"),
            ("capital_federal_part", "991.628201000"),
        ],
    );
}

/// New Jersey CBSA 10900 (WI 0.9923); NJ has no rural area (state row 0.0000) but an imputed floor 1.1687, which applies.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 10900: 0.9923
/// - imputed floor raises WI to 1.1687
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1
/// - fspPart = (4456.72 x 1.1687 + 2295.89 x 1) x 1.9289 -> 9dp = 14475.350316990
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.1687^0.6848 -> 4dp = 1.1127; capFedRate = 524.15 x 1.1127 -> 2dp = 583.22; capCOLA 1.000
/// - capFspPart = 1.9289 x 583.22 x 1.000 -> 9dp = 1124.973058000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 4, GMLOS 1.9)
/// - PPS_FSP 14475.35; PPS_DSH = 14475.35 x 0 x 0.25 -> 0.00; PPS_IME = 14475.35 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 14475.35
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 41569.335905177; capDollarThr 3329.610507782
/// -   opCostOutlier 56044.686222167 vs opBill 6250.000000000; capCostOutlier 4454.583565782 vs capBill 500.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 1124.97 + IME 0.00 + DSH 0.00 + outlier 0.00 = 1124.97
/// - quality base 14475.35; HRR 0; VBP 0
/// - preHAC = 0 + 14475.35 + 0.00 + 0.00 + 0.00 + 1124.97 + 0 + 0 + 0 + 0 + 0 = 15600.32
/// - HAC 0; islet 0; TOTAL 15600.32
#[test]
fn imputed_floor_new_jersey() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "31", "cbsaActualGeographicLocation": "10900", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 3, "total_charges": "25000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "15600.32"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "14475.35"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "1124.97"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "1124.97"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.1687"),
            ("operating_federal_part", "14475.350316990"),
            ("capital_federal_part", "1124.973058000"),
        ],
    );
}

/// Puerto Rico (state 40), CBSA 10380 WI 0.2624: rural floor 0.2382 lower, imputed floor 0.3142 applies; rate table tab9 (= tab3 values).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 10380: 0.2624
/// - imputed floor raises WI to 0.3142
/// - rate table tab9: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.3142 + 2565.99 x 1) x 1.9289 -> 9dp = 7486.882619116
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.3142^0.6848 -> 4dp = 0.4526; capFedRate = 524.15 x 0.4526 -> 2dp = 237.23; capCOLA 1.000
/// - capFspPart = 1.9289 x 237.23 x 1.000 -> 9dp = 457.592947000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 4, GMLOS 1.9)
/// - PPS_FSP 7486.88; PPS_DSH = 7486.88 x 0 x 0.25 -> 0.00; PPS_IME = 7486.88 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7486.88
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 21500.330731350; capDollarThr 1354.346828275
/// -   opCostOutlier 28987.213350466 vs opBill 6250.000000000; capCostOutlier 1811.939775275 vs capBill 500.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 457.59 + IME 0.00 + DSH 0.00 + outlier 0.00 = 457.59
/// - quality base 7486.88; HRR 0; VBP 0
/// - preHAC = 0 + 7486.88 + 0.00 + 0.00 + 0.00 + 457.59 + 0 + 0 + 0 + 0 + 0 = 7944.47
/// - HAC 0; islet 0; TOTAL 7944.47
#[test]
fn puerto_rico_uses_tab9_and_imputed_floor() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "40", "cbsaActualGeographicLocation": "10380", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 3, "total_charges": "25000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "7944.47"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7486.88"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "457.59"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "457.59"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.3142"),
            ("operating_federal_part", "7486.882619116"),
            ("capital_federal_part", "457.592947000"),
        ],
    );
}

/// Hospital quality indicator blank (IQR not met) with WI > 1: tab2 (x 1.01775/1.026).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 41884: 1.6914
/// - rate table tab2: labor 4420.88, non-labor 2277.43; COLA 1
/// - fspPart = (4420.88 x 1.6914 + 2277.43 x 1) x 1.9289 -> 9dp = 18816.239016685
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.6914^0.6848 -> 4dp = 1.4332; capFedRate = 524.15 x 1.4332 -> 2dp = 751.21; capCOLA 1.000
/// - capFspPart = 1.9289 x 751.21 x 1.000 -> 9dp = 1449.008969000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 3, GMLOS 1.9)
/// - PPS_FSP 18816.24; PPS_DSH = 18816.24 x 0 x 0.25 -> 0.00; PPS_IME = 18816.24 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 18816.24
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 54473.259845099; capDollarThr 4288.665210526
/// -   opCostOutlier 73289.498861784 vs opBill 7500.000000000; capCostOutlier 5737.674179526 vs capBill 600.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 1449.01 + IME 0.00 + DSH 0.00 + outlier 0.00 = 1449.01
/// - quality base 18816.24; HRR 0; VBP 0
/// - preHAC = 0 + 18816.24 + 0.00 + 0.00 + 0.00 + 1449.01 + 0 + 0 + 0 + 0 + 0 = 20265.25
/// - HAC 0; islet 0; TOTAL 20265.25
#[test]
fn quality_not_met_uses_reduced_table() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "05", "cbsaActualGeographicLocation": "41884", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 2, "total_charges": "30000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "20265.25"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "18816.24"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "1449.01"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "1449.01"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.6914"),
            ("operating_federal_part", "18816.239016685"),
            ("capital_federal_part", "1449.008969000"),
        ],
    );
}

/// EHR reduction indicator Y, quality met, WI <= 1: tab7 (x 1.00125/1.026).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab7: labor 4085.63, non-labor 2504.09; COLA 1
/// - fspPart = (4085.63 x 0.8255 + 2504.09 x 1) x 1.9289 -> 9dp = 11335.716245129
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.9289 x 459.63 x 1.000 -> 9dp = 886.580307000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 3, GMLOS 1.9)
/// - PPS_FSP 11335.72; PPS_DSH = 11335.72 x 0 x 0.25 -> 0.00; PPS_IME = 11335.72 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 11335.72
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 44693.538997798 vs opBill 7500.000000000; capCostOutlier 3510.589882154 vs capBill 600.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 886.58 + IME 0.00 + DSH 0.00 + outlier 0.00 = 886.58
/// - quality base 11335.72; HRR 0; VBP 0
/// - preHAC = 0 + 11335.72 + 0.00 + 0.00 + 0.00 + 886.58 + 0 + 0 + 0 + 0 + 0 = 12222.30
/// - HAC 0; islet 0; TOTAL 12222.30
#[test]
fn ehr_failed_uses_reduced_table() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "ehrReductionIndicator": "Y"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 2, "total_charges": "30000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "12222.30"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "11335.72"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "886.58"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "886.58"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "11335.716245129"),
            ("capital_federal_part", "886.580307000"),
        ],
    );
}

/// Quality not met and EHR failed, WI <= 1: tab8 (x 0.993/1.026).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab8: labor 4051.97, non-labor 2483.46; COLA 1
/// - fspPart = (4051.97 x 0.8255 + 2483.46 x 1) x 1.9289 -> 9dp = 11242.325986192
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.9289 x 459.63 x 1.000 -> 9dp = 886.580307000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 3, GMLOS 1.9)
/// - PPS_FSP 11242.33; PPS_DSH = 11242.33 x 0 x 0.25 -> 0.00; PPS_IME = 11242.33 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 11242.33
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 44600.148738861 vs opBill 7500.000000000; capCostOutlier 3510.589882154 vs capBill 600.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 886.58 + IME 0.00 + DSH 0.00 + outlier 0.00 = 886.58
/// - quality base 11242.33; HRR 0; VBP 0
/// - preHAC = 0 + 11242.33 + 0.00 + 0.00 + 0.00 + 886.58 + 0 + 0 + 0 + 0 + 0 = 12128.91
/// - HAC 0; islet 0; TOTAL 12128.91
#[test]
fn quality_not_met_and_ehr_failed() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "0", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "ehrReductionIndicator": "Y"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 2, "total_charges": "30000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "12128.91"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "11242.33"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "886.58"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "886.58"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "11242.325986192"),
            ("capital_federal_part", "886.580307000"),
        ],
    );
}

/// Anchorage AK (state 02, CBSA 11260 WI 1.0948; AK rural floor 1.1438 applies), COLA 1.250 on the non-labor share; capital COLA = 0.3152 x 0.25 + 1 = 1.079 (3 dp).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 470: weight 1.9289, GMLOS 1.9, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 11260: 1.0948
/// - rural floor (state 02) raises WI to 1.1438
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1.250
/// - fspPart = (4456.72 x 1.1438 + 2295.89 x 1.250) x 1.9289 -> 9dp = 15368.431348760
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.1438^0.6848 -> 4dp = 1.0964; capFedRate = 524.15 x 1.0964 -> 2dp = 574.68; capCOLA 1.079
/// - capFspPart = 1.9289 x 574.68 x 1.079 -> 9dp = 1196.071771908
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 4, GMLOS 1.9)
/// - PPS_FSP 15368.43; PPS_DSH = 15368.43 x 0 x 0.25 -> 0.00; PPS_IME = 15368.43 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 15368.43
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 44134.021740568; capDollarThr 3540.020825586
/// -   opCostOutlier 59502.453089328 vs opBill 7500.000000000; capCostOutlier 4736.092597494 vs capBill 600.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 1196.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 1196.07
/// - quality base 15368.43; HRR 0; VBP 0
/// - preHAC = 0 + 15368.43 + 0.00 + 0.00 + 0.00 + 1196.07 + 0 + 0 + 0 + 0 + 0 = 16564.50
/// - HAC 0; islet 0; TOTAL 16564.50
#[test]
fn alaska_cola() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "02", "cbsaActualGeographicLocation": "11260", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "costOfLivingAdjustment": "1.250"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 3, "total_charges": "30000"}"#);
    let result = price_ok(&claim, 470, &provider);
    expect(
        &result,
        &[
            ("total_payment", "16564.50"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "15368.43"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "1196.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "1196.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.1438"),
            ("operating_federal_part", "15368.431348760"),
            ("capital_federal_part", "1196.071771908"),
        ],
    );
}

/// Honolulu HI (state 12, CBSA 46520 WI 1.1570; HI rural floor 1.2605 applies), COLA 1.250.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 46520: 1.1570
/// - rural floor (state 12) raises WI to 1.2605
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1.250
/// - fspPart = (4456.72 x 1.2605 + 2295.89 x 1.250) x 1.2838 -> 9dp = 10896.327037428
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.2605^0.6848 -> 4dp = 1.1718; capFedRate = 524.15 x 1.1718 -> 2dp = 614.20; capCOLA 1.079
/// - capFspPart = 1.2838 x 614.20 x 1.079 -> 9dp = 850.802246840
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 10896.33; PPS_DSH = 10896.33 x 0 x 0.25 -> 0.00; PPS_IME = 10896.33 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 10896.33
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 47015.001124132; capDollarThr 3783.469904617
/// -   opCostOutlier 57911.328161560 vs opBill 5000.000000000; capCostOutlier 4634.272151457 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 850.80 + IME 0.00 + DSH 0.00 + outlier 0.00 = 850.80
/// - quality base 10896.33; HRR 0; VBP 0
/// - preHAC = 0 + 10896.33 + 0.00 + 0.00 + 0.00 + 850.80 + 0 + 0 + 0 + 0 + 0 = 11747.13
/// - HAC 0; islet 0; TOTAL 11747.13
#[test]
fn hawaii_cola() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "12", "cbsaActualGeographicLocation": "46520", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "costOfLivingAdjustment": "1.250"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "11747.13"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "10896.33"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "850.80"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "850.80"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.2605"),
            ("operating_federal_part", "10896.327037428"),
            ("capital_federal_part", "850.802246840"),
        ],
    );
}

/// IME on (intern/bed 0.30, capital IME ratio 0.30), DSH off (p = 0.05 + 0.05 = 0.10 < 0.15).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0.3000)^0.405 - 1) -> 9dp = 0.151346121
/// - DSH: p = 0.05 + 0.05 = 0.1000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0.3000) - 1 -> 9dp = 0.088347582; capDSH = 0.0205
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.151346121 -> 1170.07; UCP 0; baseDrgPayment 8901.17
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 42258.996046389 vs opBill 5000.000000000; capCostOutlier 3278.310587754 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 52.13 + DSH 12.10 + outlier 0.00 = 654.30
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 1170.07 + 0.00 + 0.00 + 654.30 + 0 + 0 + 0 + 0 + 0 = 9555.47
/// - HAC 0; islet 0; TOTAL 9555.47
#[test]
fn teaching_hospital_ime_without_dsh() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "internsToBedsRatio": "0.3000", "capitalIndirectMedicalEducationRatio": "0.3000", "supplementalSecurityIncomeRatio": "0.05", "medicaidRatio": "0.05"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "9555.47"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "1170.07"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "52.13"),
            ("capital_dsh_payment", "12.10"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "654.30"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// DSH first tier: p = 0.06 + 0.12 = 0.18 -> (0.18 - 0.15) x 0.65 + 0.025 = 0.0445; 150 beds urban uncapped; capital DSH = 2.7183^(0.2025 x 0.18) -> 5 dp - 1.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0.06 + 0.12 = 0.1800; factor 0.0445
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0371
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0.0445 x 0.25 -> 86.01; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7817.11
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41174.932379786 vs opBill 5000.000000000; capCostOutlier 3235.974277231 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 21.89 + outlier 0.00 = 611.96
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 86.01 + 0.00 + 611.96 + 0 + 0 + 0 + 0 + 0 = 8429.07
/// - HAC 0; islet 0; TOTAL 8429.07
#[test]
fn dsh_first_tier() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "supplementalSecurityIncomeRatio": "0.06", "medicaidRatio": "0.12"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8429.07"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "86.01"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "21.89"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "611.96"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Urban hospital with 80 beds: DSH p = 0.50 -> (0.50 - 0.202) x 0.825 + 0.0588 = 0.30465 -> 0.3047, capped at 0.12; capital DSH 0 (fewer than 100 beds).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0.20 + 0.30 = 0.5000; factor 0.3047, capped at 0.12 -> 0.12
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0.12 x 0.25 -> 231.93; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7963.03
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41320.856913559 vs opBill 5000.000000000; capCostOutlier 3214.082569154 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 231.93 + 0.00 + 590.07 + 0 + 0 + 0 + 0 + 0 = 8553.10
/// - HAC 0; islet 0; TOTAL 8553.10
#[test]
fn dsh_capped_small_urban_hospital() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "80", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "supplementalSecurityIncomeRatio": "0.20", "medicaidRatio": "0.30"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8553.10"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "231.93"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Rural Ohio (CBSA 36) rural referral center (type 07), 200 beds: DSH p = 0.45 -> 0.2634 uncapped; rural so no capital DSH.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 36: 0.8767
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8767 + 2565.99 x 1) x 1.2838 -> 9dp = 8006.290004185
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0.15 + 0.30 = 0.4500; factor 0.2634
/// - GAF = 0.8767^0.6848 -> 4dp = 0.9138; capFedRate = 524.15 x 0.9138 -> 2dp = 478.97; capCOLA 1.000
/// - capFspPart = 1.2838 x 478.97 x 1.000 -> 9dp = 614.901686000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 8006.29; PPS_DSH = 8006.29 x 0.2634 x 0.25 -> 527.21; PPS_IME = 8006.29 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 8533.50
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 34545.195315727; capDollarThr 2734.428041710
/// -   opCostOutlier 43078.699516688 vs opBill 5000.000000000; capCostOutlier 3349.329727710 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 614.90 + IME 0.00 + DSH 0.00 + outlier 0.00 = 614.90
/// - quality base 8006.29; HRR 0; VBP 0
/// - preHAC = 0 + 8006.29 + 0.00 + 527.21 + 0.00 + 614.90 + 0 + 0 + 0 + 0 + 0 = 9148.40
/// - HAC 0; islet 0; TOTAL 9148.40
#[test]
fn dsh_rural_referral_center_uncapped() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "07", "stateCode": "36", "cbsaActualGeographicLocation": "36", "bedSize": "200", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "supplementalSecurityIncomeRatio": "0.15", "medicaidRatio": "0.30"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "9148.40"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "8006.29"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "527.21"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "614.90"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "614.90"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8767"),
            ("operating_federal_part", "8006.290004185"),
            ("capital_federal_part", "614.901686000"),
        ],
    );
}

/// DSH hospital with per-claim uncompensated care payment 1,200.50 added to the operating payment.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0.10 + 0.20 = 0.3000; factor 0.1397
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0626
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0.1397 x 0.25 -> 270.01; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 1200.50; baseDrgPayment 9201.61
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 42559.432586610 vs opBill 5000.000000000; capCostOutlier 3251.021138578 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 36.94 + outlier 0.00 = 627.01
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 270.01 + 0.00 + 627.01 + 1200.50 + 0 + 0 + 0 + 0 = 9828.62
/// - HAC 0; islet 0; TOTAL 9828.62
#[test]
fn uncompensated_care_payment_added() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "supplementalSecurityIncomeRatio": "0.10", "medicaidRatio": "0.20", "uncompensatedCareAmount": "1200.50"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "9828.62"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "270.01"),
            ("uncompensated_care_payment", "1200.50"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "36.94"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "627.01"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Capital cost-to-charge ratio far above operating (0.02 / 0.30): only the capital part is above its threshold; the pricer then shows an operating outlier of 0.01 (PAYMENT.md section 10 quirk).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.062500000, capShare 0.937500000; opDollarThr 2251.653035625; capDollarThr 33210.121218750
/// -   opCostOutlier 9982.754162703 vs opBill 3000.000000000; capCostOutlier 33800.194212750 vs capBill 45000.000000000; pct 0.80
/// -   opOut 0; capOut 8959.844629800
/// -   quirk: PPS_OUTLIER := 0.01
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 8959.84 = 9549.91
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.01 + 9549.91 + 0 + 0 + 0 + 0 + 0 = 17281.02
/// - HAC 0; islet 0; TOTAL 17281.02
#[test]
fn capital_only_outlier_shows_operating_cent() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.020", "capitalCostToChargeRatio": "0.300", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "150000"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "17281.02"),
            ("pricer_return_code", "16"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.01"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "8959.84"),
            ("capital_total_payment", "9549.91"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Burn DRG 927 cost outlier at the 90 % marginal rate.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 927: weight 21.3505, GMLOS 24.0, post-acute False, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 21.3505 -> 9dp = 128573.667715905
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 21.3505 x 459.63 x 1.000 -> 9dp = 9813.330315000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 31, GMLOS 24.0)
/// - PPS_FSP 128573.67; PPS_DSH = 128573.67 x 0 x 0.25 -> 0.00; PPS_IME = 128573.67 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 128573.67
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 161931.490468574 vs opBill 225000.000000000; capCostOutlier 12437.339890154 vs capBill 18000.000000000; pct 0.90
/// -   opOut 56761.658578283; capOut 5006.394098861
/// - capital: capFSP 9813.33 + IME 0.00 + DSH 0.00 + outlier 5006.39 = 14819.72
/// - quality base 128573.67; HRR 0; VBP 0
/// - preHAC = 0 + 128573.67 + 0.00 + 0.00 + 56761.66 + 14819.72 + 0 + 0 + 0 + 0 + 0 = 200155.05
/// - HAC 0; islet 0; TOTAL 200155.05
#[test]
fn burn_drg_outlier_pays_90_percent() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 30, "total_charges": "900000"}"#,
    );
    let result = price_ok(&claim, 927, &provider);
    expect(
        &result,
        &[
            ("total_payment", "200155.05"),
            ("pricer_return_code", "16"),
            ("operating_federal_payment", "128573.67"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "56761.66"),
            ("capital_federal_payment", "9813.33"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "5006.39"),
            ("capital_total_payment", "14819.72"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "128573.667715905"),
            ("capital_federal_part", "9813.330315000"),
        ],
    );
}

/// Acute transfer (discharge status 02 -> review 03), LOS 1: perDiemDays 2 < GMLOS 3.8, transfer fraction 2 / 3.8 = 0.5263 (4 dp); RTC 03.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 03 (discharge status 02)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - transfer (acute): perDiemDays 2 < GMLOS 3.8; fraction 0.5263; fspPart -> 4068.878523181; capFspPart -> 310.555416742; drgWtFraction 0.6757
/// - PPS_FSP 4068.88; PPS_DSH = 4068.88 x 0 x 0.25 -> 0.00; PPS_IME = 4068.88 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 4068.88
/// - outlier: FLT 21260.94; opShare 0.925925926, capShare 0.074074074; opDollarThr 17556.221206404; capDollarThr 1381.016167952
/// -   opCostOutlier 21625.099729585 vs opBill 2250.000000000; capCostOutlier 1691.571584694 vs capBill 180.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 310.56 + IME 0.00 + DSH 0.00 + outlier 0.00 = 310.56
/// - quality base 4068.88; HRR 0; VBP 0
/// - preHAC = 0 + 4068.88 + 0.00 + 0.00 + 0.00 + 310.56 + 0 + 0 + 0 + 0 + 0 = 4379.44
/// - HAC 0; islet 0; TOTAL 4379.44
#[test]
fn acute_transfer_per_diem() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 1, "total_charges": "9000", "discharge_status": "02"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "4379.44"),
            ("pricer_return_code", "03"),
            ("operating_federal_payment", "4068.88"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "310.56"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "310.56"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "21260.94"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "4068.878523181"),
            ("capital_federal_part", "310.555416742"),
        ],
    );
}

/// Acute transfer with charges far above the transfer-reduced threshold: RTC 05.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 03 (discharge status 02)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - transfer (acute): perDiemDays 2 < GMLOS 3.8; fraction 0.5263; fspPart -> 4068.878523181; capFspPart -> 310.555416742; drgWtFraction 0.6757
/// - PPS_FSP 4068.88; PPS_DSH = 4068.88 x 0 x 0.25 -> 0.00; PPS_IME = 4068.88 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 4068.88
/// - outlier: FLT 21260.94; opShare 0.925925926, capShare 0.074074074; opDollarThr 17556.221206404; capDollarThr 1381.016167952
/// -   opCostOutlier 21625.099729585 vs opBill 37500.000000000; capCostOutlier 1691.571584694 vs capBill 3000.000000000; pct 0.80
/// -   opOut 12699.920216332; capOut 1046.742732245
/// - capital: capFSP 310.56 + IME 0.00 + DSH 0.00 + outlier 1046.74 = 1357.30
/// - quality base 4068.88; HRR 0; VBP 0
/// - preHAC = 0 + 4068.88 + 0.00 + 0.00 + 12699.92 + 1357.30 + 0 + 0 + 0 + 0 + 0 = 18126.10
/// - HAC 0; islet 0; TOTAL 18126.10
#[test]
fn acute_transfer_with_outlier() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 1, "total_charges": "150000", "discharge_status": "02"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "18126.10"),
            ("pricer_return_code", "05"),
            ("operating_federal_payment", "4068.88"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "12699.92"),
            ("capital_federal_payment", "310.56"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "1046.74"),
            ("capital_total_payment", "1357.30"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "21260.94"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "4068.878523181"),
            ("capital_federal_part", "310.555416742"),
        ],
    );
}

/// Acute transfer with LOS 4: perDiemDays 5 >= GMLOS 3.8, paid as a full DRG; RTC 14.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 03 (discharge status 02)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 2250.000000000; capCostOutlier 3214.082569154 vs capBill 180.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 0 + 0 + 0 + 0 = 8321.17
/// - HAC 0; islet 0; TOTAL 8321.17
#[test]
fn acute_transfer_at_gmlos_paid_in_full() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "9000", "discharge_status": "02"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8321.17"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Post-acute transfer to SNF (status 03 -> review 09) on post-acute DRG 291 (not special-pay), LOS 1: per diem 2 / 3.8; RTC 12.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 09 (discharge status 03)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - transfer (post): perDiemDays 2 < GMLOS 3.8; fraction 0.5263; fspPart -> 4068.878523181; capFspPart -> 310.555416742; drgWtFraction 0.6757
/// - PPS_FSP 4068.88; PPS_DSH = 4068.88 x 0 x 0.25 -> 0.00; PPS_IME = 4068.88 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 4068.88
/// - outlier: FLT 21260.94; opShare 0.925925926, capShare 0.074074074; opDollarThr 17556.221206404; capDollarThr 1381.016167952
/// -   opCostOutlier 21625.099729585 vs opBill 2250.000000000; capCostOutlier 1691.571584694 vs capBill 180.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 310.56 + IME 0.00 + DSH 0.00 + outlier 0.00 = 310.56
/// - quality base 4068.88; HRR 0; VBP 0
/// - preHAC = 0 + 4068.88 + 0.00 + 0.00 + 0.00 + 310.56 + 0 + 0 + 0 + 0 + 0 = 4379.44
/// - HAC 0; islet 0; TOTAL 4379.44
#[test]
fn post_acute_transfer_per_diem() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 1, "total_charges": "9000", "discharge_status": "03"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "4379.44"),
            ("pricer_return_code", "12"),
            ("operating_federal_payment", "4068.88"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "310.56"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "310.56"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "21260.94"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "4068.878523181"),
            ("capital_federal_part", "310.555416742"),
        ],
    );
}

/// Post-acute transfer to an IRF (status 62) on special-pay DRG 023 (GMLOS 7.1), LOS 2: perDiemDays 3; dischargeFraction = 0.5 + (0.5 x 3 / 7.1 -> 0.2113) = 0.7113; RTC 10.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 023: weight 5.7303, GMLOS 7.1, post-acute True, special-pay True
/// - review code 09 (discharge status 62)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 5.7303 -> 9dp = 34508.123374743
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 5.7303 x 459.63 x 1.000 -> 9dp = 2633.817789000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - transfer (special): perDiemDays 3 < GMLOS 7.1; fraction 0.7113; fspPart -> 24545.628156455; capFspPart -> 1873.434593316; drgWtFraction 4.0757
/// - PPS_FSP 24545.63; PPS_DSH = 24545.63 x 0 x 0.25 -> 0.00; PPS_IME = 24545.63 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 24545.63
/// - outlier: FLT 28734.39; opShare 0.925925926, capShare 0.074074074; opDollarThr 23727.422544398; capDollarThr 1866.458264134
/// -   opCostOutlier 48273.050700853 vs opBill 10000.000000000; capCostOutlier 3739.892857450 vs capBill 800.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 1873.43 + IME 0.00 + DSH 0.00 + outlier 0.00 = 1873.43
/// - quality base 24545.63; HRR 0; VBP 0
/// - preHAC = 0 + 24545.63 + 0.00 + 0.00 + 0.00 + 1873.43 + 0 + 0 + 0 + 0 + 0 = 26419.06
/// - HAC 0; islet 0; TOTAL 26419.06
#[test]
fn post_acute_transfer_special_pay_50_50() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 2, "total_charges": "40000", "discharge_status": "62"}"#,
    );
    let result = price_ok(&claim, 23, &provider);
    expect(
        &result,
        &[
            ("total_payment", "26419.06"),
            ("pricer_return_code", "10"),
            ("operating_federal_payment", "24545.63"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "1873.43"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "1873.43"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "28734.39"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "24545.628156455"),
            ("capital_federal_part", "1873.434593316"),
        ],
    );
}

/// Post-acute status 03 on DRG 052 (no post-acute flag): paid as a full DRG even though perDiemDays 2 < GMLOS 4.1.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 052: weight 1.8113, GMLOS 4.1, post-acute False, special-pay False
/// - review code 09 (discharge status 03)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.8113 -> 9dp = 10907.729764353
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.8113 x 459.63 x 1.000 -> 9dp = 832.527819000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 2, GMLOS 4.1)
/// - PPS_FSP 10907.73; PPS_DSH = 10907.73 x 0 x 0.25 -> 0.00; PPS_IME = 10907.73 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 10907.73
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 44265.552517022 vs opBill 2250.000000000; capCostOutlier 3456.537394154 vs capBill 180.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 832.53 + IME 0.00 + DSH 0.00 + outlier 0.00 = 832.53
/// - quality base 10907.73; HRR 0; VBP 0
/// - preHAC = 0 + 10907.73 + 0.00 + 0.00 + 0.00 + 832.53 + 0 + 0 + 0 + 0 + 0 = 11740.26
/// - HAC 0; islet 0; TOTAL 11740.26
#[test]
fn post_acute_status_on_non_post_acute_drg() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 1, "total_charges": "9000", "discharge_status": "03"}"#,
    );
    let result = price_ok(&claim, 52, &provider);
    expect(
        &result,
        &[
            ("total_payment", "11740.26"),
            ("pricer_return_code", "00"),
            ("operating_federal_payment", "10907.73"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "832.53"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "832.53"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "10907.729764353"),
            ("capital_federal_part", "832.527819000"),
        ],
    );
}

/// Condition code 66 (hospital waives outlier) -> review 07: no outlier despite charges far above the threshold.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 07 (discharge status 01, condition code 66)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 100000.000000000; capCostOutlier 3214.082569154 vs capBill 8000.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 0 + 0 + 0 + 0 = 8321.17
/// - HAC 0; islet 0; TOTAL 8321.17
#[test]
fn condition_code_66_waives_outlier() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "400000", "condition_codes": ["66"]}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8321.17"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Explicit review code 06 (transfer per diem, outlier refused), LOS 1: per diem paid, no outlier; RTC 06.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - transfer (acute): perDiemDays 2 < GMLOS 3.8; fraction 0.5263; fspPart -> 4068.878523181; capFspPart -> 310.555416742; drgWtFraction 0.6757
/// - PPS_FSP 4068.88; PPS_DSH = 4068.88 x 0 x 0.25 -> 0.00; PPS_IME = 4068.88 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 4068.88
/// - outlier: FLT 21260.94; opShare 0.925925926, capShare 0.074074074; opDollarThr 17556.221206404; capDollarThr 1381.016167952
/// -   opCostOutlier 21625.099729585 vs opBill 100000.000000000; capCostOutlier 1691.571584694 vs capBill 8000.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 310.56 + IME 0.00 + DSH 0.00 + outlier 0.00 = 310.56
/// - quality base 4068.88; HRR 0; VBP 0
/// - preHAC = 0 + 4068.88 + 0.00 + 0.00 + 0.00 + 310.56 + 0 + 0 + 0 + 0 + 0 = 4379.44
/// - HAC 0; islet 0; TOTAL 4379.44
#[test]
fn review_code_06_transfer_without_outlier() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 1, "total_charges": "400000", "review_code": "06"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "4379.44"),
            ("pricer_return_code", "06"),
            ("operating_federal_payment", "4068.88"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "310.56"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "310.56"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "21260.94"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "4068.878523181"),
            ("capital_federal_part", "310.555416742"),
        ],
    );
}

/// New technology AEROPACE (procedure X2H13XB, maximum 23,650.90, 65 %): add-on = min(23,650.90, 0.65 x (charges x CCR - baseDrgPayment)).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - NTAP AEROPACE: (120000 x 0.250 - 7731.10) x 0.65 = 14474.78500; add-on min(23650.90, x) = 14474.78500; NTAP 14474.79
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 55563.713879747 vs opBill 30000.000000000; capCostOutlier 3214.082569154 vs capBill 2400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 22205.89; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 14474.79 + 0 + 0 + 0 = 22795.96
/// - HAC 0; islet 0; TOTAL 22795.96
#[test]
fn ntap_single_technology() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "120000", "procedure_codes": ["X2H13XB"]}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "22795.96"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "14474.79"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// AEROPACE on the claim but costs (20,000 x 0.25) are below the DRG payment: add-on 0.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - NTAP AEROPACE: (20000 x 0.250 - 7731.10) x 0.65 = -1775.21500; add-on min(23650.90, x) = 0; NTAP 0.00
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 5000.000000000; capCostOutlier 3214.082569154 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 0.00 + 0 + 0 + 0 = 8321.17
/// - HAC 0; islet 0; TOTAL 8321.17
#[test]
fn ntap_costs_below_payment_gives_zero() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000", "procedure_codes": ["X2H13XB"]}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8321.17"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// AVEIR: leg 1 (X2H63V9) and leg 2 (X2HK3V9) both present -> the AVEIRH amount 15,600.00 applies (65 %).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - NTAP AVEIRH: (200000 x 0.250 - 7731.10) x 0.65 = 27474.78500; add-on min(15600.00, x) = 15600.00; NTAP 15600.00
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 56688.923879747 vs opBill 50000.000000000; capCostOutlier 3214.082569154 vs capBill 4000.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 23331.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 15600.00 + 0 + 0 + 0 = 23921.17
/// - HAC 0; islet 0; TOTAL 23921.17
/// - reconciliation pass (op CCR 0.450) has an outlier: RTC 44
#[test]
fn ntap_aveir_two_leg_rule_high_amount() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "200000", "procedure_codes": ["X2H63V9", "X2HK3V9"]}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "23921.17"),
            ("pricer_return_code", "44"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "15600.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// AVEIR leg 1 only -> AVEIRL amount 10,725.00.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - NTAP AVEIRL: (200000 x 0.250 - 7731.10) x 0.65 = 27474.78500; add-on min(10725.00, x) = 10725.00; NTAP 10725.00
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 51813.923879747 vs opBill 50000.000000000; capCostOutlier 3214.082569154 vs capBill 4000.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 18456.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 10725.00 + 0 + 0 + 0 = 19046.17
/// - HAC 0; islet 0; TOTAL 19046.17
/// - reconciliation pass (op CCR 0.450) has an outlier: RTC 44
#[test]
fn ntap_aveir_one_leg_low_amount() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "200000", "procedure_codes": ["X2H63V9"]}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "19046.17"),
            ("pricer_return_code", "44"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "10725.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Sole community hospital (type 16), rural Ohio, hospital-specific rate 12,000.00 above the federal amount: the excess is paid as PPS_HSP; HRR/VBP stay on the operating base DRG payment (CMS pricer PPCAL 6000, confirmed on the FY2021 reference).
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 36: 0.8767
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8767 + 2565.99 x 1) x 1.2838 -> 9dp = 8006.290004185
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8767^0.6848 -> 4dp = 0.9138; capFedRate = 524.15 x 0.9138 -> 2dp = 478.97; capCOLA 1.000
/// - capFspPart = 1.2838 x 478.97 x 1.000 -> 9dp = 614.901686000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 8006.29; PPS_DSH = 8006.29 x 0 x 0.25 -> 0.00; PPS_IME = 8006.29 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 8006.29
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 34545.195315727; capDollarThr 2734.428041710
/// -   opCostOutlier 42551.485319912 vs opBill 5000.000000000; capCostOutlier 3349.329727710 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 614.90 + IME 0.00 + DSH 0.00 + outlier 0.00 = 614.90
/// - HSP: update 1.02600 x priors x BN -> 5dp = 1.21409; hspRate = 12000.00 x (1.21409 x 1.2838) -> 18703.784904000
/// -   fspRate 8006.290004185; hspPart = max(0, 18703.784904000 - (8006.290004185 + 0)) -> PPS_HSP 10697.49
/// - quality base = operBaseDrgPay = 8006.29 (fspPart + NTAP 0); HRR = 0.99 x 8006.29 - 8006.29 -> -80.06; VBP 0
/// - preHAC = 10697.49 + 8006.29 + 0.00 + 0.00 + 0.00 + 614.90 + 0 + 0 + 0 + -80.06 + 0 = 19238.62
/// - HAC 0; islet 0; TOTAL 19238.62
#[test]
fn sole_community_hospital_paid_hospital_specific_rate() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "16", "stateCode": "36", "cbsaActualGeographicLocation": "36", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "1", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "ppsFacilitySpecificRate": "12000.00", "hrrAdjustment": "0.9900"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "19238.62"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "8006.29"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "10697.49"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "614.90"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "614.90"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "-80.06"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8767"),
            ("operating_federal_part", "8006.290004185"),
            ("capital_federal_part", "614.901686000"),
        ],
    );
}

/// SCH whose hospital-specific rate (3,000.00) is below the federal amount: PPS_HSP 0.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 36: 0.8767
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8767 + 2565.99 x 1) x 1.2838 -> 9dp = 8006.290004185
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8767^0.6848 -> 4dp = 0.9138; capFedRate = 524.15 x 0.9138 -> 2dp = 478.97; capCOLA 1.000
/// - capFspPart = 1.2838 x 478.97 x 1.000 -> 9dp = 614.901686000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 8006.29; PPS_DSH = 8006.29 x 0 x 0.25 -> 0.00; PPS_IME = 8006.29 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 8006.29
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 34545.195315727; capDollarThr 2734.428041710
/// -   opCostOutlier 42551.485319912 vs opBill 5000.000000000; capCostOutlier 3349.329727710 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 614.90 + IME 0.00 + DSH 0.00 + outlier 0.00 = 614.90
/// - HSP: update 1.02600 x priors x BN -> 5dp = 1.21409; hspRate = 3000.00 x (1.21409 x 1.2838) -> 4675.946226000
/// -   fspRate 8006.290004185; hspPart = max(0, 4675.946226000 - (8006.290004185 + 0)) -> PPS_HSP 0.00
/// - quality base 8006.29; HRR 0; VBP 0
/// - preHAC = 0.00 + 8006.29 + 0.00 + 0.00 + 0.00 + 614.90 + 0 + 0 + 0 + 0 + 0 = 8621.19
/// - HAC 0; islet 0; TOTAL 8621.19
#[test]
fn sole_community_hospital_federal_rate_higher() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "16", "stateCode": "36", "cbsaActualGeographicLocation": "36", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "ppsFacilitySpecificRate": "3000.00"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8621.19"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "8006.29"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "614.90"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "614.90"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8767"),
            ("operating_federal_part", "8006.290004185"),
            ("capital_federal_part", "614.901686000"),
        ],
    );
}

/// Medicare-dependent hospital (type 14): 75 % of the hospital-specific excess.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 36: 0.8767
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8767 + 2565.99 x 1) x 1.2838 -> 9dp = 8006.290004185
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8767^0.6848 -> 4dp = 0.9138; capFedRate = 524.15 x 0.9138 -> 2dp = 478.97; capCOLA 1.000
/// - capFspPart = 1.2838 x 478.97 x 1.000 -> 9dp = 614.901686000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 8006.29; PPS_DSH = 8006.29 x 0 x 0.25 -> 0.00; PPS_IME = 8006.29 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 8006.29
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 34545.195315727; capDollarThr 2734.428041710
/// -   opCostOutlier 42551.485319912 vs opBill 5000.000000000; capCostOutlier 3349.329727710 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 614.90 + IME 0.00 + DSH 0.00 + outlier 0.00 = 614.90
/// - HSP: update 1.02600 x priors x BN -> 5dp = 1.21409; hspRate = 12000.00 x (1.21409 x 1.2838) -> 18703.784904000
/// -   fspRate 8006.290004185; hspPart = max(0, 18703.784904000 - (8006.290004185 + 0)) x 0.75 -> PPS_HSP 8023.12
/// - quality base 16029.41; HRR 0; VBP 0
/// - preHAC = 8023.12 + 8006.29 + 0.00 + 0.00 + 0.00 + 614.90 + 0 + 0 + 0 + 0 + 0 = 16644.31
/// - HAC 0; islet 0; TOTAL 16644.31
#[test]
fn medicare_dependent_hospital_75_percent() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "14", "stateCode": "36", "cbsaActualGeographicLocation": "36", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "ppsFacilitySpecificRate": "12000.00"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "16644.31"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "8006.29"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "8023.12"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "614.90"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "614.90"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8767"),
            ("operating_federal_part", "8006.290004185"),
            ("capital_federal_part", "614.901686000"),
        ],
    );
}

/// Readmissions factor 0.9700, VBP factor 1.0200 and HAC 1 % reduction.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 5000.000000000; capCostOutlier 3214.082569154 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR -231.93; VBP 154.62
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 0 + 0 + -231.93 + 154.62 = 8243.86
/// - HAC -82.44; islet 0; TOTAL 8161.42
#[test]
fn hrr_vbp_hac_adjustments() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "1", "vbpParticipantIndicator": "Y", "hacReductionParticipantIndicator": "Y", "capitalPpsPaymentCode": "C", "hrrAdjustment": "0.9700", "vbpAdjustment": "1.02000000000"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8161.42"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "-231.93"),
            ("value_based_purchasing_adjustment", "154.62"),
            ("hac_reduction", "-82.44"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Low-volume hospital (temporary relief Y) with factor 0.250000 on all payment parts.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 5000.000000000; capCostOutlier 3214.082569154 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR 0; VBP 0
/// - low volume 2080.29
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 0 + 2080.29 + 0 + 0 = 10401.46
/// - HAC 0; islet 0; TOTAL 10401.46
#[test]
fn low_volume_adjustment() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "temporaryReliefIndicator": "Y", "lowVolumeAdjustmentFactor": "0.250000"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "10401.46"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "2080.29"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Rural Alabama hospital in county 01019, not reclassified: out-migration 0.1537 is added to the rural WI 0.7393.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 01: 0.7393
/// - out-migration +0.1537 -> WI 0.8930
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8930 + 2565.99 x 1) x 1.2838 -> 9dp = 8093.898963108
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8930^0.6848 -> 4dp = 0.9254; capFedRate = 524.15 x 0.9254 -> 2dp = 485.05; capCOLA 1.000
/// - capFspPart = 1.2838 x 485.05 x 1.000 -> 9dp = 622.707190000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 8093.90; PPS_DSH = 8093.90 x 0 x 0.25 -> 0.00; PPS_IME = 8093.90 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 8093.90
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 34923.206502794; capDollarThr 2769.139537972
/// -   opCostOutlier 43017.105465902 vs opBill 5000.000000000; capCostOutlier 3391.846727972 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 622.71 + IME 0.00 + DSH 0.00 + outlier 0.00 = 622.71
/// - quality base 8093.90; HRR 0; VBP 0
/// - preHAC = 0 + 8093.90 + 0.00 + 0.00 + 0.00 + 622.71 + 0 + 0 + 0 + 0 + 0 = 8716.61
/// - HAC 0; islet 0; TOTAL 8716.61
#[test]
fn outmigration_adjustment() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "01", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "countyCode": "01019"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8716.61"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "8093.90"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "622.71"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "622.71"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8930"),
            ("operating_federal_part", "8093.898963108"),
            ("capital_federal_part", "622.707190000"),
        ],
    );
}

/// Prior-year wage index 0.9000 (supplemental indicator 1): (0.8255 - 0.9) / 0.9 -> -0.0828 < -0.05, so WI = 0.9 x 0.95 = 0.8550.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - 5% cap: ratio (0.8255 - 0.9000) / 0.9000 -> 4dp = -0.0828
/// -   capped WI = 0.9000 x 0.95 = 0.8550
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8550 + 2565.99 x 1) x 1.2838 -> 9dp = 7889.657218380
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8550^0.6848 -> 4dp = 0.8983; capFedRate = 524.15 x 0.8983 -> 2dp = 470.84; capCOLA 1.000
/// - capFspPart = 1.2838 x 470.84 x 1.000 -> 9dp = 604.464392000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7889.66; PPS_DSH = 7889.66 x 0 x 0.25 -> 0.00; PPS_IME = 7889.66 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7889.66
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 34041.953428649; capDollarThr 2688.046301016
/// -   opCostOutlier 41931.610647029 vs opBill 5000.000000000; capCostOutlier 3292.510693016 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 604.46 + IME 0.00 + DSH 0.00 + outlier 0.00 = 604.46
/// - quality base 7889.66; HRR 0; VBP 0
/// - preHAC = 0 + 7889.66 + 0.00 + 0.00 + 0.00 + 604.46 + 0 + 0 + 0 + 0 + 0 = 8494.12
/// - HAC 0; islet 0; TOTAL 8494.12
#[test]
fn wage_index_five_percent_decrease_cap() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C", "supplementalWageIndexIndicator": "1", "supplementalWageIndex": "0.9000"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8494.12"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7889.66"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "604.46"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "604.46"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8550"),
            ("operating_federal_part", "7889.657218380"),
            ("capital_federal_part", "604.464392000"),
        ],
    );
}

/// Indian Health Service hospital (type 08) in Texas: wage index of row 99 (lower-48 Indian) 1.4448.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 11100: 0.8178
/// - rural floor (state 45) raises WI to 0.9721
/// - IHS WI 1.4448
/// - rate table tab1: labor 4456.72, non-labor 2295.89; COLA 1
/// - fspPart = (4456.72 x 1.4448 + 2295.89 x 1) x 1.2838 -> 9dp = 11213.940436093
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 1.4448^0.6848 -> 4dp = 1.2866; capFedRate = 524.15 x 1.2866 -> 2dp = 674.37; capCOLA 1.000
/// - capFspPart = 1.2838 x 674.37 x 1.000 -> 9dp = 865.756206000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 11213.94; PPS_DSH = 11213.94 x 0 x 0.25 -> 0.00; PPS_IME = 11213.94 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 11213.94
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 48385.431944612; capDollarThr 3849.983714669
/// -   opCostOutlier 59599.372380705 vs opBill 5000.000000000; capCostOutlier 4715.739920669 vs capBill 400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 865.76 + IME 0.00 + DSH 0.00 + outlier 0.00 = 865.76
/// - quality base 11213.94; HRR 0; VBP 0
/// - preHAC = 0 + 11213.94 + 0.00 + 0.00 + 0.00 + 865.76 + 0 + 0 + 0 + 0 + 0 = 12079.70
/// - HAC 0; islet 0; TOTAL 12079.70
#[test]
fn indian_health_service_wage_index() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "08", "stateCode": "45", "cbsaActualGeographicLocation": "11100", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "12079.70"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "11213.94"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "865.76"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "865.76"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "1.4448"),
            ("operating_federal_part", "11213.940436093"),
            ("capital_federal_part", "865.756206000"),
        ],
    );
}

/// New hospital (newHospital Y): all capital amounts are 0.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 5000.000000000; capCostOutlier 0 vs capBill 0; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 0 + IME 0 + DSH 0 + outlier 0 = 0
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 0 + 0 + 0 + 0 + 0 + 0 = 7731.10
/// - HAC 0; islet 0; TOTAL 7731.10
#[test]
fn new_hospital_gets_no_capital() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "newHospital": "Y"}"#,
    );
    let claim =
        claim(r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "20000"}"#);
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "7731.10"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "0.00"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "0.00"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}

/// Islet isolation: diagnosis Z006 and two ISLET infusion procedures -> 37,696.00 added after HAC.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 008: weight 5.6046, GMLOS 8.5, post-acute False, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 5.6046 -> 9dp = 33751.152342126
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 5.6046 x 459.63 x 1.000 -> 9dp = 2576.042298000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 11, GMLOS 8.5)
/// - PPS_FSP 33751.15; PPS_DSH = 33751.15 x 0 x 0.25 -> 0.00; PPS_IME = 33751.15 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 33751.15
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 67108.975094795 vs opBill 37500.000000000; capCostOutlier 5200.051873154 vs capBill 3000.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 2576.04 + IME 0.00 + DSH 0.00 + outlier 0.00 = 2576.04
/// - quality base 33751.15; HRR 0; VBP 0
/// - preHAC = 0 + 33751.15 + 0.00 + 0.00 + 0.00 + 2576.04 + 0 + 0 + 0 + 0 + 0 = 36327.19
/// - HAC 0; islet 37696.00; TOTAL 74023.19
#[test]
fn islet_isolation_add_on() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 10, "total_charges": "150000", "procedure_codes": ["3E0J3U1", "3E030U1"], "diagnosis_codes": ["E1010", "Z006"]}"#,
    );
    let result = price_ok(&claim, 8, &provider);
    expect(
        &result,
        &[
            ("total_payment", "74023.19"),
            ("pricer_return_code", "14"),
            ("operating_federal_payment", "33751.15"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "2576.04"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "2576.04"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "37696.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "33751.152342126"),
            ("capital_federal_part", "2576.042298000"),
        ],
    );
}

/// Inlier whose operating CCR + 0.2 (0.450) would make it an outlier: payment from pass 1, RTC 14 + 30 = 44.
///
/// Derivation (PAYMENT.md rules, HALF_UP at each step):
/// - DRG 291: weight 1.2838, GMLOS 3.8, post-acute True, special-pay False
/// - review code 00 (discharge status 01)
/// - WI CBSA 13820: 0.8255
/// - rate table tab3: labor 4186.62, non-labor 2565.99; COLA 1
/// - fspPart = (4186.62 x 0.8255 + 2565.99 x 1) x 1.2838 -> 9dp = 7731.101127078
/// - IME = 1.35 x ((1 + 0)^0.405 - 1) -> 9dp = 0.000000000
/// - DSH: p = 0 + 0 = 0.0000; factor 0
/// - GAF = 0.8255^0.6848 -> 4dp = 0.8769; capFedRate = 524.15 x 0.8769 -> 2dp = 459.63; capCOLA 1.000
/// - capFspPart = 1.2838 x 459.63 x 1.000 -> 9dp = 590.072994000
/// - capIME = 2.7183^(0.2822 x 0) - 1 -> 9dp = 0.000000000; capDSH = 0.0000
/// - no transfer reduction (perDiemDays 5, GMLOS 3.8)
/// - PPS_FSP 7731.10; PPS_DSH = 7731.10 x 0 x 0.25 -> 0.00; PPS_IME = 7731.10 x 0.000000000 -> 0.00; UCP 0; baseDrgPayment 7731.10
/// - outlier: FLT 40397.00; opShare 0.925925926, capShare 0.074074074; opDollarThr 33357.822752669; capDollarThr 2624.009575154
/// -   opCostOutlier 41088.923879747 vs opBill 30000.000000000; capCostOutlier 3214.082569154 vs capBill 2400.000000000; pct 0.80
/// -   opOut 0; capOut 0
/// - capital: capFSP 590.07 + IME 0.00 + DSH 0.00 + outlier 0.00 = 590.07
/// - quality base 7731.10; HRR 0; VBP 0
/// - preHAC = 0 + 7731.10 + 0.00 + 0.00 + 0.00 + 590.07 + 0 + 0 + 0 + 0 + 0 = 8321.17
/// - HAC 0; islet 0; TOTAL 8321.17
/// - reconciliation pass (op CCR 0.450) has an outlier: RTC 44
#[test]
fn outlier_reconciliation_return_code() {
    let provider = provider(
        r#"{"providerCcn": "010001", "providerType": "00", "stateCode": "01", "cbsaActualGeographicLocation": "13820", "bedSize": "150", "operatingCostToChargeRatio": "0.250", "capitalCostToChargeRatio": "0.020", "hospitalQualityIndicator": "1", "hrrParticipantIndicator": "0", "vbpParticipantIndicator": "N", "hacReductionParticipantIndicator": "N", "capitalPpsPaymentCode": "C"}"#,
    );
    let claim = claim(
        r#"{"discharge_date": "2026-03-15", "length_of_stay": 4, "total_charges": "120000"}"#,
    );
    let result = price_ok(&claim, 291, &provider);
    expect(
        &result,
        &[
            ("total_payment", "8321.17"),
            ("pricer_return_code", "44"),
            ("operating_federal_payment", "7731.10"),
            ("operating_ime_payment", "0.00"),
            ("operating_dsh_payment", "0.00"),
            ("uncompensated_care_payment", "0.00"),
            ("hospital_specific_payment", "0.00"),
            ("new_technology_payment", "0.00"),
            ("operating_outlier_payment", "0.00"),
            ("capital_federal_payment", "590.07"),
            ("capital_ime_payment", "0.00"),
            ("capital_dsh_payment", "0.00"),
            ("capital_outlier_payment", "0.00"),
            ("capital_total_payment", "590.07"),
            ("low_volume_payment", "0.00"),
            ("readmissions_adjustment", "0.00"),
            ("value_based_purchasing_adjustment", "0.00"),
            ("hac_reduction", "0.00"),
            ("islet_isolation_payment", "0.00"),
            ("outlier_fixed_loss_threshold", "40397.00"),
            ("wage_index", "0.8255"),
            ("operating_federal_part", "7731.101127078"),
            ("capital_federal_part", "590.072994000"),
        ],
    );
}
