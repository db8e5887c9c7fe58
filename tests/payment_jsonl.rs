//! `drg price` lines through `io::price_line`: priced output, grouping callback, providers by
//! CCN, and per-line errors that keep `id` and `line` and name the field.

use std::path::Path;

use grouper_core::io::GroupedDrg;
use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
use serde_json::{json, Value};

/// Price one line as `drg price` prints it: the output object and whether it was priced.
fn price_line(
    line: &str,
    line_no: usize,
    ctx: &PricingContext,
    group: &dyn Fn(&Value) -> Result<GroupedDrg, String>,
) -> (Value, bool) {
    let json = |v: Result<Value, serde_json::Error>| v.unwrap_or_else(|e| panic!("{e}"));
    match grouper_core::io::price_line(line, line_no, ctx, group) {
        Ok(priced) => (json(serde_json::to_value(&priced)), true),
        Err(error) => (json(serde_json::to_value(&error)), false),
    }
}

fn ctx() -> PricingContext {
    let providers = ProviderFile::load(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/ipsf-sample.csv"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    PricingContext {
        tables: PaymentTableSet::embedded().unwrap_or_else(|e| panic!("{e}")),
        providers: Some(providers),
    }
}

fn no_grouper(_: &Value) -> Result<GroupedDrg, String> {
    Err("grouper not available".to_string())
}

const SEC13_PROVIDER: &str = r#"{"providerType":"00","stateCode":"05","cbsaActualGeographicLocation":"41884","bedSize":250,
 "internsToBedsRatio":"0.12","supplementalSecurityIncomeRatio":"0.08","medicaidRatio":"0.16","operatingCostToChargeRatio":"0.200",
 "capitalCostToChargeRatio":"0.015","capitalIndirectMedicalEducationRatio":"0.06","uncompensatedCareAmount":"650.00",
 "hospitalQualityIndicator":"1","hrrParticipantIndicator":"1","hrrAdjustment":"0.9960","vbpParticipantIndicator":"Y",
 "vbpAdjustment":"1.0040","hacReductionParticipantIndicator":"N","capitalPpsPaymentCode":"C"}"#;

fn line_with(extra: &str) -> String {
    let provider = SEC13_PROVIDER.replace('\n', "");
    format!(
        r#"{{"id":"c1","discharge_date":"2026-03-01","length_of_stay":5,"provider":{provider}{extra}}}"#
    )
}

