//! The JSON API, one function per endpoint, free of HTTP: a request body (or query) in, a
//! status and a JSON body out. Every body is a `grouper-core` type, the same contract as the
//! CLI's JSON Lines; an error is the library's error record (`error`, `error_kind`, `field`).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use grouper_core::io::{
    self, group_for_pricing, ClaimEdit, ErrorKind, ErrorRecord, InputRecord, ReadOptions,
};
use grouper_core::mce::Editor;
use grouper_core::payment::PricingContext;
use grouper_core::{CodeIndex, CodeKind, CodeTitles, Grouper};
use serde::Serialize;
use serde_json::{json, Value};

/// The largest request body read, in bytes: a claim with every code CMS allows is under 4 KB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The most secondary diagnoses, or procedures, a request may carry (CMS groups 24 and 25;
/// the rest are reported as not grouped, as by the CLI).
pub const MAX_CODES: usize = 100;
/// The most edits one what-if may apply.
pub const MAX_EDITS: usize = 50;
/// The most codes one look-up returns.
pub const MAX_LOOKUP: usize = 100;

/// A reply: the HTTP status and the JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// The body, JSON.
    pub body: Value,
}

impl Reply {
    fn ok(body: impl Serialize) -> Reply {
        Reply::of(200, body)
    }

    fn of(status: u16, body: impl Serialize) -> Reply {
        let body = serde_json::to_value(body).unwrap_or_else(|e| {
            json!({"error": format!("cannot serialise the reply: {e}"), "error_kind": "internal"})
        });
        Reply { status, body }
    }

    /// An error reply in the error-record shape: `error`, `error_kind` and the `field` at fault.
    pub fn error(status: u16, kind: &str, error: impl Into<String>, field: Option<&str>) -> Reply {
        let mut body = json!({"error": error.into(), "error_kind": kind});
        if let Some(field) = field {
            body["field"] = Value::from(field);
        }
        Reply { status, body }
    }

    /// The reply of a library error record: 400 for a body that is not a claim, 500 for
    /// broken tables, 422 for a claim that cannot be processed.
    fn of_record(record: &ErrorRecord) -> Reply {
        Reply::of_error(record.error_kind, record)
    }

    /// The reply of an error record of `kind` (an [`ErrorRecord`], or one that flattens it).
    fn of_error(kind: ErrorKind, record: impl Serialize) -> Reply {
        let mut reply = Reply::of(status_of(kind), record);
        unprefix(&mut reply.body);
        reply
    }
}

/// A body is one record: the `line 1: ` the batch messages start with says nothing here.
fn unprefix(body: &mut Value) {
    if let Some(message) = body.get("error").and_then(Value::as_str) {
        if let Some(rest) = message.strip_prefix("line 1: ") {
            body["error"] = Value::from(rest);
        }
    }
}

fn status_of(kind: ErrorKind) -> u16 {
    match kind {
        ErrorKind::Unreadable | ErrorKind::LineTooLong => 400,
        ErrorKind::Tables => 500,
        _ => 422,
    }
}

/// A version's code index, or why it could not be built.
type BuiltIndex = Result<Arc<CodeIndex>, String>;

/// What the service works with: the tables, loaded once and shared by every request.
pub struct Workbench {
    grouper: Grouper,
    pricing: PricingContext,
    editor: Editor,
    titles: CodeTitles,
    msdrg_dir: Option<std::path::PathBuf>,
    indexes: Vec<(u16, OnceLock<BuiltIndex>)>,
    catalog: OnceLock<Value>,
}

impl Workbench {
    /// A workbench over loaded tables. `msdrg_dir` is the `--tables` directory, if any (for
    /// `GET /tables`); `titles` the code titles for look-ups (may be empty).
    pub fn new(
        grouper: Grouper,
        pricing: PricingContext,
        editor: Editor,
        titles: CodeTitles,
        msdrg_dir: Option<std::path::PathBuf>,
    ) -> Workbench {
        let indexes = grouper
            .versions()
            .iter()
            .map(|v| (v.version, OnceLock::new()))
            .collect();
        Workbench {
            grouper,
            pricing,
            editor,
            titles,
            msdrg_dir,
            indexes,
            catalog: OnceLock::new(),
        }
    }

    /// The grouper.
    pub fn grouper(&self) -> &Grouper {
        &self.grouper
    }

    fn index(&self, version: u16) -> Option<BuiltIndex> {
        let (_, slot) = self.indexes.iter().find(|(v, _)| *v == version)?;
        let built = slot.get_or_init(|| {
            CodeIndex::new(&self.grouper, version, Some(&self.titles))
                .map(Arc::new)
                .map_err(|e| e.to_string())
        });
        Some(built.clone())
    }

    fn latest_version(&self) -> u16 {
        self.grouper
            .versions()
            .iter()
            .map(|v| v.version)
            .max()
            .unwrap_or_default()
    }
}

/// A claim body read for an endpoint: its record (line 1) or the error reply.
fn claim_record(body: &[u8]) -> Result<InputRecord, Reply> {
    let (text, value) = read_json(body)?;
    check_bounds(&value, "")?;
    Ok(InputRecord::new(1, text))
}

