//! Every input the fuzz targets (`fuzz/`) reported, replayed on the stable toolchain through
//! the same entry point as its target: `fuzz/regressions/TARGET/NAME`. Each must return (no
//! panic) within a second; the targets time out at 30 s (10 s in the first runs).

mod common;

use std::time::{Duration, Instant};

use common::{grouper, pricing_context, root};
use grouper_core::io::{CsvClaimReader, RecordReader};
use grouper_core::payment::ProviderFile;
use grouper_core::MSDRG_FILES;

/// Run `data` through the entry point of fuzz target `target` (as `fuzz/fuzz_targets/`).
fn replay(target: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match target {
        "group_json_line" => {
            let _ = grouper_core::io::group_line(grouper(), &text, 1);
        }
        "group_csv" => {
            let Ok(mut reader) = CsvClaimReader::with_max_line_bytes(data, 4096) else {
                return;
            };
            while let Some(Ok(record)) = reader.next_record() {
                if let Ok(record) = record {
                    let _ = grouper_core::io::group_line(grouper(), &record.text, 1);
                }
            }
        }
        "price_line" => {
            let group = |v: &serde_json::Value| grouper_core::io::group_for_pricing(grouper(), v);
            let _ = grouper_core::io::price_line(&text, 1, pricing_context(), &group);
        }
        "provider_file" => {
            let _ = ProviderFile::parse("providers.csv", &text);
        }
        "tables" => {
            let Some((&selector, bytes)) = data.split_first() else {
                return;
            };
            let ipps = grouper_core::payment::table_file_names(2026);
            let i = selector as usize % (MSDRG_FILES.len() + ipps.len());
            match MSDRG_FILES.get(i) {
                Some(name) => {
                    let _ = grouper_core::parse_table_rows(name, &String::from_utf8_lossy(bytes));
                }
                None => {
                    let name = &ipps[i - MSDRG_FILES.len()];
                    let _ = grouper_core::payment::parse_table_file(name, bytes, 2026);
                }
            }
        }
        "formula" => {
            let _ = grouper_core::parse_formula(&text);
        }
        other => panic!("fuzz/regressions/{other}: no such fuzz target"),
    }
}

#[test]
fn every_fuzz_finding_replays_without_panic_in_bounded_time() {
    let dir = root().join("fuzz/regressions");
    // Build what the targets share first, so the time bound is the input's own.
    grouper().compile_all().expect("compiles");
    pricing_context();
    let mut replayed = 0;
    for target in std::fs::read_dir(&dir).expect("fuzz/regressions") {
        let target = target.expect("entry").path();
        let name = target.file_name().unwrap().to_string_lossy().to_string();
        for input in std::fs::read_dir(&target).expect("target dir") {
            let input = input.expect("entry").path();
            let data = std::fs::read(&input).expect("input");
            let start = Instant::now();
            replay(&name, &data);
            let elapsed = start.elapsed();
            assert!(
                elapsed < Duration::from_secs(1),
                "{}: {elapsed:?}",
                input.display()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no fuzz finding to replay");
}
