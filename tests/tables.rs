//! The shipped tables: fingerprints, loading from a directory, and errors that point at the
//! malformed line of a user-supplied table.

mod common;

use std::path::Path;

use common::root;
use grouper_core::tables::{TableSet, EMBEDDED};
use grouper_core::TableError;
use sha2::{Digest, Sha256};

#[test]
fn tables_match_fingerprints() {
    let text =
        std::fs::read_to_string(root().join("tables/FINGERPRINTS.tsv")).expect("fingerprints");
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let data = std::fs::read(root().join("tables").join(f[0])).expect(f[0]);
        assert_eq!(
            data.len().to_string(),
            f[1],
            "{}: size changed; run scripts/fingerprints.py",
            f[0]
        );
        let hash: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hash, f[2],
            "{}: content changed; run scripts/fingerprints.py",
            f[0]
        );
        checked += 1;
    }
    // Every embedded MS-DRG table is fingerprinted.
    for (name, _) in EMBEDDED {
        assert!(
            text.contains(&format!("msdrg/{name}\t")),
            "{name} has no fingerprint"
        );
    }
    assert!(checked >= EMBEDDED.len());
}

/// Copy the embedded tables into a temporary directory, replacing one file's text.
fn table_dir(replace: &str, text: &str) -> tempdir::Dir {
    let dir = tempdir::Dir::new();
    for (name, content) in EMBEDDED {
        let body = if *name == replace { text } else { content };
        std::fs::write(dir.path().join(name), body).expect("write table");
    }
    dir
}

mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "drg-tables-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir(path)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn malformed(err: TableError) -> (String, usize, usize, String) {
    match err {
        TableError::Malformed {
            file,
            line,
            column,
            message,
        } => (file, line, column, message),
        other => panic!("expected a malformed-line error, got {other}"),
    }
}

#[test]
fn tables_load_from_a_directory() {
    let dir = table_dir("", "");
    let tables = TableSet::from_dir(dir.path()).expect("loads");
    assert_eq!(tables.versions.len(), 9);
    assert!(tables.source.contains("drg-tables"));
}

#[test]
fn malformed_diagnosis_line_names_file_line_column() {
    let good = EMBEDDED
        .iter()
        .find(|(n, _)| *n == "diagnoses.tsv")
        .unwrap()
        .1;
    // Break the MDC of the third data line (line 4 of the file).
    let mut lines: Vec<String> = good.lines().take(10).map(str::to_string).collect();
    lines[3] = lines[3].replacen("\t400\t440\t", "\t400\t440\tx", 1);
    let dir = table_dir("diagnoses.tsv", &(lines.join("\n") + "\n"));
    let (file, line, column, message) = malformed(TableSet::from_dir(dir.path()).unwrap_err());
    assert_eq!(file, "diagnoses.tsv");
    assert_eq!(line, 4);
    let code_len = lines[3].find('\t').unwrap();
    // 1-based column of the MDC field: after the code, its TAB and "400<TAB>440<TAB>".
    assert_eq!(column, code_len + 1 + "400\t440\t".len() + 1);
    assert!(message.contains("`mdc` is not an integer"), "{message}");
}

#[test]
fn malformed_formula_names_file_and_line() {
    let good = EMBEDDED
        .iter()
        .find(|(n, _)| *n == "drg_formulas.tsv")
        .unwrap()
        .1;
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    // Line 7 of the file: an unbalanced parenthesis in the formula of v400.
    let f: Vec<&str> = lines[6].split('\t').collect();
    let mut f: Vec<String> = f.iter().map(|s| s.to_string()).collect();
    f[11] = format!("({}", f[11]);
    lines[6] = f.join("\t");
    let dir = table_dir("drg_formulas.tsv", &(lines.join("\n") + "\n"));
    let tables = TableSet::from_dir(dir.path()).expect("rows parse");
    let grouper = grouper_core::Grouper::new(tables).expect("grouper");
    let err = grouper.definitions(400).err().expect("formula error");
    let text = err.to_string();
    assert!(text.starts_with("drg_formulas.tsv:7:"), "{text}");
    assert!(text.contains("cannot parse formula"), "{text}");
}

#[test]
fn missing_table_file_is_named() {
    let dir = table_dir("", "");
    std::fs::remove_file(dir.path().join("clusters.tsv")).unwrap();
    match TableSet::from_dir(dir.path()).unwrap_err() {
        TableError::Io { file, .. } => {
            assert!(Path::new(&file).ends_with("clusters.tsv"), "{file}")
        }
        other => panic!("unexpected {other}"),
    }
}
