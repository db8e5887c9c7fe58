//! Criterion benchmarks of the paths issue 12 names: load and compile one version and all
//! nine; group one claim (simple medical, surgical with clusters, heavy: 24 secondary diagnoses
//! and 25 procedures); group a corpus of parsed claims over all nine versions; a JSON line in
//! to a line out and a CSV row in to a row out (parse, group, serialise into a reused buffer);
//! price one parsed claim that carries its DRG; a `drg price` line in to a line out.

use std::io::{BufRead, BufReader};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use grouper_core::io::{CsvClaimReader, InputRecord, ReadOptions, RecordReader, Render};
use grouper_core::payment::{PaymentTableSet, PricingClaim, Provider};
use grouper_core::{Claim, Grouper};

const VERSIONS: [&str; 9] = [
    "400", "401", "410", "411", "420", "421", "430", "431", "440",
];

fn golden_lines(version: &str) -> Vec<String> {
    let path = format!(
        "{}/tests/golden/claims-{version}.jsonl.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).expect("golden claims");
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("line"))
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn parse(line: &str) -> Claim {
    let value = serde_json::from_str(line).expect("json");
    grouper_core::io::claim_from_json(&value, &mut Vec::new()).expect("claim")
}

fn grouper() -> Grouper {
    let grouper = Grouper::embedded().expect("tables");
    grouper.compile_all().expect("definitions");
    grouper
}

fn loading(c: &mut Criterion) {
    c.bench_function("load embedded tables + compile v431", |b| {
        b.iter(|| {
            let g = Grouper::embedded().expect("tables");
            g.prepare(431).expect("definitions");
        })
    });
    c.bench_function("load embedded tables + compile all nine versions", |b| {
        b.iter(grouper)
    });
}

const SIMPLE: &str = r#"{"id":"m","version":431,"age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179","poa":"Y"},{"code":"E119","poa":"Y"}]}"#;
const SURGICAL: &str = r#"{"id":"s","version":431,"age":60,"sex":0,"discharge_status":1,"pdx":{"code":"I2510","poa":"Y"},"sdx":[{"code":"I10","poa":"Y"}],"procedures":[{"code":"02100Z9"},{"code":"5A1221Z"},{"code":"02HV33Z"},{"code":"0JH606Z"},{"code":"02H63JZ"}]}"#;

/// 24 secondary diagnoses and 25 procedures from the golden claims of 431.
fn heavy() -> String {
    let mut sdx = Vec::new();
    let mut procs = Vec::new();
    for line in golden_lines("431") {
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        sdx.extend(v["sdx"].as_array().cloned().unwrap_or_default());
        procs.extend(v["procedures"].as_array().cloned().unwrap_or_default());
        if sdx.len() >= 24 && procs.len() >= 25 {
            break;
        }
    }
    sdx.truncate(24);
    procs.truncate(25);
    serde_json::json!({"id": "h", "version": 431, "age": 70, "sex": 1, "discharge_status": 1,
        "pdx": {"code": "A419", "poa": "Y"}, "sdx": sdx, "procedures": procs})
    .to_string()
}

fn one_claim(c: &mut Criterion) {
    let grouper = grouper();
    let heavy = heavy();
    let mut group = c.benchmark_group("group one claim");
    for (name, line) in [
        ("simple medical", SIMPLE),
        ("surgical with clusters", SURGICAL),
        ("heavy 24 sdx + 25 procedures", heavy.as_str()),
    ] {
        let claim = parse(line);
        group.bench_function(name, |b| b.iter(|| grouper.group(&claim).expect("groups")));
    }
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let grouper = grouper();
    let lines: Vec<String> = VERSIONS.iter().flat_map(|v| golden_lines(v)).collect();
    let claims: Vec<Claim> = lines.iter().map(|l| parse(l)).collect();
    let mut group = c.benchmark_group("golden corpus, nine versions");
    group.throughput(Throughput::Elements(claims.len() as u64));
    group.bench_function("engine: group parsed claims", |b| {
        b.iter(|| {
            for claim in &claims {
                std::hint::black_box(grouper.group(claim).expect("groups"));
            }
        })
    });
    let weights = PaymentTableSet::embedded().expect("IPPS tables");
    group.bench_function("JSON line in -> line out", |b| {
        let mut out = Vec::with_capacity(1 << 20);
        b.iter(|| {
            out.clear();
            for (i, line) in lines.iter().enumerate() {
                let record = InputRecord::new(i + 1, line.as_str());
                let result = grouper_core::io::group_record(
                    &grouper,
                    Some(&weights),
                    &record,
                    ReadOptions::default(),
                );
                match result {
                    Ok(r) => Render::JsonLine.render(&r, &mut out).expect("render"),
                    Err(e) => Render::JsonLine.render(&e, &mut out).expect("render"),
                }
            }
            std::hint::black_box(out.len())
        })
    });
    group.finish();
}

fn csv_rows(c: &mut Criterion) {
    let grouper = grouper();
    let weights = PaymentTableSet::embedded().expect("IPPS tables");
    let csv = std::fs::read_to_string(format!(
        "{}/examples/discharges.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("example CSV");
    let (header, rows) = csv.split_once('\n').expect("header");
    let body: String = rows
        .lines()
        .cycle()
        .take(1_000)
        .map(|l| format!("{l}\n"))
        .collect();
    let text = format!("{header}\n{body}");
    let render = Render::CsvRow(
        grouper_core::io::GROUP_COLUMNS,
        std::sync::Arc::from(Vec::new()),
    );
    let mut group = c.benchmark_group("CSV");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("CSV row in -> row out (1,000 rows)", |b| {
        let mut out = Vec::with_capacity(1 << 20);
        b.iter_batched(
            || CsvClaimReader::new(text.as_bytes()).expect("header"),
            |mut reader| {
                out.clear();
                while let Some(record) = reader.next_record() {
                    let record = record.expect("io").expect("row");
                    let r = grouper_core::io::group_record(
                        &grouper,
                        Some(&weights),
                        &record,
                        ReadOptions::default(),
                    )
                    .expect("groups");
                    render.render(&r, &mut out).expect("render");
                }
                std::hint::black_box(out.len())
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn pricing(c: &mut Criterion) {
    let tables = PaymentTableSet::embedded().expect("IPPS tables");
    let provider: Provider = serde_json::from_str(
        r#"{"providerType":"00","stateCode":"05","cbsaActualGeographicLocation":"41884","bedSize":250,
        "internsToBedsRatio":"0.12","supplementalSecurityIncomeRatio":"0.08","medicaidRatio":"0.16",
        "operatingCostToChargeRatio":"0.200","capitalCostToChargeRatio":"0.015",
        "capitalIndirectMedicalEducationRatio":"0.06","uncompensatedCareAmount":"650.00",
        "hospitalQualityIndicator":"1","hrrParticipantIndicator":"1","hrrAdjustment":"0.9960",
        "vbpParticipantIndicator":"Y","vbpAdjustment":"1.0040","hacReductionParticipantIndicator":"N",
        "capitalPpsPaymentCode":"C"}"#,
    )
    .expect("provider");
    let date = "2026-03-01".parse().expect("date");
    let mut claim = PricingClaim::new(date, 5, "45000".parse().expect("charges"));
    claim.discharge_status = Some("01".to_string());
    c.bench_function("price one parsed claim (DRG 291)", |b| {
        b.iter(|| grouper_core::payment::price(&claim, 291, &provider, &tables).expect("priced"))
    });
    price_lines(c, tables);
}

/// `drg price` lines that carry their DRG, read, priced and written into a reused buffer: the
/// provider inline, and by CCN from a providers file.
fn price_lines(c: &mut Criterion, tables: PaymentTableSet) {
    let examples = include_str!("../examples/price-claims.jsonl");
    let inline = examples.lines().nth(1).expect("the claim with its DRG");
    let provider_at = inline.find(r#""provider":"#).expect("provider");
    let provider = &inline[provider_at + 11..inline.len() - 1];
    let file = provider.replacen('{', r#"{"effectiveDate":"2025-10-01","#, 1);
    let by_ccn = format!(r#"{}"ccn":"990100"}}"#, &inline[..provider_at]);
    let ctx = grouper_core::payment::PricingContext {
        tables,
        providers: Some(
            grouper_core::payment::ProviderFile::parse("providers.jsonl", &file)
                .expect("providers"),
        ),
    };
    let no_grouping = |_: &serde_json::Value| -> Result<grouper_core::io::GroupedDrg, String> {
        Err("the claims carry their DRG".to_string())
    };
    let mut group = c.benchmark_group("price line in -> line out");
    group.throughput(Throughput::Elements(1));
    for (name, line) in [
        ("inline provider", inline),
        ("ccn, providers file", &by_ccn),
    ] {
        let record = InputRecord::new(1, line);
        let mut out = Vec::with_capacity(4096);
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                let outcome = grouper_core::io::price_record(
                    &record,
                    &ctx,
                    &no_grouping,
                    ReadOptions::default(),
                )
                .expect("priced");
                Render::JsonLine.render(&outcome, &mut out).expect("render");
                std::hint::black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(3));
    targets = loading, one_claim, corpus, csv_rows, pricing
}
criterion_main!(benches);
