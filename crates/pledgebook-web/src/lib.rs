//! pledgebook's web server: the public pages, sign-in, and the JSON API.
//!
//! Pages are rendered on the server from compiled templates (askama) and
//! work without JavaScript. Every page exists in English and Japanese; the
//! language comes from `?lang=`, then the `pb_lang` cookie, then the
//! browser's `Accept-Language`. Everything the server knows lives in the
//! store, including sessions, so several instances can share one database.
//!
//! This crate handles HTTP only: it parses requests into core types, calls
//! `pledgebook_core::ops`, and renders what comes back.

mod api;
mod auth;
mod bars;
mod chart;
pub mod client;
mod cookies;
mod error;
mod forms;
#[cfg(test)]
mod fuzz;
mod i18n;
mod lang;
mod metrics;
mod page;
mod pages;
mod ratelimit;
pub mod reminders;
mod security;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use pledgebook_core::store::Store;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use auth::{hash_password, new_api_token, new_password};
pub use error::AppError;
pub use i18n::Catalog;

/// Settings the web layer needs; the CLI fills them from the configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served behind HTTPS).
    pub secure_cookies: bool,
    pub session_hours: i64,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Sign-in attempts allowed per address per minute.
    pub login_per_minute: u32,
    /// Pledges the public form accepts per address per hour.
    pub pledges_per_hour: u32,
    /// PDF reports one address may ask for per minute (each takes ~0.1 s of CPU).
    pub pdf_per_minute: u32,
    /// The font PDF reports are set in; `None`: Debian's fonts-ipaexfont.
    pub pdf_font: Option<std::path::PathBuf>,
    /// The publisher's IATI organisation identifier for IATI downloads.
    pub iati_publisher_ref: Option<String>,
    /// A request that has not produced its answer by then gets a 503: no
    /// request holds a worker and a connection for ever.
    pub request_timeout: std::time::Duration,
    /// Proxies whose `Forwarded` / `X-Forwarded-For` name the client (see [`client`]).
    pub trusted_proxies: client::TrustedProxies,
    /// API requests one account may make per minute.
    pub api_per_minute: u32,
    /// Where people reach the site, without a trailing `/`: the start of
    /// the links in e-mails (invitations, password resets).
    pub public_url: String,
    /// Days before a reporting round closes when those who have not
    /// reported are reminded, once.
    pub remind_days_before_close: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            session_hours: 12,
            max_body_bytes: 1024 * 1024,
            login_per_minute: 10,
            pledges_per_hour: 20,
            pdf_per_minute: 20,
            pdf_font: None,
            iati_publisher_ref: None,
            request_timeout: std::time::Duration::from_secs(30),
            trusted_proxies: client::TrustedProxies::default(),
            api_per_minute: 600,
            public_url: "http://127.0.0.1:8080".into(),
            remind_days_before_close: 7,
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// The full-text index; `None` serves the site without search.
    pub search: Option<Arc<pledgebook_search::SearchIndex>>,
    pub catalog: Arc<Catalog>,
    pub config: Arc<WebConfig>,
    pub limits: Arc<Limits>,
    /// The PDF fonts, read at the first PDF asked for; the error says what to install.
    pub pdf_fonts: Arc<std::sync::OnceLock<Result<pledgebook_publish::pdf::Fonts, String>>>,
    /// What `/metrics` reports.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    pub fn with_search(mut self, index: Arc<pledgebook_search::SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// Changes up to the change log's `head` the search index has still to
    /// apply; `None` without an index.
    pub(crate) fn search_behind(&self, head: i64) -> Option<i64> {
        self.search.as_ref().map(|index| (head - index.applied()).max(0))
    }
}

/// The rate limits, shared by all requests of this instance.
#[derive(Debug)]
pub struct Limits {
    pub login: ratelimit::RateLimit,
    pub pledges: ratelimit::RateLimit,
    pub pdf: ratelimit::RateLimit,
    /// API requests per account.
    pub api: ratelimit::RateLimit<i64>,
    /// One PDF is typeset at a time per instance; others wait their turn.
    pub pdf_typesetting: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        let limits = Limits {
            login: ratelimit::RateLimit::new(config.login_per_minute, std::time::Duration::from_secs(60)),
            pledges: ratelimit::RateLimit::new(config.pledges_per_hour, std::time::Duration::from_secs(3600)),
            pdf: ratelimit::RateLimit::new(config.pdf_per_minute, std::time::Duration::from_secs(60)),
            api: ratelimit::RateLimit::new(config.api_per_minute, std::time::Duration::from_secs(60)),
            pdf_typesetting: tokio::sync::Semaphore::new(1),
        };
        AppState {
            store,
            search: None,
            catalog: Arc::new(Catalog::load()),
            config: Arc::new(config),
            limits: Arc::new(limits),
            pdf_fonts: Arc::default(),
            metrics: Arc::default(),
        }
    }
}

/// All routes, with the layers every request passes through.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;
    let limited = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::metrics))
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .route("/api/openapi.json", get(openapi))
        .layer(RequestBodyLimitLayer::new(max_body));
    Router::new()
        .merge(limited)
        .merge(pages::upload_router())
        .route_layer(axum::middleware::from_fn(metrics::tag_route))
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::site_error_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), page::visitor_cookies))
        .layer(axum::middleware::from_fn(error::api_errors_as_json))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::observe))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let client = req.extensions().get::<client::ClientIp>().map(|c| c.0);
            let id = req.extensions().get::<client::RequestId>().map(|r| r.0);
            tracing::info_span!("request", id = ?id, method = %req.method(), uri = %req.uri(), client = ?client)
        }))
        .layer(axum::middleware::from_fn_with_state(state.clone(), client::remember))
        .with_state(state)
}

/// The API's OpenAPI description, generated once from the handlers and types.
async fn openapi() -> impl axum::response::IntoResponse {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ([(axum::http::header::CONTENT_TYPE, "application/json")], DOCUMENT.get_or_init(api::document).as_str())
}

/// How long `/healthz` waits for the store: a load balancer that asks
/// every few seconds must get an answer, not a hanging connection.
pub(crate) const HEALTH_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Answers 200 when the store can be read, 503 when it cannot or does not
/// answer within [`HEALTH_WAIT`]; says how many changes the search index
/// has still to apply (it catches up in the background after a start,
/// while the server already answers).
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> (axum::http::StatusCode, String) {
    let ask = async {
        let mut r = state.store.read().await.ok()?;
        r.last_seq().await.ok()
    };
    let head = tokio::time::timeout(HEALTH_WAIT, ask).await.ok().flatten();
    match head {
        Some(head) => {
            let search = match state.search_behind(head) {
                Some(behind) => format!("search: {behind} changes behind\n"),
                None => String::new(),
            };
            (axum::http::StatusCode::OK, format!("ok\n{search}"))
        }
        None => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n".into()),
    }
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
