//! `drg price --ipps-tables DIR` with a corrupted IPPS table: the run must stop at start with
//! exit 2 and the file:line:column message (issue 9, acceptance 4). The whole matrix of
//! corruptions is checked on the library load in `tests/payment_table_matrix.rs`; this is the
//! one binary check.

mod common;

use std::process::Stdio;

use common::{drg, repo_file, temp_dir};

#[test]
fn header_only_drgstable_in_ipps_tables_is_exit_2_at_start() {
    let dir = temp_dir("ipps-exit");
    for entry in std::fs::read_dir(repo_file("tables/ipps/fy2026")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let table = dir.join("drgstable-2026.csv");
    let text = std::fs::read_to_string(&table).unwrap();
    std::fs::write(&table, text.lines().next().unwrap().to_string() + "\n").unwrap();
    let claim = r#"{"id":"a","drg":291,"discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"45000","discharge_status":1,"provider":{"providerType":"00","stateCode":"05","cbsaActualGeographicLocation":"41884","bedSize":150,"operatingCostToChargeRatio":"0.250","capitalCostToChargeRatio":"0.020","hospitalQualityIndicator":"1","hrrParticipantIndicator":"0","vbpParticipantIndicator":"N","capitalPpsPaymentCode":"C"}}"#;
    std::fs::write(dir.join("c.jsonl"), format!("{claim}\n")).unwrap();
    let out = drg()
        .arg("price")
        .arg(dir.join("c.jsonl"))
        .arg("--ipps-tables")
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "no claim is priced");
    assert!(
        stderr.contains(&format!(
            "{}:2:1: no data rows after the header",
            table.display()
        )),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}
