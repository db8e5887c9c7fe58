//! Compiled definitions as bytes: what [`Definitions::build`] makes of the text tables, stored
//! so that the embedded tables are ready in milliseconds instead of being parsed and compiled
//! at every start.
//!
//! The text tables stay the source of truth. The images in `tables/compiled/` are written by
//! a committed generator (`cargo run --release -p grouper-core --example compile_tables`) and
//! record the SHA-256 of every text table they were compiled from; an image whose tables
//! differ from the embedded ones is not used (the text is compiled instead). The test
//! `compiled_images_equal_a_fresh_compile` proves every image byte for byte equal to a fresh
//! compile of the text, so an image can never silently disagree with the tables or the code.
//!
//! Encoding: postcard (serde), maps as vectors sorted by key so that the bytes are the same
//! on every run; the code tables and attribute sets as fixed-width rows ([`super::rows`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::definitions::{
    Cluster, Definitions, Diagnosis, ExclusionGroups, Expr, Formula, KnownAttributes, ListSets,
    Procedure,
};
use super::rows::{Columns, Rows};
use crate::attributes::{AttrSet, Vocabulary};
use crate::codes::{CodeKey, CodeMap};
use crate::tables::TableError;

/// Changes whenever the encoding or the compiled types change, so that an image of another
/// layout is refused rather than misread.
pub(crate) const FORMAT: u32 = 3;

/// The name of the image shared by every version (vocabulary, CC exclusion groups).
pub const SHARED_IMAGE: &str = "shared.bin";

/// The name of version `version`'s image (`v431.bin`).
pub fn version_image_name(version: u16) -> String {
    format!("v{version}.bin")
}

/// The SHA-256 of every embedded MS-DRG text table, in table-set order: what an image was
/// compiled from.
pub(crate) fn embedded_tables_fingerprint() -> Vec<String> {
    drg_tables::MSDRG_TABLE_SET
        .iter()
        .map(|name| drg_tables::msdrg(name).map_or_else(String::new, |f| f.sha256.to_string()))
        .collect()
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    tables: Vec<String>,
}

impl Header {
    fn current() -> Header {
        Header {
            format: FORMAT,
            tables: embedded_tables_fingerprint(),
        }
    }

    fn is_current(&self) -> bool {
        self.format == FORMAT && self.tables == embedded_tables_fingerprint()
    }
}

#[derive(Serialize, Deserialize)]
struct SharedImage {
    header: Header,
    vocabulary: Vec<String>,
    exclusion_groups: Vec<(u32, Rows<CodeKey>)>,
}

/// One version's image: maps as vectors sorted by key.
#[derive(Serialize, Deserialize)]
struct VersionImage {
    header: Header,
    version: u16,
    attribute_sets: Rows<AttrSet>,
    diagnoses: Columns<Diagnosis>,
    procedures: Columns<Procedure>,
    clusters: Vec<Cluster>,
    hac_list_sets: ListSets<u16>,
    cluster_list_sets: ListSets<u32>,
    formulas: Vec<Vec<Formula>>,
    hac_formulas: Vec<(u8, Expr)>,
    drg_titles: Vec<(u16, String)>,
    valid_discharge_statuses: Vec<bool>,
    invalid_procedure_is_or: bool,
    hac_secondary_lists: Vec<(u8, Vec<u16>)>,
}

fn sorted<K: Ord + Copy, V: Clone>(map: impl IntoIterator<Item = (K, V)>) -> Vec<(K, V)> {
    let mut v: Vec<(K, V)> = map.into_iter().collect();
    v.sort_by_key(|(k, _)| *k);
    v
}

/// A code map's keys and values, in key order.
fn columns<V: Copy>(map: &CodeMap<V>) -> Columns<V> {
    let (keys, values) = map.iter().map(|(k, v)| (*k, *v)).unzip();
    Columns(keys, values)
}

fn encoding_error(name: &str, e: postcard::Error) -> TableError {
    TableError::content(name, format!("compiled image: {e}"))
}

