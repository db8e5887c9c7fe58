//! The grouper: a table set, the versions it covers, and their lazily built definitions.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::attributes::Vocabulary;
use crate::claim::{Claim, VersionChoice};
use crate::codes::CodeKey;
use crate::definitions::Definitions;
use crate::error::{GroupError, TableError};
use crate::result::GroupingResult;
use crate::tables::{TableSet, TableSource, VersionRow};

/// Groups claims with the CMS tables of every version the table set covers.
pub struct Grouper {
    tables: TableSet,
    vocabulary: Arc<Vocabulary>,
    exclusion_groups: Arc<HashMap<u32, Vec<CodeKey>>>,
    definitions: Vec<OnceLock<Result<Arc<Definitions>, TableError>>>,
}

impl Grouper {
    /// The grouper over the tables embedded in the binary.
    pub fn embedded() -> Result<Grouper, TableError> {
        Self::new(TableSet::embedded()?)
    }

    pub fn load(source: &TableSource) -> Result<Grouper, TableError> {
        Self::new(TableSet::load(source)?)
    }

    pub fn new(mut tables: TableSet) -> Result<Grouper, TableError> {
        if tables.versions.is_empty() {
            return Err(TableError::Invalid {
                file: "versions.tsv".to_string(),
                message: "no versions".to_string(),
            });
        }
        let vocabulary = Arc::new(std::mem::take(&mut tables.vocabulary));
        let exclusion_groups = Arc::new(std::mem::take(&mut tables.cc_exclusion_groups));
        let definitions = tables.versions.iter().map(|_| OnceLock::new()).collect();
        Ok(Grouper {
            tables,
            vocabulary,
            exclusion_groups,
            definitions,
        })
    }

    /// Where the tables came from (embedded or a directory).
    pub fn source(&self) -> &str {
        &self.tables.source
    }

    pub fn versions(&self) -> &[VersionRow] {
        &self.tables.versions
    }

    fn supported(&self) -> String {
        self.tables
            .versions
            .iter()
            .map(|v| v.version.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The version a claim asks for, explicitly or by discharge date.
    pub fn resolve_version(&self, choice: VersionChoice) -> Result<u16, GroupError> {
        match choice {
            VersionChoice::Version(v) => self
                .tables
                .versions
                .iter()
                .any(|r| r.version == v)
                .then_some(v)
                .ok_or_else(|| GroupError::UnsupportedVersion(i64::from(v), self.supported())),
            VersionChoice::DischargeDate(date) => self
                .tables
                .versions
                .iter()
                .find(|r| r.effective_start <= date && date <= r.effective_end)
                .map(|r| r.version)
                .ok_or_else(|| {
                    GroupError::NoVersionForDate(format!(
                        "{:04}-{:02}-{:02}",
                        date / 10000,
                        date / 100 % 100,
                        date % 100
                    ))
                }),
        }
    }

    /// Definitions of `version`, compiled on first use.
    pub fn definitions(&self, version: u16) -> Result<Arc<Definitions>, GroupError> {
        let index = self
            .tables
            .versions
            .iter()
            .position(|r| r.version == version)
            .ok_or_else(|| GroupError::UnsupportedVersion(i64::from(version), self.supported()))?;
        let built = self.definitions[index].get_or_init(|| {
            Definitions::build(
                &self.tables,
                &self.vocabulary,
                &self.exclusion_groups,
                version,
            )
            .map(Arc::new)
        });
        match built {
            Ok(d) => Ok(Arc::clone(d)),
            Err(e) => Err(GroupError::Table(e.clone())),
        }
    }

    /// Group one claim.
    pub fn group(&self, claim: &Claim) -> Result<GroupingResult, GroupError> {
        let version = self.resolve_version(claim.version)?;
        let defs = self.definitions(version)?;
        Ok(crate::result::group_with(&defs, claim))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discharge_date_selects_the_version_in_force() {
        let g = Grouper::embedded().unwrap();
        let at = |d| g.resolve_version(VersionChoice::DischargeDate(d));
        assert_eq!(at(20221001), Ok(400));
        assert_eq!(at(20230331), Ok(400));
        assert_eq!(at(20230401), Ok(401));
        assert_eq!(at(20250930), Ok(421));
        assert_eq!(at(20260401), Ok(431));
        assert_eq!(at(20261001), Ok(440));
        assert!(matches!(at(20220930), Err(GroupError::NoVersionForDate(d)) if d == "2022-09-30"));
        assert!(matches!(
            g.resolve_version(VersionChoice::Version(399)),
            Err(GroupError::UnsupportedVersion(399, _))
        ));
    }
}
