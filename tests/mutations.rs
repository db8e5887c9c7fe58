//! Mutation tests on the stable toolchain, over the entry points the fuzz targets cover
//! (`fuzz/`, issue 9): real table files, provider files, claim lines (JSON Lines and CSV, for
//! grouping and pricing) and formulas, with bytes flipped, cut short, lines duplicated or
//! dropped and huge numbers written in. None may panic: each loads or parses, or returns its
//! typed error (a table error short enough to print, naming the file).

mod common;

use std::sync::OnceLock;

use common::{grouper, pricing_context, read_gz_lines, root};
use grouper_core::io::{CsvClaimReader, RecordReader};
use grouper_core::payment::ProviderFile;
use grouper_core::{TableError, MSDRG_FILES};
use proptest::prelude::*;

/// One edit of a file or line; positions are fractions of its length.
#[derive(Debug, Clone)]
enum Mutation {
    /// XOR one byte with a non-zero mask.
    Flip(prop::sample::Index, u8),
    /// Keep only the bytes before the position.
    Truncate(prop::sample::Index),
    /// Write the line holding the position twice.
    DuplicateLine(prop::sample::Index),
    /// Drop the line holding the position.
    DropLine(prop::sample::Index),
    /// Write a huge or odd number at the position.
    Number(prop::sample::Index, &'static str),
    /// Insert a delimiter or quote at the position.
    Insert(prop::sample::Index, u8),
}

const NUMBERS: [&str; 7] = [
    "99999999999999999999999999999",
    "-99999999999999999999999999999.9999",
    "18446744073709551616",
    "1e400",
    "-0",
    "0.0000000000000000000000000001",
    "4294967296",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    use prop::sample::{select, Index};
    prop_oneof![
        4 => (any::<Index>(), 1u8..=255).prop_map(|(i, m)| Mutation::Flip(i, m)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DropLine),
        3 => (any::<Index>(), select(&NUMBERS[..])).prop_map(|(i, n)| Mutation::Number(i, n)),
        2 => (any::<Index>(), select(&b",\t\"\n\r{}[]:"[..])).prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..=4)
}

/// The start and end (after its `\n`) of the line holding byte `at`.
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let end = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| at + p + 1);
    (start, end)
}

fn apply(original: &[u8], edits: &[Mutation]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for edit in edits {
        if bytes.is_empty() {
            break;
        }
        match edit {
            Mutation::Flip(i, mask) => {
                let at = i.index(bytes.len());
                bytes[at] ^= mask;
            }
            Mutation::Truncate(i) => bytes.truncate(i.index(bytes.len())),
            Mutation::DuplicateLine(i) => {
                let (start, end) = line_around(&bytes, i.index(bytes.len()));
                let line = bytes[start..end].to_vec();
                bytes.splice(end..end, line);
            }
            Mutation::DropLine(i) => {
                let (start, end) = line_around(&bytes, i.index(bytes.len()));
                bytes.drain(start..end);
            }
            Mutation::Number(i, n) => {
                let at = i.index(bytes.len());
                bytes.splice(at..at, n.bytes());
            }
            Mutation::Insert(i, b) => {
                let at = i.index(bytes.len());
                bytes.insert(at, *b);
            }
        }
    }
    bytes
}

/// A table error must name its file and be short enough to print (a huge field is excerpted).
fn check_table_error(file: &str, e: &TableError) -> Result<(), TestCaseError> {
    let message = e.to_string();
    prop_assert!(message.contains(file), "{message}");
    prop_assert!(message.len() < 1_000, "{} characters", message.len());
    Ok(())
}

/// The first `lines` lines of an embedded MS-DRG file (the large ones are cut for speed).
fn msdrg_head(file: &str, lines: usize) -> Vec<u8> {
    let text = common::embedded_msdrg(file);
    let mut out: String = text.lines().take(lines).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out.into_bytes()
}

/// The FY2026 IPPS files, read once.
fn ipps_files() -> &'static Vec<(String, Vec<u8>)> {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        grouper_core::payment::table_file_names(2026)
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(root().join("tables/ipps/fy2026").join(&f));
                (f, bytes.expect("FY2026 file"))
            })
            .collect()
    })
}

/// A few golden claim lines of every version.
fn claim_lines() -> &'static Vec<String> {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        common::VERSIONS
            .iter()
            .flat_map(|v| {
                let path = root().join(format!("tests/golden/claims-{v}.jsonl.gz"));
                read_gz_lines(&path).into_iter().step_by(997).take(4)
            })
            .collect()
    })
}