/// The shared image of a vocabulary and exclusion groups.
pub(crate) fn encode_shared(
    vocabulary: &Vocabulary,
    exclusion_groups: &ExclusionGroups,
) -> Result<Vec<u8>, TableError> {
    let image = SharedImage {
        header: Header::current(),
        vocabulary: vocabulary.names().to_vec(),
        exclusion_groups: sorted(exclusion_groups.iter().map(|(k, v)| (*k, Rows(v.clone())))),
    };
    postcard::to_allocvec(&image).map_err(|e| encoding_error(SHARED_IMAGE, e))
}

/// One version's image.
pub(crate) fn encode_version(defs: &Definitions) -> Result<Vec<u8>, TableError> {
    let image = VersionImage {
        header: Header::current(),
        version: defs.version,
        attribute_sets: Rows(defs.attribute_sets.clone()),
        diagnoses: columns(&defs.diagnoses),
        procedures: columns(&defs.procedures),
        clusters: defs.clusters.clone(),
        hac_list_sets: defs.hac_list_sets.clone(),
        cluster_list_sets: defs.cluster_list_sets.clone(),
        formulas: defs.formulas.clone(),
        hac_formulas: defs.hac_formulas.clone(),
        drg_titles: sorted(defs.drg_titles.iter().map(|(k, v)| (*k, v.to_string()))),
        valid_discharge_statuses: defs.valid_discharge_statuses.to_vec(),
        invalid_procedure_is_or: defs.invalid_procedure_is_or,
        hac_secondary_lists: defs.hac_secondary_lists.clone(),
    };
    postcard::to_allocvec(&image).map_err(|e| encoding_error(&version_image_name(defs.version), e))
}

/// The vocabulary and exclusion groups of a shared image; `Ok(None)` when the image was
/// compiled from other tables or in another format (compile the text instead).
pub(crate) fn decode_shared(
    bytes: &[u8],
) -> Result<Option<(Vocabulary, ExclusionGroups)>, TableError> {
    let header: Header = postcard::take_from_bytes(bytes)
        .map_err(|e| encoding_error(SHARED_IMAGE, e))?
        .0;
    if !header.is_current() {
        return Ok(None);
    }
    let image: SharedImage =
        postcard::from_bytes(bytes).map_err(|e| encoding_error(SHARED_IMAGE, e))?;
    let vocabulary = Vocabulary::from_names(image.vocabulary)
        .ok_or_else(|| TableError::content(SHARED_IMAGE, "compiled image: repeated name"))?;
    Ok(Some((
        vocabulary,
        image
            .exclusion_groups
            .into_iter()
            .map(|(k, Rows(keys))| (k, keys))
            .collect(),
    )))
}

