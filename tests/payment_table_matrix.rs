//! The corrupted IPPS table matrix (issue 9, acceptance 4): each table file of a fiscal-year
//! directory (FY2026: the seven pricer CSVs and Table 5) and the provider file, each one
//! empty, header only, cut in half inside a field, with a bad row, with a row over the record
//! cap, and with a value outside its CMS field's range. Every case fails at load (what
//! `drg price --ipps-tables DIR` and `--providers FILE` call) with a message naming the file,
//! the line and the column.

use std::path::{Path, PathBuf};

use grouper_core::payment::{PaymentTableSet, PaymentTables, ProviderFile, MAX_RECORD_BYTES};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The FY2026 table files, with the line the first data row is on.
const FILES: [(&str, usize); 8] = [
    ("drgstable-2026.csv", 2),
    ("table5-fy2026.txt", 4),
    ("cbsa-wage-index-2026.csv", 2),
    ("ratex-2026.csv", 2),
    ("outmigration-2026.csv", 2),
    ("claim-codes-2026.csv", 2),
    ("newtech-costs-2026.csv", 2),
    ("fy-factors.csv", 2),
];

/// One corruption: the new bytes of the file and the line the error must name.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    line: usize,
}

/// The line (1-based) that byte offset `at` of `bytes` is on.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|b| **b == b'\n').count()
}

/// `bytes` cut in the middle of a field (never right at a delimiter or a line ending).
fn cut_in_half(bytes: &[u8]) -> (Vec<u8>, usize) {
    let separator = |b: u8| matches!(b, b',' | b'\t' | b'\r' | b'\n' | b'"');
    let mut at = bytes.len() / 2;
    while separator(bytes[at - 1]) || separator(bytes[at]) {
        at += 1;
    }
    (bytes[..at].to_vec(), line_of(bytes, at))
}

/// `text` with its line `line` (1-based, counted at `\n`) replaced by `edit` of it (the line
/// without its `\r`, which is kept).
fn edit_line(text: &str, line: usize, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if i + 1 != line {
                return l.to_string();
            }
            match l.strip_suffix('\r') {
                Some(l) => edit(l) + "\r",
                None => edit(l),
            }
        })
        .collect();
    lines.join("\n").into_bytes()
}

/// The value edit outside the field's range, on a line that `file` has it on.
fn out_of_range(file: &str, text: &str) -> (Vec<u8>, usize) {
    let (find, replace) = match file {
        "drgstable-2026.csv" => (",28.0239,", ",100.0000,"),
        "table5-fy2026.txt" => ("\t28.0239\t28.0239\t", "\t28.0239\t100.0000\t"),
        "cbsa-wage-index-2026.csv" => (",0.7393,", ",100.0000,"),
        "ratex-2026.csv" => (",04456.72,", ",10000000.00,"),
        "outmigration-2026.csv" => (",0.0065,", ",10000000.00,"),
        "claim-codes-2026.csv" => (",X2H13XB,", ",X2H13XB9999,"),
        "newtech-costs-2026.csv" => (",23650.90,", ",10000000.00,"),
        "fy-factors.csv" => (
            "2026,capital_federal_rate,524.15,",
            "2026,capital_federal_rate,10000000,",
        ),
        other => panic!("no out-of-range edit for {other}"),
    };
    let at = text
        .find(find)
        .unwrap_or_else(|| panic!("{file} has {find:?}"));
    let edited = text.replacen(find, replace, 1);
    (edited.into_bytes(), line_of(text.as_bytes(), at))
}

/// The six corruptions of `file` (`first_row`: the line of its first data row).
fn cases(file: &str, original: &[u8], first_row: usize) -> Vec<Case> {
    // Table 5 is Windows-1252; only its ASCII rows are edited, so Latin-1 round-trips it.
    let text: String = original.iter().map(|&b| b as char).collect();
    let to_bytes = |t: Vec<u8>| -> Vec<u8> {
        String::from_utf8(t)
            .unwrap()
            .chars()
            .map(|c| c as u32 as u8)
            .collect()
    };
    let header_end = text.match_indices('\n').nth(first_row - 2).unwrap().0 + 1;
    let delimiter = if file.ends_with(".txt") { '\t' } else { ',' };
    let (cut, cut_line) = cut_in_half(original);
    let (range, range_line) = out_of_range(file, &text);
    vec![
        Case {
            name: "empty",
            bytes: Vec::new(),
            line: 1,
        },
        Case {
            name: "header only",
            bytes: original[..header_end].to_vec(),
            line: first_row,
        },
        Case {
            name: "cut in half",
            bytes: cut,
            line: cut_line,
        },
        Case {
            name: "bad row",
            bytes: to_bytes(edit_line(&text, first_row, |l| {
                let rest = l.split_once(delimiter).map_or("", |(_, r)| r);
                format!("?{delimiter}{rest}")
            })),
            line: first_row,
        },
        Case {
            name: "huge row",
            bytes: to_bytes(edit_line(&text, first_row, |l| {
                format!("{l}{}", "x".repeat(MAX_RECORD_BYTES + 1))
            })),
            line: first_row,
        },
        Case {
            name: "out of range",
            bytes: to_bytes(range),
            line: range_line,
        },
    ]
}

