//! nom parser for the delimited text forms CMS ships: comma-separated tables (pricer CSVs,
//! IPSF export) and the tab-separated Table 5, where a quoted field may span lines.
//!
//! Records keep the 1-based line and column of each field so that every later conversion
//! error names file, line and column.

use nom::branch::alt;
use nom::bytes::complete::{is_not, tag, take_till};
use nom::character::complete::char;
use nom::combinator::value;
use nom::multi::many0;
use nom::sequence::terminated;
use nom::IResult;

use super::error::TableError;

/// One field of a record, unquoted, with its 1-based column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub text: String,
    pub column: usize,
}

/// One record (usually one line) with its 1-based starting line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<Field>,
}

impl Record {
    /// True for a line with no content at all (trailing blank lines, Table 5's tab-only footer).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.text.trim().is_empty())
    }
}

/// A quoted field: `"..."` with `""` standing for one quote; may contain delimiters and newlines.
fn quoted(input: &str) -> IResult<&str, String> {
    let (rest, _) = char('"')(input)?;
    let (rest, parts) = many0(alt((is_not("\""), value("\"", tag("\"\"")))))(rest)?;
    let (rest, _) = char('"')(rest)?;
    Ok((rest, parts.concat()))
}

fn unquoted(delimiter: char) -> impl Fn(&str) -> IResult<&str, &str> {
    move |input| take_till(|c| c == delimiter || c == '\r' || c == '\n')(input)
}

/// [`unquoted`] for an ASCII delimiter, on bytes.
fn unquoted_bytes(delimiter: u8) -> impl Fn(&[u8]) -> IResult<&[u8], &[u8]> {
    move |input| take_till(|b| b == delimiter || b == b'\r' || b == b'\n')(input)
}

fn line_ending(input: &str) -> IResult<&str, &str> {
    alt((tag("\r\n"), tag("\n"), tag("\r")))(input)
}

/// The 1-based line and column of a position moving forward through the text, advanced by
/// what is consumed, so that positioning every field costs O(field), not O(offset): the whole
/// file is read in linear time. Lines are counted at `\n` (a `\r\n` or `\n` line ending).
#[derive(Debug, Clone, Copy)]
struct Cursor {
    line: usize,
    column: usize,
}

impl Cursor {
    /// Advance over text without a line break (an unquoted field, a delimiter): the common
    /// case, without a search for `\n`.
    fn advance_within_line(&mut self, consumed: &str) {
        self.column += if consumed.is_ascii() {
            consumed.len()
        } else {
            consumed.chars().count()
        };
    }

    fn advance(&mut self, consumed: &str) {
        match consumed.rfind('\n') {
            Some(last) => {
                self.line += consumed.bytes().filter(|b| *b == b'\n').count();
                self.column = consumed[last + 1..].chars().count() + 1;
            }
            None => self.column += consumed.chars().count(),
        }
    }
}

/// One field at the start of `rest`: its text and what follows it.
fn next_field<'a>(
    file: &str,
    rest: &'a str,
    delimiter: char,
    at: Cursor,
    line: usize,
) -> Result<(&'a str, String), TableError> {
    if rest.starts_with('"') {
        quoted(rest)
            .map_err(|_| TableError::parse(file, line, at.column, "unterminated quoted field"))
    } else if delimiter.is_ascii() {
        // On bytes: the delimiter and the line breaks are ASCII, so the field ends on a
        // character boundary, and no character is decoded on the way.
        let taken = unquoted_bytes(delimiter as u8)(rest.as_bytes())
            .map_or(rest.len(), |(_, field): (&[u8], &[u8])| field.len());
        Ok((&rest[taken..], rest[..taken].to_string()))
    } else {
        unquoted(delimiter)(rest)
            .map(|(after, s)| (after, s.to_string()))
            .map_err(|_| TableError::parse(file, line, at.column, "unreadable field"))
    }
}