/// The body as text and as JSON, or the 400 reply of a body that is neither.
fn read_json(body: &[u8]) -> Result<(&str, Value), Reply> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let message = format!("the body is not UTF-8 text (byte {})", e.valid_up_to());
        Reply::error(400, ErrorKind::Unreadable.as_str(), message, None)
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = format!("invalid JSON: {e}");
        Reply::error(400, ErrorKind::Unreadable.as_str(), message, None)
    })?;
    Ok((text, value))
}

/// Refuse code lists over [`MAX_CODES`], naming the field (after `prefix`, the claim's place
/// in the body): they bound the work of a request (a DRG impact regroups the claim once per
/// secondary diagnosis).
fn check_bounds(claim: &Value, prefix: &str) -> Result<(), Reply> {
    for list in ["sdx", "procedures"] {
        let n = claim
            .get(list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if n > MAX_CODES {
            let field = format!("{prefix}{list}");
            let message = format!("field `{field}`: {n} codes; a request may carry at most {MAX_CODES} (CMS groups 24 secondary diagnoses and 25 procedures)");
            let kind = ErrorKind::InvalidField.as_str();
            return Err(Reply::error(422, kind, message, Some(&field)));
        }
    }
    Ok(())
}

/// The reply of a claim endpoint: the claim read from `body`, `process`ed by the library into
/// its record or its error record.
fn claim_reply<T: Serialize>(
    body: &[u8],
    process: impl FnOnce(&InputRecord) -> Result<T, ErrorRecord>,
) -> Reply {
    match claim_record(body) {
        Ok(record) => match process(&record) {
            Ok(done) => Reply::ok(done),
            Err(e) => Reply::of_record(&e),
        },
        Err(reply) => reply,
    }
}

/// `POST /group`: the `drg group` record of the claim (result, weights, warnings).
pub fn group(wb: &Workbench, body: &[u8]) -> Reply {
    claim_reply(body, |record| {
        let options = ReadOptions::default();
        io::group_record(&wb.grouper, Some(&wb.pricing.tables), record, options)
    })
}

/// `POST /price`: the `drg price` record (priced, or refused by the pricer's rules).
pub fn price(wb: &Workbench, body: &[u8]) -> Reply {
    let record = match claim_record(body) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let group = |claim: &Value| group_for_pricing(&wb.grouper, claim);
    match io::price_record(&record, &wb.pricing, &group, ReadOptions::default()) {
        Ok(outcome) => Reply::ok(outcome),
        Err(e) => Reply::of_error(e.record.error_kind, e),
    }
}

/// `POST /explain`: why the claim got its DRG, with the weights and payment.
pub fn explain(wb: &Workbench, body: &[u8]) -> Reply {
    claim_reply(body, |record| {
        io::explain_record(&wb.grouper, &wb.pricing, record)
    })
}

/// `POST /impact`: each secondary diagnosis as principal, each severity code removed, and
/// the DRG family's tiers.
pub fn impact(wb: &Workbench, body: &[u8]) -> Reply {
    claim_reply(body, |record| {
        io::impact_record(&wb.grouper, &wb.pricing, record)
    })
}

/// `POST /edit`: the Medicare Code Editor's edits of the claim.
pub fn edit(wb: &Workbench, body: &[u8]) -> Reply {
    claim_reply(body, |record| {
        io::edit_record(&wb.editor, record, ReadOptions::default())
    })
}

const EDIT_FORMS: &str = r#"{"add_dx": "N179:Y"}, {"remove_dx": "N179"}, {"pdx": "N179"}, {"poa": "N179:N"}, {"add_proc": "02703DZ"}, {"remove_proc": "02703DZ"}, {"discharge_status": 20}, {"version": 440} or {"date": "2026-03-01"}"#;

/// `POST /whatif`, body `{"claim": {...}, "edits": [{"remove_dx": "N179"}, ...]}`: the claim
/// before and after the edits, and the weight and payment difference.
pub fn whatif(wb: &Workbench, body: &[u8]) -> Reply {
    let request = match read_json(body) {
        Ok((_, request)) => request,
        Err(reply) => return reply,
    };
    let invalid = |message: String, field: &str| {
        Reply::error(422, ErrorKind::InvalidField.as_str(), message, Some(field))
    };
    let Some(claim) = request.get("claim").filter(|c| c.is_object()) else {
        return invalid("field `claim`: the claim object is missing".into(), "claim");
    };
    if let Err(reply) = check_bounds(claim, "claim.") {
        return reply;
    }
    let Some(list) = request.get("edits").and_then(Value::as_array) else {
        return invalid(
            format!("field `edits`: a list of edits is missing ({EDIT_FORMS})"),
            "edits",
        );
    };
    if list.is_empty() || list.len() > MAX_EDITS {
        let message = format!("field `edits`: {} edits; give 1 to {MAX_EDITS}", list.len());
        return invalid(message, "edits");
    }
    let mut edits = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        match ClaimEdit::from_json(v) {
            Some(edit) => edits.push(edit),
            None => {
                let message = format!("field `edits[{i}]`: {v} is not an edit ({EDIT_FORMS})");
                return invalid(message, &format!("edits[{i}]"));
            }
        }
    }
    let record = InputRecord::new(1, claim.to_string());
    match io::whatif_record(&wb.grouper, &wb.pricing, &record, &edits) {
        Ok(done) => Reply::ok(done),
        Err(mut e) => {
            // The claim is the request's `claim` member: its fields are named from the body.
            e.field = e.field.map(|f| format!("claim.{f}"));
            Reply::of_record(&e)
        }
    }
}

