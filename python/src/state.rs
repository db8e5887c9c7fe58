//! What a process loads once and shares between calls: the grouper, the pricing contexts (one
//! per providers file) and the thread pools (one per size).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
use grouper_core::Grouper;
use rayon::ThreadPool;

/// Why the tables, a providers file or a thread pool could not be had.
#[derive(Debug, Clone)]
pub enum LoadError {
    /// The embedded tables failed to load (a broken build, not the caller's input).
    Tables(String),
    /// The caller's argument: a providers file that cannot be read, a thread count of 0.
    Argument(String),
}

/// The grouper over the embedded CMS tables, loaded on first use (each version is compiled
/// when a claim first needs it).
pub fn grouper() -> Result<&'static Grouper, LoadError> {
    static GROUPER: OnceLock<Result<Grouper, String>> = OnceLock::new();
    GROUPER
        .get_or_init(|| {
            Grouper::embedded().map_err(|e| format!("cannot load the MS-DRG tables: {e}"))
        })
        .as_ref()
        .map_err(|e| LoadError::Tables(e.clone()))
}

/// The pricing context of `providers` (the embedded IPPS tables and that file, or none):
/// loaded on the first call for that path, then shared. A file changed after its first load
/// is not read again in this process.
pub fn pricing(providers: Option<&Path>) -> Result<Arc<PricingContext>, LoadError> {
    static CONTEXTS: OnceLock<Mutex<HashMap<Option<PathBuf>, Arc<PricingContext>>>> =
        OnceLock::new();
    let contexts = CONTEXTS.get_or_init(Mutex::default);
    let mut contexts = contexts.lock().unwrap_or_else(PoisonError::into_inner);
    let key = providers.map(Path::to_path_buf);
    if let Some(ctx) = contexts.get(&key) {
        return Ok(ctx.clone());
    }
    let tables = PaymentTableSet::embedded()
        .map_err(|e| LoadError::Tables(format!("cannot load the IPPS tables: {e}")))?;
    let providers = providers
        .map(|path| {
            ProviderFile::load(path).map_err(|e| {
                LoadError::Argument(format!("cannot load providers {}: {e}", path.display()))
            })
        })
        .transpose()?;
    let ctx = Arc::new(PricingContext { tables, providers });
    contexts.insert(key, ctx.clone());
    Ok(ctx)
}

/// A pool of `threads` workers (default: one per core), built on first use of that size.
pub fn pool(threads: Option<usize>) -> Result<Arc<ThreadPool>, LoadError> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = OnceLock::new();
    let threads = match threads {
        Some(0) => return Err(LoadError::Argument("threads must be at least 1".into())),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let pools = POOLS.get_or_init(Mutex::default);
    let mut pools = pools.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(pool) = pools.get(&threads) {
        return Ok(pool.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("drg-grouper-{i}"))
        .build()
        .map_err(|e| LoadError::Argument(format!("cannot start {threads} threads: {e}")))?;
    let pool = Arc::new(pool);
    pools.insert(threads, pool.clone());
    Ok(pool)
}
