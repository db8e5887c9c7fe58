//! The CMS MS-DRG definition tables: where they come from and how they are read.
//!
//! The tables ship embedded in the binary (the files of `tables/msdrg/`, verbatim CMS data) and
//! can be replaced by a directory holding files of the same names, e.g. a newer CMS release.
//! Parsing keeps every row with its version range; [`crate::definitions`] then selects one
//! version's rows lazily, when a claim first asks for it.

pub mod tsv;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::attributes::Vocabulary;
use crate::codes::{pack, CodeKey};
use crate::error::TableError;
use tsv::{parse_table, Row};

/// Where the table texts come from.
#[derive(Debug, Clone)]
pub enum TableSource {
    /// The tables compiled into the binary.
    Embedded,
    /// A directory with files named like the embedded ones.
    Directory(PathBuf),
}

macro_rules! embedded_tables {
    ($($name:literal),* $(,)?) => {
        /// File names and contents of the embedded tables.
        pub const EMBEDDED: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../tables/msdrg/", $name))),)*
        ];
    };
}

embedded_tables!(
    "versions.tsv",
    "diagnoses.tsv",
    "procedures.tsv",
    "drg_formulas.tsv",
    "hac_formulas.tsv",
    "cc_exclusion_pdx.tsv",
    "cc_exclusion_groups.tsv",
    "clusters.tsv",
    "cluster_choices.tsv",
    "cluster_map.tsv",
    "gender_mdcs.tsv",
    "drg_descriptions.tsv",
    "mdc_descriptions.tsv",
    "hac_descriptions.tsv",
    "mce_discharge_status.tsv",
);

/// Severity of a diagnosis as a secondary diagnosis (CMS Table 6I/6J).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CcLevel {
    NonCc = 0,
    Cc = 1,
    Mcc = 2,
}

/// Inclusive range of grouper versions a row applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    pub start: i64,
    pub end: i64,
}

impl VersionRange {
    pub fn contains(&self, version: u16) -> bool {
        self.start <= i64::from(version) && i64::from(version) <= self.end
    }
}

#[derive(Debug, Clone)]
pub struct VersionRow {
    pub version: u16,
    pub name: String,
    pub fiscal_year: u16,
    /// YYYYMMDD, inclusive.
    pub effective_start: u32,
    pub effective_end: u32,
    /// CMS Java reports an invalid procedure code as O.R. in v40.0-v41.1, not from v42.0 on.
    pub invalid_procedure_is_or: bool,
}

#[derive(Debug, Clone)]
pub struct DiagnosisRow {
    pub code: CodeKey,
    pub versions: VersionRange,
    pub mdc: u8,
    pub severity: CcLevel,
    pub attributes: Vec<u16>,
    pub dxcat_attributes: Vec<u16>,
    pub hac_attributes: Vec<u16>,
}

#[derive(Debug, Clone)]
pub struct ProcedureRow {
    pub code: CodeKey,
    pub versions: VersionRange,
    pub attributes: Vec<u16>,
}

