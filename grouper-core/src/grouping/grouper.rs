//! The grouper: a table set, the versions it covers, and their definitions (built on first use
//! for the embedded tables, at load for a table directory).

use std::sync::{Arc, OnceLock};

use super::claim::{Claim, VersionChoice};
use super::compiled;
use super::definitions::{Definitions, ExclusionGroups};
use super::pipeline;
use super::result::GroupingResult;
use crate::attributes::Vocabulary;
use crate::error::GroupError;
use crate::tables::{TableError, TableSet, TableSource, VersionRow};

/// Groups claims with the CMS tables of every version the table set covers.
pub struct Grouper {
    source: String,
    versions: Vec<VersionRow>,
    /// The parsed text tables: given at construction, or (for a grouper on compiled images)
    /// parsed on first need (code look-ups).
    tables: OnceLock<Result<TableSet, Arc<TableError>>>,
    vocabulary: Arc<Vocabulary>,
    exclusion_groups: Arc<ExclusionGroups>,
    /// Each version's compiled image (in `versions` order), when the definitions come compiled.
    images: Option<Vec<&'static [u8]>>,
    definitions: Vec<OnceLock<Result<Arc<Definitions>, Arc<TableError>>>>,
}

/// Where the embedded tables say they come from.
const EMBEDDED_SOURCE: &str = "embedded tables/msdrg";

impl Grouper {
    /// The grouper over the tables embedded in the binary: their compiled images when those
    /// were compiled from these very tables (`tables/compiled/`), else the text
    /// tables, compiled per version on first use.
    pub fn embedded() -> Result<Grouper, TableError> {
        match Self::from_compiled_images()? {
            Some(grouper) => Ok(grouper),
            None => Self::new(TableSet::embedded()?),
        }
    }

    /// The grouper over the embedded compiled images; `None` when they are missing or were
    /// compiled from other tables.
    fn from_compiled_images() -> Result<Option<Grouper>, TableError> {
        let Some(shared) = drg_tables::compiled(compiled::SHARED_IMAGE) else {
            return Ok(None);
        };
        let Some((vocabulary, exclusion_groups)) = compiled::decode_shared(shared.contents)? else {
            return Ok(None);
        };
        let versions = TableSet::embedded_versions()?;
        let images: Option<Vec<&'static [u8]>> = versions
            .iter()
            .map(|v| drg_tables::compiled(&compiled::version_image_name(v.version)))
            .map(|file| file.map(|f| f.contents))
            .collect();
        let Some(images) = images else {
            return Ok(None);
        };
        Ok(Some(Grouper {
            source: EMBEDDED_SOURCE.to_string(),
            definitions: versions.iter().map(|_| OnceLock::new()).collect(),
            versions,
            tables: OnceLock::new(),
            vocabulary: Arc::new(vocabulary),
            exclusion_groups: Arc::new(exclusion_groups),
            images: Some(images),
        }))
    }

    /// Whether the definitions come from compiled images rather than a compile of the text.
    pub fn uses_compiled_images(&self) -> bool {
        self.images.is_some()
    }

    /// The grouper over the tables of `source` (embedded, or a directory that overrides them).
    ///
    /// Tables from a directory are compiled for every version here, so that a broken table set
    /// fails at start, not claim by claim; the embedded tables (tested to compile) are compiled
    /// per version on first use, to keep start-up fast.
    pub fn load(source: &TableSource) -> Result<Grouper, TableError> {
        let grouper = match source {
            TableSource::Embedded => Self::embedded()?,
            TableSource::Directory(_) => Self::new(TableSet::load(source)?)?,
        };
        if let TableSource::Directory(_) = source {
            grouper.compile_all()?;
        }
        Ok(grouper)
    }

    /// Compile the definitions of every version now (each is kept for grouping).
    pub fn compile_all(&self) -> Result<(), TableError> {
        for (index, row) in self.versions.iter().enumerate() {
            if let Some(Ok(_)) = self.definitions[index].get() {
                continue;
            }
            // Not built yet (or built with an error, rebuilt here to return it).
            let built = self.build(index, row.version)?;
            // Another thread may have compiled it meanwhile: the same definitions.
            let _ = self.definitions[index].set(Ok(Arc::new(built)));
        }
        Ok(())
    }

    /// The compiled images of every version, compiled from this grouper's text tables: the
    /// files of `tables/compiled/` (name, bytes), for the generator and its test.
    pub fn compiled_images(&self) -> Result<Vec<(String, Vec<u8>)>, TableError> {
        let tables = self.text_tables()?;
        let mut images = vec![(
            compiled::SHARED_IMAGE.to_string(),
            compiled::encode_shared(&self.vocabulary, &self.exclusion_groups)?,
        )];
        for row in &self.versions {
            let defs = Definitions::build(
                tables,
                &self.vocabulary,
                &self.exclusion_groups,
                row.version,
            )?;
            images.push((
                compiled::version_image_name(row.version),
                compiled::encode_version(&defs)?,
            ));
        }
        Ok(images)
    }

    /// Version `version`'s definitions (at `index` of the versions): decoded from its image,
    /// or compiled from the text tables.
    fn build(&self, index: usize, version: u16) -> Result<Definitions, TableError> {
        match &self.images {
            Some(images) => compiled::decode_version(
                images[index],
                version,
                &self.vocabulary,
                &self.exclusion_groups,
            ),
            None => Definitions::build(
                self.text_tables()?,
                &self.vocabulary,
                &self.exclusion_groups,
                version,
            ),
        }
    }

    /// The text tables a grouper was constructed with (every grouper but one on images).
    fn text_tables(&self) -> Result<&TableSet, TableError> {
        match self.tables.get() {
            Some(Ok(tables)) => Ok(tables),
            _ => Err(TableError::content(
                &self.source,
                "compiled from images: no text tables to compile (use Grouper::new)",
            )),
        }
    }

