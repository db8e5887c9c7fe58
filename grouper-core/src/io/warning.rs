//! Input honesty: everything a reader normalised, defaulted or ignored, reported on the output
//! record as a warning with a stable code, so that no input silently changes an answer.
//! `--strict` ([`ReadOptions::strict`]) makes any warning the record's error instead.

use serde::Serialize;
use serde_json::{Map, Value};

use super::ErrorRecord;

/// The closed set of warning codes (stable: scripts match on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A field (or a key inside a code object) the claim format does not know: ignored.
    UnknownField,
    /// A POA indicator that is not Y, N, U, W, 1 or blank: read as blank.
    InvalidPoa,
    /// A code written in lower case, with a dot, or with surrounding blanks: read in its
    /// canonical form (upper case, no dot).
    CodeNormalized,
    /// No age: 0 is used (the v40-v44 formulas do not read age).
    MissingAge,
    /// No sex: unknown is used.
    MissingSex,
    /// A sex that is not 0/1/2 or M/F/U: unknown is used.
    InvalidSex,
    /// No discharge status: read as an invalid status, as CMS does (not expired, not a
    /// transfer).
    MissingDischargeStatus,
    /// More secondary diagnoses or procedures than a CMS claim holds: the ones beyond were
    /// not grouped.
    CodesBeyondCmsLimit,
    /// A byte-order mark at the start of the input: removed.
    ByteOrderMarkStripped,
    /// A CSV row with more cells than the header has columns: the extra cells were ignored.
    RaggedRow,
    /// An indicator written in lower case (`waiverIndicator` `y`): read upper-cased, as the
    /// pricer reads it.
    IndicatorNormalized,
    /// `drg edit`: no length of stay: 7 days are used, as CMS's MCE answers do.
    MissingLengthOfStay,
}

impl WarningKind {
    /// The stable code as printed (`unknown_field`).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::UnknownField => "unknown_field",
            WarningKind::InvalidPoa => "invalid_poa",
            WarningKind::CodeNormalized => "code_normalized",
            WarningKind::MissingAge => "missing_age",
            WarningKind::MissingSex => "missing_sex",
            WarningKind::InvalidSex => "invalid_sex",
            WarningKind::MissingDischargeStatus => "missing_discharge_status",
            WarningKind::CodesBeyondCmsLimit => "codes_beyond_cms_limit",
            WarningKind::ByteOrderMarkStripped => "byte_order_mark_stripped",
            WarningKind::RaggedRow => "ragged_row",
            WarningKind::IndicatorNormalized => "indicator_normalized",
            WarningKind::MissingLengthOfStay => "missing_length_of_stay",
        }
    }
}

/// One warning on an output record: its code, the input field it is about, and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The stable warning code.
    pub code: WarningKind,
    /// The input field (`sdx[2].poa`), when the warning is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What was read and what was used instead.
    pub message: String,
}

impl Warning {
    /// A warning of `code` about `field`.
    pub fn new(code: WarningKind, field: Option<&str>, message: impl Into<String>) -> Self {
        Warning {
            code,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

impl Warning {
    /// A byte-order mark at the start of the input was removed (the JSON Lines and the CSV
    /// reader both report it on their first record).
    pub(super) fn byte_order_mark_stripped() -> Self {
        Warning::new(
            WarningKind::ByteOrderMarkStripped,
            None,
            "the input starts with a UTF-8 byte-order mark: removed",
        )
    }

    /// `field` is not a field of `format`: ignored.
    pub(super) fn unknown_field(field: String, format: &str) -> Self {
        let message = format!(
            "{} is not a field of {format}: ignored",
            crate::tables::TableError::excerpt(&field)
        );
        Warning {
            code: WarningKind::UnknownField,
            field: Some(field),
            message,
        }
    }
}

/// How strictly records are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Any warning makes the record an error record (`--strict`).
    pub strict: bool,
}

impl ReadOptions {
    /// Under `--strict`, the error record replacing a result that had `warnings`.
    pub fn refuse(
        &self,
        id: Option<&Value>,
        line: usize,
        warnings: &[Warning],
    ) -> Option<ErrorRecord> {
        let first = warnings.first().filter(|_| self.strict)?;
        let more = match warnings.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more warning)".to_string(),
            n => format!(" (and {n} more warnings)"),
        };
        let mut error = ErrorRecord::new(
            super::ErrorKind::Strict,
            id.cloned(),
            line,
            format!(
                "line {line}: --strict: {}: {}{more}",
                first.code.as_str(),
                first.message
            ),
            first.field.clone(),
        );
        error.warnings = warnings.to_vec();
        Some(error)
    }
}

/// The number of secondary diagnoses a CMS claim holds (the principal diagnosis plus 24 others,
/// the 837I/UB-04 limit the CMS grouper reads).
pub const CMS_SECONDARY_DIAGNOSES: usize = 24;
/// The number of procedures a CMS claim holds.
pub const CMS_PROCEDURES: usize = 25;

/// Every field of the claim format, for `drg group` and `drg price` alike (a pricing field on a
/// grouping claim is not a mistake, only unused).
pub const CLAIM_FIELDS: &[&str] = &[
    "id",
    "version",
    "discharge_date",
    "age",
    "sex",
    "discharge_status",
    "pdx",
    "admit_dx",
    "sdx",
    "procedures",
    "hospital_status",
    "drg",
    "length_of_stay",
    "total_charges",
    "ccn",
    "provider",
    "review_code",
    "covered_days",
    "lifetime_reserve_days",
    "condition_codes",
    "diagnosis_codes",
    "procedure_codes",
    super::PASSTHROUGH,
];

/// A warning for every key of `map` not in `known`; `prefix` names where the map is (`sdx[1]`).
pub fn unknown_fields(
    map: &Map<String, Value>,
    known: &[&str],
    prefix: &str,
    out: &mut Vec<Warning>,
) {
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        let field = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        out.push(Warning::unknown_field(field, "the claim format"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::enum_json::EnumJson;

    #[test]
    fn codes_are_the_serialised_names() {
        for kind in WarningKind::VARIANTS.iter().copied() {
            let json = serde_json::to_value(kind).unwrap_or_default();
            assert_eq!(json, Value::from(kind.as_str()));
        }
    }

    #[test]
    fn strict_refuses_only_with_warnings() {
        let strict = ReadOptions { strict: true };
        assert_eq!(strict.refuse(None, 3, &[]), None);
        let w = Warning::new(WarningKind::MissingAge, Some("age"), "no age: 0 used");
        assert_eq!(
            ReadOptions::default().refuse(None, 3, std::slice::from_ref(&w)),
            None
        );
        let e = strict.refuse(None, 3, &[w.clone(), w]).expect("refused");
        assert_eq!(
            e.error,
            "line 3: --strict: missing_age: no age: 0 used (and 1 more warning)"
        );
        assert_eq!(e.field.as_deref(), Some("age"));
    }
}
