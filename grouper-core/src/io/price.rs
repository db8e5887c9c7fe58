//! `drg price` JSON Lines: one claim in (grouper claim fields plus pricing fields), one JSON
//! object out: the grouper's claim-level fields when it grouped, the DRG, and every payment
//! component; or the error record, with the pricer return code when the pricer gave one.

use serde::Serialize;
use serde_json::{Map, Value};

use super::warning::{unknown_fields, ReadOptions, Warning, WarningKind, CLAIM_FIELDS};
use super::{ErrorKind, ErrorRecord, Failure, InputRecord};
use crate::payment::{price, PaymentResult, PricerReturnCode, PricingClaim, PricingContext};
use crate::payment::{PricingError, Provider};

/// The grouper's answer for a claim without a `drg`: the final DRG, and the grouper output
/// fields (e.g. `final_drg`, `final_mdc`, `return_code`) to merge into the priced line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupedDrg {
    /// The final (paid) MS-DRG.
    pub final_drg: u16,
    /// Claim-level grouper fields, named as in `drg group` output.
    pub fields: Map<String, Value>,
    /// What the grouper's claim reader normalised, defaulted or ignored.
    pub warnings: Vec<Warning>,
}

/// One priced claim, as `drg price` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricedClaim {
    /// The claim's `id`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based input line, so that output rows align with input rows.
    pub line: usize,
    /// The grouper's claim-level fields, when the claim was grouped.
    #[serde(flatten)]
    pub grouped: Map<String, Value>,
    /// Every payment component, the DRG priced first.
    #[serde(flatten)]
    pub payment: PaymentResult,
    /// What the pricer return code means, in words.
    pub pricer_return_text: &'static str,
    /// What the reader normalised, defaulted or ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The input's CSV columns the claim format does not read, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough: Option<Value>,
    /// The Medicare Code Editor's answer for the claim (`drg price --edits`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<Value>,
}

/// A claim the CMS pricer refuses to pay (return code 50 and above): a result like any other,
/// paying 0.00, with the return code, its meaning and the specific reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedClaim {
    /// The claim's `id`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based input line, so that output rows align with input rows.
    pub line: usize,
    /// The grouper's claim-level fields, when the claim was grouped.
    #[serde(flatten)]
    pub grouped: Map<String, Value>,
    /// The DRG that was to be priced.
    pub drg: u16,
    /// Always 0.00: the claim is not paid.
    pub total_payment: &'static str,
    /// The CMS pricer return code (50 and above).
    pub pricer_return_code: PricerReturnCode,
    /// What the return code means, in words.
    pub pricer_return_text: &'static str,
    /// The specific reason, naming the value at fault.
    pub reason: String,
    /// The input field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// What the reader normalised, defaulted or ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The input's CSV columns the claim format does not read, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough: Option<Value>,
    /// The Medicare Code Editor's answer for the claim (`drg price --edits`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<Value>,
}

/// The outcome of a line that could be read: priced, or refused by the pricer's rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PriceOutcome {
    /// Paid (return code below 50).
    Priced(Box<PricedClaim>),
    /// Not paid (return code 50 and above).
    Refused(Box<RefusedClaim>),
}

impl PriceOutcome {
    /// Attach the Medicare Code Editor's answer (`drg price --edits`).
    pub fn set_edits(&mut self, edits: Value) {
        match self {
            PriceOutcome::Priced(p) => p.edits = Some(edits),
            PriceOutcome::Refused(r) => r.edits = Some(edits),
        }
    }

    /// The pricer return code of the outcome.
    pub fn return_code(&self) -> PricerReturnCode {
        match self {
            PriceOutcome::Priced(p) => p.payment.pricer_return_code,
            PriceOutcome::Refused(r) => r.pricer_return_code,
        }
    }
}

/// A claim that could not be priced: the error record, then what is known of the claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceErrorRecord {
    /// `id`, `line`, `error`, `field`, as for every command.
    #[serde(flatten)]
    pub record: ErrorRecord,
    /// The CMS pricer return code the failure corresponds to, when the pricer gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricer_return_code: Option<PricerReturnCode>,
    /// What that return code means, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricer_return_text: Option<&'static str>,
    /// The DRG that was to be priced, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drg: Option<u16>,
    /// The grouper's claim-level fields, when the claim was grouped.
    #[serde(flatten)]
    pub grouped: Map<String, Value>,
}

/// The input line as far as it could be read, for the error record.
struct Line<'a> {
    id: Option<&'a Value>,
    number: usize,
    passthrough: Option<&'a Value>,
}

impl Line<'_> {
    fn error(&self, kind: ErrorKind, message: String, field: Option<&str>) -> PriceErrorRecord {
        let mut record = ErrorRecord::new(
            kind,
            self.id.cloned(),
            self.number,
            message,
            field.map(str::to_string),
        );
        record.passthrough = self.passthrough.cloned();
        PriceErrorRecord {
            record,
            pricer_return_code: None,
            pricer_return_text: None,
            drg: None,
            grouped: Map::new(),
        }
    }

    fn pricing_error(&self, e: &PricingError) -> PriceErrorRecord {
        let kind = match e {
            PricingError::NoTablesForDischargeDate { .. }
            | PricingError::UnreadableTables { .. }
            | PricingError::MissingTable { .. } => ErrorKind::NoPaymentTables,
            PricingError::MissingProvider(_) => ErrorKind::NoProvider,
            _ => ErrorKind::Pricing,
        };
        PriceErrorRecord {
            pricer_return_code: Some(e.return_code()),
            pricer_return_text: Some(e.return_code().text()),
            ..self.error(kind, e.to_string(), e.field())
        }
    }
}

