//! The IPPS pricer tables of one fiscal year, parsed with nom from the forms CMS ships:
//! the pricer CSVs (`drgstable`, `cbsa-wage-index`, `ratex`, `outmigration`, `claim-codes`,
//! `newtech-costs`), the compiled `fy-factors.csv`, and the Final Rule Table 5 text file.
//!
//! FY2023-FY2027 are embedded (FY2025 and FY2027 partial); any year can be loaded from, or
//! overlaid by, a directory so that a new year or a correction needs files, not code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use nom::bytes::complete::take_while1;
use nom::character::complete::{char, digit0, digit1};
use nom::combinator::{opt, recognize};
use nom::sequence::{pair, tuple};
use nom::IResult;
use rust_decimal::Decimal;

use super::delimited::{all_consumed, parse_records, Field, Record};
use super::error::TableError;
use crate::date::Date;

/// One MS-DRG row: relative weight, lengths of stay and transfer flags (PAYMENT.md §4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrgEntry {
    /// MS-DRG number (`diagnosticRelatedGroup`).
    pub drg: u16,
    /// First discharge date the row applies to.
    pub effective_date: Date,
    /// Relative weight (4 dp); 0 for the ungroupable DRGs 998/999.
    pub relative_weight: Decimal,
    /// GMLOS; the pricer's "ALOS" in transfer and per-diem math (§7).
    pub geometric_mean_los: Decimal,
    /// Arithmetic mean length of stay (shown only).
    pub arithmetic_mean_los: Decimal,
    /// `postAcuteCare` Y: review 09/11 is paid as a post-acute transfer (§7).
    pub post_acute: bool,
    /// `specialPaymentPostAcuteCare` Y: post-acute transfers use the 50/50 rule (§7).
    pub special_pay: bool,
    /// DRG title.
    pub description: String,
}

/// One wage-index row: a CBSA, or a 2-digit state code for the state's rural area (§3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WageIndexRow {
    /// CBSA code (5 characters), or a 2-digit state code for the state's rural area.
    pub cbsa: String,
    /// `L` large urban, otherwise blank (the pricer then uses `O`, or `R` for a state row).
    pub size: Option<char>,
    /// First discharge date the row applies to (§3: must lie in the fiscal year).
    pub effective_date: Date,
    /// Wage index of the area (also the rural floor of a state row).
    pub geographic_wage_index: Decimal,
    /// Wage index for hospitals reclassified into the area (indicator Y).
    pub reclassified_wage_index: Decimal,
    /// State imputed floor (0 when none).
    pub imputed_floor_wage_index: Decimal,
    /// Area name.
    pub name: String,
}

/// Labor and non-labor dollars of one `ratex` table (§4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateAmounts {
    /// Labor-related standardized amount.
    pub labor: Decimal,
    /// Non-labor standardized amount.
    pub non_labor: Decimal,
}

/// Out-migration adjustment for one county (FIPS state+county), added to the wage index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutmigrationRow {
    /// FIPS state+county code (5 digits), matched to PSF `countyCode`.
    pub county: String,
    /// Amount added to the wage index (4 dp).
    pub adjustment: Decimal,
    /// First discharge date the adjustment applies to.
    pub start_date: Date,
}

/// Kind of code a `claim-codes` row lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeType {
    /// `PROC`: ICD-10-PCS procedure code.
    Procedure,
    /// `DIAG`: ICD-10-CM diagnosis code.
    Diagnosis,
    /// `COND`: UB-04 condition code.
    Condition,
    /// `NDC`: National Drug Code (FY2023 lists the COVID-19 drugs PAXLOVID, MOLNUPIRAVIR,
    /// GOHIBIC and KINERET this way). Accepted and stored, but claims carry no NDC codes yet,
    /// so a key with NDC rows is never met (an NDC-only key never triggers its technology)
    /// and such a key needs no `newtech-costs` row.
    Ndc,
}

impl CodeType {
    /// The lengths a code of this type has: ICD-10-PCS 7, ICD-10-CM 3 to 7, a UB-04
    /// condition code 2, an NDC 11 (the 5-4-2 form without hyphens).
    pub fn code_lengths(self) -> std::ops::RangeInclusive<usize> {
        match self {
            CodeType::Procedure => 7..=7,
            CodeType::Diagnosis => 3..=7,
            CodeType::Condition => 2..=2,
            CodeType::Ndc => 11..=11,
        }
    }
}

/// One code of a new-technology key (or ISLET / NOCOSTPROD rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCodeRow {
    /// Key: technology leg (e.g. `AVEIR1`), `ISLET` or `NOCOSTPROD1/2`.
    pub name: String,
    /// ICD-10 code or condition code, upper case without dots.
    pub code: String,
    /// Which claim list the code is looked up in.
    pub code_type: CodeType,
}

/// Maximum NTAP amount and the share of costs above the DRG payment that is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTechCost {
    /// Technology (cost row) name, e.g. `AVEIRH`.
    pub name: String,
    /// Maximum add-on amount.
    pub amount: Decimal,
    /// Share of the costs above the DRG payment paid (0.65 or 0.75).
    pub adjustment_factor: Decimal,
}

/// Scalar rates and factors of one fiscal year, from `fy-factors.csv` (PAYMENT.md §4, §9, §10, §12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiscalYearFactors {
    /// Federal fiscal year of the row.
    pub fiscal_year: u16,
    /// §6 capital federal rate (FY2026 524.15).
    pub capital_federal_rate: Decimal,
    /// §10 outlier fixed-loss threshold (FY2026 40397.00).
    pub fixed_loss_threshold: Decimal,
    /// §4.2 national labor share when WI > 1 (0.66).
    pub labor_pct_wi_gt_1: Decimal,
    /// §4.2 national non-labor share when WI > 1 (0.34).
    pub nonlabor_pct_wi_gt_1: Decimal,
    /// §4.2 national labor share when WI ≤ 1 (0.62).
    pub labor_pct_wi_le_1: Decimal,
    /// §4.2 national non-labor share when WI ≤ 1 (0.38).
    pub nonlabor_pct_wi_le_1: Decimal,
    /// §9 current update: quality met, EHR not failed.
    pub update_quality1_ehr_blank: Decimal,
    /// §9 current update: quality not met, EHR not failed.
    pub update_quality0_ehr_blank: Decimal,
    /// §9 current update: quality met, EHR failed.
    pub update_quality1_ehr_y: Decimal,
    /// §9 current update: quality not met, EHR failed.
    pub update_quality0_ehr_y: Decimal,
    /// §9 current update for Puerto Rico, EHR not failed.
    pub update_puerto_rico_ehr_blank: Decimal,
    /// §9 current update for Puerto Rico, EHR failed.
    pub update_puerto_rico_ehr_y: Decimal,
    /// Product of the prior full updates FY2019..FY(N-1), exact (§9).
    pub hsp_prior_year_update_product: Decimal,
    /// Product of the DRG budget-neutrality factors FY2019..FY N, exact (§9).
    pub hsp_budget_neutrality_product: Decimal,
    /// DRG 018 clinical-trial / no-cost-product reduction; `None` when not published for the year.
    pub no_cost_product_factor_drg018: Option<Decimal>,
    /// Last discharge date on which MDH status is honoured (temporary statute), if any.
    pub mdh_expiry: Option<Date>,
    /// Low-wage-index hospital policy (FY2020-FY2024): a wage index below this limit (the
    /// national 25th percentile) is raised by half the difference (`wage_index_quartile_limit`).
    pub wage_index_quartile_limit: Option<Decimal>,
    /// COVID-19 DRG weight factor (CARES Act 20 % add-on, `covid_adjustment_factor`).
    pub covid_adjustment_factor: Option<Decimal>,
    /// Rural floor by state code where it is not the state row's wage index
    /// (`rural_floor_wage_index_SS` rows; FY2021: column 3 of CMS's CBSA table).
    pub rural_floor_by_state: BTreeMap<String, Decimal>,
    /// Required factors (`fy-factors.csv` names, e.g. `fixed_loss_threshold`) the year gives
    /// as `unknown`: their fields above hold 0, which is never priced with: a claim that
    /// needs one gets `PricingError::MissingTable` before any step reads it.
    pub unknown: BTreeSet<String>,
}

/// A table a fiscal year may lack. The year then loads without it (recorded, see
/// [`PaymentTables::missing`]), and pricing a claim that needs it gives
/// [`PricingError::MissingTable`](super::PricingError::MissingTable); which claims need
/// which table is in `payment/README.md` ("Partial years").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptionalTable {
    /// `cbsa-wage-index-YYYY.csv`: the wage index by CBSA (§3).
    WageIndex,
    /// `outmigration-YYYY.csv`: the out-migration adjustment by county (§3 step 1).
    Outmigration,
    /// `claim-codes-YYYY.csv`: NTAP, islet, DRG 018 no-cost and COVID-19 codes (§8, §4.4).
    ClaimCodes,
    /// `newtech-costs-YYYY.csv`: NTAP maximum amounts and shares (§8).
    NewTechCosts,
}

impl OptionalTable {
    /// Every optional table, in the order the pricer reads them.
    pub const ALL: [OptionalTable; 4] = [
        OptionalTable::WageIndex,
        OptionalTable::Outmigration,
        OptionalTable::ClaimCodes,
        OptionalTable::NewTechCosts,
    ];

    /// The file name of the table for fiscal year `fy`, as CMS names it.
    pub fn file_name(self, fy: u16) -> String {
        format!("{}-{fy}.csv", self.base_name())
    }

