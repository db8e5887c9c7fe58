//! Grouping throughput on the golden claims (parsed once; JSON reading measured separately).

use std::io::{BufRead, BufReader};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use grouper_core::{Claim, Grouper};

fn golden_lines(version: &str) -> Vec<String> {
    let path = format!(
        "{}/tests/golden/claims-{version}.jsonl.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).expect("golden claims");
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("line"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let grouper = Grouper::embedded().expect("tables");
    let lines = golden_lines("431");
    let claims: Vec<Claim> = lines
        .iter()
        .map(|l| {
            grouper_core::io::claim_from_json(
                &serde_json::from_str(l).expect("json"),
                &mut Vec::new(),
            )
            .expect("claim")
        })
        .collect();
    grouper.prepare(431).expect("definitions");

    let mut group = c.benchmark_group("v431 golden claims");
    group.throughput(Throughput::Elements(claims.len() as u64));
    group.bench_function("group (parsed claims)", |b| {
        b.iter(|| {
            for claim in &claims {
                std::hint::black_box(grouper.group(claim).expect("groups"));
            }
        })
    });
    group.bench_function("group_line (JSON in, JSON out)", |b| {
        b.iter(|| {
            for (i, line) in lines.iter().enumerate() {
                let _ = std::hint::black_box(grouper_core::io::group_line(&grouper, line, i + 1));
            }
        })
    });
    group.finish();

    c.bench_function("load embedded tables + compile v431", |b| {
        b.iter(|| {
            let g = Grouper::embedded().expect("tables");
            g.prepare(431).expect("definitions");
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