impl Failure for PriceErrorRecord {
    fn error_kind(&self) -> ErrorKind {
        self.record.error_kind
    }
}

/// Codes from the grouper claim form: `pdx`/`sdx` objects and `procedures` objects (or
/// plain strings), unless the line already gives `diagnosis_codes`/`procedure_codes`.
fn code_of(v: &Value) -> Option<Value> {
    match v {
        Value::Object(o) => o.get("code").cloned(),
        Value::String(_) => Some(v.clone()),
        _ => None,
    }
}

fn add_grouper_codes(obj: &mut Map<String, Value>) {
    let mut added = Map::new();
    add_grouper_codes_from(obj, &mut added);
    obj.extend(added);
}

/// The codes the grouper reads, as `diagnosis_codes` and `procedure_codes` into `added`, for
/// each of the two `source` does not give itself.
fn add_grouper_codes_from(source: &Map<String, Value>, added: &mut Map<String, Value>) {
    if !source.contains_key("diagnosis_codes") {
        let mut dx = Vec::new();
        if let Some(c) = source.get("pdx").and_then(code_of) {
            dx.push(c);
        }
        // The codes the grouper reads: a CMS claim holds 24 secondary diagnoses, 25 procedures.
        if let Some(Value::Array(sdx)) = source.get("sdx") {
            let sdx = sdx.iter().take(super::CMS_SECONDARY_DIAGNOSES);
            dx.extend(sdx.filter_map(code_of));
        }
        added.insert("diagnosis_codes".to_string(), Value::Array(dx));
    }
    if !source.contains_key("procedure_codes") {
        let px = match source.get("procedures") {
            Some(Value::Array(p)) => p
                .iter()
                .take(super::CMS_PROCEDURES)
                .filter_map(code_of)
                .collect(),
            _ => Vec::new(),
        };
        added.insert("procedure_codes".to_string(), Value::Array(px));
    }
}

fn drg_number(v: &Value) -> Option<u16> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n| (1..=999).contains(n))
}

/// The provider of the claim: an inline `provider` object, or `ccn` in the providers file.
/// Provider fields serde would skip unread are reported, and lower-case indicators are read
/// upper-cased, with a warning each.
fn provider<'c>(
    input: &Map<String, Value>,
    claim: &PricingClaim,
    ctx: &'c PricingContext,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Hospital<'c>, PriceErrorRecord> {
    let provider = match (input.get("provider"), input.get("ccn")) {
        (Some(p @ Value::Object(_)), _) => {
            let mut unread = Vec::new();
            let mut note = |path: serde_ignored::Path<'_>| unread.push(path.to_string());
            let reader = serde_ignored::Deserializer::new(p, &mut note);
            let provider: Provider = serde_path_to_error::deserialize(reader).map_err(|e| {
                let field = format!("provider.{}", e.path());
                let message = format!("field `{field}`: {}", e.inner());
                line.error(ErrorKind::InvalidField, message, Some(&field))
            })?;
            for path in unread {
                let field = format!("provider.{path}");
                warnings.push(Warning::unknown_field(field, "the CMS provider record"));
            }
            Hospital::Inline(Box::new(provider))
        }
        (Some(_), _) => {
            return Err(line.error(
                ErrorKind::InvalidField,
                "provider must be an object with the CMS pricer field names".to_string(),
                Some("provider"),
            ))
        }
        (None, Some(ccn)) => {
            let ccn = match ccn {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    let message = "ccn must be a string".to_string();
                    return Err(line.error(ErrorKind::InvalidField, message, Some("ccn")));
                }
            };
            let Some(file) = &ctx.providers else {
                return Err(line.error(
                    ErrorKind::NoProvider,
                    format!("claim gives ccn {ccn} but no providers file was loaded (use --providers FILE)"),
                    Some("ccn"),
                ));
            };
            file.lookup(&ccn, claim.discharge_date)
                .map(Hospital::File)
                .map_err(|e| {
                    // The CCN is the field at fault: no record for it on the discharge date.
                    let mut error = line.pricing_error(&e);
                    error.record.field.get_or_insert_with(|| "ccn".to_string());
                    error
                })?
        }
        (None, None) => {
            return Err(PriceErrorRecord {
                pricer_return_code: Some(PricerReturnCode::NoProviderRecord),
                pricer_return_text: Some(PricerReturnCode::NoProviderRecord.text()),
                ..line.error(
                    ErrorKind::NoProvider,
                    "no provider: give a provider object or a ccn with a providers file"
                        .to_string(),
                    Some("provider"),
                )
            })
        }
    };
    Ok(upper_case_indicators(provider, warnings))
}

/// A provider indicator: its PSF name, and the field read and written.
type Indicator = (
    &'static str,
    fn(&Provider) -> Option<&String>,
    fn(&mut Provider) -> &mut Option<String>,
);

