//! CSV: a claims export in (one claim per row, a header row naming the columns), one row per
//! claim out.
//!
//! The reader maps the columns an export usually has (matched case-insensitively, with their
//! common aliases) onto the JSON claim fields, so a CSV row goes through exactly the path a
//! JSON line does. Lists (`secondary_dx`, `procedures`) are `;`-separated; a diagnosis may carry
//! its POA as `CODE:Y`. The writer prints chosen fields of each output record as columns.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::warning::{Warning, WarningKind};
use super::{
    ErrorKind, ErrorRecord, InputRecord, JsonLinesReader, Line, RecordReader, RecordWriter, Render,
};
use crate::grouping::claim::Sex;

/// The claim field a CSV (or Arrow) column feeds, by its lower-cased header (aliases included).
pub(super) fn claim_field(header: &str) -> Option<&'static str> {
    let h: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    Some(match h.as_str() {
        "id" | "account" | "account_number" | "claim_id" | "encounter" | "encounter_id" => "id",
        "version" | "grouper_version" => "version",
        "discharge_date" | "dischargedate" | "disch_date" | "discharge_dt" => "discharge_date",
        "age" | "age_years" => "age",
        "sex" | "gender" => "sex",
        "discharge_status" | "disposition" | "patient_status" | "dstat" => "discharge_status",
        "hospital_status" | "poa_status" | "hospital_poa_status" | "poa_exempt" => {
            "hospital_status"
        }
        "pdx" | "principal_dx" | "principal_diagnosis" | "dx1" => "pdx",
        "pdx_poa" | "principal_dx_poa" => "pdx_poa",
        "admit_dx" | "admitting_dx" | "admit_diagnosis" => "admit_dx",
        "sdx" | "secondary_dx" | "secondary_diagnoses" | "other_dx" => "sdx",
        "procedures" | "procs" | "procedure_codes" | "icd10_pcs" | "px" => "procedures",
        "los" | "length_of_stay" => "length_of_stay",
        "total_charges" | "charges" | "covered_charges" => "total_charges",
        "ccn" | "provider_ccn" | "provider" | "provider_number" => "ccn",
        "drg" | "ms_drg" => "drg",
        "review_code" => "review_code",
        "covered_days" => "covered_days",
        "lifetime_reserve_days" | "ltr_days" => "lifetime_reserve_days",
        "condition_codes" => "condition_codes",
        _ => return None,
    })
}

/// A `CODE` or `CODE:POA` item as a diagnosis object.
fn diagnosis(item: &str) -> Value {
    let (code, poa) = match item.split_once(':') {
        Some((code, poa)) => (code.trim(), Some(poa.trim())),
        None => (item.trim(), None),
    };
    let mut m = Map::new();
    m.insert("code".into(), Value::from(code));
    if let Some(poa) = poa {
        m.insert("poa".into(), Value::from(poa));
    }
    Value::Object(m)
}

fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// The JSON claim object of one CSV row. Columns the claim format does not know are kept
/// under [`PASSTHROUGH`](super::PASSTHROUGH), so that the output record echoes them; the
/// claim readers do not read them. Sex is passed as written (M/F/U or 0/1/2: the claim reader
/// reads both).
fn claim_object(
    headers: &[String],
    fields: &[Option<&'static str>],
    row: &csv::StringRecord,
) -> Value {
    let cells = row.iter().enumerate().filter_map(|(i, value)| {
        let header = headers.get(i)?;
        let field = fields.get(i).copied().flatten();
        Some((header.as_str(), field, Value::from(value)))
    });
    claim_from_columns(cells, true)
}

/// The JSON claim object of one row of named columns (CSV cells as strings, Arrow values as
/// JSON): each `(header, claim field, value)` goes to its claim field, the rest is echoed
/// under [`PASSTHROUGH`](super::PASSTHROUGH). A text value is read as a CSV cell is (trimmed,
/// lists `;`-separated, a diagnosis `CODE:POA`); a list of texts as the items of such a
/// list; numbers and objects as they are. An empty text is absent when `empty_is_absent` (a
/// CSV cell cannot be null); otherwise it is kept, as a JSON line's `""` is (Arrow has null).
pub(super) fn claim_from_columns<'a>(
    cells: impl Iterator<Item = (&'a str, Option<&'static str>, Value)>,
    empty_is_absent: bool,
) -> Value {
    let mut claim = Map::new();
    let mut passthrough = Map::new();
    let mut pdx_poa = None;
    for (header, field, value) in cells {
        let Some(field) = field else {
            // Echoed exactly as given.
            passthrough.insert(header.to_string(), value);
            continue;
        };
        if let Some(value) = claim_value(field, value, empty_is_absent) {
            match field {
                "pdx_poa" => pdx_poa = Some(value),
                _ => {
                    claim.insert(field.into(), value);
                }
            }
        }
    }
    if !passthrough.is_empty() {
        claim.insert(super::PASSTHROUGH.into(), Value::Object(passthrough));
    }
    if let (Some(poa), Some(Value::Object(pdx))) = (pdx_poa, claim.get_mut("pdx")) {
        pdx.entry("poa").or_insert(poa);
    }
    Value::Object(claim)
}