    /// The file name without `-YYYY.csv`.
    fn base_name(self) -> &'static str {
        match self {
            OptionalTable::WageIndex => "cbsa-wage-index",
            OptionalTable::Outmigration => "outmigration",
            OptionalTable::ClaimCodes => "claim-codes",
            OptionalTable::NewTechCosts => "newtech-costs",
        }
    }
}

/// The `fy-factors.csv` factors every claim is priced with (§4.2 labor shares, §6, §10).
pub const RATE_FACTORS: [&str; 6] = [
    "capital_federal_rate",
    "fixed_loss_threshold",
    "labor_pct_wi_gt_1",
    "nonlabor_pct_wi_gt_1",
    "labor_pct_wi_le_1",
    "nonlabor_pct_wi_le_1",
];

/// The `fy-factors.csv` factors of the hospital-specific rate (§9: SCH, EACH and MDH only).
pub const HOSPITAL_SPECIFIC_FACTORS: [&str; 8] = [
    "update_quality1_ehr_blank",
    "update_quality0_ehr_blank",
    "update_quality1_ehr_Y",
    "update_quality0_ehr_Y",
    "update_puerto_rico_ehr_blank",
    "update_puerto_rico_ehr_Y",
    "hsp_prior_year_update_product",
    "hsp_budget_neutrality_product",
];

/// `claim-codes` of one year, indexed.
#[derive(Debug, Clone)]
struct CodeTable {
    /// File the rows came from (for messages).
    file: String,
    rows: Vec<ClaimCodeRow>,
    /// key → code type → codes.
    keys: BTreeMap<String, BTreeMap<CodeType, BTreeSet<String>>>,
    /// Technology base name (key without leg number) → its keys.
    technology_bases: BTreeMap<String, Vec<String>>,
    /// code → the (code type, key) pairs that list it: a claim's few codes are looked up
    /// once, instead of every key's lists being searched for each of them.
    listings: rustc_hash::FxHashMap<String, Vec<(CodeType, String)>>,
}

impl CodeTable {
    fn new(file: String, rows: Vec<ClaimCodeRow>) -> CodeTable {
        let mut keys: BTreeMap<String, BTreeMap<CodeType, BTreeSet<String>>> = BTreeMap::new();
        for r in &rows {
            keys.entry(r.name.clone())
                .or_default()
                .entry(r.code_type)
                .or_default()
                .insert(r.code.clone());
        }
        let mut listings: rustc_hash::FxHashMap<String, Vec<(CodeType, String)>> =
            rustc_hash::FxHashMap::default();
        for (key, types) in &keys {
            for (kind, codes) in types {
                for code in codes {
                    let entry = listings.entry(code.clone()).or_default();
                    entry.push((*kind, key.clone()));
                }
            }
        }
        let mut technology_bases: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for key in keys.keys() {
            let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
            technology_bases
                .entry(base.to_string())
                .or_default()
                .push(key.clone());
        }
        CodeTable {
            file,
            rows,
            keys,
            technology_bases,
            listings,
        }
    }
}

/// No technologies (a year without `claim-codes`).
static NO_TECHNOLOGIES: BTreeMap<String, Vec<String>> = BTreeMap::new();

/// All payment tables of one federal fiscal year. `drgstable` (or Table 5), `ratex` and
/// `fy-factors.csv` are always there; the [`OptionalTable`]s and the factors `fy-factors.csv`
/// gives as `unknown` may be missing ([`PaymentTables::missing`]).
#[derive(Debug, Clone)]
pub struct PaymentTables {
    /// Federal fiscal year the tables price.
    pub fiscal_year: u16,
    /// Where the tables came from ("embedded FY2026" or a directory), for messages.
    pub source: String,
    drgs: DrgRows,
    rates: BTreeMap<u8, RateAmounts>,
    /// Rows by CBSA, hashed: every claim looks its hospital's CBSAs up.
    wage_index: Option<rustc_hash::FxHashMap<String, Vec<WageIndexRow>>>,
    outmigration: Option<BTreeMap<String, Vec<OutmigrationRow>>>,
    claim_codes: Option<CodeTable>,
    /// `newtech-costs` file name and rows by technology.
    new_tech_costs: Option<(String, BTreeMap<String, NewTechCost>)>,
    /// The year's `fy-factors.csv` rows as read (an overlay replaces or adds rows).
    factor_rows: BTreeMap<String, FactorValue>,
    /// Scalar rates and factors of the year (`fy-factors.csv`).
    pub factors: FiscalYearFactors,
}

/// CMS's published Table 5 for FY2026, bytes as published (Windows-1252, CRLF).
pub fn embedded_table5_fy2026() -> &'static [u8] {
    embedded_file(2026, "table5-fy2026.txt").map_or(&[], |f| f.contents)
}

/// The embedded file `name` of fiscal year `fy`.
fn embedded_file(fy: u16, name: &str) -> Option<&'static drg_tables::TableFile> {
    drg_tables::ipps_year(fy, name)
}

/// Where one year's files are read from: the embedded data crate or a directory.
#[derive(Debug, Clone, Copy)]
enum Files<'a> {
    Embedded(u16),
    Dir(&'a Path),
}

impl Files<'_> {
    /// The name used in messages (the bare name, or the path in a directory) and the bytes;
    /// `None` when there is no such file.
    fn bytes(&self, name: &str) -> Result<Option<(String, Vec<u8>)>, TableError> {
        match self {
            Files::Embedded(fy) => {
                Ok(embedded_file(*fy, name).map(|f| (name.to_string(), f.contents.to_vec())))
            }
            Files::Dir(dir) => {
                let path = dir.join(name);
                match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some((path.display().to_string(), bytes))),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(source) => Err(TableError::Io { path, source }),
                }
            }
        }
    }

    /// The file as UTF-8 text (every IPPS CSV is), `None` when there is no such file.
    fn text(&self, name: &str) -> Result<Option<(String, String)>, TableError> {
        let Some((file, bytes)) = self.bytes(name)? else {
            return Ok(None);
        };
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some((file, text))),
            Err(_) => Err(match self {
                Files::Embedded(_) => TableError::content(name, "not embedded as UTF-8 text"),
                Files::Dir(dir) => TableError::Io {
                    path: dir.join(name),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "stream did not contain valid UTF-8",
                    ),
                },
            }),
        }
    }

    /// A file the year cannot load without.
    fn required_text(&self, name: &str) -> Result<(String, String), TableError> {
        self.text(name)?.ok_or_else(|| self.missing(name))
    }

    fn missing(&self, name: &str) -> TableError {
        match self {
            Files::Embedded(fy) => TableError::content(name, format!("not embedded for FY{fy}")),
            Files::Dir(dir) => TableError::Io {
                path: dir.join(name),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "No such file or directory",
                ),
            },
        }
    }

    /// The DRG table of `fy`: `drgstable-YYYY.csv`, else `table5-fyYYYY.txt`; `None` if neither.
    fn drgs(&self, fy: u16) -> Result<Option<DrgRows>, TableError> {
        let rows = if let Some((file, text)) = self.text(&format!("drgstable-{fy}.csv"))? {
            parse_drgstable(&file, &text)?
        } else if let Some((file, bytes)) = self.bytes(&format!("table5-fy{fy}.txt"))? {
            parse_table5(&file, &bytes, fy)?
        } else {
            return Ok(None);
        };
        Ok(Some(DrgRows::new(rows)))
    }

    /// [`Files::drgs`] for a year that cannot load without its DRG table: an error naming
    /// the missing file when there is none.
    fn required_drgs(&self, fy: u16) -> Result<DrgRows, TableError> {
        self.drgs(fy)?.ok_or_else(|| match self {
            Files::Dir(dir) => TableError::Directory {
                dir: dir.to_path_buf(),
                message: format!("no drgstable-{fy}.csv or table5-fy{fy}.txt found"),
            },
            Files::Embedded(_) => self.missing(&format!("drgstable-{fy}.csv")),
        })
    }
}

/// DRG rows by DRG number, indexed directly (a DRG number is a `u16`; MS-DRGs are below
/// 1,000): every grouped claim looks its weight up, and the walk of a B-tree was 4% of a
/// whole `drg group` run (issue 12).
#[derive(Debug, Clone)]
struct DrgRows {
    /// The rows of DRG `n` at index `n`, in file order; empty for a number the table lacks.
    by_number: Vec<Vec<DrgEntry>>,
}

impl DrgRows {
    fn new(rows: Vec<DrgEntry>) -> DrgRows {
        let len = rows
            .iter()
            .map(|r| usize::from(r.drg) + 1)
            .max()
            .unwrap_or(0);
        let mut by_number: Vec<Vec<DrgEntry>> = (0..len).map(|_| Vec::new()).collect();
        for row in rows {
            by_number[usize::from(row.drg)].push(row);
        }
        DrgRows { by_number }
    }

    fn get(&self, drg: u16) -> Option<&[DrgEntry]> {
        self.by_number
            .get(usize::from(drg))
            .filter(|rows| !rows.is_empty())
            .map(Vec::as_slice)
    }

    /// DRG numbers with a row, ascending.
    fn numbers(&self) -> impl Iterator<Item = u16> + '_ {
        (0..self.by_number.len())
            .filter(|n| !self.by_number[*n].is_empty())
            .map(|n| n as u16)
    }
}

/// The row of `drg` in effect on `date` among the DRG rows of fiscal year `fy`: the latest
/// dated on or before `date` and not before the year starts.
fn drg_in_effect(rows: &DrgRows, fy: u16, drg: u16, date: Date) -> Option<&DrgEntry> {
    let fy_start = Date::fiscal_year_start(fy);
    rows.get(drg)?
        .iter()
        .filter(|r| r.effective_date <= date && r.effective_date >= fy_start)
        .max_by_key(|r| r.effective_date)
}