#[derive(Debug, Clone)]
pub struct FormulaRow {
    pub mdc: u8,
    pub version: u16,
    pub seq: u32,
    pub drg: u16,
    pub base_drg: u16,
    pub surgical: String,
    pub reroute_mdc: u8,
    pub severity_suppression: Vec<String>,
    pub formula: String,
    /// Line in drg_formulas.tsv, for error messages.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct HacFormulaRow {
    pub hac: u8,
    pub versions: VersionRange,
    pub seq: u32,
    pub formula: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct ClusterRow {
    pub name: CodeKey,
    pub versions: VersionRange,
    pub suppression_mdcs: Vec<u8>,
    pub choice_count: u8,
}

#[derive(Debug, Clone)]
pub struct ClusterChoiceRow {
    pub cluster: CodeKey,
    pub versions: VersionRange,
    pub choice: u8,
    pub code: CodeKey,
}

#[derive(Debug, Clone)]
pub struct ClusterMapRow {
    pub code: CodeKey,
    pub versions: VersionRange,
    pub clusters: Vec<CodeKey>,
}

#[derive(Debug, Clone)]
pub struct GenderMdcRow {
    pub code: CodeKey,
    pub versions: VersionRange,
    pub male_mdc: i8,
    pub female_mdc: i8,
}

#[derive(Debug, Clone)]
pub struct CcExclusionPdxRow {
    pub pdx: CodeKey,
    pub versions: VersionRange,
    pub group: u32,
}

#[derive(Debug, Clone)]
pub struct TitleRow {
    pub number: u16,
    pub versions: VersionRange,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct DischargeStatusRow {
    pub code: u8,
    pub date_start: u32,
    pub date_end: u32,
}

/// Every table, all versions, as parsed.
#[derive(Debug, Clone)]
pub struct TableSet {
    pub source: String,
    pub vocabulary: Vocabulary,
    pub versions: Vec<VersionRow>,
    pub diagnoses: Vec<DiagnosisRow>,
    pub procedures: Vec<ProcedureRow>,
    pub formulas: Vec<FormulaRow>,
    pub hac_formulas: Vec<HacFormulaRow>,
    pub cc_exclusion_pdx: Vec<CcExclusionPdxRow>,
    /// Exclusion group -> member secondary diagnoses, sorted.
    pub cc_exclusion_groups: HashMap<u32, Vec<CodeKey>>,
    pub clusters: Vec<ClusterRow>,
    pub cluster_choices: Vec<ClusterChoiceRow>,
    pub cluster_map: Vec<ClusterMapRow>,
    pub gender_mdcs: Vec<GenderMdcRow>,
    pub drg_titles: Vec<TitleRow>,
    pub mdc_titles: Vec<TitleRow>,
    pub hac_titles: Vec<TitleRow>,
    pub discharge_statuses: Vec<DischargeStatusRow>,
}

fn versions(row: &mut Row<'_>) -> Result<VersionRange, TableError> {
    Ok(VersionRange {
        start: row.int("version_start")?,
        end: row.int("version_end")?,
    })
}

fn small<T: TryFrom<i64>>(value: i64, file: &str, what: &str) -> Result<T, TableError> {
    T::try_from(value).map_err(|_| TableError::Invalid {
        file: file.to_string(),
        message: format!("{what} {value} out of range"),
    })
}

fn interned(
    vocabulary: &mut Vocabulary,
    file: &str,
    names: Vec<&str>,
) -> Result<Vec<u16>, TableError> {
    names
        .into_iter()
        .map(|name| {
            vocabulary.intern(name).ok_or_else(|| TableError::Invalid {
                file: file.to_string(),
                message: format!(
                    "more than {} distinct attribute names",
                    crate::attributes::CAPACITY
                ),
            })
        })
        .collect()
}

fn titles(file: &str, text: &str, number: &str) -> Result<Vec<TitleRow>, TableError> {
    parse_table(
        file,
        text,
        &[number, "version_start", "version_end", "description"],
        |row| {
            Ok(TitleRow {
                number: row.num(number)?,
                versions: versions(row)?,
                title: row.text("description")?.to_string(),
            })
        },
    )
}

impl TableSet {
    /// The embedded tables.
    pub fn embedded() -> Result<TableSet, TableError> {
        Self::parse("embedded tables/msdrg", |name| {
            EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| std::borrow::Cow::Borrowed(*text))
                .ok_or_else(|| TableError::Io {
                    file: name.to_string(),
                    message: "not embedded".to_string(),
                })
        })
    }

