//! `drg serve`: a local coding workbench for inpatient coders and CDI specialists, a JSON API
//! and one page over `grouper-core`. Nothing here groups or prices: every answer is the
//! library's, in the library's types (the contract of the CLI's JSON Lines).
//!
//! - [`api`]: one function per endpoint, HTTP-free (body in, status and JSON out);
//! - [`http`]: axum routes, body limits, JSON errors, request logging without claim data;
//! - [`serve`]: binds, serves concurrent requests on a tokio runtime until Ctrl-C or SIGTERM,
//!   then finishes the requests in flight (graceful shutdown).
//!
//! The tables are loaded once, before the socket is bound, into one shared [`Workbench`].
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod http;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

pub use api::Workbench;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on (`127.0.0.1:8080` by default: this machine only).
    pub addr: SocketAddr,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Log one line per request on stderr (method, path, status, time; no claim data).
    pub log: bool,
}

/// Serve `workbench` on `listener` until `shutdown` completes, then let the requests in
/// flight finish. Every grouper version is compiled first, so that no request waits for a
/// compile (a request that did would hold a worker thread while connections queue).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    workbench: Arc<Workbench>,
    log: bool,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    workbench
        .grouper()
        .compile_all()
        .map_err(|e| std::io::Error::other(format!("cannot compile the MS-DRG tables: {e}")))?;
    axum::serve(listener, http::router(workbench, log))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Connections that may wait to be accepted (the kernel caps it at `net.core.somaxconn`). A
/// burst of a thousand connects overflows tokio's default of 1,024 and the dropped ones
/// retry a second later; measured with the load test.
pub const LISTEN_BACKLOG: u32 = 4096;

/// A listener on `addr` with a backlog of [`LISTEN_BACKLOG`].
pub fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Ctrl-C, or SIGTERM on Unix. The handlers are installed when this is called, not when the
/// future is first polled: a signal that arrived in between would take the default action and
/// kill the process with requests in flight (seen on a loaded machine).
fn stop_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// Run the service (blocking) until Ctrl-C or SIGTERM. Prints `listening on http://ADDR/` on
/// stderr once the socket is bound (with port 0, the port chosen), and `stopped` at the end.
pub fn serve(workbench: Workbench, options: &ServeOptions) -> std::io::Result<()> {
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if options.threads > 0 {
        runtime.worker_threads(options.threads);
    }
    let runtime = runtime.enable_all().build()?;
    runtime.block_on(async {
        let stop = stop_signal()?;
        let listener = bind(options.addr).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot listen on {}: {e}", options.addr))
        })?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "drg serve: warning: listening on {addr}, not loopback: other machines can send claims and read results"
            );
        }
        eprintln!("drg serve: listening on http://{addr}/ (Ctrl-C stops)");
        serve_on(listener, Arc::new(workbench), options.log, stop).await?;
        eprintln!("drg serve: stopped");
        Ok(())
    })
}