/// Rows grouped by a key, in file order within a key.
fn group_by<K: Ord, R>(rows: Vec<R>, key: impl Fn(&R) -> K) -> BTreeMap<K, Vec<R>> {
    let mut out: BTreeMap<K, Vec<R>> = BTreeMap::new();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}

impl PaymentTables {
    /// The FY2026 tables compiled into the library (copied from CMS, see tables/ipps/README.md).
    pub fn embedded_fy2026() -> Result<PaymentTables, TableError> {
        PaymentTables::embedded(2026)
    }

    /// The embedded tables of fiscal year `fy` (see `drg_tables::ipps_fiscal_years`); a
    /// partially published year loads with what it has ([`PaymentTables::missing`]).
    pub fn embedded(fy: u16) -> Result<PaymentTables, TableError> {
        Self::load(Files::Embedded(fy), fy, format!("embedded FY{fy}"))
    }

    /// Load the one fiscal year whose tables are in `dir` (named as CMS names them:
    /// `drgstable-YYYY.csv` or `table5-fyYYYY.txt`, `ratex-YYYY.csv` and `fy-factors.csv`
    /// are required; `cbsa-wage-index-YYYY.csv`, `outmigration-YYYY.csv`,
    /// `claim-codes-YYYY.csv` and `newtech-costs-YYYY.csv` may be absent, see
    /// [`OptionalTable`]).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<PaymentTables, TableError> {
        let dir = dir.as_ref();
        let years = drg_table_years(dir)?;
        match years.len() {
            1 => Self::load_dir_for_year(dir, years.into_iter().next().unwrap_or_default()),
            0 => Err(TableError::Directory {
                dir: dir.to_path_buf(),
                message: "no drgstable-YYYY.csv or table5-fyYYYY.txt found".to_string(),
            }),
            _ => Err(TableError::Directory {
                dir: dir.to_path_buf(),
                message: format!(
                    "DRG tables for several fiscal years ({years:?}); use load_dir_for_year"
                ),
            }),
        }
    }

    /// Load fiscal year `fy` from `dir` (see [`PaymentTables::load_dir`] for file names).
    /// A `drgstable-YYYY.csv` is preferred over `table5-fyYYYY.txt` when both exist.
    pub fn load_dir_for_year(dir: impl AsRef<Path>, fy: u16) -> Result<PaymentTables, TableError> {
        let dir = dir.as_ref();
        Self::load(Files::Dir(dir), fy, dir.display().to_string())
    }

    fn load(files: Files, fy: u16, source: String) -> Result<PaymentTables, TableError> {
        let drgs = files.required_drgs(fy)?;
        let (ratex_file, ratex) = files.required_text(&format!("ratex-{fy}.csv"))?;
        let rates = parse_ratex(&ratex_file, &ratex)?;
        let (factor_file, text) = files.required_text("fy-factors.csv")?;
        let factor_rows = fy_factor_rows(&factor_file, &text, fy)?;
        let factors = factors_from_rows(&factor_file, fy, &factor_rows)?;
        let mut t = PaymentTables {
            fiscal_year: fy,
            source,
            drgs,
            rates,
            wage_index: None,
            outmigration: None,
            claim_codes: None,
            new_tech_costs: None,
            factor_rows,
            factors,
        };
        t.read_optional_tables(files)?;
        t.check_new_tech_keys()?;
        Ok(t)
    }

    /// Overlay the files of this year that `dir` holds: each table file present (DRG table,
    /// `ratex`, an [`OptionalTable`]) replaces that table, and a `fy-factors.csv` replaces or
    /// adds the rows it gives for the year, the other rows staying. A bad file is an error
    /// naming it, and `self` is then unchanged.
    pub fn overlay_dir(&mut self, dir: impl AsRef<Path>) -> Result<(), TableError> {
        let dir = dir.as_ref();
        let mut t = self.clone();
        t.overlay(Files::Dir(dir))?;
        t.source = format!("{} + {}", self.source, dir.display());
        *self = t;
        Ok(())
    }

    fn overlay(&mut self, files: Files) -> Result<(), TableError> {
        let fy = self.fiscal_year;
        if let Some(drgs) = files.drgs(fy)? {
            self.drgs = drgs;
        }
        if let Some((file, text)) = files.text(&format!("ratex-{fy}.csv"))? {
            self.rates = parse_ratex(&file, &text)?;
        }
        self.read_optional_tables(files)?;
        if let Some((file, text)) = files.text("fy-factors.csv")? {
            let mut rows = self.factor_rows.clone();
            rows.extend(fy_factor_rows(&file, &text, fy)?);
            self.factors = factors_from_rows(&file, fy, &rows)?;
            self.factor_rows = rows;
        }
        self.check_new_tech_keys()
    }

    /// Read each [`OptionalTable`] `files` holds, replacing the year's copy.
    fn read_optional_tables(&mut self, files: Files) -> Result<(), TableError> {
        let fy = self.fiscal_year;
        let text = |t: OptionalTable| files.text(&t.file_name(fy));
        if let Some((file, text)) = text(OptionalTable::WageIndex)? {
            let rows = parse_cbsa_wage_index(&file, &text)?;
            self.wage_index = Some(group_by(rows, |r| r.cbsa.clone()).into_iter().collect());
        }
        if let Some((file, text)) = text(OptionalTable::Outmigration)? {
            let rows = parse_outmigration(&file, &text)?;
            self.outmigration = Some(group_by(rows, |r| r.county.clone()));
        }
        if let Some((file, text)) = text(OptionalTable::ClaimCodes)? {
            let rows = parse_claim_codes(&file, &text)?;
            self.claim_codes = Some(CodeTable::new(file, rows));
        }
        if let Some((file, text)) = text(OptionalTable::NewTechCosts)? {
            let costs = parse_newtech_costs(&file, &text)?
                .into_iter()
                .map(|c| (c.name.clone(), c))
                .collect();
            self.new_tech_costs = Some((file, costs));
        }
        Ok(())
    }

    /// With both `claim-codes` and `newtech-costs` loaded, every technology has a cost row.
    fn check_new_tech_keys(&self) -> Result<(), TableError> {
        match (&self.claim_codes, &self.new_tech_costs) {
            (Some(codes), Some((costs_file, costs))) => {
                check_new_tech_keys(&codes.file, &codes.rows, costs_file, costs)
            }
            _ => Ok(()),
        }
    }

    /// Whether the year has `table` (an absent one is listed by [`PaymentTables::missing`]).
    pub fn has_table(&self, table: OptionalTable) -> bool {
        match table {
            OptionalTable::WageIndex => self.wage_index.is_some(),
            OptionalTable::Outmigration => self.outmigration.is_some(),
            OptionalTable::ClaimCodes => self.claim_codes.is_some(),
            OptionalTable::NewTechCosts => self.new_tech_costs.is_some(),
        }
    }

    /// What the year lacks, as recorded when it was loaded: each absent table file
    /// (`cbsa-wage-index-2025.csv`), then each required factor `fy-factors.csv` gives as
    /// `unknown` (`fy-factors.csv FY2027 fixed_loss_threshold`). Empty for a complete year.
    pub fn missing(&self) -> Vec<String> {
        let fy = self.fiscal_year;
        let tables = OptionalTable::ALL
            .into_iter()
            .filter(|t| !self.has_table(*t))
            .map(|t| t.file_name(fy));
        let factors = self
            .factors
            .unknown
            .iter()
            .map(|f| format!("fy-factors.csv FY{fy} {f}"));
        tables.chain(factors).collect()
    }

    /// The DRG row in effect on `date`: latest effective date not after it and not before this
    /// fiscal year (a row left with last year's date is stale, as for the wage index, §3).
    pub fn drg(&self, drg: u16, date: Date) -> Option<&DrgEntry> {
        drg_in_effect(&self.drgs, self.fiscal_year, drg, date)
    }

    /// The wage-index row of a CBSA (or 2-digit state rural area) in effect on `date`. Rows
    /// dated before this fiscal year are not usable (§3), except the Indian rows 98 and 99.
    /// `None` also when the year has no wage-index table (the pricer checks that first).
    pub fn wage_index_row(&self, cbsa: &str, date: Date) -> Option<&WageIndexRow> {
        let fy_start = Date::fiscal_year_start(self.fiscal_year);
        let indian = cbsa == "98" || cbsa == "99";
        self.wage_index
            .as_ref()?
            .get(cbsa)?
            .iter()
            .filter(|r| r.effective_date <= date && (indian || r.effective_date >= fy_start))
            .max_by_key(|r| r.effective_date)
    }

    /// Labor/non-labor amounts of rate table `tabN` (national scope, §4.2).
    pub fn rate_table(&self, table: u8) -> Option<RateAmounts> {
        self.rates.get(&table).copied()
    }

    /// Out-migration adjustment for a county, if one starts within this fiscal year on or
    /// before `date` (§3 step 1). `None` also when the year has no out-migration table: the
    /// pricer refuses an eligible hospital's claim before it asks (no silent zero).
    pub fn outmigration(&self, county: &str, date: Date) -> Option<&OutmigrationRow> {
        let fy_start = Date::fiscal_year_start(self.fiscal_year);
        self.outmigration
            .as_ref()?
            .get(county)?
            .iter()
            .filter(|r| r.start_date >= fy_start && r.start_date <= date)
            .max_by_key(|r| r.start_date)
    }

    /// Codes of one claim-codes key by code type (e.g. `AVEIR1`, `ISLET`); `None` also when
    /// the year has no claim-codes table (the pricer refuses a claim with codes first).
    pub fn code_key(&self, key: &str) -> Option<&BTreeMap<CodeType, BTreeSet<String>>> {
        self.claim_codes.as_ref()?.keys.get(key)
    }

    /// Whether one of `codes` (normalized: upper case, no dots) is listed as `kind` under `key`.
    pub fn lists_any(&self, key: &str, kind: CodeType, codes: &[String]) -> bool {
        self.code_key(key)
            .and_then(|k| k.get(&kind))
            .is_some_and(|listed| codes.iter().any(|c| listed.contains(c)))
    }

    /// The (key, code type) pairs under which one of `codes` (normalized) of its type is
    /// listed: a key's leg of that type is met. Empty for a claim with no listed code.
    pub fn listings<'a>(&'a self, codes: [(CodeType, &[String]); 3]) -> Vec<(&'a str, CodeType)> {
        let Some(table) = &self.claim_codes else {
            return Vec::new();
        };
        let mut met = Vec::new();
        for (kind, codes) in codes {
            for code in codes {
                let listed = table.listings.get(code).map_or(&[][..], Vec::as_slice);
                for (listed_kind, key) in listed {
                    if *listed_kind == kind && !met.contains(&(key.as_str(), kind)) {
                        met.push((key.as_str(), kind));
                    }
                }
            }
        }
        met
    }

    /// Technology base names (key without leg number) with their keys, e.g. `AVEIR` → `AVEIR1`, `AVEIR2`.
    /// Empty when the year has no claim-codes table.
    pub fn technology_bases(&self) -> &BTreeMap<String, Vec<String>> {
        self.claim_codes
            .as_ref()
            .map_or(&NO_TECHNOLOGIES, |c| &c.technology_bases)
    }

    /// The `newtech-costs` row of a technology (cost row name).
    pub fn new_tech_cost(&self, name: &str) -> Option<&NewTechCost> {
        self.new_tech_costs.as_ref()?.1.get(name)
    }

    /// Every DRG number in the table (any effective date).
    pub fn drg_numbers(&self) -> impl Iterator<Item = u16> + '_ {
        self.drgs.numbers()
    }
}

