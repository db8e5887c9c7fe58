//! Every embedded file matches its recorded fingerprint, and the review copy
//! (`FINGERPRINTS.tsv`) lists exactly the embedded files.

use sha2::{Digest, Sha256};

fn hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn embedded_files_match_their_fingerprints() {
    for (set, files) in [
        ("msdrg", drg_tables::MSDRG),
        ("ipps", drg_tables::IPPS),
        ("compiled", drg_tables::COMPILED),
    ] {
        assert!(!files.is_empty(), "{set}: no files embedded");
        for f in files {
            assert_eq!(
                f.contents.len(),
                f.bytes,
                "{set}/{}: size changed; run scripts/fingerprints.py",
                f.name
            );
            assert_eq!(
                hex(f.contents),
                f.sha256,
                "{set}/{}: content changed; run scripts/fingerprints.py",
                f.name
            );
        }
    }
}

#[test]
fn review_copy_lists_every_embedded_file() {
    let tsv = include_str!("../FINGERPRINTS.tsv");
    let mut listed: Vec<String> = tsv.lines().skip(1).map(str::to_string).collect();
    let mut embedded: Vec<String> = [
        ("msdrg", drg_tables::MSDRG),
        ("ipps", drg_tables::IPPS),
        ("compiled", drg_tables::COMPILED),
    ]
    .iter()
    .flat_map(|(set, files)| {
        files
            .iter()
            .map(move |f| format!("{set}/{}\t{}\t{}", f.name, f.bytes, f.sha256))
    })
    .collect();
    listed.sort();
    embedded.sort();
    assert_eq!(
        listed, embedded,
        "FINGERPRINTS.tsv is stale: run scripts/fingerprints.py"
    );
}

#[test]
fn every_file_the_grouper_reads_is_embedded() {
    for name in drg_tables::MSDRG_TABLE_SET
        .iter()
        .chain(drg_tables::MCE_TABLE_SET)
    {
        let f = drg_tables::msdrg(name).unwrap_or_else(|| panic!("{name} not embedded"));
        assert!(f.text().is_some(), "{name} is not UTF-8");
    }
    assert!(drg_tables::ipps("fy2026/table5-fy2026.txt").is_some_and(|f| f.text().is_none()));
}

#[test]
fn every_embedded_ipps_year_has_its_required_files() {
    assert_eq!(
        drg_tables::ipps_fiscal_years(),
        [2023, 2024, 2025, 2026, 2027]
    );
    for fy in drg_tables::ipps_fiscal_years() {
        for name in [
            format!("drgstable-{fy}.csv"),
            format!("ratex-{fy}.csv"),
            "fy-factors.csv".to_string(),
        ] {
            let f = drg_tables::ipps_year(fy, &name)
                .unwrap_or_else(|| panic!("FY{fy} {name} not embedded"));
            assert!(f.text().is_some(), "FY{fy} {name} is not UTF-8");
        }
    }
}
