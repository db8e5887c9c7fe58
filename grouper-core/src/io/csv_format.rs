//! CSV: a claims export in (one claim per row, a header row naming the columns), one row per
//! claim out.
//!
//! The reader maps the columns an export usually has (matched case-insensitively, with their
//! common aliases) onto the JSON claim fields, so a CSV row goes through exactly the path a
//! JSON line does. Lists (`secondary_dx`, `procedures`) are `;`-separated; a diagnosis may carry
//! its POA as `CODE:Y`. The writer prints chosen fields of each output record as columns.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::Value;

use super::warning::{Warning, WarningKind};
use super::{
    ErrorKind, ErrorRecord, InputRecord, JsonLinesReader, Line, RecordReader, RecordWriter, Render,
};

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
    /// [`super::csv_claim::first_columns`] of the headers.
    first_columns: Option<Vec<usize>>,
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
            first_columns: None,
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
                reader.first_columns = super::csv_claim::first_columns(&reader.headers);
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
            Ok(_) => Ok(InputRecord {
                line,
                text: super::csv_claim::claim_text(
                    &self.headers,
                    &self.fields,
                    self.first_columns.as_deref(),
                    self.record.iter(),
                ),
                warnings: self.row_warnings(),
            }),
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

    /// The row as the generic printer makes it, from the whole record's JSON tree.
    fn full_row(columns: &[&str], passthrough: &[String], record: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        render_row(columns, passthrough, record, &mut out).expect("row");
        out
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
}
