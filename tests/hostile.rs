//! Hostile input (issue 9): inputs built to crash the grouper, exhaust its time or memory, or
//! slip a broken table set past loading. Each test is named after what it pins.

mod common;

use common::{embedded_msdrg as embedded, table_dir, TableDir};
use grouper_core::{GroupError, Grouper, TableSet, MSDRG_FILES};

/// `file` with the last field (the formula) of line `line` (1-based) replaced by `formula`;
/// also the 1-based column where that formula starts.
fn with_formula(file: &str, line: usize, formula: &str) -> (String, usize) {
    let mut lines: Vec<String> = embedded(file).lines().map(str::to_string).collect();
    let target = &mut lines[line - 1];
    let start = target.rfind('\t').expect("a formula field") + 1;
    target.truncate(start);
    target.push_str(formula);
    (lines.join("\n") + "\n", start + 1)
}

/// The table error of version `version` compiled from `dir` (lazily, as `Grouper::new` does).
fn compile_error(dir: &TableDir, version: u16) -> String {
    let tables = TableSet::from_dir(dir.path()).expect("rows parse");
    let grouper = Grouper::new(tables).expect("grouper");
    match grouper.prepare(version) {
        Err(GroupError::Table(e)) => e.to_string(),
        Err(other) => panic!("expected a table error, got {other}"),
        Ok(()) => panic!("version {version} compiled"),
    }
}

#[test]
fn formula_nesting_10000_parentheses_is_a_positioned_error() {
    let formula = format!("{}ANYDX{}", "(".repeat(10_000), ")".repeat(10_000));
    let (text, column) = with_formula("drg_formulas.tsv", 3, &formula);
    let dir = table_dir("drg_formulas.tsv", &text);
    let message = compile_error(&dir, 400);
    // The 201st `(` is the first beyond the limit of 200 levels.
    let at = format!("drg_formulas.tsv:3:{}: ", column + 200);
    assert!(message.starts_with(&at), "{message}");
    assert!(message.contains("deeper than 200 levels"), "{message}");
    assert!(
        message.len() < 300,
        "the formula is not echoed whole: {message}"
    );
}

#[test]
fn hac_formula_of_100000_nots_is_a_positioned_error() {
    let formula = format!("{}SDX:HAC01", "~".repeat(100_000));
    let (text, column) = with_formula("hac_formulas.tsv", 2, &formula);
    let dir = table_dir("hac_formulas.tsv", &text);
    let message = compile_error(&dir, 400);
    let at = format!("hac_formulas.tsv:2:{}: ", column + 200);
    assert!(message.starts_with(&at), "{message}");
    assert!(
        message.len() < 300,
        "the formula is not echoed whole: {message}"
    );
}

#[test]
fn formula_at_the_depth_limit_groups() {
    // 200 levels are accepted, evaluated and marked on a test thread's stack: the first
    // DRG-assigning MDC 5 formula of v400 wrapped in `((` + 66 x `(~~` (a double negation).
    let lines: Vec<&str> = embedded("drg_formulas.tsv").lines().collect();
    let line = 1 + lines
        .iter()
        .position(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f[0] == "5" && f[1] == "400" && f[5] != "0" && !f[11].contains(['(', '~'])
        })
        .expect("an MDC 5 formula of v400");
    let original = lines[line - 1].rsplit('\t').next().unwrap();
    let deep = format!("(({}{original}{}", "(~~".repeat(66), ")".repeat(68));
    let (text, _) = with_formula("drg_formulas.tsv", line, &deep);
    let dir = table_dir("drg_formulas.tsv", &text);
    let deep_grouper =
        Grouper::new(TableSet::from_dir(dir.path()).expect("rows")).expect("grouper");
    deep_grouper.prepare(400).expect("200 levels compile");
    let claim = r#"{"id": "c1", "version": 400, "age": 72, "sex": 1, "discharge_status": 1,
        "pdx": {"code": "I5023", "poa": "Y"}, "sdx": [{"code": "N179", "poa": "Y"}],
        "procedures": [{"code": "02HV33Z"}]}"#
        .replace('\n', " ");
    let group = |g: &Grouper| {
        let result = grouper_core::io::group_line(g, &claim, 1).expect("groups");
        serde_json::to_string(&result).unwrap()
    };
    let plain = Grouper::embedded().unwrap();
    assert_eq!(group(&deep_grouper), group(&plain));
}

