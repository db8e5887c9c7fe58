//! What-if: a claim, a list of documentation or coding changes, and the DRG, weight and payment
//! before and after; DRG impact (each secondary diagnosis as principal, the severity code
//! removed, the DRG family's tiers). Every figure comes from regrouping the edited claim with the
//! real engine, never from a shortcut.

use serde::Serialize;
use serde_json::{json, Value};

use super::warning::ReadOptions;
use super::{ErrorKind, ErrorRecord, InputRecord};
use crate::codes::normalize;
use crate::grouping::grouper::Grouper;
use crate::payment::{Decimal, PricingContext};
use crate::tables::TableError;

/// A claim's explanation with its final DRG's weights, as `drg explain` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainRecord {
    /// 1-based input line.
    pub line: usize,
    /// Which grouper version, and why (given on the claim, or in force on its discharge date).
    pub version_reason: String,
    /// Why the claim got its DRG.
    pub explanation: crate::Explanation,
    /// The final DRG's weights for the version's fiscal year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<super::DrgWeights>,
    /// Expected payment, when the claim can be priced.
    #[serde(
        serialize_with = "crate::payment::serialize_opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_payment: Option<Decimal>,
    /// What the reader normalised, defaulted or ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<super::Warning>,
}

fn version_reason(grouper: &Grouper, choice: crate::VersionChoice, version: u16) -> String {
    let row = grouper.versions().iter().find(|v| v.version == version);
    let name = row.map_or_else(
        || version.to_string(),
        |v| format!("{} ({version})", v.name),
    );
    match (choice, row) {
        (crate::VersionChoice::DischargeDate(d), Some(v)) => format!(
            "MS-DRG {name}: in force on the discharge date {d} ({} to {})",
            v.effective_start, v.effective_end
        ),
        _ => format!("MS-DRG {name}: the version the claim gives"),
    }
}

/// Explain one input record.
pub fn explain_record(
    grouper: &Grouper,
    ctx: &PricingContext,
    record: &InputRecord,
) -> Result<ExplainRecord, ErrorRecord> {
    let (parsed, claim, warnings) = super::jsonl::read_claim(record, ReadOptions::default())?;
    let explanation = grouper
        .explain(&claim)
        .map_err(|e| parsed.fail(e, &warnings))?;
    Ok(ExplainRecord {
        line: record.line,
        version_reason: version_reason(grouper, claim.version, explanation.result.version),
        weights: super::jsonl::record_weights(
            grouper,
            &ctx.tables,
            &explanation.result,
            record.line,
        )?,
        total_payment: payment(grouper, ctx, &parsed.value).0,
        explanation,
        warnings,
    })
}

/// A claim given field by field (`drg explain --pdx I5023 --sdx N179:Y --age 72 ...`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFields {
    /// Principal diagnosis, `CODE[:POA]`.
    pub pdx: String,
    /// Secondary diagnoses, `CODE[:POA]` each.
    pub sdx: Vec<String>,
    /// Procedures.
    pub procedures: Vec<String>,
    /// Age in years.
    pub age: Option<i64>,
    /// Sex, `M`/`F`/`U` or 0/1/2.
    pub sex: Option<String>,
    /// Discharge date, `YYYY-MM-DD`.
    pub discharge_date: Option<String>,
    /// Grouper version (instead of a discharge date).
    pub version: Option<u16>,
    /// UB-04 discharge status.
    pub discharge_status: Option<i64>,
    /// Length of stay (for pricing).
    pub length_of_stay: Option<i64>,
    /// Total charges (for pricing).
    pub total_charges: Option<String>,
    /// Provider CCN (for pricing with a providers file).
    pub ccn: Option<String>,
}