    /// Tables read from `dir` (files named as in `tables/msdrg/`).
    pub fn from_dir(dir: &Path) -> Result<TableSet, TableError> {
        Self::parse(&dir.display().to_string(), |name| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| TableError::Io {
                    file: path.display().to_string(),
                    message: e.to_string(),
                })
        })
    }

    pub fn load(source: &TableSource) -> Result<TableSet, TableError> {
        match source {
            TableSource::Embedded => Self::embedded(),
            TableSource::Directory(dir) => Self::from_dir(dir),
        }
    }

    fn parse<'s>(
        source: &str,
        read: impl Fn(&str) -> Result<std::borrow::Cow<'s, str>, TableError>,
    ) -> Result<TableSet, TableError> {
        let mut vocabulary = Vocabulary::default();

        let f = "versions.tsv";
        let text = read(f)?;
        let versions_rows = parse_table(
            f,
            &text,
            &[
                "version",
                "name",
                "fiscal_year",
                "effective_start",
                "effective_end",
                "invalid_procedure_is_or",
            ],
            |row| {
                Ok(VersionRow {
                    version: row.num("version")?,
                    name: row.token("name")?.to_string(),
                    fiscal_year: row.num("fiscal_year")?,
                    effective_start: row.date("effective_start")?,
                    effective_end: row.date("effective_end")?,
                    invalid_procedure_is_or: match row.token("invalid_procedure_is_or")? {
                        "Y" => true,
                        "N" => false,
                        other => {
                            return Err(TableError::Invalid {
                                file: f.to_string(),
                                message: format!("invalid_procedure_is_or {other:?} is not Y or N"),
                            })
                        }
                    },
                })
            },
        )?;

        let f = "diagnoses.tsv";
        let text = read(f)?;
        let diagnoses = parse_table(
            f,
            &text,
            &[
                "code",
                "version_start",
                "version_end",
                "mdc",
                "severity",
                "attributes",
                "dxcat_attributes",
                "hac_attributes",
                "attributes_pattern",
                "dxcat_pattern",
                "hac_pattern",
            ],
            |row| {
                let code = row.code("code")?;
                let versions = versions(row)?;
                let mdc = row.num("mdc")?;
                let severity = match row.token("severity")? {
                    "MCC" => CcLevel::Mcc,
                    "CC" => CcLevel::Cc,
                    "NCC" => CcLevel::NonCc,
                    other => {
                        return Err(TableError::Invalid {
                            file: f.to_string(),
                            message: format!("unknown severity {other:?}"),
                        })
                    }
                };
                let attributes = interned(&mut vocabulary, f, row.list("attributes")?)?;
                let dxcat_attributes = interned(&mut vocabulary, f, row.list("dxcat_attributes")?)?;
                let hac_attributes = interned(&mut vocabulary, f, row.list("hac_attributes")?)?;
                row.int("attributes_pattern")?;
                row.int("dxcat_pattern")?;
                row.int("hac_pattern")?;
                Ok(DiagnosisRow {
                    code,
                    versions,
                    mdc,
                    severity,
                    attributes,
                    dxcat_attributes,
                    hac_attributes,
                })
            },
        )?;

        let f = "procedures.tsv";
        let text = read(f)?;
        let procedures = parse_table(
            f,
            &text,
            &[
                "code",
                "version_start",
                "version_end",
                "pattern_id",
                "attributes",
            ],
            |row| {
                let code = row.code("code")?;
                let versions = versions(row)?;
                row.int("pattern_id")?;
                let attributes = interned(&mut vocabulary, f, row.list("attributes")?)?;
                Ok(ProcedureRow {
                    code,
                    versions,
                    attributes,
                })
            },
        )?;

        let f = "drg_formulas.tsv";
        let text = read(f)?;
        let formulas = parse_table(
            f,
            &text,
            &[
                "mdc",
                "version_start",
                "version_end",
                "seq",
                "rank",
                "drg",
                "base_drg",
                "surgical",
                "reroute_mdc",
                "drg_severity",
                "severity_suppression",
                "formula",
            ],
            |row| {
                let line = row.line();
                let mdc = row.num("mdc")?;
                let v = versions(row)?;
                if v.start != v.end {
                    return Err(TableError::Invalid {
                        file: f.to_string(),
                        message: format!("formula row {line} spans versions {}-{}", v.start, v.end),
                    });
                }
                let seq = row.num("seq")?;
                row.int("rank")?;
                Ok(FormulaRow {
                    mdc,
                    version: small(v.start, f, "version")?,
                    seq,
                    drg: row.num("drg")?,
                    base_drg: row.num("base_drg")?,
                    surgical: row.token("surgical")?.to_string(),
                    reroute_mdc: row.num("reroute_mdc")?,
                    severity_suppression: {
                        row.int("drg_severity")?;
                        row.list("severity_suppression")?
                            .into_iter()
                            .map(str::to_string)
                            .collect()
                    },
                    formula: row.token("formula")?.to_string(),
                    line,
                })
            },
        )?;

        let f = "hac_formulas.tsv";
        let text = read(f)?;
        let hac_formulas = parse_table(
            f,
            &text,
            &["hac", "version_start", "version_end", "seq", "formula"],
            |row| {
                let line = row.line();
                Ok(HacFormulaRow {
                    hac: row.num("hac")?,
                    versions: versions(row)?,
                    seq: row.num("seq")?,
                    formula: row.token("formula")?.to_string(),
                    line,
                })
            },
        )?;

        let f = "cc_exclusion_pdx.tsv";
        let text = read(f)?;
        let cc_exclusion_pdx = parse_table(
            f,
            &text,
            &[
                "pdx_code",
                "version_start",
                "version_end",
                "exclusion_group",
            ],
            |row| {
                Ok(CcExclusionPdxRow {
                    pdx: row.code("pdx_code")?,
                    versions: versions(row)?,
                    group: row.num("exclusion_group")?,
                })
            },
        )?;

        let f = "cc_exclusion_groups.tsv";
        let text = read(f)?;
        let members = parse_table(f, &text, &["exclusion_group", "sdx_code"], |row| {
            let group: u32 = row.num("exclusion_group")?;
            Ok((group, row.code("sdx_code")?))
        })?;
        let mut cc_exclusion_groups: HashMap<u32, Vec<CodeKey>> = HashMap::new();
        for (group, sdx) in members {
            cc_exclusion_groups.entry(group).or_default().push(sdx);
        }
        for list in cc_exclusion_groups.values_mut() {
            list.sort_unstable();
            list.dedup();
        }

        let f = "clusters.tsv";
        let text = read(f)?;
        let clusters = parse_table(
            f,
            &text,
            &[
                "cluster",
                "version_start",
                "version_end",
                "suppression_mdcs",
                "choice_count",
            ],
            |row| {
                Ok(ClusterRow {
                    name: row.code("cluster")?,
                    versions: versions(row)?,
                    suppression_mdcs: row
                        .list("suppression_mdcs")?
                        .into_iter()
                        .map(|m| {
                            m.parse::<u8>().map_err(|_| TableError::Invalid {
                                file: f.to_string(),
                                message: format!("suppression MDC {m:?} is not a number"),
                            })
                        })
                        .collect::<Result<_, _>>()?,
                    choice_count: row.num("choice_count")?,
                })
            },
        )?;

        let f = "cluster_choices.tsv";
        let text = read(f)?;
        let cluster_choices = parse_table(
            f,
            &text,
            &["cluster", "version_start", "version_end", "choice", "code"],
            |row| {
                Ok(ClusterChoiceRow {
                    cluster: row.code("cluster")?,
                    versions: versions(row)?,
                    choice: row.num("choice")?,
                    code: row.code("code")?,
                })
            },
        )?;

        let f = "cluster_map.tsv";
        let text = read(f)?;
        let cluster_map = parse_table(
            f,
            &text,
            &["code", "version_start", "version_end", "clusters"],
            |row| {
                Ok(ClusterMapRow {
                    code: row.code("code")?,
                    versions: versions(row)?,
                    clusters: row
                        .list("clusters")?
                        .into_iter()
                        .map(|c| {
                            pack(c).ok_or_else(|| TableError::Invalid {
                                file: f.to_string(),
                                message: format!("cluster {c:?} is not a code"),
                            })
                        })
                        .collect::<Result<_, _>>()?,
                })
            },
        )?;

        let f = "gender_mdcs.tsv";
        let text = read(f)?;
        let gender_mdcs = parse_table(
            f,
            &text,
            &[
                "code",
                "version_start",
                "version_end",
                "male_mdc",
                "female_mdc",
            ],
            |row| {
                Ok(GenderMdcRow {
                    code: row.code("code")?,
                    versions: versions(row)?,
                    male_mdc: row.num("male_mdc")?,
                    female_mdc: row.num("female_mdc")?,
                })
            },
        )?;

        let f = "drg_descriptions.tsv";
        let drg_titles = titles(f, &read(f)?, "drg")?;
        let f = "mdc_descriptions.tsv";
        let mdc_titles = titles(f, &read(f)?, "mdc")?;
        let f = "hac_descriptions.tsv";
        let hac_titles = titles(f, &read(f)?, "hac")?;

        let f = "mce_discharge_status.tsv";
        let text = read(f)?;
        let discharge_statuses =
            parse_table(f, &text, &["code", "date_start", "date_end"], |row| {
                Ok(DischargeStatusRow {
                    code: row.num("code")?,
                    date_start: row.date("date_start")?,
                    date_end: row.date("date_end")?,
                })
            })?;

        Ok(TableSet {
            source: source.to_string(),
            vocabulary,
            versions: versions_rows,
            diagnoses,
            procedures,
            formulas,
            hac_formulas,
            cc_exclusion_pdx,
            cc_exclusion_groups,
            clusters,
            cluster_choices,
            cluster_map,
            gender_mdcs,
            drg_titles,
            mdc_titles,
            hac_titles,
            discharge_statuses,
        })
    }
}
