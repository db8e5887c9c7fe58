//! Loading the MS-DRG tables from a directory, and errors that point at the malformed line of
//! a user-supplied table. (The embedded files' fingerprints are checked by the `drg-tables`
//! crate's own test.)

mod common;

use common::{embedded_msdrg as embedded, table_dir};
use grouper_core::{Grouper, TableError, TableSet};

fn malformed(err: TableError) -> (String, usize, usize, String) {
    match err {
        TableError::Parse {
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
    let grouper = Grouper::new(TableSet::from_dir(dir.path()).expect("loads")).expect("grouper");
    assert_eq!(grouper.versions().len(), 9);
    assert!(grouper.source().contains("drg-tables"));
}

#[test]
fn malformed_diagnosis_line_names_file_line_column() {
    let good = embedded("diagnoses.tsv");
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
    let good = embedded("drg_formulas.tsv");
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    // Line 7 of the file: an unbalanced parenthesis in the formula of v400.
    let f: Vec<&str> = lines[6].split('\t').collect();
    let mut f: Vec<String> = f.iter().map(|s| s.to_string()).collect();
    f[11] = format!("({}", f[11]);
    lines[6] = f.join("\t");
    let dir = table_dir("drg_formulas.tsv", &(lines.join("\n") + "\n"));
    let tables = TableSet::from_dir(dir.path()).expect("rows parse");
    let grouper = Grouper::new(tables).expect("grouper");
    let claim = r#"{"id": "c", "version": 400, "discharge_status": 1, "pdx": {"code": "I5023"}}"#;
    let err = grouper_core::io::group_line(&grouper, claim, 1).expect_err("formula error");
    assert!(
        err.error.starts_with("line 1: drg_formulas.tsv:7:"),
        "{}",
        err.error
    );
    assert!(err.error.contains("cannot parse formula"), "{}", err.error);
}

#[test]
fn misspelt_surgical_type_names_file_line_column() {
    // The DRG type is read at load (MEDICAL, SURGICAL or NA): a typo is an error, not "none".
    let good = embedded("drg_formulas.tsv");
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    let index = lines
        .iter()
        .position(|l| l.contains("\tSURGICAL\t"))
        .unwrap();
    lines[index] = lines[index].replacen("\tSURGICAL\t", "\tSURGICLA\t", 1);
    let column = lines[index].find("SURGICLA").unwrap() + 1;
    let dir = table_dir("drg_formulas.tsv", &(lines.join("\n") + "\n"));
    let (file, line, at, message) = malformed(TableSet::from_dir(dir.path()).unwrap_err());
    assert_eq!(
        (file.as_str(), line, at),
        ("drg_formulas.tsv", index + 1, column)
    );
    assert!(
        message.contains("MEDICAL") && message.contains("SURGICLA"),
        "{message}"
    );
}

#[test]
fn missing_table_file_is_named() {
    let dir = table_dir("", "");
    std::fs::remove_file(dir.path().join("clusters.tsv")).unwrap();
    match TableSet::from_dir(dir.path()).unwrap_err() {
        TableError::Io { path, source } => {
            assert!(path.ends_with("clusters.tsv"), "{}", path.display());
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("unexpected {other}"),
    }
}