impl ClaimFields {
    /// The claim as a JSON line of the claim format.
    pub fn to_json(&self) -> Value {
        let dx = |text: &str| match text.split_once(':') {
            Some((code, poa)) => json!({"code": code, "poa": poa}),
            None => json!({"code": text}),
        };
        let mut claim = json!({
            "id": "claim",
            "pdx": dx(&self.pdx),
            "sdx": self.sdx.iter().map(|d| dx(d)).collect::<Vec<_>>(),
            "procedures": self.procedures.iter().map(|p| json!({"code": p})).collect::<Vec<_>>(),
        });
        let fields = [
            ("age", self.age.map(Value::from)),
            ("sex", self.sex.clone().map(Value::from)),
            (
                "discharge_date",
                self.discharge_date.clone().map(Value::from),
            ),
            ("version", self.version.map(Value::from)),
            ("discharge_status", self.discharge_status.map(Value::from)),
            ("length_of_stay", self.length_of_stay.map(Value::from)),
            ("total_charges", self.total_charges.clone().map(Value::from)),
            ("ccn", self.ccn.clone().map(Value::from)),
        ];
        for (key, value) in fields {
            if let Some(v) = value {
                claim[key] = v;
            }
        }
        claim
    }
}

/// One change to a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimEdit {
    /// Add a secondary diagnosis (at the end), with its POA.
    AddDx {
        /// The code.
        code: String,
        /// Its POA indicator, when given.
        poa: Option<String>,
    },
    /// Remove a secondary diagnosis.
    RemoveDx(String),
    /// Make a code the principal diagnosis. A secondary diagnosis made principal swaps places
    /// with the old principal (which takes its position and keeps its own POA); another code
    /// replaces the principal.
    Pdx(String),
    /// Add a procedure (at the end).
    AddProc(String),
    /// Remove a procedure.
    RemoveProc(String),
    /// Set the POA of a diagnosis on the claim.
    Poa {
        /// The code.
        code: String,
        /// The new POA indicator.
        poa: String,
    },
    /// Set the discharge status.
    DischargeStatus(i64),
    /// Group under another grouper version (the discharge date is dropped).
    Version(u16),
    /// Group for another discharge date (an explicit version is dropped).
    Date(String),
}

impl ClaimEdit {
    /// Read `CODE[:POA]` as an [`ClaimEdit::AddDx`].
    pub fn add_dx(text: &str) -> ClaimEdit {
        let (code, poa) = match text.split_once(':') {
            Some((c, p)) => (c, Some(p.to_string())),
            None => (text, None),
        };
        ClaimEdit::AddDx {
            code: code.to_string(),
            poa,
        }
    }

    /// The edit as the what-if oracle writes it (`{"remove_dx": "Z87891"}`), or as it is
    /// serialised (`{"add_dx": {"code": "N179", "poa": "Y"}}`, `{"poa": {"code": "N179", "poa":
    /// "N"}}`); `"poa": "N179:N"` also sets a POA. `None` when `v` is no edit (one key only).
    pub fn from_json(v: &Value) -> Option<ClaimEdit> {
        let map = v.as_object()?;
        if map.len() != 1 {
            return None;
        }
        let (key, value) = map.iter().next()?;
        let text = value.as_str().map(str::to_string);
        let code_poa = || -> Option<(String, Option<String>)> {
            let code = value.get("code")?.as_str()?.to_string();
            let poa = match value.get("poa") {
                None | Some(Value::Null) => None,
                Some(p) => Some(p.as_str()?.to_string()),
            };
            Some((code, poa))
        };
        Some(match key.as_str() {
            "add_dx" if value.is_object() => {
                let (code, poa) = code_poa()?;
                ClaimEdit::AddDx { code, poa }
            }
            "add_dx" => ClaimEdit::add_dx(&text?),
            "poa" if value.is_object() => {
                let (code, poa) = code_poa()?;
                ClaimEdit::Poa { code, poa: poa? }
            }
            "poa" => {
                let (code, poa) = text?.split_once(':').map(|(c, p)| (c.into(), p.into()))?;
                ClaimEdit::Poa { code, poa }
            }
            "remove_dx" => ClaimEdit::RemoveDx(text?),
            "pdx" => ClaimEdit::Pdx(text?),
            "add_proc" => ClaimEdit::AddProc(text?),
            "remove_proc" => ClaimEdit::RemoveProc(text?),
            "discharge_status" => ClaimEdit::DischargeStatus(value.as_i64()?),
            "version" => ClaimEdit::Version(u16::try_from(value.as_u64()?).ok()?),
            "date" => ClaimEdit::Date(text?),
            _ => return None,
        })
    }
}