/// `rows` IPSF rows with distinct CCNs, built from the sample export.
fn ipsf_rows(rows: usize) -> String {
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/ipps/ipsf-sample.csv"),
    )
    .expect("sample");
    let mut lines = sample.lines().filter(|l| !l.trim().is_empty());
    let mut text = lines.next().expect("header").to_string() + "\n";
    let bodies: Vec<&str> = lines.map(|l| l.split_once(',').unwrap().1).collect();
    for i in 0..rows {
        text.push_str(&format!(
            "{:06},{}\n",
            100_000 + i,
            bodies[i % bodies.len()]
        ));
    }
    text
}

#[test]
fn provider_file_of_50000_rows_loads_in_linear_time() {
    // Positioning each field rescanned the text from its start: 51 s for 8,000 rows, hours for
    // 50,000. Now linear: well under a second in release builds.
    let text = ipsf_rows(50_000);
    let start = std::time::Instant::now();
    let file = grouper_core::payment::ProviderFile::parse("ipsf.csv", &text).expect("loads");
    let elapsed = start.elapsed();
    assert_eq!(file.len(), 50_000);
    assert!(elapsed.as_secs() < 10, "50,000 rows took {elapsed:?}");
}

#[test]
fn provider_file_error_is_positioned_after_many_rows() {
    // Incremental positions agree with a rescan: a bad value on the last line of a long file.
    let mut text = ipsf_rows(2_000);
    let bad = text.lines().nth(1).unwrap().replacen(",250,", ",x5,", 1);
    let column = bad.find(",x5,").unwrap() + 2;
    text.push_str(&bad.replacen("100000", "999999", 1));
    text.push('\n');
    let err = grouper_core::payment::ProviderFile::parse("ipsf.csv", &text).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("ipsf.csv:2002:{column}: ")),
        "{err}"
    );
}

/// A v431 claim with `n` procedures cycling through `codes`.
fn claim_with_procedures(codes: &[&str], n: usize) -> String {
    let procedures: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"code": "{}"}}"#, codes[i % codes.len()]))
        .collect();
    format!(
        r#"{{"id": "p", "version": 431, "age": 60, "sex": 0, "discharge_status": 1, "pdx": {{"code": "I5023", "poa": "Y"}}, "sdx": [{{"code": "N179", "poa": "Y"}}], "procedures": [{}]}}"#,
        procedures.join(", ")
    )
}

/// Every procedure code that fills a cluster choice in v431.
fn cluster_member_codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = Vec::new();
    for line in embedded("cluster_choices.tsv").lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (start, end): (u16, u16) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        if (start..=end).contains(&431) && !codes.contains(&f[4]) {
            codes.push(f[4]);
        }
    }
    codes
}

#[test]
fn claim_with_100000_cluster_procedures_groups_in_linear_time() {
    // The cluster search rescanned every procedure for every cluster of every procedure (246 s
    // for 100,000 copies of one cluster code). The JSON reader caps a claim at 1,000 codes; the
    // library groups any number, in linear time.
    let grouper = Grouper::embedded().unwrap();
    grouper.prepare(431).unwrap();
    let members = cluster_member_codes();
    for codes in [&members[..], &["00H00MZ"][..]] {
        let line = claim_with_procedures(codes, 10);
        let value = serde_json::from_str(&line).unwrap();
        let mut claim = grouper_core::io::claim_from_json(&value, &mut Vec::new()).expect("claim");
        claim.procedures = (0..100_000)
            .map(|i| grouper_core::ProcedureCode {
                code: codes[i % codes.len()].into(),
            })
            .collect();
        let start = std::time::Instant::now();
        let result = grouper.group(&claim).expect("groups");
        let elapsed = start.elapsed();
        assert_eq!(result.procedures.len(), 100_000);
        assert!(
            elapsed.as_secs() < 10,
            "100,000 procedures took {elapsed:?}"
        );
    }
}

