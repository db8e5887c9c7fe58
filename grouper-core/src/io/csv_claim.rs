//! The JSON claim text of one CSV row, written straight from its cells.
//!
//! The text is the one `columns::claim_from_columns` gives as
//! an object for the row's cells (`csv_claim_text_is_the_claim_objects_text` checks this on
//! generated rows), without building that object: its hashed maps (one a diagnosis) were about
//! 20k instructions a row, most of the reading thread's work, and the claim readers parse the
//! text anyway.

use super::canonical::sex_word;
use super::json_line::write_str;
use crate::grouping::claim::Sex;

/// One claim field's value, as the cell gives it.
enum Piece<'a> {
    /// `CODE` or `CODE:POA` (`pdx`, `admit_dx`).
    Diagnosis { code: &'a str, poa: Option<&'a str> },
    /// A `;`-separated list of diagnoses (`sdx`).
    Diagnoses(&'a str),
    /// A `;`-separated list of procedure codes.
    Procedures(&'a str),
    /// A `;`-separated list of texts (`condition_codes`).
    Texts(&'a str),
    /// An integer cell the claim readers read as a JSON integer.
    Integer(i64),
    /// Any other cell, trimmed.
    Text(&'a str),
}

/// A `CODE` or `CODE:POA` item's code and POA, trimmed (shared with Arrow's text cells).
pub(super) fn diagnosis_parts(item: &str) -> (&str, Option<&str>) {
    match item.split_once(':') {
        Some((code, poa)) => (code.trim(), Some(poa.trim())),
        None => (item.trim(), None),
    }
}

/// A sex cell the claim readers know (0/1/2, M/F/U, MALE/FEMALE/UNKNOWN, any case) as the
/// JSON integer they read it as.
pub(super) fn sex_number(text: &str) -> Option<i64> {
    Some(match sex_word(&text.trim().to_ascii_uppercase())? {
        Sex::Male => 0,
        Sex::Female => 1,
        Sex::Unknown => 2,
    })
}

fn diagnosis(item: &str) -> Piece<'_> {
    let (code, poa) = diagnosis_parts(item);
    Piece::Diagnosis { code, poa }
}

/// The value of a non-blank cell feeding claim field `field`.
fn piece<'a>(field: &str, cell: &'a str) -> Piece<'a> {
    let text = cell.trim();
    match field {
        "pdx" | "admit_dx" => diagnosis(text),
        "sdx" => Piece::Diagnoses(cell),
        "procedures" => Piece::Procedures(cell),
        "condition_codes" => Piece::Texts(cell),
        // As `jsonl::integer` reads a text (so the claim can take the fast path).
        "age" | "discharge_status" | "version" => match text.parse::<i64>() {
            Ok(n) => Piece::Integer(n),
            Err(_) => Piece::Text(text),
        },
        "sex" => sex_number(text).map_or(Piece::Text(text), Piece::Integer),
        _ => Piece::Text(text),
    }
}

/// Set `key` to `value`: a key already there keeps its place and takes the new value, as a
/// JSON object (an `IndexMap`) does. For the claim fields only: there are at most as many
/// entries as [`claim_field`](super::csv_format::claim_field) has fields, so the search is
/// bounded.
fn set<'k, V>(entries: &mut Vec<(&'k str, V)>, key: &'k str, value: V) {
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => entries.push((key, value)),
    }
}

/// The items of a `;`-separated cell, trimmed, blanks dropped (shared with Arrow's text cells).
pub(super) fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// For each column, the first column with the same header; `None` when no header repeats.
/// Computed once per file, so that a repeated passthrough header is one key found in constant
/// time however wide the header is.
pub(super) fn first_columns(headers: &[String]) -> Option<Vec<usize>> {
    let mut first = std::collections::HashMap::new();
    let columns: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| *first.entry(h.as_str()).or_insert(i))
        .collect();
    (first.len() < headers.len()).then_some(columns)
}

