//! Provider records: the IPSF CSV export (68 columns), CSV with the CMS pricer JSON names,
//! JSON Lines, and the record in effect on the discharge date.

use std::path::Path;

use grouper_core::payment::{price, PaymentTableSet, PricingClaim, PricingError, ProviderFile};
use grouper_core::Date;

fn date(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn ipsf() -> ProviderFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/ipsf-sample.csv");
    ProviderFile::load(path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn ipsf_export_picks_the_record_in_effect() {
    let file = ipsf();
    assert_eq!(file.len(), 2);
    let fy26 = file
        .lookup("990001", date("2026-01-10"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fy26.effective_date, Some(date("2025-10-01")));
    assert_eq!(
        fy26.operating_cost_to_charge_ratio
            .map(|d| d.to_string())
            .as_deref(),
        Some("0.200")
    );
    assert_eq!(
        fy26.cbsa_actual_geographic_location.as_deref(),
        Some("41940")
    );
    assert_eq!(fy26.vbp_participant_indicator.as_deref(), Some("Y"));
    assert_eq!(
        fy26.vbp_adjustment.map(|d| d.to_string()).as_deref(),
        Some("1.00400000000")
    );
    assert_eq!(fy26.county_code.as_deref(), Some("06085"));
    let fy25 = file
        .lookup("990001", date("2025-09-30"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fy25.effective_date, Some(date("2024-10-01")));
    assert_eq!(fy25.bed_size.map(|d| d.to_string()).as_deref(), Some("240"));
    let sch = file
        .lookup("990002", date("2026-01-10"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sch.provider_type.as_deref(), Some("16"));
    assert_eq!(
        sch.cost_of_living_adjustment
            .map(|d| d.to_string())
            .as_deref(),
        Some("1.250")
    );
}

#[test]
fn missing_ccn_and_no_record_in_effect_are_specific_errors() {
    let file = ipsf();
    let e = file
        .lookup("123456", date("2026-01-10"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("CCN 123456 is not in") && e.contains("ipsf-sample.csv"),
        "{e}"
    );
    let e = file.lookup("990001", date("2024-09-30")).err();
    assert!(
        matches!(e, Some(PricingError::MissingProvider(ref m)) if m.contains("effective on or before 2024-09-30")),
        "{e:?}"
    );
    assert_eq!(e.map(|e| e.return_code().as_str()), Some("51"));
}

/// 990001 (FY2026 record): San Jose CBSA 41940 (WI 1.7328; CA rural 1.4315 lower), state 05,
/// 250 beds, IRB 0.12, SSI 0.08 + Medicaid 0.16, op CCR 0.200, cap CCR 0.015, cap IME 0.06,
/// UCP 650.00, HRR 0.9960, VBP 1.004; DRG 291 (1.2838, GMLOS 3.8), LOS 5, charges 45,000:
/// - fspPart = (4456.72 x 1.7328 + 2295.89 x 1) x 1.2838 -> 9 dp = 12861.743131261; PPS_FSP 12861.74
/// - IME 0.063406446 -> 815.52; DSH p 0.2400 -> 0.0902 -> 12861.74 x 0.0902 x 0.25 = 290.03
/// - GAF 1.7328^0.6848 -> 1.4571; capFedRate 763.74; capFspPart 980.489412000; capital
///   980.49 + 16.74 + 48.83 = 1046.06
/// - no outlier (opBill 9,000 < 70,370.71); HRR -51.45, VBP +51.45
/// - total = 12861.74 + 815.52 + 290.03 + 1046.06 + 650.00 - 51.45 + 51.45 = 15663.35
#[test]
fn ipsf_record_prices_like_the_inline_object() {
    let file = ipsf();
    let tables = PaymentTableSet::embedded().unwrap_or_default();
    let claim = PricingClaim::new(date("2026-01-10"), 5, 45000.into());
    let from_file = file
        .lookup("990001", claim.discharge_date)
        .unwrap_or_else(|e| panic!("{e}"));
    let inline: grouper_core::payment::Provider = serde_json::from_str(
        r#"{"providerCcn":"990001","effectiveDate":"2025-10-01","providerType":"00","stateCode":"05",
            "cbsaActualGeographicLocation":"41940","bedSize":250,"internsToBedsRatio":0.12,
            "supplementalSecurityIncomeRatio":"0.0800","medicaidRatio":"0.1600","operatingCostToChargeRatio":"0.200",
            "capitalCostToChargeRatio":0.015,"capitalIndirectMedicalEducationRatio":"0.0600","uncompensatedCareAmount":"650.00",
            "hospitalQualityIndicator":1,"hrrParticipantIndicator":"1","hrrAdjustment":"0.9960","vbpParticipantIndicator":"Y",
            "vbpAdjustment":"1.004","hacReductionParticipantIndicator":"N","capitalPpsPaymentCode":"C","countyCode":"06085"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let a = price(&claim, 291, from_file, &tables).unwrap_or_else(|e| panic!("{e}"));
    let b = price(&claim, 291, &inline, &tables).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.total_payment, b.total_payment);
    assert_eq!(a.wage_index.to_string(), "1.7328");
    assert_eq!(a.operating_federal_part.to_string(), "12861.743131261");
    assert_eq!(a.total_payment.to_string(), "15663.35");
}

/// The synthetic Alaska SCH 990002 has blank HRR and VBP indicators: PAYMENT.md section 11 makes
/// that RTC 65 (HRR is checked first), and the error names the field.
#[test]
fn ipsf_sch_with_blank_hrr_indicator_is_rtc_65() {
    let file = ipsf();
    let tables = PaymentTableSet::embedded().unwrap_or_default();
    let claim = PricingClaim::new(date("2026-01-10"), 5, 45000.into());
    let p = file
        .lookup("990002", claim.discharge_date)
        .unwrap_or_else(|e| panic!("{e}"));
    let e = price(&claim, 291, p, &tables).err();
    assert_eq!(e.as_ref().map(|e| e.return_code().as_str()), Some("65"));
    assert!(e
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("hrrParticipantIndicator"));
}

#[test]
fn csv_with_pricer_field_names_and_json_lines() {
    let csv = "providerCcn,effectiveDate,providerType,stateCode,cbsaActualGeographicLocation,operatingCostToChargeRatio\n\
               010001,20251001,00,01,13820,0.250\n010001,20241001,00,01,13820,0.300\n";
    let file = ProviderFile::parse("providers.csv", csv).unwrap_or_else(|e| panic!("{e}"));
    let p = file
        .lookup("010001", date("2026-02-01"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        p.operating_cost_to_charge_ratio
            .map(|d| d.to_string())
            .as_deref(),
        Some("0.250")
    );

    let jsonl = "{\"providerCcn\":\"010001\",\"effectiveDate\":\"2025-10-01\",\"bedSize\":150}\n\n\
                 {\"providerCcn\":\"010002\",\"effectiveDate\":\"2025-10-01\",\"bedSize\":\"40\"}\n";
    let file = ProviderFile::parse("providers.jsonl", jsonl).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.len(), 2);
}

#[test]
fn malformed_provider_files_name_line_and_column() {
    let csv = "providerCcn,effectiveDate,bedSize\n010001,20251001,12x\n";
    let e = ProviderFile::parse("p.csv", csv)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.starts_with("p.csv:2:17: bedSize:"), "{e}");
    let csv = "providerCcn,effectiveDate\n010001,2025-02-30\n";
    let e = ProviderFile::parse("p.csv", csv)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.starts_with("p.csv:2:8: effectiveDate:"), "{e}");
    let csv = "providerCcn,bedSize\n010001,100\n";
    let e = ProviderFile::parse("p.csv", csv)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        e,
        "p.csv:2:1: effectiveDate is required in a providers file"
    );
    let jsonl = "{\"providerCcn\":\"1\",\"effectiveDate\":\"2025-10-01\"}\n{\"providerCcn\": \"2\", \"bedSize\": [1]}\n";
    let e = ProviderFile::parse("p.jsonl", jsonl)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.starts_with("p.jsonl:2:"), "{e}");
    let ipsf = "provider_ccn,effective_date\n1,2025-10-01\n";
    let e = ProviderFile::parse("ipsf.csv", ipsf)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        e,
        "ipsf.csv:1:1: IPSF export header has 2 columns, expected 68"
    );
}

#[test]
fn unknown_csv_column_is_refused_with_its_position() {
    let csv = "providerCcn,effectiveDate,bedsize\n010001,20251001,12\n";
    let e = ProviderFile::parse("p.csv", csv)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.starts_with("p.csv:1:27: unknown column \"bedsize\""),
        "{e}"
    );
}
