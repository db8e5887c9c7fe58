//! The `drg group` JSON line written directly into the output buffer.
//!
//! The line is serde_json's compact serialisation of [`WeightedResult`], byte for byte (the
//! test `direct_writer_equals_serde_on_every_golden_claim` holds it to that), but written
//! without serde's per-field machinery: the keys and punctuation are byte-string constants
//! copied in runs, a code is copied as it is when it needs no escape, and enum values are
//! copied from their serde_json text ([`super::enum_json`]); the weights' decimals are written
//! by the [`DecimalText`] that serialises them. The claim's id, warnings and passed-through
//! columns still go through serde_json, so every name and escape rule has one source.

use std::io;

use serde::Serialize;
use serde_json::Value;

use super::enum_json::{write_optional, EnumJson};
use super::json_text::needs_escape;
use super::jsonl::WeightedResult;
use super::warning::Warning;
use crate::grouping::result::{DiagnosisResult, DrgAssignment, GroupingResult, ProcedureResult};
use crate::payment::decimal_text::DecimalText;

/// Append `record`'s JSON line (with its newline) to `out`.
pub(crate) fn write_weighted(record: &WeightedResult, out: &mut Vec<u8>) -> io::Result<()> {
    write_result(&record.result, out)?;
    out.extend_from_slice(b",\"line\":");
    write_value(&record.line, out)?;
    if let Some(w) = &record.weights {
        // Flattened: the fields of `DrgWeights`, decimals as `de::factor` writes them.
        out.extend_from_slice(b",\"weight_fiscal_year\":");
        write_value(&w.weight_fiscal_year, out)?;
        for (key, value) in [
            (&b",\"relative_weight\":\""[..], w.relative_weight),
            (b"\",\"geometric_mean_los\":\"", w.geometric_mean_los),
            (b"\",\"arithmetic_mean_los\":\"", w.arithmetic_mean_los),
        ] {
            out.extend_from_slice(key);
            out.extend_from_slice(DecimalText::new(value).as_bytes());
        }
        out.push(b'"');
    }
    write_end(
        &record.warnings,
        record.passthrough.as_ref(),
        record.edits.as_ref(),
        out,
    )
}

/// The fields every record ends with (`warnings` when there are any, the echoed columns, the
/// Medicare Code Editor's answer), the closing brace and the newline.
pub(super) fn write_end(
    warnings: &[Warning],
    passthrough: Option<&Value>,
    edits: Option<&Value>,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    if !warnings.is_empty() {
        out.extend_from_slice(b",\"warnings\":");
        write_warnings(warnings, out)?;
    }
    if let Some(p) = passthrough {
        out.extend_from_slice(b",\"passthrough\":");
        write_value(p, out)?;
    }
    if let Some(e) = edits {
        out.extend_from_slice(b",\"edits\":");
        write_value(e, out)?;
    }
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// `warnings` as serde_json writes them: a code normalised on every line of an export makes
/// warnings as common as codes.
fn write_warnings(warnings: &[Warning], out: &mut Vec<u8>) -> io::Result<()> {
    for (i, w) in warnings.iter().enumerate() {
        out.extend_from_slice(if i == 0 {
            b"[{\"code\":"
        } else {
            b",{\"code\":"
        });
        w.code.write_json(out)?;
        if let Some(field) = &w.field {
            out.extend_from_slice(b",\"field\":");
            write_str(field, out)?;
        }
        out.extend_from_slice(b",\"message\":");
        write_str(&w.message, out)?;
        out.push(b'}');
    }
    out.push(b']');
    Ok(())
}

/// The contract fields of `result`, from the opening brace, without the closing one.
fn write_result(r: &GroupingResult, out: &mut Vec<u8>) -> io::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    write_value(&r.id, out)?;
    out.extend_from_slice(b",\"version\":");
    write_value(&r.version, out)?;
    write_assignment(b",\"initial_", &r.initial, out)?;
    write_assignment(b",\"final_", &r.final_, out)?;
    out.extend_from_slice(b",\"initial_return_code\":");
    r.initial.return_code.write_json(out)?;
    out.extend_from_slice(b",\"return_code\":");
    r.final_.return_code.write_json(out)?;
    out.extend_from_slice(b",\"hac_status\":");
    r.hac_status.write_json(out)?;
    out.extend_from_slice(b",\"pdx\":");
    write_diagnosis(&r.principal_diagnosis, out)?;
    if let Some(a) = &r.admit_diagnosis {
        out.extend_from_slice(b",\"admit_dx\":");
        write_diagnosis(a, out)?;
    }
    out.extend_from_slice(b",\"sdx\":[");
    for (i, d) in r.secondary_diagnoses.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_diagnosis(d, out)?;
    }
    out.extend_from_slice(b"],\"procs\":[");
    for (i, p) in r.procedures.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_procedure(p, out)?;
    }
    out.push(b']');
    Ok(())
}

