//! `drg tables`: what table sets are loaded, where they come from and their fingerprints, so
//! that a user can tell which CMS release an answer was computed from.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::grouping::grouper::Grouper;
use crate::payment::PaymentTableSet;

/// One data file: its name, size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileFingerprint {
    /// File name (for embedded IPPS files, the path under `tables/ipps/`).
    pub name: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the contents, lower-case hex.
    pub sha256: String,
}

/// One grouper version of the loaded MS-DRG tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrouperVersion {
    /// Version number as claims give it (431).
    pub version: u16,
    /// CMS name (43.1).
    pub name: String,
    /// Fiscal year.
    pub fiscal_year: u16,
    /// First discharge date the version applies to.
    pub effective_start: String,
    /// Last discharge date the version applies to.
    pub effective_end: String,
}

/// One fiscal year of IPPS payment tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentYear {
    /// Federal fiscal year.
    pub fiscal_year: u16,
    /// Where the year's tables were read from.
    pub source: String,
    /// DRGs with a relative weight.
    pub drgs: usize,
    /// Whether every table and factor is present (claims of a partial year fail where they
    /// need what is missing).
    pub complete: bool,
    /// What the year lacks: table files, and factors `fy-factors.csv` gives as unknown.
    pub missing: Vec<String>,
    /// The embedded files of the year (empty when read from a directory).
    pub files: Vec<FileFingerprint>,
    /// Why the year's tables cannot be parsed, when they cannot (an embedded year is parsed
    /// on first use: here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl PaymentYear {
    /// A year in the set whose tables cannot be parsed.
    fn unreadable(fiscal_year: u16, error: String) -> PaymentYear {
        PaymentYear {
            fiscal_year,
            source: format!("embedded FY{fiscal_year}"),
            drgs: 0,
            complete: false,
            missing: Vec::new(),
            files: Vec::new(),
            error: Some(error),
        }
    }
}