/// The claim text of one row: `cells[i]` under `headers[i]`, feeding `fields[i]` (`None`:
/// echoed under `passthrough`); `first` is [`first_columns`] of the headers. Cells beyond the
/// header are not read.
pub(super) fn claim_text<'a>(
    headers: &[String],
    fields: &[Option<&'static str>],
    first: Option<&[usize]>,
    cells: impl Iterator<Item = &'a str>,
) -> String {
    let mut claim: Vec<(&str, Piece<'_>)> = Vec::with_capacity(16);
    let mut passthrough: Vec<(&str, &str)> = Vec::new();
    // Where each repeated header's entry is in `passthrough` (by its first column).
    let mut entry_of = vec![usize::MAX; first.map_or(0, <[usize]>::len)];
    let mut pdx_poa = None;
    for (i, cell) in cells.enumerate() {
        let Some(header) = headers.get(i) else {
            break;
        };
        match fields.get(i).copied().flatten() {
            None => match first.and_then(|f| f.get(i)) {
                None => passthrough.push((header.as_str(), cell)),
                Some(&column) if entry_of[column] == usize::MAX => {
                    entry_of[column] = passthrough.len();
                    passthrough.push((header.as_str(), cell));
                }
                Some(&column) => passthrough[entry_of[column]].1 = cell,
            },
            // A CSV cell cannot be null: a blank one is absent.
            Some(_) if cell.trim().is_empty() => {}
            Some("pdx_poa") => pdx_poa = Some(cell.trim()),
            Some(field) => set(&mut claim, field, piece(field, cell)),
        }
    }
    // A separate POA column fills the principal diagnosis's POA when its cell has none.
    if let (
        Some(poa),
        Some((
            _,
            Piece::Diagnosis {
                poa: pdx @ None, ..
            },
        )),
    ) = (pdx_poa, claim.iter_mut().find(|(k, _)| *k == "pdx"))
    {
        *pdx = Some(poa);
    }
    let mut out = Vec::with_capacity(256);
    out.push(b'{');
    separated(&mut out, claim.iter(), |(key, value), out| {
        write_text(key, out);
        out.push(b':');
        write_piece(value, out);
    });
    if !passthrough.is_empty() {
        if !claim.is_empty() {
            out.push(b',');
        }
        out.extend_from_slice(b"\"passthrough\":{");
        separated(&mut out, passthrough.iter(), |(header, cell), out| {
            write_text(header, out);
            out.push(b':');
            write_text(cell, out);
        });
        out.push(b'}');
    }
    out.push(b'}');
    // Only text and ASCII went in.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Each of `items` written by `write`, `,`-separated.
fn separated<T>(
    out: &mut Vec<u8>,
    items: impl Iterator<Item = T>,
    write: impl Fn(T, &mut Vec<u8>),
) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(item, out);
    }
}

/// A JSON string (writing into a `Vec` cannot fail).
fn write_text(text: &str, out: &mut Vec<u8>) {
    let _ = write_str(text, out);
}

