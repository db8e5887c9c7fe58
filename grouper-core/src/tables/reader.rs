//! nom parsers for the tab-separated CMS definition tables.
//!
//! Every table shares one shape (a header line, then TAB-separated fields, `-` for an empty
//! list), so one row cursor serves them all. Errors carry file, line and column so that a user
//! who drops in a newer CMS release can fix a malformed line without reading our code.

use nom::{
    bytes::complete::{tag, take_till},
    character::complete::{char, digit1},
    combinator::{all_consuming, map_res, opt, recognize},
    multi::separated_list1,
    sequence::pair,
    IResult,
};

use super::TableError;
use crate::codes::{pack, CodeKey};
use crate::date::Date;

/// One data line of a table being parsed, with a cursor over its fields.
pub(crate) struct Row<'a> {
    file: &'a str,
    line_no: usize,
    line: &'a str,
    rest: &'a str,
    field_index: usize,
    done: bool,
}

/// One field and whether a TAB ended it (else it is the row's last).
fn field(input: &str) -> IResult<&str, (&str, bool)> {
    let (rest, value) = take_till(|c| c == '\t')(input)?;
    let (rest, tab) = opt(char('\t'))(rest)?;
    Ok((rest, (value, tab.is_some())))
}

fn integer(input: &str) -> IResult<&str, i64> {
    map_res(recognize(pair(opt(tag("-")), digit1)), str::parse::<i64>)(input)
}

fn list_item(input: &str) -> IResult<&str, &str> {
    take_till(|c| c == ',')(input)
}

impl<'a> Row<'a> {
    /// 1-based line number in the file.
    pub fn line(&self) -> usize {
        self.line_no
    }

    /// 1-based column of the cursor.
    pub fn column(&self) -> usize {
        self.line.len() - self.rest.len() + 1
    }

    /// An error at `column` of this row.
    pub fn error(&self, column: usize, message: impl Into<String>) -> TableError {
        TableError::parse(self.file, self.line_no, column, message)
    }

    /// The next raw field (any text up to the next TAB).
    pub fn text(&mut self, name: &str) -> Result<&'a str, TableError> {
        let column = self.column();
        if self.done {
            return Err(self.error(
                column,
                format!("missing field `{name}` (field {})", self.field_index + 1),
            ));
        }
        let (rest, (value, tab)) =
            field(self.rest).map_err(|_| self.error(column, format!("cannot read `{name}`")))?;
        self.rest = rest;
        self.done = !tab;
        self.field_index += 1;
        Ok(value)
    }

    /// The next field as a non-empty token.
    pub fn token(&mut self, name: &str) -> Result<&'a str, TableError> {
        let column = self.column();
        let value = self.text(name)?;
        if value.is_empty() {
            return Err(self.error(column, format!("empty field `{name}`")));
        }
        Ok(value)
    }

    /// The next field as an integer.
    pub fn int(&mut self, name: &str) -> Result<i64, TableError> {
        let column = self.column();
        let value = self.text(name)?;
        all_consuming(integer)(value).map(|(_, n)| n).map_err(|_| {
            self.error(
                column,
                format!("`{name}` is not an integer: {}", TableError::excerpt(value)),
            )
        })
    }

    /// The next field as an integer that must fit `T`.
    pub fn num<T: TryFrom<i64>>(&mut self, name: &str) -> Result<T, TableError> {
        let column = self.column();
        let value = self.int(name)?;
        T::try_from(value)
            .map_err(|_| self.error(column, format!("`{name}` {value} is out of range")))
    }

    /// The next field as an ICD-10 code (or cluster name).
    pub fn code(&mut self, name: &str) -> Result<CodeKey, TableError> {
        let column = self.column();
        let value = self.token(name)?;
        pack(value).ok_or_else(|| {
            self.error(
                column,
                format!("`{name}` {} is not a code", TableError::excerpt(value)),
            )
        })
    }

    /// The next field as a YYYYMMDD date.
    pub fn date(&mut self, name: &str) -> Result<Date, TableError> {
        let column = self.column();
        let value = self.token(name)?;
        match value.parse::<Date>() {
            Ok(date) if value.len() == 8 => Ok(date),
            _ => Err(self.error(
                column,
                format!(
                    "`{name}` {} is not a YYYYMMDD date",
                    TableError::excerpt(value)
                ),
            )),
        }
    }

    /// The next field as a `,`-separated list (`-` is the empty list).
    pub fn list(&mut self, name: &str) -> Result<Vec<&'a str>, TableError> {
        let column = self.column();
        let value = self.text(name)?;
        if value == "-" {
            return Ok(Vec::new());
        }
        let parsed: IResult<&str, Vec<&str>> =
            all_consuming(separated_list1(char(','), list_item))(value);
        match parsed {
            Ok((_, items)) if items.iter().all(|i| !i.is_empty()) => Ok(items),
            _ => Err(self.error(
                column,
                format!("`{name}` is not a list: {}", TableError::excerpt(value)),
            )),
        }
    }

    /// The next field as one of a closed set of words (a CMS code set), or a positioned error
    /// naming the words allowed.
    pub fn choice<T: Copy>(&mut self, name: &str, words: &[(&str, T)]) -> Result<T, TableError> {
        let column = self.column();
        let value = self.text(name)?;
        words
            .iter()
            .find(|(w, _)| *w == value)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let allowed: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
                self.error(
                    column,
                    format!(
                        "`{name}` {} is not one of {}",
                        TableError::excerpt(value),
                        allowed.join(", ")
                    ),
                )
            })
    }

    /// Check that every field was consumed.
    pub fn end(&self) -> Result<(), TableError> {
        if !self.done {
            return Err(self.error(self.column(), "unexpected extra field".to_string()));
        }
        Ok(())
    }
}