/// `GET /versions`: the grouper versions and the dates each applies to.
pub fn versions(wb: &Workbench) -> Reply {
    Reply::ok(json!({
        "source": wb.grouper.source(),
        "versions": catalog(wb)["grouper_versions"],
        "latest": wb.latest_version(),
    }))
}

fn catalog(wb: &Workbench) -> &Value {
    wb.catalog.get_or_init(|| {
        let catalog =
            io::TableCatalog::new(&wb.grouper, wb.msdrg_dir.as_deref(), &wb.pricing.tables);
        serde_json::to_value(catalog).unwrap_or_default()
    })
}

/// `GET /tables`: the loaded table sets, their sources and fingerprints (as `drg tables
/// --json`), the providers file and the code titles loaded.
pub fn tables(wb: &Workbench) -> Reply {
    let mut body = catalog(wb).clone();
    body["providers"] = match &wb.pricing.providers {
        Some(p) => json!({"source": p.source, "ccns": p.len()}),
        None => Value::Null,
    };
    body["code_titles"] = json!({"sources": wb.titles.sources, "codes": wb.titles.len()});
    Reply::ok(body)
}

fn limit(query: &HashMap<String, String>, default: usize) -> Result<usize, Reply> {
    match query.get("limit") {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_LOOKUP).contains(&n) => Ok(n),
            _ => Err(Reply::error(
                400,
                ErrorKind::InvalidField.as_str(),
                format!("parameter `limit`: {text:?} is not a number from 1 to {MAX_LOOKUP}"),
                Some("limit"),
            )),
        },
    }
}

/// `GET /codes?q=I50&version=431&kind=diagnosis&limit=20`: the version's codes starting with
/// `q`, or whose title holds its words (titles need `--code-titles`).
pub fn codes(wb: &Workbench, query: &HashMap<String, String>) -> Reply {
    let bad = |field: &str, message: String| {
        Reply::error(400, ErrorKind::InvalidField.as_str(), message, Some(field))
    };
    let q = query.get("q").map(|q| q.trim()).unwrap_or_default();
    if q.is_empty() || q.len() > 100 {
        return bad(
            "q",
            "parameter `q`: give a code prefix or title words (1 to 100 characters)".into(),
        );
    }
    let version = match query.get("version") {
        None => wb.latest_version(),
        Some(v) => match v.parse::<u16>() {
            Ok(v) => v,
            Err(_) => {
                return bad(
                    "version",
                    format!("parameter `version`: {v:?} is not a grouper version"),
                )
            }
        },
    };
    let kind = match query.get("kind").map(String::as_str) {
        None | Some("") => None,
        Some("diagnosis") => Some(CodeKind::Diagnosis),
        Some("procedure") => Some(CodeKind::Procedure),
        Some(other) => {
            return bad(
                "kind",
                format!("parameter `kind`: {other:?} is not `diagnosis` or `procedure`"),
            )
        }
    };
    let limit = match limit(query, 20) {
        Ok(n) => n,
        Err(reply) => return reply,
    };
    let index = match wb.index(version) {
        Some(Ok(index)) => index,
        Some(Err(e)) => return Reply::error(500, ErrorKind::Tables.as_str(), e, None),
        None => {
            let known: Vec<String> = wb.indexes.iter().map(|(v, _)| v.to_string()).collect();
            let message = format!(
                "parameter `version`: no grouper version {version} (the tables hold {})",
                known.join(", ")
            );
            return Reply::error(
                422,
                ErrorKind::NoGrouperVersion.as_str(),
                message,
                Some("version"),
            );
        }
    };
    Reply::ok(json!({
        "version": version,
        "query": q,
        "titles_loaded": !wb.titles.is_empty(),
        "codes": index.search(q, kind, limit),
    }))
}

/// `GET /providers?q=&limit=`: CCNs of the providers file starting with `q` (for the page's
/// provider field); `null` when no providers file is loaded.
pub fn providers(wb: &Workbench, query: &HashMap<String, String>) -> Reply {
    let limit = match limit(query, 50) {
        Ok(n) => n,
        Err(reply) => return reply,
    };
    let prefix = query.get("q").map(|q| q.trim()).unwrap_or_default();
    Reply::ok(match &wb.pricing.providers {
        Some(file) => json!({
            "source": file.source,
            "count": file.len(),
            "ccns": file.ccns().filter(|c| c.starts_with(prefix)).take(limit).collect::<Vec<_>>(),
        }),
        None => json!({"source": null, "count": 0, "ccns": []}),
    })
}