/// Version `version`'s definitions from its image, with the shared vocabulary and groups.
pub(crate) fn decode_version(
    bytes: &[u8],
    version: u16,
    vocabulary: &Arc<Vocabulary>,
    exclusion_groups: &Arc<ExclusionGroups>,
) -> Result<Definitions, TableError> {
    let name = version_image_name(version);
    let image: VersionImage = postcard::from_bytes(bytes).map_err(|e| encoding_error(&name, e))?;
    if !image.header.is_current() || image.version != version {
        return Err(TableError::content(
            &name,
            "compiled image of other tables or another version",
        ));
    }
    let statuses: [bool; 100] = image
        .valid_discharge_statuses
        .try_into()
        .map_err(|_| TableError::content(&name, "compiled image: discharge statuses"))?;
    let unsorted = || TableError::content(&name, "compiled image: codes out of order");
    if !image.hac_list_sets.is_well_formed() || !image.cluster_list_sets.is_well_formed() {
        return Err(TableError::content(&name, "compiled image: list sets"));
    }
    Ok(Definitions {
        version,
        vocabulary: Arc::clone(vocabulary),
        attribute_sets: image.attribute_sets.0,
        diagnoses: CodeMap::from_sorted_columns(image.diagnoses.0, image.diagnoses.1)
            .ok_or_else(unsorted)?,
        procedures: CodeMap::from_sorted_columns(image.procedures.0, image.procedures.1)
            .ok_or_else(unsorted)?,
        clusters: image.clusters,
        hac_list_sets: image.hac_list_sets,
        cluster_list_sets: image.cluster_list_sets,
        gates: super::definitions::formula_gates(&image.formulas),
        formulas: image.formulas,
        hac_formulas: image.hac_formulas,
        exclusion_groups: Arc::clone(exclusion_groups),
        drg_titles: image
            .drg_titles
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect(),
        valid_discharge_statuses: statuses,
        invalid_procedure_is_or: image.invalid_procedure_is_or,
        hac_secondary_lists: image.hac_secondary_lists,
        known: KnownAttributes::find(vocabulary),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grouping::grouper::Grouper;
    use crate::tables::TableSet;

    fn fresh() -> Vec<(String, Vec<u8>)> {
        let grouper = Grouper::new(TableSet::embedded().expect("tables")).expect("grouper");
        grouper.compiled_images().expect("compiles")
    }

    #[test]
    fn compiled_images_equal_a_fresh_compile() {
        let fresh = fresh();
        assert_eq!(fresh.len(), drg_tables::COMPILED.len(), "images embedded");
        for (name, bytes) in &fresh {
            let embedded = drg_tables::compiled(name)
                .unwrap_or_else(|| panic!("{name} is not embedded: see tables/compiled/README.md"));
            assert!(
                embedded.contents == bytes.as_slice(),
                "{name} differs from a fresh compile of the text tables: regenerate it \
                 (tables/compiled/README.md)"
            );
        }
    }

    #[test]
    fn decoded_definitions_encode_to_their_image_again() {
        let shared = drg_tables::compiled(SHARED_IMAGE).expect("shared image");
        let (vocabulary, groups) = decode_shared(shared.contents)
            .expect("decodes")
            .expect("current");
        let (vocabulary, groups) = (Arc::new(vocabulary), Arc::new(groups));
        assert_eq!(
            encode_shared(&vocabulary, &groups).expect("encodes"),
            shared.contents
        );
        for v in TableSet::embedded_versions().expect("versions") {
            let image = drg_tables::compiled(&version_image_name(v.version)).expect("image");
            let defs =
                decode_version(image.contents, v.version, &vocabulary, &groups).expect("decodes");
            assert_eq!(encode_version(&defs).expect("encodes"), image.contents);
        }
    }

    #[test]
    fn the_embedded_grouper_uses_the_images() {
        assert!(Grouper::embedded().expect("grouper").uses_compiled_images());
    }

    #[test]
    fn an_image_of_other_tables_is_not_used() {
        let mut header = Header::current();
        header.tables[1] = "0".repeat(64);
        let image = SharedImage {
            header,
            vocabulary: vec!["a".into()],
            exclusion_groups: Vec::new(),
        };
        let bytes = postcard::to_allocvec(&image).expect("encodes");
        assert!(decode_shared(&bytes).expect("decodes").is_none());
        let mut header = Header::current();
        header.format += 1;
        let bytes = postcard::to_allocvec(&header).expect("encodes");
        assert!(decode_shared(&bytes).expect("decodes").is_none());
    }

    #[test]
    fn a_truncated_image_is_an_error_not_a_panic() {
        let image = drg_tables::compiled("v431.bin").expect("image");
        let shared = drg_tables::compiled(SHARED_IMAGE).expect("shared");
        let (vocabulary, groups) = decode_shared(shared.contents).unwrap().unwrap();
        let (vocabulary, groups) = (Arc::new(vocabulary), Arc::new(groups));
        let cut = &image.contents[..image.contents.len() / 2];
        assert!(decode_version(cut, 431, &vocabulary, &groups).is_err());
        assert!(decode_version(image.contents, 440, &vocabulary, &groups).is_err());
        assert!(decode_shared(&shared.contents[..10]).is_err());
    }
}
