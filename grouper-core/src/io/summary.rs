//! The batch summary an analyst reads at the end of a run: counts, case-mix index, payments,
//! counts by MDC and DRG, and the claims the pricer did not pay, by return code.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use super::edit::EditedClaim;
use super::jsonl::WeightedResult;
use super::price::PriceOutcome;
use super::warning::{Warning, WarningKind};
use super::ErrorKind;
use crate::mce::{Edit, EditType};

/// `name: count` pairs, comma-separated.
fn counts<'a>(pairs: impl Iterator<Item = (&'a str, usize)>) -> String {
    pairs
        .map(|(name, n)| format!("{name}: {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a batch produced. Sums are exact decimals; means are shown to 4 places.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Records grouped (a DRG 999 is a grouping result too).
    pub grouped: usize,
    /// Records priced or refused by the pricer.
    pub priced: usize,
    /// Records that could not be processed (an error record).
    pub failed: usize,
    /// Blank input lines skipped (not records: they have no output record).
    pub blank_lines: usize,
    /// Sum of the final DRGs' relative weights, over the records that have one.
    pub weight_sum: Decimal,
    /// Records with a relative weight.
    pub weighted: usize,
    /// Records grouped to DRG 998 or 999 (ungroupable): they have no relative weight and are
    /// not in the case-mix index.
    pub ungroupable: usize,
    /// Sum of the expected payments (priced records; refused ones count 0.00).
    pub payment_sum: Decimal,
    /// Records by final MDC.
    pub by_mdc: BTreeMap<u8, usize>,
    /// Records by final (or priced) DRG.
    pub by_drg: BTreeMap<u16, usize>,
    /// Claims the pricer did not pay, by return code.
    pub not_paid: BTreeMap<String, usize>,
    /// Failed records by error kind.
    pub failed_by_kind: BTreeMap<ErrorKind, usize>,
    /// Warnings by kind (a record may have several).
    pub warnings_by_kind: BTreeMap<WarningKind, usize>,
    /// Input CSV columns the claim format does not read (echoed on the output, not used).
    pub passthrough_columns: Vec<String>,
    /// `drg edit`: records edited.
    #[serde(skip_serializing_if = "is_zero")]
    pub edited: usize,
    /// `drg edit`: records by edit type.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_edit_type: BTreeMap<EditType, usize>,
    /// `drg edit`: claims with each edit.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub claims_by_edit: BTreeMap<Edit, usize>,
    /// `drg edit`: occurrences of each edit (codes, plus the claim-level edits).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub edits_by_edit: BTreeMap<Edit, usize>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Add the counts and sums of `other` (the summary of other records) to this one: a run
    /// summarises each chunk of records on the worker that processed it, then merges them.
    /// Every part is a count or an exact sum, so the order of the merges does not matter.
    pub fn merge(&mut self, other: Summary) {
        fn add_counts<K: Ord>(into: &mut BTreeMap<K, usize>, from: BTreeMap<K, usize>) {
            for (k, n) in from {
                *into.entry(k).or_default() += n;
            }
        }
        // Destructured: a field added to the summary must be merged here too.
        let Summary {
            records,
            grouped,
            priced,
            failed,
            blank_lines,
            weight_sum,
            weighted,
            ungroupable,
            payment_sum,
            by_mdc,
            by_drg,
            not_paid,
            failed_by_kind,
            warnings_by_kind,
            passthrough_columns,
            edited,
            by_edit_type,
            claims_by_edit,
            edits_by_edit,
        } = other;
        self.records += records;
        self.grouped += grouped;
        self.priced += priced;
        self.failed += failed;
        self.blank_lines += blank_lines;
        self.weight_sum += weight_sum;
        self.weighted += weighted;
        self.ungroupable += ungroupable;
        self.payment_sum += payment_sum;
        add_counts(&mut self.by_mdc, by_mdc);
        add_counts(&mut self.by_drg, by_drg);
        add_counts(&mut self.not_paid, not_paid);
        add_counts(&mut self.failed_by_kind, failed_by_kind);
        add_counts(&mut self.warnings_by_kind, warnings_by_kind);
        if self.passthrough_columns.is_empty() {
            self.passthrough_columns = passthrough_columns;
        }
        self.edited += edited;
        add_counts(&mut self.by_edit_type, by_edit_type);
        add_counts(&mut self.claims_by_edit, claims_by_edit);
        add_counts(&mut self.edits_by_edit, edits_by_edit);
    }

    /// Count a grouping result.
    pub fn add_grouping(&mut self, r: &WeightedResult) {
        self.records += 1;
        self.grouped += 1;
        self.add_warnings(&r.warnings);
        *self.by_mdc.entry(r.result.final_.mdc).or_default() += 1;
        *self.by_drg.entry(r.result.final_.drg).or_default() += 1;
        if matches!(r.result.final_.drg, 998 | 999) {
            self.ungroupable += 1;
        } else if let Some(w) = &r.weights {
            self.weight_sum += w.relative_weight;
            self.weighted += 1;
        }
    }

    /// Count a pricing outcome.
    pub fn add_pricing(&mut self, outcome: &PriceOutcome) {
        self.records += 1;
        self.priced += 1;
        let (grouped, warnings) = match outcome {
            PriceOutcome::Priced(p) => (&p.grouped, &p.warnings),
            PriceOutcome::Refused(r) => (&r.grouped, &r.warnings),
        };
        // A claim that gave its own `drg` was priced without being grouped.
        if !grouped.is_empty() {
            self.grouped += 1;
            if let Some(mdc) = grouped.get("final_mdc").and_then(serde_json::Value::as_u64) {
                let mdc = u8::try_from(mdc).unwrap_or(u8::MAX);
                *self.by_mdc.entry(mdc).or_default() += 1;
            }
        }
        self.add_warnings(warnings);
        match outcome {
            PriceOutcome::Priced(p) => {
                let payment = &p.payment;
                *self.by_drg.entry(payment.drg).or_default() += 1;
                self.weight_sum += payment.drg_relative_weight;
                self.weighted += 1;
                self.payment_sum += payment.total_payment;
            }
            PriceOutcome::Refused(r) => {
                *self.by_drg.entry(r.drg).or_default() += 1;
                let code = r.pricer_return_code.as_str().to_string();
                *self.not_paid.entry(code).or_default() += 1;
            }
        }
    }

    /// Count an MCE answer.
    pub fn add_editing(&mut self, r: &EditedClaim) {
        self.records += 1;
        self.edited += 1;
        self.add_warnings(&r.warnings);
        *self.by_edit_type.entry(r.result.edit_type).or_default() += 1;
        for (edit, n) in r.result.edits.iter() {
            *self.claims_by_edit.entry(edit).or_default() += 1;
            *self.edits_by_edit.entry(edit).or_default() += usize::from(n);
        }
    }

    /// Count a record that could not be processed, by the kind of error.
    pub fn add_failure(&mut self, kind: ErrorKind) {
        self.records += 1;
        self.failed += 1;
        *self.failed_by_kind.entry(kind).or_default() += 1;
    }

    fn add_warnings(&mut self, warnings: &[Warning]) {
        for w in warnings {
            *self.warnings_by_kind.entry(w.code).or_default() += 1;
        }
    }

    /// The `drg edit` lines: claims by edit type, and by edit (claims, occurrences).
    fn editing_text(&self, s: &mut String) {
        if self.edited == 0 {
            return;
        }
        let types: Vec<String> = self
            .by_edit_type
            .iter()
            .map(|(t, n)| format!("{}: {n}", t.name()))
            .collect();
        let _ = writeln!(s, "edited {} (edit type {})", self.edited, types.join(", "));
        let edits: Vec<String> = self
            .claims_by_edit
            .iter()
            .map(|(e, n)| {
                let occurrences = self.edits_by_edit.get(e).copied().unwrap_or_default();
                format!("{}: {n} claims ({occurrences})", e.name())
            })
            .collect();
        if !edits.is_empty() {
            let _ = writeln!(s, "edits by claims (occurrences) {}", edits.join(", "));
        }
    }

    /// Case-mix index: the mean relative weight, to 4 places.
    pub fn case_mix_index(&self) -> Option<Decimal> {
        (self.weighted > 0).then(|| (self.weight_sum / Decimal::from(self.weighted)).round_dp(4))
    }

    /// The summary as lines of text for stderr.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "records {}, grouped {}, priced {}, failed {}, blank lines skipped {}",
            self.records, self.grouped, self.priced, self.failed, self.blank_lines
        );
        self.editing_text(&mut s);
        if !self.failed_by_kind.is_empty() {
            let kinds = counts(self.failed_by_kind.iter().map(|(k, n)| (k.as_str(), *n)));
            let _ = writeln!(s, "failed by kind {kinds}");
        }
        if !self.warnings_by_kind.is_empty() {
            let total: usize = self.warnings_by_kind.values().sum();
            let kinds = counts(self.warnings_by_kind.iter().map(|(k, n)| (k.as_str(), *n)));
            let _ = writeln!(s, "warnings {total} ({kinds})");
        }
        if !self.passthrough_columns.is_empty() {
            let _ = writeln!(
                s,
                "columns not read (echoed on the output) {}",
                self.passthrough_columns.join(", ")
            );
        }
        if let Some(cmi) = self.case_mix_index() {
            let _ = writeln!(
                s,
                "case-mix index {cmi} (sum of weights {} over {} claims{})",
                self.weight_sum,
                self.weighted,
                match self.ungroupable {
                    0 => String::new(),
                    n => format!("; {n} ungroupable (DRG 998/999) not counted"),
                }
            );
        }
        if self.priced > 0 {
            let mean = (self.payment_sum / Decimal::from(self.priced)).round_dp(2);
            let _ = writeln!(s, "total payment {}, mean {mean}", self.payment_sum);
        }
        let mut top: Vec<(&u16, &usize)> = self.by_drg.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = top
            .iter()
            .take(10)
            .map(|(d, n)| format!("{d:03}: {n}"))
            .collect();
        if !listed.is_empty() {
            let _ = writeln!(s, "top DRGs {}", listed.join(", "));
        }
        if !self.by_mdc.is_empty() {
            let mdcs: Vec<String> = self
                .by_mdc
                .iter()
                .map(|(m, n)| format!("{m:02}: {n}"))
                .collect();
            let _ = writeln!(s, "by MDC {}", mdcs.join(", "));
        }
        if !self.not_paid.is_empty() {
            let codes: Vec<String> = self
                .not_paid
                .iter()
                .map(|(c, n)| format!("{c}: {n}"))
                .collect();
            let _ = writeln!(s, "not paid by return code {}", codes.join(", "));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grouping::grouper::Grouper;
    use crate::io::{group_record, InputRecord, ReadOptions};

    /// The summary of `examples/claims.jsonl` (with a line that is not JSON and one with an
    /// unknown field, for a failure and a warning), one record at a time.
    fn records() -> Vec<Result<WeightedResult, ErrorKind>> {
        let grouper = Grouper::embedded().expect("embedded tables");
        let tables = crate::payment::PaymentTableSet::embedded().expect("IPPS tables");
        let text = include_str!("../../../examples/claims.jsonl");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.insert(2, "not json".to_string());
        let with_unknown = lines[0].replacen('{', r#"{"unknown_field":1,"#, 1);
        lines.push(with_unknown);
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let record = InputRecord::new(i + 1, line.clone());
                group_record(&grouper, Some(&tables), &record, ReadOptions::default())
                    .map_err(|e| e.error_kind)
            })
            .collect()
    }

    fn add(summary: &mut Summary, outcome: &Result<WeightedResult, ErrorKind>) {
        match outcome {
            Ok(r) => summary.add_grouping(r),
            Err(kind) => summary.add_failure(*kind),
        }
    }

    #[test]
    fn summaries_of_chunks_merged_are_the_summary_of_every_record() {
        let records = records();
        let mut whole = Summary::default();
        records.iter().for_each(|r| add(&mut whole, r));
        assert!(whole.failed >= 1 && whole.weighted >= 1, "{whole:?}");
        assert!(!whole.warnings_by_kind.is_empty(), "{whole:?}");
        for chunk in [1, 2, 3, 64] {
            let parts: Vec<Summary> = records
                .chunks(chunk)
                .map(|c| {
                    let mut part = Summary::default();
                    c.iter().for_each(|r| add(&mut part, r));
                    part
                })
                .collect();
            let mut forward = Summary::default();
            parts.iter().cloned().for_each(|p| forward.merge(p));
            assert_eq!(forward, whole, "chunks of {chunk}");
            let mut backward = Summary::default();
            parts.into_iter().rev().for_each(|p| backward.merge(p));
            assert_eq!(backward, whole, "chunks of {chunk}, merged last to first");
        }
    }
}