/// A copy of the FY2026 directory in a fresh temporary directory, with `file` replaced by
/// `bytes` (and without `drgstable-2026.csv` when `file` is Table 5, which is read only then).
fn corrupted_dir(tag: &str, file: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drg-matrix-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(repo("tables/ipps/fy2026")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if file == "table5-fy2026.txt" && name == "drgstable-2026.csv" {
            continue;
        }
        std::fs::copy(&path, dir.join(name)).unwrap();
    }
    std::fs::write(dir.join(file), bytes).unwrap();
    dir
}

/// Whether `message` starts with `file:line:column: ` for the given file and line.
fn names_file_line_and_column(message: &str, file: &str, line: usize) -> bool {
    let Some(rest) = message.strip_prefix(&format!("{file}:{line}:")) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(": ")
}

#[test]
fn every_corrupted_ipps_table_fails_at_load_naming_file_line_and_column() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, first_row) in FILES {
        let original = std::fs::read(repo("tables/ipps/fy2026").join(file)).unwrap();
        for case in cases(file, &original, first_row) {
            count += 1;
            let dir = corrupted_dir("lib", file, &case.bytes);
            let path = dir.join(file).display().to_string();
            // Overlaid on the embedded year (what `drg price --ipps-tables DIR` does) and
            // loaded as a new year.
            let overlay = PaymentTableSet::embedded()
                .unwrap()
                .load_dir(&dir)
                .map(|_| ());
            let fresh = PaymentTables::load_dir_for_year(&dir, 2026).map(|_| ());
            for (how, result) in [("overlay", overlay), ("new year", fresh)] {
                match result {
                    Ok(()) => failures.push(format!("{file} {} ({how}): loaded", case.name)),
                    Err(e) if !names_file_line_and_column(&e.to_string(), &path, case.line) => {
                        failures.push(format!(
                            "{file} {} ({how}): expected {path}:{}:COLUMN, got {}",
                            case.name,
                            case.line,
                            e.to_string().chars().take(300).collect::<String>()
                        ))
                    }
                    Err(_) => {}
                }
            }
            std::fs::remove_dir_all(&dir).ok();
        }
    }
    assert_eq!(count, 48);
    assert!(
        failures.is_empty(),
        "{} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_corrupted_provider_file_fails_at_load_naming_line_and_column() {
    let original = std::fs::read(repo("tables/ipps/ipsf-sample.csv")).unwrap();
    let text = String::from_utf8(original.clone()).unwrap();
    let (cut, cut_line) = cut_in_half(&original);
    let bad = edit_line(&text, 2, |l| l.replacen(",250,", ",2x0,", 1));
    let range = edit_line(&text, 2, |l| {
        l.replacen(",250,", &format!(",{},", "9".repeat(30)), 1)
    });
    let huge = edit_line(&text, 2, |l| {
        format!("{l}{}", "0".repeat(MAX_RECORD_BYTES + 1))
    });
    let header_end = text.find('\n').unwrap() + 1;
    let cases: [(&str, &[u8], usize); 6] = [
        ("empty", b"", 1),
        ("header only", &original[..header_end], 2),
        ("cut in half", &cut, cut_line),
        ("bad row", &bad, 2),
        ("huge row", &huge, 2),
        ("out of range", &range, 2),
    ];
    let mut failures = Vec::new();
    for (name, bytes, line) in cases {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        match ProviderFile::parse("ipsf.csv", &text) {
            Ok(_) => failures.push(format!("{name}: loaded")),
            Err(e) if !names_file_line_and_column(&e.to_string(), "ipsf.csv", line) => {
                failures.push(format!("{name}: expected ipsf.csv:{line}:COLUMN, got {e}"))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