/// Entries of [`INDICATORS`]: the PSF name, then the field.
macro_rules! indicators {
    ($($name:literal => $field:ident),+ $(,)?) => {
        [$(($name, |p| p.$field.as_ref(), |p| &mut p.$field)),+]
    };
}

/// The single-letter provider indicators.
const INDICATORS: [Indicator; 9] = indicators![
    "waiverIndicator" => waiver_indicator,
    "specialPaymentIndicator" => special_payment_indicator,
    "ehrReductionIndicator" => ehr_reduction_indicator,
    "capitalPpsPaymentCode" => capital_pps_payment_code,
    "newHospital" => new_hospital,
    "hrrParticipantIndicator" => hrr_participant_indicator,
    "vbpParticipantIndicator" => vbp_participant_indicator,
    "hacReductionParticipantIndicator" => hac_reduction_participant_indicator,
    "temporaryReliefIndicator" => temporary_relief_indicator,
];

/// Single-letter provider indicators read upper-cased (`waiverIndicator` `y` is the Maryland
/// waiver, not a value the pricer ignores), each change reported. A provider of the providers
/// file is copied only when one of its indicators changes.
fn upper_case_indicators<'c>(mut p: Hospital<'c>, warnings: &mut Vec<Warning>) -> Hospital<'c> {
    for (name, get, get_mut) in INDICATORS {
        let Some(text) = get(&p) else { continue };
        if text.bytes().any(|b| b.is_ascii_lowercase()) {
            let upper = text.to_ascii_uppercase();
            let message = format!(
                "{} read as {}",
                crate::tables::TableError::excerpt(text),
                crate::tables::TableError::excerpt(&upper)
            );
            let field = format!("provider.{name}");
            warnings.push(Warning::new(
                WarningKind::IndicatorNormalized,
                Some(&field),
                message,
            ));
            let mut own = p.into_inline();
            *get_mut(&mut own) = Some(upper);
            p = Hospital::Inline(own);
        }
    }
    p
}

/// A claim's hospital record: its own (boxed, as the record is large and a line's values are
/// moved several times) or the providers file's, copied only when an indicator changes.
enum Hospital<'c> {
    Inline(Box<Provider>),
    File(&'c Provider),
}

impl Hospital<'_> {
    /// The record as the claim's own.
    fn into_inline(self) -> Box<Provider> {
        match self {
            Hospital::Inline(p) => p,
            Hospital::File(p) => Box::new(p.clone()),
        }
    }
}

impl std::ops::Deref for Hospital<'_> {
    type Target = Provider;
    fn deref(&self) -> &Provider {
        match self {
            Hospital::Inline(p) => p,
            Hospital::File(p) => p,
        }
    }
}

/// The DRG to price: the claim's `drg`, or the grouper's final DRG, its fields and warnings.
fn drg(
    input: &Map<String, Value>,
    value: &Value,
    group: &dyn Fn(&Value) -> Result<GroupedDrg, String>,
    line: &Line<'_>,
) -> Result<GroupedDrg, PriceErrorRecord> {
    match input.get("drg") {
        Some(v) => drg_number(v)
            .map(|n| GroupedDrg {
                final_drg: n,
                ..GroupedDrg::default()
            })
            .ok_or_else(|| {
                line.error(
                    ErrorKind::InvalidField,
                    format!("drg {v} is not an MS-DRG number (1-999)"),
                    Some("drg"),
                )
            }),
        None => group(value).map_err(|e| {
            line.error(
                ErrorKind::GroupingFailed,
                format!("grouping failed: {e}"),
                None,
            )
        }),
    }
}

/// Price one input line (not strict): see [`price_record`].
pub fn price_line(
    text: &str,
    line_no: usize,
    ctx: &PricingContext,
    group: &dyn Fn(&Value) -> Result<GroupedDrg, String>,
) -> Result<PriceOutcome, PriceErrorRecord> {
    price_record(
        &InputRecord::new(line_no, text),
        ctx,
        group,
        ReadOptions::default(),
    )
}

/// The record's JSON object, or the error record of a line that is not one.
fn read_object(record: &InputRecord) -> Result<Value, PriceErrorRecord> {
    let unread = Line {
        id: None,
        number: record.line,
        passthrough: None,
    };
    let value: Value = record.value().map_err(|e| {
        let message = format!("invalid JSON at column {}: {e}", e.column());
        unread.error(ErrorKind::Unreadable, message, None)
    })?;
    if !value.is_object() {
        let message = "a claim must be a JSON object".to_string();
        return Err(unread.error(ErrorKind::Unreadable, message, None));
    }
    Ok(value)
}

