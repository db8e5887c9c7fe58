//! JSON Lines: one claim in, one result out, in the field names and vocabularies of the output
//! contract (`shared/oracle/README.md`), so results compare line by line with CMS answers.

use serde_json::{json, Map, Value};

use crate::claim::Claim;
use crate::error::GroupError;
use crate::grouper::Grouper;
use crate::result::{DiagnosisResult, GroupingResult, ProcedureResult};

fn diagnosis_json(d: &DiagnosisResult) -> Value {
    json!({
        "code": d.code,
        "poa": d.poa.as_str(),
        "valid": d.valid,
        "severity": d.severity.map(|s| match s {
            crate::tables::CcLevel::Mcc => "MCC",
            crate::tables::CcLevel::Cc => "CC",
            crate::tables::CcLevel::NonCc => "NON_CC",
        }),
        "drg_impact": d.drg_impact.as_str(),
        "poa_error": d.poa_error.as_str(),
        "hacs": d.hacs.iter().map(|h| json!({
            "list": h.list,
            "num": h.number,
            "status": h.status.as_str(),
        })).collect::<Vec<_>>(),
    })
}

fn procedure_json(p: &ProcedureResult) -> Value {
    json!({
        "code": p.code,
        "valid": p.valid,
        "is_or": p.is_or,
        "drg_impact": p.drg_impact.as_str(),
        "hac_usage": p.hac_usage.iter().map(|n| format!("HAC_{n:02}")).collect::<Vec<_>>(),
    })
}

/// The contract JSON object of a grouping result.
pub fn result_json(id: Option<&Value>, grouper: &Grouper, r: &GroupingResult) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), id.cloned().unwrap_or(Value::Null));
    m.insert("version".into(), json!(r.version));
    let title = |drg: u16| {
        grouper
            .definitions(r.version)
            .ok()
            .and_then(|d| d.drg_titles.get(&drg).cloned())
    };
    for (prefix, a) in [("initial", &r.initial), ("final", &r.final_)] {
        m.insert(format!("{prefix}_drg"), json!(a.drg));
        m.insert(format!("{prefix}_mdc"), json!(a.mdc));
        m.insert(format!("{prefix}_base_drg"), json!(a.base_drg));
        m.insert(format!("{prefix}_severity"), json!(a.severity.as_str()));
        m.insert(
            format!("{prefix}_med_surg"),
            json!(match a.med_surg {
                crate::definitions::MedSurg::Medical => "MEDICAL",
                crate::definitions::MedSurg::Surgical => "SURGICAL",
                crate::definitions::MedSurg::None => "NONE",
            }),
        );
        m.insert(format!("{prefix}_drg_title"), json!(title(a.drg)));
    }
    m.insert(
        "initial_return_code".into(),
        json!(r.initial.return_code.as_str()),
    );
    m.insert("return_code".into(), json!(r.final_.return_code.as_str()));
    m.insert("hac_status".into(), json!(r.hac_status.as_str()));
    m.insert("pdx".into(), diagnosis_json(&r.principal_diagnosis));
    if let Some(a) = &r.admit_diagnosis {
        m.insert("admit_dx".into(), diagnosis_json(a));
    }
    m.insert(
        "sdx".into(),
        Value::Array(r.secondary_diagnoses.iter().map(diagnosis_json).collect()),
    );
    m.insert(
        "procs".into(),
        Value::Array(r.procedures.iter().map(procedure_json).collect()),
    );
    Value::Object(m)
}

/// The output line for one input line; `Err` carries the error record (with `id` when it
/// could be read, the line number and a specific message).
pub fn group_line(grouper: &Grouper, line: &str, line_no: usize) -> Result<Value, Value> {
    let error = |id: Option<&Value>, e: &dyn std::fmt::Display| {
        json!({
            "id": id.cloned().unwrap_or(Value::Null),
            "line": line_no,
            "error": e.to_string(),
        })
    };
    let value: Value = serde_json::from_str(line)
        .map_err(|e| error(None, &format!("line {line_no}: not valid JSON ({e})")))?;
    let id = value.get("id").filter(|v| !v.is_null());
    let claim = Claim::from_json(&value).map_err(|e| error(id, &format!("line {line_no}: {e}")))?;
    let result = grouper
        .group(&claim)
        .map_err(|e: GroupError| error(id, &format!("line {line_no}: {e}")))?;
    Ok(result_json(id, grouper, &result))
}

/// Group a `drg price` claim object (which carries `discharge_date`, so the version follows from
/// it) and hand the pricer the final DRG plus the claim-level grouper fields for its output line.
pub fn group_for_pricing(
    grouper: &Grouper,
    claim: &Value,
) -> Result<crate::payment::jsonl::GroupedDrg, String> {
    let parsed = Claim::from_json(claim).map_err(|e| e.to_string())?;
    let result = grouper.group(&parsed).map_err(|e| e.to_string())?;
    let full = result_json(claim.get("id"), grouper, &result);
    let mut fields = Map::new();
    for key in [
        "version",
        "initial_drg",
        "final_drg",
        "final_mdc",
        "final_base_drg",
        "final_severity",
        "final_drg_title",
        "initial_return_code",
        "return_code",
        "hac_status",
    ] {
        fields.insert(key.to_string(), full[key].clone());
    }
    Ok(crate::payment::jsonl::GroupedDrg {
        final_drg: result.final_.drg,
        fields,
    })
}