/// The file names in `dir`.
fn file_names(dir: &Path) -> Result<Vec<String>, TableError> {
    let entries = std::fs::read_dir(dir).map_err(|source| TableError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect())
}

/// The fiscal year of a DRG table file name (`drgstable-YYYY.csv`, `table5-fyYYYY.txt`).
fn drg_table_year(name: &str) -> Option<u16> {
    name.strip_prefix("drgstable-")
        .and_then(|r| r.strip_suffix(".csv"))
        .or_else(|| {
            name.strip_prefix("table5-fy")
                .and_then(|r| r.strip_suffix(".txt"))
        })
        .and_then(|y| y.parse::<u16>().ok())
}

/// The fiscal year of any year table file name (DRG table, `ratex`, an [`OptionalTable`]).
fn table_file_year(name: &str) -> Option<u16> {
    drg_table_year(name).or_else(|| {
        let (base, rest) = name.strip_suffix(".csv")?.rsplit_once('-')?;
        let known = base == "ratex" || OptionalTable::ALL.iter().any(|t| t.base_name() == base);
        known.then(|| rest.parse::<u16>().ok()).flatten()
    })
}

/// The fiscal years of the DRG tables in `dir` (`drgstable-YYYY.csv`, `table5-fyYYYY.txt`).
fn drg_table_years(dir: &Path) -> Result<BTreeSet<u16>, TableError> {
    Ok(file_names(dir)?
        .iter()
        .filter_map(|n| drg_table_year(n))
        .collect())
}

/// The `fiscal_year` of a `fy-factors.csv` row: a 4-digit year, or `None` for `all` (a
/// constant of every year); anything else is an error, not a row silently skipped.
fn factor_year(row: &Row) -> Result<Option<u16>, TableError> {
    let f = row.field(0, "fiscal_year")?;
    match f.text.trim() {
        "all" => Ok(None),
        t => all_consumed(digit1, t)
            .filter(|d| d.len() == 4)
            .and_then(|d| d.parse::<u16>().ok())
            .map(Some)
            .ok_or_else(|| {
                row.error(
                    f,
                    format!(
                        "fiscal_year: expected a year (4 digits) or 'all', found {}",
                        TableError::excerpt(t)
                    ),
                )
            }),
    }
}

/// The fiscal years `fy-factors.csv` has rows for (rows of `all` years are not counted).
fn fy_factor_years(file: &str, text: &str) -> Result<BTreeSet<u16>, TableError> {
    let cols = ["fiscal_year", "factor", "value", "status", "source"];
    let mut years = BTreeSet::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        if let Some(y) = factor_year(&row)? {
            years.insert(y);
        }
    }
    Ok(years)
}

/// Every technology a claim can trigger must have a cost row, else its add-on would be a
/// silent zero. Base name = key without its leg number; AVEIR and ZEVTERA pay H/L rows (§8).
fn check_new_tech_keys(
    codes_file: &str,
    codes: &[ClaimCodeRow],
    costs_file: &str,
    costs: &BTreeMap<String, NewTechCost>,
) -> Result<(), TableError> {
    // NDC rows cannot be met (claims carry no NDC codes), so they trigger nothing to pay.
    for row in codes.iter().filter(|r| r.code_type != CodeType::Ndc) {
        let base = row.name.trim_end_matches(|c: char| c.is_ascii_digit());
        let needed: Vec<&str> = match base {
            // Code lists of other rules, not technologies with a cost row.
            "ISLET" | "NOCOSTPROD" | "COVID" => vec![],
            "AVEIR" => vec!["AVEIRH", "AVEIRL"],
            "ZEVTERA" => vec!["ZEVTERAH", "ZEVTERAL"],
            other => vec![other],
        };
        for name in needed {
            if !costs.contains_key(name) {
                return Err(TableError::content(
                    codes_file,
                    format!(
                        "technology {} has codes but {costs_file} has no row {name}",
                        row.name
                    ),
                ));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Field-level nom parsers

/// Largest IPPS table amount, PIC 9(7)V99.
fn max_table_amount() -> Decimal {
    Decimal::new(999_999_999, 2)
}

/// DRG relative weight, PIC 9(2)V9(4).
fn max_weight() -> Decimal {
    Decimal::new(999_999, 4)
}

/// GMLOS / ALOS, PIC 9(2)V9(1).
fn max_length_of_stay() -> Decimal {
    Decimal::new(999, 1)
}

/// Wage index, PIC S9(2)V9(4) (negative values refused too).
fn max_wage_index() -> Decimal {
    Decimal::new(999_999, 4)
}

fn decimal_text(input: &str) -> IResult<&str, &str> {
    recognize(tuple((
        opt(char('-')),
        digit1,
        opt(pair(char('.'), digit0)),
    )))(input)
}

fn code_text(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric())(input)
}

/// Field accessor that turns every conversion failure into a file:line:column error.
struct Row<'a> {
    file: &'a str,
    record: &'a Record,
}

impl<'a> Row<'a> {
    fn field(&self, index: usize, name: &str) -> Result<&'a Field, TableError> {
        self.record.fields.get(index).ok_or_else(|| {
            let column = self
                .record
                .fields
                .last()
                .map_or(1, |f| f.column + f.text.chars().count());
            TableError::parse(
                self.file,
                self.record.line,
                column,
                format!("missing column {} ({name})", index + 1),
            )
        })
    }

    fn error(&self, f: &Field, message: String) -> TableError {
        TableError::parse(self.file, self.record.line, f.column, message)
    }

    fn text(&self, index: usize, name: &str) -> Result<String, TableError> {
        Ok(self.field(index, name)?.text.trim().to_string())
    }

    /// A non-negative decimal of at most 9,999,999.99, the largest PIC of any IPPS table
    /// amount (9(7)V99): beyond it a value is not CMS data, and could overflow the payment
    /// arithmetic.
    fn decimal(&self, index: usize, name: &str) -> Result<Decimal, TableError> {
        self.decimal_in(index, name, max_table_amount())
    }

    /// A decimal in `0..=max` (the field's PIC), or a positioned error.
    fn decimal_in(&self, index: usize, name: &str, max: Decimal) -> Result<Decimal, TableError> {
        let f = self.field(index, name)?;
        let t = f.text.trim();
        let value = all_consumed(decimal_text, t)
            .and_then(|s| Decimal::from_str(s).ok())
            .ok_or_else(|| {
                let shown: String = t.chars().take(40).collect();
                self.error(
                    f,
                    format!("{name}: expected a decimal number, found {shown:?}"),
                )
            })?;
        if value < Decimal::ZERO || value > max {
            return Err(self.error(f, format!("{name}: {value} is outside 0 to {max}")));
        }
        Ok(value)
    }

    fn date(&self, index: usize, name: &str) -> Result<Date, TableError> {
        let f = self.field(index, name)?;
        f.text
            .trim()
            .parse::<Date>()
            .map_err(|e| self.error(f, format!("{name}: {e}")))
    }

    fn code(&self, index: usize, name: &str) -> Result<String, TableError> {
        let f = self.field(index, name)?;
        let t = f.text.trim();
        all_consumed(code_text, t)
            .map(str::to_string)
            .ok_or_else(|| {
                self.error(
                    f,
                    format!("{name}: expected a code of letters and digits, found {t:?}"),
                )
            })
    }

    fn digits(&self, index: usize, name: &str, len: &[usize]) -> Result<String, TableError> {
        let f = self.field(index, name)?;
        let t = f.text.trim();
        match all_consumed(digit1, t) {
            Some(d) if len.contains(&d.len()) => Ok(d.to_string()),
            _ => Err(self.error(f, format!("{name}: expected {len:?} digits, found {t:?}"))),
        }
    }

    fn flag_y(&self, index: usize, name: &str) -> Result<bool, TableError> {
        let f = self.field(index, name)?;
        match f.text.trim() {
            "Y" => Ok(true),
            "" | "N" => Ok(false),
            t => Err(self.error(f, format!("{name}: expected Y or blank, found {t:?}"))),
        }
    }
}

/// Records after a header that must be `columns` exactly (an extra header column is an error
/// at its column); blank lines are skipped. A record with more fields than the header, and a
/// file without any data row, are errors naming line and column.
fn table_records(file: &str, text: &str, columns: &[&str]) -> Result<Vec<Record>, TableError> {
    let mut records = parse_records(file, text, ',')?.into_iter();
    let header = records
        .next()
        .ok_or_else(|| TableError::parse(file, 1, 1, "empty file: expected a header row"))?;
    check_header(file, &header, columns)?;
    let rows: Vec<Record> = records.filter(|r| !r.is_blank()).collect();
    for record in &rows {
        check_no_extra_fields(file, record, columns.len())?;
    }
    if rows.is_empty() {
        return Err(TableError::parse(
            file,
            header.line + 1,
            1,
            "no data rows after the header",
        ));
    }
    Ok(rows)
}

/// The header names `columns`, in order, and nothing more.
fn check_header(file: &str, header: &Record, columns: &[&str]) -> Result<(), TableError> {
    for (i, name) in columns.iter().enumerate() {
        match header.fields.get(i) {
            Some(f) if f.text.trim() == *name => {}
            Some(f) => {
                return Err(TableError::parse(
                    file,
                    header.line,
                    f.column,
                    format!(
                        "header column {} must be {name:?}, found {}",
                        i + 1,
                        TableError::excerpt(&f.text)
                    ),
                ))
            }
            None => {
                return Err(TableError::parse(
                    file,
                    header.line,
                    1,
                    format!("header lacks column {} {name:?}", i + 1),
                ))
            }
        }
    }
    match header.fields.get(columns.len()) {
        Some(extra) => Err(TableError::parse(
            file,
            header.line,
            extra.column,
            format!(
                "extra header column {} {}: the table has {} columns",
                columns.len() + 1,
                TableError::excerpt(&extra.text),
                columns.len()
            ),
        )),
        None => Ok(()),
    }
}

/// A data row has no field beyond the header's `width` columns (an extra column is refused,
/// not ignored: it means the row is shifted or the file is another table).
fn check_no_extra_fields(file: &str, record: &Record, width: usize) -> Result<(), TableError> {
    match record.fields.get(width) {
        Some(extra) => Err(TableError::parse(
            file,
            record.line,
            extra.column,
            format!(
                "{} fields where the header has {width}",
                record.fields.len()
            ),
        )),
        None => Ok(()),
    }
}

/// The key of each row seen so far in a table, with the line it was first seen on: a key given
/// twice is an error (which of two rows the pricer would take is not defined).
struct Seen<K> {
    /// FxHash: the keys are CMS table keys, not attacker-chosen, and SipHash was a tenth of
    /// loading the tables.
    first: rustc_hash::FxHashMap<K, usize>,
}

impl<K: std::hash::Hash + Eq> Seen<K> {
    fn new() -> Self {
        Seen {
            first: rustc_hash::FxHashMap::default(),
        }
    }

    /// Record `key` for `row`; a second row with it is an error at `column` naming the key
    /// (`shown`) and the line of the first.
    fn check(
        &mut self,
        row: &Row,
        column: usize,
        key: K,
        shown: impl FnOnce() -> String,
    ) -> Result<(), TableError> {
        match self.first.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => Err(TableError::parse(
                row.file,
                row.record.line,
                column,
                format!("duplicate row: {} is also on line {}", shown(), first.get()),
            )),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(row.record.line);
                Ok(())
            }
        }
    }
}