/// Move `rest` on to `after` (a suffix of it), advancing `at` over what is skipped.
fn step<'a>(rest: &mut &'a str, after: &'a str, at: &mut Cursor) {
    at.advance(&rest[..rest.len() - after.len()]);
    *rest = after;
}

/// [`step`] over text that holds no `\n` (an unquoted field or a delimiter).
fn step_within_line<'a>(rest: &mut &'a str, after: &'a str, at: &mut Cursor) {
    at.advance_within_line(&rest[..rest.len() - after.len()]);
    *rest = after;
}

/// Split `text` into records of `delimiter`-separated fields (linear in the text's length).
pub(crate) fn parse_records(
    file: &str,
    text: &str,
    delimiter: char,
) -> Result<Vec<Record>, TableError> {
    let mut records = Vec::new();
    each_record(file, text, delimiter, |r| {
        records.push(r);
        Ok(())
    })?;
    Ok(records)
}

/// The longest record (one line, or the lines of a record with a quoted newline) a table or
/// provider file may hold, in bytes. CMS's longest lines are IPSF rows of about 600 bytes; a
/// record beyond this cap is refused before its fields are kept.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Hand each record of `text` to `take` as it is read (linear time; only one record held).
/// A record longer than [`MAX_RECORD_BYTES`] and a last record without its line ending (a file
/// cut short, e.g. in the middle of a field) are errors naming line and column.
pub(crate) fn each_record(
    file: &str,
    text: &str,
    delimiter: char,
    mut take: impl FnMut(Record) -> Result<(), TableError>,
) -> Result<(), TableError> {
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut at = Cursor { line: 1, column: 1 };
    at.advance(&text[..text.len() - rest.len()]);
    while !rest.is_empty() {
        let line = at.line;
        let start = rest.len();
        let mut fields = Vec::new();
        loop {
            let column = at.column;
            let quoted = rest.starts_with('"');
            let (after, field) = next_field(file, rest, delimiter, at, line)?;
            fields.push(Field {
                text: field,
                column,
            });
            // Only a quoted field may hold a line break.
            if quoted {
                step(&mut rest, after, &mut at);
            } else {
                step_within_line(&mut rest, after, &mut at);
            }
            if start - rest.len() > MAX_RECORD_BYTES {
                return Err(too_long(file, line));
            }
            if let Ok((after, _)) = char::<&str, nom::error::Error<&str>>(delimiter)(rest) {
                step_within_line(&mut rest, after, &mut at);
                continue;
            }
            if rest.is_empty() {
                let record = Record { line, fields };
                if !record.is_blank() {
                    return Err(TableError::parse(
                        file,
                        at.line,
                        at.column,
                        "the file ends inside this line (no line ending): cut short?",
                    ));
                }
                return Ok(());
            }
            if let Ok((after, ending)) = line_ending(rest) {
                // A lone `\r` ends a record but not a counted line (see `Cursor`).
                if ending.ends_with('\n') {
                    at.line += 1;
                    at.column = 1;
                } else {
                    at.advance_within_line(ending);
                }
                rest = after;
                break;
            }
            return Err(TableError::parse(
                file,
                at.line,
                at.column,
                format!("expected {delimiter:?} or end of line after quoted field"),
            ));
        }
        take(Record { line, fields })?;
    }
    Ok(())
}

/// The error of a record longer than [`MAX_RECORD_BYTES`].
fn too_long(file: &str, line: usize) -> TableError {
    TableError::parse(
        file,
        line,
        1,
        format!("record longer than the limit of {MAX_RECORD_BYTES} bytes"),
    )
}

