//! IPPS table values outside their CMS field's range are load errors naming file, line and
//! column, never a panic and never a payment: the issue-9 cases of a 28-digit value (which
//! overflowed the decimal arithmetic) and of a wage index of 1e21 (which paid 5.9e24).

use std::path::{Path, PathBuf};

use grouper_core::payment::PaymentTables;

fn fy2026() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/fy2026")
}

/// Copy the FY2026 tables to a temporary directory with `edit` applied to `file`.
fn with_edit(name: &str, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drg-ipps-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(fy2026()).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let target = dir.join(path.file_name().unwrap_or_default());
        if path.file_name().is_some_and(|n| n == file) {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&target, edit(&text)).unwrap_or_else(|e| panic!("{e}"));
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    dir
}

fn load_error(dir: &Path) -> String {
    let e = PaymentTables::load_dir_for_year(dir, 2026)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let _ = std::fs::remove_dir_all(dir);
    e
}

const HUGE: &str = "9999999999999999999999999999";

#[test]
fn drg_weight_of_28_digits_is_a_positioned_error() {
    let dir = with_edit("weight", "drgstable-2026.csv", |t| {
        t.replacen(",1.2838,", &format!(",{HUGE},"), 1)
    });
    let e = load_error(&dir);
    assert!(
        e.contains("drgstable-2026.csv:") && e.contains("outside"),
        "{e}"
    );
}

#[test]
fn wage_index_of_1e21_is_a_positioned_error() {
    let dir = with_edit("wi", "cbsa-wage-index-2026.csv", |t| {
        t.replacen(
            "01,,20251001,0.7393,",
            "01,,20251001,1000000000000000000000,",
            1,
        )
    });
    let e = load_error(&dir);
    assert!(
        e.contains("cbsa-wage-index-2026.csv:2:") && e.contains("outside"),
        "{e}"
    );
}

#[test]
fn negative_rate_is_a_positioned_error() {
    let dir = with_edit("rate", "ratex-2026.csv", |t| {
        t.replacen("04456.72", "-4456.72", 1)
    });
    let e = load_error(&dir);
    assert!(e.contains("ratex-2026.csv:"), "{e}");
}

#[test]
fn fiscal_year_factor_of_28_digits_is_a_positioned_error() {
    let dir = with_edit("factor", "fy-factors.csv", |t| {
        t.replacen(
            "2026,capital_federal_rate,",
            &format!("2026,capital_federal_rate,{HUGE}"),
            1,
        )
        .replacen(&format!("{HUGE}524.15"), HUGE, 1)
    });
    let e = load_error(&dir);
    assert!(
        e.contains("fy-factors.csv:") && e.contains("outside"),
        "{e}"
    );
}