/// PAYMENT.md section 13 claim with its DRG given: total 24,865.03 (charges 400,000, RTC 16).
#[test]
fn claim_with_drg_is_priced_without_grouping() {
    let line = line_with(r#","drg":291,"total_charges":"400000""#);
    let (out, ok) = price_line(&line, 1, &ctx(), &no_grouper);
    assert!(ok, "{out}");
    assert_eq!(out["id"], json!("c1"));
    assert_eq!(out["total_payment"], json!("24865.03"));
    assert_eq!(out["pricer_return_code"], json!("16"));
    assert_eq!(out["operating_outlier_payment"], json!("8730.65"));
    assert_eq!(out["drg_relative_weight"], json!("1.2838"));
}

#[test]
fn charges_as_number_or_string_give_the_same_cents() {
    let a = price_line(
        &line_with(r#","drg":291,"total_charges":45000.10"#),
        1,
        &ctx(),
        &no_grouper,
    )
    .0;
    let b = price_line(
        &line_with(r#","drg":"291","total_charges":"45000.10""#),
        1,
        &ctx(),
        &no_grouper,
    )
    .0;
    assert_eq!(a["total_payment"], b["total_payment"]);
    assert_eq!(a["total_payment"], json!("15388.96"));
}

#[test]
fn claim_without_drg_is_grouped_and_grouper_fields_are_merged() {
    let line = format!(
        r#"{{"id":"g1","version":431,"age":70,"sex":0,"discharge_status":1,"pdx":{{"code":"I5023","poa":"Y"}},"sdx":[],"procedures":[],"discharge_date":"2026-03-01","length_of_stay":5,"total_charges":45000,"provider":{}}}"#,
        SEC13_PROVIDER.replace('\n', "")
    );
    let grouper = |claim: &Value| -> Result<GroupedDrg, String> {
        assert_eq!(claim["pdx"]["code"], json!("I5023"));
        let mut fields = serde_json::Map::new();
        fields.insert("final_drg".to_string(), json!(291));
        fields.insert("return_code".to_string(), json!("OK"));
        Ok(GroupedDrg {
            final_drg: 291,
            fields,
            warnings: Vec::new(),
        })
    };
    let (out, ok) = price_line(&line, 7, &ctx(), &grouper);
    assert!(ok, "{out}");
    assert_eq!(out["return_code"], json!("OK"));
    assert_eq!(out["final_drg"], json!(291));
    assert_eq!(out["pricer_return_code"], json!("14"));
    assert_eq!(out["total_payment"], json!("15388.96"));
}

#[test]
fn grouper_codes_feed_new_technology_add_ons() {
    let line = r#"{"id":"n1","drg":291,"pdx":{"code":"I50.23"},"procedures":[{"code":"x2h13xb"}],"discharge_date":"2026-03-15","length_of_stay":4,"total_charges":"120000","provider":{"providerType":"00","stateCode":"01","cbsaActualGeographicLocation":"13820","bedSize":150,"operatingCostToChargeRatio":"0.250","capitalCostToChargeRatio":"0.020","hospitalQualityIndicator":"1","hrrParticipantIndicator":"0","vbpParticipantIndicator":"N","capitalPpsPaymentCode":"C"}}"#;
    let (out, ok) = price_line(line, 1, &ctx(), &no_grouper);
    assert!(ok, "{out}");
    assert_eq!(out["new_technologies"], json!(["AEROPACE"]));
    assert_eq!(out["new_technology_payment"], json!("14474.79"));
}

#[test]
fn ccn_is_resolved_through_the_providers_file() {
    let line = r#"{"id":"p1","ccn":"990001","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"45000"}"#;
    let (out, ok) = price_line(line, 1, &ctx(), &no_grouper);
    assert!(ok, "{out}");
    assert_eq!(out["total_payment"], json!("15663.35"));
}

#[test]
fn bad_lines_give_specific_errors_with_id_and_line() {
    let c = ctx();
    let cases: Vec<(String, Option<&str>, &str, Option<&str>)> = vec![
        ("{not json".to_string(), None, "invalid JSON", None),
        ("[1,2]".to_string(), None, "JSON object", None),
        (r#"{"id":"e1","drg":291,"length_of_stay":5,"total_charges":"1","ccn":"990001"}"#.to_string(), Some("e1"), "discharge_date", None),
        (r#"{"id":"e2","drg":291,"discharge_date":"2026-02-30","length_of_stay":5,"total_charges":"1","ccn":"990001"}"#.to_string(), Some("e2"), "invalid date", None),
        (r#"{"id":"e3","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"abc","ccn":"990001"}"#.to_string(), Some("e3"), "not a decimal", None),
        (r#"{"id":"e6","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"5"}"#.to_string(), Some("e6"), "no provider", Some("51")),
        (r#"{"id":"e7","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"5","ccn":"123"}"#.to_string(), Some("e7"), "CCN 123", Some("51")),
        (r#"{"id":"e9","drg":291,"discharge_date":"2027-10-10","length_of_stay":5,"total_charges":"5","ccn":"990001"}"#.to_string(), Some("e9"), "FY2028", Some("55")),
        (r#"{"id":"e10","discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"5","ccn":"990001"}"#.to_string(), Some("e10"), "grouping failed", None),
        (r#"{"id":"e11","drg":"abc","discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"5","ccn":"990001"}"#.to_string(), Some("e11"), "not an MS-DRG", None),
        (r#"{"id":"e12","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"5","provider":{"bedSize":"x"}}"#.to_string(), Some("e12"), "`provider.bedSize`", None),
    ];
    for (i, (line, id, needle, rtc)) in cases.into_iter().enumerate() {
        let (out, ok) = price_line(&line, i + 1, &c, &no_grouper);
        assert!(!ok, "{line} -> {out}");
        assert_eq!(out["line"], json!(i + 1), "{out}");
        assert_eq!(out.get("id").and_then(|v| v.as_str()), id, "{out}");
        let err = out["error"].as_str().unwrap_or_default();
        assert!(err.contains(needle), "{line}: {err}");
        if let Some(rtc) = rtc {
            assert_eq!(out["pricer_return_code"], json!(rtc), "{out}");
        }
        // The field at fault is named where the pricer knows it.
        let field = match needle {
            "no provider" => Some("provider"),
            "`provider.bedSize`" => Some("provider.bedSize"),
            "not an MS-DRG" => Some("drg"),
            _ => None,
        };
        if let Some(field) = field {
            assert_eq!(out["field"], json!(field), "{out}");
        }
    }
}

/// Claims the CMS pricer refuses by its rules are results, not failed lines: total 0.00, the
/// return code and its meaning, and the specific reason naming the field.
#[test]
fn refused_claims_are_results_with_the_return_code_and_its_meaning() {
    let c = ctx();
    let cases = [
        (
            r#"{"id":"e4","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"-5","ccn":"990001"}"#,
            "58",
            Some("total_charges"),
        ),
        (
            r#"{"id":"e5","drg":291,"discharge_date":"2026-01-10","length_of_stay":-2,"total_charges":"5","ccn":"990001"}"#,
            "56",
            Some("length_of_stay"),
        ),
        (
            r#"{"id":"e8","drg":15,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"5","ccn":"990001"}"#,
            "54",
            None,
        ),
    ];
    for (line, rtc, field) in cases {
        let (out, ok) = price_line(line, 1, &c, &no_grouper);
        assert!(ok, "a refusal is a result: {out}");
        assert!(out.get("error").is_none(), "{out}");
        assert_eq!(
            out["line"],
            json!(1),
            "every record carries its line: {out}"
        );
        assert_eq!(out["total_payment"], json!("0.00"), "{out}");
        assert_eq!(out["pricer_return_code"], json!(rtc), "{out}");
        assert!(
            out["pricer_return_text"]
                .as_str()
                .is_some_and(|t| t.starts_with("not paid")),
            "{out}"
        );
        assert!(
            out["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{out}"
        );
        assert_eq!(out.get("field").and_then(|f| f.as_str()), field, "{out}");
    }
}

#[test]
fn paid_claims_carry_the_return_code_meaning() {
    let line = line_with(r#","drg":291,"total_charges":"400000""#);
    let (out, ok) = price_line(&line, 1, &ctx(), &no_grouper);
    assert!(ok, "{out}");
    assert_eq!(out["pricer_return_code"], json!("16"));
    assert_eq!(
        out["pricer_return_text"],
        json!("cost outlier, stay at or beyond the GMLOS")
    );
}

#[test]
fn ccn_without_a_providers_file() {
    let c = PricingContext {
        tables: PaymentTableSet::embedded().unwrap_or_default(),
        providers: None,
    };
    let line = r#"{"id":"x","ccn":"990001","drg":291,"discharge_date":"2026-01-10","length_of_stay":5,"total_charges":"45000"}"#;
    let (out, ok) = price_line(line, 3, &c, &no_grouper);
    assert!(!ok);
    assert!(
        out["error"]
            .as_str()
            .unwrap_or_default()
            .contains("--providers"),
        "{out}"
    );
}

#[test]
fn version_not_in_force_on_the_discharge_date_is_an_error() {
    // Issue 9: an explicit `version` silently overrode `discharge_date`.
    let grouper = grouper_core::Grouper::embedded().unwrap_or_else(|e| panic!("{e}"));
    let group = |claim: &Value| grouper_core::io::group_for_pricing(&grouper, claim);
    let line = format!(
        r#"{{"id":"v1","version":431,"sex":0,"discharge_status":1,"pdx":{{"code":"I5023","poa":"Y"}},"discharge_date":"2026-11-02","length_of_stay":5,"total_charges":"45000","provider":{}}}"#,
        SEC13_PROVIDER.replace('\n', "")
    );
    let (out, ok) = price_line(&line, 1, &ctx(), &group);
    assert!(!ok, "{out}");
    let err = out["error"].as_str().unwrap_or_default();
    assert!(err.contains("431") && err.contains("440"), "{err}");
}

#[test]
fn unreadable_discharge_status_is_refused_naming_the_field() {
    // Issue 9: 999999, -1 or a long string chose review code 00 without a word.
    for status in ["999999", "-1", "x1"] {
        let line = line_with(&format!(
            r#","drg":291,"total_charges":"45000","discharge_status":"{status}""#
        ));
        let (out, ok) = price_line(&line, 1, &ctx(), &no_grouper);
        assert!(ok, "a refusal is a result: {out}");
        assert_eq!(out["pricer_return_code"], json!("57"), "{out}");
        assert_eq!(out["field"], json!("discharge_status"), "{out}");
    }
}
