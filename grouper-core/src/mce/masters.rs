//! The MCE masters as read: code flags with date ranges, age groups, discharge statuses and the
//! release row, parsed with the table reader and compiled into sorted, immutable indexes.

use super::edit::AgeGroup;
use crate::codes::{pack, CodeKey};
use crate::date::Date;
use crate::tables::reader::{parse_table, Row};
use crate::tables::TableError;

/// A flag of the code masters (a closed CMS vocabulary: an unknown flag is a table error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Flag {
    Adult,
    Clintrial,
    Csect,
    Delout,
    DiabtypeI,
    Ecodepdx,
    Female,
    Kidneyxp,
    Lcov,
    LcovArtheartxpa,
    LcovArtheartxpb,
    Los,
    Male,
    Manifestation,
    Maternity,
    Ncov12agele60,
    Ncov45,
    Ncov6,
    Ncov7,
    NcovZ302,
    Newborn,
    Noncovered,
    Pediatric,
    Qadm,
    Reqsdx,
    Unacceptable,
    Unspecified,
    Vagdel,
    Wrngproc,
}

/// The flags by their names in the masters.
const FLAG_NAMES: [(&str, Flag); 29] = [
    ("adult", Flag::Adult),
    ("clintrial", Flag::Clintrial),
    ("csect", Flag::Csect),
    ("delout", Flag::Delout),
    ("diabtypeI", Flag::DiabtypeI),
    ("ecodepdx", Flag::Ecodepdx),
    ("female", Flag::Female),
    ("kidneyxp", Flag::Kidneyxp),
    ("lcov", Flag::Lcov),
    ("lcov_artheartxpa", Flag::LcovArtheartxpa),
    ("lcov_artheartxpb", Flag::LcovArtheartxpb),
    ("los", Flag::Los),
    ("male", Flag::Male),
    ("manifestation", Flag::Manifestation),
    ("maternity", Flag::Maternity),
    ("ncov12agele60", Flag::Ncov12agele60),
    ("ncov45", Flag::Ncov45),
    ("ncov6", Flag::Ncov6),
    ("ncov7", Flag::Ncov7),
    ("ncov_z302", Flag::NcovZ302),
    ("newborn", Flag::Newborn),
    ("noncovered", Flag::Noncovered),
    ("pediatric", Flag::Pediatric),
    ("qadm", Flag::Qadm),
    ("reqsdx", Flag::Reqsdx),
    ("unacceptable", Flag::Unacceptable),
    ("unspecified", Flag::Unspecified),
    ("vagdel", Flag::Vagdel),
    ("wrngproc", Flag::Wrngproc),
];

/// Procedure flags whose rule this editor does not implement: they end before FY2023 (the
/// ICD-10 artificial-heart rule on 2022-03-31, `ncov7` on 2018-09-30). A claim that meets one
/// is refused rather than edited by a guess.
pub(crate) const FLAGS_WITHOUT_RULE: [Flag; 3] =
    [Flag::LcovArtheartxpa, Flag::LcovArtheartxpb, Flag::Ncov7];

impl Flag {
    /// The name in the masters.
    pub(crate) fn name(self) -> &'static str {
        FLAG_NAMES[self as usize].0
    }

    /// The age group this flag assigns, if it is an age flag.
    pub(crate) fn age_group(self) -> Option<AgeGroup> {
        Some(match self {
            Flag::Newborn => AgeGroup::Newborn,
            Flag::Pediatric => AgeGroup::Pediatric,
            Flag::Maternity => AgeGroup::Maternity,
            Flag::Adult => AgeGroup::Adult,
            _ => return None,
        })
    }
}

/// The flags of one code on one date range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags(u32);

impl Flags {
    /// Whether `flag` is set.
    pub(crate) fn has(self, flag: Flag) -> bool {
        self.0 & (1 << flag as u32) != 0
    }

    /// Union.
    pub(crate) fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

/// A date range of a master row, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dates {
    pub start: Date,
    pub end: Date,
}

impl Dates {
    pub(crate) fn contain(self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    fn read(row: &mut Row<'_>, start: &str, end: &str) -> Result<Dates, TableError> {
        Ok(Dates {
            start: row.date(start)?,
            end: row.date(end)?,
        })
    }
}

/// A code master compiled for look-up: codes sorted (byte order), each with its rows.
#[derive(Debug, Clone)]
pub(crate) struct CodeMaster {
    keys: Vec<CodeKey>,
    rows: Vec<(Dates, Flags)>,
    /// The first day any code of the master is valid (earlier discharges need another master).
    pub first_date: Date,
}

impl CodeMaster {
    /// Parse `file` (`code`, `date_start`, `date_end`, `flags`).
    pub(crate) fn parse(file: &str, text: &str) -> Result<CodeMaster, TableError> {
        let header = ["code", "date_start", "date_end", "flags"];
        let mut rows = parse_table(file, text, &header, |row| {
            let code = row.code("code")?;
            let dates = Dates::read(row, "date_start", "date_end")?;
            Ok((code, dates, flags(row)?))
        })?;
        rows.sort_by_key(|(code, dates, _)| (*code, dates.start));
        let first_date = rows
            .iter()
            .map(|(_, d, _)| d.start)
            .min()
            .ok_or_else(|| TableError::content(file, "no codes"))?;
        Ok(CodeMaster {
            keys: rows.iter().map(|(code, _, _)| *code).collect(),
            rows: rows.into_iter().map(|(_, d, f)| (d, f)).collect(),
            first_date,
        })
    }