/// The claim value of one column's value; `None` for an empty cell when `empty_is_absent`.
fn claim_value(field: &str, value: Value, empty_is_absent: bool) -> Option<Value> {
    let items = |value: Value| -> Vec<Value> {
        match value {
            Value::String(text) => list(&text).map(Value::from).collect(),
            Value::Array(items) => items,
            other => vec![other],
        }
    };
    let code_object = |item: Value| match item {
        Value::String(text) => serde_json::json!({ "code": text.trim() }),
        other => other,
    };
    let diagnosis_object = |item: Value| match item {
        Value::String(text) => diagnosis(&text),
        other => other,
    };
    if let Value::String(text) = &value {
        if text.trim().is_empty() {
            return if empty_is_absent {
                None
            } else {
                Some(match field {
                    "pdx" | "admit_dx" => serde_json::json!({ "code": "" }),
                    _ => Value::from(""),
                })
            };
        }
    }
    Some(match (field, &value) {
        // A text cell's items straight into their objects, without a string value for each.
        ("sdx", Value::String(text)) => Value::Array(list(text).map(diagnosis).collect()),
        ("procedures", Value::String(text)) => Value::Array(
            list(text)
                .map(|code| code_object(Value::from(code)))
                .collect(),
        ),
        _ => match field {
            "pdx" | "admit_dx" => diagnosis_object(trimmed(value)),
            "sdx" => Value::Array(items(value).into_iter().map(diagnosis_object).collect()),
            "procedures" => Value::Array(items(value).into_iter().map(code_object).collect()),
            "condition_codes" => Value::Array(items(value)),
            "age" | "discharge_status" | "version" => integer_cell(value),
            "sex" => sex_cell(value),
            _ => trimmed(value),
        },
    })
}

/// An integer cell as the JSON integer every claim reader reads its text as (so the claim can
/// take the fast path of the JSON reader); anything else stays text, for the reader to report.
fn integer_cell(value: Value) -> Value {
    match super::jsonl::integer(&value, "") {
        Ok(Some(n)) if value.is_string() => Value::from(n),
        _ => trimmed(value),
    }
}

/// A `sex` cell the claim readers know (0/1/2, M/F/U, MALE/FEMALE/UNKNOWN, any case) as the
/// JSON integer they read it as; anything else stays text, for the reader to warn about.
fn sex_cell(value: Value) -> Value {
    let word = match &value {
        Value::String(text) => super::canonical::sex_word(&text.trim().to_ascii_uppercase()),
        _ => None,
    };
    match word {
        Some(Sex::Male) => Value::from(0),
        Some(Sex::Female) => Value::from(1),
        Some(Sex::Unknown) => Value::from(2),
        None => trimmed(value),
    }
}

fn trimmed(value: Value) -> Value {
    match value {
        Value::String(text) => Value::from(text.trim()),
        other => other,
    }
}