/// A line on the fast path, read in one pass: the [`PricingClaim`] fields, read as its own
/// `Deserialize` reads them (`the_typed_line_reads_the_claim_as_the_pricing_claim_does` pins
/// that), and the others.
#[derive(serde::Deserialize)]
struct TypedLine {
    discharge_date: crate::date::Date,
    #[serde(deserialize_with = "crate::payment::de::integer")]
    length_of_stay: i64,
    #[serde(deserialize_with = "crate::payment::de::decimal")]
    total_charges: rust_decimal::Decimal,
    #[serde(default, deserialize_with = "crate::payment::de::opt_integer")]
    covered_days: Option<i64>,
    #[serde(default, deserialize_with = "crate::payment::de::opt_integer")]
    lifetime_reserve_days: Option<i64>,
    #[serde(default, deserialize_with = "crate::payment::de::code_list")]
    condition_codes: Vec<String>,
    #[serde(default, deserialize_with = "crate::payment::de::opt_code")]
    review_code: Option<String>,
    #[serde(default, deserialize_with = "crate::payment::de::opt_code")]
    discharge_status: Option<String>,
    #[serde(default, deserialize_with = "crate::payment::de::code_list")]
    procedure_codes: Vec<String>,
    #[serde(default, deserialize_with = "crate::payment::de::code_list")]
    diagnosis_codes: Vec<String>,
    #[serde(default, deserialize_with = "super::claim_line::present")]
    id: Option<Value>,
    #[serde(deserialize_with = "typed_drg")]
    drg: u16,
    /// `null` is not absent: the full path refuses it.
    #[serde(default, deserialize_with = "some_provider")]
    provider: Option<Box<Provider>>,
    ccn: Option<String>,
    #[serde(default, deserialize_with = "super::claim_line::present")]
    passthrough: Option<Value>,
}

impl TypedLine {
    /// The claim and the other fields. Every [`PricingClaim`] field is named here, so a field
    /// added to it fails to compile until `TypedLine` reads it too.
    fn split(self) -> (PricingClaim, TypedRest) {
        let claim = PricingClaim {
            discharge_date: self.discharge_date,
            length_of_stay: self.length_of_stay,
            total_charges: self.total_charges,
            covered_days: self.covered_days,
            lifetime_reserve_days: self.lifetime_reserve_days,
            condition_codes: self.condition_codes,
            review_code: self.review_code,
            discharge_status: self.discharge_status,
            procedure_codes: self.procedure_codes,
            diagnosis_codes: self.diagnosis_codes,
        };
        let rest = TypedRest {
            id: self.id,
            drg: self.drg,
            provider: self.provider,
            ccn: self.ccn,
            passthrough: self.passthrough,
        };
        (claim, rest)
    }
}

/// The fields of a line on the fast path besides the [`PricingClaim`] ones.
struct TypedRest {
    id: Option<Value>,
    drg: u16,
    provider: Option<Box<Provider>>,
    ccn: Option<String>,
    passthrough: Option<Value>,
}

/// `drg` as the full path reads it ([`drg_number`]): a number, or a text such as a CSV cell's;
/// anything else is an error, which sends the line to the full path.
fn typed_drg<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let value: Value = serde::Deserialize::deserialize(d)?;
    drg_number(&value).ok_or_else(|| serde::de::Error::custom("not an MS-DRG number"))
}

fn some_provider<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Box<Provider>>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

/// The line read typed, without a JSON tree, when the full reader would read it with no
/// warning of its own and no grouping: a pricing claim with its `drg` (1-999, a number) and an
/// inline `provider` or a `ccn` string, no field the full reader would not read. Any
/// other line (`None`) takes the full path, which names the field of an error and reports
/// what it normalises. One typed pass over the text, which notes any value it skips.
fn typed_line(text: &str) -> Option<(PricingClaim, TypedRest)> {
    // A line without a `drg` key is grouped first, on the full path: no typed pass wasted on
    // it (a key spelt with escapes still gets the full path, which reads every line).
    if !text.contains("\"drg\"") {
        return None;
    }
    let (claim, rest) = match super::price_scan::scan_price_line(text) {
        Some(plain) => {
            let rest = TypedRest {
                id: plain.id,
                drg: plain.drg,
                provider: None,
                ccn: plain.ccn,
                passthrough: None,
            };
            (plain.claim, rest)
        }
        None => typed_line_by_serde(text)?,
    };
    // A provider under an escaped key takes the full path too.
    let tracked = rest.provider.is_none() || text.contains("\"provider\"");
    (tracked && (1..=999).contains(&rest.drg)).then_some((claim, rest))
}

/// [`typed_line`]'s serde read, for a line the scan does not read: `None` also when it
/// notes a field it does not read.
fn typed_line_by_serde(text: &str) -> Option<(PricingClaim, TypedRest)> {
    let mut plain = true;
    let mut de = serde_json::Deserializer::from_str(text);
    let line: TypedLine = serde_ignored::deserialize(&mut de, |_| plain = false).ok()?;
    de.end().ok()?;
    plain.then(|| line.split())
}

/// The typed read of a line and its provider: inline, or the `ccn`'s record in the providers
/// file. `None` sends the line to the full path, which names the field at fault (no file, a
/// CCN the file lacks).
fn typed_inputs<'c>(
    text: &str,
    ctx: &'c PricingContext,
) -> Option<(PricingClaim, Hospital<'c>, TypedRest)> {
    let (claim, mut rest) = typed_line(text)?;
    let provider = match (rest.provider.take(), &rest.ccn, &ctx.providers) {
        (Some(inline), _, _) => Hospital::Inline(inline),
        (None, Some(ccn), Some(file)) => {
            Hospital::File(file.lookup(ccn, claim.discharge_date).ok()?)
        }
        _ => return None,
    };
    Some((claim, provider, rest))
}

