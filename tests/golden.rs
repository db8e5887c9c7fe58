//! The golden suite: every committed claim (tests/golden, generated from the CMS answers by
//! scripts/make_goldens.py) is grouped with the embedded tables and compared field by field with
//! the output contract. Needs nothing outside the repository.
//!
//! Differences we cannot yet reproduce are listed, each with its reason, in
//! tests/golden/known-differences.tsv; the test fails on any difference not listed there and on
//! any listed difference that no longer occurs, so the list stays exact.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{contract_differences, field_class, golden, group_line, grouper, root, VERSIONS};

fn known_differences() -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/golden/known-differences.tsv"))
        .expect("known-differences.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let id = f.next().unwrap_or_default().to_string();
            let path = f.next().unwrap_or_default().to_string();
            (id, path)
        })
        .collect()
}

#[test]
fn golden_claims_match_cms_answers() {
    let known = known_differences();
    let mut seen = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut total = 0;
    let mut report = String::new();
    for version in VERSIONS {
        let mut compared: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let claims = golden(version);
        total += claims.len();
        for (index, (claim, expected)) in claims.iter().enumerate() {
            let ours = match group_line(grouper(), claim, index + 1) {
                Ok(v) => v,
                Err(e) => panic!("golden {version} line {}: error record {e}", index + 1),
            };
            let id = expected["id"].as_str().unwrap_or_default().to_string();
            let diffs = contract_differences(&ours, expected);
            let diff_paths: BTreeSet<String> = diffs.iter().map(|d| d.0.clone()).collect();
            count_fields(expected, &diff_paths, &mut compared);
            for (path, got, want) in diffs {
                let key = (id.clone(), path.clone());
                if known.contains(&key) {
                    seen.insert(key);
                } else {
                    unexpected.push(format!(
                        "{id} {path}\n  expected: {want}\n  got:      {got}"
                    ));
                }
            }
        }
        report.push_str(&format!("== {version}: {} claims\n", claims.len()));
        for (field, (agree, all)) in compared {
            report.push_str(&format!(
                "  {field:22} {agree:6}/{all:<6} {:8.3}%\n",
                100.0 * agree as f64 / all as f64
            ));
        }
    }
    println!("{report}");
    let stale: Vec<_> = known.difference(&seen).collect();
    assert!(total >= 20_000, "golden suite has only {total} claims");
    assert!(
        unexpected.is_empty(),
        "{} differences from the CMS answers not in known-differences.tsv:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "known-differences.tsv lists differences that no longer occur (remove them): {stale:?}"
    );
}

/// Tally agreement per field class for the report.
fn count_fields(
    expected: &serde_json::Value,
    diffs: &BTreeSet<String>,
    out: &mut BTreeMap<String, (usize, usize)>,
) {
    let mut paths = Vec::new();
    if let Some(obj) = expected.as_object() {
        for (key, value) in obj {
            match value {
                serde_json::Value::Object(code) if key == "pdx" => {
                    paths.extend(code.keys().map(|f| format!("pdx.{f}")))
                }
                serde_json::Value::Array(items) if key == "sdx" || key == "procs" => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(code) = item.as_object() {
                            paths.extend(code.keys().map(|f| format!("{key}[{i}].{f}")));
                        }
                    }
                }
                _ if key != "id" && key != "version" => paths.push(key.clone()),
                _ => {}
            }
        }
    }
    for path in paths {
        let entry = out.entry(field_class(&path)).or_insert((0, 0));
        entry.1 += 1;
        if !diffs.contains(&path) {
            entry.0 += 1;
        }
    }
}