/// Why an edit cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The claim is not a JSON object.
    #[error("the claim is not a JSON object")]
    NotAnObject,
    /// The code to remove or change is not on the claim.
    #[error("{what} {} is not on the claim", TableError::excerpt(.code))]
    NotOnClaim {
        /// `secondary diagnosis` or `procedure`.
        what: &'static str,
        /// The code.
        code: String,
    },
}

fn code_of(item: &Value) -> String {
    normalize(
        item.get("code")
            .and_then(Value::as_str)
            .or(item.as_str())
            .unwrap_or(""),
    )
}

fn list<'a>(claim: &'a mut serde_json::Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let entry = claim.entry(key).or_insert_with(|| json!([]));
    if !entry.is_array() {
        *entry = json!([]);
    }
    match entry {
        Value::Array(items) => items,
        _ => unreachable!("made an array above"),
    }
}

fn position(items: &[Value], code: &str) -> Option<usize> {
    let code = normalize(code);
    items.iter().position(|i| code_of(i) == code)
}

/// `claim` (the claim JSON of `drg group`/`drg price`) with `edits` applied in order.
pub fn apply_edits(claim: &Value, edits: &[ClaimEdit]) -> Result<Value, EditError> {
    let mut out = claim.clone();
    let map = out.as_object_mut().ok_or(EditError::NotAnObject)?;
    for edit in edits {
        apply(map, edit)?;
    }
    Ok(out)
}

fn apply(map: &mut serde_json::Map<String, Value>, edit: &ClaimEdit) -> Result<(), EditError> {
    let missing = |what, code: &str| EditError::NotOnClaim {
        what,
        code: code.to_string(),
    };
    match edit {
        ClaimEdit::AddDx { code, poa } => {
            let mut d = json!({ "code": code });
            if let Some(p) = poa {
                d["poa"] = json!(p);
            }
            list(map, "sdx").push(d);
        }
        ClaimEdit::RemoveDx(code) => {
            let sdx = list(map, "sdx");
            let i = position(sdx, code).ok_or_else(|| missing("secondary diagnosis", code))?;
            sdx.remove(i);
        }
        ClaimEdit::Pdx(code) => {
            let old = map.get("pdx").cloned();
            let sdx = list(map, "sdx");
            let promoted = match position(sdx, code) {
                Some(i) => match old {
                    Some(old) if !code_of(&old).is_empty() => std::mem::replace(&mut sdx[i], old),
                    _ => sdx.remove(i),
                },
                None => json!({ "code": code, "poa": "Y" }),
            };
            map.insert("pdx".to_string(), promoted);
        }
        ClaimEdit::AddProc(code) => list(map, "procedures").push(json!({ "code": code })),
        ClaimEdit::RemoveProc(code) => {
            let procs = list(map, "procedures");
            let i = position(procs, code).ok_or_else(|| missing("procedure", code))?;
            procs.remove(i);
        }
        ClaimEdit::Poa { code, poa } => {
            let pdx_matches = map
                .get("pdx")
                .is_some_and(|p| code_of(p) == normalize(code));
            let target = if pdx_matches {
                map.get_mut("pdx")
            } else {
                let sdx = list(map, "sdx");
                let i = position(sdx, code).ok_or_else(|| missing("diagnosis", code))?;
                sdx.get_mut(i)
            };
            if let Some(d) = target {
                if !d.is_object() {
                    *d = json!({ "code": code_of(d) });
                }
                d["poa"] = json!(poa);
            }
        }
        ClaimEdit::DischargeStatus(s) => {
            map.insert("discharge_status".to_string(), json!(s));
        }
        ClaimEdit::Version(v) => {
            map.remove("discharge_date");
            map.insert("version".to_string(), json!(v));
        }
        ClaimEdit::Date(d) => {
            map.remove("version");
            map.insert("discharge_date".to_string(), json!(d));
        }
    }
    Ok(())
}