/// One DRG assignment's six fields, each key starting with `prefix` (`,"initial_`).
fn write_assignment(prefix: &[u8], a: &DrgAssignment, out: &mut Vec<u8>) -> io::Result<()> {
    let field = |name: &[u8], out: &mut Vec<u8>| {
        out.extend_from_slice(prefix);
        out.extend_from_slice(name);
    };
    field(b"drg\":", out);
    write_value(&a.drg, out)?;
    field(b"mdc\":", out);
    write_value(&a.mdc, out)?;
    field(b"base_drg\":", out);
    write_value(&a.base_drg, out)?;
    field(b"severity\":", out);
    a.severity.write_json(out)?;
    field(b"med_surg\":", out);
    a.med_surg.write_json(out)?;
    field(b"drg_title\":", out);
    match &a.title {
        Some(t) => write_str(t, out),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

fn write_diagnosis(d: &DiagnosisResult, out: &mut Vec<u8>) -> io::Result<()> {
    out.extend_from_slice(b"{\"code\":");
    write_str(&d.code, out)?;
    out.extend_from_slice(b",\"poa\":");
    d.poa.write_json(out)?;
    out.extend_from_slice(if d.valid {
        b",\"valid\":true,\"severity\":"
    } else {
        b",\"valid\":false,\"severity\":"
    });
    write_optional(d.severity, out)?;
    out.extend_from_slice(b",\"drg_impact\":");
    d.drg_impact.write_json(out)?;
    out.extend_from_slice(b",\"poa_error\":");
    d.poa_error.write_json(out)?;
    out.extend_from_slice(b",\"hacs\":");
    write_last_list(&d.hacs, out)
}

/// A record's last field, a list (`[]` copied when empty), and the record's closing brace.
fn write_last_list<T: Serialize>(list: &[T], out: &mut Vec<u8>) -> io::Result<()> {
    if list.is_empty() {
        out.extend_from_slice(b"[]}");
    } else {
        write_value(list, out)?;
        out.push(b'}');
    }
    Ok(())
}

fn write_procedure(p: &ProcedureResult, out: &mut Vec<u8>) -> io::Result<()> {
    out.extend_from_slice(b"{\"code\":");
    write_str(&p.code, out)?;
    out.extend_from_slice(match (p.valid, p.is_or) {
        (true, true) => b",\"valid\":true,\"is_or\":true,\"drg_impact\":",
        (true, false) => b",\"valid\":true,\"is_or\":false,\"drg_impact\":",
        (false, true) => b",\"valid\":false,\"is_or\":true,\"drg_impact\":",
        (false, false) => b",\"valid\":false,\"is_or\":false,\"drg_impact\":",
    });
    p.drg_impact.write_json(out)?;
    out.extend_from_slice(b",\"hac_usage\":");
    write_last_list(&p.hac_usage, out)
}

/// A JSON string: copied between quotes when nothing in it needs an escape (the bytes
/// serde_json escapes: controls, `"` and `\`), else written by serde_json.
pub(super) fn write_str(s: &str, out: &mut Vec<u8>) -> io::Result<()> {
    if !needs_escape(s.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        write_value(s, out)
    }
}

/// `value` as serde_json writes it compactly.
pub(super) fn write_value<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::warning::WarningKind;
    use crate::io::{group_record, InputRecord, ReadOptions};
    use crate::payment::PaymentTableSet;

    #[test]
    fn strings_print_as_serde_does() {
        let mut every_byte = String::new();
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['é', '\u{2028}', '\u{10FFFF}'])
        {
            every_byte.push(c);
            let single = c.to_string();
            for text in [single.as_str(), every_byte.as_str(), "plain words", ""] {
                let mut ours = Vec::new();
                write_str(text, &mut ours).expect("write");
                assert_eq!(ours, serde_json::to_vec(text).expect("serde"), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        /// Strings of the bytes around each boundary of the escape test, at every alignment.
        #[test]
        fn generated_strings_print_as_serde_does(
            text in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    '\0', '\u{1f}', ' ', '!', '"', '#', '[', '\\', ']', '\u{7f}', 'é', '\u{2028}', 'A',
                ]),
                proptest::char::any(),
            ], 0..40)
        ) {
            let text: String = text.into_iter().collect();
            let escaped = |b: &u8| *b < 0x20 || *b == b'"' || *b == b'\\';
            proptest::prop_assert_eq!(needs_escape(text.as_bytes()), text.bytes().any(|b| escaped(&b)));
            let mut ours = Vec::new();
            write_str(&text, &mut ours).expect("write");
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&text).expect("serde"));
        }
    }

    #[test]
    fn warnings_print_as_serde_does() {
        let kinds = WarningKind::VARIANTS;
        let texts = ["sdx[2].code", "", "\"quoted\" \\ and \u{1}", "é\u{2028}"];
        let mut all = Vec::new();
        for (i, kind) in kinds.iter().copied().enumerate() {
            for field in [None, Some(texts[i % texts.len()])] {
                all.push(Warning::new(kind, field, texts[(i + 1) % texts.len()]));
            }
        }
        for n in [1, 2, all.len()] {
            let mut ours = Vec::new();
            write_warnings(&all[..n], &mut ours).expect("write");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                serde_json::to_string(&all[..n]).expect("serde")
            );
        }
    }

    fn serde_line(record: &WeightedResult) -> Vec<u8> {
        let mut out = serde_json::to_vec(record).expect("serde");
        out.push(b'\n');
        out
    }

    fn direct_line(record: &WeightedResult) -> Vec<u8> {
        let mut out = Vec::new();
        write_weighted(record, &mut out).expect("direct");
        out
    }

    #[test]
    fn direct_writer_equals_serde_on_every_golden_claim() {
        let grouper = crate::Grouper::embedded().expect("tables");
        let weights = PaymentTableSet::embedded().expect("IPPS tables");
        let mut compared = 0;
        for version in [400, 401, 410, 411, 420, 421, 430, 431, 440] {
            for (i, line) in crate::golden::lines(version).into_iter().enumerate() {
                let record = InputRecord::new(i + 1, line);
                let options = ReadOptions::default();
                let Ok(mut result) = group_record(&grouper, None, &record, options) else {
                    continue;
                };
                assert_eq!(direct_line(&result), serde_line(&result), "{}", record.text);
                result.weights =
                    crate::io::drg_weights(&grouper, &weights, &result.result).expect("weights");
                assert_eq!(direct_line(&result), serde_line(&result), "{}", record.text);
                compared += 1;
            }
        }
        assert!(compared > 30_000, "{compared}");
    }

    #[test]
    fn codes_ids_and_columns_that_need_escapes_are_escaped_as_serde_does() {
        let grouper = crate::Grouper::embedded().expect("tables");
        let line = r#"{"id":"a\"b\\c\u0001é","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I50\"23","poa":"Y"},"sdx":[{"code":"N1\\79"},{"code":"É11"},{"code":"i10"}],"procedures":[{"code":"0\u000721"}],"passthrough":{"k\"":"v\n"}}"#;
        let record = InputRecord::new(1, line);
        let result = group_record(&grouper, None, &record, ReadOptions::default())
            .expect("a result with warnings");
        assert!(
            !result.warnings.is_empty(),
            "the lower-case code is reported"
        );
        let line = serde_line(&result);
        assert!(String::from_utf8_lossy(&line).contains(r#""code":"I50\"23""#));
        assert_eq!(direct_line(&result), line);
    }
}