/// CSV input: a header row, then one claim per row.
///
/// Physical lines are read with the JSON Lines reader (same length limit), joined while a
/// quoted field is open (an odd number of `"` so far), and each row is parsed by the csv
/// crate; so every row knows the line it starts on, whatever the line endings, and blank
/// lines are counted rather than skipped unseen.
pub struct CsvClaimReader<R> {
    lines: JsonLinesReader<R>,
    headers: Vec<String>,
    fields: Vec<Option<&'static str>>,
    record: csv::StringRecord,
    parser: RowParser,
    blank_lines: usize,
    /// The header started with a byte-order mark, not yet reported on a record.
    byte_order_mark: bool,
}

impl<R> std::fmt::Debug for CsvClaimReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvClaimReader")
            .field("headers", &self.headers)
            .finish()
    }
}

/// One CSV row as read.
enum Row {
    /// The row's text (line endings inside quoted fields kept as `\n`) and its first line.
    Text(usize, String),
    /// A row longer than the limit: its first line and the message.
    TooLong(usize, String),
}

impl<R: BufRead> CsvClaimReader<R> {
    /// A reader over `input` with the default line limit, reading its header row.
    pub fn new(input: R) -> io::Result<Self> {
        Self::with_max_line_bytes(input, super::DEFAULT_MAX_LINE_BYTES)
    }

    /// A reader over `input` whose rows may be at most `max_line_bytes` long.
    pub fn with_max_line_bytes(input: R, max_line_bytes: usize) -> io::Result<Self> {
        let mut reader = CsvClaimReader {
            lines: JsonLinesReader::with_max_line_bytes(input, max_line_bytes),
            headers: Vec::new(),
            fields: Vec::new(),
            record: csv::StringRecord::new(),
            parser: RowParser::new(),
            blank_lines: 0,
            byte_order_mark: false,
        };
        match reader.next_row()? {
            None => {}
            Some(Row::TooLong(_, message)) => return Err(io::Error::other(message)),
            Some(Row::Text(_, text)) => {
                if !reader.parser.parse(&text, &mut reader.record)? {
                    return Err(io::Error::other("no header row"));
                }
                reader.byte_order_mark = text.starts_with('\u{feff}');
                reader.headers = reader
                    .record
                    .iter()
                    .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                    .collect();
                reader.fields = reader.headers.iter().map(|h| claim_field(h)).collect();
            }
        }
        Ok(reader)
    }

    /// The header's columns that the claim format does not read: echoed on every output
    /// record (see [`CsvWriter::with_passthrough`]).
    pub fn passthrough_columns(&self) -> Vec<String> {
        self.headers
            .iter()
            .zip(&self.fields)
            .filter(|(_, f)| f.is_none())
            .map(|(h, _)| h.clone())
            .collect()
    }

    /// Warnings of the row just parsed: a byte-order mark (first row), a ragged row.
    fn row_warnings(&mut self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if std::mem::take(&mut self.byte_order_mark) {
            warnings.push(Warning::byte_order_mark_stripped());
        }
        let (cells, columns) = (self.record.len(), self.headers.len());
        if cells > columns {
            let message = format!(
                "{cells} cells, the header has {columns} columns: the last {} cells were ignored",
                cells - columns
            );
            warnings.push(Warning::new(WarningKind::RaggedRow, None, message));
        } else if cells < columns {
            let message = format!(
                "{cells} cells, the header has {columns} columns: the last {} columns read as empty",
                columns - cells
            );
            warnings.push(Warning::new(WarningKind::RaggedRow, None, message));
        }
        warnings
    }