fn example(name: &str) -> String {
    std::fs::read_to_string(root().join("examples").join(name)).expect("example")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_ipps_table_parses_or_gives_a_table_error(
        pick in any::<prop::sample::Index>(),
        edits in mutations(),
    ) {
        let (file, original) = &ipps_files()[pick.index(ipps_files().len())];
        let bytes = apply(original, &edits);
        if let Err(e) = grouper_core::payment::parse_table_file(file, &bytes, 2026) {
            check_table_error(file, &e)?;
        }
    }

    #[test]
    fn mutated_msdrg_table_parses_or_gives_a_table_error(
        pick in any::<prop::sample::Index>(),
        edits in mutations(),
    ) {
        let file = MSDRG_FILES[pick.index(MSDRG_FILES.len())];
        let bytes = apply(&msdrg_head(file, 2_000), &edits);
        if let Err(e) = grouper_core::parse_table_rows(file, &String::from_utf8_lossy(&bytes)) {
            check_table_error(file, &e)?;
        }
    }

    #[test]
    fn mutated_provider_file_parses_or_gives_a_table_error(
        jsonl in any::<bool>(),
        edits in mutations(),
    ) {
        let original = if jsonl {
            r#"{"providerCcn":"010001","effectiveDate":"20251001","providerType":"00","stateCode":"05","bedSize":150,"operatingCostToChargeRatio":"0.250"}
{"providerCcn":"010001","effectiveDate":"20260101","providerType":"07","stateCode":"05","bedSize":"90","supplementalWageIndex":"0.9"}
"#.to_string()
        } else {
            std::fs::read_to_string(root().join("tables/ipps/ipsf-sample.csv")).expect("sample")
        };
        let bytes = apply(original.as_bytes(), &edits);
        if let Err(e) = ProviderFile::parse("providers", &String::from_utf8_lossy(&bytes)) {
            check_table_error("providers", &e)?;
        }
    }

    #[test]
    fn mutated_formula_parses_or_gives_a_positioned_error(
        pick in any::<prop::sample::Index>(),
        edits in mutations(),
    ) {
        let formulas = common::embedded_msdrg("drg_formulas.tsv");
        let lines: Vec<&str> = formulas.lines().skip(1).collect();
        let formula = lines[pick.index(lines.len())].rsplit('\t').next().unwrap_or_default();
        let text = String::from_utf8_lossy(&apply(formula.as_bytes(), &edits)).into_owned();
        if let Err(e) = grouper_core::parse_formula(&text) {
            // Formula columns count bytes, as every MS-DRG table column does.
            prop_assert!(e.column() <= text.len() + 1, "{e:?} in {text:?}");
        }
    }

    #[test]
    fn mutated_claim_line_groups_or_gives_an_error_record(
        pick in any::<prop::sample::Index>(),
        edits in mutations(),
    ) {
        let line = &claim_lines()[pick.index(claim_lines().len())];
        let text = String::from_utf8_lossy(&apply(line.as_bytes(), &edits)).into_owned();
        for one in text.lines() {
            if let Err(e) = grouper_core::io::group_line(grouper(), one, 7) {
                prop_assert_eq!(e.line, 7);
            }
        }
    }

    #[test]
    fn mutated_pricing_line_prices_or_gives_an_error_record(
        pick in any::<prop::sample::Index>(),
        edits in mutations(),
    ) {
        let examples = example("price-claims.jsonl");
        let lines: Vec<&str> = examples.lines().filter(|l| !l.trim().is_empty()).collect();
        let line = lines[pick.index(lines.len())];
        let text = String::from_utf8_lossy(&apply(line.as_bytes(), &edits)).into_owned();
        let group = |v: &serde_json::Value| grouper_core::io::group_for_pricing(grouper(), v);
        for one in text.lines() {
            let _ = grouper_core::io::price_line(one, 1, pricing_context(), &group);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_csv_claims_read_and_group_or_give_error_records(edits in mutations()) {
        let bytes = apply(example("claims.csv").as_bytes(), &edits);
        let Ok(mut reader) = CsvClaimReader::with_max_line_bytes(&bytes[..], 4096) else {
            return Ok(());
        };
        let mut records = 0;
        while let Some(record) = reader.next_record() {
            records += 1;
            prop_assert!(records <= bytes.len() + 1, "more records than bytes");
            match record {
                Ok(Ok(record)) => {
                    let _ = grouper_core::io::group_line(grouper(), &record.text, record.line);
                }
                Ok(Err(_)) => {}
                Err(_) => break,
            }
        }
    }
}

/// The MS-DRG files small enough to load whole in a mutation case; the others are linked.
const SMALL_MSDRG_FILES: [&str; 9] = [
    "versions.tsv",
    "drg_formulas.tsv",
    "hac_formulas.tsv",
    "clusters.tsv",
    "cluster_map.tsv",
    "gender_mdcs.tsv",
    "drg_descriptions.tsv",
    "hac_descriptions.tsv",
    "mce_discharge_status.tsv",
];

/// A directory of the MS-DRG tables with `file` replaced by `bytes` (the others linked).
fn msdrg_dir(file: &str, bytes: &[u8]) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("drg-mutations-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for name in MSDRG_FILES {
        if *name == file {
            std::fs::write(dir.join(name), bytes).expect("write");
        } else {
            std::os::unix::fs::symlink(root().join("tables/msdrg").join(name), dir.join(name))
                .expect("link");
        }
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn mutated_msdrg_table_set_loads_or_gives_a_table_error(
        pick in any::<prop::sample::Index>(),
        edits in mutations(),
    ) {
        // The whole load, as `drg --tables DIR` does: rows, checks across files, every
        // version's formulas compiled.
        let file = SMALL_MSDRG_FILES[pick.index(SMALL_MSDRG_FILES.len())];
        let original = common::embedded_msdrg(file).as_bytes();
        let dir = msdrg_dir(file, &apply(original, &edits));
        let loaded = grouper_core::Grouper::load(&grouper_core::TableSource::Directory(dir.clone()));
        std::fs::remove_dir_all(&dir).ok();
        if let Err(e) = loaded {
            prop_assert!(e.to_string().len() < 1_000, "{e}");
        }
    }
}
