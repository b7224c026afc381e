//! sitrep's analyst workbench, served by the `sitrep` binary itself (`sitrep serve`): a REST API
//! under `/api/v1/` (documents, events, ledger rows, stories, actors, reviews, search, facets,
//! stats, and its own OpenAPI document), server-rendered HTML pages with SVG pictures (search,
//! ledger, transfer network, timeline, map, document view with highlighted evidence, actor
//! pages) and the review forms. Everything is offline: the JS and CSS are this crate's own
//! files, embedded with `include_str!`; no CDN, no tile server, no build step.
//!
//! This crate owns the HTTP surface only. The data stays behind [`sitrep_store::Store`]; store
//! calls block, so they run on tokio's blocking pool over a small pool of store connections
//! ([`pool`]). Ledger rows are `sitrep_ledger`'s fused rows over the store's claims table (the
//! rows `sitrep ledger` prints), which come through one seam, [`ledger::LedgerSource`], cached
//! while the store's generation stays the same.
//!
//! Security: read-only unless a write token is configured; tokens compared in constant time;
//! form posts need a login cookie, a CSRF token and a same-origin `Origin`; article text is
//! always escaped; bodies and request times are bounded.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub mod api;
mod auth;
pub mod error;
mod filters;
pub mod html;
pub mod ledger;
mod middleware;
pub mod openapi;
mod pages;
pub mod pool;
pub mod svg;

pub use error::ApiError;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// `--db` value (SQLite path, `postgres://…`, `:memory:`).
    pub db: String,
    /// Write token; `None` makes the server read-only.
    pub token: Option<String>,
    /// Store connections (1 for `:memory:`).
    pub connections: usize,
    /// Largest request body accepted, bytes.
    pub max_body: usize,
    /// Longest a request may take.
    pub timeout: Duration,
}

impl Config {
    /// Defaults for a database.
    pub fn new(db: impl Into<String>) -> Self {
        Self {
            db: db.into(),
            token: None,
            connections: 4,
            max_body: 64 * 1024,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Shared state of the handlers.
pub struct App {
    pub(crate) pool: pool::Pool,
    pub(crate) auth: auth::Auth,
    pub(crate) ledger: Box<dyn ledger::LedgerSource>,
    pub(crate) config: Config,
}

/// The state type handlers receive.
pub type AppState = Arc<App>;

impl App {
    /// Opens the store connections, and one more that only watches the store's generation
    /// for the ledger's cache (none for `:memory:`, which no second connection sees).
    pub fn open(config: Config) -> Result<Self, ApiError> {
        let n = if config.db == ":memory:" {
            1
        } else {
            config.connections.max(1)
        };
        let mut stores = Vec::with_capacity(n);
        for _ in 0..n {
            stores.push(sitrep_store::open(&config.db)?);
        }
        let mut watcher = None;
        if config.db != ":memory:" {
            let mut w = sitrep_store::open(&config.db)?;
            if w.generation()?.is_some() {
                watcher = Some(w);
            }
        }
        Ok(Self::with_watcher(config, stores, watcher))
    }

    /// Serves already opened stores (tests, an in-memory store filled by the caller); the
    /// ledger is not cached.
    pub fn with_stores(config: Config, stores: Vec<Box<dyn sitrep_store::Store>>) -> Self {
        Self::with_watcher(config, stores, None)
    }

    /// Serves `stores`, caching the ledger while `watcher`'s generation stays the same.
    pub fn with_watcher(
        config: Config,
        stores: Vec<Box<dyn sitrep_store::Store>>,
        watcher: Option<Box<dyn sitrep_store::Store>>,
    ) -> Self {
        Self {
            pool: pool::Pool::new(stores),
            auth: auth::Auth::new(config.token.as_deref()),
            ledger: Box::new(ledger::Cached::new(ledger::StoredClaims, watcher)),
            config,
        }
    }
}

/// The whole router: API, pages, static files, with limits, ETags and JSON errors.
pub fn router(app: App) -> axum::Router {
    router_of(Arc::new(app))
}

fn router_of(state: AppState) -> axum::Router {
    let timeout = state.config.timeout;
    let max_body = state.config.max_body;
    let mut r = axum::Router::new();
    for route in openapi::routes() {
        r = r.route(route.path, route.handler);
    }
    r.merge(pages::routes())
        .fallback(|| async { ApiError::from_status(axum::http::StatusCode::NOT_FOUND) })
        .with_state(state)
        .layer(axum::middleware::from_fn(middleware::etag))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .layer(axum::middleware::from_fn(middleware::json_errors))
}

/// Binds `addr` and serves until the process is stopped. `ready` gets the bound address
/// (useful with port 0).
pub async fn serve(
    app: App,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), std::io::Error> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let state: AppState = Arc::new(app);
    // Fill the ledger's cache now rather than on the first ledger request (over a large
    // store that takes longer than a request may).
    let warm = state.clone();
    tokio::task::spawn_blocking(move || {
        let _ = warm.pool.with(|s| warm.ledger.warm(s));
    });
    ready(listener.local_addr()?);
    axum::serve(listener, router_of(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Runs [`serve`] on a new multi-threaded runtime (for callers without one).
pub fn serve_blocking(
    app: App,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), std::io::Error> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(app, addr, ready))
}