#[test]
fn claim_with_more_than_1000_codes_is_an_error_record() {
    let grouper = Grouper::embedded().unwrap();
    let codes = cluster_member_codes();
    let at_cap = claim_with_procedures(&codes, 1_000);
    let record = grouper_core::io::InputRecord::new(1, at_cap);
    let options = grouper_core::io::ReadOptions::default();
    let read = grouper_core::io::group_record(&grouper, None, &record, options)
        .expect("1,000 codes are read");
    // Read, but only the 25 a CMS claim holds are grouped, with a warning.
    assert_eq!(read.result.procedures.len(), 25);
    assert_eq!(
        read.warnings[0].code,
        grouper_core::io::WarningKind::CodesBeyondCmsLimit
    );
    let over = claim_with_procedures(&codes, 1_001);
    let err = grouper_core::io::group_line(&grouper, &over, 7).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("procedures"));
    assert!(
        err.error
            .contains("1001 codes, more than the limit of 1000"),
        "{}",
        err.error
    );
    let sdx: Vec<String> = (0..1_001)
        .map(|_| r#"{"code": "N179"}"#.to_string())
        .collect();
    let over = format!(
        r#"{{"id": "s", "version": 431, "discharge_status": 1, "pdx": {{"code": "I5023"}}, "sdx": [{}]}}"#,
        sdx.join(",")
    );
    let err = grouper_core::io::group_line(&grouper, &over, 1).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("sdx"));
}

#[test]
fn huge_bad_claim_field_is_quoted_as_an_excerpt() {
    let grouper = Grouper::embedded().unwrap();
    let huge = "9".repeat(10_000);
    for field in ["discharge_date", "age", "hospital_status"] {
        // `version` would take precedence over `discharge_date`.
        let version = if field == "discharge_date" {
            ""
        } else {
            r#""version": 431, "#
        };
        let line =
            format!(r#"{{"id": "h", {version}"{field}": "{huge}x", "pdx": {{"code": "I5023"}}}}"#);
        let err = grouper_core::io::group_line(&grouper, &line, 1).unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field));
        assert!(err.error.len() < 300, "{field}: {}", err.error);
        assert!(err.error.contains("(10001 characters)"), "{}", err.error);
    }
}

#[test]
fn huge_bad_table_field_is_quoted_as_an_excerpt() {
    // A 1 MB MDC field in diagnoses.tsv used to be echoed whole to stderr.
    let mut lines: Vec<String> = embedded("diagnoses.tsv")
        .lines()
        .map(str::to_string)
        .collect();
    let mut fields: Vec<String> = lines[1].split('\t').map(str::to_string).collect();
    fields[3] = "x".repeat(1 << 20);
    lines[1] = fields.join("\t");
    let dir = table_dir("diagnoses.tsv", &(lines.join("\n") + "\n"));
    let message = match TableSet::from_dir(dir.path()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("loaded"),
    };
    assert!(message.starts_with("diagnoses.tsv:2:"), "{message}");
    assert!(message.len() < 300, "{} characters", message.len());
    // A huge header line, too.
    let text = format!("{}\n", "h".repeat(1 << 20));
    let dir = table_dir("versions.tsv", &text);
    let message = match TableSet::from_dir(dir.path()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("loaded"),
    };
    assert!(
        message.starts_with("versions.tsv:1:1: header is"),
        "{message}"
    );
    assert!(message.len() < 400, "{} characters", message.len());
}

#[test]
fn huge_bad_provider_value_is_quoted_as_an_excerpt() {
    let mut text = ipsf_rows(3);
    let bad = text.lines().nth(1).unwrap().replacen(
        ",250,",
        &format!(",{},", "7".repeat(100_000) + "x"),
        1,
    );
    text.push_str(&bad.replacen("100000", "999999", 1));
    text.push('\n');
    let err = grouper_core::payment::ProviderFile::parse("ipsf.csv", &text).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("ipsf.csv:5:"), "{message}");
    assert!(message.len() < 400, "{} characters", message.len());
}

/// The error of loading `dir` as `drg --tables DIR` does (every version compiled).
fn load_error(dir: &TableDir) -> String {
    let source = grouper_core::TableSource::Directory(dir.path().to_path_buf());
    match Grouper::load(&source) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the broken table set loaded"),
    }
}