/// Price one input record: the priced or refused claim, or the error record of a line that
/// cannot be priced at all (unreadable, no provider source, no tables for its year).
pub fn price_record(
    record: &InputRecord,
    ctx: &PricingContext,
    group: &dyn Fn(&Value) -> Result<GroupedDrg, String>,
    options: ReadOptions,
) -> Result<PriceOutcome, PriceErrorRecord> {
    let Some((claim, provider, rest)) = typed_inputs(&record.text, ctx) else {
        return price_record_in_full(record, ctx, group, options);
    };
    let line = Line {
        id: rest.id.as_ref(),
        number: record.line,
        passthrough: rest.passthrough.as_ref(),
    };
    let mut warnings = record.warnings.clone();
    let provider = upper_case_indicators(provider, &mut warnings);
    let grouped = GroupedDrg {
        final_drg: rest.drg,
        ..GroupedDrg::default()
    };
    finish(&line, &claim, &provider, grouped, warnings, ctx, options)
}

/// [`price_record`] through the JSON tree: every line can take it.
fn price_record_in_full(
    record: &InputRecord,
    ctx: &PricingContext,
    group: &dyn Fn(&Value) -> Result<GroupedDrg, String>,
    options: ReadOptions,
) -> Result<PriceOutcome, PriceErrorRecord> {
    let line_no = record.line;
    let value = read_object(record)?;
    let no_fields = serde_json::Map::new();
    let input = value.as_object().unwrap_or(&no_fields);
    let line = Line {
        id: input.get("id"),
        number: line_no,
        passthrough: input.get(super::PASSTHROUGH),
    };
    let mut warnings = record.warnings.clone();
    unknown_fields(input, CLAIM_FIELDS, "", &mut warnings);
    let claim = match pricing_claim_in_place(&value, input) {
        Some(claim) => claim,
        None => pricing_claim(input, &line)?,
    };
    let provider = provider(input, &claim, ctx, &line, &mut warnings)?;
    let mut grouped = drg(input, &value, group, &line)?;
    warnings.append(&mut grouped.warnings);
    finish(&line, &claim, &provider, grouped, warnings, ctx, options)
}

/// The pricing claim of a line: its object with the codes the grouper reads added as
/// `diagnosis_codes` and `procedure_codes`, or the error naming the field at fault.
fn pricing_claim(
    input: &Map<String, Value>,
    line: &Line<'_>,
) -> Result<PricingClaim, PriceErrorRecord> {
    let mut claim_obj = input.clone();
    add_grouper_codes(&mut claim_obj);
    serde_path_to_error::deserialize(Value::Object(claim_obj)).map_err(|e| {
        let field = e.path().to_string();
        let message = format!("field `{field}`: {}", e.inner());
        line.error(ErrorKind::InvalidField, message, Some(&field))
    })
}

/// [`pricing_claim`] read from the line's object without copying it: the claim, then the
/// added codes alone. `None` when either fails, for `pricing_claim` to name the error as it
/// does (a missing field is reported after every key, the added ones included).
fn pricing_claim_in_place(value: &Value, input: &Map<String, Value>) -> Option<PricingClaim> {
    #[derive(serde::Deserialize)]
    struct GrouperCodes {
        #[serde(default, deserialize_with = "crate::payment::de::code_list")]
        diagnosis_codes: Vec<String>,
        #[serde(default, deserialize_with = "crate::payment::de::code_list")]
        procedure_codes: Vec<String>,
    }
    let mut claim: PricingClaim = serde::Deserialize::deserialize(value).ok()?;
    let mut added = Map::new();
    add_grouper_codes_from(input, &mut added);
    let codes: GrouperCodes = serde::Deserialize::deserialize(&Value::Object(added)).ok()?;
    if !input.contains_key("diagnosis_codes") {
        claim.diagnosis_codes = codes.diagnosis_codes;
    }
    if !input.contains_key("procedure_codes") {
        claim.procedure_codes = codes.procedure_codes;
    }
    Some(claim)
}

/// The end of both paths: refusal under `--strict`, then the pricer's answer.
fn finish(
    line: &Line<'_>,
    claim: &PricingClaim,
    provider: &Provider,
    grouped: GroupedDrg,
    warnings: Vec<Warning>,
    ctx: &PricingContext,
    options: ReadOptions,
) -> Result<PriceOutcome, PriceErrorRecord> {
    let line_no = line.number;
    if let Some(mut refused) = options.refuse(line.id, line_no, &warnings) {
        refused.passthrough = line.passthrough.cloned();
        return Err(PriceErrorRecord {
            record: refused,
            pricer_return_code: None,
            pricer_return_text: None,
            drg: Some(grouped.final_drg),
            grouped: grouped.fields,
        });
    }
    let (drg, grouped) = (grouped.final_drg, grouped.fields);
    let passthrough = line.passthrough.cloned();
    match price(claim, drg, provider, &ctx.tables) {
        Ok(payment) => Ok(PriceOutcome::Priced(Box::new(PricedClaim {
            id: line.id.cloned(),
            line: line_no,
            grouped,
            pricer_return_text: payment.pricer_return_code.text(),
            payment,
            warnings,
            passthrough,
            edits: None,
        }))),
        Err(e) if refused_by_the_pricer(&e) => Ok(PriceOutcome::Refused(Box::new(RefusedClaim {
            id: line.id.cloned(),
            line: line_no,
            grouped,
            drg,
            total_payment: "0.00",
            pricer_return_code: e.return_code(),
            pricer_return_text: e.return_code().text(),
            reason: e.to_string(),
            field: e.field(),
            warnings,
            passthrough,
            edits: None,
        }))),
        Err(e) => {
            let mut error = PriceErrorRecord {
                drg: Some(drg),
                grouped,
                ..line.pricing_error(&e)
            };
            error.record.warnings = warnings;
            Err(error)
        }
    }
}

