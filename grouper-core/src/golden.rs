//! The committed golden claims (`tests/golden/claims-VVV.jsonl.gz`), read by the unit tests
//! that compare two paths of the code on every golden claim.

use std::io::BufRead;

/// The lines of grouper version `version`'s golden claims file.
pub(crate) fn lines(version: u16) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");
    let file =
        std::fs::File::open(format!("{dir}/claims-{version}.jsonl.gz")).expect("golden claims");
    std::io::BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("line"))
        .collect()
}
