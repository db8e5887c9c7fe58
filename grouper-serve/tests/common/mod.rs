//! A workbench served in-process on a real loopback socket, and a small HTTP client for it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use grouper_core::mce::Editor;
use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
use grouper_core::{CodeTitles, Grouper};
use grouper_serve::Workbench;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::Value;

/// A path from the workspace root.
pub fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// The workbench of the tests: embedded tables, the sample providers file, sample titles.
pub fn workbench() -> Workbench {
    let grouper = Grouper::embedded().expect("embedded MS-DRG tables");
    let providers =
        ProviderFile::load(repo_file("tables/ipps/ipsf-sample.csv")).expect("providers");
    let pricing = PricingContext {
        tables: PaymentTableSet::embedded().expect("embedded IPPS tables"),
        providers: Some(providers),
    };
    let editor = Editor::embedded().expect("MCE masters");
    let mut titles = CodeTitles::default();
    titles
        .load_order_file(&repo_file("grouper-serve/tests/data/order-sample.txt"))
        .expect("order file");
    Workbench::new(grouper, pricing, editor, titles, None)
}

/// One server for the whole test binary, on its own runtime thread; its address.
pub fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            // Ready before the address is known: no test's requests wait in the accept queue
            // while the tables load.
            let wb = Arc::new(workbench());
            wb.grouper().compile_all().expect("tables compile");
            runtime.block_on(async move {
                let addr = "127.0.0.1:0".parse().expect("address");
                let listener = grouper_serve::bind(addr).expect("bind");
                tx.send(listener.local_addr().expect("addr")).expect("send");
                grouper_serve::serve_on(listener, wb, false, std::future::pending())
                    .await
                    .expect("serve");
            });
        });
        rx.recv().expect("server address")
    })
}

/// A reply: status, headers' content type, body as JSON (or `Value::String` of a non-JSON body).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
    pub text: String,
}

/// Send one request on a new connection to `addr`.
pub async fn send(addr: SocketAddr, method: &str, path: &str, body: Vec<u8>) -> Answer {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let io = hyper_util::rt::TokioIo::new(stream);
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .expect("handshake");
    tokio::spawn(conn);
    let request = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string())
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    let response = sender.send_request(request).await.expect("response");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(text.clone()));
    Answer {
        status,
        content_type,
        body,
        text,
    }
}

/// Send one request from synchronous test code (a runtime of its own).
pub fn request(method: &str, path: &str, body: &str) -> Answer {
    request_bytes(method, path, body.as_bytes().to_vec())
}

/// Send raw bytes (not necessarily UTF-8).
pub fn request_bytes(method: &str, path: &str, body: Vec<u8>) -> Answer {
    let addr = server();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(send(addr, method, path, body))
}

pub fn post(path: &str, body: &str) -> Answer {
    request("POST", path, body)
}

pub fn get(path: &str) -> Answer {
    request("GET", path, "")
}

/// Heart failure with a CC (N179): DRG 292 under v43.0, priced at provider 990001.
pub const CLAIM: &str = r#"{"id":"c1","discharge_date":"2025-11-15","age":72,"sex":"F","discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179","poa":"Y"}],"length_of_stay":5,"total_charges":"25000","ccn":"990001"}"#;