fn write_piece(piece: &Piece<'_>, out: &mut Vec<u8>) {
    let list = |out: &mut Vec<u8>, text: &str, item: &dyn Fn(&str, &mut Vec<u8>)| {
        out.push(b'[');
        separated(out, items(text), item);
        out.push(b']');
    };
    match piece {
        Piece::Diagnosis { code, poa } => {
            out.extend_from_slice(b"{\"code\":");
            write_text(code, out);
            if let Some(poa) = poa {
                out.extend_from_slice(b",\"poa\":");
                write_text(poa, out);
            }
            out.push(b'}');
        }
        Piece::Diagnoses(text) => list(out, text, &|item, out| {
            write_piece(&diagnosis(item), out);
        }),
        Piece::Procedures(text) => list(out, text, &|item, out| {
            out.extend_from_slice(b"{\"code\":");
            write_text(item, out);
            out.push(b'}');
        }),
        Piece::Texts(text) => list(out, text, &|item, out| write_text(item, out)),
        Piece::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Piece::Text(text) => write_text(text, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::columns::claim_from_columns;
    use proptest::prelude::*;
    use serde_json::Value;

    /// The claim object's text for the same cells, as the CSV reader made it before.
    fn object_text(headers: &[String], fields: &[Option<&'static str>], cells: &[&str]) -> String {
        let columns = cells.iter().enumerate().filter_map(|(i, cell)| {
            let header = headers.get(i)?;
            let field = fields.get(i).copied().flatten();
            Some((header.as_str(), field, Value::from(*cell)))
        });
        serde_json::to_string(&claim_from_columns(columns, true)).expect("a Value serialises")
    }

    fn check(headers: &[&str], cells: &[&str]) {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let fields: Vec<_> = headers
            .iter()
            .map(|h| super::super::csv_format::claim_field(h))
            .collect();
        assert_eq!(
            claim_text(
                &headers,
                &fields,
                first_columns(&headers).as_deref(),
                cells.iter().copied()
            ),
            object_text(&headers, &fields, cells),
            "{headers:?} {cells:?}"
        );
    }

    #[test]
    fn every_example_row_is_written_as_its_object() {
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        let mut rows = 0;
        for name in ["discharges.csv", "claims.csv", "hostile.csv"] {
            let text = std::fs::read_to_string(format!("{examples}/{name}")).expect("example");
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut records = reader.records().filter_map(Result::ok);
            let Some(header) = records.next() else {
                continue;
            };
            let headers: Vec<&str> = header.iter().map(|h| h.trim()).collect();
            for record in records {
                check(&headers, &record.iter().collect::<Vec<_>>());
                rows += 1;
            }
        }
        assert!(rows >= 18, "{rows}");
    }

    #[test]
    fn repeated_columns_and_a_separate_poa_are_written_as_the_object_has_them() {
        let headers = [
            "pdx", "payer", "dx1", "pdx_poa", "payer", "age", "pdx_poa", "sdx",
        ];
        for cells in [
            ["I10", "a", "E119:N", "Y", "b", " +7 ", "W", " x ; ;y:z:w"],
            ["I10:U", "", "", " ", "", "-0", "", ""],
            [
                "",
                "\"q\"\\",
                "I5023",
                "n",
                "é",
                "9999999999999999999999",
                "",
                "A;B",
            ],
        ] {
            check(&headers, &cells);
        }
        check(&[], &["x"]);
        check(&["unit"], &[]);
        check(&["id", "sex", "sex"], &[" 7 ", "female", "q"]);
    }

    fn header() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "account",
            "version",
            "age",
            "sex",
            "gender",
            "discharge status",
            "principal dx",
            "pdx_poa",
            "admit dx",
            "secondary dx",
            "procedures",
            "los",
            "total charges",
            "ccn",
            "drg",
            "condition_codes",
            "hospital_status",
            "discharge date",
            "payer",
            "unit",
            "pdx",
        ])
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ A-Za-z0-9.:;+-]{0,14}",
            prop::sample::select(vec![
                "",
                " ",
                "M",
                "f",
                "UNKNOWN",
                "2",
                "07",
                "+5",
                "-3",
                "1.0",
                "I5023:Y",
                "I5023 : y ",
                "a;b ; ;c",
                "\"",
                "\\",
                "é\u{2028}",
                "\u{1}",
                "99999999999999999999",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #[test]
        fn csv_claim_text_is_the_claim_objects_text(
            headers in prop::collection::vec(header(), 0..12),
            cells in prop::collection::vec(cell(), 0..14),
        ) {
            let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
            let fields: Vec<_> = headers
                .iter()
                .map(|h| super::super::csv_format::claim_field(h))
                .collect();
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            prop_assert_eq!(
                claim_text(&headers, &fields, first_columns(&headers).as_deref(), cells.iter().copied()),
                object_text(&headers, &fields, &cells)
            );
        }
    }
}