/// Whether an error is the CMS pricer refusing the claim by its rules (a result), rather than
/// the estimator being unable to price it (no tables for the year, a table or factor the year
/// lacks, a computation the loaded tables make impossible: a failed line).
fn refused_by_the_pricer(e: &PricingError) -> bool {
    !matches!(
        e,
        PricingError::NoTablesForDischargeDate { .. }
            | PricingError::UnreadableTables { .. }
            | PricingError::MissingTable { .. }
            | PricingError::Computation(_)
    )
}

#[cfg(test)]
mod tests {
    use super::super::price_scan::{scan_price_line, PlainPriceLine, KEYS};
    use super::*;
    use crate::payment::{PaymentTableSet, ProviderFile};
    use proptest::prelude::*;

    const BASE: &str = r#"{"id":"p","drg":291,"discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"400000","discharge_status":1,"provider":{"providerCcn":"990100","providerType":"00","stateCode":"05","cbsaActualGeographicLocation":"41884","bedSize":250,"internsToBedsRatio":"0.12","supplementalSecurityIncomeRatio":"0.08","medicaidRatio":"0.16","operatingCostToChargeRatio":"0.200","capitalCostToChargeRatio":"0.015","capitalIndirectMedicalEducationRatio":"0.06","uncompensatedCareAmount":"650.00","hospitalQualityIndicator":"1","hrrParticipantIndicator":"1","hrrAdjustment":"0.9960","vbpParticipantIndicator":"Y","vbpAdjustment":"1.0040","hacReductionParticipantIndicator":"N","capitalPpsPaymentCode":"C"}}"#;

    /// `BASE` with `from` replaced by `to`.
    fn variant(from: &str, to: &str) -> String {
        assert!(BASE.contains(from), "{from}");
        BASE.replacen(from, to, 1)
    }

    fn no_grouping(_: &Value) -> Result<GroupedDrg, String> {
        Err("the test claims carry their DRG".to_string())
    }