fn drg_number(row: &Row, index: usize, name: &str) -> Result<u16, TableError> {
    let f = row.field(index, name)?;
    row.digits(index, name, &[3])?
        .parse::<u16>()
        .map_err(|_| row.error(f, format!("{name}: not a DRG number")))
}

/// `drgstable-YYYY.csv` (pricer form).
pub fn parse_drgstable(file: &str, text: &str) -> Result<Vec<DrgEntry>, TableError> {
    let cols = [
        "diagnosticRelatedGroup",
        "effectiveDate",
        "weight",
        "geometricMeanLengthOfStay",
        "lowVolumeDrg",
        "arithmeticMeanLengthOfStay",
        "postAcuteCare",
        "specialPaymentPostAcuteCare",
        "description",
    ];
    let mut out = Vec::new();
    // Effective-dated rows of one DRG are CMS's form (the row in effect on the discharge date
    // is used); the same DRG twice with one date is ambiguous.
    let mut seen = Seen::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        // Fields are read left to right so the first bad column is the one reported.
        let drg = drg_number(&row, 0, cols[0])?;
        let effective_date = row.date(1, cols[1])?;
        seen.check(&row, 1, (drg, effective_date), || {
            format!("DRG {drg:03} effective {effective_date}")
        })?;
        let relative_weight = row.decimal_in(2, cols[2], max_weight())?;
        let geometric_mean_los = row.decimal_in(3, cols[3], max_length_of_stay())?;
        let arithmetic_mean_los = row.decimal_in(5, cols[5], max_length_of_stay())?;
        let post_acute = row.flag_y(6, cols[6])?;
        let special_pay = row.flag_y(7, cols[7])?;
        if special_pay && !post_acute {
            let f = row.field(7, cols[7])?;
            return Err(row.error(
                f,
                "special-pay flag without the post-acute flag".to_string(),
            ));
        }
        out.push(DrgEntry {
            drg,
            effective_date,
            relative_weight,
            geometric_mean_los,
            arithmetic_mean_los,
            post_acute,
            special_pay,
            description: row.text(8, cols[8])?,
        });
    }
    Ok(out)
}

/// Windows-1252 to text: CMS publishes Table 5 in that code page (em dash 0x97 in the title).
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// CMS IPPS Final Rule Table 5 as published (tab-separated, Windows-1252, CRLF, a quoted
/// two-line title, then a header row beginning "MS-DRG"). Rows take effect on the first day of
/// fiscal year `fy`. DRGs 998/999 print "." (or nothing) for weights and lengths of stay: read
/// as 0, as in the pricer's drgstable.
pub fn parse_table5(file: &str, bytes: &[u8], fy: u16) -> Result<Vec<DrgEntry>, TableError> {
    let text = decode_windows_1252(bytes);
    let records = parse_records(file, &text, '\t')?;
    let mut iter = records.into_iter().filter(|r| !r.is_blank());
    let title = iter
        .next()
        .ok_or_else(|| TableError::parse(file, 1, 1, "empty file: expected the Table 5 title"))?;
    if !title.fields[0].text.to_uppercase().starts_with("TABLE 5") {
        return Err(TableError::parse(
            file,
            title.line,
            1,
            "expected a title beginning \"TABLE 5\"",
        ));
    }
    let header = iter
        .next()
        .ok_or_else(|| TableError::parse(file, title.line + 1, 1, "expected the header row"))?;
    check_table5_header(file, &header)?;
    let effective_date = Date::fiscal_year_start(fy);
    let mut out = Vec::new();
    let mut seen = Seen::new();
    for record in iter {
        let row = Row {
            file,
            record: &record,
        };
        check_no_extra_fields(file, &record, TABLE5_COLUMNS.len())?;
        let yes_no = |i: usize, name: &str| -> Result<bool, TableError> {
            let f = row.field(i, name)?;
            match f.text.trim() {
                "Yes" => Ok(true),
                "No" => Ok(false),
                t => Err(row.error(f, format!("{name}: expected Yes or No, found {t:?}"))),
            }
        };
        let dot_or_decimal = |i: usize, name: &str, max: Decimal| -> Result<Decimal, TableError> {
            if matches!(row.field(i, name)?.text.trim(), "." | "") {
                Ok(Decimal::ZERO)
            } else {
                row.decimal_in(i, name, max)
            }
        };
        let drg = drg_number(&row, 0, "MS-DRG")?;
        seen.check(&row, 1, drg, || format!("MS-DRG {drg:03}"))?;
        let post_acute = yes_no(1, "post-acute DRG")?;
        let special_pay = yes_no(2, "special pay DRG")?;
        out.push(DrgEntry {
            drg,
            effective_date,
            relative_weight: dot_or_decimal(7, "weight after cap", max_weight())?,
            geometric_mean_los: dot_or_decimal(8, "geometric mean LOS", max_length_of_stay())?,
            arithmetic_mean_los: dot_or_decimal(9, "arithmetic mean LOS", max_length_of_stay())?,
            post_acute,
            special_pay,
            description: row.text(5, "MS-DRG title")?,
        });
    }
    if out.is_empty() {
        return Err(TableError::parse(
            file,
            header.line + 1,
            1,
            "no data rows after the header",
        ));
    }
    Ok(out)
}

/// What each Table 5 header column mentions, in order (the table has these 10 columns).
const TABLE5_COLUMNS: [&str; 10] = [
    "MS-DRG",
    "POST-ACUTE",
    "SPECIAL PAY",
    "MDC",
    "TYPE",
    "TITLE",
    "BEFORE CAP",
    "CAP APPLIED",
    "GEOMETRIC",
    "ARITHMETIC",
];

