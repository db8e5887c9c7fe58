//! The CMS MS-DRG definition tables: where they come from and how they are read.
//!
//! The tables ship embedded in the binary (the files of `tables/msdrg/`, verbatim CMS data) and
//! can be replaced by a directory holding files of the same names, e.g. a newer CMS release.
//! Parsing keeps every row with its version range; the grouper's definitions then select one
//! version's rows lazily, when a claim first asks for it (for a directory, all versions at
//! load). A table set is complete or refused: every file must have data rows, every versioned
//! file rows for every version of `versions.tsv`, `drg_formulas.tsv` every MDC list of every
//! version, and `mce_discharge_status.tsv` statuses in force on each version's first day.

mod error;
pub(crate) mod reader;

pub use error::TableError;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::attributes::Vocabulary;
use crate::codes::{pack, CodeKey};
use crate::date::Date;
use reader::{parse_table, Row};

/// Where the table texts come from.
#[derive(Debug, Clone)]
pub enum TableSource {
    /// The tables compiled into the binary.
    Embedded,
    /// A directory with files named like the embedded ones.
    Directory(PathBuf),
}

/// The MS-DRG files a table set is read from (embedded, or in an override directory).
pub use drg_tables::MSDRG_TABLE_SET as MSDRG_FILES;

/// Medical or surgical DRG (CMS DRG type, the `surgical` column of `drg_formulas.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MedSurg {
    /// A medical DRG.
    Medical,
    /// A surgical DRG.
    Surgical,
    /// No type (`NA`: DRG 998, 999, and records that assign no DRG).
    None,
}

/// Severity of a diagnosis as a secondary diagnosis (CMS Table 6I/6J).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CcLevel {
    /// Neither CC nor MCC.
    NonCc = 0,
    /// Complication or comorbidity.
    Cc = 1,
    /// Major complication or comorbidity.
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

/// One grouper version of a table set (`versions.tsv`).
#[derive(Debug, Clone)]
pub struct VersionRow {
    /// Grouper version number (400 for v40.0 ... 440 for v44.0).
    pub version: u16,
    /// CMS name of the version (`40.0`).
    pub name: String,
    /// Federal fiscal year it belongs to.
    pub fiscal_year: u16,
    /// First discharge date it applies to.
    pub effective_start: Date,
    /// Last discharge date it applies to, inclusive.
    pub effective_end: Date,
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
    pub med_surg: MedSurg,
    pub reroute_mdc: u8,
    pub severity_suppression: Vec<String>,
    /// Column of `severity_suppression` in drg_formulas.tsv, for error messages.
    pub suppression_column: usize,
    pub formula: String,
    /// Line and column of the formula in drg_formulas.tsv, for error messages.
    pub position: (usize, usize),
}

#[derive(Debug, Clone)]
pub struct HacFormulaRow {
    pub hac: u8,
    pub versions: VersionRange,
    pub seq: u32,
    pub formula: String,
    /// Line and column of the formula, for error messages.
    pub position: (usize, usize),
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
    pub date_start: Date,
    pub date_end: Date,
}

/// Every MS-DRG table, all versions, as parsed (compiled per version by the grouper).
#[derive(Debug, Clone)]
pub struct TableSet {
    pub(crate) source: String,
    pub(crate) vocabulary: Vocabulary,
    pub(crate) versions: Vec<VersionRow>,
    pub(crate) diagnoses: Vec<DiagnosisRow>,
    pub(crate) procedures: Vec<ProcedureRow>,
    pub(crate) formulas: Vec<FormulaRow>,
    pub(crate) hac_formulas: Vec<HacFormulaRow>,
    pub(crate) cc_exclusion_pdx: Vec<CcExclusionPdxRow>,
    /// Exclusion group -> member secondary diagnoses, sorted.
    pub(crate) cc_exclusion_groups: ExclusionGroups,
    pub(crate) clusters: Vec<ClusterRow>,
    pub(crate) cluster_choices: Vec<ClusterChoiceRow>,
    pub(crate) cluster_map: Vec<ClusterMapRow>,
    pub(crate) gender_mdcs: Vec<GenderMdcRow>,
    pub(crate) drg_titles: Vec<TitleRow>,
    pub(crate) discharge_statuses: Vec<DischargeStatusRow>,
}