/// Keep only the fields after a `terminated` nom parser succeeds on the whole text: used by
/// the numeric field parsers to refuse trailing junk.
pub(crate) fn all_consumed<'a, O>(
    parser: impl FnMut(&'a str) -> IResult<&'a str, O>,
    input: &'a str,
) -> Option<O> {
    match terminated(parser, nom::combinator::eof)(input) {
        Ok((_, out)) => Some(out),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text written piece by piece, with the 1-based line and column of where the next piece
    /// starts: lines counted at `\n`, columns in characters (what `Record` promises).
    struct Written {
        text: String,
        line: usize,
        column: usize,
    }

    impl Written {
        fn push(&mut self, piece: &str) {
            for c in piece.chars() {
                if c == '\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            }
            self.text.push_str(piece);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// Every field's text, line and column, for unquoted fields (with a non-ASCII letter),
        /// quoted ones holding delimiters, quotes and line breaks, and `\n`, `\r\n` and lone
        /// `\r` record ends, with either delimiter.
        #[test]
        fn records_keep_each_fields_text_line_and_column(
            records in prop::collection::vec(
                prop::collection::vec(
                    (any::<bool>(), "[a-z\u{e9} 0-9.]{0,6}", "[a-z\u{e9},\t\"\r\n ]{0,6}"),
                    1..5,
                ),
                1..6,
            ),
            endings in prop::collection::vec(prop_oneof![Just("\n"), Just("\r\n"), Just("\r")], 6),
            tab in any::<bool>(),
        ) {
            let delimiter = if tab { '\t' } else { ',' };
            // A lone `\r` before a record whose text is empty and whose own ending starts with
            // `\n` would read as `\r\n`: it is written as `\n`. Decided from the last record
            // back, since the next record's ending may itself have been changed so.
            let mut ending_of = vec![""; records.len()];
            for r in (0..records.len()).rev() {
                let next_starts_with_newline = records.get(r + 1).is_some_and(|next| {
                    next.len() == 1 && !next[0].0 && next[0].1.is_empty() && ending_of[r + 1] != "\r"
                });
                ending_of[r] = if endings[r] == "\r" && next_starts_with_newline { "\n" } else { endings[r] };
            }
            let mut written = Written { text: String::new(), line: 1, column: 1 };
            let mut expected: Vec<Vec<(String, usize, usize)>> = Vec::new();
            for (r, fields) in records.iter().enumerate() {
                let mut record = Vec::new();
                for (i, (quoted, bare, inner)) in fields.iter().enumerate() {
                    if i > 0 {
                        written.push(&delimiter.to_string());
                    }
                    record.push((
                        if *quoted { inner.clone() } else { bare.clone() },
                        written.line,
                        written.column,
                    ));
                    if *quoted {
                        written.push(&format!("\"{}\"", inner.replace('"', "\"\"")));
                    } else {
                        written.push(bare);
                    }
                }
                written.push(ending_of[r]);
                expected.push(record);
            }
            let parsed = parse_records("t.csv", &written.text, delimiter).map_err(|e| e.to_string());
            let parsed: Vec<Vec<(String, usize, usize)>> = parsed
                .expect("a well-formed file")
                .into_iter()
                .map(|r| r.fields.into_iter().map(|f| (f.text, r.line, f.column)).collect())
                .collect();
            // A record's line is its first field's.
            let expected: Vec<Vec<(String, usize, usize)>> = expected
                .into_iter()
                .map(|r| {
                    let line = r[0].1;
                    r.into_iter().map(|(t, _, c)| (t, line, c)).collect()
                })
                .collect();
            prop_assert_eq!(parsed, expected);
        }
    }

    #[test]
    fn quoted_fields_may_hold_delimiters_quotes_and_newlines() {
        let text = "a,\"b,\"\"c\"\"\",d\r\n\"x\ny\",z\n";
        let recs = parse_records("t.csv", text, ',').map_err(|e| e.to_string());
        let recs = recs.as_deref().unwrap_or_default();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].fields[1].text, "b,\"c\"");
        assert_eq!(recs[0].fields[2].column, 13);
        assert_eq!(recs[1].line, 2);
        assert_eq!(recs[1].fields[0].text, "x\ny");
        assert_eq!(recs[1].fields[1].column, 4);
    }

    #[test]
    fn junk_after_closing_quote_names_line_and_column() {
        let err = parse_records("t.csv", "a,b\n1,\"2\"x\n", ',').map(|_| ());
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("t.csv:2:6: expected ',' or end of line after quoted field".to_string())
        );
    }
}