/// A claim's DRG as the what-if shows it: DRG, MDC, title, relative weight, and the payment when
/// the claim can be priced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Grouper version.
    pub version: u16,
    /// Initial DRG (before HAC processing).
    pub initial_drg: u16,
    /// Final (paid) DRG.
    pub final_drg: u16,
    /// Final MDC.
    pub final_mdc: u8,
    /// Final DRG title.
    pub final_drg_title: Option<String>,
    /// Final severity.
    pub final_severity: crate::Severity,
    /// Grouper return code.
    pub return_code: crate::ReturnCode,
    /// Relative weight of the final DRG for the version's fiscal year.
    #[serde(serialize_with = "crate::payment::serialize_opt_decimal")]
    pub relative_weight: Option<Decimal>,
    /// Why (the explanation's reasons, shortened to the MDC, severity and rule).
    pub severity_reason: String,
    /// The rule that assigned the final DRG.
    pub rule: Option<String>,
    /// Expected payment, when the claim carries what pricing needs (`length_of_stay`,
    /// `total_charges`, `discharge_date` and a `provider` or `ccn`).
    #[serde(
        serialize_with = "crate::payment::serialize_opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_payment: Option<Decimal>,
    /// The pricer's return code, when priced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricer_return_code: Option<crate::payment::PricerReturnCode>,
    /// The full explanation (not printed: what-if reports its differences).
    #[serde(skip)]
    pub explanation: Box<crate::Explanation>,
}

/// The payment of `claim` as `drg price` computes it, when the claim can be priced.
fn payment(
    grouper: &Grouper,
    ctx: &PricingContext,
    claim: &Value,
) -> (Option<Decimal>, Option<crate::payment::PricerReturnCode>) {
    let priceable = ["length_of_stay", "discharge_date"]
        .iter()
        .all(|k| claim.get(k).is_some())
        && (claim.get("provider").is_some() || claim.get("ccn").is_some());
    if !priceable {
        return (None, None);
    }
    let record = InputRecord::new(0, claim.to_string());
    let group = |c: &Value| super::jsonl::group_for_pricing(grouper, c);
    match super::price::price_record(&record, ctx, &group, ReadOptions::default()) {
        Ok(outcome) => {
            let paid = match &outcome {
                super::PriceOutcome::Priced(p) => p.payment.total_payment,
                super::PriceOutcome::Refused(_) => Decimal::ZERO,
            };
            (Some(paid), Some(outcome.return_code()))
        }
        Err(e) => (None, e.pricer_return_code),
    }
}

/// Group `claim` (input line `line`) into a [`Scenario`]: read as `drg group` reads it, then
/// explained (one grouping, the explanation's), and priced when it can be.
pub fn scenario(
    grouper: &Grouper,
    ctx: &PricingContext,
    claim: &Value,
    line: usize,
) -> Result<Scenario, ErrorRecord> {
    let record = InputRecord::new(line, claim.to_string());
    let (parsed, claim_read, warnings) = super::jsonl::read_claim(&record, ReadOptions::default())?;
    let why = grouper
        .explain(&claim_read)
        .map_err(|e| parsed.fail(e, &warnings))?;
    let (total_payment, pricer_return_code) = payment(grouper, ctx, claim);
    let weights = super::jsonl::record_weights(grouper, &ctx.tables, &why.result, line)?;
    let r = &why.result;
    let f = &r.final_;
    let rule = why.final_rule.as_ref().or(why.initial_rule.as_ref());
    Ok(Scenario {
        version: r.version,
        initial_drg: r.initial.drg,
        final_drg: f.drg,
        final_mdc: f.mdc,
        final_drg_title: f.title.as_ref().map(|t| t.to_string()),
        final_severity: f.severity,
        return_code: f.return_code,
        relative_weight: weights.map(|w| w.relative_weight),
        rule: rule.map(|r| format!("{} DRG {:03}: {}", r.list, r.drg, r.formula)),
        severity_reason: why.severity_reason.clone(),
        total_payment,
        pricer_return_code,
        explanation: Box::new(why),
    })
}