fn versions(row: &mut Row<'_>) -> Result<VersionRange, TableError> {
    Ok(VersionRange {
        start: row.int("version_start")?,
        end: row.int("version_end")?,
    })
}

/// The next field as a list of attribute names, interned.
fn interned(
    vocabulary: &mut Vocabulary,
    row: &mut Row<'_>,
    name: &str,
) -> Result<Vec<u16>, TableError> {
    let column = row.column();
    let names = row.list(name)?;
    names
        .into_iter()
        .map(|attribute| {
            vocabulary.intern(attribute).ok_or_else(|| {
                row.error(
                    column,
                    format!(
                        "more than {} distinct attribute names",
                        crate::attributes::CAPACITY
                    ),
                )
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

/// The rows of `versions.tsv`.
fn versions_rows(f: &str, text: &str) -> Result<Vec<VersionRow>, TableError> {
    parse_table(
        f,
        text,
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
                invalid_procedure_is_or: row
                    .choice("invalid_procedure_is_or", &[("Y", true), ("N", false)])?,
            })
        },
    )
}

/// The rows of `diagnoses.tsv`.
fn diagnosis_rows(
    f: &str,
    text: &str,
    vocabulary: &mut Vocabulary,
) -> Result<Vec<DiagnosisRow>, TableError> {
    parse_table(
        f,
        text,
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
            let severity = row.choice(
                "severity",
                &[
                    ("MCC", CcLevel::Mcc),
                    ("CC", CcLevel::Cc),
                    ("NCC", CcLevel::NonCc),
                ],
            )?;
            let attributes = interned(vocabulary, row, "attributes")?;
            let dxcat_attributes = interned(vocabulary, row, "dxcat_attributes")?;
            let hac_attributes = interned(vocabulary, row, "hac_attributes")?;
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
    )
}

/// The rows of `procedures.tsv`.
fn procedure_rows(
    f: &str,
    text: &str,
    vocabulary: &mut Vocabulary,
) -> Result<Vec<ProcedureRow>, TableError> {
    parse_table(
        f,
        text,
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
            let attributes = interned(vocabulary, row, "attributes")?;
            Ok(ProcedureRow {
                code,
                versions,
                attributes,
            })
        },
    )
}

/// The rows of `drg_formulas.tsv`.
fn formula_rows(f: &str, text: &str) -> Result<Vec<FormulaRow>, TableError> {
    parse_table(
        f,
        text,
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
            let column = row.column();
            let v = versions(row)?;
            if v.start != v.end {
                return Err(row.error(
                    column,
                    format!("formula row spans versions {}-{}", v.start, v.end),
                ));
            }
            let version = u16::try_from(v.start)
                .map_err(|_| row.error(column, format!("version {} out of range", v.start)))?;
            let seq = row.num("seq")?;
            row.int("rank")?;
            Ok(FormulaRow {
                mdc,
                version,
                seq,
                drg: row.num("drg")?,
                base_drg: row.num("base_drg")?,
                med_surg: row.choice(
                    "surgical",
                    &[
                        ("SURGICAL", MedSurg::Surgical),
                        ("MEDICAL", MedSurg::Medical),
                        ("NA", MedSurg::None),
                    ],
                )?,
                reroute_mdc: row.num("reroute_mdc")?,
                suppression_column: {
                    row.int("drg_severity")?;
                    row.column()
                },
                severity_suppression: row
                    .list("severity_suppression")?
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                position: (line, row.column()),
                formula: row.token("formula")?.to_string(),
            })
        },
    )
}

/// The rows of `hac_formulas.tsv`.
fn hac_formula_rows(f: &str, text: &str) -> Result<Vec<HacFormulaRow>, TableError> {
    parse_table(
        f,
        text,
        &["hac", "version_start", "version_end", "seq", "formula"],
        |row| {
            let line = row.line();
            Ok(HacFormulaRow {
                hac: row.num("hac")?,
                versions: versions(row)?,
                seq: row.num("seq")?,
                position: (line, row.column()),
                formula: row.token("formula")?.to_string(),
            })
        },
    )
}

/// The rows of `cc_exclusion_pdx.tsv`.
fn cc_exclusion_pdx_rows(f: &str, text: &str) -> Result<Vec<CcExclusionPdxRow>, TableError> {
    parse_table(
        f,
        text,
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
    )
}