/// The Table 5 header row: each column mentions its expected heading, and there is no other.
fn check_table5_header(file: &str, header: &Record) -> Result<(), TableError> {
    for (i, key) in TABLE5_COLUMNS.iter().enumerate() {
        let ok = header
            .fields
            .get(i)
            .is_some_and(|f| f.text.to_uppercase().contains(key));
        if !ok {
            let column = header.fields.get(i).map_or(1, |f| f.column);
            return Err(TableError::parse(
                file,
                header.line,
                column,
                format!("header column {} should mention {key:?}", i + 1),
            ));
        }
    }
    check_no_extra_fields(file, header, TABLE5_COLUMNS.len())
}

/// `cbsa-wage-index-YYYY.csv`.
pub fn parse_cbsa_wage_index(file: &str, text: &str) -> Result<Vec<WageIndexRow>, TableError> {
    let cols = [
        "cbsa",
        "size",
        "effectiveDate",
        "geographicWageIndex",
        "reclassifiedWageIndex",
        "imputedFloorWageIndex",
        "name",
    ];
    let mut out = Vec::new();
    // One row per area and effective date (CMS dates a mid-year correction as a new row).
    let mut seen = Seen::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        let cbsa = row.digits(0, cols[0], &[2, 5])?;
        let size_field = row.field(1, cols[1])?;
        let size = match size_field.text.trim() {
            "" => None,
            s if s.len() == 1 => s.chars().next(),
            s => {
                return Err(row.error(
                    size_field,
                    format!("size: expected one letter, found {s:?}"),
                ))
            }
        };
        let effective_date = row.date(2, cols[2])?;
        seen.check(&row, 1, (cbsa.clone(), effective_date), || {
            format!("CBSA {cbsa} effective {effective_date}")
        })?;
        out.push(WageIndexRow {
            cbsa,
            size,
            effective_date,
            geographic_wage_index: row.decimal_in(3, cols[3], max_wage_index())?,
            reclassified_wage_index: row.decimal_in(4, cols[4], max_wage_index())?,
            imputed_floor_wage_index: row.decimal_in(5, cols[5], max_wage_index())?,
            name: row.text(6, cols[6])?,
        });
    }
    Ok(out)
}

/// `ratex-YYYY.csv`: keeps the national (`nat`) row of each table `tab1`..`tab10`.
pub fn parse_ratex(file: &str, text: &str) -> Result<BTreeMap<u8, RateAmounts>, TableError> {
    let cols = [
        "tableNumber",
        "scope",
        "largeUrban",
        "regLabor",
        "regNLabor",
    ];
    let mut out = BTreeMap::new();
    let mut seen = Seen::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        let f = row.field(0, cols[0])?;
        let table = f
            .text
            .trim()
            .strip_prefix("tab")
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| {
                row.error(
                    f,
                    format!("tableNumber: expected tab1..tab10, found {:?}", f.text),
                )
            })?;
        let scope = row.code(1, cols[1])?;
        let large_urban = row.text(2, cols[2])?;
        seen.check(&row, 1, (table, scope.clone(), large_urban.clone()), || {
            format!(
                "tab{table} {scope} largeUrban {}",
                TableError::excerpt(&large_urban)
            )
        })?;
        let amounts = RateAmounts {
            labor: row.decimal(3, cols[3])?,
            non_labor: row.decimal(4, cols[4])?,
        };
        if scope == "nat" {
            out.entry(table).or_insert(amounts);
        }
    }
    for t in 1..=10u8 {
        if !out.contains_key(&t) {
            return Err(TableError::content(
                file,
                format!("no national row for tab{t}"),
            ));
        }
    }
    Ok(out)
}

/// `outmigration-YYYY.csv`.
pub fn parse_outmigration(file: &str, text: &str) -> Result<Vec<OutmigrationRow>, TableError> {
    let cols = ["county", "adjustmentFactor", "startDate"];
    let mut out = Vec::new();
    let mut seen = Seen::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        let county = row.digits(0, cols[0], &[5])?;
        let adjustment = row.decimal(1, cols[1])?;
        let start_date = row.date(2, cols[2])?;
        seen.check(&row, 1, (county.clone(), start_date), || {
            format!("county {county} starting {start_date}")
        })?;
        out.push(OutmigrationRow {
            county,
            adjustment,
            start_date,
        });
    }
    Ok(out)
}

/// `claim-codes-YYYY.csv`.
pub fn parse_claim_codes(file: &str, text: &str) -> Result<Vec<ClaimCodeRow>, TableError> {
    let cols = ["name", "code", "codeType"];
    let mut out = Vec::new();
    let mut seen = Seen::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        let f = row.field(2, cols[2])?;
        let code_type = match f.text.trim() {
            "PROC" => CodeType::Procedure,
            "DIAG" => CodeType::Diagnosis,
            "COND" => CodeType::Condition,
            "NDC" => CodeType::Ndc,
            t => {
                return Err(row.error(
                    f,
                    format!("codeType: expected PROC, DIAG, COND or NDC, found {t:?}"),
                ))
            }
        };
        let name = row.code(0, cols[0])?;
        let code = row.code(1, cols[1])?;
        let code_field = row.field(1, cols[1])?;
        if !code_type.code_lengths().contains(&code.len()) {
            return Err(row.error(
                code_field,
                format!(
                    "code: a {} code has {:?} characters, found {}",
                    f.text.trim(),
                    code_type.code_lengths(),
                    TableError::excerpt(&code)
                ),
            ));
        }
        seen.check(&row, 1, (name.clone(), code.clone(), code_type), || {
            format!("{name} {code} {}", f.text.trim())
        })?;
        out.push(ClaimCodeRow {
            name,
            code,
            code_type,
        });
    }
    Ok(out)
}

/// `newtech-costs-YYYY.csv`.
pub fn parse_newtech_costs(file: &str, text: &str) -> Result<Vec<NewTechCost>, TableError> {
    let cols = ["name", "amount", "adjustmentFactor"];
    let mut out = Vec::new();
    let mut seen = Seen::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        let adjustment_factor = row.decimal(2, cols[2])?;
        if adjustment_factor <= Decimal::ZERO || adjustment_factor > Decimal::ONE {
            let f = row.field(2, cols[2])?;
            return Err(row.error(
                f,
                format!("adjustmentFactor {adjustment_factor} outside (0, 1]"),
            ));
        }
        let name = row.code(0, cols[0])?;
        seen.check(&row, 1, name.clone(), || format!("technology {name}"))?;
        out.push(NewTechCost {
            name,
            amount: row.decimal(1, cols[1])?,
            adjustment_factor,
        });
    }
    Ok(out)
}

/// A factor value: a decimal, an exact product `a*b*c`, a date, or `unknown`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FactorValue {
    Number(Decimal),
    Date(Date),
    Unknown,
}

fn factor_value(row: &Row, index: usize) -> Result<FactorValue, TableError> {
    let f = row.field(index, "value")?;
    let t = f.text.trim();
    if t.eq_ignore_ascii_case("unknown") {
        return Ok(FactorValue::Unknown);
    }
    if let Ok(d) = t.parse::<Date>() {
        if t.contains('-') {
            return Ok(FactorValue::Date(d));
        }
    }
    let mut product = Decimal::ONE;
    for (i, part) in t.split('*').enumerate() {
        let d = all_consumed(decimal_text, part.trim())
            .and_then(|s| Decimal::from_str(s).ok())
            .ok_or_else(|| {
                let offset: usize = t.split('*').take(i).map(|p| p.chars().count() + 1).sum();
                TableError::parse(
                    row.file,
                    row.record.line,
                    f.column + offset,
                    format!("value: expected a decimal, a product a*b, a date or 'unknown', found {part:?}"),
                )
            })?;
        product = product
            .checked_mul(d)
            .ok_or_else(|| row.error(f, "value: product overflows".to_string()))?;
    }
    // A factor outside the range of any IPPS amount is not CMS data, and could overflow the
    // payment arithmetic.
    if product < Decimal::ZERO || product > max_table_amount() {
        return Err(row.error(
            f,
            format!("value: {product} is outside 0 to {}", max_table_amount()),
        ));
    }
    Ok(FactorValue::Number(product))
}

/// `fy-factors.csv` (columns fiscal_year, factor, value, status, source): the rows of `fy`.
/// Every required factor ([`RATE_FACTORS`], [`HOSPITAL_SPECIFIC_FACTORS`]) needs a row; a
/// row may say `unknown`, and the factor is then listed in [`FiscalYearFactors::unknown`].
pub fn parse_fy_factors(file: &str, text: &str, fy: u16) -> Result<FiscalYearFactors, TableError> {
    factors_from_rows(file, fy, &fy_factor_rows(file, text, fy)?)
}

/// The `fy-factors.csv` rows of `fy` by factor name (a factor given twice is an error).
fn fy_factor_rows(
    file: &str,
    text: &str,
    fy: u16,
) -> Result<BTreeMap<String, FactorValue>, TableError> {
    let cols = ["fiscal_year", "factor", "value", "status", "source"];
    let mut found: BTreeMap<String, FactorValue> = BTreeMap::new();
    for record in table_records(file, text, &cols)? {
        let row = Row {
            file,
            record: &record,
        };
        if factor_year(&row)? != Some(fy) {
            continue;
        }
        let f = row.field(1, cols[1])?;
        let name = row.text(1, cols[1])?;
        let value = factor_value(&row, 2)?;
        if found.insert(name.clone(), value).is_some() {
            return Err(row.error(f, format!("factor {name} given twice for FY{fy}")));
        }
    }
    Ok(found)
}