    /// The grouper over a parsed table set.
    pub fn new(mut tables: TableSet) -> Result<Grouper, TableError> {
        if tables.versions.is_empty() {
            return Err(TableError::content("versions.tsv", "no versions"));
        }
        let vocabulary = Arc::new(std::mem::take(&mut tables.vocabulary));
        let exclusion_groups = Arc::new(std::mem::take(&mut tables.cc_exclusion_groups));
        let definitions = tables.versions.iter().map(|_| OnceLock::new()).collect();
        Ok(Grouper {
            source: tables.source.clone(),
            versions: tables.versions.clone(),
            tables: OnceLock::from(Ok(tables)),
            vocabulary,
            exclusion_groups,
            images: None,
            definitions,
        })
    }

    /// Where the tables came from (embedded or a directory).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The parsed table rows (for look-ups over a version's codes): for a grouper on compiled
    /// images, the embedded text tables, parsed on first call.
    pub(crate) fn tables(&self) -> Result<&TableSet, GroupError> {
        match self
            .tables
            .get_or_init(|| TableSet::embedded().map_err(Arc::new))
        {
            Ok(tables) => Ok(tables),
            Err(e) => Err(GroupError::Table(Arc::clone(e))),
        }
    }

    /// The versions the tables cover, in table order.
    pub fn versions(&self) -> &[VersionRow] {
        &self.versions
    }

    fn supported(&self) -> String {
        self.versions
            .iter()
            .map(|v| v.version.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The version a claim asks for, explicitly or by discharge date.
    pub fn resolve_version(&self, choice: VersionChoice) -> Result<u16, GroupError> {
        match choice {
            VersionChoice::Version(v) => self
                .versions
                .iter()
                .any(|r| r.version == v)
                .then_some(v)
                .ok_or_else(|| GroupError::UnsupportedVersion(i64::from(v), self.supported())),
            VersionChoice::DischargeDate(date) => self
                .versions
                .iter()
                .find(|r| r.effective_start <= date && date <= r.effective_end)
                .map(|r| r.version)
                .ok_or(GroupError::NoVersionForDate(date)),
        }
    }

    /// Definitions of `version`, compiled on first use.
    pub(crate) fn definitions(&self, version: u16) -> Result<&Definitions, GroupError> {
        let index = self
            .versions
            .iter()
            .position(|r| r.version == version)
            .ok_or_else(|| GroupError::UnsupportedVersion(i64::from(version), self.supported()))?;
        let built = self.definitions[index]
            .get_or_init(|| self.build(index, version).map(Arc::new).map_err(Arc::new));
        // Borrowed, not an `Arc` clone: a reference count taken and dropped per claim is two
        // atomic operations on one cache line that every grouping thread shares.
        match built {
            Ok(d) => Ok(d),
            Err(e) => Err(GroupError::Table(Arc::clone(e))),
        }
    }

    /// Compile the definitions of `version` now, instead of on its first claim (for a server
    /// or a benchmark that wants the cost up front, or to surface a broken table early).
    pub fn prepare(&self, version: u16) -> Result<(), GroupError> {
        self.definitions(version).map(|_| ())
    }

    /// Group one claim.
    pub fn group(&self, claim: &Claim) -> Result<GroupingResult, GroupError> {
        let version = self.resolve_version(claim.version)?;
        let defs = self.definitions(version)?;
        Ok(pipeline::group(defs, claim))
    }

    /// The DRGs of a family (one base DRG: the MCC, CC and neither tiers), ascending, with
    /// their titles, as version `version`'s formulas assign them.
    pub fn drg_family(
        &self,
        version: u16,
        base_drg: u16,
    ) -> Result<Vec<(u16, Option<String>)>, GroupError> {
        use super::definitions::Outcome;
        let defs = self.definitions(version)?;
        let mut drgs: Vec<u16> = defs
            .formulas
            .iter()
            .flatten()
            .filter_map(|f| match f.outcome {
                Outcome::Assign { drg, base_drg: b } if b == base_drg => Some(drg),
                _ => None,
            })
            .collect();
        drgs.sort_unstable();
        drgs.dedup();
        Ok(drgs
            .into_iter()
            .map(|d| (d, defs.drg_titles.get(&d).map(|t| t.to_string())))
            .collect())
    }

    /// Group `claim` and explain the result: the MDC, the DRG rule that matched and the codes
    /// that satisfied it, which codes set the severity and why the others did not, HAC effects.
    pub fn explain(&self, claim: &Claim) -> Result<super::explain::Explanation, GroupError> {
        let version = self.resolve_version(claim.version)?;
        let defs = self.definitions(version)?;
        Ok(super::explain::explain(defs, claim))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discharge_date_selects_the_version_in_force() {
        let g = Grouper::embedded().unwrap();
        let at = |d: &str| g.resolve_version(VersionChoice::DischargeDate(d.parse().unwrap()));
        assert_eq!(at("2022-10-01").ok(), Some(400));
        assert_eq!(at("2023-03-31").ok(), Some(400));
        assert_eq!(at("2023-04-01").ok(), Some(401));
        assert_eq!(at("2025-09-30").ok(), Some(421));
        assert_eq!(at("2026-04-01").ok(), Some(431));
        assert_eq!(at("2026-10-01").ok(), Some(440));
        assert!(
            matches!(at("2022-09-30"), Err(GroupError::NoVersionForDate(d)) if d.to_string() == "2022-09-30")
        );
        assert!(matches!(
            g.resolve_version(VersionChoice::Version(399)),
            Err(GroupError::UnsupportedVersion(399, _))
        ));
    }
}