/// The rows of `clusters.tsv`.
fn cluster_rows(f: &str, text: &str) -> Result<Vec<ClusterRow>, TableError> {
    parse_table(
        f,
        text,
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
                suppression_mdcs: {
                    let column = row.column();
                    row.list("suppression_mdcs")?
                        .into_iter()
                        .map(|m| {
                            m.parse::<u8>().map_err(|_| {
                                row.error(
                                    column,
                                    format!(
                                        "suppression MDC {} is not a number",
                                        TableError::excerpt(m)
                                    ),
                                )
                            })
                        })
                        .collect::<Result<_, _>>()?
                },
                choice_count: row.num("choice_count")?,
            })
        },
    )
}

/// The rows of `cluster_choices.tsv`.
fn cluster_choice_rows(f: &str, text: &str) -> Result<Vec<ClusterChoiceRow>, TableError> {
    parse_table(
        f,
        text,
        &["cluster", "version_start", "version_end", "choice", "code"],
        |row| {
            Ok(ClusterChoiceRow {
                cluster: row.code("cluster")?,
                versions: versions(row)?,
                choice: row.num("choice")?,
                code: row.code("code")?,
            })
        },
    )
}

/// The rows of `cluster_map.tsv`.
fn cluster_map_rows(f: &str, text: &str) -> Result<Vec<ClusterMapRow>, TableError> {
    parse_table(
        f,
        text,
        &["code", "version_start", "version_end", "clusters"],
        |row| {
            Ok(ClusterMapRow {
                code: row.code("code")?,
                versions: versions(row)?,
                clusters: {
                    let column = row.column();
                    row.list("clusters")?
                        .into_iter()
                        .map(|c| {
                            pack(c).ok_or_else(|| {
                                row.error(
                                    column,
                                    format!("cluster {} is not a code", TableError::excerpt(c)),
                                )
                            })
                        })
                        .collect::<Result<_, _>>()?
                },
            })
        },
    )
}

/// The rows of `gender_mdcs.tsv`.
fn gender_mdc_rows(f: &str, text: &str) -> Result<Vec<GenderMdcRow>, TableError> {
    parse_table(
        f,
        text,
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
    )
}

/// CC exclusion groups (CMS Table 6K part 1): group -> its secondary diagnoses, sorted; shared
/// by every version. Fx-hashed: the engine looks a group up for every secondary diagnosis.
pub type ExclusionGroups = std::collections::HashMap<u32, Vec<CodeKey>, rustc_hash::FxBuildHasher>;

/// `cc_exclusion_groups.tsv`: exclusion group -> member secondary diagnoses, sorted.
fn cc_exclusion_groups(f: &str, text: &str) -> Result<ExclusionGroups, TableError> {
    let members = parse_table(f, text, &["exclusion_group", "sdx_code"], |row| {
        let group: u32 = row.num("exclusion_group")?;
        Ok((group, row.code("sdx_code")?))
    })?;
    let mut groups = ExclusionGroups::default();
    for (group, sdx) in members {
        groups.entry(group).or_default().push(sdx);
    }
    for list in groups.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    Ok(groups)
}

/// The rows of `mce_discharge_status.tsv`.
fn discharge_status_rows(f: &str, text: &str) -> Result<Vec<DischargeStatusRow>, TableError> {
    parse_table(f, text, &["code", "date_start", "date_end"], |row| {
        Ok(DischargeStatusRow {
            code: row.num("code")?,
            date_start: row.date("date_start")?,
            date_end: row.date("date_end")?,
        })
    })
}

