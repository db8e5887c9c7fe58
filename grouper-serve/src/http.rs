//! The HTTP layer: routes to the [`crate::api`] functions, the page's assets, bodies read
//! up to [`MAX_BODY_BYTES`], JSON errors for everything (413, 404, 405), one log line per
//! request that names the method, path and status but never claim data.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::api::{self, Reply, Workbench, MAX_BODY_BYTES};

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");
/// The page loads only its own assets: no CDN, no external network.
const CSP: &str = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.body).unwrap_or_default();
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    }
}

type Shared = State<Arc<Workbench>>;

/// Read the body up to the limit; over it, the 413 reply.
async fn read_body(body: Body) -> Result<axum::body::Bytes, Reply> {
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|e| {
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            let mut too_large = false;
            while let Some(c) = cause {
                too_large |= c.is::<http_body_util::LengthLimitError>();
                cause = c.source();
            }
            if too_large {
                let message = format!("the body is over {MAX_BODY_BYTES} bytes");
                Reply::error(413, "body_too_large", message, None)
            } else {
                Reply::error(
                    400,
                    "unreadable",
                    format!("cannot read the body: {e}"),
                    None,
                )
            }
        })
}

fn post_route(
    endpoint: fn(&Workbench, &[u8]) -> Reply,
) -> axum::routing::MethodRouter<Arc<Workbench>> {
    post(move |State(wb): Shared, body: Body| async move {
        match read_body(body).await {
            Ok(bytes) => endpoint(&wb, &bytes),
            Err(reply) => reply,
        }
    })
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        text,
    )
        .into_response()
}

/// The service's routes over a shared workbench; `log` prints one line per request on stderr.
pub fn router(workbench: Arc<Workbench>, log: bool) -> Router {
    let router = Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", PAGE) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
        .route("/group", post_route(api::group))
        .route("/price", post_route(api::price))
        .route("/explain", post_route(api::explain))
        .route("/whatif", post_route(api::whatif))
        .route("/impact", post_route(api::impact))
        .route("/edit", post_route(api::edit))
        .route(
            "/versions",
            get(|State(wb): Shared| async move { api::versions(&wb) }),
        )
        .route(
            "/tables",
            get(|State(wb): Shared| async move { api::tables(&wb) }),
        )
        .route(
            "/codes",
            get(
                |State(wb): Shared, Query(q): Query<HashMap<String, String>>| async move {
                    api::codes(&wb, &q)
                },
            ),
        )
        .route(
            "/providers",
            get(
                |State(wb): Shared, Query(q): Query<HashMap<String, String>>| async move {
                    api::providers(&wb, &q)
                },
            ),
        )
        .fallback(|method: Method, uri: axum::http::Uri| async move {
            Reply::error(
                404,
                "not_found",
                format!("no endpoint {method} {}", uri.path()),
                None,
            )
        })
        .method_not_allowed_fallback(|method: Method, uri: axum::http::Uri| async move {
            Reply::error(
                405,
                "method_not_allowed",
                format!("{} does not take {method}", uri.path()),
                None,
            )
        })
        .with_state(workbench);
    if log {
        router.layer(middleware::from_fn(log_request))
    } else {
        router
    }
}

/// One line per request: method, path (never the query string or the body, which can carry
/// claim data), status and time taken.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    eprintln!(
        "drg serve: {method} {path} {} {:.2} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1e3
    );
    response
}