/// A what-if: the claim before and after the edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// The claim's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based input line.
    pub line: usize,
    /// The edits, in the order applied.
    pub edits: Vec<ClaimEdit>,
    /// As coded.
    pub before: Scenario,
    /// With the edits.
    pub after: Scenario,
    /// Whether the final DRG moved.
    pub drg_moved: bool,
    /// Why: what differs between the two explanations (MDC, rule, each code's standing).
    pub why: Vec<String>,
    /// After minus before, when both have a weight.
    #[serde(serialize_with = "crate::payment::serialize_opt_decimal")]
    pub relative_weight_change: Option<Decimal>,
    /// After minus before, when both were priced.
    #[serde(
        serialize_with = "crate::payment::serialize_opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_change: Option<Decimal>,
}

/// The what-if of one input record: its claim before and after `edits`.
pub fn whatif_record(
    grouper: &Grouper,
    ctx: &PricingContext,
    record: &InputRecord,
    edits: &[ClaimEdit],
) -> Result<WhatIf, ErrorRecord> {
    let parsed = super::jsonl::ParsedRecord::read(record)?;
    let edited = apply_edits(&parsed.value, edits)
        .map_err(|e| parsed.fail_with(ErrorKind::InvalidField, e.to_string(), None, &[]))?;
    let before = scenario(grouper, ctx, &parsed.value, record.line)?;
    let after = scenario(grouper, ctx, &edited, record.line)?;
    Ok(WhatIf {
        id: parsed.id,
        line: record.line,
        edits: edits.to_vec(),
        drg_moved: before.final_drg != after.final_drg,
        why: crate::grouping::explain::differences(&before.explanation, &after.explanation),
        relative_weight_change: change(before.relative_weight, after.relative_weight),
        payment_change: change(before.total_payment, after.total_payment),
        before,
        after,
    })
}

/// After minus before, when both are known.
fn change(before: Option<Decimal>, after: Option<Decimal>) -> Option<Decimal> {
    Some(after? - before?)
}

/// One alternative in a DRG impact analysis: the change and the claim's DRG with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// The code the alternative is about.
    pub code: String,
    /// The claim with the change.
    pub scenario: Scenario,
    /// After minus as coded, when both have a weight.
    #[serde(serialize_with = "crate::payment::serialize_opt_decimal")]
    pub relative_weight_change: Option<Decimal>,
}

/// A DRG of the claim's family (the severity tiers of its base DRG).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    /// The DRG.
    pub drg: u16,
    /// Its title.
    pub title: Option<String>,
    /// Its relative weight for the version's fiscal year.
    #[serde(serialize_with = "crate::payment::serialize_opt_decimal")]
    pub relative_weight: Option<Decimal>,
    /// What the claim would be paid in this DRG, when it can be priced (the same discharge,
    /// provider and charges, priced as this DRG).
    #[serde(
        serialize_with = "crate::payment::serialize_opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_payment: Option<Decimal>,
    /// Whether the claim is in this DRG.
    pub claim_is_here: bool,
}

/// DRG impact: what each secondary diagnosis would give as principal, what the claim would be
/// without each code that sets its severity, and the tiers of its DRG family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    /// The claim's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based input line.
    pub line: usize,
    /// The claim as coded.
    pub as_coded: Scenario,
    /// Each secondary diagnosis made principal, highest relative weight first.
    pub as_principal: Vec<Alternative>,
    /// Each code that set the severity, removed (the query or denial risk).
    pub without_severity_code: Vec<Alternative>,
    /// The DRG family's tiers.
    pub family: Vec<Tier>,
}

