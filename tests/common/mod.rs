//! Shared helpers of the integration tests: the committed golden files and `DRG_SHARED`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use grouper_core::Grouper;
use serde_json::Value;

pub const VERSIONS: [&str; 9] = [
    "400", "401", "410", "411", "420", "421", "430", "431", "440",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Group one JSON line as `drg group` prints it: the result object, or the error record.
pub fn group_line(grouper: &Grouper, line: &str, line_no: usize) -> Result<Value, Value> {
    let to_value = |v: Result<Value, serde_json::Error>| v.expect("serialisable");
    match grouper_core::io::group_line(grouper, line, line_no) {
        Ok(result) => Ok(to_value(serde_json::to_value(&result))),
        Err(error) => Err(to_value(serde_json::to_value(&error))),
    }
}

/// The grouper over the embedded tables, built once per test binary.
pub fn grouper() -> &'static Grouper {
    static GROUPER: OnceLock<Grouper> = OnceLock::new();
    GROUPER.get_or_init(|| Grouper::embedded().expect("embedded tables load"))
}

pub fn read_gz_lines(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("gzip line"))
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Golden claims and expected answers of one version, as (claim line, expected JSON).
pub fn golden(version: &str) -> Vec<(String, Value)> {
    let dir = root().join("tests").join("golden");
    let claims = read_gz_lines(&dir.join(format!("claims-{version}.jsonl.gz")));
    let expected = read_gz_lines(&dir.join(format!("expected-{version}.jsonl.gz")));
    assert_eq!(
        claims.len(),
        expected.len(),
        "golden {version}: line counts differ"
    );
    claims
        .into_iter()
        .zip(
            expected
                .iter()
                .map(|e| serde_json::from_str(e).expect("expected JSON")),
        )
        .collect()
}

/// `DRG_SHARED` (default `../shared` beside the workspace), if it exists.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DRG_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared"));
    dir.join("oracle").is_dir().then_some(dir)
}

/// Every contract field where `ours` differs from `expected`, as (path, ours, expected);
/// only fields present in `expected` are compared.
pub fn contract_differences(ours: &Value, expected: &Value) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let Some(exp) = expected.as_object() else {
        return out;
    };
    for (key, want) in exp {
        match key.as_str() {
            "pdx" => compare_code("pdx", &ours["pdx"], want, &mut out),
            "sdx" | "procs" => {
                let got = ours[key.as_str()].as_array().cloned().unwrap_or_default();
                let want = want.as_array().cloned().unwrap_or_default();
                if got.len() != want.len() {
                    out.push((format!("{key}.len"), got.len().into(), want.len().into()));
                }
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    compare_code(&format!("{key}[{i}]"), g, w, &mut out);
                }
            }
            _ => {
                if ours[key.as_str()] != *want {
                    out.push((key.clone(), ours[key.as_str()].clone(), want.clone()));
                }
            }
        }
    }
    out
}

fn compare_code(path: &str, got: &Value, want: &Value, out: &mut Vec<(String, Value, Value)>) {
    if let Some(w) = want.as_object() {
        for (field, value) in w {
            if got[field.as_str()] != *value {
                out.push((
                    format!("{path}.{field}"),
                    got[field.as_str()].clone(),
                    value.clone(),
                ));
            }
        }
    }
}

/// Field name without the position: `sdx[3].drg_impact` -> `sdx.drg_impact`.
pub fn field_class(path: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for c in path.chars() {
        match c {
            '[' => skipping = true,
            ']' => skipping = false,
            _ if !skipping => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of an embedded MS-DRG table.
pub fn embedded_msdrg(name: &str) -> &'static str {
    drg_tables::msdrg(name)
        .and_then(|f| f.text())
        .unwrap_or_else(|| panic!("{name} embedded"))
}

/// A temporary directory holding a copy of the embedded MS-DRG tables, removed on drop.
pub struct TableDir(PathBuf);

impl TableDir {
    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TableDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copy the embedded MS-DRG tables into a temporary directory, replacing one file's text.
pub fn table_dir(replace: &str, text: &str) -> TableDir {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "drg-tables-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&path).expect("temp dir");
    let dir = TableDir(path);
    for name in grouper_core::MSDRG_FILES {
        let body = if *name == replace {
            text
        } else {
            embedded_msdrg(name)
        };
        std::fs::write(dir.path().join(name), body).expect("write table");
    }
    dir
}

/// Every embedded IPPS year and the sample IPSF export as providers, built once per test binary.
pub fn pricing_context() -> &'static grouper_core::payment::PricingContext {
    use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
    static CONTEXT: OnceLock<PricingContext> = OnceLock::new();
    CONTEXT.get_or_init(|| PricingContext {
        tables: PaymentTableSet::embedded().expect("embedded IPPS"),
        providers: Some(
            ProviderFile::load(root().join("tables/ipps/ipsf-sample.csv")).expect("sample"),
        ),
    })
}