    /// The next non-blank row, `None` at the end.
    fn next_row(&mut self) -> io::Result<Option<Row>> {
        let limit = self.lines.max_line_bytes;
        let mut row: Option<(usize, String)> = None;
        let mut quotes = 0usize;
        loop {
            let read = self.lines.read_line()?;
            if matches!(read, Line::End) {
                // A quote still open at the end: the row is what was read, parsed as it stands.
                return Ok(row.map(|(line, text)| Row::Text(line, text)));
            }
            let line = self.lines.line;
            if let Line::TooLong(length) = read {
                let first = row.map_or(line, |(first, _)| first);
                return Ok(Some(Row::TooLong(first, self.lines.too_long(length))));
            }
            let text = String::from_utf8_lossy(&self.lines.buffer);
            quotes += text.bytes().filter(|b| *b == b'"').count();
            match &mut row {
                None if text.trim().is_empty() => {
                    self.blank_lines += 1;
                    continue;
                }
                None => row = Some((line, text.into_owned())),
                Some((_, joined)) => {
                    joined.push('\n');
                    joined.push_str(&text);
                }
            }
            let Some((first, joined)) = &row else {
                continue;
            };
            if joined.len() > limit {
                let message = format!(
                    "line {first}: a row of more than {limit} bytes (a quoted field left open?)"
                );
                return Ok(Some(Row::TooLong(*first, message)));
            }
            if quotes.is_multiple_of(2) {
                return Ok(row.map(|(line, text)| Row::Text(line, text)));
            }
        }
    }
}

