//! The real `drg` binary, run in a fresh temporary directory.

mod common;

use std::path::PathBuf;

use common::{drg, lines, repo_file, run_with_stdin, temp_dir};

const GOOD: &str = r#"{"id":"a","version":431,"age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179","poa":"Y"}],"procedures":[]}"#;
const DATED: &str = r#"{"id":"b","discharge_date":"2026-11-02","age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I50.23","poa":"Y"},"sdx":[],"procedures":[]}"#;
const BAD_TYPE: &str = r#"{"id":"c","version":431,"age":"old","pdx":{"code":"I5023"}}"#;
const BAD_JSON: &str = r#"{"id":"d","version":431,"#;

#[test]
fn groups_a_file_in_order_and_reports_bad_lines() {
    let dir = temp_dir("file");
    let input = dir.join("claims.jsonl");
    std::fs::write(
        &input,
        format!("{GOOD}\n{BAD_TYPE}\n\n{DATED}\n{BAD_JSON}\n"),
    )
    .unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["group", "claims.jsonl"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed line makes exit code 1"
    );
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 4, "one output line per claim line");
    assert_eq!(got[0]["id"], "a");
    assert_eq!(got[0]["final_drg"], 292);
    assert_eq!(got[1]["id"], "c");
    assert_eq!(got[1]["line"], 2);
    assert!(
        got[1]["error"].as_str().unwrap().contains("`age`"),
        "{}",
        got[1]
    );
    assert_eq!(got[2]["id"], "b");
    assert_eq!(got[2]["version"], 440, "2026-11-02 is in v44.0");
    assert_eq!(got[2]["pdx"]["code"], "I5023");
    assert_eq!(got[3]["line"], 5);
    assert!(got[3]["error"].as_str().unwrap().contains("not valid JSON"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("4 claims, 2 ok, 2 failed"), "{stderr}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn reads_stdin_and_writes_output_file() {
    let dir = temp_dir("stdin");
    let out = run_with_stdin(
        drg()
            .current_dir(&dir)
            .args(["group", "-", "--output", "out.jsonl"]),
        format!("{GOOD}\n{DATED}\n").as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let got = lines(&std::fs::read(dir.join("out.jsonl")).unwrap());
    assert_eq!(got.len(), 2);
    assert_eq!(got[1]["final_drg"], 293);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn missing_input_file_is_exit_2() {
    let dir = temp_dir("missing");
    let out = drg()
        .current_dir(&dir)
        .args(["group", "nope.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn lists_versions() {
    let out = drg().arg("versions").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("440\tMS-DRG v44.0\tFY2027"), "{text}");
    assert_eq!(text.lines().count(), 10);
}

#[test]
fn prices_claims_grouping_those_without_a_drg() {
    let out = drg()
        .args(["price"])
        .arg(repo_file("examples/price-claims.jsonl"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 2);
    // Grouped first (I5023 with N179 as CC: DRG 292), then priced.
    assert_eq!(got[0]["final_drg"], 292);
    assert_eq!(got[0]["drg"], 292);
    assert!(got[0]["total_payment"].as_str().unwrap().contains('.'));
    // PAYMENT.md section 13: DRG 291 given, charges 400,000: 24,865.03 with outlier (RTC 16).
    assert_eq!(got[1]["total_payment"], "24865.03");
    assert_eq!(got[1]["pricer_return_code"], "16");
}

#[test]
fn prices_by_ccn_from_a_providers_file_and_reports_missing_years() {
    let dir = temp_dir("price-ccn");
    let claims = [
        r#"{"id":"p1","drg":291,"ccn":"990001","discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"20000","discharge_status":1}"#,
        r#"{"id":"p2","drg":291,"ccn":"990001","discharge_date":"2026-11-01","length_of_stay":5,"total_charges":"20000","discharge_status":1}"#,
        r#"{"id":"p3","drg":291,"ccn":"123456","discharge_date":"2026-03-01","length_of_stay":5,"total_charges":"20000","discharge_status":1}"#,
    ];
    std::fs::write(dir.join("c.jsonl"), claims.join("\n")).unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["price", "c.jsonl", "--providers"])
        .arg(repo_file("tables/ipps/ipsf-sample.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 3);
    assert!(got[0]["total_payment"].is_string(), "{}", got[0]);
    // FY2027 is embedded only in part: a clear error naming what is missing, never FY2026 numbers.
    assert_eq!(got[1]["id"], "p2");
    assert!(got[1]["total_payment"].is_null());
    assert!(
        got[1]["error"].as_str().unwrap().contains("2027"),
        "{}",
        got[1]
    );
    assert_eq!(got[2]["id"], "p3");
    assert!(
        got[2]["error"].as_str().unwrap().contains("123456"),
        "{}",
        got[2]
    );
    std::fs::remove_dir_all(dir).ok();
}

/// `drg price` on a FY2027 discharge (embedded only in part) names each missing input and how
/// to supply it; with a provider special wage index and an overlay directory holding only a
/// fy-factors.csv threshold row, the same claim prices.
#[test]
fn price_names_missing_fy2027_inputs_then_prices_with_an_overlay() {
    let dir = temp_dir("price-fy2027");
    let provider = r#""providerType":"00","stateCode":"05","cbsaActualGeographicLocation":"41884","bedSize":150,"operatingCostToChargeRatio":"0.250","capitalCostToChargeRatio":"0.020","hospitalQualityIndicator":"1","hrrParticipantIndicator":"0","vbpParticipantIndicator":"N","capitalPpsPaymentCode":"C""#;
    let special = r#","specialPaymentIndicator":"1","specialWageIndex":"1.5000","effectiveDate":"2026-10-01""#;
    let claim = |id: &str, extra: &str| {
        format!(
            r#"{{"id":"{id}","drg":291,"discharge_date":"2026-11-15","length_of_stay":5,"total_charges":"45000","discharge_status":1,"provider":{{{provider}{extra}}}}}"#
        )
    };
    std::fs::write(dir.join("plain.jsonl"), claim("plain", "")).unwrap();
    std::fs::write(dir.join("special.jsonl"), claim("special", special)).unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["price", "plain.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out.stdout);
    let msg = got[0]["error"].as_str().unwrap_or_default();
    assert!(
        msg.contains("FY2027 tables lack cbsa-wage-index-2027.csv")
            && msg.contains(
                "load a directory holding cbsa-wage-index-2027.csv with --ipps-tables DIR, or give the provider a special wage index"
            )
            && msg.contains(
                "give a fy-factors.csv row for FY2027 fixed_loss_threshold in a --ipps-tables directory"
            ),
        "{msg}"
    );
    assert_eq!(got[0]["pricer_return_code"], "52");

    std::fs::create_dir_all(dir.join("fy2027")).unwrap();
    std::fs::write(
        dir.join("fy2027/fy-factors.csv"),
        "fiscal_year,factor,value,status,source\n2027,fixed_loss_threshold,51704.00,test,x\n",
    )
    .unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["price", "special.jsonl", "--ipps-tables", "fy2027"])
        .output()
        .unwrap();
    let got = lines(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", got[0]);
    assert!(got[0]["total_payment"].is_string(), "{}", got[0]);
    assert_eq!(got[0]["outlier_fixed_loss_threshold"], "51704.00");
    std::fs::remove_dir_all(dir).ok();
}

/// The keys of an error record, in order.
fn keys(v: &serde_json::Value) -> Vec<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn group_and_price_write_one_error_record_shape() {
    let dir = temp_dir("errors");
    std::fs::write(
        dir.join("claims.jsonl"),
        format!("{BAD_JSON}\n{BAD_TYPE}\n"),
    )
    .unwrap();
    let run = |command: &str| {
        let out = drg()
            .current_dir(&dir)
            .args([command, "claims.jsonl"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        lines(&out.stdout)
    };
    let group = run("group");
    let price = run("price");
    // An unreadable line: no id (not `"id": null`), the line, the error and its kind.
    assert_eq!(keys(&group[0]), ["line", "error", "error_kind"]);
    assert_eq!(keys(&price[0]), ["line", "error", "error_kind"]);
    assert_eq!(group[0]["error_kind"], "unreadable");
    assert_eq!(price[0]["error_kind"], "unreadable");
    // A readable line: its id first, then line and error, in both commands.
    assert_eq!(group[1]["id"], "c");
    assert_eq!(price[1]["id"], "c");
    assert_eq!(&keys(&group[1])[..3], ["id", "line", "error"]);
    assert_eq!(&keys(&price[1])[..3], ["id", "line", "error"]);
    // The grouper names the field at fault.
    assert_eq!(group[1]["field"], "age");
    assert_eq!(group[1]["error_kind"], "invalid_field");
    std::fs::remove_dir_all(dir).ok();
}

/// A copy of the embedded MS-DRG tables in `dir/tables`, with `file` passed through `edit`.
fn table_copy(dir: &std::path::Path, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).unwrap();
    for entry in std::fs::read_dir(repo_file("tables/msdrg")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".tsv") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(tables.join(&name), text).unwrap();
    }
    tables
}

#[test]
fn broken_table_directory_is_exit_2_at_start() {
    // A v44.0 formula with an unknown word: the run stops before reading any claim (it used
    // to group the v43.1 claim and fail only v44.0 claims).
    let dir = temp_dir("broken-tables");
    let tables = table_copy(&dir, "drg_formulas.tsv", |text| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("3\t440\t440\t"))
            .unwrap();
        lines[i] = format!("{} & NOSUCHWORD", lines[i]);
        lines.join("\n") + "\n"
    });
    let input = dir.join("claims.jsonl");
    std::fs::write(&input, format!("{GOOD}\n")).unwrap();
    let out = drg()
        .arg("--tables")
        .arg(&tables)
        .args(["group", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no claim is grouped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("drg_formulas.tsv:")
            && stderr.contains("unknown formula word \"NOSUCHWORD\""),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn over_long_line_is_one_error_record_and_the_run_goes_on() {
    let dir = temp_dir("long-line");
    let input = dir.join("claims.jsonl");
    let procedures: Vec<String> = (0..100_000)
        .map(|_| r#"{"code":"00H00MZ"}"#.to_string())
        .collect();
    let huge = format!(
        r#"{{"id":"huge","version":431,"discharge_status":1,"pdx":{{"code":"I5023"}},"procedures":[{}]}}"#,
        procedures.join(",")
    );
    std::fs::write(&input, format!("{GOOD}\n{huge}\n{GOOD}\n")).unwrap();
    let run = |extra: &[&str]| {
        drg()
            .args(extra)
            .args(["group", input.to_str().unwrap()])
            .output()
            .unwrap()
    };
    // The default limit (1 MiB) refuses the 2 MB line.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0]["final_drg"], 292);
    assert_eq!(got[1]["line"], 2);
    let error = got[1]["error"].as_str().unwrap();
    assert!(
        error.starts_with(&format!(
            "line 2: {} bytes, longer than the limit of 1048576 bytes",
            huge.len()
        )),
        "{error}"
    );
    assert_eq!(got[2]["final_drg"], 292);
    // A smaller limit, set on the command line, refuses the good lines too.
    let out = run(&["--max-line-bytes", "100"]);
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 3);
    assert!(got
        .iter()
        .all(|r| r["error"].as_str().unwrap().contains("limit of 100 bytes")));
    // A larger one lets the line through, to the codes-per-claim cap.
    let out = run(&["--max-line-bytes", "4000000"]);
    let got = lines(&out.stdout);
    assert_eq!(got[1]["field"], "procedures", "{}", got[1]);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn v44_claim_carries_its_fy2027_relative_weight() {
    // Issue 7: grouping output carries the final DRG's weight for the version's fiscal year,
    // FY2027 for v44.0 (embedded from CMS's FY2027 table even though that year is partial).
    let dir = temp_dir("weights");
    let claim =
        r#"{"id":"w","version":440,"sex":0,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"}}"#;
    std::fs::write(dir.join("c.jsonl"), claim).unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["group", "c.jsonl"])
        .output()
        .unwrap();
    let got = lines(&out.stdout);
    let drg = got[0]["final_drg"].as_u64().unwrap();
    let table =
        std::fs::read_to_string(repo_file("tables/ipps/fy2027/drgstable-2027.csv")).unwrap();
    let row: Vec<&str> = table
        .lines()
        .find(|l| l.starts_with(&format!("{drg:03},")))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(got[0]["weight_fiscal_year"], 2027);
    assert_eq!(got[0]["relative_weight"], row[2]);
    assert_eq!(got[0]["geometric_mean_los"], row[3]);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_extra_year_stops_the_run_at_start_with_exit_2() {
    // Issue 9: a broken table set fails at start with exit 2 and the file at fault, not claim
    // by claim (issue 7 had the claims of that year fail and the others price).
    let dir = temp_dir("bad-year");
    std::fs::create_dir_all(dir.join("fy2027")).unwrap();
    std::fs::write(
        dir.join("fy2027/ratex-2027.csv"),
        "this is not a ratex table\n",
    )
    .unwrap();
    let provider = r#""providerType":"00","stateCode":"05","cbsaActualGeographicLocation":"41884","bedSize":150,"operatingCostToChargeRatio":"0.250","capitalCostToChargeRatio":"0.020","hospitalQualityIndicator":"1","hrrParticipantIndicator":"0","vbpParticipantIndicator":"N","capitalPpsPaymentCode":"C""#;
    let claim = |id: &str, date: &str| {
        format!(
            r#"{{"id":"{id}","drg":291,"discharge_date":"{date}","length_of_stay":5,"total_charges":"45000","discharge_status":1,"provider":{{{provider}}}}}"#
        )
    };
    let input = format!(
        "{}\n{}\n",
        claim("y26", "2026-03-01"),
        claim("y27", "2026-11-15")
    );
    std::fs::write(dir.join("c.jsonl"), input).unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["price", "c.jsonl", "--ipps-tables", "fy2027"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ratex-2027.csv"), "{stderr}");
    assert!(out.stdout.is_empty(), "no claim is priced");
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn groups_a_csv_export_into_csv_rows() {
    // Issue 8 (part): a CSV export with the usual headers in, one CSV row per claim out.
    let dir = temp_dir("csv");
    let out = drg()
        .current_dir(&dir)
        .args(["group"])
        .arg(repo_file("examples/claims.csv"))
        .args(["--output-format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("id,line,version,final_drg,final_mdc,final_drg_title"));
    assert!(
        rows[1].starts_with("A1,2,430,292,5,Heart Failure and Shock with CC,CC"),
        "{}",
        rows[1]
    );
    assert!(rows[2].starts_with("A2,3,440,981,4,"), "{}", rows[2]);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn hostile_csv_gives_one_output_row_per_input_row() {
    // BOM, CRLF, a blank line, quoted fields holding `;` and `,`, a ragged row, a bad date,
    // an invalid code: every row yields one output row, and only an unreadable row fails.
    let dir = temp_dir("csv-hostile");
    let text = "\u{feff}id,discharge_date,sex,discharge_status,pdx,sdx\r\n\
        h1,2026-03-01,F,1,I5023,\"N179:Y;E119:Y\"\r\n\
        \r\n\
        h2,2026-03-01,M,1,\"I50,23\",\r\n\
        h3,2026-02-30,M,1,I5023,\r\n\
        h4,2026-03-01,M\r\n\
        h5,2026-03-01,M,1,ZZZZ,,extra\r\n";
    std::fs::write(dir.join("h.csv"), text).unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["group", "h.csv"])
        .output()
        .unwrap();
    let got = lines(&out.stdout);
    let ids: Vec<&str> = got.iter().map(|l| l["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["h1", "h2", "h3", "h4", "h5"], "{got:?}");
    assert_eq!(got[0]["final_drg"], 292, "{}", got[0]);
    assert!(
        got[2]["error"].as_str().unwrap().contains("discharge_date"),
        "{}",
        got[2]
    );
    assert_eq!(
        got[4]["final_drg"], 999,
        "invalid principal: a result, {}",
        got[4]
    );
    assert_eq!(out.status.code(), Some(1), "h3 could not be read");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn summary_reports_case_mix_index_and_payments() {
    // Issue 8 (part): the batch summary on stderr and as JSON.
    let dir = temp_dir("summary");
    let out = drg()
        .current_dir(&dir)
        .args(["price", "--summary", "s.json"])
        .arg(repo_file("examples/price-claims.jsonl"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("case-mix index"), "{stderr}");
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("s.json")).unwrap()).unwrap();
    assert_eq!(s["priced"], 2);
    // DRG 292 (0.8490) and 291 (1.2838): the weight sum is exact.
    assert_eq!(s["weight_sum"], "2.1328");
    let total: f64 = s["payment_sum"].as_str().unwrap().parse().unwrap();
    assert!(total > 0.0);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn output_naming_the_input_file_is_refused() {
    // Issue 8: `-o` naming the input file wiped it.
    let dir = temp_dir("same-file");
    std::fs::write(dir.join("c.jsonl"), format!("{GOOD}\n")).unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["group", "c.jsonl", "-o", "c.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("c.jsonl")).unwrap(),
        format!("{GOOD}\n")
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn output_is_identical_for_any_thread_count() {
    // Over two batches (io::BATCH_RECORDS is 4,096), mixing results, error records and blank
    // lines, so that reordering anywhere would show.
    let dir = temp_dir("threads");
    let mut input = String::new();
    for n in 0..9_000 {
        let claim = match n % 5 {
            0 => GOOD.replace(r#""id":"a""#, &format!(r#""id":"a{n}""#)),
            1 => DATED.replace(r#""id":"b""#, &format!(r#""id":"b{n}""#)),
            2 => BAD_TYPE.replace(r#""id":"c""#, &format!(r#""id":"c{n}""#)),
            3 => BAD_JSON.to_string(),
            _ => String::new(),
        };
        input.push_str(&claim);
        input.push('\n');
    }
    std::fs::write(dir.join("claims.jsonl"), input).unwrap();
    let run = |threads: &str, command: &str| {
        let summary = format!("summary-{command}-{threads}.json");
        let out = drg()
            .current_dir(&dir)
            .args([
                "--threads",
                threads,
                "--summary",
                &summary,
                command,
                "claims.jsonl",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "error records make exit code 1");
        let summary = std::fs::read(dir.join(summary)).unwrap();
        (out.stdout, out.stderr, summary)
    };
    for command in ["group", "price"] {
        let one = run("1", command);
        let got = lines(&one.0);
        assert_eq!(got.len(), 7_200, "one output line per non-blank line");
        let ids: Vec<String> = got
            .iter()
            .filter_map(|l| l["id"].as_str().map(str::to_string))
            .collect();
        let expected: Vec<String> = (0..9_000)
            .filter(|n| n % 5 < 3)
            .map(|n| format!("{}{n}", ["a", "b", "c"][n % 5]))
            .collect();
        assert_eq!(ids, expected, "{command}: input order");
        let numbers: Vec<u64> = got.iter().filter_map(|l| l["line"].as_u64()).collect();
        let expected: Vec<u64> = (0..9_000).filter(|n| n % 5 < 4).map(|n| n + 1).collect();
        assert_eq!(
            numbers, expected,
            "{command}: every record carries its input line"
        );
        for threads in ["2", "3"] {
            let other = run(threads, command);
            assert!(
                one.0 == other.0,
                "{command}: output differs with --threads {threads}"
            );
            assert_eq!(
                one.1, other.1,
                "{command}: stderr summary, --threads {threads}"
            );
            assert_eq!(
                one.2, other.2,
                "{command}: --summary file, --threads {threads}"
            );
        }
    }
}

#[test]
fn csv_crlf_and_blank_lines_keep_each_row_on_its_input_line() {
    // Regression: the csv crate's record position is where it started reading, before the
    // blank lines and the `\n` of a CRLF it skips, so rows were numbered one or more lines
    // early; blank lines vanished uncounted.
    let dir = temp_dir("csv-lines");
    std::fs::write(
        dir.join("claims.csv"),
        "account,age,sex,principal dx,discharge date\r\n\r\nA1,70,F,I5023,2026-03-01\r\n\r\n\r\n\
         \"A2\",70,F,\"I5023\",2026-03-01\n\"A3\nx\",70,F,I5023,2026-03-01\n\nA4,70,F,I5023,2026-03-01\n\n\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("claims.jsonl"),
        format!("\n{GOOD}\n\n  \n{GOOD}\n\n"),
    )
    .unwrap();
    for (file, lines_expected, blank) in [
        ("claims.csv", vec![3, 6, 7, 10], 6),
        ("claims.jsonl", vec![2, 5], 4),
    ] {
        let out = drg()
            .current_dir(&dir)
            .args(["--summary", "summary.json", "group", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}");
        let got: Vec<u64> = lines(&out.stdout)
            .iter()
            .map(|l| l["line"].as_u64().expect("line"))
            .collect();
        assert_eq!(got, lines_expected, "{file}");
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
        assert_eq!(summary["blank_lines"], blank, "{file}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!("blank lines skipped {blank}")),
            "{file}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn quiet_prints_nothing_and_no_progress_line_when_stderr_is_not_a_terminal() {
    let dir = temp_dir("quiet");
    std::fs::write(dir.join("claims.jsonl"), format!("{GOOD}\n{BAD_JSON}\n")).unwrap();
    let run = |quiet: bool| {
        let mut command = drg();
        command.current_dir(&dir);
        if quiet {
            command.arg("--quiet");
        }
        command
            .args(["--summary", "s.json", "group", "claims.jsonl"])
            .output()
            .unwrap()
    };
    let loud = run(false);
    let quiet = run(true);
    assert_eq!(loud.stdout, quiet.stdout, "--quiet changes stderr only");
    assert_eq!(
        quiet.status.code(),
        Some(1),
        "the exit code still says a line failed"
    );
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "", "--quiet");
    let loud_err = String::from_utf8_lossy(&loud.stderr);
    assert!(loud_err.contains("records 2, grouped 1"), "{loud_err}");
    assert!(
        !loud_err.contains('\r'),
        "no progress line off a terminal: {loud_err:?}"
    );
    assert!(
        dir.join("s.json").exists(),
        "--summary FILE is written under --quiet"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn examples_give_their_committed_outputs_byte_for_byte() {
    // CSV in/CSV out, JSON Lines in/out, pricing, the hostile CSV and --strict: each case of
    // examples/expected/cases.tsv (regenerated by scripts/make_examples.sh).
    let cases = std::fs::read_to_string(repo_file("examples/expected/cases.tsv")).unwrap();
    let mut checked = 0;
    for case in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut cols = case.split('\t');
        let (file, exit, args) = (
            cols.next().unwrap(),
            cols.next().unwrap(),
            cols.next().unwrap(),
        );
        let out = drg()
            .current_dir(repo_file(""))
            .arg("--quiet")
            .args(args.split(' '))
            .output()
            .unwrap();
        let want = std::fs::read(repo_file(&format!("examples/expected/{file}"))).unwrap();
        assert!(
            out.stdout == want,
            "{file}: output differs from the committed one (drg {args}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(out.status.code(), exit.parse().ok(), "{file}: exit code");
        assert!(
            out.stderr.is_empty(),
            "{file}: --quiet printed {:?}",
            out.stderr
        );
        checked += 1;
    }
    assert_eq!(checked, 17);
}

#[test]
fn hostile_csv_example_fails_only_its_unreadable_row() {
    let out = drg()
        .current_dir(repo_file(""))
        .args([
            "group",
            "examples/hostile.csv",
            "--summary",
            "/dev/stdout",
            "-q",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rows = text
        .lines()
        .filter(|l| l.starts_with("{\"id\"") || l.starts_with("{\"line\""));
    assert_eq!(rows.count(), 8, "one output record per input row: {text}");
    let summary_start = text.find("{\n").expect("the summary JSON");
    let summary: serde_json::Value = serde_json::from_str(&text[summary_start..]).unwrap();
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["failed_by_kind"]["invalid_field"], 1);
    assert_eq!(summary["blank_lines"], 1);
    assert_eq!(summary["warnings_by_kind"]["ragged_row"], 2);
    assert_eq!(summary["warnings_by_kind"]["byte_order_mark_stripped"], 1);
    assert_eq!(summary["passthrough_columns"], serde_json::json!(["payer"]));
    assert_eq!(summary["ungroupable"], 3);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn strict_turns_warnings_into_failed_records_and_exit_1() {
    let dir = temp_dir("strict");
    let no_age = GOOD.replace(r#""age":72,"#, "");
    std::fs::write(dir.join("c.jsonl"), format!("{GOOD}\n{no_age}\n")).unwrap();
    let run = |strict: bool| {
        let mut cmd = drg();
        cmd.current_dir(&dir).args(["group", "c.jsonl", "-q"]);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let lenient = run(false);
    assert_eq!(lenient.status.code(), Some(0));
    assert_eq!(
        lines(&lenient.stdout)[1]["warnings"][0]["code"],
        "missing_age"
    );
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let got = lines(&strict.stdout);
    assert_eq!(got[0]["final_drg"], 292);
    assert_eq!(got[1]["error_kind"], "strict");
    assert_eq!(got[1]["field"], "age");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn no_input_named_reads_piped_stdin_and_sniffs_csv() {
    let csv = std::fs::read(repo_file("examples/discharges.csv")).unwrap();
    let out = run_with_stdin(drg().args(["group", "-q"]), &csv);
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 8);
    assert_eq!(got[0]["id"], "A1001");
    assert_eq!(got[0]["passthrough"]["payer"], "Medicare");
}

#[test]
fn tables_lists_versions_years_and_fingerprints() {
    let out = drg().args(["tables", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let catalog: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        catalog["grouper_versions"].as_array().map(Vec::len),
        Some(9)
    );
    assert_eq!(catalog["msdrg_files"].as_array().map(Vec::len), Some(19));
    let years: Vec<&serde_json::Value> = catalog["payment_years"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let fy = |y: u64| {
        years
            .iter()
            .find(|v| v["fiscal_year"] == y)
            .copied()
            .unwrap()
    };
    assert_eq!(fy(2026)["complete"], true);
    assert_eq!(fy(2027)["complete"], false);
    assert!(fy(2027)["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "cbsa-wage-index-2027.csv"));
    // The fingerprint printed is the file's: recompute one.
    let versions = &catalog["msdrg_files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "versions.tsv")
        .unwrap()["bytes"];
    let on_disk = std::fs::metadata(repo_file("tables/msdrg/versions.tsv"))
        .unwrap()
        .len();
    assert_eq!(versions, on_disk);
    let text = drg().arg("tables").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("FY2027  partial"), "{text}");
    assert!(text.contains("sha256 "), "{text}");
}

#[test]
fn every_help_shows_an_example() {
    for command in [
        "group", "price", "explain", "whatif", "impact", "compare", "edit", "versions", "tables",
    ] {
        let out = drg().args([command, "--help"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Example"), "{command} --help: {text}");
        assert!(
            text.contains(&format!("drg {command}")),
            "{command} --help: {text}"
        );
    }
}

#[test]
fn full_disk_names_the_output_file_and_exits_2() {
    // Issue 9: a disk-full error named no path. /dev/full fails every write with ENOSPC.
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let out = drg()
        .current_dir(repo_file(""))
        .args(["group", "examples/discharges.csv", "-q", "-o", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write /dev/full"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line of message: {stderr}");
}

#[test]
fn dash_output_is_standard_output() {
    let dir = temp_dir("dash-out");
    let out = drg()
        .current_dir(&dir)
        .args(["group", "-q", "-o", "-", "--output-format", "csv"])
        .arg(repo_file("examples/discharges.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("id,line,version,final_drg"));
    assert!(!dir.join("-").exists(), "no file named -");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn group_edits_adds_the_mce_answer_to_each_result() {
    // A33 (tetanus neonatorum) on a 72-year-old: the MCE's age conflict, beside the DRG.
    let claim = r#"{"id":"e1","discharge_date":"2026-03-01","age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"A33","poa":"Y"}]}"#;
    let run = |args: &[&str]| {
        let out = run_with_stdin(drg().args(args), claim.as_bytes());
        assert_eq!(out.status.code(), Some(0));
        lines(&out.stdout).remove(0)
    };
    let with = run(&["group", "-q", "--edits"]);
    assert_eq!(
        with["edits"]["sdx"][0]["edits"][0], "AGE_CONFLICT",
        "{with}"
    );
    assert_ne!(with["edits"]["edit_type"], "NONE");
    let without = run(&["group", "-q"]);
    assert!(without.get("edits").is_none());
    assert_eq!(with["final_drg"], without["final_drg"]);
}

#[test]
fn price_edits_adds_the_mce_answer_beside_the_payment() {
    let out = drg()
        .current_dir(repo_file(""))
        .args(["price", "examples/discharges.csv", "-q", "--edits"])
        .args(["--providers", "tables/ipps/ipsf-sample.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 8);
    for line in &got {
        assert!(line["total_payment"].is_string(), "{line}");
        assert_eq!(line["edits"]["version_used"], 431, "{line}");
    }
}