/// The DRG impact analysis of one input record, every figure by regrouping.
pub fn impact_record(
    grouper: &Grouper,
    ctx: &PricingContext,
    record: &InputRecord,
) -> Result<Impact, ErrorRecord> {
    let parsed = super::jsonl::ParsedRecord::read(record)?;
    let as_coded = scenario(grouper, ctx, &parsed.value, record.line)?;
    let alternative = |code: &str, edit: ClaimEdit| -> Result<Alternative, ErrorRecord> {
        let edited = apply_edits(&parsed.value, &[edit])
            .map_err(|e| parsed.fail_with(ErrorKind::InvalidField, e.to_string(), None, &[]))?;
        let scenario = scenario(grouper, ctx, &edited, record.line)?;
        Ok(Alternative {
            code: code.to_string(),
            relative_weight_change: change(as_coded.relative_weight, scenario.relative_weight),
            scenario,
        })
    };
    let result = &as_coded.explanation.result;
    let sdx = &result.secondary_diagnoses;
    let mut as_principal = sdx
        .iter()
        .map(|d| alternative(&d.code, ClaimEdit::Pdx(d.code.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    as_principal.sort_by_key(|a| std::cmp::Reverse(a.scenario.relative_weight));
    let without_severity_code = sdx
        .iter()
        .filter(|d| {
            matches!(d.severity, Some(crate::CcLevel::Cc | crate::CcLevel::Mcc))
                && d.drg_impact != crate::DrgImpact::None
        })
        .map(|d| alternative(&d.code, ClaimEdit::RemoveDx(d.code.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let family = family(grouper, ctx, &parsed, result)?;
    Ok(Impact {
        id: parsed.id.clone(),
        line: record.line,
        as_coded,
        as_principal,
        without_severity_code,
        family,
    })
}

fn family(
    grouper: &Grouper,
    ctx: &PricingContext,
    parsed: &super::jsonl::ParsedRecord,
    result: &crate::GroupingResult,
) -> Result<Vec<Tier>, ErrorRecord> {
    let claim = &parsed.value;
    let f = &result.final_;
    let drgs = grouper
        .drg_family(result.version, f.base_drg)
        .map_err(|e| parsed.fail(e, &[]))?;
    let fy = grouper
        .versions()
        .iter()
        .find(|v| v.version == result.version)
        .map(|v| v.fiscal_year);
    let year = match fy {
        Some(fy) => ctx
            .tables
            .get(fy)
            .map_err(|e| super::jsonl::tables_error(result.id.clone(), parsed.line, &e))?,
        None => None,
    };
    Ok(drgs
        .into_iter()
        .map(|(drg, title)| {
            let mut as_drg = claim.clone();
            as_drg["drg"] = Value::from(drg);
            Tier {
                relative_weight: year.and_then(|y| {
                    let start = crate::Date::fiscal_year_start(y.fiscal_year);
                    y.drg(drg, start).map(|r| r.relative_weight)
                }),
                total_payment: payment(grouper, ctx, &as_drg).0,
                claim_is_here: drg == f.drg,
                drg,
                title,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> Value {
        json!({"pdx": {"code": "I612", "poa": "Y"},
               "sdx": [{"code": "Z87891", "poa": "Y"}, {"code": "Z9282", "poa": "N"}]})
    }

    #[test]
    fn a_secondary_made_principal_swaps_places_with_the_principal() {
        let got = apply_edits(&claim(), &[ClaimEdit::Pdx("Z9282".into())]).expect("applies");
        assert_eq!(got["pdx"], json!({"code": "Z9282", "poa": "N"}));
        assert_eq!(
            got["sdx"],
            json!([{"code": "Z87891", "poa": "Y"}, {"code": "I612", "poa": "Y"}])
        );
    }

    #[test]
    fn removing_a_code_not_on_the_claim_is_an_error() {
        let err = apply_edits(&claim(), &[ClaimEdit::RemoveDx("N179".into())]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "secondary diagnosis \"N179\" is not on the claim"
        );
        let ok =
            apply_edits(&claim(), &[ClaimEdit::RemoveDx("z87.891".into())]).expect("canonical");
        assert_eq!(ok["sdx"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn poa_and_added_codes() {
        let edits = [
            ClaimEdit::add_dx("N179:Y"),
            ClaimEdit::Poa {
                code: "Z9282".into(),
                poa: "Y".into(),
            },
            ClaimEdit::AddProc("02703DZ".into()),
        ];
        let got = apply_edits(&claim(), &edits).expect("applies");
        assert_eq!(got["sdx"][1]["poa"], "Y");
        assert_eq!(got["sdx"][2], json!({"code": "N179", "poa": "Y"}));
        assert_eq!(got["procedures"], json!([{"code": "02703DZ"}]));
    }
}
