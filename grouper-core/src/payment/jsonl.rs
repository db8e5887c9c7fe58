//! `drg price` JSON Lines: one claim in (grouper claim fields plus pricing fields), one JSON
//! object out. Bad input yields an object with `id` (when readable), `line` and `error`.

use serde_json::{Map, Value};

use super::claim::PricingClaim;
use super::pricer::price;
use super::provider::{Provider, ProviderFile};
use super::tables::PaymentTableSet;

/// What pricing a batch needs besides the claims.
#[derive(Debug, Clone, Default)]
pub struct PricingContext {
    pub tables: PaymentTableSet,
    /// Providers by CCN, for claims that give `ccn` instead of a `provider` object.
    pub providers: Option<ProviderFile>,
}

/// The grouper's answer for a claim without a `drg`: the final DRG, and the grouper output
/// fields (e.g. `final_drg`, `final_mdc`, `return_code`) to merge into the priced line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupedDrg {
    pub final_drg: u16,
    pub fields: Map<String, Value>,
}

fn error_line(id: Option<&Value>, line_no: usize, message: String) -> Value {
    let mut out = Map::new();
    if let Some(id) = id {
        out.insert("id".to_string(), id.clone());
    }
    out.insert("line".to_string(), Value::from(line_no));
    out.insert("error".to_string(), Value::String(message));
    Value::Object(out)
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
    if !obj.contains_key("diagnosis_codes") {
        let mut dx = Vec::new();
        if let Some(c) = obj.get("pdx").and_then(code_of) {
            dx.push(c);
        }
        if let Some(Value::Array(sdx)) = obj.get("sdx") {
            dx.extend(sdx.iter().filter_map(code_of));
        }
        obj.insert("diagnosis_codes".to_string(), Value::Array(dx));
    }
    if !obj.contains_key("procedure_codes") {
        let px = match obj.get("procedures") {
            Some(Value::Array(p)) => p.iter().filter_map(code_of).collect(),
            _ => Vec::new(),
        };
        obj.insert("procedure_codes".to_string(), Value::Array(px));
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

/// Price one input line. Returns the output object and whether the claim was priced.
pub fn price_line(
    line: &str,
    line_no: usize,
    ctx: &PricingContext,
    group: &dyn Fn(&Value) -> Result<GroupedDrg, String>,
) -> (Value, bool) {
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return (
                error_line(
                    None,
                    line_no,
                    format!("invalid JSON at column {}: {e}", e.column()),
                ),
                false,
            )
        }
    };
    let Value::Object(input) = &value else {
        return (
            error_line(None, line_no, "a claim must be a JSON object".to_string()),
            false,
        );
    };
    let id = input.get("id");
    let mut claim_obj = input.clone();
    add_grouper_codes(&mut claim_obj);
    let claim: PricingClaim = match serde_json::from_value(Value::Object(claim_obj)) {
        Ok(c) => c,
        Err(e) => return (error_line(id, line_no, format!("claim: {e}")), false),
    };

    let provider: Provider = match (input.get("provider"), input.get("ccn")) {
        (Some(p @ Value::Object(_)), _) => match serde_json::from_value(p.clone()) {
            Ok(p) => p,
            Err(e) => return (error_line(id, line_no, format!("provider: {e}")), false),
        },
        (Some(_), _) => {
            return (
                error_line(
                    id,
                    line_no,
                    "provider must be an object with the CMS pricer field names".to_string(),
                ),
                false,
            )
        }
        (None, Some(ccn)) => {
            let ccn = match ccn {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    return (
                        error_line(id, line_no, "ccn must be a string".to_string()),
                        false,
                    )
                }
            };
            let Some(file) = &ctx.providers else {
                return (
                    error_line(id, line_no, format!("claim gives ccn {ccn} but no providers file was loaded (use --providers FILE)")),
                    false,
                );
            };
            match file.lookup(&ccn, claim.discharge_date) {
                Ok(p) => p.clone(),
                Err(e) => {
                    let mut out = error_line(id, line_no, e.to_string());
                    if let Value::Object(o) = &mut out {
                        o.insert(
                            "pricer_return_code".to_string(),
                            Value::from(e.return_code().as_str()),
                        );
                    }
                    return (out, false);
                }
            }
        }
        (None, None) => {
            let mut out = error_line(
                id,
                line_no,
                "no provider: give a provider object or a ccn with a providers file".to_string(),
            );
            if let Value::Object(o) = &mut out {
                o.insert("pricer_return_code".to_string(), Value::from("51"));
            }
            return (out, false);
        }
    };

    let mut grouped = Map::new();
    let drg = match input.get("drg") {
        Some(v) => match drg_number(v) {
            Some(n) => n,
            None => {
                return (
                    error_line(
                        id,
                        line_no,
                        format!("drg {v} is not an MS-DRG number (1-999)"),
                    ),
                    false,
                )
            }
        },
        None => match group(&value) {
            Ok(g) => {
                grouped = g.fields;
                g.final_drg
            }
            Err(e) => {
                return (
                    error_line(id, line_no, format!("grouping failed: {e}")),
                    false,
                )
            }
        },
    };

    let mut out = Map::new();
    if let Some(id) = id {
        out.insert("id".to_string(), id.clone());
    }
    out.extend(grouped);
    out.insert("drg".to_string(), Value::from(drg));
    match price(&claim, drg, &provider, &ctx.tables) {
        Ok(result) => match serde_json::to_value(&result) {
            Ok(Value::Object(fields)) => {
                out.extend(fields);
                (Value::Object(out), true)
            }
            _ => (
                error_line(id, line_no, "internal: result not serializable".to_string()),
                false,
            ),
        },
        Err(e) => {
            out.insert("line".to_string(), Value::from(line_no));
            out.insert("error".to_string(), Value::String(e.to_string()));
            out.insert(
                "pricer_return_code".to_string(),
                Value::from(e.return_code().as_str()),
            );
            (Value::Object(out), false)
        }
    }
}