/// Parse one MS-DRG table file `name` (one of [`MSDRG_FILES`]) from `text` on its own: the
/// header and every row, with the checks of a row and of the file, not those across files
/// that loading a [`TableSet`] adds. The number of rows (groups, for
/// `cc_exclusion_groups.tsv`). For tests and fuzzing of the table readers.
pub fn parse_table_rows(name: &str, text: &str) -> Result<usize, TableError> {
    let mut vocabulary = Vocabulary::default();
    let f = name;
    Ok(match name {
        "versions.tsv" => versions_rows(f, text)?.len(),
        "diagnoses.tsv" => diagnosis_rows(f, text, &mut vocabulary)?.len(),
        "procedures.tsv" => procedure_rows(f, text, &mut vocabulary)?.len(),
        "drg_formulas.tsv" => formula_rows(f, text)?.len(),
        "hac_formulas.tsv" => hac_formula_rows(f, text)?.len(),
        "cc_exclusion_pdx.tsv" => cc_exclusion_pdx_rows(f, text)?.len(),
        "cc_exclusion_groups.tsv" => cc_exclusion_groups(f, text)?.len(),
        "clusters.tsv" => cluster_rows(f, text)?.len(),
        "cluster_choices.tsv" => cluster_choice_rows(f, text)?.len(),
        "cluster_map.tsv" => cluster_map_rows(f, text)?.len(),
        "gender_mdcs.tsv" => gender_mdc_rows(f, text)?.len(),
        "drg_descriptions.tsv" => titles(f, text, "drg")?.len(),
        "mdc_descriptions.tsv" => titles(f, text, "mdc")?.len(),
        "hac_descriptions.tsv" => titles(f, text, "hac")?.len(),
        "mce_discharge_status.tsv" => discharge_status_rows(f, text)?.len(),
        other => {
            return Err(TableError::content(
                other,
                "not an MS-DRG table file (see MSDRG_FILES)",
            ))
        }
    })
}

impl TableSet {
    /// The embedded tables.
    pub fn embedded() -> Result<TableSet, TableError> {
        Self::parse("embedded tables/msdrg", |name| {
            drg_tables::msdrg(name)
                .and_then(|f| f.text())
                .map(std::borrow::Cow::Borrowed)
                .ok_or_else(|| TableError::content(name, "not embedded as UTF-8 text"))
        })
    }

    /// The version rows of the embedded tables alone (`versions.tsv`), for a grouper whose
    /// definitions come compiled.
    pub(crate) fn embedded_versions() -> Result<Vec<VersionRow>, TableError> {
        let f = "versions.tsv";
        let text = drg_tables::msdrg(f)
            .and_then(|file| file.text())
            .ok_or_else(|| TableError::content(f, "not embedded as UTF-8 text"))?;
        versions_rows(f, text)
    }

