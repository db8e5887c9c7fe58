//! A bounded local load test: 1,000 concurrent `POST /group` requests, each on its own
//! connection, against one server. Every one must answer 200 with the library's DRG for its
//! claim. Requests/s and latency percentiles are printed (`--nocapture`), never asserted: the
//! machines are shared and noisy.

mod common;

use std::time::{Duration, Instant};

use grouper_core::io::{group_record, InputRecord, ReadOptions};
use serde_json::{json, Value};

const CONCURRENT: usize = 1000;

/// Claims of several shapes (medical, with CC/MCC, surgical), and the library's final DRG.
fn claims() -> Vec<(String, Value)> {
    let grouper = grouper_core::Grouper::embedded().expect("tables");
    let shapes = [
        (
            json!({"code": "I5023", "poa": "Y"}),
            json!([{"code": "N179", "poa": "Y"}]),
            json!([]),
        ),
        (json!({"code": "I5023", "poa": "Y"}), json!([]), json!([])),
        (
            json!({"code": "J189", "poa": "Y"}),
            json!([{"code": "J9601", "poa": "Y"}]),
            json!([]),
        ),
        (
            json!({"code": "K3580", "poa": "Y"}),
            json!([]),
            json!([{"code": "0DTJ4ZZ"}]),
        ),
        (
            json!({"code": "S72001A", "poa": "Y"}),
            json!([{"code": "E119", "poa": "Y"}]),
            json!([{"code": "0QS704Z"}]),
        ),
    ];
    (0..CONCURRENT)
        .map(|i| {
            let (pdx, sdx, procedures) = &shapes[i % shapes.len()];
            let claim = json!({"id": format!("load-{i}"), "version": 431, "age": 40 + i % 50,
                "sex": 1 + i % 2, "discharge_status": 1, "pdx": pdx, "sdx": sdx,
                "procedures": procedures});
            let text = claim.to_string();
            let expected = group_record(
                &grouper,
                None,
                &InputRecord::new(1, text.clone()),
                ReadOptions::default(),
            )
            .expect("groups")
            .result
            .final_
            .drg;
            (text, Value::from(expected))
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at]
}

#[test]
fn a_thousand_concurrent_group_requests_all_answer_with_the_library_drg() {
    let addr = common::server();
    let claims = claims();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let started = Instant::now();
    let outcomes = runtime.block_on(async {
        let tasks: Vec<_> = claims
            .into_iter()
            .map(|(claim, expected)| {
                tokio::spawn(async move {
                    let sent = Instant::now();
                    let answer = common::send(addr, "POST", "/group", claim.into_bytes()).await;
                    (answer, expected, sent.elapsed())
                })
            })
            .collect();
        let mut outcomes = Vec::with_capacity(tasks.len());
        for task in tasks {
            outcomes.push(task.await.expect("request task"));
        }
        outcomes
    });
    let wall = started.elapsed();
    let mut latencies = Vec::with_capacity(outcomes.len());
    let mut failures = Vec::new();
    for (answer, expected, latency) in &outcomes {
        latencies.push(*latency);
        if answer.status != 200 || answer.body["final_drg"] != *expected {
            failures.push(format!("{} {}", answer.status, answer.text));
        }
    }
    latencies.sort();
    println!(
        "{CONCURRENT} concurrent /group requests in {:.1} ms: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        wall.as_secs_f64() * 1e3,
        CONCURRENT as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
    assert_eq!(outcomes.len(), CONCURRENT);
    assert!(
        failures.is_empty(),
        "{} of {CONCURRENT} failed, first: {}",
        failures.len(),
        failures[0]
    );
}