/// The embedded `file` without the data lines for which `drop` is true.
fn without_lines(file: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut lines = embedded(file).lines();
    let mut text = lines.next().unwrap().to_string() + "\n";
    for line in lines.filter(|l| !drop(l)) {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn header_only_table_is_an_error_naming_the_file() {
    for file in MSDRG_FILES {
        let header = embedded(file).lines().next().unwrap().to_string() + "\n";
        let dir = table_dir(file, &header);
        let message = match TableSet::from_dir(dir.path()) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("header-only {file} loaded"),
        };
        assert!(
            message.starts_with(&format!("{file}: no data rows")),
            "{message}"
        );
    }
}

#[test]
fn table_without_rows_for_a_version_is_an_error() {
    // procedures.tsv without the rows that reach v44.0: every v440 claim would be medical.
    let text = without_lines("procedures.tsv", |l| l.split('\t').nth(2) == Some("440"));
    let dir = table_dir("procedures.tsv", &text);
    let message = load_error(&dir);
    assert_eq!(
        message,
        "procedures.tsv: no rows for version 440 (versions.tsv lists it)"
    );
}

#[test]
fn drg_formulas_cut_in_half_is_an_error() {
    // The file is sorted by MDC list: its first half ends inside MDC 12.
    let text = embedded("drg_formulas.tsv");
    let half: Vec<&str> = text.lines().take(text.lines().count() / 2).collect();
    let dir = table_dir("drg_formulas.tsv", &(half.join("\n") + "\n"));
    let message = load_error(&dir);
    assert!(
        message.starts_with("drg_formulas.tsv: no formulas of MDC list"),
        "{message}"
    );
}

#[test]
fn unknown_formula_word_is_a_positioned_error_at_load() {
    // Line 3 is `SDX:mccalive & INVALID_DSTAT`; a misspelt engine atom used to compile to
    // "never true".
    let (text, column) = with_formula("drg_formulas.tsv", 3, "SDX:mccalive & INVALID_DSTATE");
    let dir = table_dir("drg_formulas.tsv", &text);
    let message = load_error(&dir);
    let at = format!(
        "drg_formulas.tsv:3:{}: unknown formula word \"INVALID_DSTATE\"",
        column + 15
    );
    assert!(message.starts_with(&at), "{message}");
    // A scoped name no table defines, in a HAC formula.
    let (text, column) = with_formula("hac_formulas.tsv", 2, "SDX:HAC01 | PDX:nosuchlist");
    let dir = table_dir("hac_formulas.tsv", &text);
    let message = load_error(&dir);
    let at = format!(
        "hac_formulas.tsv:2:{}: unknown formula word \"nosuchlist\"",
        column + 12
    );
    assert!(message.starts_with(&at), "{message}");
}

#[test]
fn unknown_severity_suppression_attribute_is_a_positioned_error_at_load() {
    let lines: Vec<&str> = embedded("drg_formulas.tsv").lines().collect();
    let index = lines
        .iter()
        .position(|l| l.starts_with(|c: char| c.is_ascii_digit()) && !l.contains("\t-\t"))
        .expect("a formula with severity suppression");
    let mut fields: Vec<String> = lines[index].split('\t').map(str::to_string).collect();
    fields[10] = format!("{},nosuchattr", fields[10]);
    let column = fields[..10].iter().map(|f| f.len() + 1).sum::<usize>() + 1;
    let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    text[index] = fields.join("\t");
    let dir = table_dir("drg_formulas.tsv", &(text.join("\n") + "\n"));
    let message = load_error(&dir);
    let at = format!(
        "drg_formulas.tsv:{}:{column}: unknown severity-suppression",
        index + 1
    );
    assert!(message.starts_with(&at), "{message}");
}

#[test]
fn broken_formula_of_one_version_fails_directory_load() {
    // Formulas used to be compiled on a version's first claim: a broken v440 formula showed up
    // only as per-claim errors of v440 claims.
    let lines: Vec<&str> = embedded("drg_formulas.tsv").lines().collect();
    let line = 1 + lines
        .iter()
        .position(|l| l.starts_with("3\t440\t440\t"))
        .unwrap();
    let (text, column) = with_formula("drg_formulas.tsv", line, "(ANYDX");
    let dir = table_dir("drg_formulas.tsv", &text);
    let message = load_error(&dir);
    let at = format!(
        "drg_formulas.tsv:{line}:{}: cannot parse formula",
        column + 6
    );
    assert!(message.starts_with(&at), "{message}");
}

#[test]
fn every_embedded_version_compiles() {
    // The embedded tables are compiled lazily (start-up time): every version must compile.
    let grouper = Grouper::embedded().unwrap();
    assert_eq!(grouper.versions().len(), 9);
    grouper
        .compile_all()
        .expect("every embedded version compiles");
    for v in grouper.versions() {
        grouper.prepare(v.version).expect("compiled");
    }
}

#[test]
fn directory_copy_of_the_embedded_tables_loads_and_groups_alike() {
    let dir = table_dir("", "");
    let source = grouper_core::TableSource::Directory(dir.path().to_path_buf());
    let from_dir = Grouper::load(&source).expect("loads");
    let embedded = Grouper::embedded().unwrap();
    let claim = r#"{"id": "c1", "version": 440, "age": 72, "sex": 1, "discharge_status": 1, "pdx": {"code": "I5023", "poa": "Y"}, "sdx": [{"code": "N179", "poa": "Y"}], "procedures": [{"code": "02HV33Z"}]}"#;
    let group = |g: &Grouper| {
        serde_json::to_string(&grouper_core::io::group_line(g, claim, 1).unwrap()).unwrap()
    };
    assert_eq!(group(&from_dir), group(&embedded));
}

#[test]
fn numeric_ids_beyond_u64_are_echoed_as_written() {
    // Issue 9: an id of 30 digits came back as a float (1.2345678901234568e29).
    let grouper = Grouper::embedded().unwrap();
    for id in [
        "123456789012345678901234567890",
        "-7",
        "12.3400",
        "\"0042\"",
    ] {
        let line = format!(
            r#"{{"id": {id}, "version": 431, "age": 70, "sex": 1, "discharge_status": 1, "pdx": {{"code": "I5023"}}}}"#
        );
        let result = grouper_core::io::group_line(&grouper, &line, 1).expect("groups");
        let out = serde_json::to_string(&result).unwrap();
        assert!(out.starts_with(&format!("{{\"id\":{id},")), "{id}: {out}");
        let bad = line.replace(r#""version": 431"#, r#""version": "x""#);
        let error = grouper_core::io::group_line(&grouper, &bad, 1).unwrap_err();
        let out = serde_json::to_string(&error).unwrap();
        assert!(out.starts_with(&format!("{{\"id\":{id},")), "{id}: {out}");
    }
}

#[test]
fn pricing_type_errors_name_their_field() {
    // Issue 9: "claim: invalid type: null, expected a string" named no field.
    let ctx = grouper_core::payment::PricingContext {
        tables: grouper_core::payment::PaymentTableSet::embedded().unwrap(),
        providers: None,
    };
    let no_grouping = |_: &serde_json::Value| -> Result<grouper_core::io::GroupedDrg, String> {
        Err("not grouped".into())
    };
    let base = r#"{"id":"t","drg":291,"discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"1000","provider":{"providerType":"00","bedSize":150}}"#;
    for (from, to, field) in [
        (
            r#""discharge_date":"2026-03-01""#,
            r#""discharge_date":null"#,
            "discharge_date",
        ),
        (
            r#""length_of_stay":5"#,
            r#""length_of_stay":"five""#,
            "length_of_stay",
        ),
        (
            r#""total_charges":"1000""#,
            r#""total_charges":[1]"#,
            "total_charges",
        ),
        (r#""bedSize":150"#, r#""bedSize":[2]"#, "provider.bedSize"),
    ] {
        let line = base.replace(from, to);
        let error = grouper_core::io::price_line(&line, 3, &ctx, &no_grouping).unwrap_err();
        assert_eq!(
            error.record.field.as_deref(),
            Some(field),
            "{}",
            error.record.error
        );
        assert!(
            error.record.error.contains(&format!("`{field}`")),
            "{}",
            error.record.error
        );
    }
}