/// The factors of `fy` from its rows. A required factor given as `unknown` reads as 0 and is
/// listed in `unknown`; the pricer refuses every claim that needs it before reading it.
fn factors_from_rows(
    file: &str,
    fy: u16,
    found: &BTreeMap<String, FactorValue>,
) -> Result<FiscalYearFactors, TableError> {
    let number = |name: &str| -> Result<Decimal, TableError> {
        match found.get(name) {
            Some(FactorValue::Number(d)) => Ok(*d),
            Some(FactorValue::Unknown) => Ok(Decimal::ZERO),
            Some(FactorValue::Date(_)) => Err(TableError::content(
                file,
                format!("FY{fy} factor {name} must be a number or 'unknown' (it is required for pricing)"),
            )),
            None => Err(TableError::content(
                file,
                format!("no FY{fy} row for required factor {name}"),
            )),
        }
    };
    let no_cost = match found.get("no_cost_product_factor_drg018") {
        Some(FactorValue::Number(d)) => Some(*d),
        _ => None,
    };
    let mdh_expiry = match found.get("mdh_and_low_volume_expiry") {
        Some(FactorValue::Date(d)) => Some(*d),
        _ => None,
    };
    let optional = |name: &str| match found.get(name) {
        Some(FactorValue::Number(d)) => Some(*d),
        _ => None,
    };
    Ok(FiscalYearFactors {
        fiscal_year: fy,
        capital_federal_rate: number("capital_federal_rate")?,
        fixed_loss_threshold: number("fixed_loss_threshold")?,
        labor_pct_wi_gt_1: number("labor_pct_wi_gt_1")?,
        nonlabor_pct_wi_gt_1: number("nonlabor_pct_wi_gt_1")?,
        labor_pct_wi_le_1: number("labor_pct_wi_le_1")?,
        nonlabor_pct_wi_le_1: number("nonlabor_pct_wi_le_1")?,
        update_quality1_ehr_blank: number("update_quality1_ehr_blank")?,
        update_quality0_ehr_blank: number("update_quality0_ehr_blank")?,
        update_quality1_ehr_y: number("update_quality1_ehr_Y")?,
        update_quality0_ehr_y: number("update_quality0_ehr_Y")?,
        update_puerto_rico_ehr_blank: number("update_puerto_rico_ehr_blank")?,
        update_puerto_rico_ehr_y: number("update_puerto_rico_ehr_Y")?,
        hsp_prior_year_update_product: number("hsp_prior_year_update_product")?,
        hsp_budget_neutrality_product: number("hsp_budget_neutrality_product")?,
        no_cost_product_factor_drg018: no_cost,
        mdh_expiry,
        wage_index_quartile_limit: optional("wage_index_quartile_limit"),
        covid_adjustment_factor: optional("covid_adjustment_factor"),
        unknown: RATE_FACTORS
            .iter()
            .chain(HOSPITAL_SPECIFIC_FACTORS.iter())
            .filter(|name| found.get(**name) == Some(&FactorValue::Unknown))
            .map(|name| name.to_string())
            .collect(),
        rural_floor_by_state: found
            .iter()
            .filter_map(|(name, value)| {
                let state = name.strip_prefix("rural_floor_wage_index_")?;
                match value {
                    FactorValue::Number(d) => Some((state.to_string(), *d)),
                    _ => None,
                }
            })
            .collect(),
    })
}

/// The file names a directory of fiscal year `fy`'s tables may hold, as CMS names them: the
/// DRG table (`drgstable-YYYY.csv`, or Table 5 `table5-fyYYYY.txt`), the wage index, `ratex`,
/// out-migration, claim codes, new-technology costs and `fy-factors.csv`.
pub fn table_file_names(fy: u16) -> Vec<String> {
    let mut names = vec![format!("drgstable-{fy}.csv"), format!("table5-fy{fy}.txt")];
    names.push(OptionalTable::WageIndex.file_name(fy));
    names.push(format!("ratex-{fy}.csv"));
    names.extend(OptionalTable::ALL[1..].iter().map(|t| t.file_name(fy)));
    names.push("fy-factors.csv".to_string());
    names
}

/// Parse one table file of fiscal year `fy` on its own, chosen by its name (one of
/// [`table_file_names`]), with the checks of its rows but not those across files: the number
/// of rows read (of `fy`'s rows in `fy-factors.csv`). For tests and fuzzing.
pub fn parse_table_file(name: &str, bytes: &[u8], fy: u16) -> Result<usize, TableError> {
    if name == format!("table5-fy{fy}.txt") {
        return Ok(parse_table5(name, bytes, fy)?.len());
    }
    let text = String::from_utf8_lossy(bytes);
    let base = name.strip_suffix(&format!("-{fy}.csv")).unwrap_or(name);
    Ok(match base {
        "drgstable" => parse_drgstable(name, &text)?.len(),
        "cbsa-wage-index" => parse_cbsa_wage_index(name, &text)?.len(),
        "ratex" => parse_ratex(name, &text)?.len(),
        "outmigration" => parse_outmigration(name, &text)?.len(),
        "claim-codes" => parse_claim_codes(name, &text)?.len(),
        "newtech-costs" => parse_newtech_costs(name, &text)?.len(),
        "fy-factors.csv" => fy_factor_rows(name, &text, fy)?.len(),
        _ => {
            return Err(TableError::content(
                name,
                format!("not an IPPS table file of FY{fy}"),
            ))
        }
    })
}

/// The tables of several fiscal years; picks the year of each discharge date.
#[derive(Debug, Clone, Default)]
pub struct PaymentTableSet {
    years: BTreeMap<u16, Year>,
}

/// One fiscal year of a [`PaymentTableSet`].
#[derive(Debug, Clone)]
enum Year {
    /// Tables loaded from a directory, inserted, or an embedded year a directory overlaid.
    Loaded(Box<PaymentTables>),
    /// An embedded year, parsed the first time a claim needs it: a run over one fiscal year
    /// reads one year's files, not five. A parse error is kept (as its text) for each caller.
    Embedded(Box<EmbeddedYear>),
}

/// An embedded year's tables, each parsed on first use.
#[derive(Debug, Clone, Default)]
struct EmbeddedYear {
    /// Every table of the year (what pricing needs).
    tables: std::sync::OnceLock<Result<PaymentTables, String>>,
    /// The DRG table alone, for a DRG's weights while the year's other tables are unparsed:
    /// `drg group` reads only the weights, and parsing the whole year was about half of a
    /// one-claim run's IPPS work.
    drgs: std::sync::OnceLock<Result<DrgRows, String>>,
}

impl Year {
    /// The year's tables, parsing an embedded year on first use.
    fn tables(&self, fy: u16) -> Result<&PaymentTables, TableError> {
        let parsed = match self {
            Year::Loaded(t) => return Ok(t),
            Year::Embedded(year) => year
                .tables
                .get_or_init(|| PaymentTables::embedded(fy).map_err(|e| e.to_string())),
        };
        parsed
            .as_ref()
            .map_err(|message| embedded_error(fy, message))
    }

    /// The year's row for `drg` on `date` ([`PaymentTables::drg`]): from the year's tables
    /// when they are parsed (or loaded), else from its DRG table alone, parsed on first use.
    fn drg(&self, fy: u16, drg: u16, date: Date) -> Result<Option<&DrgEntry>, TableError> {
        let Year::Embedded(year) = self else {
            return Ok(self.tables(fy)?.drg(drg, date));
        };
        if let Some(parsed) = year.tables.get() {
            let tables = parsed.as_ref().map_err(|m| embedded_error(fy, m))?;
            return Ok(tables.drg(drg, date));
        }
        let rows = year.drgs.get_or_init(|| {
            Files::Embedded(fy)
                .required_drgs(fy)
                .map_err(|e| e.to_string())
        });
        let rows = rows.as_ref().map_err(|m| embedded_error(fy, m))?;
        Ok(drg_in_effect(rows, fy, drg, date))
    }
}

/// The error of an embedded year whose tables could not be parsed (`message`).
fn embedded_error(fy: u16, message: &str) -> TableError {
    TableError::content(&format!("embedded FY{fy} IPPS tables"), message)
}

impl PaymentTableSet {
    /// An empty set; every discharge gets a "no tables loaded" error until a year is inserted.
    pub fn new() -> PaymentTableSet {
        PaymentTableSet::default()
    }

    /// A set holding every embedded year (FY2023-FY2027; FY2025 and FY2027 partial, see
    /// [`PaymentTables::missing`]). Each year is parsed the first time it is asked for, so
    /// this returns at once; an embedded year that cannot be parsed (a broken build: the tests
    /// parse every one) is an error of each look-up that needs it.
    pub fn embedded() -> Result<PaymentTableSet, TableError> {
        let mut set = PaymentTableSet::new();
        for fy in drg_tables::ipps_fiscal_years() {
            set.years.insert(fy, Year::Embedded(Default::default()));
        }
        Ok(set)
    }

    /// Add (or replace) one fiscal year's tables.
    pub fn insert(&mut self, tables: PaymentTables) {
        self.years
            .insert(tables.fiscal_year, Year::Loaded(Box::new(tables)));
    }

    /// The tables of fiscal year `fy`: `None` when the year is not in the set, an error when
    /// it is an embedded year that cannot be parsed.
    pub fn get(&self, fy: u16) -> Result<Option<&PaymentTables>, TableError> {
        self.years.get(&fy).map(|y| y.tables(fy)).transpose()
    }

    /// Fiscal year `fy`'s row for `drg` in effect on `date` ([`PaymentTables::drg`]); `None`
    /// when the set has no such year or the year no such row. An embedded year that is not
    /// parsed yet parses its DRG table alone: what a DRG's weights need.
    pub fn drg(&self, fy: u16, drg: u16, date: Date) -> Result<Option<&DrgEntry>, TableError> {
        match self.years.get(&fy) {
            Some(year) => year.drg(fy, drg, date),
            None => Ok(None),
        }
    }