    /// Tables read from `dir` (files named as in `tables/msdrg/`).
    pub fn from_dir(dir: &Path) -> Result<TableSet, TableError> {
        Self::parse(&dir.display().to_string(), |name| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map(std::borrow::Cow::Owned)
                .map_err(|source| TableError::Io { path, source })
        })
    }

    /// Tables from `source`.
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

        let versions_rows = versions_rows("versions.tsv", &read("versions.tsv")?)?;

        let diagnoses = diagnosis_rows("diagnoses.tsv", &read("diagnoses.tsv")?, &mut vocabulary)?;

        let procedures =
            procedure_rows("procedures.tsv", &read("procedures.tsv")?, &mut vocabulary)?;

        let formulas = formula_rows("drg_formulas.tsv", &read("drg_formulas.tsv")?)?;

        let hac_formulas = hac_formula_rows("hac_formulas.tsv", &read("hac_formulas.tsv")?)?;

        let cc_exclusion_pdx =
            cc_exclusion_pdx_rows("cc_exclusion_pdx.tsv", &read("cc_exclusion_pdx.tsv")?)?;

        let cc_exclusion_groups =
            cc_exclusion_groups("cc_exclusion_groups.tsv", &read("cc_exclusion_groups.tsv")?)?;
        let clusters = cluster_rows("clusters.tsv", &read("clusters.tsv")?)?;

        let cluster_choices =
            cluster_choice_rows("cluster_choices.tsv", &read("cluster_choices.tsv")?)?;

        let cluster_map = cluster_map_rows("cluster_map.tsv", &read("cluster_map.tsv")?)?;

        let gender_mdcs = gender_mdc_rows("gender_mdcs.tsv", &read("gender_mdcs.tsv")?)?;

        let f = "drg_descriptions.tsv";
        let drg_titles = titles(f, &read(f)?, "drg")?;
        let f = "mdc_descriptions.tsv";
        // MDC and HAC titles are checked for form and coverage here; nothing reads them yet.
        let mdc_titles = titles(f, &read(f)?, "mdc")?;
        let f = "hac_descriptions.tsv";
        let hac_titles = titles(f, &read(f)?, "hac")?;

        let f = "mce_discharge_status.tsv";
        let discharge_statuses = discharge_status_rows(f, &read(f)?)?;

        let set = TableSet {
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
            discharge_statuses,
        };
        set.check_versions(&mdc_titles, &hac_titles)?;
        Ok(set)
    }

    /// Every version of `versions.tsv` has rows in each versioned table, formulas for every
    /// MDC list, and discharge statuses in force on its first day: a table cut short would
    /// otherwise load and group that version's claims to 999 (or as medical).
    fn check_versions(
        &self,
        mdc_titles: &[TitleRow],
        hac_titles: &[TitleRow],
    ) -> Result<(), TableError> {
        let uncovered =
            |rows: &mut dyn Iterator<Item = VersionRange>| first_uncovered(&self.versions, rows);
        let versioned: [(&str, Option<u16>); 11] = [
            (
                "diagnoses.tsv",
                uncovered(&mut self.diagnoses.iter().map(|r| r.versions)),
            ),
            (
                "procedures.tsv",
                uncovered(&mut self.procedures.iter().map(|r| r.versions)),
            ),
            (
                "hac_formulas.tsv",
                uncovered(&mut self.hac_formulas.iter().map(|r| r.versions)),
            ),
            (
                "cc_exclusion_pdx.tsv",
                uncovered(&mut self.cc_exclusion_pdx.iter().map(|r| r.versions)),
            ),
            (
                "clusters.tsv",
                uncovered(&mut self.clusters.iter().map(|r| r.versions)),
            ),
            (
                "cluster_choices.tsv",
                uncovered(&mut self.cluster_choices.iter().map(|r| r.versions)),
            ),
            (
                "cluster_map.tsv",
                uncovered(&mut self.cluster_map.iter().map(|r| r.versions)),
            ),
            (
                "gender_mdcs.tsv",
                uncovered(&mut self.gender_mdcs.iter().map(|r| r.versions)),
            ),
            (
                "drg_descriptions.tsv",
                uncovered(&mut self.drg_titles.iter().map(|r| r.versions)),
            ),
            (
                "mdc_descriptions.tsv",
                uncovered(&mut mdc_titles.iter().map(|r| r.versions)),
            ),
            (
                "hac_descriptions.tsv",
                uncovered(&mut hac_titles.iter().map(|r| r.versions)),
            ),
        ];
        if let Some((file, Some(v))) = versioned.iter().find(|(_, v)| v.is_some()) {
            return Err(TableError::content(
                file,
                format!("no rows for version {v} (versions.tsv lists it)"),
            ));
        }
        self.versions.iter().try_for_each(|v| self.check_version(v))
    }

    /// Version `v` has formulas for every MDC list and discharge statuses on its first day.
    fn check_version(&self, v: &VersionRow) -> Result<(), TableError> {
        let lists: std::collections::HashSet<u8> = self
            .formulas
            .iter()
            .filter(|r| r.version == v.version)
            .map(|r| r.mdc)
            .collect();
        if let Some(list) = MDC_LISTS.iter().find(|m| !lists.contains(m)) {
            return Err(TableError::content(
                "drg_formulas.tsv",
                format!("no formulas of MDC list {list} for version {}", v.version),
            ));
        }
        let day = v.effective_start;
        if !self
            .discharge_statuses
            .iter()
            .any(|s| s.date_start <= day && day <= s.date_end)
        {
            return Err(TableError::content(
                "mce_discharge_status.tsv",
                format!(
                    "no discharge status in force on {day} (version {})",
                    v.version
                ),
            ));
        }
        Ok(())
    }
}

/// The first version of `versions` that no row's range covers.
fn first_uncovered(
    versions: &[VersionRow],
    rows: &mut dyn Iterator<Item = VersionRange>,
) -> Option<u16> {
    let mut covered = vec![false; versions.len()];
    for range in rows {
        for (c, v) in covered.iter_mut().zip(versions) {
            *c |= range.contains(v.version);
        }
    }
    versions
        .iter()
        .zip(&covered)
        .find(|(_, c)| !**c)
        .map(|(v, _)| v.version)
}

/// The formula lists every version must define: Pre-MDC (0), MDCs 1-25, the unrelated O.R.
/// list (29) and the error list (99).
const MDC_LISTS: [u8; 28] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    29, 99,
];
