//! `drg serve` as a user runs it: starts, prints where it listens, logs requests without claim
//! data, stops cleanly on SIGTERM, and refuses a bad start (port in use, broken titles file)
//! with exit 2.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{drg, repo_file, temp_dir};

/// A running `drg serve` on a free port, and the lines it printed on stderr.
struct Server {
    child: Child,
    addr: String,
    stderr: mpsc::Receiver<String>,
}

fn start(args: &[&str]) -> Server {
    let mut child = drg()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("drg serve starts");
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("a first line on stderr");
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    Server {
        child,
        addr,
        stderr: rx,
    }
}

/// One HTTP/1.1 request with `Connection: close`; the status and body.
fn request(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("request written");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Send SIGTERM to `child`.
fn terminate(child: &Child) {
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
}

fn stop(mut server: Server) -> (i32, Vec<String>) {
    terminate(&server.child);
    let status = server.child.wait().expect("drg serve ends");
    let lines: Vec<String> = server.stderr.try_iter().collect();
    (status.code().unwrap_or(-1), lines)
}

#[cfg(unix)]
#[test]
fn serve_answers_logs_no_claim_data_and_stops_on_sigterm() {
    let server = start(&[
        "--providers",
        repo_file("tables/ipps/ipsf-sample.csv").to_str().unwrap(),
    ]);
    let claim = r#"{"id":"PATIENT-7731","discharge_date":"2025-11-15","age":72,"sex":"F","discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179","poa":"Y"}],"length_of_stay":5,"total_charges":"25000","ccn":"990001"}"#;
    let (status, body) = request(&server.addr, "POST", "/group", claim);
    assert_eq!(status, 200, "{body}");
    let result: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(result["final_drg"], 292);
    let (status, body) = request(&server.addr, "POST", "/price", claim);
    assert_eq!(status, 200, "{body}");
    let (status, _) = request(&server.addr, "GET", "/codes?q=SECRETWORD", "");
    assert_eq!(status, 200);
    let (status, _) = request(&server.addr, "POST", "/group", "{\"id\": \"PATIENT-7731\"");
    assert_eq!(status, 400);

    let (code, lines) = stop(server);
    assert_eq!(code, 0, "{lines:?}");
    let log = lines.join("\n");
    assert!(log.contains("POST /group 200"), "{log}");
    assert!(log.contains("POST /price 200"), "{log}");
    assert!(log.contains("GET /codes 200"), "{log}");
    assert!(log.contains("POST /group 400"), "{log}");
    assert!(log.ends_with("drg serve: stopped"), "{log}");
    for secret in ["PATIENT-7731", "I5023", "N179", "SECRETWORD", "25000"] {
        assert!(
            !log.contains(secret),
            "the log shows claim data {secret}: {log}"
        );
    }
}

#[cfg(unix)]
#[test]
fn serve_quiet_logs_no_request() {
    let server = start(&["--quiet"]);
    let (status, _) = request(&server.addr, "GET", "/versions", "");
    assert_eq!(status, 200);
    let (code, lines) = stop(server);
    assert_eq!(code, 0);
    assert!(
        !lines.iter().any(|l| l.contains("GET /versions")),
        "{lines:?}"
    );
}

#[test]
fn serve_on_a_port_in_use_exits_2_naming_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = drg()
        .args(["serve", "--addr", &addr])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")),
        "{stderr}"
    );
}

#[test]
fn serve_with_a_broken_titles_file_exits_2_at_its_line() {
    let dir = temp_dir("serve-titles");
    let titles = dir.join("order.txt");
    std::fs::write(&titles, "00001 A00     0 Cholera\nnot an order line\n").expect("written");
    let out = drg()
        .args(["serve", "--code-titles", titles.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("order.txt:2:1"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn serve_finishes_a_request_in_flight_after_sigterm() {
    let server = start(&["--quiet"]);
    let claim = r#"{"id":"c1","version":431,"age":72,"sex":2,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179","poa":"Y"}]}"#;
    let (head, tail) = claim.split_at(claim.len() / 2);
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout set");
    // `Expect: 100-continue` makes the server say when its handler has started reading the
    // body, so the request is known to be in flight however slow the machine is.
    write!(
        stream,
        "POST /group HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n{head}",
        server.addr,
        claim.len()
    )
    .expect("first half written");
    stream.flush().expect("flushed");
    let mut interim = Vec::new();
    let mut byte = [0u8; 1];
    while !interim.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("interim response");
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&interim)
    );
    terminate(&server.child);
    // Shutdown has begun once the listener is closed: new connections are refused.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(&server.addr).is_ok() {
        assert!(std::time::Instant::now() < deadline, "still listening");
        std::thread::sleep(Duration::from_millis(20));
    }
    stream
        .write_all(tail.as_bytes())
        .expect("second half written");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#""final_drg":292"#), "{response}");
    let mut child = server.child;
    assert_eq!(child.wait().expect("ends").code(), Some(0));
    // New connections are refused once it has stopped.
    assert!(TcpStream::connect(&server.addr).is_err());
}

/// Regression: the signal handlers were installed only when the shutdown future was first
/// polled, after every version had compiled, so a SIGTERM in that window killed the process
/// by the default action (status "signal 15", requests in flight lost).
#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm_right_after_it_says_listening() {
    let server = start(&["--quiet"]);
    terminate(&server.child);
    let mut child = server.child;
    let status = child.wait().expect("ends");
    assert_eq!(status.code(), Some(0), "{status:?}");
}