/// Parse every data line of a table with `parse_row`, checking the header first.
pub(crate) fn parse_table<'a, T>(
    file: &'a str,
    text: &'a str,
    header: &[&str],
    mut parse_row: impl FnMut(&mut Row<'a>) -> Result<T, TableError>,
) -> Result<Vec<T>, TableError> {
    let mut lines = text.split('\n').enumerate();
    let expected = header.join("\t");
    match lines.next() {
        Some((_, first)) if first.trim_end_matches('\r') == expected => {}
        Some((_, first)) => {
            return Err(TableError::parse(
                file,
                1,
                1,
                format!(
                    "header is {}, expected {expected:?}",
                    TableError::excerpt(first)
                ),
            ))
        }
        None => return Err(TableError::parse(file, 1, 1, "empty file")),
    }
    let mut rows = Vec::new();
    for (index, line) in lines {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let mut row = Row {
            file,
            line_no: index + 1,
            line,
            rest: line,
            field_index: 0,
            done: false,
        };
        let value = parse_row(&mut row)?;
        row.end()?;
        rows.push(value);
    }
    if rows.is_empty() {
        // A header-only table would load and then group every claim to 999 (or as medical).
        return Err(TableError::content(
            file,
            "no data rows (a table must not be empty)",
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<(String, i64, Vec<String>)>, TableError> {
        parse_table("t.tsv", text, &["code", "n", "attrs"], |row| {
            Ok((
                row.token("code")?.to_string(),
                row.int("n")?,
                row.list("attrs")?.iter().map(|s| s.to_string()).collect(),
            ))
        })
    }

    fn position(err: TableError) -> (String, usize, usize) {
        match err {
            TableError::Parse {
                file, line, column, ..
            } => (file, line, column),
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn parses_rows_and_lists() {
        let rows = parse("code\tn\tattrs\nA00\t400\ta,b\nB01\t-3\t-\n").unwrap();
        assert_eq!(rows[0], ("A00".into(), 400, vec!["a".into(), "b".into()]));
        assert_eq!(rows[1], ("B01".into(), -3, vec![]));
    }

    #[test]
    fn bad_integer_names_file_line_column() {
        let err = parse("code\tn\tattrs\nA00\t400\ta\nB01\t4x0\ta\n").unwrap_err();
        assert!(err.to_string().contains("`n` is not an integer"), "{err}");
        assert_eq!(position(err), ("t.tsv".into(), 3, 5));
    }

    #[test]
    fn missing_field_names_position() {
        let err = parse("code\tn\tattrs\nA00\t400\n").unwrap_err();
        assert_eq!(position(err), ("t.tsv".into(), 2, 8));
    }

    #[test]
    fn extra_field_names_position() {
        let err = parse("code\tn\tattrs\nA00\t400\ta\tzz\n").unwrap_err();
        assert_eq!(position(err), ("t.tsv".into(), 2, 11));
    }

    #[test]
    fn empty_list_item_is_an_error() {
        let err = parse("code\tn\tattrs\nA00\t400\ta,,b\n").unwrap_err();
        assert_eq!(position(err), ("t.tsv".into(), 2, 9));
    }

    #[test]
    fn wrong_header_is_an_error() {
        let err = parse("code\tcount\tattrs\n").unwrap_err();
        assert_eq!(position(err), ("t.tsv".into(), 1, 1));
    }

    #[test]
    fn header_only_table_is_an_error() {
        let err = parse("code\tn\tattrs\n\n").unwrap_err();
        assert!(
            matches!(&err, TableError::Content { file, .. } if file == "t.tsv"),
            "{err}"
        );
    }

    #[test]
    fn empty_code_is_an_error() {
        let err = parse("code\tn\tattrs\n\t1\ta\n").unwrap_err();
        assert_eq!(position(err), ("t.tsv".into(), 2, 1));
    }
}