/// The loaded table sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCatalog {
    /// Where the MS-DRG definitions come from.
    pub msdrg_source: String,
    /// The grouper versions, in table order.
    pub grouper_versions: Vec<GrouperVersion>,
    /// The MS-DRG files and their fingerprints.
    pub msdrg_files: Vec<FileFingerprint>,
    /// The compiled images the definitions are decoded from (`tables/compiled/`); empty when
    /// they are compiled from the text files.
    pub msdrg_compiled: Vec<FileFingerprint>,
    /// Where the embedded IPPS tables come from.
    pub ipps_source: String,
    /// The payment fiscal years, ascending.
    pub payment_years: Vec<PaymentYear>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The MS-DRG files of `dir`, fingerprinted now (a missing one is skipped: loading failed
/// before this could run).
fn directory_files(dir: &Path) -> Vec<FileFingerprint> {
    crate::tables::MSDRG_FILES
        .iter()
        .filter_map(|name| {
            let bytes = std::fs::read(dir.join(name)).ok()?;
            Some(FileFingerprint {
                name: name.to_string(),
                bytes: bytes.len(),
                sha256: sha256_hex(&bytes),
            })
        })
        .collect()
}

fn embedded(file: &drg_tables::TableFile) -> FileFingerprint {
    FileFingerprint {
        name: file.name.to_string(),
        bytes: file.bytes,
        sha256: file.sha256.to_string(),
    }
}

impl TableCatalog {
    /// The catalog of `grouper`'s tables (embedded, or the directory `msdrg_dir` they were
    /// read from) and of `payment`.
    pub fn new(grouper: &Grouper, msdrg_dir: Option<&Path>, payment: &PaymentTableSet) -> Self {
        let (msdrg_source, msdrg_files) = match msdrg_dir {
            Some(dir) => (grouper.source().to_string(), directory_files(dir)),
            None => (
                drg_tables::MSDRG_SOURCE.to_string(),
                drg_tables::MSDRG.iter().map(embedded).collect(),
            ),
        };
        let msdrg_compiled = if grouper.uses_compiled_images() {
            drg_tables::COMPILED.iter().map(embedded).collect()
        } else {
            Vec::new()
        };
        let grouper_versions = grouper
            .versions()
            .iter()
            .map(|v| GrouperVersion {
                version: v.version,
                name: v.name.clone(),
                fiscal_year: v.fiscal_year,
                effective_start: v.effective_start.to_string(),
                effective_end: v.effective_end.to_string(),
            })
            .collect();
        let payment_years = payment
            .fiscal_years()
            .into_iter()
            .filter_map(|fy| match payment.get(fy) {
                Ok(year) => year.map(Ok),
                Err(e) => Some(Err((fy, e.to_string()))),
            })
            .map(|year| {
                let year = match year {
                    Ok(year) => year,
                    Err((fiscal_year, error)) => {
                        return PaymentYear::unreadable(fiscal_year, error)
                    }
                };
                let prefix = format!("fy{}/", year.fiscal_year);
                // An embedded year overlaid by a directory reads as "embedded FY2026 + DIR".
                let embedded_year =
                    year.source.starts_with("embedded") && !year.source.contains(" + ");
                let files = drg_tables::IPPS
                    .iter()
                    .filter(|f| embedded_year && f.name.starts_with(&prefix))
                    .map(embedded)
                    .collect();
                let missing = year.missing();
                PaymentYear {
                    fiscal_year: year.fiscal_year,
                    source: year.source.clone(),
                    drgs: year.drg_numbers().count(),
                    complete: missing.is_empty(),
                    missing,
                    files,
                    error: None,
                }
            })
            .collect();
        TableCatalog {
            msdrg_source,
            grouper_versions,
            msdrg_files,
            msdrg_compiled,
            ipps_source: drg_tables::IPPS_SOURCE.to_string(),
            payment_years,
        }
    }

    /// The catalog as text for people.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "MS-DRG definitions: {}", self.msdrg_source);
        for v in &self.grouper_versions {
            let _ = writeln!(
                s,
                "  {}  MS-DRG {}  FY{}  discharges {} to {}",
                v.version, v.name, v.fiscal_year, v.effective_start, v.effective_end
            );
        }
        for f in &self.msdrg_files {
            let _ = writeln!(s, "    {}  {} bytes  sha256 {}", f.name, f.bytes, f.sha256);
        }
        for f in &self.msdrg_compiled {
            let _ = writeln!(
                s,
                "    compiled/{}  {} bytes  sha256 {}  (compiled from the files above)",
                f.name, f.bytes, f.sha256
            );
        }
        let _ = writeln!(s, "IPPS payment tables: {}", self.ipps_source);
        for y in &self.payment_years {
            let state = if y.complete { "complete" } else { "partial" };
            let _ = writeln!(
                s,
                "  FY{}  {state}, {} DRG weights  ({})",
                y.fiscal_year, y.drgs, y.source
            );
            for m in &y.missing {
                let _ = writeln!(s, "    missing: {m}");
            }
            if let Some(e) = &y.error {
                let _ = writeln!(s, "    cannot be read: {e}");
            }
            for f in &y.files {
                let _ = writeln!(s, "    {}  {} bytes  sha256 {}", f.name, f.bytes, f.sha256);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_that_cannot_be_parsed_is_listed_with_why() {
        let grouper = Grouper::embedded().expect("tables");
        let payment = PaymentTableSet::embedded()
            .expect("set")
            .with_unreadable_year(2026, "drgstable-2026.csv:3:1: broken");
        let catalog = TableCatalog::new(&grouper, None, &payment);
        let years: Vec<u16> = catalog
            .payment_years
            .iter()
            .map(|y| y.fiscal_year)
            .collect();
        assert_eq!(years, drg_tables::ipps_fiscal_years());
        for y in &catalog.payment_years {
            assert_eq!(
                y.error.is_some(),
                y.fiscal_year == 2026,
                "FY{}",
                y.fiscal_year
            );
            assert_eq!(y.drgs > 0, y.fiscal_year != 2026, "FY{}", y.fiscal_year);
        }
        let text = catalog.to_text();
        assert!(
            text.contains(
                "cannot be read: embedded FY2026 IPPS tables: drgstable-2026.csv:3:1: broken"
            ),
            "{text}"
        );
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
