//! Code look-up for a coder's screen: the diagnosis and procedure codes a grouper version knows,
//! found by code prefix, or by words of their titles when CMS's order files are loaded.
//!
//! The MS-DRG definition tables carry no code titles (CMS publishes them separately, as the
//! ICD-10-CM and ICD-10-PCS "order files"), so titles come from [`CodeTitles`], read from those
//! files when a user gives them; without them a look-up matches code prefixes only.

use std::collections::HashMap;

use nom::bytes::complete::take;
use nom::character::complete::{char, digit1, one_of, space0};
use nom::IResult;
use serde::Serialize;

use super::grouper::Grouper;
use crate::codes::{normalize, unpack};
use crate::error::GroupError;
use crate::tables::{CcLevel, TableError};

/// Diagnosis or procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// An ICD-10-CM diagnosis code.
    Diagnosis,
    /// An ICD-10-PCS procedure code.
    Procedure,
}

/// One code a look-up found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeMatch {
    /// The code, canonical (upper case, no dot).
    pub code: String,
    /// Diagnosis or procedure.
    pub kind: CodeKind,
    /// Its title from the loaded order files, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A diagnosis's MDC as principal diagnosis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mdc: Option<u8>,
    /// A diagnosis's severity as a secondary diagnosis (before CC exclusion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<CcLevel>,
}

/// Code titles from CMS's ICD-10-CM and ICD-10-PCS order files (`icd10cm_order_YYYY.txt`,
/// `icd10pcs_order_YYYY.txt`): the long title of every code.
#[derive(Debug, Clone, Default)]
pub struct CodeTitles {
    titles: HashMap<String, String>,
    /// The files read, for `GET /tables`-like reports.
    pub sources: Vec<String>,
}

/// One order-file line: order number, code, billable flag, short title, long title.
fn order_line(line: &str) -> IResult<&str, (&str, &str, &str)> {
    let (rest, _order) = digit1(line)?;
    let (rest, _) = char(' ')(rest)?;
    let (rest, code) = take(7usize)(rest)?;
    let (rest, _) = char(' ')(rest)?;
    let (rest, _billable) = one_of("01")(rest)?;
    let (rest, _) = char(' ')(rest)?;
    let (rest, short) = take(60usize.min(rest.chars().count()))(rest)?;
    let (long, _) = space0(rest)?;
    Ok(("", (code.trim(), short.trim(), long.trim())))
}

impl CodeTitles {
    /// Read titles from an order file's text (fixed columns: order number, code padded to 7,
    /// billable flag, short title padded to 60, long title). A line that is not of that form is
    /// an error at its line and column.
    pub fn add_order_file(&mut self, file: &str, text: &str) -> Result<usize, TableError> {
        let mut read = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let (code, short, long) = order_line(line).map(|(_, v)| v).map_err(|_| {
                TableError::parse(
                    file,
                    i + 1,
                    1,
                    "not an ICD-10 order-file line (order number, code, 0/1, short and long title)",
                )
            })?;
            let title = if long.is_empty() { short } else { long };
            if code.is_empty() || title.is_empty() {
                return Err(TableError::parse(file, i + 1, 7, "no code or no title"));
            }
            self.titles.insert(normalize(code), title.to_string());
            read += 1;
        }
        self.sources.push(file.to_string());
        Ok(read)
    }

    /// Read an order file from disk (see [`CodeTitles::add_order_file`]).
    pub fn load_order_file(&mut self, path: &std::path::Path) -> Result<usize, TableError> {
        let text = TableError::read_text(path)?;
        self.add_order_file(&path.display().to_string(), &text)
    }

    /// The title of a canonical code.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.titles.get(code).map(String::as_str)
    }

    /// Number of codes with a title.
    pub fn len(&self) -> usize {
        self.titles.len()
    }

    /// Whether no title is loaded.
    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }
}

/// The codes of one grouper version, sorted, for look-ups: built once per version.
#[derive(Debug, Clone)]
pub struct CodeIndex {
    /// The grouper version.
    pub version: u16,
    codes: Vec<CodeMatch>,
}

impl CodeIndex {
    /// The diagnosis and procedure codes `version` knows, with their titles when given.
    pub fn new(
        grouper: &Grouper,
        version: u16,
        titles: Option<&CodeTitles>,
    ) -> Result<CodeIndex, GroupError> {
        let version = grouper.resolve_version(crate::VersionChoice::Version(version))?;
        let tables = grouper.tables()?;
        let entry = |key, kind, diagnosis: Option<(u8, CcLevel)>| {
            let code = unpack(key);
            CodeMatch {
                title: titles.and_then(|t| t.get(&code)).map(str::to_string),
                code,
                kind,
                mdc: diagnosis.map(|d| d.0),
                severity: diagnosis.map(|d| d.1),
            }
        };
        let diagnoses = tables
            .diagnoses
            .iter()
            .filter(|r| r.versions.contains(version))
            .map(|r| entry(r.code, CodeKind::Diagnosis, Some((r.mdc, r.severity))));
        let procedures = tables
            .procedures
            .iter()
            .filter(|r| r.versions.contains(version))
            .map(|r| entry(r.code, CodeKind::Procedure, None));
        let mut codes: Vec<CodeMatch> = diagnoses.chain(procedures).collect();
        codes.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(CodeIndex { version, codes })
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the version knows no code.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// At most `limit` codes for `query`: the codes starting with it (written with or without
    /// the ICD-10-CM dot, any case), in code order; when none does, the codes whose title holds
    /// every word of the query (case-insensitive), in code order. `kind` keeps one kind only.
    pub fn search(&self, query: &str, kind: Option<CodeKind>, limit: usize) -> Vec<&CodeMatch> {
        let wanted = |m: &&CodeMatch| kind.is_none_or(|k| m.kind == k);
        let prefix = normalize(query);
        if prefix.is_empty() || limit == 0 {
            return Vec::new();
        }
        let start = self
            .codes
            .partition_point(|m| m.code.as_str() < prefix.as_str());
        let by_code: Vec<&CodeMatch> = self.codes[start..]
            .iter()
            .take_while(|m| m.code.starts_with(&prefix))
            .filter(wanted)
            .take(limit)
            .collect();
        if !by_code.is_empty() {
            return by_code;
        }
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.codes
            .iter()
            .filter(wanted)
            .filter(|m| {
                m.title.as_deref().is_some_and(|t| {
                    let t = t.to_lowercase();
                    words.iter().all(|w| t.contains(w.as_str()))
                })
            })
            .take(limit)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: &str = "00001 A00     0 Cholera                                                      Cholera
00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae               Cholera due to Vibrio cholerae 01, biovar cholerae
";

    #[test]
    fn order_file_lines_give_the_long_title() {
        let mut titles = CodeTitles::default();
        assert_eq!(titles.add_order_file("order.txt", ORDER).unwrap(), 2);
        assert_eq!(
            titles.get("A000"),
            Some("Cholera due to Vibrio cholerae 01, biovar cholerae")
        );
        assert_eq!(titles.get("A00"), Some("Cholera"));
    }

    #[test]
    fn a_line_not_of_the_order_form_is_an_error_at_its_line() {
        let mut titles = CodeTitles::default();
        let err = titles
            .add_order_file("order.txt", "00001 A00     0 Cholera\nA001 cholera\n")
            .unwrap_err();
        assert!(err.to_string().contains("order.txt:2:1"), "{err}");
    }
}