    #[test]
    fn the_typed_path_prices_every_line_as_the_full_path_does() {
        let ctx = PricingContext {
            tables: PaymentTableSet::embedded().expect("IPPS tables"),
            providers: None,
        };
        let typed = [
            BASE.to_string(),
            variant(r#""id":"p""#, r#""id":null"#),
            variant(r#""id":"p","#, ""),
            variant(r#""id":"p""#, r#""id":12.50"#),
            variant(r#""length_of_stay":5"#, r#""length_of_stay":"5""#),
            variant(
                r#""total_charges":"400000""#,
                r#""total_charges":400000.10"#,
            ),
            variant(r#""discharge_status":1"#, r#""discharge_status":"02""#),
            variant(
                r#""discharge_status":1"#,
                r#""covered_days":3,"condition_codes":["66"]"#,
            ),
            variant(r#""drg":291"#, r#""drg":1"#),
            // A CSV export's `drg` cell.
            variant(r#""drg":291"#, r#""drg":"291""#),
            variant(r#""drg":291"#, r#""drg":" 0291 ""#),
            variant(
                r#""vbpParticipantIndicator":"Y""#,
                r#""vbpParticipantIndicator":"y""#,
            ),
            variant(r#""id":"p""#, r#""id":"p","passthrough":{"unit":"4B"}"#),
            variant(
                r#""discharge_date":"2026-03-01""#,
                r#""discharge_date":"2012-03-01""#,
            ),
            variant(r#""length_of_stay":5"#, r#""length_of_stay":-1"#),
            variant(r#""id":"p""#, r#""id":"p","ccn":"990100""#),
        ];
        let full_only = [
            variant(r#""drg":291"#, r#""drg":0"#),
            variant(r#""drg":291"#, r#""drg":1000"#),
            variant(r#""bedSize":250"#, r#""bedSize":250,"bedSise":250"#),
            variant(r#""id":"p""#, r#""id":"p","extra":1"#),
            variant(r#""id":"p""#, r#""id":"p","pdx":{"code":"I5023"}"#),
            variant(
                r#""discharge_date":"2026-03-01""#,
                r#""discharge_date":"2026-13-01""#,
            ),
            variant(r#""total_charges":"400000""#, r#""total_charges":"lots""#),
            variant(r#""drg":291"#, r#""dr\u0067":291"#),
            variant(r#""provider":{"#, r#""provid\u0065r":{"#),
            format!("{BASE} x"),
            BASE.replacen(r#""id":"p""#, r#""id":"p","id":"q""#, 1),
        ];
        assert_paths_agree(&ctx, &typed, &full_only);
    }

    #[test]
    fn the_typed_path_prices_a_ccn_of_the_providers_file_as_the_full_path_does() {
        let inline = &BASE[BASE.find(r#""provider":"#).expect("provider") + 11..BASE.len() - 1];
        let lower = inline.replace("990100", "990200").replace(
            r#""vbpParticipantIndicator":"Y""#,
            r#""vbpParticipantIndicator":"y""#,
        );
        let dated = |p: &str| p.replacen('{', r#"{"effectiveDate":"2025-10-01","#, 1);
        let text = format!("{}\n{}\n", dated(inline), dated(&lower));
        let with_file = PricingContext {
            tables: PaymentTableSet::embedded().expect("IPPS tables"),
            providers: Some(ProviderFile::parse("providers.jsonl", &text).expect("providers")),
        };
        let by_ccn = |ccn: &str| {
            BASE.replace(
                &format!(r#""provider":{inline}"#),
                &format!(r#""ccn":{ccn}"#),
            )
        };
        let typed = [
            by_ccn(r#""990100""#),
            by_ccn(r#""990200""#),
            BASE.replace(r#""id":"p""#, r#""id":"p","ccn":"990999""#),
        ];
        let full_only = [
            by_ccn(r#""990999""#),
            by_ccn("990100"),
            by_ccn("null"),
            by_ccn(r#""""#),
            by_ccn(r#""990100","provider":null"#),
        ];
        assert_paths_agree(&with_file, &typed, &full_only);
        let record = InputRecord::new(1, typed[1].as_str());
        let Ok(PriceOutcome::Priced(priced)) =
            price_record(&record, &with_file, &no_grouping, ReadOptions::default())
        else {
            panic!("the file's provider prices");
        };
        let field = Some("provider.vbpParticipantIndicator");
        assert!(priced.warnings.iter().any(|w| w.field.as_deref() == field));
        let without_file = PricingContext {
            providers: None,
            ..with_file
        };
        assert_paths_agree(&without_file, &[], &typed[..2]);
    }

    /// What the serde read of the typed path gives for `text`, in the scan's terms.
    fn serde_plain(text: &str) -> Option<PlainPriceLine> {
        let (claim, rest) = typed_line_by_serde(text)?;
        (rest.provider.is_none() && rest.passthrough.is_none()).then_some(PlainPriceLine {
            claim,
            id: rest.id,
            drg: rest.drg,
            ccn: rest.ccn,
        })
    }

    /// Values for each key: the plain forms the scan reads and the forms it leaves to serde.
    fn scan_value(key: &'static str) -> impl Strategy<Value = String> {
        let common = [
            "null",
            "0",
            "-0",
            "7",
            "007",
            "-3",
            "2.5",
            "1e2",
            "\"\"",
            "\" \"",
            "true",
            "[]",
            "{}",
            "\"a\\\"b\"",
            "18446744073709551616",
        ];
        let own: &[&str] = match key {
            "id" => &["\"c1\"", "42", "\"\""],
            "drg" => &[
                "291", "999", "1000", "65536", "\"291\"", "\" 12 \"", "\"0\"", "\"x\"",
            ],
            "discharge_date" => &[
                "\"2026-03-01\"",
                "\"20260301\"",
                "\"2026-02-30\"",
                "20260301",
            ],
            "length_of_stay" => &["5", "\"5\"", "5.0", "9223372036854775808"],
            "total_charges" => &[
                "\"400000\"",
                "\"45000.50\"",
                "\" 12.5 \"",
                "\"1e3\"",
                "400000.10",
                "\"-1\"",
                "\"+2\"",
                "\"1.2.3\"",
            ],
            "discharge_status" | "review_code" => &["\"01\"", "1", "\" 06 \"", "-2"],
            "ccn" => &["\"990001\"", "990001", "\" 990001 \""],
            "covered_days" | "lifetime_reserve_days" => &["3", "\"2\""],
            _ => &[
                "[\"66\",\" zc \",7]",
                "[\"02hv33z\"]",
                "[\"\"]",
                "[null]",
                "[true]",
                "\"66\"",
            ],
        };
        let choices: Vec<String> = common.iter().chain(own).map(|v| v.to_string()).collect();
        prop::sample::select(choices)
    }

    fn scan_field() -> impl Strategy<Value = String> {
        let keys: Vec<&'static str> = KEYS.iter().copied().chain(["provider", "drg2"]).collect();
        prop::sample::select(keys)
            .prop_flat_map(|key| scan_value(key).prop_map(move |v| format!("\"{key}\":{v}")))
    }

    /// A line both readers take, with every key the scan reads.
    const FULL: &str = r#"{"id":"p1","drg":2,"discharge_date":"2025-10-02","length_of_stay":8,"total_charges":"17919.01","discharge_status":1,"ccn":"990001","covered_days":8,"lifetime_reserve_days":0,"review_code":"00","condition_codes":["66"],"procedure_codes":[" 02hv33z "],"diagnosis_codes":["I5023",""]}"#;

    #[test]
    fn every_key_is_at_its_index() {
        for (i, key) in KEYS.iter().enumerate() {
            assert_eq!(super::super::price_scan::key_index(key), Some(i), "{key}");
        }
    }

    #[test]
    fn the_scan_reads_the_lines_benches_and_exports_give() {
        let lines = [
            FULL.to_string(),
            r#"{"id":"c0","drg":291,"discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"400000","discharge_status":1,"ccn":"990001"}"#.to_string(),
            FULL.replace(',', " ,\n ").replace(':', " : "),
            FULL.replace(r#""id":"p1""#, r#""id":null"#),
        ];
        for line in lines {
            let scanned = scan_price_line(&line);
            assert!(scanned.is_some(), "{line}");
            assert_eq!(scanned, serde_plain(&line), "{line}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Whatever the scan reads, the serde read reads to the same claim, id, DRG and CCN.
        #[test]
        fn a_scanned_price_line_is_the_line_serde_reads(
            fields in prop::collection::vec(scan_field(), 0..8),
            base in any::<bool>(),
        ) {
            let mut parts: Vec<String> = Vec::new();
            if base {
                parts.push(r#""drg":291,"discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1""#.to_string());
            }
            parts.extend(fields);
            let text = format!("{{{}}}", parts.join(","));
            if let Some(scanned) = scan_price_line(&text) {
                prop_assert_eq!(Some(scanned), serde_plain(&text), "{}", text);
            }
        }
    }

    #[test]
    fn the_typed_line_reads_the_claim_as_the_pricing_claim_does() {
        let fields = [
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"400000""#,
            r#""discharge_date":"2026-03-01","length_of_stay":"5","total_charges":400000.10"#,
            r#""discharge_date":"2026-03-01","length_of_stay":5.0,"total_charges":"1e3""#,
            r#""discharge_date":"2026-02-30","length_of_stay":5,"total_charges":"1""#,
            r#""discharge_date":"2026-03-01","total_charges":"1""#,
            r#""discharge_date":"2026-03-01","length_of_stay":-1,"total_charges":"-1""#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","covered_days":3,"lifetime_reserve_days":"2""#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","covered_days":null"#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","condition_codes":["66"," zc ",7]"#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","condition_codes":"66""#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","review_code":3,"discharge_status":"2""#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","discharge_status":null"#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","procedure_codes":["02hv33z"],"diagnosis_codes":["I50.23",true]"#,
            r#""discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1","diagnosis_codes":[]"#,
        ];
        let mut read = 0;
        for fields in fields {
            let text = format!(r#"{{"drg":291,{fields}}}"#);
            let claim: Option<PricingClaim> = serde_json::from_str(&text).ok();
            let typed: Option<TypedLine> = serde_json::from_str(&text).ok();
            assert_eq!(typed.map(|t| t.split().0), claim, "{text}");
            read += usize::from(claim.is_some());
        }
        assert!(read >= 8, "{read}");
    }

    #[test]
    fn the_claim_read_in_place_is_the_claim_read_from_a_copy() {
        let grouped = r#"{"id":"g","discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"45000","pdx":{"code":"I50.23","poa":"Y"},"sdx":[{"code":"n179","poa":"Y"},"E119"],"procedures":[{"code":"02HV33Z"}]}"#;
        let lines = [
            BASE.to_string(),
            grouped.to_string(),
            grouped.replace(r#""pdx":{"#, r#""diagnosis_codes":["A41.9"],"pdx":{"#),
            grouped.replace(
                r#""procedures":["#,
                r#""procedure_codes":[" 0DTJ4ZZ "],"procedures":["#,
            ),
            grouped.replace(r#""02HV33Z""#, "true"),
            grouped.replace(r#""E119""#, "[1]"),
            grouped
                .replace(r#""length_of_stay":5,"#, "")
                .replace(r#""E119""#, "true"),
            grouped.replace(r#""length_of_stay":5"#, r#""length_of_stay":"five""#),
            grouped.replace(r#""pdx":{"code":"I50.23","poa":"Y"}"#, r#""pdx":"I5023""#),
            grouped.replace(r#""02HV33Z""#, "4"),
        ];
        let mut read = 0;
        for text in &lines {
            let value: Value = serde_json::from_str(text).expect("JSON");
            let input = value.as_object().expect("object");
            let line = Line {
                id: None,
                number: 1,
                passthrough: None,
            };
            let in_place = pricing_claim_in_place(&value, input);
            assert_eq!(in_place, pricing_claim(input, &line).ok(), "{text}");
            read += usize::from(in_place.is_some());
        }
        assert!(read >= 5, "{read}");
    }

    /// The typed path takes the lines of `typed` and leaves those of `full_only`, and both
    /// paths give the same answer for every line, strict or not.
    fn assert_paths_agree(ctx: &PricingContext, typed: &[String], full_only: &[String]) {
        for (line, fast) in typed
            .iter()
            .map(|l| (l, true))
            .chain(full_only.iter().map(|l| (l, false)))
        {
            let record = InputRecord::new(7, line.as_str());
            for options in [ReadOptions::default(), ReadOptions { strict: true }] {
                let answer = price_record(&record, ctx, &no_grouping, options);
                assert_eq!(
                    answer,
                    price_record_in_full(&record, ctx, &no_grouping, options),
                    "{line}"
                );
                assert_eq!(typed_inputs(line, ctx).is_some(), fast, "{line}");
            }
        }
    }
}