    /// The flags of `code` (canonical text) on `date`; `None` when it is not a valid code then.
    pub(crate) fn flags(&self, code: &str, date: Date) -> Option<Flags> {
        let key = pack(code)?;
        let at = self.keys.partition_point(|k| *k < key);
        self.keys[at..]
            .iter()
            .zip(&self.rows[at..])
            .take_while(|(k, _)| **k == key)
            .find(|(_, (dates, _))| dates.contain(date))
            .map(|(_, (_, flags))| *flags)
    }
}

/// The `flags` field: a list of known flag names.
fn flags(row: &mut Row<'_>) -> Result<Flags, TableError> {
    let column = row.column();
    let mut set = Flags::default();
    for name in row.list("flags")? {
        let Some((_, flag)) = FLAG_NAMES.iter().find(|(n, _)| *n == name) else {
            return Err(row.error(
                column,
                format!("unknown MCE flag {}", TableError::excerpt(name)),
            ));
        };
        set.0 |= 1 << *flag as u32;
    }
    Ok(set)
}

/// One row of `mce_age_ranges.tsv`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AgeRange {
    pub group: AgeGroup,
    pub start_age: i64,
    pub end_age: i64,
    pub dates: Dates,
}

/// The rows of `mce_age_ranges.tsv`.
pub(crate) fn age_ranges(file: &str, text: &str) -> Result<Vec<AgeRange>, TableError> {
    let header = [
        "age_group",
        "start_age",
        "end_age",
        "date_start",
        "date_end",
    ];
    parse_table(file, text, &header, |row| {
        let groups = [
            ("Newborn", AgeGroup::Newborn),
            ("Pediatric", AgeGroup::Pediatric),
            ("Maternity", AgeGroup::Maternity),
            ("Adult", AgeGroup::Adult),
        ];
        Ok(AgeRange {
            group: row.choice("age_group", &groups)?,
            start_age: row.int("start_age")?,
            end_age: row.int("end_age")?,
            dates: Dates::read(row, "date_start", "date_end")?,
        })
    })
}

/// The rows of `mce_discharge_status.tsv`: a status and the dates it is valid.
pub(crate) fn discharge_statuses(file: &str, text: &str) -> Result<Vec<(u8, Dates)>, TableError> {
    let header = ["code", "date_start", "date_end"];
    parse_table(file, text, &header, |row| {
        Ok((
            row.num("code")?,
            Dates::read(row, "date_start", "date_end")?,
        ))
    })
}

/// The MCE release the masters are edited as (`mce_release.tsv`, the project's own file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The MCE data version CMS reports (`version_used`: 431).
    pub version: u16,
    /// Its name.
    pub name: String,
    /// The first and last discharge dates it edits.
    pub first_discharge: Date,
    /// The last discharge date it edits (later: INVALID_DISCHARGE_DATE).
    pub last_discharge: Date,
    /// From this date unknown sex is valid (CMS retired the sex edits on 2024-10-01).
    pub unknown_sex_valid_from: Date,
}

/// The one row of `mce_release.tsv`.
pub(crate) fn release(file: &str, text: &str) -> Result<Release, TableError> {
    let header = [
        "version",
        "name",
        "first_discharge",
        "last_discharge",
        "unknown_sex_valid_from",
    ];
    let mut rows = parse_table(file, text, &header, |row| {
        Ok(Release {
            version: row.num("version")?,
            name: row.token("name")?.to_string(),
            first_discharge: row.date("first_discharge")?,
            last_discharge: row.date("last_discharge")?,
            unknown_sex_valid_from: row.date("unknown_sex_valid_from")?,
        })
    })?;
    if rows.len() != 1 {
        let message = format!("{} releases; the editor reads exactly one", rows.len());
        return Err(TableError::content(file, message));
    }
    Ok(rows.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse()
            .unwrap_or_else(|_| Date::fiscal_year_start(1900))
    }

    #[test]
    fn look_up_takes_the_row_of_the_date() {
        let text = "code\tdate_start\tdate_end\tflags\nF05\t20151001\t20240331\t-\n\
                    F05\t20240401\t20270331\tunacceptable\nA00\t20151001\t20270331\t-\n";
        let master = CodeMaster::parse("m.tsv", text).expect("parses");
        let unacceptable = |d| {
            master
                .flags("F05", date(d))
                .map(|f| f.has(Flag::Unacceptable))
        };
        assert_eq!(unacceptable("2024-03-31"), Some(false));
        assert_eq!(unacceptable("2024-04-01"), Some(true));
        assert_eq!(unacceptable("2015-09-30"), None);
        assert_eq!(master.flags("A0", date("2024-04-01")), None);
        assert_eq!(master.first_date, date("2015-10-01"));
    }

    #[test]
    fn unknown_flag_is_a_positioned_table_error() {
        let text = "code\tdate_start\tdate_end\tflags\nF05\t20151001\t20240331\tmale,bogus\n";
        let err = CodeMaster::parse("m.tsv", text).expect_err("refused");
        assert!(
            err.to_string().starts_with("m.tsv:2:23: unknown MCE flag"),
            "{err}"
        );
    }

    #[test]
    fn flag_names_are_in_enum_order() {
        for (i, (_, flag)) in FLAG_NAMES.iter().enumerate() {
            assert_eq!(*flag as usize, i);
        }
    }
}