/// Splits one row's text into fields: a `csv_core` reader built once (building one per row
/// costs more than the parsing) with output buffers reused across rows.
#[derive(Debug)]
struct RowParser {
    reader: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl RowParser {
    fn new() -> Self {
        RowParser {
            reader: csv_core::Reader::new(),
            output: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Parse `text` (one row) into `record`; `false` when it holds no row.
    fn parse(&mut self, text: &str, record: &mut csv::StringRecord) -> io::Result<bool> {
        use csv_core::ReadRecordResult;
        // Unquoting never lengthens the text, and there is at most one field per byte, plus one.
        self.output.resize(text.len().max(1), 0);
        self.ends.resize(text.len() + 1, 0);
        self.reader.reset();
        let mut input = text.as_bytes();
        let (mut out_at, mut ends_at) = (0, 0);
        // Once the text is consumed, an empty input tells the reader the row is complete.
        let mut complete = false;
        record.clear();
        loop {
            let (result, read, written, ended) = self.reader.read_record(
                input,
                &mut self.output[out_at..],
                &mut self.ends[ends_at..],
            );
            input = &input[read..];
            out_at += written;
            ends_at += ended;
            match result {
                ReadRecordResult::InputEmpty if input.is_empty() && complete => return Ok(false),
                ReadRecordResult::InputEmpty => complete = input.is_empty(),
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {
                    return Err(io::Error::other("CSV row larger than its text"));
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(false),
            }
        }
        let mut start = 0;
        for &end in &self.ends[..ends_at] {
            let field = std::str::from_utf8(&self.output[start..end]).map_err(io::Error::other)?;
            record.push_field(field);
            start = end;
        }
        Ok(true)
    }
}

impl<R: BufRead> RecordReader for CsvClaimReader<R> {
    fn blank_lines(&self) -> usize {
        self.blank_lines
    }

    fn next_record(&mut self) -> Option<io::Result<Result<InputRecord, ErrorRecord>>> {
        let (line, text) = match self.next_row() {
            Err(e) => return Some(Err(e)),
            Ok(None) => return None,
            Ok(Some(Row::TooLong(line, message))) => {
                let kind = ErrorKind::LineTooLong;
                return Some(Ok(Err(ErrorRecord::new(kind, None, line, message, None))));
            }
            Ok(Some(Row::Text(line, text))) => (line, text),
        };
        Some(Ok(match self.parser.parse(&text, &mut self.record) {
            Ok(_) => {
                let claim = claim_object(&self.headers, &self.fields, &self.record);
                Ok(InputRecord {
                    line,
                    // Into bytes directly: `Value`'s `Display` writes through a formatter, at
                    // three times the cost. A `Value` always serialises.
                    text: serde_json::to_string(&claim).unwrap_or_default(),
                    warnings: self.row_warnings(),
                    object: Some(claim),
                })
            }
            Err(e) => {
                let message = format!("line {line}: not a CSV row ({e})");
                Err(ErrorRecord::new(
                    ErrorKind::Unreadable,
                    None,
                    line,
                    message,
                    None,
                ))
            }
        }))
    }
}

/// The columns `drg group` writes as CSV.
pub const GROUP_COLUMNS: &[&str] = &[
    "id",
    "line",
    "version",
    "final_drg",
    "final_mdc",
    "final_drg_title",
    "final_severity",
    "final_med_surg",
    "return_code",
    "initial_drg",
    "hac_status",
    "relative_weight",
    "geometric_mean_los",
    "arithmetic_mean_los",
    "warnings",
    "error",
    "error_kind",
    "field",
];

/// The columns `drg price` writes as CSV.
pub const PRICE_COLUMNS: &[&str] = &[
    "id",
    "line",
    "version",
    "final_drg",
    "final_drg_title",
    "drg",
    "fiscal_year",
    "drg_relative_weight",
    "drg_geometric_mean_los",
    "drg_arithmetic_mean_los",
    "review_code",
    "transfer",
    "wage_index",
    "operating_federal_payment",
    "operating_ime_payment",
    "operating_dsh_payment",
    "uncompensated_care_payment",
    "hospital_specific_payment",
    "new_technology_payment",
    "operating_outlier_payment",
    "capital_total_payment",
    "low_volume_payment",
    "readmissions_adjustment",
    "value_based_purchasing_adjustment",
    "hac_reduction",
    "islet_isolation_payment",
    "total_payment",
    "pricer_return_code",
    "pricer_return_text",
    "reason",
    "warnings",
    "error",
    "error_kind",
    "field",
];

/// The columns `drg edit` writes as CSV: `edits` as `EDIT:count` pairs, `code_edits` as
/// `field=CODE:EDIT|EDIT` for each code with edits (an age conflict names its group,
/// `AGE_CONFLICT(ADULT)`), both `;`-joined.
pub const EDIT_COLUMNS: &[&str] = &[
    "id",
    "line",
    "discharge_date",
    "length_of_stay",
    "version_used",
    "edit_type",
    "discharge_date_problem",
    "edits",
    "claim_edits",
    "code_edits",
    "warnings",
    "error",
    "error_kind",
    "field",
];

/// The `edits` cell of `drg edit`: `EDIT:count`, `;`-joined.
pub(super) fn counts_cell(v: Option<&Value>) -> String {
    let Some(Value::Object(counts)) = v else {
        return cell(v);
    };
    counts
        .iter()
        .map(|(edit, n)| format!("{edit}:{n}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// The `code_edits` cell of `drg edit`: `field=CODE:EDIT|EDIT` per code with edits.
pub(super) fn code_edits_cell(record: &Value) -> String {
    let single = ["pdx", "admit_dx"].map(|f| (f.to_string(), record.get(f)));
    let listed = ["sdx", "procs"].into_iter().flat_map(|f| {
        let items = record
            .get(f)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        items
            .enumerate()
            .map(move |(i, code)| (format!("{f}[{i}]"), Some(code)))
    });
    single
        .into_iter()
        .chain(listed)
        .filter_map(|(field, code)| {
            let code = code?;
            let edits: Vec<String> = code["edits"]
                .as_array()?
                .iter()
                .map(|e| match (e.as_str(), code["age_conflict_type"].as_str()) {
                    (Some("AGE_CONFLICT"), Some(group)) => format!("AGE_CONFLICT({group})"),
                    _ => cell(Some(e)),
                })
                .collect();
            let text = code["code"].as_str().unwrap_or_default();
            (!edits.is_empty()).then(|| format!("{field}={text}:{}", edits.join("|")))
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// CSV output: a header row of `columns` (then the input's passed-through columns), then one
/// row per record with those fields of its JSON form (absent fields empty, lists `;`-joined).
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
    columns: &'static [&'static str],
    passthrough: std::sync::Arc<[String]>,
    header_written: bool,
}

impl<W: Write> CsvWriter<W> {
    /// A writer of `columns` to `out`.
    pub fn new(out: W, columns: &'static [&'static str]) -> Self {
        CsvWriter {
            out,
            columns,
            passthrough: std::sync::Arc::from(Vec::new()),
            header_written: false,
        }
    }

    /// Also echo these input columns ([`CsvClaimReader::passthrough_columns`]) after the
    /// output columns, as written; one named like an output column is headed `input_NAME`.
    pub fn with_passthrough(mut self, columns: Vec<String>) -> Self {
        self.passthrough = columns.into();
        self
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            let mut header = Vec::new();
            let echoed = self
                .passthrough
                .iter()
                .map(|c| echoed_name(c, |n| self.columns.contains(&n)));
            let names: Vec<String> = self
                .columns
                .iter()
                .map(|c| c.to_string())
                .chain(echoed)
                .collect();
            write_cells(names, &mut header)?;
            self.out.write_all(&header)?;
            self.header_written = true;
        }
        Ok(())
    }
}

/// The `warnings` cell: each warning as `code` or `code(field)`, `;`-joined.
fn warnings_cell(v: Option<&Value>) -> String {
    let Some(Value::Array(items)) = v else {
        return String::new();
    };
    items
        .iter()
        .map(|w| {
            let code = w["code"].as_str().unwrap_or_default();
            match w["field"].as_str() {
                Some(field) => format!("{code}({field})"),
                None => code.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub(super) fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| cell(Some(i)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    }
}

/// The header of an echoed input column: its own name, or `input_NAME` when `is_output`
/// says an output column already has that name (CSV and Arrow output alike).
pub(super) fn echoed_name(name: &str, is_output: impl Fn(&str) -> bool) -> String {
    if is_output(name) {
        format!("input_{name}")
    } else {
        name.to_string()
    }
}

/// One CSV row (quoted where needed) appended to `out`.
fn write_cells<I: AsRef<[u8]>>(
    cells: impl IntoIterator<Item = I>,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1024)
        .from_writer(out);
    writer.write_record(cells)?;
    writer.flush()
}

/// `record`'s `columns`, then its `passthrough` columns, as one CSV row appended to `out`.
pub(super) fn render_row<T: Serialize + 'static>(
    columns: &[&str],
    passthrough: &[String],
    record: &T,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let grouped = (record as &dyn std::any::Any).downcast_ref::<super::WeightedResult>();
    let value = match grouped {
        // A drg group row reads claim-level fields only: the codes are not made into a tree.
        Some(r) if !columns.iter().any(|c| CODE_FIELDS.contains(c)) => claim_level_value(r)?,
        _ => serde_json::to_value(record)?,
    };
    let echoed = value.get(super::PASSTHROUGH);
    let cells = columns
        .iter()
        .map(|c| match *c {
            "warnings" => warnings_cell(value.get(*c)),
            "edits" => counts_cell(value.get(*c)),
            "code_edits" => code_edits_cell(&value),
            _ => cell(value.get(*c)),
        })
        .chain(
            passthrough
                .iter()
                .map(|c| cell(echoed.and_then(|e| e.get(c)))),
        );
    write_cells(cells, out)
}

/// The fields of a group line that hold its codes (and the cell made of them).
const CODE_FIELDS: [&str; 5] = ["pdx", "admit_dx", "sdx", "procs", "code_edits"];

/// A group line as a JSON tree without its codes: every other field, as the line has it.
fn claim_level_value(r: &super::WeightedResult) -> serde_json::Result<Value> {
    let mut value = serde_json::to_value(crate::grouping::result::ClaimFields(&r.result))?;
    let Some(m) = value.as_object_mut() else {
        return Ok(value);
    };
    m.insert("line".to_string(), serde_json::to_value(r.line)?);
    if let Some(Value::Object(weights)) =
        r.weights.as_ref().map(serde_json::to_value).transpose()?
    {
        m.extend(weights);
    }
    if !r.warnings.is_empty() {
        m.insert("warnings".to_string(), serde_json::to_value(&r.warnings)?);
    }
    for (key, v) in [(super::PASSTHROUGH, &r.passthrough), ("edits", &r.edits)] {
        if let Some(v) = v {
            m.insert(key.to_string(), v.clone());
        }
    }
    Ok(value)
}

impl<W: Write> RecordWriter for CsvWriter<W> {
    fn render(&self) -> Render {
        Render::CsvRow(self.columns, self.passthrough.clone())
    }

    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.header()?;
        self.out.write_all(bytes)
    }

    fn write_rendered_run(&mut self, bytes: &[u8], ends: &[usize]) -> io::Result<()> {
        if ends.is_empty() {
            return Ok(());
        }
        self.write_rendered(bytes)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::claim_from_json;

    /// The row as the generic printer makes it, from the whole record's JSON tree.
    fn full_row(columns: &[&str], passthrough: &[String], record: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        render_row(columns, passthrough, record, &mut out).expect("row");
        out
    }

    #[test]
    fn a_row_carries_the_object_its_text_parses_to() {
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        let mut rows = 0;
        for name in ["discharges.csv", "claims.csv", "hostile.csv"] {
            let text = std::fs::read_to_string(format!("{examples}/{name}")).expect("example");
            let mut reader = CsvClaimReader::new(text.as_bytes()).expect("header");
            while let Some(record) = reader.next_record() {
                let Ok(record) = record.expect("io") else {
                    continue;
                };
                let parsed: Value = serde_json::from_str(&record.text).expect("JSON text");
                assert_eq!(
                    record.object.as_ref(),
                    Some(&parsed),
                    "{name}: {}",
                    record.text
                );
                rows += 1;
            }
        }
        assert!(rows >= 18, "{rows}");
    }

    #[test]
    fn a_group_row_from_claim_fields_equals_the_row_from_the_whole_line() {
        let grouper = crate::Grouper::embedded().expect("tables");
        let weights = crate::payment::PaymentTableSet::embedded().expect("IPPS tables");
        let passthrough = vec!["payer".to_string(), "unit".to_string()];
        let mut compared = 0;
        for version in [400, 431, 440] {
            for (i, line) in crate::golden::lines(version)
                .into_iter()
                .enumerate()
                .step_by(3)
            {
                let record = crate::io::InputRecord::new(i + 1, line);
                let options = crate::io::ReadOptions::default();
                let Ok(mut r) = crate::io::group_record(&grouper, None, &record, options) else {
                    continue;
                };
                r.weights = crate::io::drg_weights(&grouper, &weights, &r.result).expect("weights");
                if i % 2 == 0 {
                    r.passthrough = Some(serde_json::json!({"payer": "Medicare", "unit": 4}));
                }
                let whole = serde_json::to_value(&r).expect("tree");
                let mut row = Vec::new();
                render_row(GROUP_COLUMNS, &passthrough, &r, &mut row).expect("row");
                assert_eq!(
                    row,
                    full_row(GROUP_COLUMNS, &passthrough, &whole),
                    "{}",
                    record.text
                );
                compared += 1;
            }
        }
        assert!(compared > 3_000, "{compared}");
    }

    /// The full reader's claim (or error) and warnings for a claim whose `field` is `value`.
    fn read(field: &str, value: Value) -> (Result<String, String>, String) {
        let mut claim = serde_json::json!({"version": 431, "age": 70, "sex": 1,
            "discharge_status": 1, "pdx": {"code": "I5023", "poa": "Y"}});
        claim[field] = value;
        let mut warnings = Vec::new();
        let read = claim_from_json(&claim, &mut warnings)
            .map(|c| format!("{c:?}"))
            .map_err(|e| e.to_string());
        (read, format!("{warnings:?}"))
    }

    #[test]
    fn integer_and_sex_cells_read_as_their_text_does() {
        let texts = [
            "0",
            "1",
            "2",
            " 1 ",
            "m",
            "F",
            "male",
            "Unknown",
            "u",
            "3",
            "X",
            "+1",
            "1.0",
            "72",
            " 072 ",
            "-3",
            "7.5",
            "abc",
            "431",
            "99999999999999999999",
        ];
        for text in texts {
            let cell = || Value::from(text);
            assert_eq!(
                read("sex", cell()),
                read("sex", sex_cell(cell())),
                "sex {text:?}"
            );
            for field in ["age", "discharge_status", "version"] {
                assert_eq!(
                    read(field, cell()),
                    read(field, integer_cell(cell())),
                    "{field} {text:?}"
                );
            }
        }
        assert_eq!(sex_cell(Value::from(" f ")), Value::from(1));
        assert_eq!(integer_cell(Value::from(" 01 ")), Value::from(1));
    }
}