    /// Load the tables in `dir` (what `drg price --ipps-tables DIR` does) and return the fiscal
    /// years it loaded or changed. The years are those its table files name (`drgstable-`,
    /// `table5-fy`, `ratex-`, `cbsa-wage-index-`, `outmigration-`, `claim-codes-`,
    /// `newtech-costs-YYYY`); a directory with none of them applies its `fy-factors.csv` to
    /// each loaded year it has rows for. A year already loaded is overlaid
    /// ([`PaymentTables::overlay_dir`]); another is loaded as a new year
    /// ([`PaymentTables::load_dir_for_year`]). Only those years change; on an error (a bad
    /// file, or a new year without its required files, named in the error) none does.
    pub fn load_dir(&mut self, dir: impl AsRef<Path>) -> Result<Vec<u16>, TableError> {
        let dir = dir.as_ref();
        let names = file_names(dir)?;
        let mut years: BTreeSet<u16> = names.iter().filter_map(|n| table_file_year(n)).collect();
        if years.is_empty() && names.iter().any(|n| n == "fy-factors.csv") {
            let (file, text) = Files::Dir(dir).required_text("fy-factors.csv")?;
            years = fy_factor_years(&file, &text)?
                .into_iter()
                .filter(|y| self.years.contains_key(y))
                .collect();
        }
        if years.is_empty() {
            return Err(TableError::Directory {
                dir: dir.to_path_buf(),
                message: format!(
                    "no IPPS table file (drgstable-YYYY.csv, table5-fyYYYY.txt, ratex-YYYY.csv, ...) and no fy-factors.csv row for a loaded fiscal year ({})",
                    self.loaded_years()
                ),
            });
        }
        let mut loaded = Vec::new();
        for &fy in &years {
            let tables = match self.get(fy)? {
                Some(existing) => {
                    let mut t = existing.clone();
                    t.overlay_dir(dir)?;
                    t
                }
                None => PaymentTables::load_dir_for_year(dir, fy)?,
            };
            loaded.push(tables);
        }
        for t in loaded {
            self.insert(t);
        }
        Ok(years.into_iter().collect())
    }

    /// The loaded fiscal years for messages: "FY2026, FY2027" or "none".
    fn loaded_years(&self) -> String {
        if self.years.is_empty() {
            return "none".to_string();
        }
        self.years
            .keys()
            .map(|y| format!("FY{y}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Loaded fiscal years, ascending.
    pub fn fiscal_years(&self) -> Vec<u16> {
        self.years.keys().copied().collect()
    }

    /// The tables for the fiscal year of `discharge_date`; never another year's (PAYMENT.md §15).
    pub fn for_discharge(
        &self,
        discharge_date: Date,
    ) -> Result<&PaymentTables, super::error::PricingError> {
        use super::error::PricingError;
        let fy = discharge_date.fiscal_year();
        match self.get(fy) {
            Ok(Some(tables)) => Ok(tables),
            Ok(None) => Err(PricingError::NoTablesForDischargeDate {
                discharge_date: discharge_date.to_string(),
                fiscal_year: fy,
                loaded: self.loaded_years(),
            }),
            Err(e) => Err(PricingError::UnreadableTables {
                fiscal_year: fy,
                message: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
impl PaymentTableSet {
    /// The set with year `fy` an embedded year whose parse failed with `message`: what a
    /// broken build would give, for the tests of the error path.
    pub(crate) fn with_unreadable_year(mut self, fy: u16, message: &str) -> PaymentTableSet {
        let failed = EmbeddedYear {
            tables: std::sync::OnceLock::from(Err(message.to_string())),
            drgs: std::sync::OnceLock::new(),
        };
        self.years.insert(fy, Year::Embedded(Box::new(failed)));
        self
    }

    /// The embedded years parsed so far.
    fn parsed_years(&self) -> Vec<u16> {
        self.years
            .iter()
            .filter(|(_, y)| matches!(y, Year::Embedded(year) if year.tables.get().is_some()))
            .map(|(fy, _)| *fy)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `drg group` reads each line's weights through [`PaymentTableSet::drg`]: for an
    /// embedded year not parsed yet, from its DRG table alone. Every row of every DRG on the
    /// year's first day, on April 1 and on its last day is the one the whole year's tables
    /// give, and the year's other tables stay unparsed.
    #[test]
    fn a_drg_row_read_from_the_drg_table_alone_is_the_whole_years_row() {
        let alone = PaymentTableSet::embedded().expect("set");
        let whole = PaymentTableSet::embedded().expect("set");
        for fy in drg_tables::ipps_fiscal_years() {
            let year = whole.get(fy).expect("parses").expect("embedded");
            let mut rows = 0;
            for drg in 0..1000 {
                let later = [(4, 1), (9, 30)].map(|(m, d)| Date::new(fy, m, d).expect("date"));
                for date in [Date::fiscal_year_start(fy), later[0], later[1]] {
                    let expected = year.drg(drg, date);
                    rows += usize::from(expected.is_some());
                    assert_eq!(
                        alone.drg(fy, drg, date).expect("parses"),
                        expected,
                        "FY{fy} DRG {drg}"
                    );
                }
            }
            assert!(rows > 1000, "FY{fy}: {rows}");
        }
        assert_eq!(alone.parsed_years(), Vec::<u16>::new());
        assert_eq!(
            alone
                .drg(1999, 291, Date::fiscal_year_start(1999))
                .expect("no year"),
            None
        );
    }

    #[test]
    fn an_embedded_year_is_parsed_when_a_claim_first_needs_it_and_equals_an_eager_parse() {
        let set = PaymentTableSet::embedded().expect("set");
        assert_eq!(set.fiscal_years(), drg_tables::ipps_fiscal_years());
        assert!(set.parsed_years().is_empty(), "{:?}", set.parsed_years());
        let discharge = Date::from_str("2025-11-01").expect("date");
        let t = set.for_discharge(discharge).expect("FY2026");
        assert_eq!(t.fiscal_year, 2026);
        assert_eq!(set.parsed_years(), vec![2026]);
        let eager = PaymentTables::embedded(2026).expect("FY2026");
        assert_eq!(format!("{t:?}"), format!("{eager:?}"));
        // A second look-up reuses the parse.
        let again = set.for_discharge(discharge).expect("FY2026");
        assert!(std::ptr::eq(t, again));
    }

    #[test]
    fn a_year_that_cannot_be_parsed_is_an_error_of_each_look_up_that_needs_it() {
        let set = PaymentTableSet::embedded()
            .expect("set")
            .with_unreadable_year(2026, "drgstable-2026.csv:3:1: broken");
        for _ in 0..2 {
            let err = set
                .for_discharge(Date::from_str("2026-01-15").expect("date"))
                .err();
            let Some(e @ super::super::error::PricingError::UnreadableTables { .. }) = err else {
                panic!("{err:?}");
            };
            assert_eq!(
                e.return_code(),
                super::super::PricerReturnCode::InvalidDischargeDate
            );
            assert_eq!(
                e.to_string(),
                "cannot read the FY2026 IPPS tables: embedded FY2026 IPPS tables: \
                 drgstable-2026.csv:3:1: broken"
            );
            assert!(set.get(2026).is_err());
        }
        // The other years are untouched.
        let t = set.for_discharge(Date::from_str("2025-06-01").expect("date"));
        assert_eq!(t.map(|t| t.fiscal_year).ok(), Some(2025));
        // A directory cannot overlay a year it cannot start from: the error, not a new year.
        let dir = std::env::temp_dir().join(format!("drg-unreadable-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("ratex-2026.csv"), "x").expect("file");
        let mut overlaid = set.clone();
        let result = overlaid.load_dir(&dir).map_err(|e| e.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        assert!(result.is_err_and(|e| e.contains("broken")));
    }

    #[test]
    fn embedded_fy2026_tables_parse_and_have_expected_sizes() {
        let t = PaymentTables::embedded_fy2026().map_err(|e| e.to_string());
        let t = match t {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(t.drg_numbers().count(), 772);
        let rows: usize = t
            .technology_bases()
            .values()
            .flatten()
            .filter_map(|k| t.code_key(k))
            .flat_map(|k| k.values())
            .map(|c| c.len())
            .sum();
        assert_eq!(rows, 967);
        assert_eq!(t.factors.capital_federal_rate.to_string(), "524.15");
        assert_eq!(t.factors.no_cost_product_factor_drg018, None);
        let r = t.rate_table(1).unwrap_or(RateAmounts {
            labor: Decimal::ZERO,
            non_labor: Decimal::ZERO,
        });
        assert_eq!((r.labor + r.non_labor).to_string(), "6752.61");
    }

    #[test]
    fn table5_as_published_equals_the_pricer_drgstable() {
        let t5 = parse_table5("table5-fy2026.txt", embedded_table5_fy2026(), 2026);
        let csv = parse_drgstable(
            "drgstable-2026.csv",
            embedded_file(2026, "drgstable-2026.csv")
                .and_then(|f| f.text())
                .unwrap(),
        );
        let (t5, csv) = match (t5, csv) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => panic!("{:?} {:?}", a.err(), b.err()),
        };
        assert_eq!(t5.len(), csv.len());
        for (a, b) in t5.iter().zip(csv.iter()) {
            assert_eq!(
                (
                    a.drg,
                    a.relative_weight,
                    a.geometric_mean_los,
                    a.arithmetic_mean_los,
                    a.post_acute,
                    a.special_pay,
                    a.effective_date
                ),
                (
                    b.drg,
                    b.relative_weight,
                    b.geometric_mean_los,
                    b.arithmetic_mean_los,
                    b.post_acute,
                    b.special_pay,
                    b.effective_date
                ),
            );
        }
    }
}
